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
const clock = { now: () => new Date(bj('2026-09-01 09:30')) };

afterAll(async () => {
  if (databaseUrl === undefined) return;
  const admin = newPool();
  for (const prefix of prefixes) {
    await admin.query(`DROP TABLE IF EXISTS ${prefix}case_idempotency, ${prefix}case_log, ${prefix}cases CASCADE; DROP FUNCTION IF EXISTS ${prefix}case_log_append_only()`);
  }
  await Promise.all(pools.map((pool) => pool.end()));
});

describe('postgresStore options and schema (no server needed)', () => {
  it('checks the pool and the table prefix', () => {
    expect(() => postgresStore({} as never)).toThrow(/options\.pool: must be a pg Pool/);
    expect(() => postgresStore({ pool: { query: async () => ({ rows: [], rowCount: 0 }), connect: async () => ({}) as never }, tablePrefix: 'Bad-Prefix' })).toThrow(/tablePrefix/);
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

  it('a process killed in the middle of send leaves the case as it was; the next send works', { timeout: 60_000 }, async () => {
    const prefix = newPrefix();
    const store = postgresStore({ pool: newPool(), tablePrefix: prefix });
    await store.migrate();
    const engine = createCaseEngine({ store, clock });
    await engine.open(applicationInput());
    await engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')));
    const before = await store.audit('case-1');

    // Another process sends legal.approve; inside the transaction, with the case row already
    // updated, it says so and waits — and is killed with SIGKILL.
    const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));
    const child = spawn(
      process.execPath,
      [
        '--import', 'tsx', '--input-type=module', '-e',
        `
        import pg from 'pg';
        import { createCaseEngine } from ${JSON.stringify(source('../src/engine/index.ts'))};
        import { postgresStore } from ${JSON.stringify(source('../src/store/postgres/index.ts'))};
        const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
        const stalling = {
          query: (text, values) => pool.query(text, values),
          async connect() {
            const client = await pool.connect();
            return new Proxy(client, { get(target, key) {
              const value = Reflect.get(target, key);
              if (key !== 'query') return typeof value === 'function' ? value.bind(target) : value;
              return async (text, values) => {
                if (/INSERT INTO \\w+case_log/u.test(text)) { console.log('IN_TRANSACTION'); await new Promise(() => {}); }
                return target.query(text, values);
              };
            } });
          },
        };
        const engine = createCaseEngine({ store: postgresStore({ pool: stalling, tablePrefix: ${JSON.stringify(prefix)} }) });
        await engine.send('case-1', { type: 'legal.approve', by: { unit: 'justice' }, at: '2026-09-02T10:00:00+08:00' });
        console.log('COMMITTED');
        `,
      ],
      { cwd: source('..'), env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('IN_TRANSACTION')) resolve();
      });
      child.on('exit', () => reject(new Error(`the child exited before stalling: ${output}`)));
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(output).not.toContain('COMMITTED');

    // The server rolls the dead session back; nothing of it remains.
    const after = createCaseEngine({ store: postgresStore({ pool: newPool(), tablePrefix: prefix }), clock });
    expect(await store.audit('case-1')).toEqual(before);
    expect((await after.get('case-1')).version).toBe(2);
    expect(await after.send('case-1', ev('legal.approve', justice, bj('2026-09-02 10:00')))).toMatchObject({ version: 3, state: 'leaderApproval' });
    expect(await after.verifyAudit('case-1')).toMatchObject({ ok: true });
  });
});
