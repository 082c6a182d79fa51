/**
 * The deadline an inbox item (待办) shows: the actor's nearest deadline still open — pending, or
 * marked overdue by a check — never one the case closed already (met, late, missed). With a
 * work-plan step limit (环节办理时限), the lead unit's step deadline is late before its results
 * deadline opens. Written against the mutants the older suites left.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, createCaseMachine, memoryStore } from 'linked-enforcement';
import { bj, market } from './_lib/cases.js';
import { following, testClock, toReporting } from './_lib/engine.js';

describe('an inbox item’s deadline', () => {
  it('is the open one: the results deadline, not the work plan’s late step; pending, then overdue once checked', async () => {
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(createCaseEngine({ store: memoryStore(), clock, machine: createCaseMachine({ stepLimits: { workPlan: 1 } }) }), clock);
    const reporting = await toReporting(engine, 'case-1');
    expect(reporting.deadlines.filter((deadline) => deadline.unit === 'market-regulation').map((deadline) => [deadline.kind, deadline.status])).toEqual([
      ['step', 'late'],
      ['resultsUpload', 'pending'],
    ]);
    const deadline = async () => (await engine.inbox(market)).items.map((item) => [item.caseId, item.deadline?.kind, item.deadline?.status, item.deadline?.remainingWorkingDays]);
    expect(await deadline()).toEqual([['case-1', 'resultsUpload', 'pending', 5]]);
    clock.set(bj('2026-10-14 09:00'));
    expect((await engine.sweep()).overdue).toMatchObject([{ caseId: 'case-1', deadlines: [{ kind: 'resultsUpload', status: 'overdue' }] }]);
    expect(await deadline()).toEqual([['case-1', 'resultsUpload', 'overdue', -1]]);
    clock.set(bj('2026-10-16 09:00'));
    expect(await deadline()).toEqual([['case-1', 'resultsUpload', 'overdue', -3]]);
  });
});
