// Runs StrykerJS (`npm run mutate`) and prints the mutation score of each directory, failing when
// one is below the break threshold of stryker.config.mjs: the goal is per directory, and
// Stryker's own `thresholds.break` only checks the whole run.
//
//   npm run mutate                          the four directories of stryker.config.mjs
//   npm run mutate -- catalog src/calendar  directories (or quoted globs: 'machines/**/*.ts')
//   npm run mutate -- machines --incremental  anything from the first option on goes to Stryker
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatScoreTable, scoresByDirectory, type MutationReport } from './_lib/mutationScores.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const reportFile = `${root}reports/mutation/mutation.json`;

const args = process.argv.slice(2);
const firstOption = args.findIndex((arg) => arg.startsWith('-'));
const selection = firstOption === -1 ? args : args.slice(0, firstOption);
const strykerArgs = firstOption === -1 ? [] : args.slice(firstOption);

const globs = selection.map((entry) => {
  const trimmed = entry.replace(/\/+$/, '');
  return existsSync(`${root}${trimmed}`) && statSync(`${root}${trimmed}`).isDirectory() ? `${trimmed}/**/*.ts` : trimmed;
});

const config = (await import(pathToFileURL(`${root}stryker.config.mjs`).href)) as {
  default: { thresholds: { break: number } };
};
const breakAt = config.default.thresholds.break;

const startedAt = Date.now();
const env = { ...process.env };
if (globs.length > 0) env.MUTATE = globs.join(',');
const run = spawnSync(`${root}node_modules/.bin/stryker`, ['run', ...strykerArgs], { cwd: root, env, stdio: 'inherit' });

if (!existsSync(reportFile) || statSync(reportFile).mtimeMs < startedAt) {
  console.error('npm run mutate: Stryker wrote no report; see its output above.');
  process.exit(run.status ?? 1);
}
const report = JSON.parse(readFileSync(reportFile, 'utf8')) as MutationReport;
const scores = scoresByDirectory(report);
console.log(`\nMutation score by directory (break below ${breakAt}%):\n${formatScoreTable(scores)}`);
const failing = scores.filter((score) => score.score < breakAt);
if (failing.length > 0) {
  console.error(`Below ${breakAt}%: ${failing.map((score) => score.directory).join(', ')}`);
  process.exit(1);
}
process.exit(run.status ?? 1);
