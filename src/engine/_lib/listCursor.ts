import { LinkedEnforcementError } from '../../errors.js';
import { caseIdSchema } from '../schemas.js';
import type { ListPosition } from '../types.js';
import { beijingIso } from '../../_lib/beijingTime.js';
import { canonicalJson } from './canonicalJson.js';
import { outsideWindow } from './clock.js';
import { sha256Hex } from './sha256.js';

/** What a cursor remembers of its query, so a cursor of another query is refused rather than paging it from a wrong place. */
export function queryTag(filters: Readonly<Record<string, unknown>>): string {
  return sha256Hex(canonicalJson(filters)).slice(0, 12);
}

/** base64url (no padding) of the text's UTF-8. */
export const toBase64Url = (text: string): string => {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
};

/** The text a `toBase64Url` made, or `undefined`. */
export const fromBase64Url = (text: string): string | undefined => {
  if (!/^[A-Za-z0-9_-]*$/u.test(text)) return undefined;
  let decoded: string | undefined;
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    // Not base64, or not UTF-8: no text.
  }
  return decoded;
};

/** The JSON a cursor carries (base64url of its text), or `undefined` for anything else. */
export function cursorJson(cursor: string): unknown {
  let json: unknown;
  try {
    // No text (undefined) reads as the text "undefined", which is no JSON either.
    json = JSON.parse(fromBase64Url(cursor) as string);
  } catch {
    // Not JSON: no cursor.
  }
  return json;
}

/** The opaque cursor of the page after `position`: base64url of `[1, openedAt in ms, caseId, query tag]`. */
export function encodeCursor(position: ListPosition, tag: string): string {
  return toBase64Url(JSON.stringify([1, Date.parse(position.openedAt), position.caseId, tag]));
}

function badCursor(reason: string): never {
  throw new LinkedEnforcementError('INVALID_INPUT', `Invalid query: cursor: ${reason}`, {
    context: { argument: 'query', reason },
    issues: [{ code: 'custom', path: ['query', 'cursor'], message: reason }],
  });
}

/**
 * The position a cursor stands for.
 *
 * @throws {LinkedEnforcementError} `INVALID_INPUT` for a cursor this engine did not make, or one of another query.
 */
export function decodeCursor(cursor: string, tag: string): ListPosition {
  const parsed = cursorJson(cursor);
  if (!Array.isArray(parsed) || parsed.length !== 4 || parsed[0] !== 1) return badCursor('not a cursor of engine.list (pass nextCursor back as it is)');
  // Each is checked below before it is used: `ms` an integer, `caseId` a case id.
  const [, ms, caseId, cursorTag] = parsed as [number, number, unknown, unknown];
  if (!Number.isInteger(ms) || outsideWindow(ms) !== undefined || !caseIdSchema.safeParse(caseId).success) {
    return badCursor('not a cursor of engine.list (pass nextCursor back as it is)');
  }
  if (cursorTag !== tag) return badCursor('it belongs to a list query with other filters');
  return { openedAt: beijingIso(new Date(ms)), caseId: caseId as string };
}
