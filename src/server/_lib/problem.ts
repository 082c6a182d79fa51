import type { Context } from 'hono';
import { isLinkedEnforcementError, LinkedEnforcementError, type ErrorCode } from '../../errors.js';
import { errorStatuses, toProblemDetails } from '../../problemDetails.js';

/** A refusal the HTTP layer decides (401, 412, 413, 415…), carried as one of the library's errors with its status. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly error: LinkedEnforcementError,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(error.message);
  }
}

/** A {@link HttpProblem} of `code`, with the English message and the context (the Chinese one is made from them). */
export function httpProblem(status: number, code: ErrorCode, message: string, context: Record<string, unknown> = {}, headers: Record<string, string> = {}, messageZh?: string): HttpProblem {
  // Stryker disable next-line ConditionalExpression: LinkedEnforcementError reads messageZh with ??: passed as undefined it is made from the code, as when left out.
  return new HttpProblem(status, new LinkedEnforcementError(code, message, { context, ...(messageZh === undefined ? {} : { messageZh }) }), headers);
}

/** `400 INVALID_INPUT` naming the part of the request that is wrong. */
export function badRequest(message: string, context: Record<string, unknown> = {}, messageZh?: string): HttpProblem {
  return httpProblem(400, 'INVALID_INPUT', message, context, {}, messageZh);
}

const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/** The problem body for anything thrown while answering: ours with their status, anything else a 500 that shows nothing of it. */
export function problemResponse(c: Context, error: unknown, onError: (error: unknown) => void): Response {
  const instance = new URL(c.req.url).pathname;
  let status: number;
  let body: unknown;
  const headers: Record<string, string> = { 'content-type': PROBLEM_TYPE };
  if (error instanceof HttpProblem) {
    status = error.status;
    body = toProblemDetails(error.error, { status, instance });
    Object.assign(headers, error.headers);
  } else if (isLinkedEnforcementError(error)) {
    status = errorStatuses[error.code] ?? 500;
    body = toProblemDetails(error, { status, instance });
    if (error.code === 'STORE_UNAVAILABLE') headers['retry-after'] = '1';
    if (status >= 500 && error.code !== 'STORE_UNAVAILABLE') onError(error);
  } else {
    onError(error);
    status = 500;
    body = { type: 'about:blank', title: '服务器内部错误', status, detail: 'internal error', instance };
  }
  return new Response(JSON.stringify(body), { status, headers });
}
