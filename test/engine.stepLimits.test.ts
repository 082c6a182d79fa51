/**
 * Step time limits (环节办理时限) through the engine, on both stores: `sweep` reminds and marks a
 * step overdue and notifies its responsible party and the center, the inbox shows the step's
 * deadline as the actor's nearest (a leaders' decision too), `list({ overdue })` finds a step past
 * its limit, and `engine.stats` counts step limits met, late and overdue alike on both stores.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, createCaseMachine, type CaseEngine, type CaseStore, type StatsRow } from 'linked-enforcement';
import { applicationInput, bj, center, ev, inCharge, justice } from './_lib/cases.js';
import { following, listedCases, testClock } from './_lib/engine.js';
import { memoryHarness, postgresHarness } from './_lib/storeHarness.js';

const databaseUrl = process.env.DATABASE_URL;
/** 初审 1 working day, 法制审核 2, 审批/同意 1. */
const machine = createCaseMachine({ stepLimits: { preliminaryReview: 1, legalReview: 2, approval: 1 } });

function engineOn(store: CaseStore, start = bj('2026-09-01 08:00')) {
  const clock = testClock(start);
  return { engine: following(createCaseEngine({ store, clock, machine }), clock), clock };
}

/**
 * Cases in time order: on-time passes its three limited steps on time; late-review passes
 * 初审 late (after a sweep found it overdue); waiting sits in legal review past its limit
 * without a check; rejected left 初审 on time. Read at 2026-09-10 09:00.
 */
async function tellStories(store: CaseStore): Promise<CaseEngine> {
  const { engine, clock } = engineOn(store);
  await engine.open(applicationInput({ caseId: 'on-time', at: bj('2026-09-01 09:00') }));
  await engine.open(applicationInput({ caseId: 'late-review', at: bj('2026-09-01 09:00') }));
  await engine.open(applicationInput({ caseId: 'waiting', at: bj('2026-09-01 09:00') }));
  await engine.open(applicationInput({ caseId: 'rejected', at: bj('2026-09-01 09:00') }));
  await engine.send('on-time', ev('review.pass', center, bj('2026-09-01 10:00')));
  await engine.send('waiting', ev('review.pass', center, bj('2026-09-01 10:00')));
  await engine.send('rejected', ev('review.reject', center, bj('2026-09-02 10:00'), { reason: '不属于联动执法事项' }));
  await engine.send('on-time', ev('legal.approve', justice, bj('2026-09-02 10:00')));
  await engine.send('on-time', ev('leader.approve', inCharge, bj('2026-09-03 10:00')));
  clock.advanceTo(bj('2026-09-03 09:00'));
  // late-review's 初审 (due 9-2) is found overdue.
  await engine.sweep();
  await engine.send('late-review', ev('review.pass', center, bj('2026-09-03 10:00')));
  clock.advanceTo(bj('2026-09-10 09:00'));
  return engine;
}

for (const harness of [memoryHarness(), postgresHarness(databaseUrl)]) {
  describe.skipIf(harness.skip)(`step limits through the engine: ${harness.name}`, () => {
    it('sweep reminds the responsible unit and the center, then marks the step overdue and tells them, once', async () => {
      const store = await harness.create();
      const { engine, clock } = engineOn(store);
      const opened = await engine.open(applicationInput({ caseId: 's1', at: bj('2026-09-01 09:00') }));
      expect(opened.deadlines).toMatchObject([{ kind: 'step', step: 'preliminaryReview', unit: 'command-center', dueDate: '2026-09-02', status: 'pending' }]);
      await engine.send('s1', ev('review.pass', center, bj('2026-09-01 10:00')));
      // 法制审核 due 9-3 (2 working days from 9-1): reminded from 9-2 00:00, overdue after 9-3 23:59:59.999.
      clock.set(bj('2026-09-01 23:59'));
      expect(await engine.sweep()).toMatchObject({ reminded: [], overdue: [], failed: [] });
      clock.set(bj('2026-09-02 00:00'));
      const reminded = await engine.sweep();
      expect(reminded.reminded).toEqual([
        expect.objectContaining({
          caseId: 's1',
          deadlines: [expect.objectContaining({ kind: 'step', step: 'legalReview', unit: 'justice', remindedAt: '2026-09-02T00:00:00.000+08:00' })],
          notifications: [expect.objectContaining({ kind: 'deadlineApproaching', recipients: [justice, center] })],
        }),
      ]);
      expect(reminded.reminded[0]!.notifications[0]!.message).toContain('预警：联动执法「城东农贸市场安全综合执法」的法制审核环节应于2026-09-03');
      clock.set('2026-09-03T23:59:59.999+08:00');
      expect((await engine.sweep()).overdue).toEqual([]);
      expect(await listedCases(engine, { overdue: true })).toEqual([]);
      clock.set('2026-09-04T00:00:00.000+08:00');
      // Past due and not yet checked: the overdue filter finds it already.
      expect((await listedCases(engine, { overdue: true })).map((view) => view.caseId)).toEqual(['s1']);
      // Later than the lease the sweep at the due instant took on the case (it woke then, and found nothing past due).
      clock.set(bj('2026-09-04 09:00'));
      const report = await engine.sweep();
      expect(report.overdue).toEqual([
        expect.objectContaining({
          caseId: 's1',
          deadlines: [expect.objectContaining({ kind: 'step', step: 'legalReview', status: 'overdue' })],
          notifications: [expect.objectContaining({ kind: 'deadlineOverdue', recipients: [justice, center] })],
        }),
      ]);
      expect(report.overdue[0]!.notifications[0]!.message).toBe(
        '联动执法「城东农贸市场安全综合执法」的法制审核环节应于2026-09-03前办结（时限2个工作日），现已逾期，请司法局立即办理。',
      );
      expect((await engine.sweep()).overdue).toEqual([]);
      expect((await listedCases(engine, { overdue: true })).map((view) => view.caseId)).toEqual(['s1']);
      // Leaving the step: late, no longer overdue, and the log replays to the same case.
      const left = await engine.send('s1', ev('legal.approve', justice, bj('2026-09-04 10:00')));
      expect(left.deadlines.filter((deadline) => deadline.step === 'legalReview')).toMatchObject([{ status: 'late', doneAt: bj('2026-09-04 10:00') }]);
      expect(await listedCases(engine, { overdue: true })).toEqual([]);
      expect(await engine.verifyAudit('s1')).toMatchObject({ ok: true });
    });

    it('shows the step’s deadline as the nearest in the inbox of the responsible unit, and of a leader for an approval', async () => {
      const store = await harness.create();
      const { engine, clock } = engineOn(store);
      await engine.open(applicationInput({ caseId: 'i1', at: bj('2026-09-01 09:00') }));
      await engine.open(applicationInput({ caseId: 'i2', at: bj('2026-09-01 09:30') }));
      await engine.send('i2', ev('review.pass', center, bj('2026-09-01 10:00')));
      await engine.send('i2', ev('legal.approve', justice, bj('2026-09-01 11:00')));
      clock.set(bj('2026-09-01 12:00'));
      const centerInbox = await engine.inbox(center);
      expect(centerInbox.items.map((item) => [item.caseId, item.deadline?.kind, item.deadline?.step, item.deadline?.dueDate, item.deadline?.remainingWorkingDays])).toEqual([
        ['i1', 'step', 'preliminaryReview', '2026-09-02', 1],
      ]);
      const leaderInbox = await engine.inbox(inCharge);
      expect(leaderInbox.items.map((item) => [item.caseId, item.deadline?.step, item.deadline?.state, item.deadline?.dueDate, item.deadline?.remainingWorkingDays])).toEqual([
        ['i2', 'approval', 'leaderApproval', '2026-09-02', 1],
      ]);
      // Overdue first: i1's 初审 passed its limit, i2 is still due (a later case in the center's inbox sorts after it).
      await engine.open(applicationInput({ caseId: 'i3', at: bj('2026-09-03 09:00') }));
      clock.set(bj('2026-09-03 10:00'));
      expect((await engine.inbox(center)).items.map((item) => [item.caseId, item.deadline?.status, item.deadline?.remainingWorkingDays])).toEqual([
        ['i1', 'overdue', -1],
        ['i3', 'pending', 1],
      ]);
    });

    it('replays a case as it recorded its limits after the county changed them (verifyAudit)', async () => {
      const store = await harness.create();
      const clock = testClock(bj('2026-09-01 09:00'));
      const before = following(createCaseEngine({ store, clock, machine: createCaseMachine({ stepLimits: { preliminaryReview: 2, legalReview: 1 } }) }), clock);
      await before.open(applicationInput({ caseId: 'r1', at: bj('2026-09-01 09:00') }));
      await before.send('r1', ev('review.pass', center, bj('2026-09-01 10:00')));
      for (const stepLimits of [{ preliminaryReview: 3, legalReview: 1 }, { dispatching: 2 }, undefined]) {
        const after = createCaseEngine({ store: await harness.reopen(store), clock, machine: createCaseMachine(stepLimits === undefined ? {} : { stepLimits }) });
        expect(await after.verifyAudit('r1'), JSON.stringify(stepLimits)).toMatchObject({ ok: true, problems: [], replayed: true });
      }
      // The case goes on under the new rules: the recorded deadline keeps its limit, a step entered now gets the new one.
      const after = following(createCaseEngine({ store: await harness.reopen(store), clock, machine: createCaseMachine({ stepLimits: { legalReview: 1, approval: 3 } }) }), clock);
      const view = await after.send('r1', ev('legal.approve', justice, bj('2026-09-02 10:00')));
      expect(view.deadlines.map((deadline) => [deadline.step, deadline.workingDays, deadline.status])).toEqual([
        ['preliminaryReview', 2, 'met'],
        ['legalReview', 1, 'met'],
        ['approval', 3, 'pending'],
      ]);
      expect(await after.verifyAudit('r1')).toMatchObject({ ok: true, problems: [] });
    });

    it('counts step limits met, late and overdue in the statistics, per deadline', async () => {
      const engine = await tellStories(await harness.create());
      const report = await engine.stats({ from: '2026-09-01', to: '2026-09-30', by: 'leadUnit' });
      const counters = (row: StatsRow) => [row.stepsOnTime, row.stepsLate, row.stepsOverdue];
      // on-time: 初审, 法制审核, 审批 met; rejected and waiting: 初审 met; late-review: 初审 late, 法制审核 (due 9-7) overdue at 9-10; waiting: 法制审核 (due 9-3) overdue.
      expect(report.rows.map((row) => [row.key, ...counters(row)])).toEqual([['market-regulation', 5, 1, 2]]);
      expect(counters(report.total)).toEqual([5, 1, 2]);
      // Results are counted apart: none was due.
      expect(report.total).toMatchObject({ resultsOnTime: 0, resultsLate: 0, resultsOverdue: 0, onTimeRate: null });
    });
  });
}

describe.skipIf(databaseUrl === undefined)('step limits in the statistics: the same rows from both stores', () => {
  it('gives exactly the memory store’s rows on PostgreSQL, before and after a sweep records the overdue steps', async () => {
    const [memory, postgres] = await Promise.all([memoryHarness(), postgresHarness(databaseUrl)].map(async (harness) => tellStories(await harness.create())));
    const compare = async () => {
      for (const by of ['leadUnit', 'item', 'month', 'origin'] as const) {
        const expected = await memory!.stats({ from: '2026-09-01', to: '2026-09-30', by });
        expect(expected.total.stepsOverdue).toBe(2);
        expect(await postgres!.stats({ from: '2026-09-01', to: '2026-09-30', by }), by).toEqual(expected);
      }
    };
    await compare();
    await Promise.all([memory!.sweep(), postgres!.sweep()]);
    await compare();
  });
});
