import { caseEventSchema, type CaseEvent } from '../../../../machines/schemas.js';
import { Reason } from '../../../../machines/_lib/reason.js';
import { parseEvent } from '../../../../machines/_lib/rules.js';
import { issuesLineZh, withZh } from '../../../_lib/messagesZh.js';
import { LinkedEnforcementError } from '../../../errors.js';
import { beijingIso } from '../../../_lib/beijingTime.js';
import { toIssues } from '../../../_lib/validate.js';
import type { CaseCopy } from '../load/restoreCase.js';
import { inputLimitIssues } from '../inputLimits.js';

/** An event on its way into a case: as given, parsed, and how it is to be stamped and checked. */
export interface Attempt {
  /** The event as the caller sent it, checked. */
  readonly given: Readonly<Record<string, unknown>>;
  /** The event parsed before the load: with the caller's `at`, or stamped with the clock then. */
  readonly prepared: PreparedEvent;
  /** The caller gave `at`: it is kept. Otherwise the engine stamps it on the case as loaded. */
  readonly callerAt: boolean;
  /** The engine's clock when the call came: a caller's `at` for results may not lie five minutes before it. */
  readonly calledAt?: Date;
  /** Stamp from this instant rather than the clock (`sweep(now)`). */
  readonly stampFrom?: number;
  readonly expectedVersion?: number;
  readonly idempotencyKey?: string;
  readonly requestHash?: string;
  /** `sweep`: skip the case (no write) unless this holds on the current case at the stamped instant. */
  readonly onlyIf?: (copy: CaseCopy, atMs: number) => boolean;
}

/** An event as the machine gets it (a fresh object: the machine caches its parse per event object) and as parsed, for the log. */
export interface PreparedEvent {
  readonly event: CaseEvent;
  readonly parsed: CaseEvent;
}

/** How far an upload's `at` may lie before the engine's clock (servers' clocks drift a little). */
const UPLOAD_BACKDATING_MS = 5 * 60 * 1000;

/**
 * The event to send, with `at` filled in when missing, and its parsed form.
 *
 * @throws {LinkedEnforcementError} `INVALID_EVENT` with the zod issues.
 */
export function eventToSend(caseId: string, event: unknown, now: () => string): PreparedEvent {
  const isObject = typeof event === 'object' && event !== null && !Array.isArray(event);
  const given = isObject ? { ...event, ...((event as { at?: unknown }).at === undefined ? { at: now() } : {}) } : event;
  const parsed = parseEvent(given);
  if (!(parsed instanceof Reason)) return { event: given as CaseEvent, parsed };
  const checked = caseEventSchema.safeParse(given);
  const issues = checked.success ? [withZh({ code: 'custom', path: ['event'], message: parsed.en }, parsed.zh)] : toIssues(checked.error, ['event'], given);
  const details = isObject ? { type: (event as { type?: unknown }).type, by: (event as { by?: unknown }).by } : {};
  const reason = issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`).join('; ');
  throw new LinkedEnforcementError('INVALID_EVENT', `Case ${caseId}: malformed event: ${reason}`, { context: { caseId, ...details, reason, reasonZh: issuesLineZh(issues) }, issues });
}

/** `INVALID_EVENT` (or `INVALID_INPUT` for `open`) with the issues an input's size or text has. */
export function refuseLimits(value: unknown, root: 'event' | 'input', caseId: string | undefined): void {
  const issues = inputLimitIssues(value, root);
  if (issues.length === 0) return;
  const reason = issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`).join('; ');
  throw new LinkedEnforcementError(root === 'event' ? 'INVALID_EVENT' : 'INVALID_INPUT', `${caseId === undefined ? '' : `Case ${caseId}: `}Invalid ${root}: ${reason}`, {
    context: { ...(caseId === undefined ? {} : { caseId }), ...(root === 'input' ? { argument: 'input' } : {}), reason, reasonZh: issuesLineZh(issues) },
    issues,
  });
}

/**
 * Results are dated when they are recorded, so an upload cannot be backdated to look on time;
 * other events may be recorded after the fact (enforcement that ended last night).
 */
export function refuseBackdatedResults(caseId: string, event: CaseEvent, now: Date): void {
  if (event.type !== 'results.upload' || Date.parse(event.at) >= now.getTime() - UPLOAD_BACKDATING_MS) return;
  const reason = `results are dated when they are uploaded: at (${event.at}) is before the engine's clock (${now.toISOString()})`;
  const reasonZh = `执法结果以上传时间为准：时间（${event.at}）早于引擎时钟（${beijingIso(now)}）`;
  throw new LinkedEnforcementError('NOT_ALLOWED', `Case ${caseId}: ${event.type} refused: ${reason}`, {
    context: { caseId, type: event.type, by: event.by, reason, reasonZh },
  });
}

/** The event to run on the case as loaded: the caller's, or stamped with the later of `stampFrom` (else the clock, read only then) and the case's last event. */
export function stamped(caseId: string, attempt: Attempt, copy: CaseCopy, clockMs: () => number): PreparedEvent {
  if (attempt.callerAt) return attempt.prepared;
  const lastAt = Date.parse(copy.summary.updatedAt);
  const at = beijingIso(new Date(Math.max(attempt.stampFrom ?? clockMs(), lastAt)));
  // Stryker disable next-line ConditionalExpression: a shortcut: eventToSend with the same `at` gives an equal event
  if (attempt.prepared.parsed.at === at) return attempt.prepared;
  // Stryker disable next-line ArrowFunction: the event is given its `at`, so eventToSend never asks the clock
  return eventToSend(caseId, { ...attempt.given, at }, () => at);
}
