import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Examples and tests import the package by its published name; run them against the source.
    alias: [
      { find: /^linked-enforcement\/catalog$/, replacement: source('./src/catalog.ts') },
      { find: /^linked-enforcement\/calendar$/, replacement: source('./src/calendar/index.ts') },
      { find: /^linked-enforcement$/, replacement: source('./src/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
