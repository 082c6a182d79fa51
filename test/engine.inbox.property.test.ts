/**
 * Property: the inbox (待办) and the machine agree, over random cases on every store. After each
 * accepted event of a random walk (any opening, any actor, any allowed event), for every actor:
 * every event its inbox item offers is accepted by the machine, and every event the machine
 * accepts from it that moves the case on (a change of state other than a withdrawal, or a first
 * acknowledgement or report) puts the case in its inbox with that event offered; whoever acted
 * finds the case in its 已办.
 */
import fc from 'fast-check';
import { createActor, getNextSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { caseMachine, createCaseEngine, createCaseMachine, explainEvent, type Actor, type CaseEngine, type CaseMachine, type CaseStore } from 'linked-enforcement';
import type { CaseEvent } from '../machines/schemas.js';
import { bj } from './_lib/cases.js';
import { following, testClock } from './_lib/engine.js';
import { allEventTypes, sampleEvent } from './_lib/eventPool.js';
import { actorsOf, allowedSamples, openingInput, type CaseSnapshot } from './_lib/fuzzEngine.js';
import { memoryHarness, postgresHarness } from './_lib/storeHarness.js';

const databaseUrl = process.env.DATABASE_URL;

const leaders = [
  { name: '张县长', post: 'principal', oversees: [] },
  { name: '李副县长', post: 'inCharge', oversees: ['fire-rescue', 'market-regulation'] },
  { name: '赵副县长', post: 'inCharge', oversees: ['education'] },
] as const;
/** Every step limited (环节办理时限): a step's deadline falls due, is checked and reminded in every state of 附件1 but 退回, 待补正 and the end. */
const stepLimits = { preliminaryReview: 1, legalReview: 1, approval: 1, dispatching: 1, workPlan: 1, aggregating: 1 };
const machines: Record<`${boolean}-${boolean}`, CaseMachine> = {
  'false-false': caseMachine,
  'true-false': createCaseMachine({ leaders }),
  'false-true': createCaseMachine({ stepLimits }),
  'true-true': createCaseMachine({ leaders, stepLimits }),
};
const otherLeader: Actor = { leader: { name: '赵副县长', post: 'inCharge' } };

const isSystem = (by: Actor) => 'system' in by;
const unitOf = (by: Actor) => ('unit' in by ? by.unit : undefined);

/** Whether the event moves the case on (the oracle, read off what the machine does with it, not off the inbox's rules). */
function movesOn(snapshot: CaseSnapshot, event: CaseEvent): boolean {
  const next = getNextSnapshot(snapshot.machine, snapshot, event);
  if (JSON.stringify(next.value) !== JSON.stringify(snapshot.value)) return event.type !== 'application.withdraw';
  const unit = unitOf(event.by);
  if (event.type === 'unit.acknowledge') return !snapshot.context.acknowledgements.some((ack) => ack.unit === unit);
  if (event.type === 'unit.report') return !snapshot.context.reports.some((report) => report.unit === unit);
  return false;
}

/** The sample event of `type` from `by`, dated at the engine's now when it is a deadline check (judged at that time). */
function sampleAt(type: CaseEvent['type'], by: Actor, snapshot: CaseSnapshot, now: string): CaseEvent {
  const sample = sampleEvent(type, by, snapshot.context);
  return type === 'deadline.check' ? { ...sample, at: now } : sample;
}

async function checkAgreement(engine: CaseEngine, snapshot: CaseSnapshot, now: string, actors: readonly Actor[]): Promise<void> {
  const caseId = snapshot.context.caseId;
  for (const by of actors) {
    if (isSystem(by)) continue;
    const item = (await engine.inbox(by, { limit: 1000 })).items.find((candidate) => candidate.caseId === caseId);
    for (const type of item?.events ?? []) {
      expect(explainEvent(snapshot, sampleAt(type, by, snapshot, now)), `${JSON.stringify(by)} is offered ${type} in ${JSON.stringify(snapshot.value)}`).toBeUndefined();
    }
    let owes = false;
    for (const type of allEventTypes) {
      const event = sampleAt(type, by, snapshot, now);
      if (explainEvent(snapshot, event) !== undefined || !movesOn(snapshot, event)) continue;
      owes = true;
      expect(item?.events, `${JSON.stringify(by)} may ${type} in ${JSON.stringify(snapshot.value)}: the case must be in its inbox offering it`).toContain(type);
    }
    if (item !== undefined) expect(owes, `${JSON.stringify(by)} has ${caseId} in its inbox in ${JSON.stringify(snapshot.value)} but owes it nothing`).toBe(true);
  }
  for (const entry of snapshot.context.history) {
    if (isSystem(entry.by)) continue;
    expect((await engine.done(entry.by, { limit: 1000 })).items.map((done) => done.caseId), `${JSON.stringify(entry.by)} acted on ${caseId}`).toContain(caseId);
  }
}

const walkArbitrary = fc.record({
  kind: fc.nat(20),
  item: fc.nat(200),
  roster: fc.boolean(),
  limits: fc.boolean(),
  choices: fc.array(fc.record({ pick: fc.nat(1000), onward: fc.boolean() }), { minLength: 1, maxLength: 22 }),
});

for (const [harness, runs] of [
  [memoryHarness(), 60],
  [postgresHarness(databaseUrl), 12],
] as const) {
  describe.skipIf(harness.skip)(`the inbox agrees with the machine over random cases: ${harness.name}`, () => {
    it('offers only what the machine accepts, and every step an actor may take puts the case in its inbox', { timeout: 240_000 }, async () => {
      let store: CaseStore | undefined;
      let count = 0;
      await fc.assert(
        fc.asyncProperty(walkArbitrary, async ({ kind, item, roster, limits, choices }) => {
          // One store for all runs (PostgreSQL tables are made once): each run its own case, its own actors' views filtered by case id.
          store ??= await harness.create();
          const machine = machines[`${roster}-${limits}`];
          const clock = testClock(bj('2026-09-01 09:00'));
          const engine = following(createCaseEngine({ store, machine, clock }), clock);
          const caseId = `p${++count}-${kind}-${item}`;
          clock.set(bj('2026-09-01 09:00'));
          const opened = await engine.open(openingInput(kind, item, caseId));
          const actor = createActor(machine, { input: (await engine.history(caseId))[0]!.event as never }).start();
          const extra = roster ? [otherLeader] : [];
          await checkAgreement(engine, actor.getSnapshot(), opened.history.at(-1)!.at, [...actorsOf(actor.getSnapshot()), ...extra]);
          for (const { pick, onward } of choices) {
            const snapshot = actor.getSnapshot();
            if (snapshot.status !== 'active') break;
            const samples = allowedSamples(snapshot, onward);
            if (samples.length === 0) break;
            const event = samples[pick % samples.length]!;
            await engine.send(caseId, event);
            actor.send(event);
            await checkAgreement(engine, actor.getSnapshot(), clock.now().toISOString(), [...actorsOf(actor.getSnapshot()), ...extra]);
          }
          actor.stop();
        }),
        { numRuns: runs, seed: 20261130, endOnFailure: true },
      );
    });
  });
}
