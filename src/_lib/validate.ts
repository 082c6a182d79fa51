import type { z } from 'zod';
import { LinkedEnforcementError, type ErrorCode, type ErrorIssue } from '../errors.js';
import { ownMessageZh, withZh } from './messagesZh.js';
import { describeThrown, joinProblems } from './untrusted.js';

const kindsZh: Readonly<Record<string, string>> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '是或否（true/false）',
  object: '对象',
  array: '列表',
  date: '日期',
  null: 'null',
};

/** The value at `path` in `value`, or `undefined` (also when reading it throws). */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  try {
    for (const key of path) {
      if (typeof current !== 'object' || current === null) return undefined;
      current = (current as Record<PropertyKey, unknown>)[key];
    }
    return current;
  } catch {
    return undefined;
  }
}

const count = (value: unknown) => (typeof value === 'bigint' ? value.toString() : String(value));

/**
 * A zod issue's message in Chinese, from its code and parameters (zod's own `zh-CN` locale is
 * global configuration, which a library must leave to the host application): our own English
 * messages translated, zod's standard ones worded for a clerk.
 */
export function zodIssueZh(issue: z.core.$ZodIssue, input: unknown): string {
  const own = ownMessageZh(issue.message);
  if (own !== undefined) return own;
  switch (issue.code) {
    case 'invalid_type':
      if (valueAt(input, issue.path) === undefined) return '必须填写';
      return `须为${kindsZh[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      const min = count(issue.minimum);
      if (issue.origin === 'string') return min === '1' ? '不能为空' : `至少 ${min} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return min === '1' ? '至少填写一项' : `至少 ${min} 项`;
      return issue.inclusive === false ? `须大于 ${min}` : `不能小于 ${min}`;
    }
    case 'too_big': {
      const max = count(issue.maximum);
      if (issue.origin === 'string') return `最多 ${max} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多 ${max} 项`;
      return issue.inclusive === false ? `须小于 ${max}` : `不能大于 ${max}`;
    }
    case 'invalid_format':
      if (issue.format === 'datetime') return '须为带时区偏移的 ISO 8601 时间，如 2026-09-30T18:00:00+08:00';
      if (issue.format === 'date') return '须为 YYYY-MM-DD 格式的日期';
      return '格式不正确';
    case 'invalid_value':
      return `须为以下之一：${issue.values.map((value) => (typeof value === 'string' ? value : String(value))).join('、')}`;
    case 'invalid_union': {
      const { options, note } = issue as { options?: readonly unknown[]; note?: string };
      if (note === 'No matching discriminator' && Array.isArray(options)) return `须为以下之一：${options.map(String).join('、')}`;
      return '不符合任何一种允许的格式';
    }
    case 'unrecognized_keys':
      return `不接受的字段：${issue.keys.join('、')}`;
    case 'not_multiple_of':
      return `须为 ${count(issue.divisor)} 的倍数`;
    case 'invalid_key':
      return '含有不正确的键';
    case 'invalid_element':
      return '含有不正确的元素';
    case 'custom':
      return '不符合要求';
  }
}

/** zod issues in our plain, serialisable issue shape, each with its Chinese message recorded (`localizedIssues`). */
export function toIssues(error: z.ZodError, prefix: readonly PropertyKey[] = [], input?: unknown): ErrorIssue[] {
  return error.issues.map((issue) => withZh({ code: issue.code, path: [...prefix, ...issue.path], message: issue.message }, () => zodIssueZh(issue, input)));
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
    issues = toIssues(result.error, [argument], value);
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
