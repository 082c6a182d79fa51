/**
 * What only the PostgreSQL store has: its schema and migrate(), the append-only trigger, table
 * prefixes, and a process killed while its write waits in the server. The behaviour every store
 * shares is in store.conformance.test.ts; writers killed, backends terminated and the server
 * restarted under load are in faults.postgres.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresSchema, postgresStore } from '../src/store/postgres/index.js';
import { createCaseEngine, memoryStore, type CaseEngine, type CaseMigration, type ListQuery, type MemoryStoreData } from 'linked-enforcement';
import { applicationInput, bj, center, ev, justice } from './_lib/cases.js';
import { spawnWriter } from './_lib/writers.js';
import { toReporting } from './_lib/engine.js';
import { dropTables } from './_lib/storeHarness.js';
import { LIST_NOW, makeTemplates, postgresPopulation } from '../bench/_lib/population.js';
import { listQueries } from '../bench/scale.js';

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
    await dropTables(admin, prefix);
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
    expect(sql).toContain('CREATE INDEX IF NOT EXISTS siyang_cases_due_idx ON siyang_cases (next_due_at, case_id COLLATE "C")');
    expect(sql).toContain('CREATE INDEX IF NOT EXISTS siyang_cases_wake_idx ON siyang_cases (next_wake_at, case_id COLLATE "C")');
    expect(sql).toContain('CREATE INDEX IF NOT EXISTS siyang_cases_filters_idx ON siyang_cases (case_id) INCLUDE (state, stage, origin, item_no, has_overdue, next_due_at)');
    expect(sql).toContain('CREATE UNIQUE INDEX IF NOT EXISTS siyang_case_units_key ON siyang_case_units (unit, opened_at, case_id COLLATE "C")');
    expect(sql).toContain('CREATE INDEX IF NOT EXISTS siyang_case_units_state_idx ON siyang_case_units (unit, state, opened_at, case_id COLLATE "C")');
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
    expect(rows.map((row) => row.indexname)).toContain(`${prefix}cases_due_idx`);
    expect(rows.map((row) => row.indexname)).toContain(`${prefix}cases_wake_idx`);
    // The sweep's query can use it (the planner is told to avoid a sequential scan, as on a big table).
    const client = await admin.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const plan = await client.query(`EXPLAIN SELECT case_id FROM ${prefix}cases WHERE next_due_at < now() ORDER BY next_due_at, case_id COLLATE "C" LIMIT 10`);
      expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain(`${prefix}cases_due_idx`);
    } finally {
      client.release();
    }
  });

  const fixturePath = (path: string) => fileURLToPath(new URL(`./fixtures/persisted/${path}`, import.meta.url));
  const fixture = (path: string) => JSON.parse(readFileSync(fixturePath(path), 'utf8')) as MemoryStoreData;
  type Tables = ReturnType<typeof postgresStore>['tables'];
  /** Each fixture case's rows as a release stored them: the columns `columns` names (0.2.0 had no origin or item), its log and its idempotency records. */
  const fillCases = async (pool: pg.Pool, t: Tables, data: MemoryStoreData, withOpening: boolean) => {
    for (const [caseId, stored] of Object.entries(data.cases)) {
      const { envelope, summary } = stored as unknown as { envelope: Record<string, unknown>; summary: Record<string, unknown> };
      const context = (envelope.snapshot as { context: Record<string, unknown> }).context;
      const values = [caseId, envelope.version, envelope.machineId, envelope.machineVersion, JSON.stringify(envelope), summary.state, summary.stage, summary.status, summary.units, summary.nextDueAt, summary.hasOverdue, summary.openedAt, summary.updatedAt];
      await pool.query(
        withOpening
          ? `INSERT INTO ${t.cases} (case_id, version, machine_id, machine_version, envelope, state, stage, status, units, next_due_at, has_overdue, opened_at, updated_at, origin, item_no)
             VALUES ($1, $2, $3, $4, $5::json, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`
          : `INSERT INTO ${t.cases} (case_id, version, machine_id, machine_version, envelope, state, stage, status, units, next_due_at, has_overdue, opened_at, updated_at)
             VALUES ($1, $2, $3, $4, $5::json, $6, $7, $8, $9, $10, $11, $12, $13)`,
        withOpening ? [...values, context.origin, context.itemNo ?? null] : values,
      );
      for (const entry of stored.audit as unknown as { version: number }[]) await pool.query(`INSERT INTO ${t.log} (case_id, version, entry) VALUES ($1, $2, $3::json)`, [caseId, entry.version, JSON.stringify(entry)]);
      for (const [key, record] of Object.entries(stored.idempotency ?? {}) as [string, { requestHash: string; version: number; result?: unknown }][]) {
        await pool.query(`INSERT INTO ${t.idempotency} (case_id, key, version, request_hash, result) VALUES ($1, $2, $3, $4, $5::json)`, [caseId, key, record.version, record.requestHash, record.result === undefined ? null : JSON.stringify(record.result)]);
      }
    }
  };
  const fixtureSets = () => ({ v1: fixture('v1/cases.json'), 'legacy-v0': fixture('legacy-v0/cases.json'), v2: fixture('v2/cases.json') });
  // legacy-v0 is a county's older release: it loads with the county's migration (test/engine.persisted.test.ts).
  const renamed: CaseMigration = {
    from: 0,
    to: 1,
    migrate: (snapshot) => {
      const rename = (path: unknown) => (path === 'enforcing.feedback' ? 'enforcing.reporting' : path);
      const context = snapshot.context as { history: Record<string, unknown>[]; deadlines: Record<string, unknown>[] };
      return {
        ...snapshot,
        value: { enforcing: 'reporting' },
        context: {
          ...context,
          history: context.history.map((entry) => ({ ...entry, from: rename(entry.from), to: rename(entry.to) })),
          deadlines: context.deadlines.map(({ due, ...deadline }) => ({ ...deadline, dueAt: due })),
        },
      };
    },
  };

  /** After migrate(): every fixture case reads, lists, verifies, delivers and sweeps on PostgreSQL as it does on the memory store. */
  const expectAsInMemory = async (store: ReturnType<typeof postgresStore>, sets: Record<string, MemoryStoreData>, pool: ReturnType<typeof newPool>) => {
    const t = store.tables;
    const later = { now: () => new Date(bj('2026-12-01 09:00')) };
    const onPostgres = createCaseEngine({ store, clock: later, migrations: [renamed] });
    const inMemory: Record<string, CaseEngine> = Object.fromEntries(Object.entries(sets).map(([name, data]) => [name, createCaseEngine({ store: memoryStore({ data }), clock: later, migrations: [renamed] })]));
    for (const [name, data] of Object.entries(sets)) {
      for (const caseId of Object.keys(data.cases)) {
        expect(await onPostgres.get(caseId), caseId).toEqual(await inMemory[name]!.get(caseId));
        expect(await onPostgres.history(caseId), caseId).toEqual(await inMemory[name]!.history(caseId));
        expect(await onPostgres.verifyAudit(caseId), caseId).toEqual(await inMemory[name]!.verifyAudit(caseId));
      }
    }
    // Inboxes (a unit's cases in a state or a stage) find the same cases as the memory store's indexes.
    const listed = async (engine: CaseEngine, query: ListQuery) => (await engine.list({ ...query, limit: 500 })).items.map((view) => view.caseId);
    const allInMemory = async (query: ListQuery) => (await Promise.all(Object.values(inMemory).map((engine) => listed(engine, query)))).flat().sort();
    for (const query of [{ unit: 'market-regulation', state: 'enforcing.reporting' }, { unit: 'market-regulation', state: 'enforcing' }, { unit: 'fire-rescue', state: 'enforcing' }, { unit: 'market-regulation', state: 'archived' }] as ListQuery[]) {
      expect((await listed(onPostgres, query)).sort(), JSON.stringify(query)).toEqual(await allInMemory(query));
    }
    expect((await allInMemory({ unit: 'market-regulation', state: 'enforcing' })).length).toBeGreaterThan(0);
    for (const status of ['pending', 'delivered', 'failed'] as const) {
      expect(await onPostgres.pendingNotifications({ status, limit: 1000 }), status).toEqual(await inMemory.v2!.pendingNotifications({ status, limit: 1000 }));
    }
    const sent: Record<string, unknown[]> = { postgres: [], memory: [] };
    const postgresReport = await onPostgres.deliverNotifications((notification, meta) => void sent.postgres!.push([meta.id, notification]));
    const memoryReport = await inMemory.v2!.deliverNotifications((notification, meta) => void sent.memory!.push([meta.id, notification]));
    expect(postgresReport.delivered.length).toBeGreaterThan(0);
    expect(postgresReport).toEqual(memoryReport);
    expect(sent.postgres).toEqual(sent.memory);
    // 待办/已办: migrate() queued the stored cases; the first inbox call indexes them from their snapshots, as the memory store's does.
    const byCase = (items: readonly { caseId: string }[]) => [...items].sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
    let waiting = 0;
    for (const actor of [{ unit: 'command-center' }, { unit: 'justice' }, { unit: 'market-regulation' }, { unit: 'public-security' }, { leader: { name: '李副县长', post: 'inCharge' } }] as const) {
      const onMemory = await Promise.all(Object.values(inMemory).map((engine) => engine.inbox(actor, { limit: 1000 })));
      const page = await onPostgres.inbox(actor, { limit: 1000 });
      expect(byCase(page.items), JSON.stringify(actor)).toEqual(byCase(onMemory.flatMap((one) => one.items)));
      expect(page.failed).toEqual(onMemory.flatMap((one) => one.failed));
      waiting += page.items.length;
      const done = await onPostgres.done(actor, { limit: 1000 });
      expect(byCase(done.items), JSON.stringify(actor)).toEqual(byCase((await Promise.all(Object.values(inMemory).map((engine) => engine.done(actor, { limit: 1000 })))).flatMap((one) => one.items)));
    }
    expect(waiting).toBeGreaterThan(0);
    expect((await pool.query(`SELECT count(*)::int AS n FROM ${t.inboxBacklog}`)).rows[0].n).toBe(0);
    // A write on the migrated tables: the sweep marks what fell due since, as on the memory store.
    const swept = await onPostgres.sweep();
    const sweptInMemory = (await Promise.all(Object.values(inMemory).map((engine) => engine.sweep()))).flatMap((report) => report.overdue);
    expect(swept.overdue.map((one) => one.caseId).sort()).toEqual(sweptInMemory.map((one) => one.caseId).sort());
    expect(swept.overdue.length).toBeGreaterThan(0);
    for (const { caseId } of swept.overdue) expect(await onPostgres.verifyAudit(caseId), caseId).toMatchObject({ ok: true });
    return { onPostgres, inMemory };
  };

  it('migrate() upgrades a 0.2.0 database (the outbox kept each notification in its row) holding the persisted fixtures: every case reads, verifies, delivers and sweeps as from the memory store', { timeout: 60_000 }, async () => {
    const prefix = newPrefix();
    const pool = newPool();
    await pool.query(readFileSync(fixturePath('postgres-0.2.0/schema.sql'), 'utf8').replaceAll('fx020_', prefix));
    const t = postgresStore({ pool, tablePrefix: prefix }).tables;
    const sets = fixtureSets();
    // The fixtures' cases as 0.2.0 stored them (a v1 case as 0.2.0's migrate() left a 0.1 database); 0.2.0 had no origin or item columns.
    for (const data of Object.values(sets)) await fillCases(pool, t, data, false);
    for (const m of sets.v2.outbox ?? []) {
      await pool.query(
        `INSERT INTO ${t.outbox} (id, case_id, version, notification_index, notification, created_at, attempts, next_attempt_at, lease_until, delivered_at, failed_at, last_error)
         VALUES ($1, $2, $3, $4, $5::json, $6, $7, $8, $9, $10, $11, $12)`,
        [m.id, m.caseId, m.version, m.index, JSON.stringify(m.notification), m.createdAt, m.attempts, m.nextAttemptAt, m.leaseUntil, m.deliveredAt, m.failedAt, m.lastError],
      );
    }

    const store = postgresStore({ pool, tablePrefix: prefix });
    await store.migrate();
    await store.migrate();
    const columns = await pool.query(`SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY column_name`, [t.outbox]);
    expect(columns.rows.map((row) => row.column_name)).not.toContain('notification');
    await expectAsInMemory(store, sets, pool);
  });

  it('migrate() upgrades a 0.3.0 database (the unit index without the cases\' states) holding the persisted fixtures: each unit row takes its case\'s state and stage, inboxes list and writes keep them as on the memory store', { timeout: 60_000 }, async () => {
    const prefix = newPrefix();
    const pool = newPool();
    await pool.query(readFileSync(fixturePath('postgres-0.3.0/schema.sql'), 'utf8').replaceAll('fx030_', prefix));
    const t = postgresStore({ pool, tablePrefix: prefix }).tables;
    const sets = fixtureSets();
    // The fixtures' cases as 0.3.0 stored them: the opening's origin and item, a unit row per unit (unit, opening, case), the outbox's delivery state.
    for (const data of Object.values(sets)) await fillCases(pool, t, data, true);
    await pool.query(`INSERT INTO ${t.units} (unit, opened_at, case_id) SELECT u.unit, c.opened_at, c.case_id FROM ${t.cases} c, unnest(c.units) AS u (unit)`);
    for (const m of sets.v2.outbox ?? []) {
      await pool.query(
        `INSERT INTO ${t.outbox} (case_id, version, notification_index, created_at, attempts, next_attempt_at, lease_until, delivered_at, failed_at, last_error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [m.caseId, m.version, m.index, m.createdAt, m.attempts, m.nextAttemptAt, m.leaseUntil, m.deliveredAt, m.failedAt, m.lastError],
      );
    }
    const unitRows = Number((await pool.query(`SELECT count(*) AS n FROM ${t.units}`)).rows[0].n);
    expect(unitRows).toBeGreaterThan(10);

    const store = postgresStore({ pool, tablePrefix: prefix });
    await store.migrate();
    await store.migrate();
    // Every unit row now holds its case's state and stage (none lost, none left empty).
    const { rows: stale } = await pool.query(`SELECT u.case_id, u.unit FROM ${t.units} u JOIN ${t.cases} c ON c.case_id = u.case_id WHERE u.state IS DISTINCT FROM c.state OR u.stage IS DISTINCT FROM c.stage`);
    expect(stale).toEqual([]);
    expect(Number((await pool.query(`SELECT count(*) AS n FROM ${t.units}`)).rows[0].n)).toBe(unitRows);
    // The indexes 0.4 narrowed: the state indexes leave archived cases out, the outbox's due index holds the due time only.
    const { rows: indexes } = await pool.query(`SELECT indexname, indexdef FROM pg_indexes WHERE starts_with(indexname, $1)`, [prefix]);
    const definition = (name: string) => indexes.find((row) => row.indexname === `${prefix}${name}`)?.indexdef as string | undefined;
    expect(definition('case_units_state_idx')).toMatch(/WHERE \(state <> 'archived'::text\)$/u);
    expect(definition('cases_state_opened_idx')).toMatch(/WHERE \(state <> 'archived'::text\)$/u);
    expect(definition('case_outbox_due_idx')).toBeUndefined();
    expect(definition('case_outbox_next_idx')).toMatch(/\(next_attempt_at\) WHERE/u);
    expect(definition('case_stats_period_idx')).toMatch(/\(opened_at\)$/u);
    const { onPostgres, inMemory } = await expectAsInMemory(store, sets, pool);
    // A send moves the case in its units' inbox: out of the old state, into the new one, on both stores.
    const reporting = { unit: 'public-security', state: 'enforcing.reporting' } as ListQuery;
    // A case of 0.2.0's fixtures (v2): verifyAudit replays it, and checks the stored columns against the replay.
    const caseId = (await onPostgres.list(reporting)).items.find((view) => view.caseId.startsWith('fx2-') && view.allowedEvents({ unit: 'public-security' }).includes('results.upload'))?.caseId;
    expect(caseId).toBeDefined();
    const owner = inMemory[Object.entries(sets).find(([, data]) => Object.hasOwn(data.cases, caseId!))![0]]!;
    const upload = { type: 'results.upload', by: { unit: 'public-security' }, results: { summary: '检查完成' } } as const;
    const [onPg, inMem] = [await onPostgres.send(caseId!, upload), await owner.send(caseId!, upload)];
    expect(onPg.state).toBe(inMem.state);
    for (const state of ['enforcing.reporting', onPg.state]) {
      const query = { unit: 'public-security', state } as ListQuery;
      expect((await onPostgres.list(query)).items.some((view) => view.caseId === caseId), state).toBe(state === onPg.state);
    }
    // A case of 0.2.0–0.3.0 (machine version 2) is verified by its chain and digests since machine version 3; not replayed.
    expect(await onPostgres.verifyAudit(caseId!)).toMatchObject({ ok: true, replayed: false });
    // A case this release writes on the migrated tables is replayed: a unit row whose state was changed outside the
    // engine would list the case in the wrong inbox, and verifyAudit names the unit index.
    const fresh = await toReporting(onPostgres, 'fx4-fresh');
    expect(await onPostgres.verifyAudit('fx4-fresh')).toMatchObject({ ok: true, replayed: true });
    await pool.query(`UPDATE ${t.units} SET state = 'archived', stage = 'archived' WHERE case_id = $1 AND unit = 'market-regulation'`, ['fx4-fresh']);
    expect((await onPostgres.verifyAudit('fx4-fresh')).problems).toEqual([
      {
        kind: 'column',
        version: expect.any(Number),
        table: 'case_units',
        field: 'state',
        message: `the unit index holds another state for [["market-regulation","archived","archived"]] than the replayed case's (${fresh.state}): fx4-fresh would be listed in the wrong inbox`,
      },
    ]);
  });

  it('list pages every filter, and sweep claims, on an index: no sequential scan of the cases or the unit index at 20 000 cases; a write finds its unit rows by their whole key (EXPLAIN)', { timeout: 180_000 }, async () => {
    const prefix = newPrefix();
    const pool = newPool();
    const statements: { text: string; values: unknown[] }[] = [];
    // Records what the store sends (statements unprepared, as text and values), to EXPLAIN it.
    const recording = {
      query: (text: string, values?: unknown[]) => {
        statements.push({ text, values: values ?? [] });
        return pool.query(text, values);
      },
    };
    const store = postgresStore({ pool: recording, tablePrefix: prefix, preparedStatements: false });
    await store.migrate();
    await makeTemplates(store, 36);
    await postgresPopulation(pool, prefix, 20_000, 36);
    const engine = createCaseEngine({ store, clock: { now: () => new Date(LIST_NOW) } });
    /** The statement `run` sends whose text holds `marker`. */
    const sentBy = async (run: () => Promise<unknown>, marker: string) => {
      statements.length = 0;
      await run();
      const statement = statements.find((one) => one.text.includes(marker));
      expect(statement, marker).toBeDefined();
      return statement!;
    };
    const planOf = async (run: () => Promise<unknown>, marker: string) => {
      const statement = await sentBy(run, marker);
      const { rows } = await pool.query(`EXPLAIN ${statement.text}`, statement.values);
      return rows.map((row) => row['QUERY PLAN'] as string).join('\n');
    };
    const queries: Record<string, ListQuery> = { ...listQueries, 'unit, 2nd page': { unit: 'fire-rescue', cursor: (await engine.list({ unit: 'fire-rescue' })).nextCursor! }, 'state and unit, opened in March': { state: 'enforcing', unit: 'health', openedFrom: '2026-03-01T00:00:00+08:00', openedTo: '2026-04-01T00:00:00+08:00' },
      // Archived cases are left out of the state indexes: most of the cases, they are found in the opening order, by unit or not.
      'archived, of a unit': { unit: 'fire-rescue', state: 'archived' }, archived: { state: 'archived' } };
    /** The index that orders each page (the unit index for a unit; `overdue: false` is most cases: the opening order, filtered). */
    const indexOf = (name: string) =>
      name === 'inbox (unit + state)'
        ? 'case_units_state_idx'
        : name.startsWith('state and unit')
        ? 'case_units_stage_idx'
        : name.includes('unit')
        ? 'case_units_key'
        : ({ 'state (path)': 'cases_state_opened_idx', 'state (stage)': 'cases_stage_opened_idx', 'overdue: true': 'cases_overdue_opened_idx', origin: 'cases_origin_opened_idx', itemNo: 'cases_item_opened_idx' }[name] ?? 'cases_opened_idx');
    for (const [name, query] of Object.entries(queries)) {
      const plan = await planOf(() => engine.list(query), 'FROM (');
      expect(plan, name).not.toMatch(new RegExp(`Seq Scan on ${prefix}(cases|case_units)\\b`, 'u'));
      expect(plan, name).toContain(`${prefix}${indexOf(name)} on`);
      // An inbox (a unit's cases in a state or a stage) is one range of the unit index, which holds each case's state: no case is read to fill the page.
      if (query.unit !== undefined && query.state !== undefined && query.state !== 'archived') {
        expect(plan, name).toMatch(new RegExp(`Index Only Scan (Backward )?using ${prefix}${indexOf(name)} on`, 'u'));
        expect(plan, name).not.toContain(`${prefix}cases_filters_idx`);
      }
    }
    const sweepPlan = await planOf(() => engine.sweep(), 'FOR UPDATE SKIP LOCKED');
    expect(sweepPlan).not.toMatch(new RegExp(`Seq Scan on ${prefix}cases\\b`, 'u'));
    expect(sweepPlan).toContain(`${prefix}cases_wake_idx`);
    // 待办 and 已办: a page walks one actor's rows in the index's order, first page and a later one.
    const center = { unit: 'command-center' } as const;
    const firstInbox = await engine.inbox(center, { limit: 50 });
    expect(firstInbox.items).toHaveLength(50);
    const firstDone = await engine.done(center, { limit: 50 });
    for (const [name, run, index] of [
      ['inbox', () => engine.inbox(center, { limit: 50 }), 'case_actors_inbox_idx'],
      ['inbox, 2nd page', () => engine.inbox(center, { limit: 50, cursor: firstInbox.nextCursor! }), 'case_actors_inbox_idx'],
      ['done', () => engine.done(center, { limit: 50 }), 'case_participation_done_idx'],
      ['done, 2nd page', () => engine.done(center, { limit: 50, cursor: firstDone.nextCursor! }), 'case_participation_done_idx'],
    ] as const) {
      const plan = await planOf(run, 'FROM (SELECT a.case_id');
      expect(plan, name).not.toMatch(new RegExp(`Seq Scan on ${prefix}(cases|case_actors|case_participation)\\b`, 'u'));
      expect(plan, name).toContain(`${prefix}${index} on`);
      expect(plan, name).not.toContain('Sort');
    }
    // A write finds its own rows of the unit index by the whole key (unit, opened_at, case_id): a
    // case_id compared in another collation than the index's would leave it to a filter over
    // every case a unit opened at that instant (an import, a batch, a test clock).
    await engine.open(applicationInput({ caseId: 'explain-write' }));
    for (const [name, run] of [
      ['open', () => engine.open(applicationInput({ caseId: 'explain-open' }))],
      ['send', () => engine.send('explain-write', ev('review.pass', center, bj('2026-09-01 10:00')))],
    ] as const) {
      const statement = await sentBy(run, 'WITH written AS');
      // The plan a prepared statement settles on: generic, its parameters unknown.
      const client = await pool.connect();
      let plan: string;
      try {
        await client.query('SET plan_cache_mode = force_generic_plan');
        await client.query(`PREPARE explained AS ${statement.text}`);
        // EXECUTE takes no parameters of its own: the values as literals (arrays as array literals).
        const literal = (value: unknown) => (value === null ? 'NULL' : client.escapeLiteral(Array.isArray(value) ? `{${value.map((item) => JSON.stringify(String(item))).join(',')}}` : String(value)));
        plan = (await client.query(`EXPLAIN EXECUTE explained (${statement.values.map(literal).join(', ')})`)).rows.map((row) => row['QUERY PLAN'] as string).join('\n');
      } finally {
        client.release(true);
      }
      const lines = plan.split('\n');
      const unitScans = lines.flatMap((line, index) => (line.includes(`on ${prefix}case_units `) && line.includes('Scan') ? [`${line}\n${lines[index + 1]!}`] : []));
      expect(unitScans.length, name).toBeGreaterThanOrEqual(2);
      for (const scan of unitScans) expect(scan, name).toMatch(/Index Scan .*\n\s*Index Cond: .*\(?case_id\)?(::text)? = /u);
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

  it('a writer process killed (SIGKILL) while its write runs in the server: all of it or nothing, and its notifications are not lost', { timeout: 180_000 }, async () => {
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
    const child = spawnWriter({ prefix, caseId: 'case-1', writer: 'killed', sends: 1, notify: true, clock: bj('2026-09-02 10:30') });
    await until(async () => (await pool.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, [`%UPDATE ${prefix}cases%`])).rows.length > 0);
    child.kill('SIGKILL');
    await child.exited;
    await locker.query('ROLLBACK');
    locker.release();
    expect(child.lines().filter((line) => line.event === 'sent' || line.event === 'delivered')).toEqual([]);

    // The server finished the statement for the dead client or dropped it: never half of it.
    const after = createCaseEngine({ store: postgresStore({ pool: newPool(), tablePrefix: prefix }), clock });
    // Not only done waiting for the lock: gone. A backend no longer waiting may still be about to
    // commit, and a read before that would miss the write a later send then lands after.
    await until(async () => (await pool.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'le-writer-killed' AND datname = current_database()`)).rows.length === 0);
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
    expect(await engine.list()).toMatchObject({ items: [{ caseId: 'case-2' }], failed: [{ caseId: 'case-1', code: 'INCOMPATIBLE_SNAPSHOT' }] });
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
    // It lists by every index and sweeps (claiming due cases updates their lease).
    expect((await engine.list({ unit: 'market-regulation', state: 'legalReview', origin: 'application', itemNo: 1 })).items.map((view) => view.caseId)).toEqual(['case-1']);
    expect(await engine.sweep()).toMatchObject({ overdue: [], failed: [] });
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
      `DROP TABLE ${t.units}`,
    ]) {
      await expect(appPool.query(statement), statement).rejects.toMatchObject({ code: expect.stringMatching(/^42501$/u) });
    }
    // Migrating again as the owner's superuser keeps the grants; the app role cannot migrate.
    await postgresStore({ pool: admin, tablePrefix: prefix }).migrate({ ownerRole: owner, appRole: app });
    await expect(store.migrate()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect((await engine.send('case-1', ev('legal.approve', justice, bj('2026-09-02 10:00')))).version).toBe(3);
  });
});

/** Waits until `condition` holds (checked every 10 ms, for at most 60 s: a writer process takes seconds to start on a busy machine). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 6_000; tries++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('timed out waiting');
}
