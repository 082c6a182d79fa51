import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base, { suitesOutsideLibrary } from './vitest.config.js';

// Slow suites run last: Stryker stops a mutant's run at its first failing test, so a mutant the
// quick suites kill never waits for these.
const slowSuites = ['machine.model', 'store.conformance', 'engine.audit', 'engine.inbox.property', 'calendar.property'];

class QuickSuitesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => slowSuites.findIndex((name) => file.moduleId.endsWith(`/test/${name}.test.ts`));
    return [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

/**
 * The suites Stryker runs against each mutant (`npm run mutate`). Left out: suites that cannot
 * see a mutant, because they run the code in another process, which Stryker does not switch
 * (the browser e2e suite, the benchmark, the demo script, the built calendar, the CLI, the
 * dependency check, the database script), or that test the tooling (the README doc test); the
 * PostgreSQL store's suite (it needs DATABASE_URL and tests `src/store`, which is not mutated);
 * and the chinese-days cross-check, which runs chinese-days in six child processes on every run
 * (far too slow to repeat per mutant; the property suite checks the same answers against a
 * day-by-day reference in-process). Type tests run in `npm test`.
 */
const config = mergeConfig(
  // One project, not the base config's four. With them (`extends: true`), each project's
  // `include` was the root's plus its own: MUTATE_TESTS narrowed nothing, the `library` project
  // ran every suite (and the type tests), and the three others ran the area's suites again.
  { ...base, test: { ...base.test, projects: undefined } },
  defineConfig({
    test: {
      exclude: [
        ...configDefaults.exclude,
        ...suitesOutsideLibrary,
        'test/ui.e2e.test.ts',
        'test/bench.test.ts',
        'test/demo.test.ts',
        'test/calendar.dist.test.ts',
        'test/cli.test.ts',
        'test/ci.checkDependencies.test.ts',
        'test/scripts.db.test.ts',
        'test/doctest.test.ts',
        'test/store.postgres.test.ts',
        'test/calendar.crossCheck.test.ts',
      ],
      include: ['test/**/*.test.ts'],
      typecheck: { enabled: false },
      // Instrumented code counts every branch it takes: the sweeping tests (every day from 1600 to
      // 2400) run several times slower than in `npm test`.
      testTimeout: 60_000,
      sequence: { sequencer: QuickSuitesFirst },
    },
  }),
);

// One area's suites (scripts/mutate.ts), else every suite. Set after merging: mergeConfig would
// append to the base config's include instead of replacing it.
if (process.env.MUTATE_TESTS) config.test!.include = process.env.MUTATE_TESTS.split(',');

export default config;
