/**
 * Cases persisted by each release must keep restoring in every later one: `v1/` (0.1, store
 * format 1: the history inside the snapshot) and `v2/` (0.2, store format 2: the history in the
 * log, the outbox). A machine change ships with a migration (test/fixtures/persisted/legacy-v0
 * shows one for an imaginary older machine release).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type CaseMigration, type MemoryStoreData } from 'linked-enforcement';
import { bj, center, justice, market } from './_lib/cases.js';

const fixture = (path: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/persisted/${path}`, import.meta.url)), 'utf8')) as MemoryStoreData;
const clock = { now: () => new Date(bj('2026-10-16 09:00')) };
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('cases persisted by this release (machine version 1)', () => {
  const data = fixture('v1/cases.json');

  it('holds cases in every kind of state', () => {
    expect(Object.keys(data.cases)).toEqual(['fx-archived', 'fx-legal', 'fx-overdue', 'fx-rejected', 'fx-reporting']);
    expect(Object.values(data.cases).every((record) => record.envelope.machineVersion === 1)).toBe(true);
  });

  it.each(['fx-archived', 'fx-legal', 'fx-overdue', 'fx-rejected', 'fx-reporting'])('restores %s, with a verifiable audit log', async (caseId) => {
    const engine = createCaseEngine({ store: memoryStore({ data }), clock });
    const view = await engine.get(caseId);
    expect(view.version).toBe(data.cases[caseId]!.audit.length);
    expect(view.history).toHaveLength(view.version);
    expect(await engine.verifyAudit(caseId)).toMatchObject({ ok: true });
  });

  it('continues each open case where it stopped', async () => {
    const engine = createCaseEngine({ store: memoryStore({ data }), clock });
    expect(await engine.get('fx-archived')).toMatchObject({ state: 'archived', status: 'done', output: { outcome: 'archived', summary: '已汇总' } });
    expect(await engine.get('fx-rejected')).toMatchObject({ state: 'rejected', output: { closingReason: '不属于联动执法事项' } });
    expect(await engine.get('fx-overdue')).toMatchObject({ overdue: true, deadlines: [{ status: 'overdue', overdueAt: '2026-10-15T09:00:00.000+08:00' }] });

    expect(await engine.allowedEvents('fx-legal', justice)).toEqual(['legal.approve', 'legal.return']);
    expect((await engine.send('fx-legal', { type: 'legal.approve', by: justice })).state).toBe('leaderApproval');
    const uploaded = await engine.send('fx-reporting', { type: 'results.upload', by: market, results: { summary: '已完成' } });
    expect(uploaded).toMatchObject({ state: 'aggregating', deadlines: [{ status: 'met' }] });
    expect((await engine.send('fx-overdue', { type: 'results.upload', by: market, results: { summary: '迟交' } })).deadlines[0]!.status).toBe('late');
    for (const caseId of ['fx-legal', 'fx-reporting', 'fx-overdue']) expect(await engine.verifyAudit(caseId)).toMatchObject({ ok: true, replayed: true });
  });

  it('is replayed by verifyAudit, and its next write is store format 2 on the same log', async () => {
    const store = memoryStore({ data });
    const engine = createCaseEngine({ store, clock });
    for (const caseId of Object.keys(data.cases)) expect(await engine.verifyAudit(caseId), caseId).toMatchObject({ ok: true, replayed: true, problems: [], warnings: [] });
    await engine.send('fx-legal', { type: 'legal.approve', by: justice });
    const stored = store.toJSON().cases['fx-legal']!;
    expect(stored.envelope).toMatchObject({ format: 2, version: 3, snapshot: { context: { history: [] } } });
    expect(stored.audit.slice(0, 2)).toEqual(data.cases['fx-legal']!.audit);
    expect((await createCaseEngine({ store: memoryStore({ data: store.toJSON() }), clock }).get('fx-legal')).history.map((entry) => entry.type)).toEqual(['case.open', 'review.pass', 'legal.approve']);
    expect(await engine.verifyAudit('fx-legal')).toMatchObject({ ok: true, replayed: true });
  });

  it('replays a stored idempotency record, and sweeps a restored pending deadline', async () => {
    const engine = createCaseEngine({ store: memoryStore({ data }), clock: { now: () => new Date(bj('2026-10-20 09:00')) } });
    const replayed = await engine.send('fx-legal', { type: 'review.pass', by: center, at: bj('2026-09-01 09:40') }, { idempotencyKey: 'pass-1' });
    expect(replayed).toEqual(data.cases['fx-legal']!.idempotency!['pass-1']!.result);
    expect((await engine.sweep()).overdue.map((o) => o.caseId)).toEqual(['fx-reporting']);
  });

  it('is INCOMPATIBLE_SNAPSHOT for an engine whose machine moved on without a migration', async () => {
    const engine = createCaseEngine({ store: memoryStore({ data }), machineVersion: 2 });
    await expect(engine.get('fx-legal')).rejects.toMatchObject({
      code: 'INCOMPATIBLE_SNAPSHOT',
      context: { caseId: 'fx-legal', machineVersion: 1, expectedMachineVersion: 2, reason: expect.stringContaining('no migration starts there') },
    });
  });
});

describe('cases persisted by 0.2 (store format 2)', () => {
  const data = fixture('v2/cases.json');

  it('holds cases in every kind of state, without their history in the snapshot, and an outbox in every state', () => {
    expect(Object.keys(data.cases)).toEqual(['fx-archived', 'fx-legal', 'fx-overdue', 'fx-rejected', 'fx-reporting']);
    for (const record of Object.values(data.cases)) {
      expect(record.envelope).toMatchObject({ format: 2, machineVersion: 1, snapshot: { context: { history: [] } } });
      expect((record.envelope.snapshot as Json).output?.history).toBeUndefined();
    }
    expect(new Set(data.outbox!.map((record) => `${record.caseId}:${record.status}`))).toEqual(
      new Set(['fx-archived:delivered', 'fx-rejected:failed', 'fx-legal:pending', 'fx-overdue:pending', 'fx-reporting:pending']),
    );
  });

  it.each(['fx-archived', 'fx-legal', 'fx-overdue', 'fx-rejected', 'fx-reporting'])('restores %s with its history rebuilt from the log, and verifies it by replay', async (caseId) => {
    const engine = createCaseEngine({ store: memoryStore({ data }), clock });
    const view = await engine.get(caseId);
    expect(view.version).toBe(data.cases[caseId]!.audit.length);
    expect(view.history.map((entry) => entry.type)).toEqual(data.cases[caseId]!.audit.map((entry) => entry.type));
    expect(await engine.verifyAudit(caseId)).toMatchObject({ ok: true, replayed: true, problems: [], warnings: [] });
  });

  it('continues each open case, replays its idempotency record from the log, and delivers its outbox', async () => {
    const engine = createCaseEngine({ store: memoryStore({ data }), clock: { now: () => new Date(bj('2026-10-20 09:00')) } });
    expect(await engine.get('fx-archived')).toMatchObject({ state: 'archived', output: { outcome: 'archived', summary: '已汇总', history: expect.any(Array) } });
    expect((await engine.get('fx-archived')).output!.history).toHaveLength(9);
    expect(await engine.get('fx-overdue')).toMatchObject({ overdue: true, deadlines: [{ status: 'overdue', overdueAt: '2026-10-15T09:00:00.000+08:00' }] });
    const replayed = await engine.send('fx-legal', { type: 'review.pass', by: center, at: bj('2026-09-01 09:40') }, { idempotencyKey: 'pass-1' });
    expect(replayed).toMatchObject({ version: 2, state: 'legalReview', notifications: [{ kind: 'legalReviewRequested' }] });
    expect((await engine.send('fx-legal', { type: 'legal.approve', by: justice })).state).toBe('leaderApproval');
    expect((await engine.pendingNotifications({ status: 'failed' })).map((record) => [record.id, record.lastError])).toEqual([['fx-rejected/1/0', '短信网关不可用'], ['fx-rejected/2/0', '短信网关不可用']]);
    const delivered = (await engine.deliverNotifications(() => {}, { limit: 1000 })).delivered;
    expect(delivered).toContain('fx-legal/3/0');
    expect(delivered.some((id) => id.startsWith('fx-archived/'))).toBe(false);
    expect((await engine.sweep()).overdue.map((o) => o.caseId)).toEqual(['fx-reporting']);
    for (const caseId of ['fx-legal', 'fx-reporting']) expect(await engine.verifyAudit(caseId)).toMatchObject({ ok: true, replayed: true });
  });
});

describe('the migration hook', () => {
  /** A future release: the title gains the county's name. */
  const toV2: CaseMigration = {
    from: 1,
    to: 2,
    migrate: (snapshot) => ({ ...snapshot, context: { ...(snapshot.context as Json), title: `泗阳县：${(snapshot.context as Json).title}` } }),
  };

  it('runs on read without writing; the next accepted event stores the migrated case under the new version', async () => {
    const store = memoryStore({ data: fixture('v1/cases.json') });
    const engine = createCaseEngine({ store, machineVersion: 2, migrations: [toV2], clock });
    expect((await engine.get('fx-legal')).title).toBe('泗阳县：法制审核中的申请');
    expect(store.toJSON().cases['fx-legal']!.envelope.machineVersion).toBe(1);
    await engine.send('fx-legal', { type: 'legal.approve', by: justice });
    const stored = store.toJSON().cases['fx-legal']!;
    expect(stored.envelope).toMatchObject({ machineVersion: 2, version: 3 });
    expect(stored.audit.map((entry) => entry.machineVersion)).toEqual([1, 1, 2]);
    expect(await engine.verifyAudit('fx-legal')).toMatchObject({ ok: true });
    expect((await engine.get('fx-legal')).title).toBe('泗阳县：法制审核中的申请');
  });

  it('chains migrations (0 → 1 → 2) and restores an older release’s renamed state', async () => {
    const renamed: CaseMigration = {
      from: 0,
      to: 1,
      migrate: (snapshot) => {
        const rename = (path: unknown) => (path === 'enforcing.feedback' ? 'enforcing.reporting' : path);
        const context = snapshot.context as Json;
        return {
          ...snapshot,
          value: { enforcing: 'reporting' },
          context: {
            ...context,
            history: context.history.map((entry: Json) => ({ ...entry, from: rename(entry.from), to: rename(entry.to) })),
            deadlines: context.deadlines.map(({ due, ...deadline }: Json) => ({ ...deadline, dueAt: due })),
          },
        };
      },
    };
    const legacy = fixture('legacy-v0/cases.json');
    const v1 = createCaseEngine({ store: memoryStore({ data: legacy }), migrations: [renamed], clock });
    expect(await v1.get('fx-legacy')).toMatchObject({ state: 'enforcing.reporting', deadlines: [{ dueAt: '2026-10-19T23:59:59.999+08:00', status: 'pending' }] });
    expect(await v1.verifyAudit('fx-legacy')).toMatchObject({ ok: true, replayed: false, replayNote: expect.stringContaining('written by machine version 0') });
    const store = memoryStore({ data: legacy });
    const v2 = createCaseEngine({ store, machineVersion: 2, migrations: [renamed, toV2], clock });
    const uploaded = await v2.send('fx-legacy', { type: 'results.upload', by: market, results: { summary: '已完成' } });
    expect(uploaded).toMatchObject({ title: '泗阳县：等待上传执法结果', state: 'aggregating', version: 9 });
    expect(await v2.verifyAudit('fx-legacy')).toMatchObject({ ok: true });
    // Store format 2 keeps the migrated history of entries the log cannot rebuild (machine version 0) in the snapshot.
    const stored = store.toJSON().cases['fx-legacy']!.envelope as Json;
    expect(stored).toMatchObject({ format: 2, machineVersion: 2 });
    expect(stored.snapshot.context.history.map((entry: Json) => entry.to)).toContain('enforcing.reporting');
    expect(stored.snapshot.context.history).toHaveLength(8);
    const reread = createCaseEngine({ store: memoryStore({ data: store.toJSON() }), machineVersion: 2, migrations: [renamed, toV2], clock });
    expect((await reread.get('fx-legacy')).history.map((entry) => entry.to)).toEqual([...uploaded.history.map((entry) => entry.to)]);
    const archived = await reread.send('fx-legacy', { type: 'case.archive', by: center }, { idempotencyKey: 'archive' });
    expect(archived).toMatchObject({ state: 'archived', version: 10 });
    expect(await reread.send('fx-legacy', { type: 'case.archive', by: center }, { idempotencyKey: 'archive' })).toEqual(archived);
  });

  it('is INCOMPATIBLE_SNAPSHOT when a migration is missing, throws, or returns what the machine cannot take', async () => {
    const legacy = fixture('legacy-v0/cases.json');
    const cases: [CaseMigration[], string][] = [
      [[], 'no migration starts there'],
      [[{ from: 0, to: 1, migrate: () => { throw new Error('bad mapping'); } }], 'the migration from machine version 0 threw: bad mapping'],
      [[{ from: 0, to: 1, migrate: (snapshot) => snapshot }], 'does not match the case machine'],
      [[{ from: 0, to: 1, migrate: (snapshot) => ({ ...snapshot, context: { ...(snapshot.context as Json), deadlines: [] } }) }], 'no state "enforcing.feedback"'],
      [[{ from: 0, to: 1, migrate: () => null }], 'does not match the case machine'],
    ];
    for (const [migrations, reason] of cases) {
      const store = memoryStore({ data: legacy });
      const engine = createCaseEngine({ store, migrations, clock });
      await expect(engine.send('fx-legacy', { type: 'results.upload', by: market, results: { summary: 'x' } })).rejects.toMatchObject({
        code: 'INCOMPATIBLE_SNAPSHOT',
        message: expect.stringContaining(reason),
      });
      // Nothing written: the cases are as loaded (the store writes its own format, with an empty outbox).
      expect(store.toJSON()).toEqual({ ...legacy, format: 'linked-enforcement/memory-store@2', outbox: [] });
    }
  });
});
