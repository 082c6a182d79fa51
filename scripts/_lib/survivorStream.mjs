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
 *
 * With `MUTATE_INCREMENTAL_FILE` (scripts/mutate.ts sets it for an area's runs), it also keeps
 * that incremental file up to date as the run goes, at most every 20 seconds: every mutant known
 * so far (reused from the file or tested now) with the sources and tests the run started from, in
 * Stryker's own report format. A run stopped before its end then still adds what it tested, and
 * the next run re-tests only the rest. Stryker overwrites the file with its full report at the end.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';

/** @typedef {import('@stryker-mutator/api/core').MutantResult} MutantResult */

/** Where mutated code and tests live: their text as the run starts, before anyone edits them. */
const sourceDirectories = ['src', 'machines', 'catalog', 'test'];

/** @param {string} root */
function readSources(root) {
  /** @type {Map<string, string>} */
  const sources = new Map();
  for (const directory of sourceDirectories) {
    if (!existsSync(join(root, directory))) continue;
    for (const entry of readdirSync(join(root, directory), { recursive: true, encoding: 'utf8' })) {
      if (!/\.(ts|tsx|mts|cts|js|mjs)$/.test(entry)) continue;
      const path = `${directory}/${entry.replaceAll('\\', '/')}`;
      sources.set(path, readFileSync(join(root, path), 'utf8'));
    }
  }
  return sources;
}

class SurvivorStream {
  file = `${process.env.MUTATE_REPORT_DIR ?? 'reports/mutation'}/survivors.jsonl`;
  results = `${process.env.MUTATE_REPORT_DIR ?? 'reports/mutation'}/results.jsonl`;
  /** @type {Map<string, string[]>} the lines of each mutated file, read once */
  sources = new Map();
  incrementalFile = process.env.MUTATE_INCREMENTAL_FILE;
  root = process.cwd();
  /** The text of every source and test file as the run starts, by relative path (for the incremental file). */
  startSources = this.incrementalFile === undefined ? new Map() : readSources(this.root);
  /** @type {import('@stryker-mutator/api/test-runner').TestResult[]} */
  tests = [];
  /** @type {MutantResult[]} */
  mutants = [];
  lastWrite = 0;

  /** @param {import('@stryker-mutator/api/report').DryRunCompletedEvent} event */
  onDryRunCompleted(event) {
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, '');
    writeFileSync(this.results, '');
    this.tests = event?.result?.tests ?? [];
  }

  /** @param {MutantResult} result */
  onMutantTested(result) {
    const { id, fileName, location, mutatorName, replacement, status } = result;
    const where = { id, file: relative(process.cwd(), fileName), line: location.start.line, column: location.start.column, endLine: location.end.line, endColumn: location.end.column };
    const tests = { testsRun: result.testsCompleted, coveredBy: result.coveredBy?.length, static: result.static };
    appendFileSync(this.results, `${JSON.stringify({ ...where, mutatorName, status, ...tests })}\n`);
    if (status === 'Survived' || status === 'NoCoverage') {
      appendFileSync(this.file, `${JSON.stringify({ ...where, mutatorName, original: this.originalText(result), replacement, status, ...tests })}\n`);
    }
    if (this.incrementalFile === undefined) return;
    this.mutants.push(result);
    if (Date.now() - this.lastWrite >= 20_000) this.writeIncremental();
  }

  /** Stryker writes the whole report itself when the run ends. */
  onMutationTestReportReady() {
    this.incrementalFile = undefined;
  }

  writeIncremental() {
    if (this.incrementalFile === undefined) return;
    this.lastWrite = Date.now();
    const relativeName = (/** @type {string} */ fileName) => relative(this.root, fileName).replaceAll('\\', '/');
    /** @type {Map<string, string>} */
    const ids = new Map(this.tests.map((test, index) => [test.id, String(index)]));
    const idsOf = (/** @type {readonly string[] | undefined} */ list) => list?.map((id) => ids.get(id) ?? id);
    /** @type {Record<string, { language: string; source: string; mutants: unknown[] }>} */
    const files = {};
    for (const { fileName, killedBy, coveredBy, ...mutant } of this.mutants) {
      const name = relativeName(fileName);
      const source = this.startSources.get(name);
      if (source === undefined) continue;
      (files[name] ??= { language: 'typescript', source, mutants: [] }).mutants.push({ ...mutant, killedBy: idsOf(killedBy), coveredBy: idsOf(coveredBy) });
    }
    /** @type {Record<string, { source: string; tests: unknown[] }>} */
    const testFiles = {};
    for (const test of this.tests) {
      if (test.fileName === undefined) continue;
      const name = relativeName(test.fileName);
      const source = this.startSources.get(name);
      if (source === undefined) continue;
      const location = test.startPosition === undefined ? undefined : { start: { line: test.startPosition.line + 1, column: test.startPosition.column + 1 } };
      (testFiles[name] ??= { source, tests: [] }).tests.push({ id: ids.get(test.id), name: test.name, location });
    }
    const report = { schemaVersion: '1.0', thresholds: { high: 80, low: 60 }, files, testFiles, projectRoot: this.root, linkedEnforcementSettingsDigest: process.env.MUTATE_SETTINGS_DIGEST, partial: true };
    const path = join(this.root, this.incrementalFile);
    mkdirSync(dirname(path), { recursive: true });
    // Written aside and renamed: a run stopped mid-write leaves the previous file whole.
    writeFileSync(`${path}.partial`, `${JSON.stringify(report)}\n`);
    renameSync(`${path}.partial`, path);
  }

  /** The source text a mutant replaces (its location is 1-based, the end exclusive). @param {MutantResult} result */
  originalText({ fileName, location: { start, end } }) {
    let lines = this.sources.get(fileName);
    if (lines === undefined) {
      try {
        // The text the run started from when it was kept (the file may have been edited since).
        lines = (this.startSources.get(relative(this.root, fileName).replaceAll('\\', '/')) ?? readFileSync(fileName, 'utf8')).split('\n');
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
