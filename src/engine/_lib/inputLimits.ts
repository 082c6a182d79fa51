import { z } from 'zod';
import type { ErrorIssue } from '../../errors.js';
import { describeThrown } from '../../_lib/untrusted.js';

/** The longest identifier the engine takes: a unit id, an actor's name, an idempotency key, a `unit` filter. */
export const MAX_IDENTIFIER_LENGTH = 200;
/** The longest text in an event or an opening input (a title, a reason, a summary). */
export const MAX_TEXT_LENGTH = 20_000;
/** All the text of one event or opening input together. */
export const MAX_TOTAL_TEXT = 200_000;
/** Objects and arrays nested deeper than this are not an event. */
const MAX_DEPTH = 16;
const MAX_VALUES = 10_000;

/** Keys whose strings are identifiers (a unit, an actor, a place in the catalog), not free text. */
export const identifierKeys: ReadonlySet<string> = new Set(['caseId', 'unit', 'system', 'name', 'applicant', 'reporter', 'lead', 'cooperating', 'as', 'id', 'locality']);

// With the `u` flag a surrogate pair is one code point, so the class meets lone surrogates only.
const loneSurrogate = /[\uD800-\uDFFF]/u;
// eslint-disable-next-line no-control-regex -- control characters are exactly what it finds
const controlCharacter = /[\u0000-\u001F\u007F]/u;

/** Whether every UTF-16 surrogate in `text` is paired (`String.prototype.isWellFormed`). */
export function isWellFormed(text: string): boolean {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  // Stryker disable next-line ConditionalExpression,StringLiteral: the pattern answers as the native method does (it stands in where a runtime lacks one); the native one is only faster
  return typeof native === 'function' ? native.call(text) : !loneSurrogate.test(text);
}

/** Why `text` cannot be an identifier, or `undefined`. */
export function identifierProblem(text: string): string | undefined {
  if (text.length > MAX_IDENTIFIER_LENGTH) return `must be at most ${MAX_IDENTIFIER_LENGTH} characters (it has ${text.length})`;
  if (!isWellFormed(text)) return 'must be well-formed text (it holds a lone UTF-16 surrogate)';
  if (controlCharacter.test(text)) return 'must not hold control characters (NUL, line breaks…)';
  return undefined;
}

/** An identifier: 1–200 characters of well-formed text without control characters. */
export const identifierSchema = z.string().min(1).superRefine((text, ctx) => {
  const problem = identifierProblem(text);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * What is wrong with the size or the text of an event or an opening input, before any schema
 * reads it: nesting, value count, text length, lone surrogates, control characters in
 * identifiers. Stops at depth 16, so a hostile value (100 000 levels of nesting) cannot overflow
 * the stack, and at 10 000 values, so a huge one costs little; a value that throws when read (a
 * Proxy's trap, a getter) is an `unreadable` issue. Never throws.
 */
export function inputLimitIssues(value: unknown, root: string): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  const path: PropertyKey[] = [root];
  let values = 0;
  let totalText = 0;
  // `key`: the property the value is under (an array's items share their array's); at the root, the
  // argument's name (`event` or `input`), which names no identifier.
  const visit = (current: unknown, key: string): boolean => {
    if (typeof current === 'string') {
      totalText += current.length;
      const problem =
        identifierKeys.has(key)
          ? identifierProblem(current)
          : current.length > MAX_TEXT_LENGTH
            ? `must be at most ${MAX_TEXT_LENGTH} characters (it has ${current.length})`
            : isWellFormed(current)
              ? undefined
              : 'must be well-formed text (it holds a lone UTF-16 surrogate)';
      if (problem !== undefined) issues.push({ code: problem.startsWith('must be at most') ? 'too_big' : 'custom', path: [...path], message: problem });
      return issues.length < 20;
    }
    if (typeof current !== 'object' || current === null) return true;
    if (path.length > MAX_DEPTH) {
      issues.push({ code: 'too_big', path: [...path], message: `must not nest deeper than ${MAX_DEPTH} levels` });
      return false;
    }
    const keys = Array.isArray(current) ? undefined : Object.keys(current);
    values += keys === undefined ? (current as unknown[]).length : keys.length;
    if (values > MAX_VALUES) {
      issues.push({ code: 'too_big', path: [root], message: `must have at most ${MAX_VALUES} values in all` });
      return false;
    }
    if (keys === undefined) {
      const items = current as unknown[];
      // By index, the index on the path before the item is read: an item that throws when read is reported at its place.
      // Stryker disable next-line EqualityOperator: one step past the end reads undefined, which passes (only a Proxy's trap could tell)
      for (let index = 0; index < items.length; index++) {
        path.push(index);
        const go = visit(items[index], key);
        path.pop();
        if (!go) return false;
      }
    } else {
      for (const childKey of keys) {
        path.push(childKey);
        const go = visit((current as Record<string, unknown>)[childKey], childKey);
        path.pop();
        if (!go) return false;
      }
    }
    return true;
  };
  try {
    visit(value, root);
  } catch (error) {
    // A Proxy whose traps throw, a getter that throws, a revoked Proxy: the value cannot be read.
    issues.push({ code: 'unreadable', path: [...path], message: `could not be read (${describeThrown(error)})` });
    return issues;
  }
  if (totalText > MAX_TOTAL_TEXT && issues.length === 0) {
    issues.push({ code: 'too_big', path: [root], message: `must hold at most ${MAX_TOTAL_TEXT} characters of text in all (it has ${totalText})` });
  }
  return issues;
}
