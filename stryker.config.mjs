// @ts-check
/* global process -- read by StrykerJS in Node */
/**
 * Mutation testing (`npm run mutate`, see README › Development › Mutation testing).
 * StrykerJS 9.x: the 10.x line needs Node 22 and this project supports Node 20; the 9.6 vitest
 * runner supports vitest 4.
 */

/**
 * The four directories held to a 90% mutation score, each with the suites that state its
 * behaviour. `npm run mutate` runs Stryker once per area against those suites only, which keeps
 * each run's dry run and its per-test coverage small on two shared cores.
 */
export const mutationAreas = [
  { directory: 'catalog', tests: ['test/catalog.test.ts', 'test/catalog.hostile.test.ts', 'test/fuzz.catalog-calendar.test.ts'] },
  {
    directory: 'src/calendar',
    tests: [
      'test/calendar.estimate.test.ts',
      'test/calendar.plainDate.test.ts',
      'test/calendar.property.test.ts',
      'test/calendar.workCalendar.test.ts',
      'test/calendar.corrections.test.ts',
      'test/calendar.hostile.test.ts',
      'test/fuzz.catalog-calendar.test.ts',
    ],
  },
  {
    directory: 'machines',
    tests: [
      'test/machine.test.ts',
      'test/machine.fidelity.test.ts',
      'test/machine.notifications.test.ts',
      'test/machine.history.test.ts',
      'test/machine.deadlines.test.ts',
      'test/machine.model.test.ts',
      'test/machine.hostile.test.ts',
      'test/machine.dispatch.test.ts',
      'test/machine.opening.test.ts',
      'test/machine.reasons.test.ts',
      'test/machine.options.test.ts',
      'test/machine.selectors.test.ts',
      'test/machine.stepLimits.test.ts',
      'test/diagram.test.ts',
      // The Chinese refusals (reasonZh, messageZh) the machine gives.
      'test/messages.zh.test.ts',
      // 待办 (machines/_lib/duties.ts): its own suite, and the engine's inbox suites.
      'test/machine.duties.test.ts',
      // The opening and event rules at their edges, and the opening input's checks.
      'test/machine.rules.test.ts',
      // The reminders (预警) and some messages word for word.
      'test/machine.reminders.test.ts',
      'test/engine.inbox.test.ts',
      'test/engine.stepLimits.test.ts',
    ],
  },
  {
    directory: 'src/engine',
    tests: [
      'test/engine.test.ts',
      'test/engine.audit.test.ts',
      'test/engine.hostile.test.ts',
      'test/engine.persisted.test.ts',
      'test/engine.documents.test.ts',
      'test/engine.inbox.test.ts',
      'test/engine.inbox.property.test.ts',
      'test/engine.reminders.test.ts',
      'test/engine.stats.test.ts',
      'test/engine.mutation-*.test.ts',
      'test/store.conformance.test.ts',
      'test/http-example.test.ts',
    ],
  },
  // The statistics export (0.4.0), beyond the four directories: its own suite.
  { directory: 'src/export', tests: ['test/export.stats.test.ts'] },
  // The HTTP server (issue 13), in process through its Fetch handler: its own suite (with the fuzz
  // that finds no 500) and the mutation tests, the README's HTTP example and the React example's
  // server side. Not test/serve.process.test.ts: it serves from a child process, where no mutant
  // is switched on.
  {
    directory: 'src/server',
    tests: ['test/server.test.ts', 'test/server.mutation.test.ts', 'test/http-example.test.ts', 'test/ui.server.test.ts'],
  },
  // The 案卷 (dossier) and the document store, beyond the four directories.
  { directory: 'src/dossier', tests: ['test/dossier.test.ts'] },
  { directory: 'src/blobs', tests: ['test/blobs.test.ts', 'test/fuzz.blobs.test.ts', 'test/engine.documents.test.ts'] },
];

/**
 * Never mutated: type-only files (declarations, no code that runs). None of the four directories
 * holds generated data (the holiday data is read from chinese-days at run time).
 */
export const notMutated = ['machines/types.ts', 'catalog/types.ts', 'src/calendar/types.ts', 'src/engine/types.ts', 'src/blobs/types.ts'];

// scripts/mutate.ts passes one area (or a glob) through the environment, and its suites as
// MUTATE_TESTS, which vitest.stryker.config.ts reads (not Stryker's `testFiles`: with it,
// Stryker 9.6 switches static mutants on only after the modules have loaded, so they all
// survive). Run directly, Stryker mutates all four directories against every suite.
const selected = process.env.MUTATE ? process.env.MUTATE.split(',') : mutationAreas.map(({ directory }) => `${directory}/**/*.ts`);
const reportDir = process.env.MUTATE_REPORT_DIR ?? 'reports/mutation';

// The PostgreSQL halves of the store suites are left out of mutant runs (src/store is not
// mutated, and parallel runners would share one database): the conformance suite then runs the
// memory store only, which is what src/engine ships. Test runner processes inherit this.
delete process.env.DATABASE_URL;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  packageManager: 'npm',
  // The vitest runner, counting a mutant that makes a test file fail before its tests (an import
  // that throws, a failing `beforeAll`) as killed, not survived (scripts/_lib/checkedVitestRunner.mjs).
  testRunner: 'vitest-checked',
  // `related: false`: each mutant runs exactly the tests that covered it in the dry run. With
  // vitest's related mode (the runner's default) a test file also had to import the mutated file
  // by a path vite's module graph can follow, re-walked for every mutant.
  vitest: { configFile: 'vitest.stryker.config.ts', related: false },
  coverageAnalysis: 'perTest',
  // Static mutants (in code that runs when a module loads: the catalog's data, the machine's
  // definition, module constants) run every suite of the area each, which multiplies a run's time:
  // left out (reported as Ignored, not in the score) unless MUTATE_STATIC=1. A mutant that tests
  // also reach at run time is still tested against them. (They were once thought impossible to
  // switch on under vitest 4: those that make an import throw were reported as survivors, which
  // the vitest-checked runner fixes.)
  ignoreStatic: process.env.MUTATE_STATIC !== '1',
  mutate: [...selected, ...notMutated.map((file) => `!${file}`)],
  // Two cores are shared with other jobs: never more than two test runner processes.
  concurrency: 2,
  timeoutMS: 10_000,
  plugins: ['@stryker-mutator/*', './scripts/_lib/survivorStream.mjs', './scripts/_lib/checkedVitestRunner.mjs'],
  reporters: ['clear-text', 'progress', 'html', 'json', 'survivor-stream'],
  htmlReporter: { fileName: `${reportDir}/index.html` },
  jsonReporter: { fileName: `${reportDir}/mutation.json` },
  // One incremental file per area, committed (mutation/<area>.incremental.json): scripts/mutate.ts
  // runs every area run incrementally, so runs of a few files at a time add up to the area's
  // score and re-test only the mutants whose code or covering tests changed.
  incrementalFile: process.env.MUTATE_INCREMENTAL_FILE ?? `${reportDir}/stryker-incremental.json`,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 95, low: 90, break: 90 },
};

export default config;
