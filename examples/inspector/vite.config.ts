import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { linkedEnforcementAliases } from '../react-ui/viteAliases.js';

// `npx vite examples/inspector` serves the page that opens Stately's browser inspector.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { alias: linkedEnforcementAliases },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 800 },
});
