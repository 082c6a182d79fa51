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
import type { planDivisionSchema, unitRefInputSchema } from '../machines/schemas.js';
import {
  caseMachine,
  createCaseMachine,
  type actorSchema,
  type Actor,
  type CaseContext,
  type CaseDeadline,
  type LimitedStep,
  type CaseDossier,
  type CaseEvent,
  type caseEventSchema,
  type CaseEventType,
  type CaseInput,
  type caseInputSchema,
  type CaseMachine,
  type CaseNotification,
  type CaseOrigin,
  type CaseStage,
  type CountyLeader,
  type LegacyWorkPlan,
  type NotificationKind,
  type PlanDivision,
  type RecordedWorkPlan,
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
    input: { caseId: 'c', title: 't', origin: 'application', applicant: 'market-regulation', at: '2026-09-01T09:00:00+08:00', by: { unit: 'market-regulation' } },
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
    expectTypeOf<Extract<CaseEvent, { type: 'plan.submit' }>['plan']['timeLimits']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<CaseEvent, { type: 'plan.submit' }>['plan']['division']>().toEqualTypeOf<PlanDivision[]>();
    expectTypeOf<'deadline.check'>().toExtend<CaseEventType>();
    actor.send({ type: 'unit.acknowledge', by: { unit: 'public-security' }, at: '2026-09-05T09:00:00+08:00', staff: 6, equipment: '执法记录仪' });
    // @ts-expect-error staff is a number of people
    actor.send({ type: 'unit.acknowledge', by: { unit: 'public-security' }, at: '2026-09-05T09:00:00+08:00', staff: '六人' });
    actor.send({ type: 'emergency.decline', by: { unit: 'market-regulation' }, at: '2026-09-05T09:00:00+08:00', reason: '可单独处置' });
    actor.send({ type: 'meeting.record', by: { unit: 'market-regulation' }, at: '2026-09-05T09:00:00+08:00', heldAt: '2026-09-05T08:00:00+08:00', attendees: ['公安局'], decisions: '统一部署' });
    actor.send({ type: 'info.publish', by: { unit: 'market-regulation' }, at: '2026-09-05T09:00:00+08:00', text: '进展' });
    // @ts-expect-error a work plan states every part 牵头单位 1 names
    actor.send({ type: 'plan.submit', by: { unit: 'market-regulation' }, at: '2026-09-05T09:00:00+08:00', plan: { summary: '方案' } });
  });

  it('types the input by origin, with who opens it', () => {
    // @ts-expect-error a leader assignment needs the leader and the instruction
    createActor(caseMachine, { input: { caseId: 'c', title: 't', origin: 'leaderAssignment', at: '2026-09-01T09:00:00+08:00', by: { unit: 'command-center' } } });
    // @ts-expect-error opening is an act: the input says who opens the case
    createActor(caseMachine, { input: { caseId: 'c', title: 't', origin: 'centerInitiated', reason: 'r', at: '2026-09-01T09:00:00+08:00' } });
    // @ts-expect-error an emergency names its item
    createActor(caseMachine, { input: { caseId: 'c', title: 't', origin: 'emergencyRequest', reporter: 'fire-rescue', description: 'd', at: '2026-09-01T09:00:00+08:00', by: { unit: 'fire-rescue' } } });
    createActor(caseMachine, { input: { caseId: 'c', title: 't', itemNo: 1, origin: 'emergencyRequest', reporter: 'fire-rescue', description: 'd', at: '2026-09-01T09:00:00+08:00', by: { unit: 'fire-rescue' } } });
    expectTypeOf<CaseOrigin>().toEqualTypeOf<'application' | 'leaderAssignment' | 'centerInitiated' | 'emergency' | 'emergencyRequest'>();
    createCaseMachine({ leaders: [{ name: '张县长', post: 'principal', oversees: [] }] });
    // @ts-expect-error a roster entry says which units the leader oversees
    createCaseMachine({ leaders: [{ name: '张县长', post: 'principal' }] });
    expectTypeOf<CountyLeader['post']>().toEqualTypeOf<'principal' | 'inCharge'>();
  });

  it('exposes states, output and restoring without input', () => {
    expectTypeOf<'enforcing.planning'>().toExtend<CaseStatePath>();
    expectTypeOf<'enforcing'>().toExtend<CaseStage>();
    expectTypeOf<'leadReview' | 'declined'>().toExtend<CaseStage>();
    expectTypeOf<NonNullable<CaseContext['plan']>>().toEqualTypeOf<RecordedWorkPlan | LegacyWorkPlan>();
    expectTypeOf<CaseDeadline['kind']>().toEqualTypeOf<'resultsUpload' | 'acknowledgement' | 'step'>();
    expectTypeOf<NonNullable<CaseDeadline['step']>>().toEqualTypeOf<LimitedStep>();
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
      expectTypeOf(notification.kind).toEqualTypeOf<NotificationKind>();
    });
    expectTypeOf<'emergencyRequested' | 'emergencyReported' | 'emergencyDeclined' | 'taskAcknowledged' | 'infoPublished' | 'unitReported'>().toExtend<NotificationKind>();
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
    expectTypeOf<z.output<typeof planDivisionSchema>>().toEqualTypeOf<PlanDivision>();
    expectTypeOf<CaseEvent['type']>().toEqualTypeOf<CaseEventType>();
  });
});
