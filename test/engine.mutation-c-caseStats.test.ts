/**
 * The statistics a write stores (README › Statistics): the steps the write's event opened or
 * closed, and the columns, equal to what the whole history gives (`caseStatsOf`, whose default
 * keeps only those visits); a history walked already adds nothing. Along item 1, on the memory
 * store. Written against the mutants the older suites did not reach.
 */
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { caseMachine, createCaseEngine, createCaseMachine, defaultCalendar, memoryStore } from 'linked-enforcement';
import { advanceSteps, caseStatsOf, stepProgressOf } from '../src/engine/_lib/stats/caseStats.js';
import type { CaseMachineSnapshot } from '../src/engine/_lib/machineInfo.js';
import { applicationInput, bj, center, ev, inCharge, justice } from './_lib/cases.js';
import { following, item1Steps, recordingStore, testClock, toReporting } from './_lib/engine.js';


describe('the statistics of each write', () => {
  it('are the visits its event opened or closed, as the whole history gives them', async () => {
    const { recording, writes } = recordingStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(createCaseEngine({ store: recording, clock }), clock);
    await engine.open(applicationInput());
    const actor = createActor(caseMachine, { input: (await engine.history('case-1'))[0]!.event as never }).start();
    const snapshot = () => actor.getSnapshot() as unknown as CaseMachineSnapshot;
    expect(writes[0]!.stats).toEqual(caseStatsOf(snapshot(), 1));
    // The visit each event closed and the one it opened, never the earlier ones; the work plan stays in 执法.
    const touched = [
      ['preliminaryReview', 'legalReview'],
      ['legalReview', 'approval'],
      ['approval', 'dispatching'],
      ['dispatching', 'enforcing'],
      [],
    ];
    for (const [index, event] of item1Steps().entries()) {
      const { version } = await engine.send('case-1', event);
      actor.send(event);
      const whole = caseStatsOf(snapshot(), version);
      expect(writes.at(-1)!.stats, `version ${version}`).toEqual(whole);
      expect(whole.steps.map((step) => step.step)).toEqual(touched[index]);
      expect(whole.steps.map((step) => step.leftAt === null)).toEqual(touched[index]!.map((_, position) => position === 1));
      expect(whole.complete).toBe(false);
    }
    const all = caseStatsOf(snapshot(), 6, true);
    expect(all.steps.map((step) => step.step)).toEqual(['preliminaryReview', 'legalReview', 'approval', 'dispatching', 'enforcing']);
    expect(all.complete).toBe(true);
    actor.stop();
  });

  it('add nothing for a history already walked', async () => {
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(createCaseEngine({ store: memoryStore(), clock }), clock);
    await engine.open(applicationInput());
    const actor = createActor(caseMachine, { input: (await engine.history('case-1'))[0]!.event as never }).start();
    for (const event of item1Steps().slice(0, 2)) actor.send(event);
    const snapshot = actor.getSnapshot() as unknown as CaseMachineSnapshot;
    const progress = stepProgressOf(snapshot);
    expect(progress.length).toBe(3);
    expect(advanceSteps(defaultCalendar, progress, snapshot.context.history)).toEqual({ progress, touched: [] });
    expect(advanceSteps(defaultCalendar, progress, snapshot.context.history.slice(0, 2))).toEqual({ progress, touched: [] });
    actor.stop();
  });

  it('leave out a case’s time outside the steps (a rejected case), and count step limits met and late', async () => {
    const { recording, writes } = recordingStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    const machine = createCaseMachine({ stepLimits: { preliminaryReview: 5, workPlan: 1 } });
    const engine = following(createCaseEngine({ store: recording, clock, machine }), clock);
    await engine.open(applicationInput({ caseId: 'rejected' }));
    const reject = ev('review.reject', center, bj('2026-09-01 10:00'), { reason: '材料不全' });
    await engine.send('rejected', reject);
    const actor = createActor(machine, { input: (await engine.history('rejected'))[0]!.event as never }).start();
    actor.send(reject);
    expect(caseStatsOf(actor.getSnapshot() as unknown as CaseMachineSnapshot, 2)).toEqual(writes.at(-1)!.stats);
    actor.stop();
    expect(writes.at(-1)!.stats!.steps.map((visit) => [visit.step, visit.leftAt])).toEqual([['preliminaryReview', bj('2026-09-01 10:00')]]);
    expect(writes.at(-1)!.stats!.stats).toMatchObject({ outcome: 'rejected', stepsOnTime: 1, stepsLate: 0, stepsOverdue: 0 });
    await toReporting(engine, 'late-plan');
    // 初审 within its 5 days, the work plan a day past its 1.
    expect(writes.at(-1)!.stats!.stats).toMatchObject({ outcome: null, stepsOnTime: 1, stepsLate: 1, stepsOverdue: 0, stepDueAt: null });
    // A work plan still owed: its step deadline pending (its due time kept), then overdue once checked.
    await engine.open(applicationInput({ caseId: 'owed-plan', at: clock.now().toISOString() }));
    const at = clock.now().getTime();
    const later = (hours: number) => new Date(at + hours * 3_600_000).toISOString();
    await engine.send('owed-plan', ev('review.pass', center, later(1)));
    await engine.send('owed-plan', ev('legal.approve', justice, later(2)));
    await engine.send('owed-plan', ev('leader.approve', inCharge, later(3)));
    const dispatched = await engine.send('owed-plan', ev('task.dispatch', center, later(4), { place: '城东', startAt: later(24 * 30) }));
    const planDue = dispatched.deadlines.find((deadline) => deadline.kind === 'step' && deadline.status === 'pending')!.dueAt;
    expect(writes.at(-1)!.stats!.stats).toMatchObject({ stepsOnTime: 1, stepsLate: 0, stepsOverdue: 0, stepDueAt: planDue });
    clock.set(new Date(Date.parse(planDue) + 1).toISOString());
    await engine.sweep();
    expect(writes.at(-1)!.stats!.stats).toMatchObject({ stepsOnTime: 1, stepsLate: 0, stepsOverdue: 1, stepDueAt: null });
  });
});
