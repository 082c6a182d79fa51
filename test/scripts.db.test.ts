/**
 * scripts/db.sh (`npm run db:start` / `db:stop`, also used by .ci/run): a throw-away PostgreSQL
 * server of its own, never someone else's. Runs where PostgreSQL is installed; its state files go
 * to a temporary LE_DB_STATE so a server a contributor started stays untouched.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../scripts/db.sh', import.meta.url));
const installed = spawnSync('bash', ['-c', 'ls /usr/lib/postgresql/*/bin/initdb || command -v initdb'], { stdio: 'ignore' }).status === 0;
if (!installed) console.warn('\n[scripts.db] PostgreSQL is not installed: SKIPPING the tests of npm run db:start.\n');

// initdb and a server start take a few seconds on an idle machine and several times that on a busy one.
const SERVER_BUDGET_MS = 90_000;

function db(command: string, state: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [script, command], { env: { ...process.env, LE_DB_STATE: state, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe.skipIf(!installed)('npm run db:start / db:stop (scripts/db.sh)', () => {
  const states: string[] = [];
  const newState = () => {
    const state = mkdtempSync(join(tmpdir(), 'le-db-state-'));
    states.push(state);
    return state;
  };
  afterEach(async () => {
    for (const state of states.splice(0)) {
      await db('stop', state);
      rmSync(state, { recursive: true, force: true });
    }
  });

  it(
    'starts a server of its own on a free port, prints and saves its URL, and stops it',
    async () => {
      const state = newState();
      const started = await db('start', state);
      expect(started.code, started.stderr).toBe(0);
      const url = /^DATABASE_URL=(postgres:\/\/postgres@127\.0\.0\.1:\d+\/linked_enforcement)$/mu.exec(started.stdout)?.[1];
      expect(url).toBeDefined();
      expect(readFileSync(join(state, 'database-url'), 'utf8').trim()).toBe(url);
      expect((await db('url', state)).stdout.trim()).toBe(url);

      const serverDir = readFileSync(join(state, 'db-server'), 'utf8').trim();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ db: string; data: string }>("select current_database() as db, current_setting('data_directory') as data");
        expect(rows[0]).toEqual({ db: 'linked_enforcement', data: join(serverDir, 'data') });
      } finally {
        await client.end();
      }

      const stopped = await db('stop', state);
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(existsSync(serverDir)).toBe(false);
      expect(existsSync(join(state, 'database-url'))).toBe(false);
      expect((await db('url', state)).code).toBe(1);
    },
    SERVER_BUDGET_MS,
  );

  it(
    'refuses a port another server holds, and leaves no URL behind',
    async () => {
      const state = newState();
      const other: Server = createServer();
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      const port = (other.address() as { port: number }).port;
      try {
        const started = await db('start', state, { LE_PG_PORT: String(port) });
        expect(started.code).toBe(1);
        expect(started.stderr).toContain(`the server did not start on 127.0.0.1:${port}`);
        expect(started.stdout).not.toContain('DATABASE_URL=');
        expect(existsSync(join(state, 'database-url'))).toBe(false);
        expect(existsSync(join(state, 'db-server'))).toBe(false);
      } finally {
        other.close();
      }
    },
    SERVER_BUDGET_MS,
  );
});
