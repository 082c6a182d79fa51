// @ts-check
/* global process -- read by StrykerJS in Node */
/**
 * Mutation testing (`npm run mutate`, see README › Development › Mutation testing).
 * StrykerJS 9.x: the 10.x line needs Node 22 and this project supports Node 20; the 9.6 vitest
 * runner supports vitest 4.
 */

/** What is mutated by default: the four directories whose tests issue 15 holds to 90%. */
export const mutatedDirectories = ['machines', 'src/calendar', 'src/engine', 'catalog'];

/**
 * Never mutated: type-only files (they hold no code that runs, only declarations).
 * None of the four directories holds generated data; holiday data comes from chinese-days.
 */
export const notMutated = ['machines/types.ts', 'catalog/types.ts', 'src/calendar/types.ts', 'src/engine/types.ts'];

// `npm run mutate -- <dir or glob>…` passes its selection here (scripts/mutate.ts).
const selected = process.env.MUTATE ? process.env.MUTATE.split(',') : mutatedDirectories.map((dir) => `${dir}/**/*.ts`);

// The PostgreSQL halves of the store suites are left out of mutant runs (src/store is not
// mutated, and parallel runners would share one database): the conformance suite then runs the
// memory store only, which is what src/engine ships. Test runner processes inherit this.
delete process.env.DATABASE_URL;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: [...selected, ...notMutated.map((file) => `!${file}`)],
  // Two cores are shared with other jobs: never more than two test runner processes.
  concurrency: 2,
  timeoutMS: 10_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 95, low: 90, break: 90 },
};

export default config;
