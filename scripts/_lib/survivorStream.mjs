// @ts-check
/* global process -- read by StrykerJS in Node */
/**
 * A Stryker reporter that appends each surviving or uncovered mutant to
 * `<MUTATE_REPORT_DIR>/survivors.jsonl` the moment it is known: a run of a whole directory takes
 * long on two shared cores, and the HTML and JSON reports appear only at its end.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';

class SurvivorStream {
  file = `${process.env.MUTATE_REPORT_DIR ?? 'reports/mutation'}/survivors.jsonl`;

  onDryRunCompleted() {
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, '');
  }

  /** @param {import('@stryker-mutator/api/core').MutantResult} result */
  onMutantTested(result) {
    if (result.status !== 'Survived' && result.status !== 'NoCoverage') return;
    const { fileName, location, mutatorName, replacement, status } = result;
    appendFileSync(this.file, `${JSON.stringify({ file: fileName, line: location.start.line, column: location.start.column, mutatorName, replacement, status })}\n`);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'survivor-stream', SurvivorStream)];
