import { machineRules } from '../../../machines/_lib/machineRules.js';
import { nextReminderMs } from '../../../machines/_lib/reminders.js';
import type { CaseRules } from '../../../machines/_lib/rules.js';
import { beijingIso } from '../../_lib/beijingTime.js';
import { itemLeadOf } from '../../../machines/_lib/rules.js';
import { pathOfStateValue } from '../../../machines/_lib/statePath.js';
import type { CaseContext, CaseStage } from '../../../machines/types.js';
import { actedKeysOf, dutiesOf } from '../../../machines/_lib/duties.js';
import type { CaseParticipantEntry, CaseSummary } from '../types.js';
import type { CaseMachineSnapshot } from './machineInfo.js';
import { instantMs } from '../../_lib/instantMs.js';

/** The earliest `dueAt` of a pending deadline, as written: what `sweep` looks at. */
export function nextDueAtOf(context: CaseContext): string | null {
  let next: string | null = null;
  let nextMs = Number.POSITIVE_INFINITY;
  for (const deadline of context.deadlines) {
    if (deadline.status !== 'pending') continue;
    const ms = instantMs(deadline.dueAt);
    if (ms < nextMs) {
      next = deadline.dueAt;
      nextMs = ms;
    }
  }
  return next;
}

/**
 * When a deadline due at `dueAt` owes its check: 1 ms after, the first instant the machine calls
 * it overdue (at `dueAt` itself it is still pending). A store claiming a case at `dueAt` would
 * lease it to a sweep with nothing to do and keep it from the next one for the lease.
 */
export function checkWakeAt(dueAt: string): string {
  return beijingIso(new Date(checkWakeMs(dueAt)));
}

const checkWakeMs = (dueAt: string): number => instantMs(dueAt) + 1;

/**
 * When `sweep` must next look at the case: the earlier of the first instant its next deadline is
 * overdue ({@link checkWakeAt}) and its next reminder (预警) not yet sent by `remindBefore`;
 * `null` when neither.
 */
export function nextWakeAtOf(context: CaseContext, rules: CaseRules, remindBefore: number | false): string | null {
  const due = nextDueAtOf(context);
  const reminder = nextReminderMs(context, remindBefore, rules);
  const check = due === null ? Number.POSITIVE_INFINITY : checkWakeMs(due);
  const wake = Math.min(check, reminder);
  return wake === Number.POSITIVE_INFINITY ? null : beijingIso(new Date(wake));
}

/** The units taking part: the initiator, the lead and the cooperating units (in an emergency, the item's lead unit from the opening). */
function unitsOf(snapshot: CaseMachineSnapshot): string[] {
  const context = snapshot.context;
  const units = new Set<string>();
  if (context.initiator !== undefined) units.add(context.initiator);
  // A cooperating unit's request (提请) is the item's lead unit's to study before any assignment
  // names it (an emergency's reporter, its initiator, is that lead unit already).
  if (context.origin === 'emergencyRequest') {
    const lead = itemLeadOf(context, machineRules.get(snapshot.machine)!.catalog);
    if (lead !== undefined) units.add(lead);
  }
  if (context.assignment !== undefined) {
    units.add(context.assignment.lead.unit);
    for (const participant of context.assignment.cooperating) units.add(participant.unit);
  }
  return [...units];
}

/**
 * What a store indexes for `list` and `sweep`, derived from the case's snapshot at `version`.
 *
 * @param previous - The summary of the version this one follows and the length of its history: who acted (已办) is then read from the new entries only.
 */
export function summaryOf(snapshot: CaseMachineSnapshot, version: number, previous?: { readonly summary: CaseSummary; readonly historyLength: number }): CaseSummary {
  const context = snapshot.context;
  const path = pathOfStateValue(snapshot.value);
  const before = previous?.summary;
  // What did not change is the previous version's (frozen) value itself: nothing new to allocate, freeze or index.
  const units = unitsOf(snapshot);
  const actors = dutiesOf(snapshot, machineRules.get(snapshot.machine)!).map(({ actor, waitingSince, dueAt }) => ({ actor, waitingSince, dueAt }));
  return {
    caseId: context.caseId,
    version,
    state: path,
    stage: path.split('.')[0] as CaseStage,
    status: snapshot.status === 'done' ? 'done' : 'active',
    // Stryker disable next-line ConditionalExpression,LogicalOperator: reusing the previous array is a saving only: the same units either way
    units: before !== undefined && sameOrder(before.units, units) ? before.units : units,
    nextDueAt: nextDueAtOf(context),
    hasOverdue: context.deadlines.some((deadline) => deadline.status === 'overdue'),
    origin: context.origin,
    itemNo: context.itemNo ?? null,
    openedAt: context.openedAt,
    updatedAt: context.history.at(-1)!.at,
    // Stryker disable next-line ConditionalExpression,LogicalOperator,OptionalChaining: reusing the previous array is a saving only: the same actors either way
    actors: before?.actors !== undefined && sameActors(before.actors, actors) ? before.actors : actors,
    // Stryker disable next-line ConditionalExpression,EqualityOperator: reading only the new entries is a saving: the whole history gives the same participants
    participants: previous?.summary.participants === undefined ? participantsOf(context) : participantsAfter(previous.summary.participants, context.history, previous.historyLength),
  };
}

/** `participantsOf` a history that extends one whose participants are `known`: the entries from `from` on are read, not the whole history. */
function participantsAfter(known: readonly CaseParticipantEntry[], history: CaseContext['history'], from: number): CaseParticipantEntry[] {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a history shorter than the known one never follows it (the machine appends); at its length both ways give the known participants
  if (from > history.length) return participantsOf({ history });
  const latest = new Map<string, string>();
  for (const { actor, lastActedAt } of known) latest.set(actor, lastActedAt);
  for (let index = from; index < history.length; index++) for (const key of actedKeysOf(history[index]!.by)) latest.set(key, history[index]!.at);
  // The entries that did not change are the known ones, in their place (a Map keeps its first insertion's order).
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BooleanLiteral: `changed` only decides whether the known array itself is given back; its entries are the same
  let changed = latest.size !== known.length;
  const entries = [...latest].map(([actor, lastActedAt], index) => {
    const entry = known[index];
    // Stryker disable next-line ConditionalExpression: giving a new entry for an unchanged one is a cost only: the same actor and time
    if (entry !== undefined && entry.lastActedAt === lastActedAt &&
      // Stryker disable next-line ConditionalExpression,EqualityOperator: as above; and `latest` begins with the known actors in their order, so at an index the actors match (unless a stored list repeats an actor, which the engine never writes)
      entry.actor === actor) return entry;
    changed = true;
    return { actor, lastActedAt };
  });
  return changed ? entries : (known as CaseParticipantEntry[]);
}

/** Who has acted on the case, each with its latest event's `at` (history only moves forward: the last one seen). */
export function participantsOf(context: Pick<CaseContext, 'history'>): CaseParticipantEntry[] {
  const latest = new Map<string, string>();
  for (const entry of context.history) for (const key of actedKeysOf(entry.by)) latest.set(key, entry.at);
  return [...latest].map(([actor, lastActedAt]) => ({ actor, lastActedAt }));
}

/** Whether two lists hold the same items in the same order. */
// Stryker disable next-line ConditionalExpression,MethodExpression,ArrowFunction,EqualityOperator,LogicalOperator: a case's units only grow (its initiator, then one assignment), so one as long as before is the same; sameOrder only decides whether the previous array is reused
const sameOrder = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((item, index) => item === b[index]);

/** Whether two unit lists name the same units (a store's unit index changes only when they do not). */
export function sameUnits(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((unit) => b.includes(unit));
}

/** Whether two summaries name the same actors with the same times (a store rewrites its 待办 rows only when they do not). */
export function sameActors(a: CaseSummary['actors'], b: CaseSummary['actors']): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((entry, index) => entry.actor === b[index]!.actor && entry.dueAt === b[index]!.dueAt && entry.waitingSince === b[index]!.waitingSince);
}
