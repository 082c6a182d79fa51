/**
 * The words of a refusal, in full: a UI shows `explainEvent(...).reason` to the person whose
 * event was refused, so it must name what to change (the plan's units, why a case can no longer
 * be withdrawn).
 */
import { describe, expect, it } from 'vitest';
import { explainEvent } from '../machines/selectors.js';
import type { CaseEvent, CaseInput } from '../machines/schemas.js';
import { accept, applicationInput, approveApplication, bj, center, ev, inCharge, item1Cooperating, market, planFor, principal, startCase } from './_lib/cases.js';

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
