import { caseMachine, createCaseEngine, memoryStore, stateLabels, type CaseStatePath } from 'linked-enforcement';
import { describe, expect, it } from 'vitest';
import { stepperOf, type Step } from '../examples/react-ui/src/stepper.js';
import { applicationInput, bj, center, ev, inCharge, justice } from './_lib/cases.js';
import { walkCases } from './_lib/caseWalks.js';

/** Every state of the machine a case can rest in, as a dotted path (`opening` only routes the opening). */
function machineStates(node: { states?: Record<string, unknown> } = caseMachine.root as never, prefix = ''): string[] {
  return Object.entries(node.states ?? {}).flatMap(([key, child]) => {
    const inner = (child as { states?: Record<string, unknown> }).states ?? {};
    return Object.keys(inner).length === 0 ? [`${prefix}${key}`] : machineStates(child as never, `${prefix}${key}.`);
  });
}

const shown = (steps: readonly Step[]) => steps.map((step) => `${step.label.zh}:${step.status}${step.endedAt === undefined ? '' : `@${step.endedAt.zh}`}`);
const route = ['县领导审批', '任务派送', '起草工作方案', '集中开展执法', '执法结果反馈', '汇总', '存档'];

// The React example's stepper (issue 12): on a branch it shows where the case stands, not a greyed-out line.
describe('stepperOf (the React example’s stepper)', () => {
  const walked = walkCases();
  const states = machineStates().filter((state) => state !== 'opening');

  it('the walks reach every state of the machine', () => {
    expect(new Set(walked.map((walk) => walk.state))).toEqual(new Set(states));
  });

  it('puts every case of every state on the stepper: its state current (with its label), what came before done, and what follows', () => {
    for (const { state, history } of walked) {
      const steps = stepperOf({ state, history });
      const current = steps.filter((step) => step.status === 'current');
      expect(current, state).toHaveLength(1);
      expect(current[0]!.path, state).toBe(state);
      expect(current[0]!.label, state).toEqual(stateLabels[state]);
      const at = steps.indexOf(current[0]!);
      expect(steps.slice(0, at).every((step) => step.status === 'done' && !step.branch), state).toBe(true);
      const final = caseMachine.getStateNodeById(`${caseMachine.id}.${state}`).type === 'final';
      expect(new Set(steps.slice(at + 1).map((step) => step.status)), state).toEqual(new Set(steps.length === at + 1 ? [] : [final ? 'skipped' : 'todo']));
      expect(new Set(steps.map((step) => step.path)).size, state).toBe(steps.length);
    }
  });

  it('shows 法制审核退回 before the legal review it goes back to, and 待补正 before the preliminary review', () => {
    const returned = walked.find(({ state }) => state === 'returned')!;
    expect(shown(stepperOf(returned))).toEqual(['初审:done', '法制审核退回:current', '法制审核:todo', ...route.map((zh) => `${zh}:todo`)]);
    const amending = walked.find(({ state }) => state === 'awaitingAmendment')!;
    expect(shown(stepperOf(amending))).toEqual(['待补正:current', '初审:todo', '法制审核:todo', ...route.map((zh) => `${zh}:todo`)]);
  });

  it('shows a branch that ended the case at the step it ended, the steps it will not reach skipped', () => {
    const opening = { from: null, to: 'preliminaryReview' as CaseStatePath };
    expect(shown(stepperOf({ state: 'rejected', history: [opening, { from: 'preliminaryReview', to: 'rejected' }] }))).toEqual([
      '驳回:current@初审',
      ...['法制审核', ...route].map((zh) => `${zh}:skipped`),
    ]);
    expect(shown(stepperOf({ state: 'withdrawn', history: [opening, { from: 'preliminaryReview', to: 'legalReview' }, { from: 'legalReview', to: 'returned' }, { from: 'returned', to: 'withdrawn' }] }))).toEqual([
      '初审:done',
      '撤回:current@法制审核退回',
      ...['法制审核', ...route].map((zh) => `${zh}:skipped`),
    ]);
    const declined = walked.find(({ state }) => state === 'declined')!;
    expect(shown(stepperOf(declined))).toEqual(['不予上报:current@牵头单位研究', ...['突发事件报县委县政府审核', ...route.slice(1)].map((zh) => `${zh}:skipped`)]);
  });

  it('follows the route of each origin: 县领导交办 straight to dispatch, 因工作需要 through 分管县领导同意', () => {
    const assigned = walked.find(({ history }) => history[0]!.to === 'dispatching' && history.length === 1)!;
    expect(shown(stepperOf(assigned))).toEqual(['任务派送:current', ...route.slice(2).map((zh) => `${zh}:todo`)]);
    const consent = walked.find(({ state }) => state === 'leaderConsent')!;
    expect(shown(stepperOf(consent))[0]).toBe('分管县领导同意:current');
  });

  it('reads a CaseView of the engine: 未批准 at the leader’s approval, after the reviews', async () => {
    const engine = createCaseEngine({ store: memoryStore(), clock: { now: () => new Date(bj('2026-09-04 10:00')) } });
    await engine.open(applicationInput({ caseId: 'stepper-1' }));
    await engine.send('stepper-1', ev('review.pass', center, bj('2026-09-01 10:00')));
    await engine.send('stepper-1', ev('legal.approve', justice, bj('2026-09-02 10:00')));
    const view = await engine.send('stepper-1', ev('leader.deny', inCharge, bj('2026-09-03 10:00'), { reason: '条件不具备' }));
    expect(shown(stepperOf(view))).toEqual(['初审:done', '法制审核:done', '未批准:current@县领导审批', ...route.slice(1).map((zh) => `${zh}:skipped`)]);
  });
});
