import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

/**
 * The browser build takes `*.browser.ts` twins of the few modules that reach for Node (the
 * calendar's run-time `require` of chinese-days), so a web UI can import the package as is.
 */
const browserTwins: Plugin = {
  name: 'browser-twins',
  setup(build) {
    build.onResolve({ filter: /\/chineseDays\.js$/ }, (args) => ({ path: join(args.resolveDir, 'chineseDays.browser.ts') }));
  },
};

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      catalog: 'src/catalog.ts',
      calendar: 'src/calendar/index.ts',
      'store/postgres': 'src/store/postgres/index.ts',
      'store/files': 'src/store/files/index.ts',
      schemas: 'src/schemas/index.ts',
      server: 'src/server/index.ts',
      export: 'src/export/index.ts',
      cli: 'src/cli/main.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    target: 'node20',
    splitting: true,
    treeshake: true,
    // The JSON Schema documents as files too (`linked-enforcement/schemas/<name>.schema.json`), for teams that read no JavaScript.
    onSuccess: async () => cpSync('src/schemas/json', 'dist/schemas', { recursive: true }),
    esbuildOptions(options, { format }) {
      if (format !== 'cjs') return;
      // CommonJS has no import.meta: give it the module's own URL (tsup's `shims` would build it
      // with `new URL('file:' + __filename)`, wrong for paths with '#' or '%', and would consult a
      // global `document` first, which test DOMs define).
      options.define = { ...options.define, 'import.meta.url': 'importMetaUrl' };
      options.inject = [...(options.inject ?? []), fileURLToPath(new URL('src/_lib/cjsImportMetaUrl.ts', import.meta.url))];
    },
  },
  {
    entry: {
      index: 'src/index.ts',
      catalog: 'src/catalog.ts',
      calendar: 'src/calendar/index.ts',
    },
    outDir: 'dist/browser',
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    dts: false,
    splitting: true,
    treeshake: true,
    esbuildPlugins: [browserTwins],
  },
]);
