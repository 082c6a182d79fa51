/**
 * Who owes a case its next step (待办), read from the snapshot as the engine's inbox reads it: the
 * steps each actor owes (not its options: 催办, 撤回…), since when the case has waited on it, and
 * its nearest deadline — along item 1's whole procedure and in an emergency.
 */
import { describe, expect, it } from 'vitest';
import { dutiesOf, owedEvents } from '../machines/_lib/duties.js';
import { machineRules } from '../machines/_lib/machineRules.js';
import { createCaseMachine } from '../machines/createCaseMachine.js';
import type { CaseEventType } from '../machines/schemas.js';
import { accept, applicationInput, approveApplication, bj, center, ev, inCharge, item1Cooperating, item1Plan, market, police, startCase, type CaseActor } from './_lib/cases.js';

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
