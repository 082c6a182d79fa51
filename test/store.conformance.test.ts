/**
 * One conformance suite, run against every case store: the memory store always, the
 * PostgreSQL store when DATABASE_URL points at a server (CI starts one; see .ci/run).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseNotification } from '../machines/types.js';
import { postgresStore, type PgPool, type PgPoolClient } from '../src/store/postgres/index.js';
import { CASE_MACHINE_VERSION, createCaseEngine, isLinkedEnforcementError, memoryStore, type CaseEngine, type CaseStore, type MemoryStore, type SendResult } from 'linked-enforcement';
import { applicationInput, bj, center, ev, justice, market } from './_lib/cases.js';
import { testClock, toReporting } from './_lib/engine.js';

type Json = Record<string, unknown>;

interface StoreHarness {
  readonly name: string;
  readonly skip: boolean;
  /** A fresh, empty store. */
  create(): Promise<CaseStore>;
  /** A new store object on the same data: what an app instance sees after a restart. */
  reopen(store: CaseStore): Promise<CaseStore>;
  /** Several stores on the same data, as separate app instances. */
  instances(store: CaseStore, count: number): Promise<CaseStore[]>;
  /** Changes a case's stored data behind the engine's back (a bad disk, an attacker); returns the store to read it through. */
  rewrite(store: CaseStore, caseId: string, change: { envelope?: (envelope: Json) => unknown; entries?: (entries: Json[]) => Json[] }): Promise<CaseStore>;
  /** A store on the same data whose next write breaks part-way. */
  crashing(store: CaseStore): Promise<{ store: CaseStore; crashed: () => boolean }>;
}

function memoryHarness(): StoreHarness {
  return {
    name: 'memory',
    skip: false,
    create: async () => memoryStore(),
    reopen: async (store) => memoryStore({ data: (store as MemoryStore).toJSON() }),
    // One process: every "instance" shares the one store object, as an app's handlers do.
    instances: async (store, count) => Array.from({ length: count }, () => store),
    async rewrite(store, caseId, change) {
      const data = (store as MemoryStore).toJSON();
      const record = data.cases[caseId]!;
      data.cases[caseId] = {
        ...record,
        envelope: (change.envelope?.(record.envelope as Json) ?? record.envelope) as typeof record.envelope,
        audit: change.entries?.(record.audit) ?? record.audit,
      };
      return memoryStore({ data });
    },
    async crashing(store) {
      let crashed = false;
      // The real store's write, fed an audit entry JSON cannot hold: it throws after serialising the envelope.
      return {
        crashed: () => crashed,
        store: {
          ...store,
          name: 'memory (crashing)',
          commit: async (write, expectedVersion) => {
            crashed = true;
            return store.commit({ ...write, entry: { ...write.entry, notifications: [{ poison: 1n } as never] } }, expectedVersion);
          },
        },
      };
    },
  };
}

function postgresHarness(url: string | undefined): StoreHarness {
  const pools: pg.Pool[] = [];
  const prefixes = new Set<string>();
  const prefixOf = new WeakMap<CaseStore, string>();
  const run = randomBytes(3).toString('hex');
  let count = 0;
  const newPool = (max = 4) => {
    const pool = new pg.Pool({ connectionString: url, max });
    pool.on('error', () => {}); // an idle client whose backend was terminated
    pools.push(pool);
    return pool;
  };
  const open = (prefix: string, pool: PgPool = newPool()) => {
    const store = postgresStore({ pool, tablePrefix: prefix });
    prefixOf.set(store, prefix);
    return store;
  };
  afterAll(async () => {
    if (url === undefined) return;
    const admin = newPool(1);
    for (const prefix of prefixes) {
      await admin.query(`DROP TABLE IF EXISTS ${prefix}case_idempotency, ${prefix}case_log, ${prefix}cases CASCADE; DROP FUNCTION IF EXISTS ${prefix}case_log_append_only()`);
    }
    await Promise.all(pools.map((pool) => pool.end()));
  });
  return {
    name: 'postgres',
    skip: url === undefined,
    async create() {
      const prefix = `lec_${run}_${++count}_`;
      prefixes.add(prefix);
      const store = open(prefix);
      await store.migrate();
      return store;
    },
    reopen: async (store) => open(prefixOf.get(store)!),
    instances: async (store, n) => Array.from({ length: n }, () => open(prefixOf.get(store)!, newPool(2))),
    async rewrite(store, caseId, change) {
      const prefix = prefixOf.get(store)!;
      const client = await newPool(1).connect();
      try {
        await client.query('BEGIN');
        // The log's append-only trigger stops everyone but the table owner, who must switch it off first.
        await client.query(`ALTER TABLE ${prefix}case_log DISABLE TRIGGER USER`);
        if (change.envelope) {
          const { rows } = await client.query(`SELECT envelope FROM ${prefix}cases WHERE case_id = $1`, [caseId]);
          await client.query(`UPDATE ${prefix}cases SET envelope = $2::json WHERE case_id = $1`, [caseId, JSON.stringify(change.envelope(rows[0].envelope))]);
        }
        if (change.entries) {
          const { rows } = await client.query(`SELECT entry FROM ${prefix}case_log WHERE case_id = $1 ORDER BY version`, [caseId]);
          const entries = change.entries(rows.map((row) => row.entry as Json));
          await client.query(`DELETE FROM ${prefix}case_log WHERE case_id = $1`, [caseId]);
          for (const [index, entry] of entries.entries()) {
            await client.query(`INSERT INTO ${prefix}case_log (case_id, version, entry) VALUES ($1, $2, $3::json)`, [caseId, index + 1, JSON.stringify(entry)]);
          }
        }
        await client.query(`ALTER TABLE ${prefix}case_log ENABLE TRIGGER USER`);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      return store;
    },
    async crashing(store) {
      const pool = newPool(2);
      const admin = newPool(1);
      let crashed = false;
      // A pool whose client loses its connection inside the transaction: after the case row is
      // updated, just as the audit entry is inserted, the server kills the backend.
      const crashingPool: PgPool = {
        query: (text, values) => pool.query(text, values),
        async connect() {
          const client = (await pool.connect()) as unknown as PgPoolClient;
          const { rows } = await client.query('SELECT pg_backend_pid() AS pid');
          const pid = rows[0]!.pid;
          return new Proxy(client, {
            get(target, key, receiver) {
              if (key !== 'query') return Reflect.get(target, key, receiver);
              return async (text: string, params?: unknown[]) => {
                if (!crashed && /INSERT INTO \w+case_log/u.test(text)) {
                  crashed = true;
                  await admin.query('SELECT pg_terminate_backend($1)', [pid]);
                }
                return target.query(text, params);
              };
            },
          });
        },
      };
      return { store: open(prefixOf.get(store)!, crashingPool), crashed: () => crashed };
    },
  };
}

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl === undefined) {
  console.warn(
    '\n[store conformance] DATABASE_URL is not set: SKIPPING the PostgreSQL store suite. `npm run db:start` starts a throw-away server that `npm test` then uses (README.md, "Running the PostgreSQL suite"); CI starts one the same way.\n',
  );
}


const uid = () => `case-${randomBytes(4).toString('hex')}`;


/** Writers race on one case, `rounds` times; each round every writer sends an urge pinned to the same version. */
async function race(engines: CaseEngine[], caseId: string, rounds: number, pinned: boolean) {
  const perRound: { winners: number; conflicts: number; other: unknown[] }[] = [];
  for (let round = 0; round < rounds; round++) {
    const { version } = await engines[0]!.get(caseId);
    const results = await Promise.allSettled(
      engines.map((engine, writer) =>
        engine.send(caseId, { type: 'case.urge', by: center, unit: 'justice', message: `r${round}w${writer}` }, pinned ? { expectedVersion: version } : {}),
      ),
    );
    const rejected = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected').map((result) => result.reason as unknown);
    perRound.push({
      winners: results.filter((result) => result.status === 'fulfilled').length,
      conflicts: rejected.filter((reason) => isLinkedEnforcementError(reason, 'VERSION_CONFLICT')).length,
      other: rejected.filter((reason) => !isLinkedEnforcementError(reason, 'VERSION_CONFLICT')),
    });
  }
  return perRound;
}

/** What every race must leave: versions 1…n without gaps, one entry each, a verifiable chain, the history in step. */
async function checkLog(engine: CaseEngine, caseId: string) {
  const view = await engine.get(caseId);
  const log = await engine.history(caseId);
  const verdict = await engine.verifyAudit(caseId);
  return {
    gapFree: log.every((entry, index) => entry.version === index + 1) && log.length === view.version,
    historyInStep: view.history.length === view.version,
    verified: verdict.ok,
    messages: log.filter((entry) => entry.type === 'case.urge').map((entry) => (entry.event as { message: string }).message),
  };
}

for (const harness of [memoryHarness(), postgresHarness(databaseUrl)]) {
  describe.skipIf(harness.skip)(`store conformance: ${harness.name}`, () => {
    it('writes a case at version 1, refuses a second create and a stale or unknown commit (compare-and-set)', async () => {
      const store = await harness.create();
      const engine = createCaseEngine({ store, clock: testClock(bj('2026-09-01 09:30')) });
      const caseId = uid();
      const opened = await engine.open(applicationInput({ caseId }));
      const loaded = await store.load(caseId);
      expect(loaded?.envelope).toMatchObject({ machineId: 'linkedEnforcementCase', machineVersion: CASE_MACHINE_VERSION, version: 1, nextDueAt: null });
      expect(await store.load('nope')).toBeUndefined();
      const log = await store.audit(caseId);
      expect(log?.entries).toHaveLength(1);
      const next = await engine.send(caseId, { type: 'review.pass', by: center });
      const summary = {
        caseId, version: 2, state: 'legalReview', stage: 'legalReview', status: 'active', units: ['market-regulation'],
        nextDueAt: null, hasOverdue: false, openedAt: bj('2026-09-01 09:00'), updatedAt: bj('2026-09-01 09:30'),
      };
      const replayWrite = { caseId, envelope: (await store.load(caseId))!.envelope, summary, entry: (await store.audit(caseId))!.entries[1] } as never;
      expect(await store.create(replayWrite)).toEqual({ ok: false, actualVersion: 2 });
      expect(await store.commit(replayWrite, 1)).toEqual({ ok: false, actualVersion: 2 });
      expect(await store.commit({ ...(replayWrite as object), caseId: 'nope' } as never, 1)).toEqual({ ok: false, actualVersion: null });
      expect([opened.version, next.version]).toEqual([1, 2]);
      expect(await engine.verifyAudit(caseId)).toMatchObject({ ok: true });
    });

    it('keeps stored text exactly (Chinese, emoji, quotes, a NUL character) and the chain verifiable', async () => {
      const store = await harness.create();
      const engine = createCaseEngine({ store, clock: testClock(bj('2026-09-01 09:30')) });
      const caseId = uid();
      await engine.open(applicationInput({ caseId, title: '城东 "农贸" 市场 😀 \\ 含\u0000空字符' }));
      const rejected = await engine.send(caseId, ev('review.reject', center, bj('2026-09-01 11:00'), { reason: '理由：\u0000\u2028\ud83d\ude00' }));
      const reread = await createCaseEngine({ store: await harness.reopen(store) }).get(caseId);
      expect(reread.title).toBe('城东 "农贸" 市场 😀 \\ 含\u0000空字符');
      expect(reread.output?.closingReason).toBe('理由：\u0000\u2028\ud83d\ude00');
      expect(reread.output).toEqual(rejected.output);
      expect(await engine.verifyAudit(caseId)).toMatchObject({ ok: true });
    });

    it('100 rounds of 3 writers pinned to one version: exactly one write per version, the rest VERSION_CONFLICT', { timeout: 120_000 }, async () => {
      const store = await harness.create();
      const clock = testClock(bj('2026-09-01 10:30'));
      const caseId = uid();
      const engines = (await harness.instances(store, 3)).map((instance) => createCaseEngine({ store: instance, clock }));
      await engines[0]!.open(applicationInput({ caseId }));
      await engines[0]!.send(caseId, ev('review.pass', center, bj('2026-09-01 10:00')));
      const rounds = await race(engines, caseId, 100, true);
      expect(rounds.every((round) => round.winners === 1 && round.conflicts === 2 && round.other.length === 0)).toBe(true);
      const log = await checkLog(engines[1]!, caseId);
      expect(log).toMatchObject({ gapFree: true, historyInStep: true, verified: true });
      expect(log.messages.map((message) => message.split('w')[0])).toEqual(Array.from({ length: 100 }, (_, round) => `r${round}`));
      expect((await engines[2]!.get(caseId)).version).toBe(102);
    });

    it('25 rounds of 4 unpinned writers: every event applied exactly once, by reloading after a lost race', { timeout: 120_000 }, async () => {
      const store = await harness.create();
      const clock = testClock(bj('2026-09-01 10:30'));
      const caseId = uid();
      const engines = (await harness.instances(store, 4)).map((instance) => createCaseEngine({ store: instance, clock, maxAttempts: 20 }));
      await engines[0]!.open(applicationInput({ caseId }));
      await engines[0]!.send(caseId, ev('review.pass', center, bj('2026-09-01 10:00')));
      const rounds = await race(engines, caseId, 25, false);
      expect(rounds.every((round) => round.winners === 4)).toBe(true);
      const log = await checkLog(engines[0]!, caseId);
      expect(log).toMatchObject({ gapFree: true, historyInStep: true, verified: true });
      expect(new Set(log.messages).size).toBe(100);
      expect(log.messages).toHaveLength(100);
    });

    it('racing retries with one idempotency key apply once and all return the same result', { timeout: 60_000 }, async () => {
      const store = await harness.create();
      const clock = testClock(bj('2026-09-01 10:30'));
      const caseId = uid();
      const engines = (await harness.instances(store, 3)).map((instance) => createCaseEngine({ store: instance, clock }));
      await engines[0]!.open(applicationInput({ caseId }));
      await engines[0]!.send(caseId, ev('review.pass', center, bj('2026-09-01 10:00')));
      for (let round = 0; round < 20; round++) {
        const event = { type: 'case.urge', by: center, unit: 'market-regulation', message: `第${round}次` } as const;
        const results = await Promise.all(engines.map((engine) => engine.send(caseId, event, { idempotencyKey: `urge-${round}` })));
        expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
        expect(results[0]!.version).toBe(round + 3);
      }
      const again = await createCaseEngine({ store: await harness.reopen(store), clock }).send(caseId, { type: 'case.urge', by: center, unit: 'market-regulation', message: '第3次' }, { idempotencyKey: 'urge-3' });
      expect(again.version).toBe(6);
      expect((await checkLog(engines[0]!, caseId)).messages).toHaveLength(20);
    });

    it('a write interrupted part-way leaves the case as it was; the next send works', async () => {
      const store = await harness.create();
      const clock = testClock(bj('2026-09-01 10:30'));
      const caseId = uid();
      const engine = createCaseEngine({ store, clock });
      await engine.open(applicationInput({ caseId }));
      await engine.send(caseId, ev('review.pass', center, bj('2026-09-01 10:00')));
      const before = { view: await engine.get(caseId), log: await store.audit(caseId) };

      const { store: crashing, crashed } = await harness.crashing(store);
      const doomed = createCaseEngine({ store: crashing, clock });
      await expect(doomed.send(caseId, ev('legal.approve', justice, bj('2026-09-02 10:00')))).rejects.toThrow();
      expect(crashed()).toBe(true);

      const after = createCaseEngine({ store: await harness.reopen(store), clock });
      expect(await after.get(caseId)).toEqual(before.view);
      expect(await store.audit(caseId)).toEqual(before.log);
      expect(await after.verifyAudit(caseId)).toMatchObject({ ok: true });
      const next = await after.send(caseId, ev('legal.approve', justice, bj('2026-09-02 10:00')));
      expect(next).toMatchObject({ version: 3, state: 'leaderApproval' });
      expect(await after.verifyAudit(caseId)).toMatchObject({ ok: true });
    });

    it('durable deadlines: end enforcement, restart the engine, advance the clock past dueAt, sweep → overdue and notified', async () => {
      const store = await harness.create();
      const first = createCaseEngine({ store, clock: testClock(bj('2026-09-30 18:30')) });
      const [late, onTime, later] = [uid(), uid(), uid()];
      const ended = await toReporting(first, late);
      // The cooperating units never acknowledged their task: those deadlines are missed, the results one is pending.
      expect(ended.deadlines.filter((deadline) => deadline.status !== 'missed')).toEqual([
        expect.objectContaining({ kind: 'resultsUpload', dueDate: '2026-10-13', dueAt: '2026-10-13T23:59:59.999+08:00', status: 'pending' }),
      ]);
      await toReporting(first, onTime);
      await first.send(onTime, ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '已完成' } }));
      await toReporting(first, later, bj('2026-10-09 18:00'));
      expect((await first.sweep()).overdue).toEqual([]);

      // A new process: new store object, new engine, the clock a day past the due date.
      const notified: CaseNotification[] = [];
      const clock = testClock(bj('2026-10-14 09:00'));
      const restarted = createCaseEngine({ store: await harness.reopen(store), clock, onNotification: (n) => void notified.push(n) });
      expect((await restarted.list({ overdue: true })).map((view) => view.caseId)).toEqual([late]);
      const report = await restarted.sweep();
      expect(report).toMatchObject({ now: '2026-10-14T09:00:00.000+08:00', failed: [] });
      expect(report.overdue).toEqual([
        {
          caseId: late,
          version: 8,
          deadlines: [expect.objectContaining({ status: 'overdue', overdueAt: '2026-10-14T09:00:00.000+08:00' })],
          notifications: [expect.objectContaining({ kind: 'deadlineOverdue', recipients: [market, center] })],
        },
      ]);
      expect(notified.map((n) => [n.kind, n.caseId])).toEqual([['deadlineOverdue', late]]);
      const view = await restarted.get(late);
      expect(view).toMatchObject({ state: 'enforcing.reporting', overdue: true, nextDueAt: null });
      expect(view.deadlines.find((deadline) => deadline.kind === 'resultsUpload')).toMatchObject({ status: 'overdue' });
      expect(view.history.at(-1)).toMatchObject({ type: 'deadline.check', by: { system: 'sweep' } });
      expect((await restarted.sweep()).overdue).toEqual([]);
      expect(notified).toHaveLength(1);

      clock.set(bj('2026-10-30 09:00'));
      expect((await restarted.sweep()).overdue.map((o) => o.caseId)).toEqual([later]);
      expect(await restarted.verifyAudit(late)).toMatchObject({ ok: true });
    });

    it('two instances sweeping at once check each overdue case exactly once', async () => {
      const store = await harness.create();
      const setupEngine = createCaseEngine({ store, clock: testClock(bj('2026-09-30 18:30')) });
      const ids = [uid(), uid(), uid(), uid()];
      for (const id of ids) await toReporting(setupEngine, id);
      const clock = testClock(bj('2026-10-20 09:00'));
      const [a, b] = (await harness.instances(store, 2)).map((instance) => createCaseEngine({ store: instance, clock }));
      const [ra, rb] = await Promise.all([a!.sweep(), b!.sweep()]);
      expect([...ra.overdue, ...rb.overdue].map((o) => o.caseId).sort()).toEqual([...ids].sort());
      expect([...ra.failed, ...rb.failed]).toEqual([]);
      for (const id of ids) {
        const log = await a!.history(id);
        expect(log.filter((entry) => entry.type === 'deadline.check')).toHaveLength(1);
      }
    });

    it('a corrupted stored snapshot is INCOMPATIBLE_SNAPSHOT on read and send, stays as it was, and does not stop a sweep', async () => {
      const store = await harness.create();
      const engine = createCaseEngine({ store, clock: testClock(bj('2026-09-30 18:30')) });
      const [bad, good] = [uid(), uid()];
      await toReporting(engine, bad);
      await toReporting(engine, good);
      const corrupted = await harness.rewrite(store, bad, { envelope: (envelope) => ({ ...envelope, snapshot: { ...(envelope.snapshot as Json), value: { enforcing: 'nowhere' } } }) });
      const reader = createCaseEngine({ store: corrupted, clock: testClock(bj('2026-10-20 09:00')) });
      const before = await corrupted.audit(bad);
      for (const call of [() => reader.get(bad), () => reader.send(bad, { type: 'case.urge', by: center, unit: 'market-regulation' })]) {
        await expect(call()).rejects.toMatchObject({ code: 'INCOMPATIBLE_SNAPSHOT', context: { caseId: bad } });
      }
      const report = await reader.sweep();
      expect(report.overdue.map((o) => o.caseId)).toEqual([good]);
      expect(report.failed).toEqual([expect.objectContaining({ caseId: bad, code: 'INCOMPATIBLE_SNAPSHOT' })]);
      expect(await corrupted.audit(bad)).toEqual(before);
      // The log itself is intact: verifyAudit vouches for the record, restoring refuses the state.
      expect(await reader.verifyAudit(bad)).toMatchObject({ ok: true });
      const rewritten = await harness.rewrite(corrupted, bad, {
        envelope: (envelope) => {
          const snapshot = structuredClone(envelope.snapshot) as { context: { history: { at: string }[] } };
          snapshot.context.history[2]!.at = bj('2026-09-02 11:00');
          return { ...envelope, snapshot };
        },
      });
      expect(await createCaseEngine({ store: rewritten }).verifyAudit(bad)).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringContaining('changed outside the engine') });
    });

    it('verifyAudit detects an edited, a removed and a reordered entry in the stored log', async () => {
      const store = await harness.create();
      const engine = createCaseEngine({ store, clock: testClock(bj('2026-09-30 18:30')) });
      const caseId = uid();
      await toReporting(engine, caseId);
      const cases: [string, (entries: Json[]) => Json[], number][] = [
        ['edited', (entries) => entries.map((entry, i) => (i === 2 ? { ...entry, at: bj('2026-09-02 11:00') } : entry)), 4],
        ['removed', (entries) => entries.filter((_, i) => i !== 4), 5],
        ['reordered', (entries) => [entries[0]!, entries[2]!, entries[1]!, ...entries.slice(3)], 2],
      ];
      const original = (await store.audit(caseId))!.entries as Json[];
      for (const [what, change, brokenAt] of cases) {
        const tampered = await harness.rewrite(store, caseId, { entries: change });
        expect(await createCaseEngine({ store: tampered }).verifyAudit(caseId), what).toMatchObject({ ok: false, brokenAt });
        // Put the original log back (the memory harness tampers with a copy; PostgreSQL in place).
        await harness.rewrite(store, caseId, { entries: () => original });
        expect(await createCaseEngine({ store: await harness.reopen(store) }).verifyAudit(caseId), what).toMatchObject({ ok: true });
      }
    });

    it('lists by state, stage, unit and overdue, in case-id order', async () => {
      const store = await harness.create();
      const clock = testClock(bj('2026-09-30 18:30'));
      const engine = createCaseEngine({ store, clock });
      await toReporting(engine, 'b-reporting');
      await engine.open(applicationInput({ caseId: 'a-review', itemNo: 2 }));
      await engine.open(applicationInput({ caseId: 'c-fire', applicant: 'fire-rescue', itemNo: 39 }));
      const ids = async (query: Parameters<CaseEngine['list']>[0] = {}) => (await engine.list(query)).map((view) => view.caseId);
      expect(await ids()).toEqual(['a-review', 'b-reporting', 'c-fire']);
      expect(await ids({ state: 'preliminaryReview' })).toEqual(['a-review', 'c-fire']);
      expect(await ids({ state: 'enforcing' })).toEqual(['b-reporting']);
      expect(await ids({ unit: 'fire-rescue' })).toEqual(['b-reporting', 'c-fire']);
      expect(await ids({ unit: 'fire-rescue', state: 'enforcing.reporting' })).toEqual(['b-reporting']);
      expect(await ids({ overdue: true })).toEqual([]);
      clock.set(bj('2026-10-14 00:00'));
      expect(await ids({ overdue: true })).toEqual(['b-reporting']);
      expect(await ids({ overdue: false })).toEqual(['a-review', 'c-fire']);
      await engine.sweep();
      clock.set(bj('2026-10-13 00:00'));
      // Marked overdue by the sweep, it stays overdue whatever the clock says.
      expect(await ids({ overdue: true })).toEqual(['b-reporting']);
      expect(await store.due(bj('2026-12-01 00:00'), 10)).toEqual([]);
    });

    it('returns due cases earliest first, up to the limit', async () => {
      const store = await harness.create();
      const engine = createCaseEngine({ store, clock: testClock(bj('2026-10-20 18:30')) });
      await toReporting(engine, 'z-early', bj('2026-09-30 18:00'));
      await toReporting(engine, 'a-late', bj('2026-10-09 18:00'));
      expect(await store.due(bj('2026-12-01 00:00'), 10)).toEqual(['z-early', 'a-late']);
      expect(await store.due(bj('2026-12-01 00:00'), 1)).toEqual(['z-early']);
      expect(await store.due('2026-10-13T15:59:59.999Z', 10)).toEqual([]);
      expect(await store.due('2026-10-13T16:00:00Z', 10)).toEqual(['z-early']);
    });
  });
}

describe('the race check can fail', () => {
  it('catches a store that writes without compare-and-set', async () => {
    const real = memoryStore();
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    // Reads the version, yields, then writes over whatever is there: the classic lost update.
    const blind: CaseStore = {
      ...real,
      commit: async (write, _expected) => {
        await tick();
        const current = ((await real.load(write.caseId))!.envelope as { version: number }).version;
        return real.commit(write, current);
      },
    };
    const clock = testClock(bj('2026-09-01 10:30'));
    const engines = [1, 2, 3].map(() => createCaseEngine({ store: blind, clock }));
    await engines[0]!.open(applicationInput({ caseId: 'x' }));
    await engines[0]!.send('x', ev('review.pass', center, bj('2026-09-01 10:00')));
    const rounds = await race(engines, 'x', 5, true);
    expect(rounds.some((round) => round.winners > 1)).toBe(true);
    expect((await checkLog(engines[0]!, 'x')).verified).toBe(false);
  });

  it('and the results carry the view JSON', async () => {
    const result: SendResult = await createCaseEngine().open(applicationInput({ caseId: 'y' }));
    expect(JSON.parse(JSON.stringify(result))).toMatchObject({ caseId: 'y', version: 1 });
  });
});
