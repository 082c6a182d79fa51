import { z } from 'zod';
import type { ErrorIssue } from '../../errors.js';

/** The longest identifier the engine takes: a unit id, an actor's name, an idempotency key, a `unit` filter. */
export const MAX_IDENTIFIER_LENGTH = 200;
/** The longest text in an event or an opening input (a title, a reason, a summary). */
export const MAX_TEXT_LENGTH = 20_000;
/** All the text of one event or opening input together. */
export const MAX_TOTAL_TEXT = 200_000;
/** Objects and arrays nested deeper than this are not an event. */
const MAX_DEPTH = 16;
const MAX_NODES = 10_000;

/** Keys whose strings are identifiers (a unit, an actor, a place in the catalog), not free text. */
const identifierKeys = new Set(['caseId', 'unit', 'system', 'name', 'applicant', 'reporter', 'lead', 'cooperating', 'as', 'id', 'locality']);

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;
// eslint-disable-next-line no-control-regex -- control characters are exactly what it finds
const controlCharacter = /[\u0000-\u001F\u007F]/u;

/** Whether every UTF-16 surrogate in `text` is paired (`String.prototype.isWellFormed`). */
export function isWellFormed(text: string): boolean {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
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
 * reads it: nesting, node count, text length, lone surrogates, control characters in
 * identifiers. Iterative, so a hostile value (10 MB of text, 100 000 levels of nesting) costs
 * little and cannot overflow the stack.
 */
export function inputLimitIssues(value: unknown, root: string): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  const stack: { value: unknown; path: PropertyKey[]; key: string | undefined }[] = [{ value, path: [root], key: undefined }];
  let nodes = 0;
  let totalText = 0;
  while (stack.length > 0 && issues.length < 20) {
    const { value: current, path, key } = stack.pop()!;
    if (typeof current === 'string') {
      totalText += current.length;
      if (key !== undefined && identifierKeys.has(key)) {
        const problem = identifierProblem(current);
        if (problem !== undefined) issues.push({ code: 'too_big', path, message: problem });
      } else if (current.length > MAX_TEXT_LENGTH) {
        issues.push({ code: 'too_big', path, message: `must be at most ${MAX_TEXT_LENGTH} characters (it has ${current.length})` });
      } else if (!isWellFormed(current)) {
        issues.push({ code: 'custom', path, message: 'must be well-formed text (it holds a lone UTF-16 surrogate)' });
      }
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (path.length > MAX_DEPTH) {
      issues.push({ code: 'too_big', path, message: `must not nest deeper than ${MAX_DEPTH} levels` });
      continue;
    }
    const keys = Array.isArray(current) ? null : Object.keys(current);
    nodes += keys === null ? (current as unknown[]).length : keys.length;
    if (nodes > MAX_NODES) {
      issues.push({ code: 'too_big', path: [root], message: `must have at most ${MAX_NODES} values in all` });
      break;
    }
    if (keys === null) {
      const items = current as unknown[];
      for (let index = items.length - 1; index >= 0; index--) stack.push({ value: items[index], path: [...path, index], key });
    } else {
      for (const childKey of keys) stack.push({ value: (current as Record<string, unknown>)[childKey], path: [...path, childKey], key: childKey });
    }
  }
  if (totalText > MAX_TOTAL_TEXT && issues.length === 0) {
    issues.push({ code: 'too_big', path: [root], message: `must hold at most ${MAX_TOTAL_TEXT} characters of text in all (it has ${totalText})` });
  }
  return issues;
}
