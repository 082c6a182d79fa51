/**
 * Who owes a case its next step (待办), read from the snapshot as the engine's inbox reads it: the
 * steps each actor owes (not its options: 催办, 撤回…), since when the case has waited on it, and
 * its nearest deadline — along item 1's whole procedure and in an emergency.
 */
import { describe, expect, it } from 'vitest';
import { actedKeysOf, dutiesOf, owedEvents } from '../machines/_lib/duties.js';
import { machineRules } from '../machines/_lib/machineRules.js';
import { createCaseMachine } from '../machines/createCaseMachine.js';
import type { CaseEventType } from '../machines/schemas.js';
import { accept, acknowledgeItem1, applicationInput, approveApplication, bj, center, enforceItem1, ev, inCharge, item1Cooperating, item1Plan, justice, market, police, principal, startCase, sweeper, type CaseActor } from './_lib/cases.js';

const duties = (actor: CaseActor) => {
  const snapshot = actor.getSnapshot();
  return dutiesOf(snapshot, machineRules.get(snapshot.machine)!);
};
const dispatchedAt = bj('2026-09-04 10:00');
const startAt = bj('2026-09-29 09:00');
const enforcementEndedAt = bj('2026-09-30 18:00');
/** Each cooperating unit's duty but those of `except`. */
const eachCooperating = (owed: string, waitingSince: string, dueAt: string | null, except: readonly string[] = []) =>
  item1Cooperating.filter((unit) => !except.includes(unit)).map((unit) => ({ actor: `unit:${unit}`, owed: [owed], waitingSince, dueAt }));

function dispatched() {
  const { actor } = startCase(applicationInput());
  approveApplication(actor);
  accept(actor, ev('task.dispatch', center, dispatchedAt, { place: '城东农贸市场', startAt }));
  return actor;
}

describe('who owes the next step (待办)', () => {
  it('once approved, the center owes the dispatch, waiting since the approval', () => {
    const { actor } = startCase(applicationInput());
    approveApplication(actor);
    expect(duties(actor)).toEqual([{ actor: 'unit:command-center', owed: ['task.dispatch'], waitingSince: bj('2026-09-03 10:00'), dueAt: null }]);
  });

  it('after the dispatch, the lead owes the plan and each cooperating unit its acknowledgement by the start time; an urge is no duty and restarts no wait', () => {
    const actor = dispatched();
    accept(actor, ev('case.urge', center, bj('2026-09-05 11:00'), { unit: 'fire-rescue', message: '请确认任务' }));
    expect(duties(actor)).toEqual([
      { actor: 'unit:market-regulation', owed: ['plan.submit'], waitingSince: dispatchedAt, dueAt: null },
      ...eachCooperating('unit.acknowledge', dispatchedAt, startAt),
    ]);
  });

  it('a unit that acknowledged owes nothing more; once the plan is in, the lead owes the end of enforcement, not a revision', () => {
    const actor = dispatched();
    accept(actor, ev('unit.acknowledge', police, bj('2026-09-05 09:00'), { staff: 2 }));
    expect(duties(actor)).toEqual([
      { actor: 'unit:market-regulation', owed: ['plan.submit'], waitingSince: dispatchedAt, dueAt: null },
      ...eachCooperating('unit.acknowledge', dispatchedAt, startAt, ['public-security']),
    ]);
    for (const unit of item1Cooperating.filter((id) => id !== 'public-security')) accept(actor, ev('unit.acknowledge', { unit }, bj('2026-09-06 09:00'), { staff: 2 }));
    accept(actor, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan() }));
    expect(duties(actor)).toEqual([{ actor: 'unit:market-regulation', owed: ['enforcement.end'], waitingSince: bj('2026-09-10 10:00'), dueAt: null }]);
  });

  it('a unit yet to acknowledge when the plan is in still owes it, waiting since the dispatch, not since the plan', () => {
    const actor = dispatched();
    accept(actor, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan() }));
    expect(duties(actor)).toEqual([
      { actor: 'unit:market-regulation', owed: ['enforcement.end'], waitingSince: bj('2026-09-10 10:00'), dueAt: null },
      ...eachCooperating('unit.acknowledge', dispatchedAt, startAt),
    ]);
  });

  it('after enforcement each cooperating unit owes its report until it makes it, waiting since the end of enforcement, also once the results are in', () => {
    const actor = dispatched();
    for (const unit of item1Cooperating) accept(actor, ev('unit.acknowledge', { unit }, bj('2026-09-06 09:00'), { staff: 2 }));
    accept(actor, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan() }));
    accept(actor, ev('enforcement.end', market, enforcementEndedAt));
    accept(actor, ev('unit.report', police, bj('2026-10-08 10:00'), { summary: '检查商户 40 家' }));
    const [lead, ...reports] = duties(actor);
    expect(lead).toMatchObject({ actor: 'unit:market-regulation', owed: ['results.upload'], waitingSince: enforcementEndedAt });
    expect(reports).toEqual(eachCooperating('unit.report', enforcementEndedAt, null, ['public-security']));
    accept(actor, ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '完成' } } as never));
    expect(duties(actor)).toEqual([
      { actor: 'unit:command-center', owed: ['case.archive'], waitingSince: bj('2026-10-09 10:00'), dueAt: null },
      ...eachCooperating('unit.report', enforcementEndedAt, null, ['public-security']),
    ]);
  });

  it('a step limit (环节办理时限) binds the party it names: the center’s dispatch, the lead unit’s plan, not the cooperating units', () => {
    const { actor } = startCase(applicationInput(), createCaseMachine({ stepLimits: { dispatching: 1, workPlan: 2 } }));
    approveApplication(actor);
    const stepDue = (step: string) => actor.getSnapshot().context.deadlines.find((deadline) => deadline.kind === 'step' && deadline.step === step)!.dueAt;
    expect(duties(actor)).toEqual([{ actor: 'unit:command-center', owed: ['task.dispatch'], waitingSince: bj('2026-09-03 10:00'), dueAt: stepDue('dispatching') }]);
    accept(actor, ev('task.dispatch', center, dispatchedAt, { place: '城东农贸市场', startAt }));
    expect(duties(actor)).toEqual([
      { actor: 'unit:market-regulation', owed: ['plan.submit'], waitingSince: dispatchedAt, dueAt: stepDue('workPlan') },
      ...eachCooperating('unit.acknowledge', dispatchedAt, startAt),
    ]);
  });

  it('a step limit on the county leaders’ decision binds each of them', () => {
    const { actor } = startCase(
      { caseId: 'c3', title: '突发', itemNo: 1, origin: 'emergency', reporter: 'market-regulation', description: '火情', at: bj('2026-09-01 09:00'), by: market },
      createCaseMachine({ stepLimits: { approval: 1 } }),
    );
    const dueAt = actor.getSnapshot().context.deadlines.find((deadline) => deadline.kind === 'step')!.dueAt;
    expect(duties(actor)).toEqual([
      { actor: 'leader:principal', owed: ['leader.approve', 'leader.deny'], waitingSince: bj('2026-09-01 09:00'), dueAt },
      { actor: 'leader:inCharge', owed: ['leader.approve', 'leader.deny'], waitingSince: bj('2026-09-01 09:00'), dueAt },
    ]);
  });

  it('counts options as no duty: withdrawing, urging, a meeting record, a deadline check', () => {
    const actor = dispatched();
    const { context } = actor.getSnapshot();
    const options: CaseEventType[] = ['application.withdraw', 'case.urge', 'meeting.record', 'deadline.check'];
    expect(owedEvents(context, 'enforcing.planning', center, options)).toEqual([]);
    expect(owedEvents(context, 'enforcing.planning', market, [...options, 'plan.submit'])).toEqual(['plan.submit']);
  });

  it('a cooperating unit’s request for an emergency waits on the item’s lead unit (事项牵头单位), not on the unit that asked', () => {
    const { actor } = startCase({ caseId: 'c4', title: '提请', itemNo: 1, origin: 'emergencyRequest', reporter: 'fire-rescue', description: '需要联动', at: bj('2026-09-01 09:00'), by: { unit: 'fire-rescue' } });
    expect(duties(actor)).toEqual([{ actor: 'unit:market-regulation', owed: ['emergency.report', 'emergency.decline'], waitingSince: bj('2026-09-01 09:00'), dueAt: null }]);
  });

  it('in an emergency the item’s lead unit owes the dispatch beside the center (协调有关配合单位共同组织实施)', () => {
    const { actor } = startCase({ caseId: 'c3', title: '突发', itemNo: 1, origin: 'emergency', reporter: 'market-regulation', description: '火情', at: bj('2026-09-01 09:00'), by: market });
    accept(actor, ev('leader.approve', inCharge, bj('2026-09-01 10:00')));
    expect(duties(actor)).toEqual([
      { actor: 'unit:command-center', owed: ['task.dispatch'], waitingSince: bj('2026-09-01 10:00'), dueAt: null },
      { actor: 'unit:market-regulation', owed: ['task.dispatch'], waitingSince: bj('2026-09-01 10:00'), dueAt: null },
    ]);
  });
});

describe('who owes the next step (待办), beyond item 1’s straight path', () => {
  it('the moment enforcement ends, every cooperating unit owes its report (配合单位 4) and the lead the results by their deadline (牵头单位 6)', () => {
    const { actor } = startCase(applicationInput());
    approveApplication(actor);
    enforceItem1(actor);
    const resultsDue = actor.getSnapshot().context.deadlines.find((deadline) => deadline.kind === 'resultsUpload')!.dueAt;
    expect(duties(actor)).toEqual([
      { actor: 'unit:market-regulation', owed: ['results.upload'], waitingSince: enforcementEndedAt, dueAt: resultsDue },
      ...eachCooperating('unit.report', enforcementEndedAt, null),
    ]);
  });

  it('an applicant that is not the item’s lead owes the amendment it was asked for (退回申请单位补正), since the request', () => {
    const { actor } = startCase(applicationInput({ applicant: 'zhongxing-subdistrict' } as never));
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('legal.return', justice, bj('2026-09-02 10:00'), { reason: '材料不全' }));
    expect(duties(actor)).toEqual([{ actor: 'unit:command-center', owed: ['review.pass', 'amendment.request', 'review.reject'], waitingSince: bj('2026-09-02 10:00'), dueAt: null }]);
    accept(actor, ev('amendment.request', center, bj('2026-09-03 10:00'), { reason: '补充现场照片' }));
    expect(duties(actor)).toEqual([{ actor: 'unit:zhongxing-subdistrict', owed: ['application.resubmit'], waitingSince: bj('2026-09-03 10:00'), dueAt: null }]);
  });

  it('a case assigned by a leader without an item waits on the center’s dispatch', () => {
    const { actor } = startCase({ caseId: 'c5', title: '交办', origin: 'leaderAssignment', leader: principal.leader, instruction: '组织联合检查', at: bj('2026-09-01 09:00'), by: center } as never);
    expect(duties(actor)).toEqual([{ actor: 'unit:command-center', owed: ['task.dispatch'], waitingSince: bj('2026-09-01 09:00'), dueAt: null }]);
  });

  it('a deadline found overdue is still the unit’s nearest: it owes the step all the more', () => {
    const actor = dispatched();
    accept(actor, ev('deadline.check', sweeper, bj('2026-09-29 09:01')));
    expect(actor.getSnapshot().context.deadlines.every((deadline) => deadline.status === 'overdue')).toBe(true);
    expect(duties(actor)).toEqual([
      { actor: 'unit:market-regulation', owed: ['plan.submit'], waitingSince: dispatchedAt, dueAt: null },
      ...eachCooperating('unit.acknowledge', dispatchedAt, startAt),
    ]);
  });

  it('of two open deadlines a unit keeps, the nearer is its due time, in whatever order the case lists them', () => {
    const actor = dispatched();
    const snapshot = actor.getSnapshot();
    const fireDeadline = snapshot.context.deadlines.find((deadline) => deadline.unit === 'fire-rescue')!;
    const sooner = { ...fireDeadline, dueAt: bj('2026-09-20 09:00') };
    const later = { ...fireDeadline, dueAt: bj('2026-09-25 09:00') };
    for (const deadlines of [
      [later, sooner],
      [sooner, later],
    ]) {
      const forged = snapshot.machine.resolveState({ value: snapshot.value, context: { ...snapshot.context, deadlines } });
      expect(dutiesOf(forged, machineRules.get(snapshot.machine)!).find((duty) => duty.actor === 'unit:fire-rescue')?.dueAt).toBe(sooner.dueAt);
    }
  });

  it('a closed case owes no one, nor does one whose actor was stopped', () => {
    const { actor } = startCase(applicationInput());
    accept(actor, ev('review.reject', center, bj('2026-09-01 10:00'), { reason: '不属于联动执法事项' }));
    expect(actor.getSnapshot().status).toBe('done');
    expect(duties(actor)).toEqual([]);
    const stopped = dispatched();
    acknowledgeItem1(stopped);
    stopped.stop();
    expect(duties(stopped)).toEqual([]);
  });

  it('who acted (已办): a unit under its id, a leader under its post and its name, the system under no one', () => {
    expect(actedKeysOf(market)).toEqual(['unit:market-regulation']);
    expect(actedKeysOf(inCharge)).toEqual(['leader:inCharge', 'leader:李副县长']);
    expect(actedKeysOf(sweeper)).toEqual([]);
  });
});
