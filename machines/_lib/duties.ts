import { leaderPosts, type Actor, type CaseEventType } from '../schemas.js';
import { transitionsByRole, type CaseSnapshotLike } from '../selectors.js';
import type { CaseContext, CaseStatePath } from '../types.js';
import { pathOfStateValue } from './statePath.js';
import { actsAs, itemLeadOf, type CaseRules, type Role } from './rules.js';
import { deadlineBinds } from './stepLimits.js';
import { instantMs } from '../../src/_lib/instantMs.js';

/**
 * The events that move a case on or discharge a duty its sender owes (待办): decisions, the
 * dispatch, the plan, the end of enforcement, the results, the archive, the amendment. Optional
 * acts (催办, 发布信息, 会议记录, 撤回) and `deadline.check` (the sweep's work) are not among them;
 * a plan revision, a second acknowledgement and a report after the first are not either (see
 * {@link owedEvents}).
 */
const stepEvents: ReadonlySet<CaseEventType> = new Set<CaseEventType>([
  'review.pass',
  'review.reject',
  'legal.approve',
  'legal.return',
  'amendment.request',
  'application.resubmit',
  'emergency.report',
  'emergency.decline',
  'leader.approve',
  'leader.deny',
  'task.dispatch',
  'plan.submit',
  'unit.acknowledge',
  'enforcement.end',
  'unit.report',
  'results.upload',
  'case.archive',
]);

const unitOf = (actor: Actor): string | undefined => ('unit' in actor ? actor.unit : undefined);

/**
 * Of the events `actor` may send (`allowed`), those it owes — what puts the case in its inbox
 * (待办 means "owes the next step"): a step event, except a plan revision once the plan is in,
 * an acknowledgement already given and a report already made.
 */
export function owedEvents(context: CaseContext, path: CaseStatePath, actor: Actor, allowed: readonly CaseEventType[]): CaseEventType[] {
  const unit = unitOf(actor);
  return allowed.filter((type) => {
    if (!stepEvents.has(type)) return false;
    switch (type) {
      case 'plan.submit':
        return path === 'enforcing.planning';
      case 'unit.acknowledge':
        return !context.acknowledgements.some((ack) => ack.unit === unit);
      case 'unit.report':
        return !context.reports.some((report) => report.unit === unit);
      default:
        return true;
    }
  });
}

/** When the case entered its current state: the `at` of the last history entry that was not a stay (a report, an urge…). */
function enteredAtOf(context: CaseContext): string {
  const history = context.history;
  let index = history.length - 1;
  // The opening entry (from null) is never a stay: the walk stops there at the latest.
  while (history[index]!.from === history[index]!.to) index--;
  return history[index]!.at;
}

/**
 * Since when the case has waited on the actor that owes `owed`: the dispatch for an acknowledgement, the
 * end of enforcement for a report, else the moment the case entered its current state. A unit owes
 * an acknowledgement only while planning or executing, states entered at the dispatch or later,
 * and a report only once enforcement has ended, so these are never later than that moment.
 */
export function waitingSinceOf(context: CaseContext, owed: readonly CaseEventType[], enteredAt: string): string {
  if (owed.includes('unit.acknowledge')) return context.assignment!.dispatchedAt;
  // A restored context need not record enforcementEndedAt (its schema leaves it optional): the state's entry is the next best answer.
  if (owed.includes('unit.report')) return context.enforcementEndedAt ?? enteredAt;
  return enteredAt;
}

/** Without a roster a post's leader is named after the post: any leader's word is taken then (isCountyLeader, mayConsent). */
const postNames = { principal: '县主要领导', inCharge: '分管县领导' } as const;

/** A county leader as the inbox knows one: by post without a roster, by name with one. */
const leaderOnPost = (post: 'principal' | 'inCharge', name: string): Actor => ({ leader: { name, post } });

/**
 * The actor key of `actor` (a unit: `unit:<id>`; a county leader: `leader:<name>` when the
 * machine has a roster, else `leader:principal` / `leader:inCharge`), or `undefined` for the
 * system, which owes no step.
 */
export function actorKeyOf(actor: Actor, rules: CaseRules): string | undefined {
  if ('unit' in actor) return `unit:${actor.unit}`;
  if ('leader' in actor) return rules.leaders === undefined ? `leader:${actor.leader.post}` : `leader:${actor.leader.name}`;
  return undefined;
}

/**
 * Everyone who could owe the case a step, each with its actor key: the center, the legal-review
 * unit, the initiator, the item's lead unit in an emergency, the lead and cooperating units, and
 * the county leaders (each post without a roster, each leader on it with one).
 */
export function candidateActors(context: CaseContext, rules: CaseRules): { readonly key: string; readonly actor: Actor }[] {
  // The item's lead unit reviews a cooperating unit's request (emergencyRequest) and may dispatch
  // an emergency; in other cases it owes a step only as the initiator or the case's lead. A case
  // opened by a leader's assignment has no initiator, one without an item no item lead.
  const units = new Set<string | undefined>([rules.centerUnit, rules.legalReviewUnit, context.initiator, itemLeadOf(context, rules.catalog)]);
  units.delete(undefined);
  if (context.assignment !== undefined) {
    units.add(context.assignment.lead.unit);
    for (const participant of context.assignment.cooperating) units.add(participant.unit);
  }
  const candidates = [...units].map((unit) => ({ key: `unit:${unit}`, actor: { unit } as Actor }));
  if (rules.leaders === undefined) {
    for (const post of leaderPosts) candidates.push({ key: `leader:${post}`, actor: leaderOnPost(post, postNames[post]) });
  } else {
    for (const leader of rules.leaders) candidates.push({ key: `leader:${leader.name}`, actor: leaderOnPost(leader.post, leader.name) });
  }
  return candidates;
}

/** Who owes a case its next step, as a store keeps it (待办): an actor key, since when, and its nearest open deadline. */
export interface CaseDuty {
  /** `unit:<id>`, `leader:principal`, `leader:inCharge`, or `leader:<name>` with a roster. */
  readonly actor: string;
  /** What it owes: the step events it may send now. */
  readonly owed: readonly CaseEventType[];
  /** Since when the case has waited on it. */
  readonly waitingSince: string;
  /** The `dueAt` of its nearest open (pending or overdue) deadline, or `null`. */
  readonly dueAt: string | null;
}

/** Per machine, per state: its step events, each with the roles whose `actedBy` guards let them send it. */
const stepsByState = new WeakMap<object, Map<string, readonly (readonly [CaseEventType, readonly Role[]])[]>>();

/**
 * The step events with a transition out of the case's state and who may send each: XState lists a
 * state's transitions by walking its nodes, and they depend on nothing but the state, so once per
 * state. What `eventsAllowedAt` adds to them (deadline.check and deadline.remind, judged against
 * the calendar) is never owed.
 */
function stepTransitions(snapshot: CaseSnapshotLike, path: CaseStatePath): readonly (readonly [CaseEventType, readonly Role[]])[] {
  const byState = stepsByState.get(snapshot.machine) ?? new Map();
  stepsByState.set(snapshot.machine, byState);
  let steps = byState.get(path);
  // Stryker disable next-line ConditionalExpression: a cache: walking the state again finds the same steps
  if (steps === undefined) {
    // Stryker disable next-line MethodExpression: owedEvents drops the other events too; this spares their actsAs calls
    steps = [...transitionsByRole(snapshot)].filter(([type]) => stepEvents.has(type));
    byState.set(path, steps);
  }
  return steps;
}

/**
 * Who owes the case its next step, from its snapshot (unchecked: for callers that validated it).
 * Owing does not depend on the time (`deadline.check` is never owed), so a store can keep it.
 */
export function dutiesOf(snapshot: CaseSnapshotLike, rules: CaseRules): CaseDuty[] {
  if (snapshot.status !== 'active') return [];
  const context = snapshot.context as CaseContext;
  const path = pathOfStateValue(snapshot.value) as CaseStatePath;
  const duties: CaseDuty[] = [];
  const steps = stepTransitions(snapshot, path);
  const enteredAt = enteredAtOf(context);
  for (const { key, actor } of candidateActors(context, rules)) {
    const allowed = steps.filter(([, roles]) => roles.some((role) => actsAs(role, actor, context, rules))).map(([type]) => type);
    const owed = owedEvents(context, path, actor, allowed);
    if (owed.length === 0) continue;
    let dueAt: string | null = null;
    let dueMs = Number.POSITIVE_INFINITY;
    for (const deadline of context.deadlines) {
      if ((deadline.status !== 'pending' && deadline.status !== 'overdue') || !deadlineBinds(deadline, actor)) continue;
      const ms = instantMs(deadline.dueAt);
      // Stryker disable next-line EqualityOperator: of two deadlines due at the same instant either is the nearest
      if (ms < dueMs) [dueAt, dueMs] = [deadline.dueAt, ms];
    }
    duties.push({ actor: key, owed, waitingSince: waitingSinceOf(context, owed, enteredAt), dueAt });
  }
  return duties;
}

/** The actor keys of whoever sent an event (a leader under its post and its name), none for the system: who has acted on a case (已办). */
export function actedKeysOf(by: Actor): string[] {
  if ('unit' in by) return [`unit:${by.unit}`];
  if ('leader' in by) return [`leader:${by.leader.post}`, `leader:${by.leader.name}`];
  return [];
}
