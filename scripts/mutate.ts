// Runs StrykerJS once per area of stryker.config.mjs (`npm run mutate`), each against the suites
// that state its behaviour, then prints the mutation score of each directory and fails when one
// is below the break threshold: the goal is per directory, while Stryker's `thresholds.break`
// checks one run.
//
//   npm run mutate                              the four directories
//   npm run mutate -- catalog src/calendar      some of them
//   npm run mutate -- 'machines/_lib/*.ts'      files (quote globs); outside the four
//                                               directories, against every suite
//   npm run mutate -- machines --incremental    options from the first one on go to Stryker
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatScoreTable, scoresByDirectory, type DirectoryScore, type MutationReport } from './_lib/mutationScores.js';

interface Area {
  readonly directory: string;
  readonly tests: readonly string[];
}

const root = fileURLToPath(new URL('..', import.meta.url));
const config = (await import(pathToFileURL(`${root}stryker.config.mjs`).href)) as {
  mutationAreas: readonly Area[];
  default: { thresholds: { break: number } };
};
const breakAt = config.default.thresholds.break;

const args = process.argv.slice(2);
const firstOption = args.findIndex((arg) => arg.startsWith('-'));
const selection = (firstOption === -1 ? args : args.slice(0, firstOption)).map((entry) => entry.replace(/\/+$/, ''));
const strykerArgs = firstOption === -1 ? [] : args.slice(firstOption);

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

const scores: (DirectoryScore & { seconds?: number })[] = [];
let status = 0;
for (const run of runs) {
  const reportDir = `reports/mutation/${run.name.replaceAll('/', '-')}`;
  const reportFile = `${root}${reportDir}/mutation.json`;
  const env: NodeJS.ProcessEnv = { ...process.env, MUTATE: run.globs.join(','), MUTATE_REPORT_DIR: reportDir };
  if (run.tests !== undefined) env.MUTATE_TESTS = run.tests.join(',');
  console.log(`\n::: npm run mutate: ${run.globs.join(' ')} against ${run.tests?.join(' ') ?? 'every suite'}`);
  const startedAt = Date.now();
  const result = spawnSync(`${root}node_modules/.bin/stryker`, ['run', ...strykerArgs], { cwd: root, env, stdio: 'inherit' });
  const seconds = Math.round((Date.now() - startedAt) / 1000);
  if (!existsSync(reportFile) || statSync(reportFile).mtimeMs < startedAt) {
    console.error(`npm run mutate: Stryker wrote no report for ${run.name}; see its output above.`);
    status = result.status || 1;
    continue;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as MutationReport;
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
