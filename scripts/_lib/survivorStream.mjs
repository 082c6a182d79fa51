// @ts-check
/* global process -- read by StrykerJS in Node */
/**
 * A Stryker reporter that appends each surviving or uncovered mutant to
 * `<MUTATE_REPORT_DIR>/survivors.jsonl` the moment it is known, and every tested mutant's status
 * to `results.jsonl`: a run of a whole directory takes long on two shared cores, and the HTML and
 * JSON reports appear only at its end (a run stopped early still tells each file's score so far).
 *
 * Each line names the mutant exactly: its id, its whole span (`line:column` to
 * `endLine:endColumn`, 1-based, end exclusive) and the code it replaces (`original`). A start
 * alone is ambiguous: `if (a === b && c)` has two `true` mutants at one column (the whole
 * condition and `a === b`), and survivors were once planted by hand as the wrong one.
 * `testsRun` (and `coveredBy`, how many tests cover it) tell a survivor that no test ran from
 * one the tests let through.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';

/** @typedef {import('@stryker-mutator/api/core').MutantResult} MutantResult */

class SurvivorStream {
  file = `${process.env.MUTATE_REPORT_DIR ?? 'reports/mutation'}/survivors.jsonl`;
  results = `${process.env.MUTATE_REPORT_DIR ?? 'reports/mutation'}/results.jsonl`;
  /** @type {Map<string, string[]>} the lines of each mutated file, read once */
  sources = new Map();

  onDryRunCompleted() {
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, '');
    writeFileSync(this.results, '');
  }

  /** @param {MutantResult} result */
  onMutantTested(result) {
    const { id, fileName, location, mutatorName, replacement, status } = result;
    const where = { id, file: relative(process.cwd(), fileName), line: location.start.line, column: location.start.column, endLine: location.end.line, endColumn: location.end.column };
    const tests = { testsRun: result.testsCompleted, coveredBy: result.coveredBy?.length, static: result.static };
    appendFileSync(this.results, `${JSON.stringify({ ...where, mutatorName, status, ...tests })}\n`);
    if (status !== 'Survived' && status !== 'NoCoverage') return;
    appendFileSync(this.file, `${JSON.stringify({ ...where, mutatorName, original: this.originalText(result), replacement, status, ...tests })}\n`);
  }

  /** The source text a mutant replaces (its location is 1-based, the end exclusive). @param {MutantResult} result */
  originalText({ fileName, location: { start, end } }) {
    let lines = this.sources.get(fileName);
    if (lines === undefined) {
      try {
        lines = readFileSync(fileName, 'utf8').split('\n');
      } catch {
        lines = [];
      }
      this.sources.set(fileName, lines);
    }
    const spanned = lines.slice(start.line - 1, end.line);
    if (spanned.length === 0) return undefined;
    spanned[spanned.length - 1] = spanned[spanned.length - 1].slice(0, end.column - 1);
    spanned[0] = spanned[0].slice(start.column - 1);
    return spanned.join('\n');
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'survivor-stream', SurvivorStream)];
