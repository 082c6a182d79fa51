import { caseEventSchema, type CaseEvent } from '../../../machines/schemas.js';
import { Reason } from '../../../machines/_lib/reason.js';
import { parseEvent } from '../../../machines/_lib/rules.js';
import { issuesLineZh, withZh } from '../../_lib/messagesZh.js';
import { LinkedEnforcementError } from '../../errors.js';
import { toIssues } from '../../_lib/validate.js';

/** `CASE_NOT_FOUND` for `caseId`. */
export function caseNotFound(caseId: string): never {
  throw new LinkedEnforcementError('CASE_NOT_FOUND', `No case ${caseId}`, { context: { caseId } });
}

/** `VERSION_CONFLICT`: the case is not at the version the write was based on. */
export function versionConflict(caseId: string, expectedVersion: number, actualVersion: number | null, reason: string, extra: Record<string, unknown> = {}): never {
  throw new LinkedEnforcementError('VERSION_CONFLICT', `Case ${caseId}: ${reason} (expected version ${expectedVersion}, found ${actualVersion ?? 'none'})`, {
    context: { caseId, expectedVersion, actualVersion, reason, ...extra },
  });
}

/**
 * The event to send: a fresh object (the machine caches its parse per event object) with `at`
 * filled in when missing, and its parsed form for the audit log.
 *
 * @throws {LinkedEnforcementError} `INVALID_EVENT` with the zod issues.
 */
export function eventToSend(caseId: string, event: unknown, now: () => string): { readonly event: CaseEvent; readonly parsed: CaseEvent } {
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
