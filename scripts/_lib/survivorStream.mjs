// @ts-check
/* global process -- read by StrykerJS in Node */
/**
 * A Stryker reporter that appends each surviving or uncovered mutant to
 * `<MUTATE_REPORT_DIR>/survivors.jsonl` the moment it is known, and every tested mutant's status
 * to `results.jsonl`: a run of a whole directory takes long on two shared cores, and the HTML and
 * JSON reports appear only at its end (a run stopped early still tells each file's score so far).
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';

class SurvivorStream {
  file = `${process.env.MUTATE_REPORT_DIR ?? 'reports/mutation'}/survivors.jsonl`;
  results = `${process.env.MUTATE_REPORT_DIR ?? 'reports/mutation'}/results.jsonl`;

  onDryRunCompleted() {
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, '');
    writeFileSync(this.results, '');
  }

  /** @param {import('@stryker-mutator/api/core').MutantResult} result */
  onMutantTested(result) {
    const { fileName, location, mutatorName, replacement, status } = result;
    appendFileSync(this.results, `${JSON.stringify({ file: fileName, line: location.start.line, column: location.start.column, mutatorName, status })}\n`);
    if (status !== 'Survived' && status !== 'NoCoverage') return;
    appendFileSync(this.file, `${JSON.stringify({ file: fileName, line: location.start.line, column: location.start.column, mutatorName, replacement, status })}\n`);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'survivor-stream', SurvivorStream)];
