/**
 * The words of a refusal, in full: a UI shows `explainEvent(...).reason` to the person whose
 * event was refused, so it must name what to change (the plan's units, why a case can no longer
 * be withdrawn).
 */
import { describe, expect, it } from 'vitest';
import { explainEvent } from '../machines/selectors.js';
import type { CaseEvent, CaseInput } from '../machines/schemas.js';
import { accept, applicationInput, approveApplication, bj, center, ev, inCharge, item1Cooperating, justice, market, planFor, principal, startCase } from './_lib/cases.js';

const reasonOf = (actor: ReturnType<typeof startCase>['actor'], event: CaseEvent) => explainEvent(actor.getSnapshot() as never, event)?.reason;

describe('the work plan’s division of duties (牵头单位 1: 明确各联动执法单位职责分工)', () => {
  const dispatched = () => {
    const { actor } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    return actor;
  };
  const submit = (units: readonly string[]) => ev('plan.submit', market, bj('2026-09-04 11:00'), { plan: planFor(units) });
  const taking = ['market-regulation', ...item1Cooperating].join(', ');

  it('names a unit that takes no part, and lists the units that do', () => {
    expect(reasonOf(dispatched(), submit([...item1Cooperating, 'education']))).toBe(
      `plan.division[7]: "education" is not taking part in the case (its units: ${taking})`,
    );
  });

  it('names a unit given a duty twice by its label', () => {
    expect(reasonOf(dispatched(), submit(['public-security', ...item1Cooperating]))).toBe('plan.division[2]: 公安局 is given a duty twice');
  });

  it('lists every cooperating unit left without a duty', () => {
    expect(reasonOf(dispatched(), submit(['market-regulation', 'fire-rescue', 'public-security', 'health']))).toBe(
      'plan.division must give every cooperating unit its duty (各联动执法单位职责分工); missing: 应急管理局、城管局、农业农村局、商务局',
    );
  });
});

describe('why a case can no longer be withdrawn (撤回)', () => {
  const withdraw = (by: CaseEvent['by'], at: string) => ev('application.withdraw', by, at, { reason: '已自行整改' });

  it('after a county leader approved it, naming when the leader approved — not when the center or legal review passed it', () => {
    const { actor } = startCase();
    approveApplication(actor);
    expect(reasonOf(actor, withdraw(market, bj('2026-09-03 11:00')))).toBe(
      `撤回申请 (application.withdraw) is not possible in 任务派送 (dispatching): a county leader approved the case (${bj('2026-09-03 10:00')}): it can no longer be withdrawn`,
    );
  });

  it('a leader’s assignment (交办) never could be', () => {
    const input = { caseId: 'case-1', title: '联合检查', itemNo: 1, origin: 'leaderAssignment', leader: principal.leader, instruction: '立即组织检查', at: bj('2026-09-01 09:00'), by: center } as CaseInput;
    const { actor } = startCase(input);
    expect(reasonOf(actor, withdraw(center, bj('2026-09-01 10:00')))).toMatch(/: a county leader assigned the case \(交办\): it cannot be withdrawn$/);
  });

  it('other events that have no transition in the state get no added reason, also after approval', () => {
    const approved = startCase();
    approveApplication(approved.actor);
    expect(reasonOf(approved.actor, ev('review.pass', center, bj('2026-09-03 11:00')))).toBe('初审通过 (review.pass) is not possible in 任务派送 (dispatching)');
    const { actor } = startCase(applicationInput());
    expect(reasonOf(actor, ev('leader.approve', inCharge, bj('2026-09-01 10:00'), { opinion: '同意' }))).toBe('批准同意 (leader.approve) is not possible in 初审 (preliminaryReview)');
  });
});

describe('the same refusals in Chinese (reasonZh, for the clerk who pressed the button)', () => {
  const reasonZhOf = (actor: ReturnType<typeof startCase>['actor'], event: CaseEvent) => explainEvent(actor.getSnapshot() as never, event)?.reasonZh;
  const dispatched = () => {
    const { actor } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    return actor;
  };
  const planned = () => {
    const actor = dispatched();
    for (const unit of item1Cooperating) accept(actor, ev('unit.acknowledge', { unit }, bj('2026-09-06 09:00'), { staff: 2 }));
    accept(actor, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: planFor(['market-regulation', ...item1Cooperating]) }));
    return actor;
  };

  it('the work plan’s division of duties: the unit not taking part (and those that do), a duty given twice, the units left without one', () => {
    const submit = (units: readonly string[]) => ev('plan.submit', market, bj('2026-09-04 11:00'), { plan: planFor(units) });
    expect(reasonZhOf(dispatched(), submit([...item1Cooperating, 'education']))).toBe(
      '工作方案职责分工第8项：“education”未参与本案（参与单位：市场监管局、消防救援大队、公安局、应急管理局、城管局、卫健局、农业农村局、商务局）',
    );
    expect(reasonZhOf(dispatched(), submit(['public-security', ...item1Cooperating]))).toBe('工作方案职责分工第3项：公安局的职责重复填写');
    expect(reasonZhOf(dispatched(), submit(['market-regulation', 'fire-rescue', 'public-security', 'health']))).toBe(
      '工作方案须明确各联动执法单位职责分工；缺少：应急管理局、城管局、农业农村局、商务局',
    );
  });

  it('times: a meeting recorded before it was held or held before the case, enforcement ended before its set time, an event before the last one', () => {
    const meeting = (heldAt: string) => ev('meeting.record', market, bj('2026-09-05 10:00'), { heldAt, attendees: ['公安局'], decisions: '分组检查' });
    expect(reasonZhOf(dispatched(), meeting(bj('2026-09-05 11:00')))).toBe('会议时间（2026-09-05T11:00:00+08:00）晚于记录时间（2026-09-05T10:00:00+08:00）：会议召开后再记录');
    expect(reasonZhOf(dispatched(), meeting(bj('2026-08-31 11:00')))).toBe('会议时间（2026-08-31T11:00:00+08:00）早于立案时间（2026-09-01T09:00:00+08:00）');
    expect(reasonZhOf(planned(), ev('enforcement.end', market, bj('2026-09-20 10:00')))).toBe(
      '执法工作结束时间（2026-09-20T10:00:00+08:00）不能早于派送任务指定的时间（2026-09-29T09:00:00+08:00，按照指定的时间）',
    );
    expect(reasonZhOf(dispatched(), ev('case.urge', center, bj('2026-09-04 09:00'), { unit: 'public-security' }))).toBe(
      '时间（2026-09-04T09:00:00+08:00）早于案件上一次操作的时间（2026-09-04T10:00:00+08:00）：流转记录只能向前；当前只有牵头单位可以催办',
    );
  });

  it('an urge to an unknown unit, a resubmission without a note, a leader’s assignment withdrawn, a lead unit naming another in an emergency', () => {
    expect(reasonZhOf(dispatched(), ev('case.urge', center, bj('2026-09-05 10:00'), { unit: 'nowhere' }))).toBe('“nowhere”既不是清单中的单位，也未参与本案；当前只有牵头单位可以催办');
    const { actor: returned } = startCase();
    accept(returned, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(returned, ev('legal.return', justice, bj('2026-09-02 10:00'), { reason: '缺少执法依据' }));
    expect(reasonZhOf(returned, ev('review.pass', center, bj('2026-09-03 10:00')))).toBe('法制审核退回后再次送审，须在“说明”中写明综合指挥调度中心补充了什么');
    const assigned = startCase({ caseId: 'case-1', title: '联合检查', itemNo: 1, origin: 'leaderAssignment', leader: principal.leader, instruction: '立即组织检查', at: bj('2026-09-01 09:00'), by: center } as CaseInput);
    expect(reasonZhOf(assigned.actor, ev('application.withdraw', center, bj('2026-09-01 10:00'), { reason: '已自行整改' }))).toBe('县领导交办的案件不能撤回');
    const { actor: emergency } = startCase({ caseId: 'c3', title: '突发', itemNo: 1, origin: 'emergency', reporter: 'market-regulation', description: '火情', at: bj('2026-09-01 09:00'), by: market });
    accept(emergency, ev('leader.approve', inCharge, bj('2026-09-01 10:00')));
    expect(reasonZhOf(emergency, ev('task.dispatch', market, bj('2026-09-01 11:00'), { place: '现场', startAt: bj('2026-09-02 09:00'), lead: 'public-security', leadChangeReason: '公安局更近' }))).toBe(
      '当前只有综合指挥调度中心可以派送任务；牵头单位派送突发事件任务时仍由自己牵头：只有综合指挥调度中心可以另行指定牵头单位（统一调度）',
    );
  });
});
