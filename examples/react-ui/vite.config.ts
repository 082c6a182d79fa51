import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { linkedEnforcementAliases } from './viteAliases.js';

// `npx vite examples/react-ui` serves the page; `npx vite build examples/react-ui` writes dist/.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  resolve: { alias: linkedEnforcementAliases },
  // React, XState, zod and the holiday data make one ~500 kB chunk (~150 kB gzipped).
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 800 },
});
