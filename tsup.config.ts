import { join } from 'node:path';
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
      cli: 'src/cli/main.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    target: 'node20',
    splitting: true,
    treeshake: true,
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
