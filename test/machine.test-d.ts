import { describe, expectTypeOf, it } from 'vitest';
import {
  createActor,
  type ActorRefFrom,
  type ContextFrom,
  type EmittedFrom,
  type EventFromLogic,
  type InputFrom,
  type OutputFrom,
  type SnapshotFrom,
} from 'xstate';
import type { z } from 'zod';
import { buildCaseMachine } from '../machines/createCaseMachine.js';
import type { unitRefInputSchema } from '../machines/schemas.js';
import {
  caseMachine,
  createCaseMachine,
  type actorSchema,
  type Actor,
  type CaseContext,
  type CaseDossier,
  type CaseEvent,
  type caseEventSchema,
  type CaseEventType,
  type CaseInput,
  type caseInputSchema,
  type CaseMachine,
  type CaseNotification,
  type CaseStage,
  type CaseStatePath,
  type CaseStateValue,
  type EnforcementResults,
  type Leader,
  type leaderSchema,
  type planSchema,
  type resultsSchema,
  type UnitRefInput,
  type WorkPlan,
} from '../src/index.js';

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

  it('names the machine type, and it is exactly the machine the statechart infers', () => {
    expectTypeOf<ReturnType<typeof buildCaseMachine>>().toEqualTypeOf<CaseMachine>();
    expectTypeOf(caseMachine).toEqualTypeOf<CaseMachine>();
    expectTypeOf(createCaseMachine).returns.toEqualTypeOf<CaseMachine>();
  });

  it('lets createActor infer context, events, input, output, emitted notifications and state values', () => {
    type Inferred = ReturnType<typeof buildCaseMachine>;
    expectTypeOf<ContextFrom<CaseMachine>>().toEqualTypeOf<CaseContext>();
    expectTypeOf<EventFromLogic<CaseMachine>>().toEqualTypeOf<CaseEvent>();
    expectTypeOf<EmittedFrom<CaseMachine>>().toEqualTypeOf<CaseNotification>();
    expectTypeOf<InputFrom<CaseMachine>>().toEqualTypeOf<CaseInput | void>();
    expectTypeOf<OutputFrom<CaseMachine>>().toEqualTypeOf<CaseDossier>();
    expectTypeOf<SnapshotFrom<CaseMachine>>().toEqualTypeOf<SnapshotFrom<Inferred>>();
    expectTypeOf<ActorRefFrom<CaseMachine>>().toEqualTypeOf<ActorRefFrom<Inferred>>();
    expectTypeOf(actor.getSnapshot().context).toEqualTypeOf<CaseContext>();
    expectTypeOf(actor.getSnapshot().value).toEqualTypeOf<CaseStateValue>();
    expectTypeOf(actor.send).parameter(0).toEqualTypeOf<CaseEvent>();
    actor.on('notification', (notification) => {
      expectTypeOf(notification).toEqualTypeOf<CaseNotification & { type: 'notification' }>();
    });
    // @ts-expect-error the machine emits only notifications
    actor.on('reminder', () => {});
  });

  it('writes out exactly what the schemas parse to', () => {
    expectTypeOf<z.output<typeof caseEventSchema>>().toEqualTypeOf<CaseEvent>();
    expectTypeOf<z.input<typeof caseEventSchema>>().toEqualTypeOf<CaseEvent>();
    expectTypeOf<z.input<typeof caseInputSchema>>().toEqualTypeOf<CaseInput>();
    expectTypeOf<z.output<typeof caseInputSchema>>().toEqualTypeOf<CaseInput>();
    expectTypeOf<z.output<typeof actorSchema>>().toEqualTypeOf<Actor>();
    expectTypeOf<z.output<typeof leaderSchema>>().toEqualTypeOf<Leader>();
    expectTypeOf<z.output<typeof planSchema>>().toEqualTypeOf<WorkPlan>();
    expectTypeOf<z.output<typeof resultsSchema>>().toEqualTypeOf<EnforcementResults>();
    expectTypeOf<z.output<typeof unitRefInputSchema>>().toEqualTypeOf<UnitRefInput>();
    expectTypeOf<CaseEvent['type']>().toEqualTypeOf<CaseEventType>();
  });
});
