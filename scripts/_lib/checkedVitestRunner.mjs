// @ts-check
/**
 * StrykerJS's vitest runner (9.6.1), with a mutant run that failed a test file counted as killed.
 *
 * The runner scores a mutant from the tests that reported a result. A test file that fails before
 * its tests run (its import throws, or a `beforeAll` does) reports none: vitest prints "Test Files
 * 1 failed" and exits with an error, yet the runner saw no failing test, so the mutant "survived"
 * with no test run. That is how every static mutant that makes a module throw on import (an empty
 * unit name in Siyang's catalog, which `defineCatalog` refuses) was reported as a survivor.
 *
 * This runner asks vitest which files failed after each survived run: a failed file kills the
 * mutant; a run in which no test ran is an error (it measured nothing: a runtime error in
 * the report, outside the score), never a survivor. `stryker.config.mjs` selects it as `testRunner: 'vitest-checked'`;
 * its `vitest` options are the vitest runner's.
 */
import { commonTokens, declareFactoryPlugin, PluginKind, tokens } from '@stryker-mutator/api/plugin';
import { DryRunStatus, MutantRunStatus } from '@stryker-mutator/api/test-runner';
import { strykerPlugins as vitestPlugins } from '@stryker-mutator/vitest-runner';

/** @typedef {import('@stryker-mutator/api/test-runner').TestRunner} TestRunner */
/** @typedef {{ name: string; filepath?: string; result?: { state?: string; errors?: { message?: string }[] } }} FileTask */
/** @typedef {TestRunner & { ctx?: { state: { getFiles(): FileTask[] } } }} VitestRunner */

const vitestPlugin = vitestPlugins.find((plugin) => plugin.name === 'vitest');
if (vitestPlugin === undefined || !('factory' in vitestPlugin)) throw new Error('@stryker-mutator/vitest-runner no longer declares its "vitest" factory plugin');
const createVitestRunner = vitestPlugin.factory;

/** The test files vitest reports failed in the last run, with the first error of each. @param {VitestRunner} runner */
function failedFiles(runner) {
  return (runner.ctx?.state.getFiles() ?? [])
    .filter((file) => file.result?.state === 'fail')
    .map((file) => `${file.name}: ${file.result?.errors?.[0]?.message ?? 'the test file failed'}`);
}

/** @param {import('typed-inject').Injector<import('@stryker-mutator/api/plugin').PluginContext>} injector @returns {TestRunner} */
function createCheckedVitestRunner(injector) {
  /** @type {VitestRunner} */
  const runner = injector.injectFunction(/** @type {any} */ (createVitestRunner));
  return {
    capabilities: () => runner.capabilities(),
    init: async () => {
      await runner.init?.();
    },
    dispose: async () => {
      await runner.dispose?.();
    },
    async dryRun(options) {
      const result = await runner.dryRun(options);
      const failed = failedFiles(runner);
      // A suite that cannot load in the dry run would be left out of every mutant's run unseen.
      if (result.status === DryRunStatus.Complete && failed.length > 0) {
        return { status: DryRunStatus.Error, errorMessage: `A test file failed outside its tests in the initial run: ${failed.join('\n')}` };
      }
      return result;
    },
    async mutantRun(options) {
      const result = await runner.mutantRun(options);
      if (result.status !== MutantRunStatus.Survived) return result;
      const failed = failedFiles(runner);
      if (failed.length > 0) return { status: MutantRunStatus.Killed, killedBy: [], failureMessage: failed.join('\n'), nrOfTests: result.nrOfTests };
      if (result.nrOfTests === 0) {
        return { status: MutantRunStatus.Error, errorMessage: `No test ran (${options.testFilter?.length ?? 'all'} selected)` };
      }
      return result;
    },
  };
}
createCheckedVitestRunner.inject = tokens(commonTokens.injector);

export const strykerPlugins = [declareFactoryPlugin(PluginKind.TestRunner, 'vitest-checked', createCheckedVitestRunner)];
