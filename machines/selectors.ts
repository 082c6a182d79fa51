import { getNextTransitions, type AnyMachineSnapshot } from 'xstate';
import { z } from 'zod';
import { isLinkedEnforcementError, LinkedEnforcementError, type ErrorIssue } from '../src/errors.js';
import { issuesLineZh } from '../src/_lib/messagesZh.js';
import { dateMsOf, describeThrown } from '../src/_lib/untrusted.js';
import { invalidInput, parseArgument, toIssues } from '../src/_lib/validate.js';
import { machineRules } from './_lib/machineRules.js';
import type { Reason } from './_lib/reason.js';
import { pathOfStateValue } from './_lib/statePath.js';
import { absentReason, actsAs, refusal, type CaseRules, type Role } from './_lib/rules.js';
import { DEFAULT_REMIND_BEFORE, remindersOptionSchema, remindsAt } from './_lib/reminders.js';
import { eventLabels, stateLabels, type Label } from './labels.js';
import { actorSchema, caseEventSchema, instantSchema, type Actor, type CaseEventType } from './schemas.js';
import type { CaseContext, CaseDeadline, CaseStage, CaseStatePath, DeadlineStatus, HistoryEntry } from './types.js';

/** A snapshot of a case machine, as `actor.getSnapshot()` returns it or as restored. */
export type CaseSnapshotLike = Pick<AnyMachineSnapshot, 'value' | 'context' | 'status' | 'machine'>;

const snapshotSchema = z.custom<CaseSnapshotLike>(
  (value) =>
    // The WeakMap answers false for a missing or non-object machine, so only `in` needs an object first.
    typeof value === 'object' && value !== null && 'context' in value && machineRules.has((value as CaseSnapshotLike).machine),
  'must be a snapshot of a case machine (actor.getSnapshot())',
);

function rulesOf(snapshot: CaseSnapshotLike): CaseRules {
  return machineRules.get(parseArgument(snapshotSchema, snapshot, 'snapshot').machine)!;
}

/**
 * Runs a selector on a snapshot that passed `rulesOf`: what a snapshot of the right machine but
 * with a malformed value or context makes it throw is that argument's fault (`INVALID_INPUT`).
 */
function reading<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (isLinkedEnforcementError(error)) throw error;
    throw new LinkedEnforcementError('INVALID_INPUT', `Invalid snapshot: its value or context is not a case's (${describeThrown(error)})`, {
      context: { argument: 'snapshot' },
      issues: [{ code: 'custom', path: ['snapshot'], message: 'its value or context is not a case’s' }],
      cause: error,
    });
  }
}

/** Whether `value` is a state value of at most `depth` levels: a string, or an object with one key whose value is one. */
function isStateValue(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return true;
  // A deeper value, null or an array makes no path of a state: checkedPathOf's catch and its stateLabels check refuse them too; this refuses them at once.
  // Stryker disable next-line BooleanLiteral,ConditionalExpression,LogicalOperator: see above
  if (depth === 0 || typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && isStateValue((value as Record<string, unknown>)[keys[0]!], depth - 1);
}

/**
 * The dotted path of a case's state value: where it rests.
 *
 * @param value - `snapshot.value`.
 * @returns `'legalReview'`, `'enforcing.planning'`…
 * @throws {LinkedEnforcementError} `INVALID_INPUT` for anything but the value of a state a case can rest in.
 * @example
 * statePathOf({ enforcing: 'planning' })
 * //=> 'enforcing.planning'
 */
export function statePathOf(value: CaseSnapshotLike['value']): CaseStatePath {
  return checkedPathOf(value, 'value');
}

/** The path of `value`, or `INVALID_INPUT` naming `argument` (`value`, or the `snapshot` it came from). */
function checkedPathOf(value: unknown, argument: string): CaseStatePath {
  let path: string | undefined;
  try {
    if (isStateValue(value, 2)) path = pathOfStateValue(value);
  } catch {
    // A Proxy or a getter that throws: not a state value.
  }
  if (path === undefined || path === 'enforcing' || !Object.hasOwn(stateLabels, path)) {
    invalidInput(argument, `${argument === 'value' ? '' : 'its value '}must be the value of a state a case can rest in, e.g. "legalReview" or { enforcing: "planning" }`);
  }
  return path as CaseStatePath;
}

/** Where a case stands, as {@link selectState} gives it. */
export interface CaseStateView {
  /** The dotted state path, e.g. `enforcing.planning`. */
  readonly path: CaseStatePath;
  /** The top-level state (part of the public API). */
  readonly stage: CaseStage;
  readonly label: Label;
  readonly stageLabel: Label;
  readonly final: boolean;
}

/**
 * Where a case stands, with its Chinese and English labels.
 *
 * @example
 * selectState(actor.getSnapshot())
 * //=> { path: 'enforcing.planning', stage: 'enforcing', label: { zh: '起草工作方案', … }, … }
 */
export function selectState(snapshot: CaseSnapshotLike): CaseStateView {
  rulesOf(snapshot);
  return reading(() => {
    const path = checkedPathOf(snapshot.value, 'snapshot');
    const stage = path.split('.')[0] as CaseStage;
    return { path, stage, label: stateLabels[path], stageLabel: stateLabels[stage], final: snapshot.status === 'done' };
  });
}

/** The event types with a transition out of the case's state, each with the roles that may send it (as its `actedBy` guards say). */
export function transitionsByRole(snapshot: CaseSnapshotLike): Map<CaseEventType, Role[]> {
  const byType = new Map<CaseEventType, Role[]>();
  for (const transition of getNextTransitions(snapshot as AnyMachineSnapshot)) {
    const guard = transition.guard as { type?: string; params?: { role?: Role } } | undefined;
    // Every transition out of a state a case rests in is guarded by actedBy (openedAs guards only the opening's eventless ones).
    // Stryker disable next-line ConditionalExpression,OptionalChaining: see above
    const role = guard?.type === 'actedBy' ? guard.params?.role : undefined;
    // Stryker disable next-line ConditionalExpression: see above
    if (role === undefined) continue;
    const type = transition.eventType as CaseEventType;
    byType.set(type, [...(byType.get(type) ?? []), role]);
  }
  return byType;
}

/** When the caller gives one, the instant `allowedEvents` judges at (default: the current time). */
export interface AllowedEventsOptions {
  /** The time the answer holds at: `deadline.check` is offered only once a pending deadline has passed by then. */
  readonly now?: Date | string;
  /**
   * The reminder rule (预警) the engine sweeps with (default `{ beforeDueWorkingDays: 1 }`; `false`:
   * none): `deadline.remind` is offered to the system only when a reminder is due at `now`.
   */
  readonly reminders?: { readonly beforeDueWorkingDays: number } | false;
}

/** `now` as ms, or `INVALID_INPUT` naming `argument`. */
export function nowMsOf(now: Date | string, argument: string): number {
  const ms = typeof now === 'string' ? Date.parse(parseArgument(instantSchema, now, argument)) : (dateMsOf(now) ?? Number.NaN);
  if (Number.isNaN(ms)) throw new LinkedEnforcementError('INVALID_INPUT', `Invalid ${argument}: must be a valid Date or ISO instant`, { context: { argument } });
  return ms;
}

/**
 * The event types `actor` may send now (unchecked: for callers that validated both): each
 * transition whose role the actor plays, `deadline.check` only when a pending deadline has
 * passed at `nowMs` — what the machine would accept from a check sent then — and
 * `deadline.remind` only when a reminder (`remindBefore` working days ahead) is due then. `allowedEvents` and
 * the inbox (待办) both ask this one function.
 */
export function eventsAllowedAt(snapshot: CaseSnapshotLike, actor: Actor, rules: CaseRules, nowMs: number, remindBefore: number | false = DEFAULT_REMIND_BEFORE): CaseEventType[] {
  // Stryker disable next-line ConditionalExpression: a final state has no transitions either; this says so without asking XState
  if (snapshot.status !== 'active') return [];
  const context = snapshot.context as CaseContext;
  const allowed: CaseEventType[] = [];
  for (const [type, roles] of transitionsByRole(snapshot)) {
    if (type === 'deadline.check' && !context.deadlines.some((deadline) => deadline.status === 'pending' && Date.parse(deadline.dueAt) < nowMs)) continue;
    if (type === 'deadline.remind' && (remindBefore === false || !context.deadlines.some((deadline) => remindsAt(deadline, remindBefore, rules, nowMs)))) continue;
    if (roles.some((role) => actsAs(role, actor, context, rules))) allowed.push(type);
  }
  return allowed;
}

/**
 * The event types this actor may send in the case's current state: what a UI draws buttons for.
 * Checks who acts, not a payload: an event of an allowed type can still be refused for its content.
 * `deadline.check` is offered only when some pending deadline has passed at `options.now`
 * (default: the current time): before that the machine refuses it. `deadline.remind` (预警) is
 * offered only to the system, and only when a reminder is due at `options.now` by
 * `options.reminders` (default 1 working day before the due day).
 *
 * @param options - `now`: the instant to judge at (the engine passes its clock); `reminders`: the engine's reminder rule.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` for a snapshot that is not a case's, a malformed `by` or `now`.
 * @example
 * allowedEvents(snapshot, { unit: 'command-center' })
 * //=> ['review.pass', 'review.reject']
 */
export function allowedEvents(snapshot: CaseSnapshotLike, by: Actor, options: AllowedEventsOptions = {}): CaseEventType[] {
  const rules = rulesOf(snapshot);
  const actor = parseArgument(actorSchema, by, 'by');
  const { now = new Date(), reminders } = parseArgument(
    z.object({ now: z.custom<Date | string>().optional(), reminders: remindersOptionSchema.optional() }).strict(),
    options,
    'options',
  );
  const nowMs = nowMsOf(now, 'options.now');
  // Without a reminder rule, eventsAllowedAt's default (DEFAULT_REMIND_BEFORE working days) applies.
  return reading(() => eventsAllowedAt(snapshot, actor, rules, nowMs, reminders === false ? false : reminders?.beforeDueWorkingDays));
}

/** Why a case would refuse an event. */
export interface EventRefusal {
  /** `INVALID_EVENT`: malformed; `NOT_ALLOWED`: well formed, but not from this actor, now, or with this content. */
  readonly code: 'INVALID_EVENT' | 'NOT_ALLOWED';
  /** Why, in English. */
  readonly reason: string;
  /** Why, in Chinese (简体中文), for the person who pressed the button: field names and states by their Chinese names. */
  readonly reasonZh: string;
  /** Each problem of a malformed event (`localizedIssueLine` words one in Chinese). */
  readonly issues: readonly ErrorIssue[];
}

/**
 * Whether the case would take `event` now; `undefined` when it would, else why not. The case
 * engine turns this into its `INVALID_EVENT` and `NOT_ALLOWED` errors.
 *
 * @throws {LinkedEnforcementError} `INVALID_INPUT` when `snapshot` is not a case machine's snapshot.
 */
export function explainEvent(snapshot: CaseSnapshotLike, event: unknown): EventRefusal | undefined {
  const rules = rulesOf(snapshot);
  let parsed: ReturnType<typeof caseEventSchema.safeParse>;
  let issues: ErrorIssue[] | undefined;
  try {
    parsed = caseEventSchema.safeParse(event);
    // Describing what was received reads the value again: a revoked Proxy there throws too.
    if (!parsed.success) issues = toIssues(parsed.error, ['event'], event);
  } catch (error) {
    // zod lets a throwing getter or Proxy trap through.
    const why = describeThrown(error);
    const message = `could not be read (${why})`;
    return { code: 'INVALID_EVENT', reason: `malformed event: ${message}`, reasonZh: `操作无法读取（${why}）`, issues: [{ code: 'unreadable', path: ['event'], message }] };
  }
  if (!parsed.success) {
    // Set with the failed parse, in the same try.
    const given = issues!;
    return {
      code: 'INVALID_EVENT',
      reason: `malformed event: ${given.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ')}`,
      reasonZh: issuesLineZh(given),
      issues: given,
    };
  }
  return reading(() => {
    const context = snapshot.context as CaseContext;
    const path = checkedPathOf(snapshot.value, 'snapshot');
    if (snapshot.status !== 'active') return { code: 'NOT_ALLOWED', reason: `the case is closed (${path})`, reasonZh: `案件已办结（${stateLabels[path].zh}）`, issues: [] };
    const type = parsed.data.type;
    const roles = transitionsByRole(snapshot).get(type);
    if (roles === undefined) {
      const why = absentReason(context, type);
      return {
        code: 'NOT_ALLOWED',
        reason: `${eventLabels[type].zh} (${type}) is not possible in ${stateLabels[path].zh} (${path})${why === undefined ? '' : `: ${why.en}`}`,
        reasonZh: why?.zh ?? `案件处于“${stateLabels[path].zh}”，不能${eventLabels[type].zh}`,
        issues: [],
      };
    }
    const reasons = roles.map((role) => refusal(context, event, role, rules));
    if (reasons.some((reason) => reason === undefined)) return undefined;
    const given = reasons as Reason[];
    return { code: 'NOT_ALLOWED', reason: given.map((reason) => reason.en).join('; '), reasonZh: [...new Set(given.map((reason) => reason.zh))].join('；'), issues: [] };
  });
}

export interface DeadlineView extends CaseDeadline {
  /** As of `now`: a pending deadline whose `dueAt` has passed reads `overdue`. */
  readonly status: DeadlineStatus;
}

/**
 * The case's deadlines as of `now` (default: the current time). A pending deadline past its
 * `dueAt` reads `overdue` here even before a `deadline.check` recorded it.
 *
 * @throws {LinkedEnforcementError} `INVALID_INPUT` for a bad snapshot or `now`.
 * @example
 * selectDeadlines(snapshot, '2026-10-14T09:00:00+08:00')
 * //=> [{ kind: 'resultsUpload', unit: 'market-regulation', dueDate: '2026-10-13', status: 'overdue', … }]
 */
export function selectDeadlines(snapshot: CaseSnapshotLike, now: Date | string = new Date()): DeadlineView[] {
  rulesOf(snapshot);
  const nowMs = nowMsOf(now, 'now');
  return reading(() => (snapshot.context as CaseContext).deadlines.map((deadline) => deadlineViewOf(deadline, nowMs)));
}

/** One deadline as `selectDeadlines` shows it at `nowMs` (unchecked: for callers that validated the snapshot). */
export function deadlineViewOf(deadline: CaseDeadline, nowMs: number): DeadlineView {
  return deadline.status === 'pending' && Date.parse(deadline.dueAt) < nowMs ? { ...deadline, status: 'overdue' } : { ...deadline };
}

export interface HistoryView extends HistoryEntry {
  readonly label: Label;
  readonly fromLabel?: Label;
  readonly toLabel: Label;
}

/**
 * The case's history (流转记录), oldest first, with labels for the event and the states.
 *
 * @throws {LinkedEnforcementError} `INVALID_INPUT` for a snapshot that is not a case's.
 */
export function selectHistory(snapshot: CaseSnapshotLike): HistoryView[] {
  rulesOf(snapshot);
  return reading(() => (snapshot.context as CaseContext).history.map(historyViewOf));
}

/** One history entry as `selectHistory` shows it (unchecked: for callers that validated the snapshot). */
export function historyViewOf(entry: HistoryEntry): HistoryView {
  return {
    ...entry,
    label: eventLabels[entry.type],
    ...(entry.from === null ? {} : { fromLabel: stateLabels[entry.from] }),
    toLabel: stateLabels[entry.to],
  };
}

