import { errorTitles, isLinkedEnforcementError, type ErrorCode, type LinkedEnforcementError } from './errors.js';
import { issueMessageZh } from './_lib/messagesZh.js';
import { invalidInput } from './_lib/validate.js';

/** One issue of a {@link ProblemDetails} body: where, what, in English and in Chinese. */
export interface ProblemIssue {
  /** zod's issue code, or one of ours. */
  readonly code: string;
  /** Where in the request, e.g. `['event', 'reason']` (symbols written as text). */
  readonly path: readonly (string | number)[];
  readonly message: string;
  /** The message in Chinese. */
  readonly messageZh: string;
}

/**
 * An error as an HTTP problem body (RFC 9457, `application/problem+json`): `title` is the
 * code's Chinese title, `detail` the English message and `detailZh` the Chinese one; `code`,
 * `context` and `issues` are the error's. `linked-enforcement/schemas` has its JSON Schema.
 */
export interface ProblemDetails {
  /** `urn:linked-enforcement:error:<code>` unless given. */
  readonly type: string;
  /** The code's title in Chinese, e.g. `不允许此操作`. */
  readonly title: string;
  /** The HTTP status. */
  readonly status: number;
  /** The error's message (English). */
  readonly detail: string;
  /** The error's message in Chinese. */
  readonly detailZh: string;
  readonly code: ErrorCode;
  readonly context: Readonly<Record<string, unknown>>;
  readonly issues: readonly ProblemIssue[];
  /** The request it concerns, when given. */
  readonly instance?: string;
}

/**
 * The HTTP status each code maps to by default: bad input 400, an event the case refuses 403
 * (`NOT_ALLOWED`) or 422 (`INVALID_EVENT`), missing 404, a stale version 409 (a server answering
 * a stale `If-Match` passes 412), the store 503, broken stored data or configuration 500.
 */
export const errorStatuses: Readonly<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNKNOWN_ITEM: 404,
  UNKNOWN_UNIT: 404,
  INVALID_CATALOG: 500,
  LOCALITY_REQUIRED: 400,
  INVALID_DATE: 400,
  OUT_OF_COVERAGE: 422,
  INVALID_EVENT: 422,
  NOT_ALLOWED: 403,
  CASE_NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  INCOMPATIBLE_SNAPSHOT: 500,
  STORE_UNAVAILABLE: 503,
  BLOB_NOT_FOUND: 404,
  BLOB_CORRUPT: 500,
};

/** `context` as JSON would carry it: what `JSON.stringify` would drop or fail on is left out. */
function jsonContext(context: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) {
    try {
      const text = JSON.stringify(value);
      if (text !== undefined) result[key] = JSON.parse(text) as unknown;
    } catch {
      // A value that cannot be JSON (a cycle, a BigInt) stays in the error, not in the body.
    }
  }
  return result;
}

/**
 * An error as an RFC 9457 problem body, for an HTTP server to send as
 * `application/problem+json`.
 *
 * @param error - A {@link LinkedEnforcementError}.
 * @param options - `status` (default: {@link errorStatuses}), `type` and `instance`.
 * @returns The body: plain JSON.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` when `error` is not one of ours or `status` is not an HTTP error status.
 * @example
 * toProblemDetails(new LinkedEnforcementError('CASE_NOT_FOUND', 'No case c9', { context: { caseId: 'c9' } }))
 * //=> { type: 'urn:linked-enforcement:error:CASE_NOT_FOUND', title: '案件不存在', status: 404, detail: 'No case c9', detailZh: '案件不存在（案件 c9）', code: 'CASE_NOT_FOUND', context: { caseId: 'c9' }, issues: [] }
 */
export function toProblemDetails(error: LinkedEnforcementError, options: { readonly status?: number; readonly type?: string; readonly instance?: string } = {}): ProblemDetails {
  if (!isLinkedEnforcementError(error)) invalidInput('error', 'must be a LinkedEnforcementError');
  const status = options.status ?? errorStatuses[error.code];
  if (!Number.isInteger(status) || status < 400 || status > 599) invalidInput('options.status', 'must be an HTTP error status (400–599)');
  for (const key of ['type', 'instance'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'string') invalidInput(`options.${key}`, 'must be a string (a URI reference)');
  }
  return {
    type: options.type ?? `urn:linked-enforcement:error:${error.code}`,
    title: errorTitles[error.code].zh,
    status,
    detail: error.message,
    // An error from an older copy of the package (isLinkedEnforcementError works across copies) has no messageZh.
    detailZh: typeof error.messageZh === 'string' ? error.messageZh : errorTitles[error.code].zh,
    code: error.code,
    context: jsonContext(error.context),
    issues: error.issues.map((issue) => ({
      code: issue.code,
      path: issue.path.map((key) => (typeof key === 'number' ? key : String(key))),
      message: issue.message,
      messageZh: issueMessageZh(issue),
    })),
    ...(options.instance === undefined ? {} : { instance: options.instance }),
  };
}
