/**
 * What only the PostgreSQL store has: its schema and migrate(), the append-only trigger, table
 * prefixes, and a process killed in the middle of a transaction. The behaviour every store
 * shares is in store.conformance.test.ts.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresSchema, postgresStore } from '../src/store/postgres/index.js';
import { createCaseEngine } from 'linked-enforcement';
import { applicationInput, bj, center, ev, justice } from './_lib/cases.js';
import type { WriterOptions } from './_lib/pgWriter.js';

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl === undefined) {
  console.warn(
    '\n[store.postgres] DATABASE_URL is not set: SKIPPING the PostgreSQL-only tests. `npm run db:start` starts a throw-away server that `npm test` then uses (README.md, "Running the PostgreSQL suite"); CI starts one the same way.\n',
  );
}

const run = randomBytes(3).toString('hex');
const pools: pg.Pool[] = [];
const prefixes: string[] = [];
let count = 0;
const newPool = (options: pg.PoolConfig = {}) => {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3, ...options });
  pool.on('error', () => {});
  pools.push(pool);
  return pool;
};
const newPrefix = () => {
  const prefix = `lep_${run}_${++count}_`;
  prefixes.push(prefix);
  return prefix;
};
const clock = { now: () => new Date(bj('2026-09-02 10:30')) };
const roles: string[] = [];

afterAll(async () => {
  if (databaseUrl === undefined) return;
  const admin = newPool();
  for (const prefix of prefixes) {
    await admin.query(`DROP TABLE IF EXISTS ${prefix}case_outbox, ${prefix}case_idempotency, ${prefix}case_log, ${prefix}cases CASCADE; DROP FUNCTION IF EXISTS ${prefix}case_log_append_only()`);
  }
  for (const role of roles) await admin.query(`DROP ROLE IF EXISTS "${role}"`);
  await Promise.all(pools.map((pool) => pool.end()));
});

describe('postgresStore options and schema (no server needed)', () => {
  it('checks the pool and the table prefix', () => {
    expect(() => postgresStore({} as never)).toThrow(/options\.pool: must be a pg Pool/);
    expect(() => postgresStore({ pool: { query: async () => ({ rows: [], rowCount: 0 }) }, tablePrefix: 'Bad-Prefix' })).toThrow(/tablePrefix/);
    expect(() => postgresSchema({ tablePrefix: 'x; DROP TABLE cases; --' })).toThrow(/tablePrefix/);
  });

  it('ships its schema as idempotent SQL with the prefix on every name', () => {
    const sql = postgresSchema({ tablePrefix: 'siyang_' });
    expect(sql).toContain('CREATE TABLE IF NOT EXISTS siyang_cases');
    expect(sql).toContain('CREATE INDEX IF NOT EXISTS siyang_cases_next_due_at_idx ON siyang_cases (next_due_at)');
    expect(sql).toContain('BEFORE UPDATE OR DELETE ON siyang_case_log');
    expect(sql.match(/CREATE TABLE (?!IF NOT EXISTS)/gu)).toBeNull();
    expect(postgresSchema()).toContain('le_cases');
  });
});

describe.skipIf(databaseUrl === undefined)('postgresStore on a real server', () => {
  it('migrate() is idempotent, also from several instances at once, and indexes next_due_at for sweep', async () => {
    const prefix = newPrefix();
    await Promise.all([newPool(), newPool(), newPool()].map((pool) => postgresStore({ pool, tablePrefix: prefix }).migrate()));
    await postgresStore({ pool: newPool(), tablePrefix: prefix }).migrate();
    const admin = newPool();
    const { rows } = await admin.query('SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1 ORDER BY indexname', [`${prefix}cases`]);
    expect(rows.map((row) => row.indexname)).toContain(`${prefix}cases_next_due_at_idx`);
    // The sweep's query can use it (the planner is told to avoid a sequential scan, as on a big table).
    const client = await admin.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const plan = await client.query(`EXPLAIN SELECT case_id FROM ${prefix}cases WHERE next_due_at < now() ORDER BY next_due_at LIMIT 10`);
      expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain(`${prefix}cases_next_due_at_idx`);
    } finally {
      client.release();
    }
  });

  it('refuses to UPDATE, DELETE or TRUNCATE the audit log (append-only)', async () => {
    const pool = newPool();
    const store = postgresStore({ pool, tablePrefix: newPrefix() });
    await store.migrate();
    const engine = createCaseEngine({ store, clock });
    await engine.open(applicationInput());
    const t = store.tables;
    await expect(pool.query(`UPDATE ${t.log} SET entry = '{}'::json`)).rejects.toThrow(/append-only \(UPDATE\)/);
    await expect(pool.query(`DELETE FROM ${t.log}`)).rejects.toThrow(/append-only \(DELETE\)/);
    await expect(pool.query(`TRUNCATE ${t.log}`)).rejects.toThrow(/append-only \(TRUNCATE\)/);
    expect(await engine.verifyAudit('case-1')).toMatchObject({ ok: true });
  });

  it('keeps counties apart by table prefix on one database', async () => {
    const pool = newPool();
    const [a, b] = [postgresStore({ pool, tablePrefix: newPrefix() }), postgresStore({ pool, tablePrefix: newPrefix() })];
    await a.migrate();
    await b.migrate();
    await createCaseEngine({ store: a, clock }).open(applicationInput());
    await createCaseEngine({ store: b, clock }).open(applicationInput({ title: '另一个县的案件' }));
    expect((await createCaseEngine({ store: a, clock }).get('case-1')).title).toBe('城东农贸市场安全综合执法');
    expect((await createCaseEngine({ store: b, clock }).get('case-1')).title).toBe('另一个县的案件');
  });

  it('works when the application parses json columns as text', async () => {
    const raw = newPool({ types: { getTypeParser: () => (value: string) => value } as never });
    const store = postgresStore({ pool: raw, tablePrefix: newPrefix() });
    await store.migrate();
    const engine = createCaseEngine({ store, clock });
    await engine.open(applicationInput());
    await engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')), { idempotencyKey: 'k' });
    const again = await engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')), { idempotencyKey: 'k' });
    expect(again.version).toBe(2);
    expect(await engine.verifyAudit('case-1')).toMatchObject({ ok: true });
  });

  it('a writer process killed (SIGKILL) while its write runs in the server: all of it or nothing, and its notifications are not lost', { timeout: 60_000 }, async () => {
    const prefix = newPrefix();
    const pool = newPool();
    const store = postgresStore({ pool, tablePrefix: prefix });
    await store.migrate();
    const engine = createCaseEngine({ store, clock });
    await engine.open(applicationInput());
    await engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')));
    await engine.deliverNotifications(() => {});
    const before = await store.audit('case-1');

    // The write is one statement: hold the case row so it waits inside the server, kill the
    // writer process there, then let go. The writer has an onNotification hook it never reaches.
    const locker = await pool.connect();
    await locker.query('BEGIN');
    await locker.query(`SELECT 1 FROM ${prefix}cases WHERE case_id = 'case-1' FOR UPDATE`);
    const child = writer({ prefix, caseId: 'case-1', writer: 'killed', sends: 1, notify: true, clock: bj('2026-09-02 10:30') });
    await until(async () => (await pool.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, [`%UPDATE ${prefix}cases%`])).rows.length > 0);
    child.kill('SIGKILL');
    await child.exited;
    await locker.query('ROLLBACK');
    locker.release();
    expect(child.lines().filter((line) => line.event === 'sent' || line.event === 'delivered')).toEqual([]);

    // The server finished the statement for the dead client or dropped it: never half of it.
    const after = createCaseEngine({ store: postgresStore({ pool: newPool(), tablePrefix: prefix }), clock });
    // Not only done waiting for the lock: done running. A loaded server may still be finishing the
    // dead client's statement after the lock is let go, and commit it after the log was read.
    await until(async () => (await pool.query(`SELECT 1 FROM pg_stat_activity WHERE state <> 'idle' AND query LIKE $1`, [`%UPDATE ${prefix}cases%`])).rows.length === 0);
    const log = (await store.audit('case-1'))!;
    if (log.entries.length === 2) {
      expect(log).toEqual(before);
    } else {
      expect(log.entries).toHaveLength(3);
      expect(await after.verifyAudit('case-1')).toMatchObject({ ok: true, replayed: true });
      // Committed, never delivered by the dead process: the outbox has it, and another engine delivers it.
      const pending = await after.pendingNotifications();
      expect(pending.map((record) => record.id)).toEqual(['case-1/3/0']);
      const delivered: string[] = [];
      expect((await after.deliverNotifications((_n, meta) => void delivered.push(meta.id))).delivered).toEqual(['case-1/3/0']);
      expect(delivered).toEqual(['case-1/3/0']);
    }
    const next = await after.send('case-1', { type: 'case.urge', by: center, unit: 'justice' });
    expect(next.version).toBe(log.entries.length + 1);
    expect(await after.verifyAudit('case-1')).toMatchObject({ ok: true });
  });

  it('writer processes whose backends are terminated again and again never crash and get only typed errors', { timeout: 120_000 }, async () => {
    const prefix = newPrefix();
    const pool = newPool();
    const store = postgresStore({ pool, tablePrefix: prefix });
    await store.migrate();
    await createCaseEngine({ store, clock }).open(applicationInput());
    await createCaseEngine({ store, clock }).send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')));
    const children = ['a', 'b', 'c'].map((name) => writer({ prefix, caseId: 'case-1', writer: name, sends: 15, idempotencyKeys: true, deliver: true }));
    let terminated = 0;
    let running = true;
    const killer = (async () => {
      while (running) {
        const { rows } = await pool.query(
          // Every backend of the writers, also one still connecting or between statements.
          `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name LIKE 'le-writer-%' AND pid <> pg_backend_pid()`,
        );
        terminated += rows.filter((row) => row.ok === true).length;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    const codes = await Promise.all(children.map((child) => child.exited));
    running = false;
    await killer;
    const lines = children.flatMap((child) => child.lines());
    expect(codes).toEqual([0, 0, 0]);
    expect(lines.filter((line) => line.event === 'untyped')).toEqual([]);
    expect(lines.filter((line) => line.event === 'error' && !['STORE_UNAVAILABLE', 'VERSION_CONFLICT'].includes(line.code as string))).toEqual([]);
    // Every send that was acknowledged is in the log exactly once.
    const engine = createCaseEngine({ store, clock });
    const logged = (await engine.history('case-1')).filter((entry) => entry.type === 'case.urge').map((entry) => (entry.event as { message: string }).message);
    const acknowledged = lines.filter((line) => line.event === 'sent').map((line) => line.message as string);
    expect(new Set(logged).size).toBe(logged.length);
    expect(acknowledged.filter((message) => !logged.includes(message))).toEqual([]);
    expect(await engine.verifyAudit('case-1')).toMatchObject({ ok: true });
    console.log(`[store.postgres] ${acknowledged.length} sends acknowledged, ${logged.length} logged, ${terminated} backends terminated`);
  });

  it('maps what PostgreSQL refuses to typed errors: a forged log row ahead, a JSON-string envelope, a missing table', async () => {
    const prefix = newPrefix();
    const pool = newPool();
    const store = postgresStore({ pool, tablePrefix: prefix });
    await store.migrate();
    const engine = createCaseEngine({ store, clock });
    await engine.open(applicationInput());
    await engine.open(applicationInput({ caseId: 'case-2' }));
    // A row at the version the case reaches next: the write hits the log's primary key.
    const { rows } = await pool.query(`SELECT entry FROM ${prefix}case_log WHERE case_id = 'case-1'`);
    await pool.query(`INSERT INTO ${prefix}case_log (case_id, version, entry) VALUES ('case-1', 2, $1::json)`, [JSON.stringify({ ...rows[0].entry, version: 2 })]);
    await expect(engine.send('case-1', { type: 'review.pass', by: center })).rejects.toMatchObject({
      code: 'INCOMPATIBLE_SNAPSHOT',
      context: { caseId: 'case-1', table: 'case_log', version: 2 },
    });
    expect(await engine.verifyAudit('case-1')).toMatchObject({ ok: false, problems: expect.arrayContaining([expect.objectContaining({ kind: 'envelope', message: 'the log has 2 entries but the case is at version 1' })]) });
    // An envelope that is a JSON string: that case is INCOMPATIBLE_SNAPSHOT, the others read as before.
    await pool.query(`UPDATE ${prefix}cases SET envelope = '"not an envelope"'::json WHERE case_id = 'case-1'`);
    await expect(engine.get('case-1')).rejects.toMatchObject({ code: 'INCOMPATIBLE_SNAPSHOT', context: { caseId: 'case-1' } });
    await expect(engine.list()).rejects.toMatchObject({ code: 'INCOMPATIBLE_SNAPSHOT', context: { caseId: 'case-1' } });
    expect((await engine.get('case-2')).version).toBe(1);
    expect(await engine.verifyAudit('case-1')).toMatchObject({ ok: false, problems: expect.arrayContaining([expect.objectContaining({ kind: 'envelope' })]) });
    // Tables that were never made.
    const unmigrated = createCaseEngine({ store: postgresStore({ pool, tablePrefix: newPrefix() }), clock });
    await expect(unmigrated.get('case-1')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', context: { sqlstate: '42P01', retryable: false, outcome: 'not-applied' } });
    await expect(unmigrated.open(applicationInput())).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', context: { sqlstate: '42P01' } });
  });

  it('a server that cannot be reached is STORE_UNAVAILABLE (retryable), never a raw pg error', async () => {
    const refused = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/nowhere', connectionTimeoutMillis: 2_000 });
    refused.on('error', () => {});
    pools.push(refused);
    const engine = createCaseEngine({ store: postgresStore({ pool: refused, tablePrefix: newPrefix() }), clock });
    await expect(engine.get('case-1')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', context: { retryable: true, outcome: 'not-applied' } });
    // A write whose answer never came: the engine cannot check either, so the outcome stays unknown.
    await expect(engine.open(applicationInput())).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', context: { retryable: true, outcome: 'unknown' } });
  });

  it('least privilege: the application role can run cases but cannot change the log or switch its trigger off', { timeout: 60_000 }, async () => {
    const prefix = newPrefix();
    const admin = newPool();
    const owner = `${prefix}owner`;
    const app = `${prefix}app`;
    await admin.query(`CREATE ROLE "${owner}" NOLOGIN; CREATE ROLE "${app}" LOGIN`);
    roles.push(owner, app);
    await postgresStore({ pool: admin, tablePrefix: prefix }).migrate({ ownerRole: owner, appRole: app });
    const url = new URL(databaseUrl!);
    url.username = app;
    const appPool = newPool({ connectionString: url.toString() });
    const store = postgresStore({ pool: appPool, tablePrefix: prefix });
    const engine = createCaseEngine({ store, clock });
    await engine.open(applicationInput());
    await engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')), { idempotencyKey: 'k' });
    expect((await engine.deliverNotifications(() => {})).delivered).toHaveLength(2);
    expect(await engine.verifyAudit('case-1')).toMatchObject({ ok: true });
    const t = store.tables;
    for (const statement of [
      `ALTER TABLE ${t.log} DISABLE TRIGGER USER`,
      `UPDATE ${t.log} SET entry = '{}'::json`,
      `DELETE FROM ${t.log}`,
      `TRUNCATE ${t.log}`,
      `DELETE FROM ${t.cases}`,
      `DELETE FROM ${t.idempotency}`,
      `DROP TABLE ${t.outbox}`,
    ]) {
      await expect(appPool.query(statement), statement).rejects.toMatchObject({ code: expect.stringMatching(/^42501$/u) });
    }
    // Migrating again as the owner's superuser keeps the grants; the app role cannot migrate.
    await postgresStore({ pool: admin, tablePrefix: prefix }).migrate({ ownerRole: owner, appRole: app });
    await expect(store.migrate()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect((await engine.send('case-1', ev('legal.approve', justice, bj('2026-09-02 10:00')))).version).toBe(3);
  });
});

/** Waits until `condition` holds (checked every 10 ms, for at most 20 s). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 2_000; tries++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('timed out waiting');
}

/** A writer process (test/_lib/pgWriter.ts) with its output lines and exit code. */
function writer(options: WriterOptions) {
  const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', source('./_lib/pgWriter.ts'), JSON.stringify(options)], {
    cwd: source('..'),
    env: { ...process.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    kill: (signal: NodeJS.Signals) => child.kill(signal),
    exited: exited.then((code) => {
      if (code !== 0 && code !== null) console.error(`writer ${options.writer} exited ${code}: ${errors}`);
      return code;
    }),
    lines: () =>
      output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
