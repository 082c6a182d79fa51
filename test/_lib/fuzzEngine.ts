/**
 * Generated call sequences for the case engine (test/fuzz.engine.test.ts): what each step is, and
 * the well-formed openings and events it starts from. A step holds only generated numbers and
 * choices; the test turns them into a call on the case as it stands (a well-formed event of a
 * type the case takes now, from an actor who may send it, sometimes), so the calls reach deep
 * into the machine and the store rather than stopping at the argument checks.
 */
import fc from 'fast-check';
import { createActor, type SnapshotFrom } from 'xstate';
import { allowedEvents, type Actor, type CaseEngine, type CaseEventType, type CaseMachine, type CaseOpenInput } from 'linked-enforcement';
import { siyangCatalog } from 'linked-enforcement/catalog';
import type { CaseEvent } from '../../machines/schemas.js';
import { center, fire, inCharge, market, principal } from './cases.js';
import { actorPool, allEventTypes, sampleEvent } from './eventPool.js';
import { spoiling, type Spoiling } from './fuzz.js';
import { hostileValue } from './hostile.js';

/** How many case ids a sequence uses: few, so its calls meet on the same cases. */
export const CASE_SLOTS = 4;

/** Where an explicit `at` comes from: left out, the sample's own (the clock moved to it), the clock's now, or one the engine must refuse or judge. */
export type AtChoice = 'omit' | 'sample' | 'now' | 'ahead' | 'behind' | 'outside';

export type Step =
  | { readonly kind: 'open'; readonly slot: number; readonly opening: number; readonly item: number; readonly at: AtChoice; readonly spoil: Spoiling | null }
  | {
      readonly kind: 'send';
      readonly slot: number;
      /** Which (actor, event type) the case takes now, among all of them; or a random pair (usually refused). */
      readonly pick: number;
      /** Take the event that moves the case on (review, approval, dispatch, plan…) rather than any it takes. */
      readonly onward: boolean;
      readonly random: { readonly type: CaseEventType; readonly actor: number } | null;
      readonly at: AtChoice;
      readonly pin: 'none' | 'current' | 'stale';
      /** No key, a new one, or the key of the previous keyed send with this (other) event: refused. */
      readonly key: 'none' | 'fresh' | 'reused';
      readonly spoil: Spoiling | null;
    }
  /** The previous keyed send again, exactly: its first result, applied once. */
  | { readonly kind: 'retry' }
  /** Several well-formed sends to one case at once, unpinned, through two engines: each lands or is refused, none is lost. */
  | { readonly kind: 'race'; readonly slot: number; readonly picks: readonly number[] }
  | { readonly kind: 'read'; readonly method: ReadMethod; readonly slot: number; readonly option: number; readonly actor: number }
  | { readonly kind: 'sweep'; readonly now: 'omit' | 'now' | 'behind' | 'ahead' | 'outside' }
  | { readonly kind: 'deliver'; readonly failing: boolean; readonly limit: number | null }
  | { readonly kind: 'hostile'; readonly method: EngineMethod; readonly args: readonly unknown[] }
  | { readonly kind: 'tick'; readonly minutes: number }
  /** A new engine on a store reopened on the same data: an app instance restarting. */
  | { readonly kind: 'restart' };

export const readMethods = ['get', 'list', 'history', 'allowedEvents', 'inbox', 'done', 'verifyAudit', 'verifyAll', 'pendingNotifications'] as const;
export type ReadMethod = (typeof readMethods)[number];
export const engineMethods = ['open', 'send', 'get', 'list', 'history', 'allowedEvents', 'inbox', 'done', 'sweep', 'verifyAudit', 'verifyAll', 'deliverNotifications', 'pendingNotifications'] as const;
export type EngineMethod = (typeof engineMethods)[number];

const at = fc.constantFrom<AtChoice>('omit', 'omit', 'omit', 'omit', 'sample', 'sample', 'sample', 'now', 'ahead', 'behind', 'outside');
/** Mostly a meaningful replacement (another type of value, an empty or long text), sometimes a hostile constant. */
const replacement = fc.oneof(
  { weight: 2, arbitrary: hostileValue() },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.constant(''), fc.constant(null), fc.constant({}), fc.constant([])) },
);
/** `null` mostly, one time in `n` a value. */
const oneIn = <T>(n: number, arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.oneof({ weight: n - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });
const maybeSpoilt = oneIn(6, spoiling(replacement));
/** Slot 0 most often, so one case of each sequence goes far. */
const slot = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat({ max: CASE_SLOTS - 1 }) });

export const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('open' as const), slot, opening: fc.nat(), item: fc.nat(), at, spoil: maybeSpoilt }) },
  {
    weight: 16,
    arbitrary: fc.record({
      kind: fc.constant('send' as const),
      slot,
      pick: fc.nat(),
      onward: fc.boolean(),
      random: oneIn(8, fc.record({ type: fc.constantFrom(...allEventTypes), actor: fc.nat({ max: actorPool.length - 1 }) })),
      at,
      pin: fc.constantFrom('none', 'none', 'current', 'stale'),
      key: fc.constantFrom('none', 'none', 'fresh', 'fresh', 'reused'),
      spoil: maybeSpoilt,
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'retry' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('race' as const), slot, picks: fc.array(fc.nat(), { minLength: 2, maxLength: 4 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('read' as const), method: fc.constantFrom(...readMethods), slot, option: fc.nat(), actor: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sweep' as const), now: fc.constantFrom('omit', 'omit', 'now', 'behind', 'ahead', 'outside') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deliver' as const), failing: fc.boolean(), limit: oneIn(2, fc.integer({ min: 1, max: 5 })) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('hostile' as const),
      method: fc.constantFrom(...engineMethods),
      args: fc.array(fc.oneof({ weight: 3, arbitrary: hostileValue() }, { weight: 1, arbitrary: fc.constantFrom('c0', 'c1', { unit: 'command-center' }, {}, undefined) }), { maxLength: 3 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tick' as const), minutes: fc.integer({ min: 1, max: 14 * 24 * 60 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

/** How the sequence's engines take notifications right after a write: a hook that records them, one that throws, or one whose error hook throws too. */
export type Hooks = 'recording' | 'throwing' | 'throwingTwice';

/** A sequence: its engines' hooks, the cases it opens first (an opening kind and an item each), then its steps. */
export const sequenceArbitrary = fc.record({
  hooks: fc.constantFrom<Hooks>('recording', 'recording', 'throwing', 'throwingTwice'),
  openings: fc.array(fc.record({ opening: fc.nat(), item: fc.nat() }), { minLength: 1, maxLength: CASE_SLOTS }),
  steps: fc.array(stepArbitrary, { minLength: 10, maxLength: 60 }),
});

/** The unit ids of an item's cooperating units that are real units (not the 属地 placeholder). */
function cooperatingUnits(no: number): string[] {
  const item = siyangCatalog.items.find((candidate) => candidate.no === no)!;
  return item.cooperating.map((ref) => ref.unit).filter((unit) => siyangCatalog.units.find((candidate) => candidate.id === unit)?.kind !== 'locality');
}

/** A well-formed opening of one of the kinds below (by someone who may open it), without `at`. */
export function openingInput(kind: number, itemIndex: number, caseId: string): CaseOpenInput {
  const item = siyangCatalog.items[itemIndex % siyangCatalog.items.length]!;
  const lead = item.lead.unit;
  const base = { caseId, title: `联合执法 ${caseId}` };
  const openings: CaseOpenInput[] = [
    { ...base, itemNo: 1, origin: 'application', applicant: 'market-regulation', by: market },
    { ...base, itemNo: 1, origin: 'leaderAssignment', leader: principal.leader, instruction: '立即开展', by: center },
    { ...base, itemNo: 1, origin: 'leaderAssignment', leader: inCharge.leader, instruction: '立即开展', by: inCharge },
    { ...base, itemNo: 1, origin: 'centerInitiated', reason: '节前检查', by: center },
    { ...base, itemNo: 1, origin: 'emergency', reporter: 'market-regulation', description: '突发事件', by: market },
    { ...base, itemNo: 1, origin: 'emergencyRequest', reporter: 'fire-rescue', description: '先行受理的事项', by: fire },
    { ...base, itemNo: item.no, origin: 'application', applicant: lead, by: { unit: lead } },
    { ...base, itemNo: item.no, origin: 'emergency', reporter: lead, description: '突发事件', by: { unit: lead } },
  ];
  const reporter = cooperatingUnits(item.no)[0];
  if (reporter !== undefined) openings.push({ ...base, itemNo: item.no, origin: 'emergencyRequest', reporter, description: '先行受理的事项', by: { unit: reporter } });
  return openings[kind % openings.length]!;
}

export type CaseSnapshot = SnapshotFrom<CaseMachine>;

/** The case as its audit log tells it: the logged events replayed through the engine's machine (a shadow of the stored case). */
export async function shadowOf(engine: CaseEngine, caseId: string): Promise<CaseSnapshot> {
  const log = await engine.history(caseId);
  const actor = createActor(engine.machine, { input: log[0]!.event as never });
  actor.start();
  for (const entry of log.slice(1)) actor.send(entry.event as CaseEvent);
  const snapshot = actor.getSnapshot();
  actor.stop();
  if (snapshot.context.history.length !== log.length) throw new Error(`case ${caseId}: replaying its log gave ${snapshot.context.history.length} history entries for ${log.length} log entries`);
  return snapshot;
}

/** Everyone who may act on a case: the pool's actors and the units its dispatch assigned. */
export function actorsOf(snapshot: CaseSnapshot): Actor[] {
  const assignment = snapshot.context.assignment;
  const assigned = assignment === undefined ? [] : [assignment.lead.unit, ...assignment.cooperating.map((participant) => participant.unit)];
  const pool = actorPool.map(({ by }) => by);
  return [...pool, ...assigned.filter((unit) => !pool.some((by) => 'unit' in by && by.unit === unit)).map((unit) => ({ unit }))];
}

/** The events that move a case on through 附件1, in order: what an `onward` send prefers. */
const onwardTypes: readonly CaseEventType[] = [
  'review.pass', 'legal.approve', 'leader.approve', 'emergency.report', 'task.dispatch', 'plan.submit', 'enforcement.end',
  'unit.report', 'results.upload', 'case.archive', 'application.resubmit', 'amendment.request',
];

/**
 * Every (actor, event type) the case takes now, as well-formed sample events (their `at` after the
 * case's last event); with `onward`, only those that move it on, when there are any.
 */
export function allowedSamples(snapshot: CaseSnapshot, onward = false): CaseEvent[] {
  if (snapshot.status !== 'active') return [];
  const samples = actorsOf(snapshot).flatMap((by) => allowedEvents(snapshot, by).map((type) => sampleEvent(type, by, snapshot.context)));
  const forward = samples.filter((sample) => onwardTypes.includes(sample.type));
  return onward && forward.length > 0 ? forward : samples;
}
