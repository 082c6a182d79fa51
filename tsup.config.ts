import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    catalog: 'src/catalog.ts',
    calendar: 'src/calendar/index.ts',
    'store/postgres': 'src/store/postgres/index.ts',
    cli: 'src/cli/main.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node20',
  splitting: true,
  treeshake: true,
});
