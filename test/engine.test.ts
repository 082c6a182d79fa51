import { describe, expect, it, vi } from 'vitest';
import { createCaseMachine } from '../machines/createCaseMachine.js';
import type { CaseNotification } from '../machines/types.js';
import { createCaseEngine, LinkedEnforcementError, memoryStore, type CaseEngine, type CaseStore, type MemoryStore, type MemoryStoreData } from 'linked-enforcement';
import { applicationInput, bj, center, ev, fire, inCharge, item1Cooperating, item1Plan, justice, market, police } from './_lib/cases.js';
import { following, testClock, toReporting } from './_lib/engine.js';
import { rejectionOf, thrown } from './_lib/errors.js';



function setup(options: { store?: MemoryStore; notifications?: CaseNotification[] } = {}) {
  const clock = testClock(bj('2026-09-01 09:30'));
  const store = options.store ?? memoryStore();
  const notifications = options.notifications ?? [];
  const engine = following(createCaseEngine({ store, clock, onNotification: (notification) => void notifications.push(notification) }), clock);
  return { engine, store, clock, notifications };
}

async function approve(engine: CaseEngine, caseId = 'case-1') {
  await engine.send(caseId, ev('review.pass', center, bj('2026-09-01 10:00'), { opinion: '符合联动执法要求' }));
  await engine.send(caseId, ev('legal.approve', justice, bj('2026-09-02 10:00')));
  return engine.send(caseId, ev('leader.approve', inCharge, bj('2026-09-03 10:00')));
}

describe('createCaseEngine: open, send, get', () => {
  it('opens a case at version 1 and walks it to 存档, one version per accepted event', async () => {
    const { engine, notifications } = setup();
    const opened = await engine.open(applicationInput());
    expect(opened).toMatchObject({ caseId: 'case-1', version: 1, state: 'preliminaryReview', stage: 'preliminaryReview', status: 'active', stateLabel: { zh: '初审' } });
    expect(opened.notifications.map((n) => n.kind)).toEqual(['applicationReceived']);
    expect(opened.allowedEvents(center)).toEqual(['review.pass', 'review.reject']);
    expect(opened.allowedEvents(police)).toEqual([]);

    const approved = await approve(engine);
    expect(approved).toMatchObject({ version: 4, state: 'dispatching' });
    const dispatched = await engine.send('case-1', ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    // Each cooperating unit acknowledges by the time set: until then the earliest is what sweep waits for.
    expect(dispatched).toMatchObject({ version: 5, nextDueAt: bj('2026-09-29 09:00') });
    for (const [index, unit] of item1Cooperating.entries()) {
      await engine.send('case-1', ev('unit.acknowledge', { unit }, bj(`2026-09-05 0${index + 1}:00`), { staff: 3 }));
    }
    await engine.send('case-1', ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan() }));
    const ended = await engine.send('case-1', ev('enforcement.end', market, bj('2026-09-30 18:00')));
    expect(ended).toMatchObject({ version: 14, state: 'enforcing.reporting', stage: 'enforcing', nextDueAt: '2026-10-13T23:59:59.999+08:00', overdue: false });
    await engine.send('case-1', ev('results.upload', market, bj('2026-10-12 17:00'), { results: { summary: '检查商户120家' } }));
    const archived = await engine.send('case-1', ev('case.archive', center, bj('2026-10-14 09:00'), { summary: '已汇总' }));
    expect(archived).toMatchObject({ version: 16, state: 'archived', status: 'done', nextDueAt: null, output: { outcome: 'archived', summary: '已汇总', deadlinesMet: true } });
    expect(archived.history.map((entry) => entry.seq)).toEqual([...Array(16).keys()]);
    expect(archived.allowedEvents(center)).toEqual([]);
    expect(notifications.map((n) => n.kind)).toEqual([
      'applicationReceived', 'legalReviewRequested', 'approvalRequested', 'approved', 'dispatched', 'dispatched',
      ...item1Cooperating.map(() => 'taskAcknowledged'),
      // To the center, and to the seven cooperating units whose reports are missing.
      'resultsUploaded', 'resultsUploaded', 'archived',
    ]);
    expect(await engine.get('case-1')).toEqual(Object.fromEntries(Object.entries(archived).filter(([key]) => key !== 'notifications')));
  });

  it('returns plain JSON views: allowedEvents is a non-enumerable method that JSON and structuredClone leave out', async () => {
    const { engine } = setup();
    const view = await engine.open(applicationInput());
    const json = JSON.parse(JSON.stringify(view)) as Record<string, unknown>;
    expect(json).toEqual(view);
    expect(Object.keys(view)).not.toContain('allowedEvents');
    expect(structuredClone(view)).toEqual(json);
    expect(typeof (await engine.get('case-1')).allowedEvents).toBe('function');
    expect(await engine.allowedEvents('case-1', center)).toEqual(['review.pass', 'review.reject']);
    expect(await engine.allowedEvents('case-1', market)).toEqual(['application.withdraw']);
  });

  it('fills a missing `at` from the injected clock, in Beijing time, for open and send', async () => {
    const { engine, clock } = setup();
    const { at: _at, ...withoutAt } = applicationInput();
    const opened = await engine.open(withoutAt);
    expect(opened.openedAt).toBe('2026-09-01T09:30:00.000+08:00');
    clock.set('2026-09-01T03:15:00Z');
    const sent = await engine.send('case-1', { type: 'review.pass', by: center });
    expect(sent.history.at(-1)).toMatchObject({ type: 'review.pass', at: '2026-09-01T11:15:00.000+08:00' });
    const [entry] = (await engine.history('case-1')).slice(-1);
    expect(entry).toMatchObject({ version: 2, recordedAt: '2026-09-01T11:15:00.000+08:00', event: { type: 'review.pass', by: center, at: '2026-09-01T11:15:00.000+08:00' } });
  });

  it('keeps the engine stateless: a second engine on the same store sees and continues the case', async () => {
    const { engine, store } = setup();
    await engine.open(applicationInput());
    const other = createCaseEngine({ store, clock: testClock(bj('2026-09-01 12:00')) });
    expect((await other.send('case-1', { type: 'review.pass', by: center })).version).toBe(2);
    expect((await engine.get('case-1')).state).toBe('legalReview');
  });
});

describe('engine.open: opening is an act, and it is authorized (issue 9)', () => {
  it('refuses an opening whose `by` may not open it: NOT_ALLOWED with who, what and why, nothing stored or sent', async () => {
    const { engine, store, notifications } = setup();
    const error = await rejectionOf(() => engine.open({ ...applicationInput(), by: police }));
    expect(error).toMatchObject({ code: 'NOT_ALLOWED', context: { caseId: 'case-1', type: 'case.open', origin: 'application', by: police, reason: expect.stringContaining('market-regulation') } });
    const court = await rejectionOf(() => engine.open(applicationInput({ applicant: 'court' })));
    expect(court.context.reason).toContain('judicial');
    const center_ = await rejectionOf(() => engine.open({ caseId: 'c2', title: '中心需要', origin: 'centerInitiated', reason: '节前检查', by: market }));
    expect(center_).toMatchObject({ code: 'NOT_ALLOWED', context: { origin: 'centerInitiated', by: market } });
    const { by: _by, ...anonymous } = applicationInput();
    expect((await rejectionOf(() => engine.open(anonymous as never))).code).toBe('INVALID_INPUT');
    expect(await store.load('case-1')).toBeUndefined();
    expect(notifications).toEqual([]);
  });

  it('records the opener in the history and the audit log', async () => {
    const { engine } = setup();
    await engine.open({ caseId: 'la', title: '交办', itemNo: 20, origin: 'leaderAssignment', leader: { name: '张县长', post: 'principal' }, instruction: '国庆前完成', by: center });
    expect((await engine.history('la'))[0]).toMatchObject({ type: 'case.open', by: center });
    expect((await engine.get('la')).history[0]).toMatchObject({ by: center, to: 'dispatching' });
  });

  it('runs the emergency route through the lead unit: request, report, approval, the lead dispatches', async () => {
    const { engine, notifications } = setup();
    const opened = await engine.open({ caseId: 'er', title: '农贸市场火灾隐患', itemNo: 1, origin: 'emergencyRequest', reporter: 'fire-rescue', description: '重大火灾隐患', by: fire, at: bj('2026-09-01 09:00') });
    expect(opened).toMatchObject({ state: 'leadReview', notifications: [{ kind: 'emergencyRequested', recipients: [market] }] });
    expect(opened.allowedEvents(market).sort()).toEqual(['emergency.decline', 'emergency.report']);
    // The lead unit finds the request among its cases before any dispatch names it.
    expect((await engine.list({ unit: 'market-regulation' })).items.map((view) => view.caseId)).toEqual(['er']);
    const refused = await rejectionOf(() => engine.send('er', ev('emergency.report', center, bj('2026-09-01 09:10'))));
    expect(refused).toMatchObject({ code: 'NOT_ALLOWED', context: { state: 'leadReview', reason: expect.stringContaining('事项牵头单位') } });
    await engine.send('er', ev('emergency.report', market, bj('2026-09-01 09:10')));
    await engine.send('er', ev('leader.approve', { leader: { name: '张县长', post: 'principal' } }, bj('2026-09-01 09:30')));
    const dispatched = await engine.send('er', ev('task.dispatch', market, bj('2026-09-01 09:40'), { place: '城东农贸市场', startAt: bj('2026-09-01 11:00'), cooperating: ['fire-rescue', 'public-security'] }));
    expect(dispatched).toMatchObject({ state: 'enforcing.planning', version: 4, nextDueAt: bj('2026-09-01 11:00') });
    expect(notifications.filter((n) => n.kind === 'dispatched')[0]!.recipients).toEqual([market, center]);
    const withdrawal = await rejectionOf(() => engine.send('er', ev('application.withdraw', fire, bj('2026-09-01 09:50'), { reason: '撤回' })));
    expect(withdrawal.context.reason).toContain('can no longer be withdrawn');
  });
});

describe('errors: each with its code and context, the stored case unchanged', () => {
  async function opened() {
    const context = setup();
    await context.engine.open(applicationInput());
    await context.engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')));
    const before = JSON.stringify(context.store.toJSON());
    const unchanged = () => expect(JSON.stringify(context.store.toJSON())).toBe(before);
    return { ...context, unchanged };
  }

  it('CASE_NOT_FOUND for an unknown case, on every method', async () => {
    const { engine, unchanged } = await opened();
    for (const call of [
      () => engine.send('nope', { type: 'review.pass', by: center }),
      () => engine.get('nope'),
      () => engine.history('nope'),
      () => engine.allowedEvents('nope', center),
      () => engine.verifyAudit('nope'),
    ]) {
      const error = await rejectionOf(call);
      expect(error.code).toBe('CASE_NOT_FOUND');
      expect(error.context).toEqual({ caseId: 'nope' });
    }
    unchanged();
  });

  it('INVALID_EVENT with the zod issues for malformed events (no `by`, unknown type, bad instant, extra field)', async () => {
    const { engine, unchanged } = await opened();
    const noBy = await rejectionOf(() => engine.send('case-1', { type: 'legal.approve' } as never));
    expect(noBy).toMatchObject({ code: 'INVALID_EVENT', context: { caseId: 'case-1', type: 'legal.approve' } });
    expect(noBy.issues.map((issue) => issue.path)).toContainEqual(['event', 'by']);
    expect((await rejectionOf(() => engine.send('case-1', { type: 'nonsense', by: center } as never))).code).toBe('INVALID_EVENT');
    // XState's wildcard, which a bare actor refuses with an untyped error: the engine never hands it to the actor.
    expect((await rejectionOf(() => engine.send('case-1', { type: '*', by: center } as never))).code).toBe('INVALID_EVENT');
    const badAt = await rejectionOf(() => engine.send('case-1', { type: 'legal.approve', by: justice, at: '2026-09-02 10:00' }));
    expect(badAt.issues).toEqual([expect.objectContaining({ path: ['event', 'at'] })]);
    const extra = await rejectionOf(() => engine.send('case-1', { type: 'legal.approve', by: justice, sneaky: 1 } as never));
    expect(extra.code).toBe('INVALID_EVENT');
    expect((await rejectionOf(() => engine.send('case-1', 'legal.approve' as never))).code).toBe('INVALID_EVENT');
    expect((await rejectionOf(() => engine.send('case-1', { type: 'review.reject', by: center } as never))).issues[0]?.path).toEqual(['event', 'reason']);
    unchanged();
  });

  it('NOT_ALLOWED says who tried what in which state, and why', async () => {
    const { engine, unchanged } = await opened();
    const wrongActor = await rejectionOf(() => engine.send('case-1', ev('legal.approve', police, bj('2026-09-02 10:00'))));
    expect(wrongActor.code).toBe('NOT_ALLOWED');
    expect(wrongActor.context).toMatchObject({ caseId: 'case-1', version: 2, state: 'legalReview', type: 'legal.approve', by: police });
    expect(String(wrongActor.context.reason)).toContain('法制审核部门');
    const wrongState = await rejectionOf(() => engine.send('case-1', ev('plan.submit', market, bj('2026-09-02 10:00'), { plan: item1Plan() })));
    expect(wrongState.context).toMatchObject({ state: 'legalReview', reason: expect.stringContaining('not possible in 法制审核') });
    const backwards = await rejectionOf(() => engine.send('case-1', ev('legal.approve', justice, bj('2026-08-01 10:00'))));
    expect(backwards.context.reason).toContain('history only moves forward');
    const nothingDue = await rejectionOf(() => engine.send('case-1', { type: 'deadline.check', by: { system: 'x' } }));
    expect(nothingDue.code).toBe('NOT_ALLOWED');
    unchanged();
  });

  it('VERSION_CONFLICT for a stale expectedVersion, with expected and actual', async () => {
    const { engine, unchanged } = await opened();
    const stale = await rejectionOf(() => engine.send('case-1', ev('legal.approve', justice, bj('2026-09-02 10:00')), { expectedVersion: 1 }));
    expect(stale).toMatchObject({ code: 'VERSION_CONFLICT', context: { caseId: 'case-1', expectedVersion: 1, actualVersion: 2 } });
    unchanged();
    expect((await engine.send('case-1', ev('legal.approve', justice, bj('2026-09-02 10:00')), { expectedVersion: 2 })).version).toBe(3);
  });

  it('VERSION_CONFLICT when opening an id that exists', async () => {
    const { engine, unchanged } = await opened();
    const again = await rejectionOf(() => engine.open(applicationInput()));
    expect(again).toMatchObject({ code: 'VERSION_CONFLICT', context: { caseId: 'case-1', expectedVersion: 0, actualVersion: 2 } });
    unchanged();
  });

  it('INVALID_INPUT for malformed arguments: case id, options, list query, sweep time, opening input', async () => {
    const { engine, unchanged } = await opened();
    expect((await rejectionOf(() => engine.send('bad id!', { type: 'review.pass', by: center }))).code).toBe('INVALID_INPUT');
    expect((await rejectionOf(() => engine.send('case-1', { type: 'review.pass', by: center }, { expectedVersion: 0 }))).code).toBe('INVALID_INPUT');
    expect((await rejectionOf(() => engine.send('case-1', { type: 'review.pass', by: center }, { retry: true } as never))).code).toBe('INVALID_INPUT');
    expect((await rejectionOf(() => engine.list({ overdue: 'yes' } as never))).code).toBe('INVALID_INPUT');
    expect((await rejectionOf(() => engine.sweep('tomorrow'))).code).toBe('INVALID_INPUT');
    expect((await rejectionOf(() => engine.allowedEvents('case-1', { unit: '' }))).code).toBe('INVALID_INPUT');
    const badInput = await rejectionOf(() => engine.open({ ...applicationInput({ caseId: 'case-2' }), itemNo: 99 }));
    expect(badInput.code).toBe('INVALID_INPUT');
    unchanged();
  });

  it('INCOMPATIBLE_SNAPSHOT for a corrupted stored snapshot, on read and on send, never a crash', async () => {
    const { store } = await opened();
    const data = store.toJSON() as MemoryStoreData;
    const corruptions: [string, (snapshot: Record<string, unknown>) => unknown][] = [
      ['an unknown state', (s) => ({ ...s, value: 'nowhere' })],
      ['a transient state', (s) => ({ ...s, value: 'opening' })],
      ['a final state marked active', (s) => ({ ...s, value: 'archived' })],
      ['a missing context', (s) => ({ ...s, context: undefined })],
      ['history out of step with the state', (s) => ({ ...s, value: 'dispatching' })],
      ['an error status', (s) => ({ ...s, status: 'error', error: 'boom' })],
      ['a spawned child', (s) => ({ ...s, children: { x: { src: 'nope', snapshot: {} } } })],
      ['not an object', () => 'garbage'],
    ];
    const uncaught = vi.fn();
    process.on('uncaughtException', uncaught);
    try {
      for (const [what, corrupt] of corruptions) {
        const envelope = data.cases['case-1']!.envelope as Record<string, unknown>;
        const broken = { ...data, cases: { 'case-1': { ...data.cases['case-1']!, envelope: { ...envelope, snapshot: corrupt(envelope.snapshot as Record<string, unknown>) } } } };
        const brokenStore = memoryStore({ data: broken as unknown as MemoryStoreData });
        const engine = createCaseEngine({ store: brokenStore, clock: testClock(bj('2026-09-02 11:00')) });
        const before = JSON.stringify(brokenStore.toJSON());
        for (const call of [() => engine.get('case-1'), () => engine.send('case-1', ev('legal.approve', justice, bj('2026-09-02 10:00')))]) {
          const error = await rejectionOf(call);
          expect(error.code, what).toBe('INCOMPATIBLE_SNAPSHOT');
          expect(error.context).toMatchObject({ caseId: 'case-1', reason: expect.any(String) });
        }
        // A list reports the case it cannot restore, and goes on.
        expect(await engine.list(), what).toEqual({ items: [], nextCursor: null, failed: [{ caseId: 'case-1', code: 'INCOMPATIBLE_SNAPSHOT', message: expect.stringContaining('case-1') }] });
        expect(JSON.stringify(brokenStore.toJSON()), what).toBe(before);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(uncaught).not.toHaveBeenCalled();
    } finally {
      process.off('uncaughtException', uncaught);
    }
  });

  it('INCOMPATIBLE_SNAPSHOT for an envelope of another machine, a newer release or a malformed envelope', async () => {
    const { store } = await opened();
    const data = store.toJSON();
    const withEnvelope = (change: Record<string, unknown>) =>
      memoryStore({ data: { ...data, cases: { 'case-1': { ...data.cases['case-1']!, envelope: { ...data.cases['case-1']!.envelope, ...change } } } } });
    for (const [change, reason] of [
      [{ machineId: 'otherMachine' }, 'belongs to machine "otherMachine"'],
      [{ machineVersion: 7 }, 'newer than this engine'],
      [{ auditHead: 'not-a-hash' }, 'envelope is malformed'],
      [{ version: 5 }, 'audit entry 3 is missing'],
      [{ nextDueAt: bj('2026-09-05 00:00') }, 'nextDueAt'],
    ] as const) {
      const engine = createCaseEngine({ store: withEnvelope(change) });
      const error = await rejectionOf(() => engine.get('case-1'));
      expect(error.code).toBe('INCOMPATIBLE_SNAPSHOT');
      expect(error.message).toContain(reason);
    }
  });

  it('leaves the case unchanged when the machine itself throws (a failing calendar)', async () => {
    const broken = createCaseMachine({ calendar: { deadline: () => { throw new Error('calendar service down'); } } });
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:30'));
    const engine = following(createCaseEngine({ store, machine: broken, clock }), clock);
    await engine.open(applicationInput());
    await approve(engine);
    await engine.send('case-1', ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东', startAt: bj('2026-09-29 09:00') }));
    await engine.send('case-1', ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan() }));
    const before = JSON.stringify(store.toJSON());
    await expect(engine.send('case-1', ev('enforcement.end', market, bj('2026-09-30 18:00')))).rejects.toThrow('calendar service down');
    expect(JSON.stringify(store.toJSON())).toBe(before);
    expect((await engine.get('case-1')).state).toBe('enforcing.executing');
  });

  it('gives up with VERSION_CONFLICT after maxAttempts lost races, without writing', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 10:30'));
    const rival = createCaseEngine({ store, clock });
    await rival.open(applicationInput());
    await rival.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')));
    // Every time this engine is about to write, another instance gets in first.
    const contested: CaseStore = {
      ...store,
      commit: async (write, expectedVersion) => {
        await rival.send('case-1', { type: 'case.urge', by: center, unit: 'justice' });
        return store.commit(write, expectedVersion);
      },
    };
    const loser = following(createCaseEngine({ store: contested, clock, maxAttempts: 3 }), clock);
    const error = await rejectionOf(() => loser.send('case-1', ev('legal.approve', justice, bj('2026-09-02 10:00'))));
    expect(error).toMatchObject({ code: 'VERSION_CONFLICT', context: { caseId: 'case-1', attempts: 3, expectedVersion: 4, actualVersion: 5 } });
    expect((await rival.history('case-1')).map((entry) => entry.type)).toEqual(['case.open', 'review.pass', 'case.urge', 'case.urge', 'case.urge']);
    expect(await rival.verifyAudit('case-1')).toMatchObject({ ok: true });
  });

  it('checks its options', () => {
    expect(() => createCaseEngine({ store: {} as never })).toThrow(/case store/);
    expect(() => createCaseEngine({ machine: {} as never })).toThrow(/case machine/);
    expect(() => createCaseEngine({ clock: Date as never })).toThrow(/now\(\)/);
    expect(() => createCaseEngine({ machineVersion: 2, migrations: [{ from: 1, to: 3, migrate: (s) => s }] })).toThrow(/beyond machineVersion 2/);
    expect(() => createCaseEngine({ migrations: [{ from: 1, to: 1, migrate: (s) => s }] })).toThrow(/must be greater/);
    expect(() => createCaseEngine({ unknown: 1 } as never)).toThrow(/Invalid options/);
  });

  it('reports a clock that returns no valid date', async () => {
    const engine = createCaseEngine({ clock: { now: () => new Date('nope') } });
    expect((await rejectionOf(() => engine.open({ ...applicationInput(), at: undefined } as never))).code).toBe('INVALID_INPUT');
  });
});

describe('idempotency keys', () => {
  it('applies the same key once and returns the same result, without notifying twice', async () => {
    const { engine, store, notifications } = setup();
    await engine.open(applicationInput());
    const first = await engine.send('case-1', { type: 'review.pass', by: center }, { idempotencyKey: 'click-1' });
    const again = await engine.send('case-1', { type: 'review.pass', by: center }, { idempotencyKey: 'click-1' });
    expect(again).toEqual(first);
    expect(again.allowedEvents(justice)).toEqual(['legal.approve', 'legal.return']);
    expect(store.toJSON().cases['case-1']!.audit).toHaveLength(2);
    expect(notifications.filter((n) => n.kind === 'legalReviewRequested')).toHaveLength(1);
  });

  it('replays even after the case moved on (a late retry), and says the old view is stale when asked for its allowed events', async () => {
    const { engine } = setup();
    await engine.open(applicationInput());
    const first = await engine.send('case-1', { type: 'review.pass', by: center }, { idempotencyKey: 'k', expectedVersion: 1 });
    await engine.send('case-1', ev('legal.approve', justice, bj('2026-09-02 10:00')));
    const late = await engine.send('case-1', { type: 'review.pass', by: center }, { idempotencyKey: 'k', expectedVersion: 1 });
    expect(late).toEqual(first);
    expect(() => late.allowedEvents(center)).toThrow(/moved on from version 2 to 3/);
  });

  it('refuses a key reused for another event', async () => {
    const { engine } = setup();
    await engine.open(applicationInput());
    await engine.send('case-1', { type: 'review.pass', by: center }, { idempotencyKey: 'k' });
    const error = await rejectionOf(() => engine.send('case-1', ev('legal.approve', justice, bj('2026-09-02 10:00')), { idempotencyKey: 'k' }));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', context: { caseId: 'case-1', idempotencyKey: 'k', version: 2 } });
  });
});

describe('list and history', () => {
  it('filters by state or stage, by unit taking part, and by overdue', async () => {
    const { engine, clock } = setup();
    await engine.open(applicationInput({ caseId: 'a' }));
    await engine.open(applicationInput({ caseId: 'b', itemNo: 2 }));
    await engine.open(applicationInput({ caseId: 'c', applicant: 'public-security', itemNo: undefined }));
    await approve(engine, 'a');
    await engine.send('a', ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东', startAt: bj('2026-09-29 09:00') }));
    await engine.send('a', ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan() }));
    await engine.send('a', ev('enforcement.end', market, bj('2026-09-30 18:00')));
    const ids = async (query: Parameters<CaseEngine['list']>[0]) => (await engine.list(query)).items.map((view) => view.caseId);
    // Opened at the same instant: newest first, then by case id, descending.
    expect(await ids({})).toEqual(['c', 'b', 'a']);
    expect(await ids({ state: 'preliminaryReview' })).toEqual(['c', 'b']);
    expect(await ids({ state: 'enforcing' })).toEqual(['a']);
    expect(await ids({ state: 'enforcing.reporting' })).toEqual(['a']);
    expect(await ids({ state: 'enforcing.planning' })).toEqual([]);
    expect(await ids({ unit: 'public-security' })).toEqual(['c', 'a']);
    expect(await ids({ unit: 'market-regulation', state: 'preliminaryReview' })).toEqual(['b']);
    expect(await ids({ overdue: true })).toEqual([]);
    clock.set(bj('2026-10-14 00:00'));
    expect(await ids({ overdue: true })).toEqual(['a']);
    expect(await ids({ overdue: false })).toEqual(['c', 'b']);
    expect((await engine.list({ overdue: true })).items[0]!.deadlines.find((deadline) => deadline.kind === 'resultsUpload')!.status).toBe('overdue');
  });

  it('history is the audit log: every event with its payload, notifications and hashes', async () => {
    const { engine } = setup();
    await engine.open(applicationInput());
    await engine.send('case-1', ev('review.reject', center, bj('2026-09-01 11:00'), { reason: '不属于联动执法事项' }));
    const log = await engine.history('case-1');
    expect(log.map((entry) => [entry.version, entry.type, entry.from, entry.to])).toEqual([
      [1, 'case.open', null, 'preliminaryReview'],
      [2, 'review.reject', 'preliminaryReview', 'rejected'],
    ]);
    expect(log[1]).toMatchObject({ by: center, event: { reason: '不属于联动执法事项' }, notifications: [{ kind: 'rejected' }], machineVersion: 3 });
    expect(log[0]!.prevHash).toBe('0'.repeat(64));
    expect(log[1]!.prevHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('notifications', () => {
  it('a throwing onNotification hook neither undoes nor fails the send; the error goes to onHookError', async () => {
    const onHookError = vi.fn();
    const store = memoryStore();
    const engine = createCaseEngine({ store, onNotification: () => { throw new Error('SMS gateway down'); }, onHookError });
    const opened = await engine.open(applicationInput());
    expect(opened.version).toBe(1);
    expect(onHookError).toHaveBeenCalledWith(expect.objectContaining({ message: 'SMS gateway down' }), expect.objectContaining({ kind: 'applicationReceived' }));
    expect((await engine.history('case-1'))[0]!.notifications).toHaveLength(1);
  });

  it('awaits an async hook before send resolves, once per notification, with the case and version', async () => {
    const seen: string[] = [];
    const engine = createCaseEngine({
      onNotification: async (notification, meta) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        seen.push(`${meta.caseId}@${meta.version}:${notification.kind}`);
      },
    });
    await engine.open(applicationInput());
    await approve(engine);
    await engine.send('case-1', ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东', startAt: bj('2026-09-29 09:00'), cooperating: ['fire-rescue'] }));
    expect(seen).toEqual(['case-1@1:applicationReceived', 'case-1@2:legalReviewRequested', 'case-1@3:approvalRequested', 'case-1@4:approved', 'case-1@5:dispatched', 'case-1@5:dispatched']);
    expect(fire.unit).toBe('fire-rescue');
  });
});

describe('the persisted snapshot', () => {
  it('is what actor.getPersistedSnapshot() gives, in every state of a full case', async () => {
    const { CaseRunner } = await import('../src/engine/_lib/decide/CaseRunner.js');
    const { caseMachine } = await import('../machines/caseMachine.js');
    const { createActor } = await import('xstate');
    const runner = new CaseRunner(caseMachine, { input: applicationInput() });
    const reference = createActor(caseMachine, { input: applicationInput() }).start();
    const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
    expect(json(runner.run().persisted)).toEqual(json(reference.getPersistedSnapshot()));
    const events = [
      ev('review.pass', center, bj('2026-09-01 10:00')),
      ev('legal.approve', justice, bj('2026-09-02 10:00')),
      ev('leader.approve', inCharge, bj('2026-09-03 10:00')),
      ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东', startAt: bj('2026-09-29 09:00') }),
      ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan() }),
      ev('enforcement.end', market, bj('2026-09-30 18:00')),
      ev('results.upload', market, bj('2026-10-12 17:00'), { results: { summary: 'y' } }),
      ev('case.archive', center, bj('2026-10-14 09:00')),
    ];
    for (const event of events) {
      reference.send(event);
      expect(json(runner.run(event).persisted)).toEqual(json(reference.getPersistedSnapshot()));
    }
    expect(reference.getSnapshot().status).toBe('done');
  });
});

describe('review fixes: the engine’s clock and its queries', () => {
  async function reporting() {
    const { engine, clock } = setup();
    await toReporting(engine, 'case-1');
    return { engine, clock };
  }

  it('refuses results backdated before the engine’s clock, so they cannot look on time', async () => {
    const { engine, clock } = await reporting();
    clock.set(bj('2026-10-20 09:00'));
    const error = await rejectionOf(() => engine.send('case-1', ev('results.upload', market, bj('2026-10-12 10:00'), { results: { summary: '补' } })));
    expect(error.code).toBe('NOT_ALLOWED');
    expect(error.context.reason).toContain('dated when they are uploaded');
    expect((await engine.get('case-1')).state).toBe('enforcing.reporting');
    const late = await engine.send('case-1', { type: 'results.upload', by: market, results: { summary: '补' } });
    expect(late.deadlines.find((deadline) => deadline.kind === 'resultsUpload')).toMatchObject({ status: 'late' });
  });

  it('refuses a list query for a state the machine does not have', async () => {
    const { engine } = setup();
    for (const state of ['nonsense', 'Enforcing', 'reporting']) {
      expect((await rejectionOf(() => engine.list({ state } as never))).code).toBe('INVALID_INPUT');
    }
    expect(await engine.list({ state: 'enforcing.reporting' })).toEqual({ items: [], nextCursor: null, failed: [] });
  });
});

describe('review fixes: sweep', () => {
  it('gets past a full page of cases that fail the check and still checks the rest', async () => {
    const store = memoryStore();
    // A stale index: 600 ids that no longer exist come before the real overdue case; once handed out, it hands
    // the first of them back on every claim (a store that ignores its leases): the sweep must still end.
    const ghosts = Array.from({ length: 600 }, (_, index) => `ghost-${String(index).padStart(3, '0')}`);
    let handed = 0;
    const staleIndex: CaseStore = Object.assign(Object.create(store) as CaseStore, {
      claimDue: async (claim: Parameters<CaseStore['claimDue']>[0]) => {
        const next = ghosts.slice(handed, handed + claim.limit);
        handed += next.length;
        return next.length > 0 ? next : [...ghosts.slice(0, 10), ...(await store.claimDue(claim))];
      },
    });
    const clock = testClock(bj('2026-09-01 09:30'));
    const engine = following(createCaseEngine({ store: staleIndex, clock }), clock);
    await toReporting(engine, 'case-1');
    clock.set(bj('2026-10-14 09:00'));
    const report = await engine.sweep();
    expect(report.failed).toHaveLength(600);
    expect(report.failed[0]).toMatchObject({ caseId: 'ghost-000', code: 'CASE_NOT_FOUND' });
    expect(report.overdue.map((c) => c.caseId)).toEqual(['case-1']);
  });

  it('skips a listed case that is no longer due, without writing to it, and goes on to the next', async () => {
    const store = memoryStore();
    // The index still lists case-0, whose results were uploaded after it was read (a race).
    const staleIndex: CaseStore = Object.assign(Object.create(store) as CaseStore, {
      claimDue: async (claim: Parameters<CaseStore['claimDue']>[0]) => ['case-0', ...(await store.claimDue(claim))].slice(0, claim.limit),
    });
    const clock = testClock(bj('2026-09-01 09:30'));
    const engine = following(createCaseEngine({ store: staleIndex, clock }), clock);
    await toReporting(engine, 'case-0');
    await engine.send('case-0', ev('results.upload', market, bj('2026-10-12 17:00'), { results: { summary: '按时上传' } }));
    clock.set(bj('2026-09-01 09:30'));
    await toReporting(engine, 'case-1');
    clock.set(bj('2026-10-14 09:00'));
    const report = await engine.sweep(bj('2026-10-14 09:00'));
    expect(report).toEqual({ now: '2026-10-14T09:00:00+08:00', overdue: [expect.objectContaining({ caseId: 'case-1', version: 8 })], reminded: [], failed: [] });
    // The engine stamps the check with its own clock (milliseconds written out).
    expect(report.overdue[0]!.deadlines).toEqual([expect.objectContaining({ status: 'overdue', overdueAt: '2026-10-14T09:00:00.000+08:00' })]);
    expect(report.overdue[0]!.notifications.map((n) => n.kind)).toEqual(['deadlineOverdue']);
    expect((await engine.get('case-0')).version).toBe(8);
    expect((await engine.history('case-0')).map((entry) => entry.type)).not.toContain('deadline.check');
  });
});

describe('error messages say which case, what was expected and what was found', () => {
  it('CASE_NOT_FOUND, VERSION_CONFLICT and INVALID_EVENT', async () => {
    const { engine } = setup();
    await engine.open(applicationInput());
    expect(await rejectionOf(() => engine.get('nope'))).toMatchObject({ message: 'No case nope' });
    expect(await rejectionOf(() => engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')), { expectedVersion: 2 }))).toMatchObject({
      code: 'VERSION_CONFLICT',
      message: 'Case case-1: the case moved on since it was read (expected version 2, found 1)',
      context: { caseId: 'case-1', expectedVersion: 2, actualVersion: 1, reason: 'the case moved on since it was read' },
    });
    const malformed = await rejectionOf(() => engine.send('case-1', { type: 'review.reject', by: center, at: bj('2026-09-01 10:00') } as never));
    expect(malformed).toMatchObject({ code: 'INVALID_EVENT', context: { caseId: 'case-1', type: 'review.reject', by: center } });
    expect(malformed.issues.map((issue) => issue.path.join('.'))).toEqual(['event.reason']);
    expect(malformed.message).toBe(`Case case-1: malformed event: event.reason: ${malformed.issues[0]!.message}`);
    expect(malformed.context.reason).toBe(`event.reason: ${malformed.issues[0]!.message}`);
    for (const notAnEvent of ['review.pass', ['review.pass'], null]) {
      const error = await rejectionOf(() => engine.send('case-1', notAnEvent as never));
      expect(error.code).toBe('INVALID_EVENT');
      expect(error.context).not.toHaveProperty('type');
    }
  });

  it('a clock without a valid date, and a sweep time that is no date', async () => {
    const engine = createCaseEngine({ clock: { now: () => new Date('nope') } });
    expect(await rejectionOf(() => engine.list())).toMatchObject({
      code: 'INVALID_INPUT', message: 'Invalid clock: now() must return a valid Date', context: { argument: 'clock' },
    });
    const { engine: working } = setup();
    expect(await rejectionOf(() => working.sweep(new Date(Number.NaN)))).toMatchObject({
      code: 'INVALID_INPUT', message: 'Invalid now: an invalid Date', context: { argument: 'now' },
    });
  });
});

describe('no untyped failure: the store and the memory store’s data', () => {
  it('reports whatever a store throws as STORE_UNAVAILABLE; a write whose answer was lost but which happened counts as done', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 10:30'));
    await createCaseEngine({ store, clock }).open(applicationInput());
    const broken: CaseStore = { ...store, load: async () => { throw new TypeError('socket is not a function'); } };
    const error = await rejectionOf(() => createCaseEngine({ store: broken, clock }).get('case-1'));
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', context: { store: 'memory', operation: 'load', retryable: false, outcome: 'not-applied' } });
    expect(error.cause).toBeInstanceOf(TypeError);
    // The write lands, then the connection "drops" before the answer: the engine checks the log and finds its entry.
    const lostAnswer: CaseStore = { ...store, commit: async (write, expected) => { await store.commit(write, expected); throw new Error('Connection terminated unexpectedly'); } };
    const sent = await createCaseEngine({ store: lostAnswer, clock }).send('case-1', { type: 'review.pass', by: center });
    expect(sent).toMatchObject({ version: 2, state: 'legalReview' });
    expect(await createCaseEngine({ store, clock }).verifyAudit('case-1')).toMatchObject({ ok: true });
    // Nothing landed: the caller learns it was not applied and may retry.
    const lostWrite: CaseStore = { ...store, commit: async () => { throw new Error('Connection terminated unexpectedly'); } };
    expect(await rejectionOf(() => createCaseEngine({ store: lostWrite, clock }).send('case-1', { type: 'legal.approve', by: justice }))).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      context: { operation: 'commit', outcome: 'not-applied', retryable: true },
    });
  });

  it('refuses memory-store data nested 100 000 deep, or that is not its JSON, with INVALID_INPUT (never a RangeError)', () => {
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { deep };
    const error = thrown(() => memoryStore({ data: { format: 'linked-enforcement/memory-store@2', cases: { x: deep } } as never }));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('nests deeper than 64 levels') });
    expect(thrown(() => memoryStore({ data: { format: 'linked-enforcement/memory-store@2', cases: { x: { envelope: '"a string"' } } } as never })).code).toBe('INVALID_INPUT');
    expect(thrown(() => memoryStore({ data: { format: 'linked-enforcement/memory-store@9', cases: {} } as never })).code).toBe('INVALID_INPUT');
  });

  it('checks the new options and arguments', async () => {
    expect(() => createCaseEngine({ maxClockSkewMs: -1 })).toThrow(/maxClockSkewMs/);
    expect(() => createCaseEngine({ delivery: { maxAttempts: 0 } })).toThrow(/delivery\.maxAttempts/);
    expect(() => createCaseEngine({ delivery: { retries: 3 } as never })).toThrow(/delivery/);
    const engine = createCaseEngine();
    expect((await rejectionOf(() => engine.deliverNotifications())).code).toBe('INVALID_INPUT');
    expect((await rejectionOf(() => engine.deliverNotifications(() => {}, { limit: 0 }))).code).toBe('INVALID_INPUT');
    expect((await rejectionOf(() => engine.pendingNotifications({ status: 'lost' as never }))).code).toBe('INVALID_INPUT');
    expect((await rejectionOf(() => engine.verifyAll({ cursor: 'bad id!' }))).code).toBe('INVALID_INPUT');
    expect(await engine.verifyAll()).toEqual({ cases: [], nextCursor: null });
  });

  it('keeps an idempotency record as the version its request wrote, and rebuilds the result from the log', async () => {
    const { engine, store } = setup();
    await engine.open(applicationInput());
    const first = await engine.send('case-1', { type: 'review.pass', by: center }, { idempotencyKey: 'k' });
    expect(store.toJSON().cases['case-1']!.idempotency).toEqual({ k: { key: 'k', requestHash: expect.stringMatching(/^[0-9a-f]{64}$/u), version: 2 } });
    expect(store.toJSON().cases['case-1']!.audit[1]).toMatchObject({ idempotencyKey: 'k', requestHash: store.toJSON().cases['case-1']!.idempotency!.k!.requestHash });
    await engine.send('case-1', ev('legal.approve', justice, bj('2026-09-02 10:00')));
    const reloaded = createCaseEngine({ store: memoryStore({ data: store.toJSON() }), clock: testClock(bj('2026-09-03 09:00')) });
    expect(await reloaded.send('case-1', { type: 'review.pass', by: center }, { idempotencyKey: 'k' })).toEqual(first);
  });
});

describe('what the send path reports (mutation testing: the exact fields the README promises)', () => {
  async function legalReview() {
    const { engine, clock, store } = setup();
    await engine.open(applicationInput());
    await engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')));
    return { engine, clock, store };
  }

  it('a refusal’s message is "Case <id>: <reason>" and its context holds exactly caseId, version, state, type, by, reason and reasonZh', async () => {
    const { engine } = await legalReview();
    const refused = await rejectionOf(() => engine.send('case-1', ev('legal.approve', police, bj('2026-09-02 10:00'))));
    expect(refused.code).toBe('NOT_ALLOWED');
    expect(refused.context).toEqual({ caseId: 'case-1', version: 2, state: 'legalReview', type: 'legal.approve', by: police, reason: expect.any(String), reasonZh: expect.any(String) });
    expect(refused.message).toBe(`Case case-1: ${String(refused.context.reason)}`);
    expect(refused.context.reasonZh).toMatch(/法制审核/u);
  });

  it('a malformed event is INVALID_EVENT "Case <id>: malformed event: …" naming every issue, joined by "; "', async () => {
    const { engine } = await legalReview();
    const error = await rejectionOf(() => engine.send('case-1', { type: 'review.reject', by: center, urgent: true } as never));
    expect(error.code).toBe('INVALID_EVENT');
    expect(error.issues.length).toBeGreaterThan(1);
    const reason = error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    expect(error.message).toBe(`Case case-1: malformed event: ${reason}`);
    expect(error.context).toEqual({ caseId: 'case-1', type: 'review.reject', by: center, reason, reasonZh: expect.stringMatching(/\S/u) });
  });

  it('an event beyond the input limits is INVALID_EVENT naming the case and every issue, joined by "; "', async () => {
    const { engine } = await legalReview();
    const event = { ...ev('legal.approve', { unit: 'u'.repeat(201) }, bj('2026-09-02 10:00')), opinion: '见'.repeat(20_001) };
    const error = await rejectionOf(() => engine.send('case-1', event as never));
    const reason = 'event.by.unit: must be at most 200 characters (it has 201); event.opinion: must be at most 20000 characters (it has 20001)';
    expect(error).toMatchObject({ code: 'INVALID_EVENT', message: `Case case-1: Invalid event: ${reason}` });
    expect(error.context).toEqual({ caseId: 'case-1', reason, reasonZh: expect.stringMatching(/\S/u) });
    expect(error.issues.map((issue) => issue.path.join('.'))).toEqual(['event.by.unit', 'event.opinion']);
  });

  it('an opening input beyond the input limits is INVALID_INPUT naming the argument, not a case', async () => {
    const { engine, store } = setup();
    const error = await rejectionOf(() => engine.open(applicationInput({ caseId: 'c'.repeat(201) })));
    const reason = 'input.caseId: must be at most 200 characters (it has 201)';
    expect(error).toMatchObject({ code: 'INVALID_INPUT', message: `Invalid input: ${reason}` });
    expect(error.context).toEqual({ argument: 'input', reason, reasonZh: expect.stringMatching(/\S/u) });
    expect(store.toJSON().cases).toEqual({});
  });

  it('backdated results: the message names the event, the context holds caseId, type, by, reason and reasonZh (Beijing time)', async () => {
    const { engine, clock } = setup();
    await toReporting(engine, 'case-1');
    clock.set(bj('2026-10-20 09:00'));
    const error = await rejectionOf(() => engine.send('case-1', ev('results.upload', market, bj('2026-10-12 10:00'), { results: { summary: '补' } })));
    const reason = `results are dated when they are uploaded: at (${bj('2026-10-12 10:00')}) is before the engine's clock (2026-10-20T01:00:00.000Z)`;
    expect(error.message).toBe(`Case case-1: results.upload refused: ${reason}`);
    expect(error.context).toEqual({ caseId: 'case-1', type: 'results.upload', by: market, reason, reasonZh: expect.any(String) });
    expect(error.context.reasonZh).toMatch(/^执法结果以上传时间为准：时间（2026-10-12T10:00:00\+08:00）早于引擎时钟（2026-10-20T09:00:00(\.000)?\+08:00）$/u);
  });

  it('a machine that throws: an Error is thrown as it is; anything else is INVALID_INPUT "The case machine failed: …"', async () => {
    const failure = new RangeError('calendar service down');
    for (const [what, thrownValue] of [['an Error', failure], ['a string', 'calendar down']] as const) {
      const broken = createCaseMachine({ calendar: { deadline: () => { throw thrownValue; } } });
      const store = memoryStore();
      const clock = testClock(bj('2026-09-01 09:30'));
      const engine = following(createCaseEngine({ store, machine: broken, clock }), clock);
      const error = await toReporting(engine, 'case-1').then(
        () => 'no error',
        (reason: unknown) => reason,
      );
      if (what === 'an Error') expect(error).toBe(failure);
      else expect(error).toMatchObject({ code: 'INVALID_INPUT', message: 'The case machine failed: calendar down' });
      expect((await engine.get('case-1')).state, what).toBe('enforcing.executing');
    }
  });

  it('a dispatch whose township makes a unit id the store cannot hold (locality:<name> over 200 characters) is INVALID_EVENT naming the unit, nothing stored', async () => {
    const { engine, store } = setup();
    await engine.open(applicationInput({ itemNo: 16 }));
    await approve(engine);
    const before = JSON.stringify(store.toJSON());
    const township = '镇'.repeat(195);
    const error = await rejectionOf(() => engine.send('case-1', ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '码头', startAt: bj('2026-09-05 09:00'), locality: township })));
    const unit = `locality:${township}`;
    const reason = 'must be at most 200 characters (it has 204)';
    expect(error).toMatchObject({ code: 'INVALID_EVENT', message: `Case case-1: the unit id "${unit.slice(0, 80)}" ${reason}` });
    expect(error.context).toEqual({ caseId: 'case-1', unit: unit.slice(0, 200), reason, reasonZh: `单位编号“${unit.slice(0, 80)}”最多 200 个字符（现有 204 个）` });
    expect(JSON.stringify(store.toJSON())).toBe(before);
  });

  describe('a store whose answer to a commit is lost (STORE_UNAVAILABLE)', () => {
    /** A memory store whose `commit` throws `failure` after writing (`applied`) or without. */
    function losingStore(failure: LinkedEnforcementError, applied: boolean, loadThrows = false) {
      const inner = memoryStore();
      const loads: unknown[] = [];
      // Reads fail only once the case is open (armed by sendThrough).
      const armed = { on: false };
      const store = new Proxy(inner, {
        get(target, key) {
          if (key === 'commit') {
            return async (...args: Parameters<MemoryStore['commit']>) => {
              if (applied) await target.commit(...args);
              throw failure;
            };
          }
          if (key === 'create' && failure.message.includes('opening')) {
            return async () => {
              throw failure;
            };
          }
          if (key === 'load') {
            return (...args: Parameters<MemoryStore['load']>) => {
              loads.push(args);
              if (loadThrows && armed.on) throw new Error('the read dropped too');
              return target.load(...args);
            };
          }
          const value: unknown = Reflect.get(target, key, target);
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      return { store, loads, armed };
    }
    const lost = (outcome: string) => new LinkedEnforcementError('STORE_UNAVAILABLE', 'the connection dropped', { context: { retryable: true, outcome } });

    async function sendThrough(failure: LinkedEnforcementError, applied: boolean, loadThrows = false) {
      const { store, loads, armed } = losingStore(failure, applied, loadThrows);
      const clock = testClock(bj('2026-09-01 09:30'));
      const engine = following(createCaseEngine({ store, clock }), clock);
      await engine.open(applicationInput());
      loads.length = 0;
      armed.on = true;
      const sent = engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')));
      return { sent, loads, engine };
    }

    it('an unknown outcome the engine finds applied (its entry, with its hash, at its version) is a success', async () => {
      const { sent, engine } = await sendThrough(lost('unknown'), true);
      expect(await sent).toMatchObject({ version: 2, state: 'legalReview' });
      expect((await engine.get('case-1')).version).toBe(2);
    });

    it('an unknown outcome the engine finds not applied is STORE_UNAVAILABLE, outcome not-applied, retryable', async () => {
      const { sent, engine } = await sendThrough(lost('unknown'), false);
      const error = await rejectionOf(() => sent);
      expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', message: 'the connection dropped (checked: it was not applied)' });
      expect(error.context).toEqual({ retryable: true, outcome: 'not-applied' });
      expect((await engine.get('case-1')).version).toBe(1);
    });

    it('an opening whose unknown outcome left no case is STORE_UNAVAILABLE, outcome not-applied', async () => {
      const { store } = losingStore(new LinkedEnforcementError('STORE_UNAVAILABLE', 'the opening dropped', { context: { retryable: true, outcome: 'unknown' } }), false);
      const error = await rejectionOf(() => createCaseEngine({ store, clock: testClock(bj('2026-09-01 09:30')) }).open(applicationInput()));
      expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', message: 'the opening dropped (checked: it was not applied)', context: { outcome: 'not-applied', retryable: true } });
    });

    it('an unknown outcome the engine cannot check (the read fails too) stays unknown: the store’s error as it was', async () => {
      const failure = lost('unknown');
      const { sent } = await sendThrough(failure, false, true);
      expect(await sent.then(() => 'sent', (error: unknown) => error)).toBe(failure);
    });

    it('a known outcome is passed on as it is, without a read', async () => {
      const failure = lost('not-applied');
      const { sent, loads } = await sendThrough(failure, false);
      expect(await sent.then(() => 'sent', (error: unknown) => error)).toBe(failure);
      expect(loads).toEqual([]);
    });
  });
});
