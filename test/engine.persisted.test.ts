/**
 * Cases persisted by each release must keep restoring in every later one: `v1/` (0.1: machine
 * version 1, store format 1 — the history inside the snapshot), `v2/` (0.2.0–0.3.0: machine version
 * 2, store format 2 — the history in the log, the outbox; documents as names) and `v3/` (0.4.0:
 * machine version 3 — documents as references to stored files). A machine change ships with a
 * migration — built into the engine for the case machine's own (1 → 2 → 3), and given by a county
 * for its own (legacy-v0 shows one for an imaginary older release).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CASE_MACHINE_VERSION, createCaseEngine, memoryBlobStore, memoryStore, type CaseMigration, type LegacyWorkPlan, type MemoryStoreData } from 'linked-enforcement';
import { bj, center, documentBytes, fire, justice, market, planFor, police, principal } from './_lib/cases.js';

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
    for (const caseId of ['fx-legal', 'fx-reporting', 'fx-overdue']) expect(await engine.verifyAudit(caseId)).toMatchObject({ ok: true, replayed: false });
  });

  it('is verified by its chain and not replayed (machine version 1 is not this engine’s); its next write is machine version 3, store format 2, on the same log', async () => {
    const store = memoryStore({ data });
    const engine = createCaseEngine({ store, clock });
    for (const caseId of Object.keys(data.cases)) {
      expect(await engine.verifyAudit(caseId), caseId).toMatchObject({
        ok: true,
        replayed: false,
        replayNote: expect.stringContaining("entry 1 was written by machine version 1; this engine's machine (version 3) cannot replay it"),
        problems: [],
        warnings: [],
      });
    }
    await engine.send('fx-legal', { type: 'legal.approve', by: justice });
    const stored = store.toJSON().cases['fx-legal']!;
    // The two entries of 0.1 stay in the stored history (the log cannot rebuild them under machine version 3); the third is rebuilt from the log.
    const v1History = (data.cases['fx-legal']!.envelope.snapshot as Json).context.history;
    expect(stored.envelope).toMatchObject({ format: 2, machineVersion: 3, version: 3, snapshot: { context: { history: v1History } } });
    expect(stored.audit.slice(0, 2)).toEqual(data.cases['fx-legal']!.audit);
    expect(stored.audit.map((entry) => entry.machineVersion)).toEqual([1, 1, 3]);
    const reread = createCaseEngine({ store: memoryStore({ data: store.toJSON() }), clock });
    expect((await reread.get('fx-legal')).history.map((entry) => entry.type)).toEqual(['case.open', 'review.pass', 'legal.approve']);
    expect(await reread.verifyAudit('fx-legal')).toMatchObject({ ok: true, replayed: false, replayNote: expect.stringContaining('machine version 1') });
    expect((await reread.send('fx-legal', { type: 'leader.approve', by: principal })).state).toBe('dispatching');
    expect(await reread.verifyAudit('fx-legal')).toMatchObject({ ok: true, replayed: false, problems: [] });
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

  it('keeps the whole result in the idempotency record of a write on older-release history (the log cannot replay it), and a retry on a fresh engine gets it', async () => {
    const store = memoryStore({ data: structuredClone(data) });
    const engine = createCaseEngine({ store, clock });
    const first = await engine.send('fx-legal', { type: 'legal.approve', by: justice }, { idempotencyKey: 'approve-1' });
    const record = store.toJSON().cases['fx-legal']!.idempotency!['approve-1']!;
    expect(record).toMatchObject({ key: 'approve-1', version: first.version, result: JSON.parse(JSON.stringify(first)) as unknown });
    const fresh = createCaseEngine({ store: memoryStore({ data: store.toJSON() }), clock });
    expect(await fresh.send('fx-legal', { type: 'legal.approve', by: justice }, { idempotencyKey: 'approve-1' })).toEqual(first);
  });

  it('is INCOMPATIBLE_SNAPSHOT for an engine whose machine moved on without a migration', async () => {
    const engine = createCaseEngine({ store: memoryStore({ data }), machineVersion: 4 });
    await expect(engine.get('fx-legal')).rejects.toMatchObject({
      code: 'INCOMPATIBLE_SNAPSHOT',
      context: { caseId: 'fx-legal', machineVersion: 1, expectedMachineVersion: 4, reason: expect.stringContaining('machine version 3 and no migration starts there') },
    });
  });

  it('the built-in migrations (1 → 2 → 3) keep a v1 work plan as written, marked machineVersion 1, and adds the new records empty', async () => {
    const engine = createCaseEngine({ store: memoryStore({ data }), clock });
    const archived = await engine.get('fx-archived');
    expect(archived.output).toMatchObject({ acknowledgements: [], meetings: [], publications: [], plan: { machineVersion: 1, summary: '分三组检查消防、食品和秩序', revision: 1 } });
    const plan = archived.output!.plan as LegacyWorkPlan;
    expect(plan).toEqual({ ...((data.cases['fx-archived']!.envelope.snapshot as Json).context.plan as Json), machineVersion: 1 });
    expect(CASE_MACHINE_VERSION).toBe(3);
    // The open case's plan too, as the next write stores it under version 3.
    const store = memoryStore({ data: fixture('v1/cases.json') });
    await createCaseEngine({ store, clock }).send('fx-reporting', { type: 'unit.report', by: police, summary: '补报' });
    const stored = store.toJSON().cases['fx-reporting']!.envelope;
    expect(stored).toMatchObject({ format: 2, machineVersion: 3 });
    expect((stored.snapshot as Json).context).toMatchObject({ plan: { machineVersion: 1, summary: '分三组检查消防、食品和秩序' }, acknowledgements: [], meetings: [], publications: [] });
    // A county that replaces the built-in step with its own from the same version gets its own.
    const own: CaseMigration = { from: 1, to: 2, migrate: (snapshot) => ({ ...snapshot, context: { ...(snapshot.context as Json), acknowledgements: [], meetings: [], publications: [], title: '自己的迁移' } }) };
    expect((await createCaseEngine({ store: memoryStore({ data }), migrations: [own], clock }).get('fx-legal')).title).toBe('自己的迁移');
  });
});

describe('cases persisted by 0.2.0–0.3.0 (machine version 2, store format 2, documents as names)', () => {
  const data = fixture('v2/cases.json');
  const ids = ['fx2-archived', 'fx2-declined', 'fx2-emergency-approval', 'fx2-lead-review', 'fx2-legal', 'fx2-overdue', 'fx2-planning', 'fx2-rejected', 'fx2-reporting', 'fx2-withdrawn'];

  it('holds cases in every kind of state and record, without their history in the snapshot, and an outbox in every state', () => {
    expect(Object.keys(data.cases)).toEqual(ids);
    for (const record of Object.values(data.cases)) {
      expect(record.envelope).toMatchObject({ format: 2, machineVersion: 2, snapshot: { context: { history: [] } } });
      expect((record.envelope.snapshot as Json).output?.history).toBeUndefined();
      expect(record.audit.every((entry) => entry.machineVersion === 2 && typeof entry.snapshotDigest === 'string')).toBe(true);
    }
    expect(new Set(data.outbox!.map((record) => record.status === 'pending' ? 'pending' : `${record.caseId}:${record.status}`))).toEqual(
      new Set(['fx2-archived:delivered', 'fx2-rejected:failed', 'pending']),
    );
    expect(Object.keys(data.cases['fx2-legal']!.idempotency!)).toEqual(['pass-1']);
  });

  it.each(ids)('restores %s with its history rebuilt from the log, and verifies it by its chain (machine version 2 is not this engine’s to replay)', async (caseId) => {
    const engine = createCaseEngine({ store: memoryStore({ data }), clock });
    const view = await engine.get(caseId);
    expect(view.version).toBe(data.cases[caseId]!.audit.length);
    expect(view.history.map((entry) => entry.type)).toEqual(data.cases[caseId]!.audit.map((entry) => entry.type));
    expect(await engine.verifyAudit(caseId)).toMatchObject({
      ok: true,
      replayed: false,
      replayNote: expect.stringContaining("written by machine version 2; this engine's machine (version 3) cannot replay it"),
      problems: [],
      warnings: [],
    });
  });

  it('the built-in migration (2 → 3) keeps each document name as a legacy document { name }, with no hash made up, and the log as written', async () => {
    const store = memoryStore({ data: structuredClone(data) });
    const blobs = memoryBlobStore();
    const engine = createCaseEngine({ store, blobs, clock });
    expect((data.cases['fx2-reporting']!.envelope.snapshot as Json).context.reports[0].documents).toEqual(['检查记录']);
    // The log keeps the event as sent then; a blob store has nothing to re-hash for a name.
    const logged = (await engine.history('fx2-reporting')).find((entry) => entry.type === 'unit.report')!;
    expect(logged.event).toMatchObject({ documents: ['检查记录'] });
    expect(await engine.verifyAudit('fx2-reporting')).toMatchObject({ ok: true, problems: [] });
    // New events carry references to stored files, beside the legacy names.
    const ref = await blobs.put(documentBytes('执法结果.pdf'), { name: '执法结果.pdf', mediaType: 'application/pdf' });
    await engine.send('fx2-reporting', { type: 'results.upload', by: police, results: { summary: '已完成', documents: [ref] } });
    const stored = store.toJSON().cases['fx2-reporting']!;
    expect(stored.envelope).toMatchObject({ machineVersion: 3 });
    expect((stored.envelope.snapshot as Json).context.reports[0].documents).toEqual([{ name: '检查记录' }]);
    expect(stored.audit.map((entry) => entry.machineVersion).at(-1)).toBe(3);
    expect(await engine.verifyAudit('fx2-reporting')).toMatchObject({ ok: true, problems: [] });
    const archived = await engine.send('fx2-reporting', { type: 'case.archive', by: center });
    expect(archived.output!.reports[0]!.documents).toEqual([{ name: '检查记录' }]);
    expect(archived.output!.results!.documents).toEqual([ref]);
    await expect(engine.send('fx2-reporting', { type: 'unit.report', by: fire, summary: '补报', documents: ['现场照片'] as never })).rejects.toMatchObject({
      code: 'INVALID_EVENT',
      issues: [expect.objectContaining({ path: ['event', 'documents', 0] })],
    });
  });

  it('keeps what the closed cases recorded: the lead changed with its reason, the lessons, the decline and the withdrawal', async () => {
    const engine = createCaseEngine({ store: memoryStore({ data }), clock });
    expect(await engine.get('fx2-rejected')).toMatchObject({ state: 'rejected', output: { closingReason: '不属于联动执法事项' } });
    expect(await engine.get('fx2-declined')).toMatchObject({ state: 'declined', output: { outcome: 'declined', closingReason: '可由消防救援大队单独处置' } });
    expect(await engine.get('fx2-withdrawn')).toMatchObject({ state: 'withdrawn', output: { outcome: 'withdrawn' } });
    const archived = await engine.get('fx2-archived');
    expect(archived).toMatchObject({
      state: 'archived',
      output: { outcome: 'archived', summary: '已汇总', assignment: { lead: { unit: 'public-security' }, leadChangeReason: '以治安整治为主' }, results: { lessons: '夜查效果好' }, deadlinesMet: true },
    });
    // The dossier's history too is rebuilt from the log, with the lead change's reason.
    expect(archived.output!.history).toHaveLength(16);
    expect(archived.history.find((entry) => entry.type === 'task.dispatch')).toMatchObject({ leadChangeReason: '以治安整治为主' });
    expect(archived.output!.history.map((entry) => [entry.seq, entry.type, entry.to])).toEqual(archived.history.map((entry) => [entry.seq, entry.type, entry.to]));
  });

  it('continues each open case where it stopped: the emergency route, acknowledgements, the results deadline', async () => {
    const engine = createCaseEngine({ store: memoryStore({ data }), clock });
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

    expect(await engine.get('fx2-overdue')).toMatchObject({ overdue: true });
    expect((await engine.get('fx2-overdue')).deadlines.find((d) => d.kind === 'resultsUpload')).toMatchObject({ status: 'overdue', overdueAt: '2026-10-15T09:00:00.000+08:00' });
    expect((await engine.send('fx2-overdue', { type: 'results.upload', by: police, results: { summary: '迟交' } })).deadlines.find((d) => d.kind === 'resultsUpload')!.status).toBe('late');
    const reporting = await engine.get('fx2-reporting');
    expect(reporting.output).toBeUndefined();
    const uploaded = await engine.send('fx2-reporting', { type: 'results.upload', by: police, results: { summary: '已完成' } });
    expect(uploaded).toMatchObject({ state: 'aggregating', notifications: [{ kind: 'resultsUploaded' }, { kind: 'resultsUploaded' }] });
    for (const caseId of ['fx2-lead-review', 'fx2-emergency-approval', 'fx2-legal', 'fx2-planning', 'fx2-overdue', 'fx2-reporting']) {
      expect(await engine.verifyAudit(caseId), caseId).toMatchObject({ ok: true, replayed: false, problems: [] });
    }
  });

  it('replays its idempotency record from the log, delivers its outbox and sweeps its pending deadline', async () => {
    const engine = createCaseEngine({ store: memoryStore({ data }), clock: { now: () => new Date(bj('2026-10-20 09:00')) } });
    const replayed = await engine.send('fx2-legal', { type: 'review.pass', by: center, at: bj('2026-09-01 09:40') }, { idempotencyKey: 'pass-1' });
    expect(replayed).toMatchObject({ version: 2, state: 'legalReview', notifications: [{ kind: 'legalReviewRequested' }] });
    expect((await engine.send('fx2-legal', { type: 'legal.approve', by: justice })).state).toBe('leaderApproval');
    expect((await engine.pendingNotifications({ status: 'failed' })).map((record) => [record.id, record.lastError])).toEqual([
      ['fx2-rejected/1/0', '短信网关不可用'],
      ['fx2-rejected/2/0', '短信网关不可用'],
    ]);
    const delivered = (await engine.deliverNotifications(() => {}, { limit: 1000 })).delivered;
    expect(delivered).toContain('fx2-legal/3/0');
    expect(delivered).toContain('fx2-lead-review/1/0');
    expect(delivered.some((id) => id.startsWith('fx2-archived/') || id.startsWith('fx2-rejected/'))).toBe(false);
    expect((await engine.sweep()).overdue.map((o) => o.caseId)).toEqual(['fx2-reporting']);
    for (const caseId of ['fx2-legal', 'fx2-reporting']) expect(await engine.verifyAudit(caseId)).toMatchObject({ ok: true, replayed: false });
  });
});

describe('cases persisted by 0.4.0 (machine version 3, store format 2, documents as references)', () => {
  const data = fixture('v3/cases.json');
  const ids = ['fx3-archived', 'fx3-declined', 'fx3-emergency-approval', 'fx3-lead-review', 'fx3-legal', 'fx3-overdue', 'fx3-planning', 'fx3-rejected', 'fx3-reporting', 'fx3-withdrawn'];

  it('holds cases in every kind of state and record, with documents as references on reports, plans and results', () => {
    expect(Object.keys(data.cases)).toEqual(ids);
    for (const record of Object.values(data.cases)) {
      expect(record.envelope).toMatchObject({ format: 2, machineVersion: 3, snapshot: { context: { history: [] } } });
      expect(record.audit.every((entry) => entry.machineVersion === 3 && typeof entry.snapshotDigest === 'string')).toBe(true);
    }
    const reference = { name: expect.any(String), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: expect.any(Number), mediaType: expect.any(String) };
    const events = Object.values(data.cases).flatMap((record) => record.audit.map((entry) => entry.event as Json));
    expect(events.find((event) => event.type === 'unit.report')!.documents).toEqual([reference, { ...reference, mediaType: 'image/jpeg' }]);
    expect(events.find((event) => event.type === 'plan.submit')!.plan.documents).toEqual([reference]);
    expect(events.find((event) => event.type === 'results.upload')!.results.documents).toEqual([reference]);
  });

  it.each(ids)('restores %s and verifies it by replay with machine version 3', async (caseId) => {
    const engine = createCaseEngine({ store: memoryStore({ data }), clock });
    const view = await engine.get(caseId);
    expect(view.version).toBe(data.cases[caseId]!.audit.length);
    expect(view.history.map((entry) => entry.type)).toEqual(data.cases[caseId]!.audit.map((entry) => entry.type));
    expect(await engine.verifyAudit(caseId)).toMatchObject({ ok: true, replayed: true, problems: [], warnings: [] });
  });

  it('keeps the documents in the dossier, and with an empty blob store verifyAudit names each file it cannot find', async () => {
    const engine = createCaseEngine({ store: memoryStore({ data }), clock, blobs: memoryBlobStore() });
    const archived = await engine.get('fx3-archived');
    expect(archived.output!.results!.documents).toEqual([expect.objectContaining({ name: '行政处罚决定书.pdf', mediaType: 'application/pdf' })]);
    expect(archived.output!.plan!).toMatchObject({ documents: [{ name: '联动执法工作方案.pdf' }] });
    const verdict = await engine.verifyAudit('fx3-archived');
    expect(verdict).toMatchObject({ ok: false, replayed: true });
    expect(verdict.problems.map((problem) => [problem.kind, problem.field])).toEqual([
      ['blob', '联动执法工作方案.pdf'],
      ['blob', '行政处罚决定书.pdf'],
    ]);
  });
});

describe('the migration hook', () => {
  /** A future release: the title gains the county's name. */
  const toV4: CaseMigration = {
    from: 3,
    to: 4,
    migrate: (snapshot) => ({ ...snapshot, context: { ...(snapshot.context as Json), title: `泗阳县：${(snapshot.context as Json).title}` } }),
  };

  it('runs on read without writing; the next accepted event stores the migrated case under the new version', async () => {
    const store = memoryStore({ data: fixture('v1/cases.json') });
    const engine = createCaseEngine({ store, machineVersion: 4, migrations: [toV4], clock });
    expect((await engine.get('fx-legal')).title).toBe('泗阳县：法制审核中的申请');
    expect(store.toJSON().cases['fx-legal']!.envelope.machineVersion).toBe(1);
    await engine.send('fx-legal', { type: 'legal.approve', by: justice });
    const stored = store.toJSON().cases['fx-legal']!;
    expect(stored.envelope).toMatchObject({ machineVersion: 4, version: 3 });
    expect(stored.audit.map((entry) => entry.machineVersion)).toEqual([1, 1, 4]);
    expect(await engine.verifyAudit('fx-legal')).toMatchObject({ ok: true });
    expect((await engine.get('fx-legal')).title).toBe('泗阳县：法制审核中的申请');
  });

  it('chains migrations (0 → 1 → 2 → 3 → 4) and restores an older release’s renamed state', async () => {
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
    const v4 = createCaseEngine({ store, machineVersion: 4, migrations: [renamed, toV4], clock });
    const uploaded = await v4.send('fx-legacy', { type: 'results.upload', by: market, results: { summary: '已完成' } });
    expect(uploaded).toMatchObject({ title: '泗阳县：等待上传执法结果', state: 'aggregating', version: 9 });
    expect(await v4.verifyAudit('fx-legacy')).toMatchObject({ ok: true, replayed: false });
    // Store format 2 keeps the migrated history of entries the log cannot rebuild (machine version 0) in the snapshot.
    const stored = store.toJSON().cases['fx-legacy']!.envelope as Json;
    expect(stored).toMatchObject({ format: 2, machineVersion: 4 });
    expect(stored.snapshot.context.history.map((entry: Json) => entry.to)).toContain('enforcing.reporting');
    expect(stored.snapshot.context.history).toHaveLength(8);
    const reread = createCaseEngine({ store: memoryStore({ data: store.toJSON() }), machineVersion: 4, migrations: [renamed, toV4], clock });
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
      const loaded = store.toJSON();
      // The store writes its own format, with an empty outbox, and the opening's origin and item in each summary (0.2 indexes them).
      expect(loaded.cases['fx-legacy']!.envelope).toEqual(legacy.cases['fx-legacy']!.envelope);
      expect(loaded.cases['fx-legacy']!.summary).toEqual({ ...legacy.cases['fx-legacy']!.summary, origin: 'application', itemNo: 1 });
      const engine = createCaseEngine({ store, migrations, clock });
      await expect(engine.send('fx-legacy', { type: 'results.upload', by: market, results: { summary: 'x' } })).rejects.toMatchObject({
        code: 'INCOMPATIBLE_SNAPSHOT',
        message: expect.stringContaining(reason),
      });
      // Nothing written: the cases are as loaded.
      expect(store.toJSON()).toEqual({ ...loaded, format: 'linked-enforcement/memory-store@2', outbox: [] });
    }
  });
});
