import { describe, expectTypeOf, it } from 'vitest';
import { createActor } from 'xstate';
import { caseMachine, type CaseDossier, type CaseEvent, type CaseEventType, type CaseStage, type CaseStatePath } from '../src/index.js';

describe('case machine types', () => {
  const actor = createActor(caseMachine, {
    input: { caseId: 'c', title: 't', origin: 'application', applicant: 'market-regulation', at: '2026-09-01T09:00:00+08:00' },
  });

  it('types events by their payload', () => {
    actor.send({ type: 'review.reject', by: { unit: 'command-center' }, at: '2026-09-01T10:00:00+08:00', reason: '不符合要求' });
    // @ts-expect-error review.reject needs a reason
    actor.send({ type: 'review.reject', by: { unit: 'command-center' }, at: '2026-09-01T10:00:00+08:00' });
    // @ts-expect-error every event says who acts and when
    actor.send({ type: 'review.pass' });
    // @ts-expect-error no such event
    actor.send({ type: 'case.delete', by: { unit: 'command-center' }, at: '2026-09-01T10:00:00+08:00' });
    // @ts-expect-error a leader's post is principal or inCharge
    actor.send({ type: 'leader.approve', by: { leader: { name: '张', post: 'mayor' } }, at: '2026-09-01T10:00:00+08:00' });
    expectTypeOf<Extract<CaseEvent, { type: 'plan.submit' }>['plan']['summary']>().toEqualTypeOf<string>();
    expectTypeOf<'deadline.check'>().toExtend<CaseEventType>();
  });

  it('types the input by origin', () => {
    // @ts-expect-error a leader assignment needs the leader and the instruction
    createActor(caseMachine, { input: { caseId: 'c', title: 't', origin: 'leaderAssignment', at: '2026-09-01T09:00:00+08:00' } });
  });

  it('exposes states, output and restoring without input', () => {
    expectTypeOf<'enforcing.planning'>().toExtend<CaseStatePath>();
    expectTypeOf<'enforcing'>().toExtend<CaseStage>();
    expectTypeOf(actor.getSnapshot().output).toEqualTypeOf<CaseDossier | undefined>();
    createActor(caseMachine, { snapshot: actor.getPersistedSnapshot() });
  });
});
