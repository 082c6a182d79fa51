// Runs StrykerJS once per area of stryker.config.mjs (`npm run mutate`), each against the suites
// that state its behaviour, then prints the mutation score of each directory and fails when one
// is below the break threshold: the goal is per directory, while Stryker's `thresholds.break`
// checks one run.
//
//   npm run mutate                              the four directories
//   npm run mutate -- catalog src/calendar      some of them
//   npm run mutate -- 'machines/_lib/*.ts'      files (quote globs); outside the four
//                                               directories, against every suite
//   npm run mutate -- machines --force          options from the first one on go to Stryker
//
// Each area's runs are incremental and share one committed file, mutation/<area>.incremental.json:
// a run of some files re-tests only the mutants whose code or covering tests changed since that
// file was written, keeps the results of the area's other files, and writes them all back, so
// runs of a few files at a time add up to the area's score (`--force` re-tests every mutant in
// the run). When Stryker's or vitest's settings change, earlier results are not comparable: the
// file is started afresh.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatScoreTable, scoresByDirectory, type DirectoryScore, type MutationReport } from './_lib/mutationScores.js';

interface Area {
  readonly directory: string;
  readonly tests: readonly string[];
}

const root = fileURLToPath(new URL('..', import.meta.url));
const config = (await import(pathToFileURL(`${root}stryker.config.mjs`).href)) as {
  mutationAreas: readonly Area[];
  default: { thresholds: { break: number } } & Record<string, unknown>;
};
const breakAt = config.default.thresholds.break;

const args = process.argv.slice(2);
const firstOption = args.findIndex((arg) => arg.startsWith('-'));
const selection = (firstOption === -1 ? args : args.slice(0, firstOption)).map((entry) => entry.replace(/\/+$/, ''));
const strykerArgs = firstOption === -1 ? [] : args.slice(firstOption);

/** Whether a relative path matches one of the globs this script builds (`*`, `**`). */
const globMatches = (glob: string, file: string) =>
  new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('**/', '\u0000').replaceAll('*', '[^/]*').replaceAll('\u0000', '(?:.*/)?')}$`).test(file);
const isDirectory = (path: string) => existsSync(`${root}${path}`) && statSync(`${root}${path}`).isDirectory();
const areaOf = (entry: string) => config.mutationAreas.find(({ directory }) => entry === directory || entry.startsWith(`${directory}/`));

/** One Stryker run: what it mutates, against which suites (all when undefined), and where it reports. */
interface Run {
  readonly name: string;
  readonly globs: string[];
  readonly tests: readonly string[] | undefined;
}
const runs: Run[] = [];
const runFor = (name: string, tests: readonly string[] | undefined) => {
  let run = runs.find((candidate) => candidate.name === name);
  if (run === undefined) runs.push((run = { name, globs: [], tests }));
  return run;
};
if (selection.length === 0) {
  for (const area of config.mutationAreas) runFor(area.directory, area.tests).globs.push(`${area.directory}/**/*.ts`);
}
for (const entry of selection) {
  const area = areaOf(entry);
  const glob = isDirectory(entry) ? `${entry}/**/*.ts` : entry;
  (area === undefined ? runFor('other', undefined) : runFor(area.directory, area.tests)).globs.push(glob);
}

/**
 * What makes one run's results comparable with another's besides the code and the tests, which
 * Stryker diffs itself: its settings (not which files a run mutates, nor where it reports), the
 * vitest settings its runner uses, and Stryker's version.
 */
const settingsDigest = (() => {
  const { mutate: _mutate, incrementalFile: _incremental, htmlReporter: _html, jsonReporter: _json, concurrency: _concurrency, ...settings } = config.default;
  const text = (path: string) => readFileSync(`${root}${path}`, 'utf8');
  const strykerVersion = (JSON.parse(text('node_modules/@stryker-mutator/core/package.json')) as { version: string }).version;
  return createHash('sha256')
    .update(JSON.stringify([settings, text('vitest.config.ts'), text('vitest.stryker.config.ts'), strykerVersion]))
    .digest('hex');
})();
const settingsDigestKey = 'linkedEnforcementSettingsDigest';

/** Keeps an area's incremental file only if it was written under the same settings. */
function prepareIncrementalFile(file: string): void {
  if (!existsSync(file)) return;
  const stored = (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)[settingsDigestKey];
  if (stored === settingsDigest) return;
  console.log(`npm run mutate: ${file} was written under other Stryker or vitest settings; starting it afresh.`);
  rmSync(file);
}

/** Stamps the file Stryker wrote with the settings digest, on one line (it is committed). */
function stampIncrementalFile(file: string, startedAt: number): void {
  if (!existsSync(file) || statSync(file).mtimeMs < startedAt) return;
  const report = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, `${JSON.stringify({ ...report, [settingsDigestKey]: settingsDigest })}\n`);
}

const scores: (DirectoryScore & { seconds?: number })[] = [];
let status = 0;
for (const run of runs) {
  const reportDir = `reports/mutation/${run.name.replaceAll('/', '-')}`;
  const reportFile = `${root}${reportDir}/mutation.json`;
  const env: NodeJS.ProcessEnv = { ...process.env, MUTATE: run.globs.join(','), MUTATE_REPORT_DIR: reportDir };
  const args = ['run', ...strykerArgs];
  const incrementalFile = run.tests === undefined ? undefined : `mutation/${run.name.replaceAll('/', '-')}.incremental.json`;
  if (incrementalFile !== undefined) {
    mkdirSync(`${root}mutation`, { recursive: true });
    prepareIncrementalFile(`${root}${incrementalFile}`);
    env.MUTATE_INCREMENTAL_FILE = incrementalFile;
    env.MUTATE_SETTINGS_DIGEST = settingsDigest;
    if (!args.includes('--incremental')) args.push('--incremental');
  }
  if (run.tests !== undefined) env.MUTATE_TESTS = run.tests.join(',');
  console.log(`\n::: npm run mutate: ${run.globs.join(' ')} against ${run.tests?.join(' ') ?? 'every suite'}`);
  const startedAt = Date.now();
  const result = spawnSync(`${root}node_modules/.bin/stryker`, args, { cwd: root, env, stdio: 'inherit' });
  if (incrementalFile !== undefined) stampIncrementalFile(`${root}${incrementalFile}`, startedAt);
  const seconds = Math.round((Date.now() - startedAt) / 1000);
  if (!existsSync(reportFile) || statSync(reportFile).mtimeMs < startedAt) {
    console.error(`npm run mutate: Stryker wrote no report for ${run.name}; see its output above.`);
    status = result.status || 1;
    continue;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as MutationReport;
  // An incremental report holds the area's other files too: show the run's own files one by one.
  const runFiles = scoresByDirectory(report, (file) => (run.globs.some((glob) => globMatches(glob, file)) ? file : undefined));
  if (incrementalFile !== undefined && runFiles.length > 1) console.log(`\nThis run's files:\n${formatScoreTable(runFiles)}`);
  for (const score of scoresByDirectory(report)) scores.push({ ...score, seconds });
  if (result.status !== 0 && result.status !== null) status ||= result.status;
}

if (scores.length > 0) {
  console.log(`\nMutation score by directory (break below ${breakAt}%; reports in reports/mutation/):\n${formatScoreTable(scores)}`);
}
const failing = scores.filter((score) => score.score < breakAt);
if (failing.length > 0) {
  console.error(`Below ${breakAt}%: ${failing.map((score) => score.directory).join(', ')}`);
  status ||= 1;
}
process.exit(status);
