/**
 * The walk of the README, against the built CLI in a process of its own: `serve` on the embedded
 * PostgreSQL (PGlite) in a fresh data directory, /openapi.json, units and a leader signing in
 * with JWTs, a case driven to the archive with fetch; then the process stopped and started again
 * on the same directory, and the case read back. Runs once, in the `processes` project (see
 * vitest.config.ts): it starts processes and an embedded database, and time zones do not reach it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Options } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tsupConfig from '../tsup.config.js';
import { JWT_SECRET, tokenFor, walkers, walkToArchive, type Caller } from './_lib/httpWalk.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
let workDir = '';
let cli = '';
const running = new Set<ChildProcess>();

beforeAll(async () => {
  const cache = join(repoRoot, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  workDir = mkdtempSync(join(cache, 'serve-walk-'));
  const config = (tsupConfig as Options[]).find((candidate) => candidate.platform !== 'browser')!;
  await build({ ...config, config: false, entry: { cli: 'src/cli/main.ts' }, outDir: join(workDir, 'dist'), format: ['esm'], dts: false, onSuccess: undefined, silent: true });
  cli = join(workDir, 'dist', 'cli.js');
}, 120_000);

afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(workDir, { recursive: true, force: true });
});

/** Runs `serve` and resolves with its base URL once it says it is serving. */
function serve(args: readonly string[]): Promise<{ base: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', ...args], { cwd: workDir, env: { ...process.env, LINKED_ENFORCEMENT_JWT_SECRET: JWT_SECRET } });
  running.add(child);
  let output = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => (output += text));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (text: string) => {
      output += text;
      const match = /serving (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match !== null) resolve({ base: match[1]!, child, output: () => output });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
}

/** Stops the process the way a service manager does, and resolves with its exit code. */
function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

describe('linked-enforcement serve', () => {
  it('lists its options in serve --help', async () => {
    const child = spawn(process.execPath, [cli, 'serve', '--help'], { cwd: workDir });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    for (const flag of ['--port', '--database-url', '--memory', '--data-dir']) expect(text).toContain(flag);
  }, 30_000);

  it('walks a case to the archive with JWTs over HTTP, and keeps it across a restart on the same data directory', async () => {
    const dataDir = join(workDir, 'data');
    const first = await serve(['--data-dir', dataDir, '--jwt-issuer', 'siyang-sso']);
    const openApi = (await (await fetch(`${first.base}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(openApi.openapi).toBe('3.1.0');
    expect(Object.keys(openApi.paths)).toContain('/cases/{caseId}/events');
    const call = (base: string): Caller => async (method, path, who, body, headers = {}) =>
      fetch(`${base}${path}`, {
        method,
        headers: { ...(who === undefined ? {} : { authorization: `Bearer ${await tokenFor(who)}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    expect((await fetch(`${first.base}/cases`)).status).toBe(401);
    const archived = await walkToArchive(call(first.base), 'walk-east-1');
    expect(archived).toMatchObject({ state: 'archived', status: 'done', version: 16 });
    // A document (法律文书) goes into the same embedded database, and is there after the restart.
    const pdf = new TextEncoder().encode('%PDF-1.7 现场检查记录');
    const uploaded = await fetch(`${first.base}/documents?name=${encodeURIComponent('现场检查记录.pdf')}`, { method: 'POST', headers: { authorization: `Bearer ${await tokenFor(walkers.market)}`, 'content-type': 'application/pdf' }, body: pdf });
    expect(uploaded.status).toBe(201);
    const location = uploaded.headers.get('location')!;
    expect(await stop(first.child)).toBe(0);

    const second = await serve(['--data-dir', dataDir, '--jwt-issuer', 'siyang-sso']);
    const response = await call(second.base)('GET', `/cases/${encodeURIComponent('walk-east-1')}`, walkers.center);
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"16"');
    expect(await response.json()).toMatchObject({ caseId: 'walk-east-1', state: 'archived', version: 16 });
    const audit = await call(second.base)('GET', `/cases/${encodeURIComponent('walk-east-1')}/audit`, walkers.center);
    expect(await audit.json()).toMatchObject({ ok: true, replayed: true });
    const document = await fetch(`${second.base}${location}`, { headers: { authorization: `Bearer ${await tokenFor(walkers.justice)}` } });
    expect(document.status).toBe(200);
    expect(new Uint8Array(await document.arrayBuffer())).toEqual(pdf);
    expect(await stop(second.child)).toBe(0);
  }, 180_000);

  it('refuses development mode on an address other than loopback', async () => {
    const child = spawn(process.execPath, [cli, 'serve', '--memory', '--dev-auth', '--host', '0.0.0.0'], { cwd: workDir });
    let text = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(2);
    expect(text).toContain('loopback');
  }, 30_000);
});
