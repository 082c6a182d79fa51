/**
 * Cases persisted by each release (test/fixtures/persisted/v1 by 0.1, v2 by 0.2) must keep
 * restoring in every later one; a machine change ships with a migration — built into the engine
 * for the case machine's own (1 → 2), and given by a county for its own (legacy-v0 shows one for
 * an imaginary older release).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CASE_MACHINE_VERSION, createCaseEngine, memoryStore, type CaseMigration, type LegacyWorkPlan, type MemoryStoreData } from 'linked-enforcement';
import { bj, center, justice, market, planFor, police, principal } from './_lib/cases.js';

const fixture = (path: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/persisted/${path}`, import.meta.url)), 'utf8')) as MemoryStoreData;
const clock = { now: () => new Date(bj('2026-10-16 09:00')) };
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('cases persisted by 0.1 (machine version 1), restored with no configuration', () => {
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
    for (const caseId of ['fx-legal', 'fx-reporting', 'fx-overdue']) expect(await engine.verifyAudit(caseId)).toMatchObject({ ok: true });
  });

  it('keeps the notifications an entry recorded, even where a later release would address them differently', async () => {
    // This release sends each recipient once; v1 recorded 市场监管局 twice (the applicant was
    // also the lead unit). The log is history: it is read and verified as it was written.
    const engine = createCaseEngine({ store: memoryStore({ data: fixture('v1/cases.json') }), clock });
    const archivedEntry = (await engine.history('fx-archived')).find((entry) => entry.type === 'case.archive')!;
    const recipients = archivedEntry.notifications[0]!.recipients;
    expect(recipients.filter((recipient) => 'unit' in recipient && recipient.unit === 'market-regulation')).toHaveLength(2);
    expect(archivedEntry).toEqual(data.cases['fx-archived']!.audit.at(-1));
    expect(await engine.verifyAudit('fx-archived')).toMatchObject({ ok: true });
  });

  it('replays a stored idempotency record, and sweeps a restored pending deadline', async () => {
    const engine = createCaseEngine({ store: memoryStore({ data }), clock: { now: () => new Date(bj('2026-10-20 09:00')) } });
    const replayed = await engine.send('fx-legal', { type: 'review.pass', by: center, at: bj('2026-09-01 09:40') }, { idempotencyKey: 'pass-1' });
    expect(replayed).toEqual(data.cases['fx-legal']!.idempotency!['pass-1']!.result);
    expect((await engine.sweep()).overdue.map((o) => o.caseId)).toEqual(['fx-reporting']);
  });

  it('is INCOMPATIBLE_SNAPSHOT for an engine whose machine moved on without a migration', async () => {
    const engine = createCaseEngine({ store: memoryStore({ data }), machineVersion: 3 });
    await expect(engine.get('fx-legal')).rejects.toMatchObject({
      code: 'INCOMPATIBLE_SNAPSHOT',
      context: { caseId: 'fx-legal', machineVersion: 1, expectedMachineVersion: 3, reason: expect.stringContaining('machine version 2 and no migration starts there') },
    });
  });

  it('the built-in migration (1 → 2) keeps a v1 work plan as written, marked machineVersion 1, and adds the new records empty', async () => {
    const engine = createCaseEngine({ store: memoryStore({ data }), clock });
    const archived = await engine.get('fx-archived');
    expect(archived.output).toMatchObject({ acknowledgements: [], meetings: [], publications: [], plan: { machineVersion: 1, summary: '分三组检查消防、食品和秩序', revision: 1 } });
    const plan = archived.output!.plan as LegacyWorkPlan;
    expect(plan).toEqual({ ...((data.cases['fx-archived']!.envelope.snapshot as Json).context.plan as Json), machineVersion: 1 });
    expect(CASE_MACHINE_VERSION).toBe(2);
    // The open case's plan too, as the next write stores it under version 2.
    const store = memoryStore({ data: fixture('v1/cases.json') });
    await createCaseEngine({ store, clock }).send('fx-reporting', { type: 'unit.report', by: police, summary: '补报' });
    const stored = store.toJSON().cases['fx-reporting']!.envelope;
    expect(stored.machineVersion).toBe(2);
    expect((stored.snapshot as Json).context).toMatchObject({ plan: { machineVersion: 1, summary: '分三组检查消防、食品和秩序' }, acknowledgements: [], meetings: [], publications: [] });
    // A county that replaces the built-in step with its own from the same version gets its own.
    const own: CaseMigration = { from: 1, to: 2, migrate: (snapshot) => ({ ...snapshot, context: { ...(snapshot.context as Json), acknowledgements: [], meetings: [], publications: [], title: '自己的迁移' } }) };
    expect((await createCaseEngine({ store: memoryStore({ data }), migrations: [own], clock }).get('fx-legal')).title).toBe('自己的迁移');
  });
});

describe('cases persisted by this release (machine version 2)', () => {
  const data = fixture('v2/cases.json');
  const ids = ['fx2-archived', 'fx2-declined', 'fx2-emergency-approval', 'fx2-lead-review', 'fx2-legal', 'fx2-planning', 'fx2-reporting', 'fx2-withdrawn'];
  const at = { now: () => new Date(bj('2026-10-16 09:00')) };

  it('holds cases in every new kind of state and record', () => {
    expect(Object.keys(data.cases)).toEqual(ids);
    expect(Object.values(data.cases).every((record) => record.envelope.machineVersion === 2)).toBe(true);
  });

  it.each(ids)('restores %s, with a verifiable audit log', async (caseId) => {
    const engine = createCaseEngine({ store: memoryStore({ data }), clock: at });
    const view = await engine.get(caseId);
    expect(view.version).toBe(data.cases[caseId]!.audit.length);
    expect(await engine.verifyAudit(caseId)).toMatchObject({ ok: true });
  });

  it('continues each open case where it stopped, and keeps what the closed ones recorded', async () => {
    const engine = createCaseEngine({ store: memoryStore({ data }), clock: at });
    expect(await engine.get('fx2-declined')).toMatchObject({ state: 'declined', output: { outcome: 'declined', closingReason: '可由消防救援大队单独处置' } });
    expect(await engine.get('fx2-withdrawn')).toMatchObject({ state: 'withdrawn', output: { outcome: 'withdrawn' } });
    expect(await engine.get('fx2-archived')).toMatchObject({
      output: { assignment: { lead: { unit: 'public-security' }, leadChangeReason: '以治安整治为主' }, results: { lessons: '夜查效果好' }, deadlinesMet: true },
    });
    expect((await engine.get('fx2-archived')).history.find((entry) => entry.type === 'task.dispatch')).toMatchObject({ leadChangeReason: '以治安整治为主' });

    expect(await engine.allowedEvents('fx2-lead-review', market)).toEqual(['emergency.report', 'emergency.decline']);
    expect((await engine.send('fx2-lead-review', { type: 'emergency.report', by: market })).state).toBe('emergencyApproval');
    expect((await engine.send('fx2-emergency-approval', { type: 'leader.approve', by: principal })).state).toBe('dispatching');
    expect((await engine.send('fx2-legal', { type: 'legal.approve', by: justice })).state).toBe('leaderApproval');

    const planning = await engine.get('fx2-planning');
    expect(planning).toMatchObject({ state: 'enforcing.planning', overdue: true });
    expect(planning.deadlines.map((d) => `${d.unit}:${d.status}`)).toEqual(['public-security:overdue', 'health:met']);
    const acknowledged = await engine.send('fx2-planning', { type: 'unit.acknowledge', by: police, staff: 5 });
    expect(acknowledged).toMatchObject({ overdue: false, deadlines: [{ unit: 'public-security', status: 'late' }, { status: 'met' }] });
    expect((await engine.send('fx2-planning', { type: 'plan.submit', by: market, plan: planFor(['public-security', 'health']) })).state).toBe('enforcing.executing');

    const reporting = await engine.get('fx2-reporting');
    expect(reporting.output).toBeUndefined();
    const uploaded = await engine.send('fx2-reporting', { type: 'results.upload', by: police, results: { summary: '已完成' } });
    expect(uploaded).toMatchObject({ state: 'aggregating', notifications: [{ kind: 'resultsUploaded' }, { kind: 'resultsUploaded' }] });
    for (const caseId of ['fx2-lead-review', 'fx2-emergency-approval', 'fx2-legal', 'fx2-planning', 'fx2-reporting']) expect(await engine.verifyAudit(caseId)).toMatchObject({ ok: true });
  });
});

describe('the migration hook', () => {
  /** A future release: the title gains the county's name. */
  const toV3: CaseMigration = {
    from: 2,
    to: 3,
    migrate: (snapshot) => ({ ...snapshot, context: { ...(snapshot.context as Json), title: `泗阳县：${(snapshot.context as Json).title}` } }),
  };

  it('runs on read without writing; the next accepted event stores the migrated case under the new version', async () => {
    const store = memoryStore({ data: fixture('v1/cases.json') });
    const engine = createCaseEngine({ store, machineVersion: 3, migrations: [toV3], clock });
    expect((await engine.get('fx-legal')).title).toBe('泗阳县：法制审核中的申请');
    expect(store.toJSON().cases['fx-legal']!.envelope.machineVersion).toBe(1);
    await engine.send('fx-legal', { type: 'legal.approve', by: justice });
    const stored = store.toJSON().cases['fx-legal']!;
    expect(stored.envelope).toMatchObject({ machineVersion: 3, version: 3 });
    expect(stored.audit.map((entry) => entry.machineVersion)).toEqual([1, 1, 3]);
    expect(await engine.verifyAudit('fx-legal')).toMatchObject({ ok: true });
    expect((await engine.get('fx-legal')).title).toBe('泗阳县：法制审核中的申请');
  });

  it('chains migrations (0 → 1 → 2 → 3) and restores an older release’s renamed state', async () => {
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
    expect(await v1.verifyAudit('fx-legacy')).toMatchObject({ ok: true });
    const v3 = createCaseEngine({ store: memoryStore({ data: legacy }), machineVersion: 3, migrations: [renamed, toV3], clock });
    const uploaded = await v3.send('fx-legacy', { type: 'results.upload', by: market, results: { summary: '已完成' } });
    expect(uploaded).toMatchObject({ title: '泗阳县：等待上传执法结果', state: 'aggregating', version: 9 });
    expect(await v3.verifyAudit('fx-legacy')).toMatchObject({ ok: true });
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
      expect(store.toJSON()).toEqual(legacy);
    }
  });
});
