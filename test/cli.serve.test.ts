/**
 * `linked-enforcement serve --base-path` in process, on the memory store (test/serve.process.test.ts
 * walks the built CLI in a process of its own).
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/runCli.js';
import { parseServeFlags, serveCommand } from '../src/cli/commands/serve.js';

/** Starts `serve` with `argv` on a free port; resolves with the URL it prints and a stop. */
async function startServe(argv: readonly string[]) {
  let stdout = '';
  let stderr = '';
  const signals = new EventEmitter();
  const io = { stdout: { write: (text: string | Uint8Array) => (stdout += String(text)) }, stderr: { write: (text: string) => (stderr += text) } };
  const exit = serveCommand(['--memory', '--dev-auth', '--port', '0', ...argv], io, signals);
  const url = await new Promise<string>((resolve, reject) => {
    const poll = setInterval(() => {
      const served = /serving (http:\/\/\S+) /.exec(stdout);
      if (served !== null) {
        clearInterval(poll);
        resolve(served[1]!);
      }
    }, 10);
    exit.catch((error: unknown) => {
      clearInterval(poll);
      reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
  return {
    url,
    stderr: () => stderr,
    stop: async () => {
      signals.emit('SIGTERM');
      return exit;
    },
  };
}

describe('serve --base-path', () => {
  it('serves every route below the path, prints the URL with it and points the OpenAPI document and Location there', async () => {
    const served = await startServe(['--base-path', '/county/api']);
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/county\/api$/);
      const origin = new URL(served.url).origin;
      expect((await fetch(`${served.url}/health`)).status).toBe(200);
      expect((await fetch(`${origin}/health`)).status).toBe(404);
      const openApi = (await (await fetch(`${served.url}/openapi.json`)).json()) as { servers?: { url: string }[] };
      expect(openApi.servers).toEqual([{ url: '/county/api' }]);
      const created = await fetch(`${served.url}/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-actor-unit': 'market-regulation' },
        body: JSON.stringify({ caseId: 'c1', title: '城东农贸市场安全综合执法', itemNo: 1, origin: 'application', applicant: 'market-regulation' }),
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe('/county/api/cases/c1');
      expect((await fetch(`${origin}${created.headers.get('location')!}`, { headers: { 'x-actor-unit': 'market-regulation' } })).status).toBe(200);
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });

  it('serves at the root without it', async () => {
    const served = await startServe([]);
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${served.url}/health`)).status).toBe(200);
    } finally {
      await served.stop();
    }
  });

  it.each(['api', '/api/', '/a/../b', '/./api', '/a b', '/接口'])('refuses %j as a usage error before opening a store', async (basePath) => {
    expect(() => parseServeFlags(['--base-path', basePath])).toThrow(`--base-path must be a path such as /api`);
    let stderr = '';
    const code = await runCli(['serve', '--memory', '--dev-auth', '--base-path', basePath], { stdout: { write: () => true }, stderr: { write: (text: string) => (stderr += text) } });
    expect(code).toBe(2);
    expect(stderr).toContain('--base-path');
    expect(stderr).toContain(JSON.stringify(basePath).slice(1, -1));
  });

  it('takes the root as an empty --base-path', () => {
    expect(parseServeFlags(['--base-path', '']).basePath).toBe('');
    expect(parseServeFlags([]).basePath).toBe('');
    expect(parseServeFlags(['--base-path', '/a.b/c-d_e~f']).basePath).toBe('/a.b/c-d_e~f');
  });
});
