import type { z } from 'zod';
import { LinkedEnforcementError, type ErrorCode, type ErrorIssue } from '../errors.js';

/** zod issues in our plain, serialisable issue shape. */
export function toIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): ErrorIssue[] {
  return error.issues.map((issue) => ({
    code: issue.code,
    path: [...prefix, ...issue.path],
    message: issue.message,
  }));
}

function describe(issues: readonly ErrorIssue[]): string {
  return issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message))
    .join('; ');
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
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = toIssues(result.error, [argument]);
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
