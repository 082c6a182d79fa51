/**
 * `engine.list`'s cursors are base64url without padding, as the engine writes them: the
 * standard alphabet's `+`, `/` and `=` (which `atob` would take) are not read, even where they
 * decode to text. Written against the mutants the older suites left.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore } from 'linked-enforcement';
import { cursorJson, fromBase64Url, toBase64Url } from '../src/engine/_lib/listCursor.js';
import { rejectionOf } from './_lib/errors.js';

describe('base64url cursors', () => {
  it('read only the base64url alphabet, without padding', () => {
    expect(toBase64Url('>>>')).toBe('Pj4-');
    expect(toBase64Url('???')).toBe('Pz8_');
    expect(toBase64Url('a')).toBe('YQ');
    expect(fromBase64Url('Pj4-')).toBe('>>>');
    // The same texts in standard base64.
    expect(Buffer.from('Pj4+', 'base64').toString()).toBe('>>>');
    expect(fromBase64Url('Pj4+')).toBeUndefined();
    expect(fromBase64Url('Pz8/')).toBeUndefined();
    expect(fromBase64Url('YQ==')).toBeUndefined();
    expect(fromBase64Url('+Pj4')).toBeUndefined();
    expect(cursorJson(Buffer.from('[1]').toString('base64'))).toEqual([1]);
    expect(cursorJson(`${Buffer.from('[1]').toString('base64')}==`)).toBeUndefined();
  });

  it('a cursor in standard base64 is refused by engine.list', async () => {
    const engine = createCaseEngine({ store: memoryStore() });
    const standard = Buffer.from(JSON.stringify([1, Date.parse('2026-09-01T09:00:00+08:00'), 'case-1???', 'x'])).toString('base64');
    expect(standard).toMatch(/[+/]/u);
    expect(await rejectionOf(() => engine.list({ cursor: standard }))).toMatchObject({ code: 'INVALID_INPUT', context: { reason: 'not a cursor of engine.list (pass nextCursor back as it is)' } });
  });
});

describe('a cursor that is JSON but no array', () => {
  it('is refused as no cursor of engine.list, even shaped like one', async () => {
    const engine = createCaseEngine({ store: memoryStore() });
    const { nextCursor } = await engine.list({ limit: 1 });
    expect(nextCursor).toBeNull();
    const arrayLike = toBase64Url(JSON.stringify({ 0: 1, 1: Date.parse('2026-09-01T09:00:00+08:00'), 2: 'case-1', 3: 'tag', length: 4 }));
    expect(await rejectionOf(() => engine.list({ cursor: arrayLike }))).toMatchObject({ code: 'INVALID_INPUT', context: { reason: 'not a cursor of engine.list (pass nextCursor back as it is)' } });
  });
});
