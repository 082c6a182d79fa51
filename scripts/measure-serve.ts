/**
 * Measures `linked-enforcement serve`: the time from process start to serving (as the command
 * itself reports it) and its memory (RSS after one opened case and one read, again after 300
 * list requests, and the peak, from
 * Linux's /proc/<pid>/status), with `--memory`, on a fresh PGlite data directory (the first
 * start creates the database) and on a restart on that directory. Builds the CLI first.
 *
 * Run: `npx tsx scripts/measure-serve.ts [runs]` (Linux only; default 1 run of each).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Options } from 'tsup';
import tsupConfig from '../tsup.config.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const cache = join(repoRoot, 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const workDir = mkdtempSync(join(cache, 'measure-serve-'));
const config = (tsupConfig as Options[]).find((candidate) => candidate.platform !== 'browser')!;
await build({ ...config, config: false, entry: { cli: 'src/cli/main.ts' }, outDir: join(workDir, 'dist'), format: ['esm'], dts: false, onSuccess: undefined, silent: true });
const cli = join(workDir, 'dist', 'cli.js');

/** MB of a /proc/<pid>/status line (`VmRSS`, `VmHWM`). */
const megabytes = (pid: number, field: string) => Math.round(Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024);

async function measure(label: string, args: readonly string[]) {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--dev-auth', ...args], { cwd: workDir, env: { ...process.env, LINKED_ENFORCEMENT_JWT_SECRET: '' } });
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  const { base, readyMs } = await new Promise<{ base: string; readyMs: number }>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      output += text;
      const match = /serving (http:\/\/[\d.]+:\d+) .*ready (\d+) ms/.exec(output);
      if (match !== null) resolve({ base: match[1]!, readyMs: Number(match[2]) });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  const headers = { 'content-type': 'application/json', 'x-actor-unit': 'market-regulation' };
  const caseId = `m-${Date.now()}`;
  const opened = await fetch(`${base}/cases`, { method: 'POST', headers, body: JSON.stringify({ caseId, title: '测量', itemNo: 1, origin: 'application', applicant: 'market-regulation' }) });
  if (opened.status !== 201) throw new Error(`open: ${opened.status} ${await opened.text()}`);
  await (await fetch(`${base}/cases/${caseId}`, { headers })).text();
  const rssMB = megabytes(child.pid!, 'VmRSS');
  // A little work, as a day at the command center brings: the garbage collector runs meanwhile.
  for (let read = 0; read < 300; read++) await (await fetch(`${base}/cases?limit=10`, { headers })).text();
  const result = { label, readyMs, rssMB, rssAfter300ReadsMB: megabytes(child.pid!, 'VmRSS'), peakMB: megabytes(child.pid!, 'VmHWM') };
  child.removeAllListeners('exit');
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  return result;
}

const runs = Number(process.argv[2] ?? 1);
const results = [];
try {
  for (let run = 0; run < runs; run++) {
    const dataDir = join(workDir, `data-${run}`);
    results.push(await measure('--memory', ['--memory']));
    results.push(await measure('PGlite, first start', ['--data-dir', dataDir]));
    results.push(await measure('PGlite, restart', ['--data-dir', dataDir]));
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
console.table(results);
