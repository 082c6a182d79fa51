/**
 * Replaying a case's log (`replay.ts`, README › Audit: `verifyAudit` replays a case as it ran):
 * a county that changed its step limits (环节办理时限) still replays its older cases with the
 * limits they recorded, a recorded limit no machine could have written is not taken as one, and a
 * deadline recorded under holiday data that changed since is a `calendar` warning saying which
 * data it came from. Written against the mutants that survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, createCaseMachine, memoryStore } from 'linked-enforcement';
import { caseMachine } from '../machines/caseMachine.js';
import type { CaseDeadline } from '../machines/types.js';
import { replayLog } from '../src/engine/_lib/replay.js';
import { describeMachine } from '../src/engine/_lib/machineInfo.js';
import { CASE_MACHINE_VERSION, caseMachineMigrations } from '../src/engine/migrations.js';
import type { AuditEntry } from '../src/engine/schemas.js';
import { applicationInput, bj, center, ev, justice, market } from './_lib/cases.js';
import { following, storedItem1Case, testClock, toReporting } from './_lib/engine.js';

describe('a county that changed its step limits', () => {
  it('replays each case with the limit each step recorded when it was entered, under the old rules and the new', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    const before = following(createCaseEngine({ store, clock, machine: createCaseMachine({ stepLimits: { preliminaryReview: 2, legalReview: 1 } }) }), clock);
    await before.open(applicationInput({ caseId: 'r1' }));
    await before.send('r1', ev('review.pass', center, bj('2026-09-01 10:00')));
    for (const stepLimits of [{ preliminaryReview: 3, legalReview: 4 }, { legalReview: 2 }, undefined]) {
      const after = createCaseEngine({ store, clock, machine: createCaseMachine(stepLimits === undefined ? {} : { stepLimits }) });
      expect(await after.verifyAudit('r1'), JSON.stringify(stepLimits)).toMatchObject({ ok: true, problems: [], replayed: true });
    }
    const after = following(createCaseEngine({ store, clock, machine: createCaseMachine({ stepLimits: { legalReview: 3, approval: 4 } }) }), clock);
    const view = await after.send('r1', ev('legal.approve', justice, bj('2026-09-02 10:00')));
    expect(view.deadlines.map((deadline) => [deadline.step, deadline.workingDays])).toEqual([
      ['preliminaryReview', 2],
      ['legalReview', 1],
      ['approval', 4],
    ]);
    for (const stepLimits of [{ legalReview: 3, approval: 4 }, { approval: 2 }, undefined]) {
      const later = createCaseEngine({ store, clock, machine: createCaseMachine(stepLimits === undefined ? {} : { stepLimits }) });
      expect(await later.verifyAudit('r1'), JSON.stringify(stepLimits)).toMatchObject({ ok: true, problems: [], replayed: true });
    }
  });
  it('replays the sweep’s check of a step limit the county has since dropped', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    const before = following(createCaseEngine({ store, clock, machine: createCaseMachine({ stepLimits: { legalReview: 1 } }) }), clock);
    await before.open(applicationInput({ caseId: 'w1' }));
    await before.send('w1', ev('review.pass', center, bj('2026-09-01 10:00')));
    clock.set(bj('2026-09-03 10:00'));
    await before.sweep();
    const swept = await before.get('w1');
    expect(swept.deadlines.map((deadline) => [deadline.step, deadline.status])).toEqual([['legalReview', 'overdue']]);
    expect(swept.version).toBe(3);
    const after = createCaseEngine({ store, clock });
    expect(await after.verifyAudit('w1')).toMatchObject({ ok: true, problems: [], replayed: true });
  });

  it('tells a step entered twice apart by when it was entered: an application amended after the county changed its limits', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    const before = following(createCaseEngine({ store, clock, machine: createCaseMachine({ stepLimits: { preliminaryReview: 2, legalReview: 1 } }) }), clock);
    await before.open(applicationInput({ caseId: 'a1' }));
    await before.send('a1', ev('review.pass', center, bj('2026-09-01 10:00')));
    await before.send('a1', ev('legal.return', justice, bj('2026-09-01 11:00'), { reason: '缺少现场照片' }));
    await before.send('a1', ev('amendment.request', center, bj('2026-09-01 12:00'), { reason: '补充现场照片' }));
    const after = following(createCaseEngine({ store, clock, machine: createCaseMachine({ stepLimits: { preliminaryReview: 3, legalReview: 1 } }) }), clock);
    const view = await after.send('a1', ev('application.resubmit', market, bj('2026-09-02 09:00')));
    expect(view.deadlines.filter((deadline) => deadline.kind === 'step').map((deadline) => [deadline.step, deadline.workingDays])).toEqual([
      ['preliminaryReview', 2],
      ['legalReview', 1],
      ['preliminaryReview', 3],
    ]);
    for (const stepLimits of [{ preliminaryReview: 2, legalReview: 1 }, { preliminaryReview: 3 }, undefined]) {
      const later = createCaseEngine({ store, clock, machine: createCaseMachine(stepLimits === undefined ? {} : { stepLimits }) });
      expect(await later.verifyAudit('a1'), JSON.stringify(stepLimits)).toMatchObject({ ok: true, problems: [], replayed: true });
    }
  });
});

describe('two steps with the same limit', () => {
  it('replay each with the deadline recorded from its own start', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    const machine = createCaseMachine({ stepLimits: { preliminaryReview: 2, legalReview: 2 } });
    const engine = following(createCaseEngine({ store, clock, machine }), clock);
    await engine.open(applicationInput({ caseId: 's1' }));
    await engine.send('s1', ev('review.pass', center, bj('2026-09-02 10:00')));
    const view = await engine.send('s1', ev('legal.approve', justice, bj('2026-09-03 10:00')));
    expect(view.deadlines.filter((deadline) => deadline.kind === 'step').map((deadline) => [deadline.step, deadline.dueDate])).toEqual([
      ['preliminaryReview', '2026-09-03'],
      ['legalReview', '2026-09-04'],
    ]);
    expect(await engine.verifyAudit('s1')).toMatchObject({ ok: true, problems: [], warnings: [], replayed: true });
  });
});

describe('a case with every step limited', () => {
  it('replays each deadline from the start and the working days it was recorded with', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    const machine = createCaseMachine({ stepLimits: { preliminaryReview: 1, legalReview: 2, approval: 3, dispatching: 1, workPlan: 2, aggregating: 3 } });
    const engine = following(createCaseEngine({ store, clock, machine }), clock);
    await toReporting(engine, 'all');
    await engine.send('all', ev('results.upload', market, bj('2026-10-09 17:00'), { results: { summary: '检查商户120家' } }));
    expect(await engine.verifyAudit('all')).toMatchObject({ ok: true, problems: [], warnings: [], replayed: true });
  });
});

describe('a log replayed with no deadlines recorded', () => {
  it('takes the calendar’s, and no step limit', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    await toReporting(following(createCaseEngine({ store, clock }), clock), 'case-1');
    const entries = store.toJSON().cases['case-1']!.audit as unknown as AuditEntry[];
    const machine = createCaseMachine({ stepLimits: { legalReview: 2 } });
    const replay = replayLog(describeMachine(machine, CASE_MACHINE_VERSION, caseMachineMigrations), entries, entries.length, [], () => {});
    expect(replay.stopped).toBeUndefined();
    expect(replay.last!.snapshot.context.deadlines.filter((deadline) => deadline.kind === 'resultsUpload').map((deadline) => deadline.dueDate)).toEqual(['2026-10-13']);
    // None recorded when its steps were entered: none now, whatever the machine's limits.
    expect(replay.last!.snapshot.context.deadlines.filter((deadline) => deadline.kind === 'step')).toEqual([]);
    expect(replay.warnings).toEqual([]);
  });
});

describe('two steps entered at the same instant', () => {
  it('replay each with its own recorded limit', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(createCaseEngine({ store, clock, machine: createCaseMachine({ stepLimits: { legalReview: 1, approval: 3 } }) }), clock);
    await engine.open(applicationInput({ caseId: 't1' }));
    await engine.send('t1', ev('review.pass', center, bj('2026-09-01 10:00')));
    const view = await engine.send('t1', ev('legal.approve', justice, bj('2026-09-01 10:00')));
    expect(view.deadlines.map((deadline) => [deadline.step, deadline.workingDays, deadline.startedAt])).toEqual([
      ['legalReview', 1, bj('2026-09-01 10:00')],
      ['approval', 3, bj('2026-09-01 10:00')],
    ]);
    expect(await createCaseEngine({ store, clock }).verifyAudit('t1')).toMatchObject({ ok: true, problems: [], replayed: true });
  });
});

describe('an entry holding what the engine never writes', () => {
  it('stops the replay there, naming the opening input or the event', async () => {
    const { store } = await storedItem1Case(1);
    const entries = store.toJSON().cases['case-1']!.audit as unknown as AuditEntry[];
    const info = describeMachine(caseMachine, CASE_MACHINE_VERSION, caseMachineMigrations);
    const long = 'x'.repeat(20_001);
    const opening = [{ ...entries[0]!, event: { ...(entries[0]!.event as object), title: long } }, entries[1]!] as AuditEntry[];
    expect(replayLog(info, opening, 2, undefined, () => {}).stopped).toEqual({
      kind: 'replay',
      version: 1,
      message: 'entry 1 (case.open) holds what the engine never writes: input.title: must be at most 20000 characters (it has 20001)',
    });
    const pass = [entries[0]!, { ...entries[1]!, event: { ...(entries[1]!.event as object), opinion: long } }] as AuditEntry[];
    expect(replayLog(info, pass, 2, undefined, () => {}).stopped).toEqual({
      kind: 'replay',
      version: 2,
      message: 'entry 2 (review.pass) holds what the engine never writes: event.opinion: must be at most 20000 characters (it has 20001)',
    });
  });
});

describe('an opening the machine cannot start from', () => {
  it('stops the replay at entry 1, saying the machine failed and why', async () => {
    const { store } = await storedItem1Case(1);
    const entries = store.toJSON().cases['case-1']!.audit as unknown as AuditEntry[];
    const { title: _title, ...untitled } = entries[0]!.event as Record<string, unknown>;
    const replay = replayLog(describeMachine(caseMachine, CASE_MACHINE_VERSION, caseMachineMigrations), [{ ...entries[0]!, event: untitled } as AuditEntry, entries[1]!], 2, undefined, () => {});
    expect(replay).toMatchObject({ steps: 0, stopped: { kind: 'replay', version: 1 } });
    expect(replay.stopped!.message).toMatch(/^the machine failed on entry 1 \(case\.open\) when replaying the log: .*title/u);
    expect(replay.last).toBeUndefined();
  });
});

describe('recorded step limits no machine writes', () => {
  it('are not taken as limits: the log replays as the engine’s machine runs it', async () => {
    const { store } = await storedItem1Case(2);
    const info = describeMachine(caseMachine, CASE_MACHINE_VERSION, caseMachineMigrations);
    const entries = store.toJSON().cases['case-1']!.audit as unknown as AuditEntry[];
    const step = (changes: Record<string, unknown>) => ({ kind: 'step', step: 'legalReview', state: 'legalReview', startedAt: bj('2026-09-01 10:00'), workingDays: 2, dueDate: '2026-09-03', dueAt: '2026-09-03T23:59:59.999+08:00', provisional: false, status: 'met', ...changes }) as unknown as CaseDeadline;
    for (const bogus of [{ workingDays: 0 }, { workingDays: 251 }, { workingDays: 1.5 }, { step: 7 }, { step: 'lunchBreak' }, { kind: 'resultsUpload' }]) {
      const replay = replayLog(info, entries, entries.length, [step(bogus)], () => {});
      expect(replay, JSON.stringify(bogus)).toMatchObject({ steps: 3 });
      expect(replay.stopped).toBeUndefined();
      expect(replay.last!.snapshot.context.deadlines.filter((deadline) => deadline.kind === 'step')).toEqual([]);
    }
    const longest = replayLog(info, entries, entries.length, [step({ workingDays: 250 })], () => {});
    expect(longest.last!.snapshot.context.deadlines.filter((deadline) => deadline.kind === 'step').map((deadline) => deadline.workingDays)).toEqual([250]);
  });
});

describe('a deadline recorded under holiday data that changed since', () => {
  const deadlineOn = (dueDate: string, provisional: boolean) => ({ deadline: () => ({ dueDate, dueAt: `${dueDate}T23:59:59.999+08:00`, provisional }) });

  it('is a calendar warning naming official data that changed, and a provisional answer of today’s calendar', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:30'));
    await toReporting(following(createCaseEngine({ store, clock, machine: createCaseMachine({ calendar: deadlineOn('2026-10-13', false) }) }), clock), 'case-1');
    const verdict = await createCaseEngine({ store, clock, machine: createCaseMachine({ calendar: deadlineOn('2026-10-14', true) }) }).verifyAudit('case-1');
    expect(verdict).toMatchObject({ ok: true, problems: [] });
    expect(verdict.warnings.map((warning) => warning.message)).toEqual([
      `the deadline of 5 working days from ${bj('2026-09-30 18:00')} was recorded as 2026-10-13 (holiday data that has changed since); the calendar now says 2026-10-14 (provisional)`,
    ]);
  });
  it('is a calendar warning when only the estimate became official, the day unchanged: the record stands as it was', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:30'));
    await toReporting(following(createCaseEngine({ store, clock, machine: createCaseMachine({ calendar: deadlineOn('2026-10-13', true) }) }), clock), 'case-1');
    const official = createCaseEngine({ store, clock, machine: createCaseMachine({ calendar: deadlineOn('2026-10-13', false) }) });
    const verdict = await official.verifyAudit('case-1');
    expect(verdict).toMatchObject({ ok: true, problems: [] });
    expect(verdict.warnings.map((warning) => warning.message)).toEqual([
      `the deadline of 5 working days from ${bj('2026-09-30 18:00')} was recorded as 2026-10-13 (estimated (provisional) holiday data); the calendar now says 2026-10-13`,
    ]);
  });
  it('is a calendar warning when only the hour of the due day changed', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:30'));
    await toReporting(following(createCaseEngine({ store, clock, machine: createCaseMachine({ calendar: deadlineOn('2026-10-13', false) }) }), clock), 'case-1');
    const atFive = { deadline: () => ({ dueDate: '2026-10-13', dueAt: '2026-10-13T17:00:00.000+08:00', provisional: false }) };
    const verdict = await createCaseEngine({ store, clock, machine: createCaseMachine({ calendar: atFive }) }).verifyAudit('case-1');
    expect(verdict).toMatchObject({ ok: true, problems: [] });
    expect(verdict.warnings).toHaveLength(1);
  });
});
