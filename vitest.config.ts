import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The URL of the server `npm run db:start` left running (scripts/db.sh), while it runs; an exported
 * DATABASE_URL wins. Without either, the PostgreSQL suites say they are skipped.
 */
function startedDatabaseUrl(): string | undefined {
  const [urlFile, serverFile] = [source('./.tmp/database-url'), source('./.tmp/db-server')];
  if (!existsSync(urlFile) || !existsSync(serverFile)) return undefined;
  const running = existsSync(`${readFileSync(serverFile, 'utf8').trim()}/data/postmaster.pid`);
  return running ? readFileSync(urlFile, 'utf8').trim() : undefined;
}
const databaseUrl = process.env.DATABASE_URL ?? startedDatabaseUrl();
const faultSuite = 'test/faults.postgres.test.ts';
/** Suites that start processes or the embedded PostgreSQL: run once, after the library's. */
const processSuites = ['test/serve.process.test.ts'];
/**
 * Chromium: the 案卷 printed to PDF and the React example driven through a whole case. Once per CI
 * run, not under each TZ (.ci/run): the page's Beijing times are checked under every TZ by the
 * library project's suites (test/ui.*.test.ts, test/dossier.test.ts).
 */
const browserSuites = ['test/dossier.pdf.test.ts', 'test/ui.e2e.test.ts'];
/** The suites outside the `library` project (vitest.stryker.config.ts leaves them out of mutant runs). */
export const suitesOutsideLibrary = [faultSuite, ...browserSuites, ...processSuites];

export default defineConfig({
  resolve: {
    // Examples and tests import the package by its published name; run them against the source.
    alias: [
      { find: /^linked-enforcement\/catalog$/, replacement: source('./src/catalog.ts') },
      { find: /^linked-enforcement\/calendar$/, replacement: source('./src/calendar/index.ts') },
      { find: /^linked-enforcement\/export$/, replacement: source('./src/export/index.ts') },
      { find: /^linked-enforcement\/server$/, replacement: source('./src/server/index.ts') },
      { find: /^linked-enforcement\/store\/postgres$/, replacement: source('./src/store/postgres/index.ts') },
      { find: /^linked-enforcement$/, replacement: source('./src/index.ts') },
    ],
  },
  test: {
    env: databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl },
    projects: [
      {
        extends: true,
        test: {
          name: 'library',
          include: ['test/**/*.test.ts'],
          exclude: [faultSuite, ...browserSuites, ...processSuites],
          typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
          sequence: { groupOrder: 0 },
        },
      },
      {
        // The fault suite runs its writer processes and a server of its own: after everything
        // else, alone, so that it neither slows the other suites down nor is slowed by them.
        extends: true,
        test: { name: 'faults', include: [faultSuite], sequence: { groupOrder: 3 } },
      },
      {
        // A browser: after the library's suites (it would slow them), before the processes and the faults.
        extends: true,
        test: { name: 'browser', include: browserSuites, sequence: { groupOrder: 1 } },
      },
      {
        // The built CLI's `serve` in processes of its own, on PGlite: once, like the fault suite.
        extends: true,
        test: { name: 'processes', include: processSuites, sequence: { groupOrder: 2 } },
      },
    ],
  },
});
