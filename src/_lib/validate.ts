import type { z } from 'zod';
import { LinkedEnforcementError, type ErrorCode, type ErrorIssue } from '../errors.js';
import { describeThrown, joinProblems } from './untrusted.js';

/** zod issues in our plain, serialisable issue shape. */
export function toIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): ErrorIssue[] {
  return error.issues.map((issue) => ({
    code: issue.code,
    path: [...prefix, ...issue.path],
    message: issue.message,
  }));
}

function describe(issues: readonly ErrorIssue[]): string {
  return joinProblems(issues.map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message)));
}

/**
 * Parses a public function's argument with its schema.
 *
 * @throws {LinkedEnforcementError} `code` (default `INVALID_INPUT`) naming the argument and every problem.
 */
export function parseArgument<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  argument: string,
  code: ErrorCode = 'INVALID_INPUT',
  context: Record<string, unknown> = {},
): z.output<Schema> {
  let issues: ErrorIssue[];
  try {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    // zod words its issues lazily, reading the value again: still inside the try.
    issues = toIssues(result.error, [argument]);
  } catch (error) {
    // zod lets a throwing getter, Proxy trap or toString through: the argument is unreadable.
    const message = `could not be read (${describeThrown(error)})`;
    issues = [{ code: 'unreadable', path: [argument], message }];
  }
  throw new LinkedEnforcementError(code, `Invalid ${argument}: ${describe(issues)}`, {
    context: { argument, ...context },
    issues,
  });
}

/** Throws `INVALID_INPUT` for `argument` with a single message. */
export function invalidInput(argument: string, message: string, context: Record<string, unknown> = {}): never {
  throw new LinkedEnforcementError('INVALID_INPUT', `Invalid ${argument}: ${message}`, {
    context: { argument, ...context },
    issues: [{ code: 'custom', path: [argument], message }],
  });
}

/** A `safeParse` result whose failure carries plain issues. */
export type SafeParsed<T> = { readonly success: true; readonly data: T } | { readonly success: false; readonly error: { readonly issues: readonly ErrorIssue[] } };

/**
 * `schema.safeParse(value)` that never throws: zod lets a throwing getter or Proxy trap through,
 * which here is one `unreadable` issue. For values nobody checked before (a caller's export of
 * stored rows).
 */
export function safeParseOf<Schema extends z.ZodType>(schema: Schema, value: unknown): SafeParsed<z.output<Schema>> {
  try {
    const result = schema.safeParse(value);
    // zod words its issues lazily, reading the value again: still inside the try.
    return result.success ? { success: true, data: result.data } : { success: false, error: { issues: toIssues(result.error) } };
  } catch (error) {
    return { success: false, error: { issues: [{ code: 'unreadable', path: [], message: `could not be read (${describeThrown(error)})` }] } };
  }
}
