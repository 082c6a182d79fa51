/**
 * The engine's time window and list cursors, to the letter: instants from 2000-01-01 00:00 up to
 * (not including) 2100-01-01 00:00 Beijing time, a clock checked on every read, a caller's
 * instant at most `maxSkewMs` ahead, and `engine.list`'s opaque cursors — base64url JSON that
 * names its query. Written against the mutants that survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { instantArgument, outsideWindow, readClock, untimely } from '../src/engine/_lib/clock.js';
import { cursorJson, decodeCursor, encodeCursor, fromBase64Url, queryTag, toBase64Url } from '../src/engine/_lib/listCursor.js';
import { errorOf, thrown } from './_lib/errors.js';

const window = 'must lie in 2000–2099 (Beijing time): the years the engine stores and the calendar reasons about';

describe('the engine’s years', () => {
  it('take 2000-01-01 00:00 up to, not including, 2100-01-01 00:00 Beijing time', () => {
    expect(outsideWindow(Date.parse('2000-01-01T00:00:00+08:00'))).toBeUndefined();
    expect(outsideWindow(Date.parse('2000-01-01T00:00:00+08:00') - 1)).toBe(window);
    expect(outsideWindow(Date.parse('2100-01-01T00:00:00+08:00') - 1)).toBeUndefined();
    expect(outsideWindow(Date.parse('2100-01-01T00:00:00+08:00'))).toBe(window);
    expect(outsideWindow(Number.NaN)).toBe(window);
  });

  it('check the clock on every read, saying what is wrong', () => {
    expect(readClock({ now: () => new Date('2026-09-01T01:00:00Z') }).toISOString()).toBe('2026-09-01T01:00:00.000Z');
    expect(thrown(() => readClock({ now: () => { throw new Error('no time'); } }))).toMatchObject({ code: 'INVALID_INPUT', message: 'Invalid clock: now() threw (no time)', context: { argument: 'clock' } });
    expect(thrown(() => readClock({ now: () => new Date(Number.NaN) }))).toMatchObject({ message: 'Invalid clock: now() must return a valid Date', context: { argument: 'clock' } });
    expect(thrown(() => readClock({ now: () => 'today' as never }))).toMatchObject({ message: 'Invalid clock: now() must return a valid Date' });
    expect(thrown(() => readClock({ now: () => new Date('2100-01-01T00:00:00+08:00') }))).toMatchObject({
      message: `Invalid clock: now() returned 2099-12-31T16:00:00.000Z, which ${window}`,
      context: { argument: 'clock', now: '2099-12-31T16:00:00.000Z' },
    });
  });

  it('refuse a caller’s instant more than maxSkewMs ahead of the clock, or outside the years', () => {
    const now = new Date('2026-09-01T01:00:00Z');
    expect(untimely('2026-09-01T09:00:01+08:00', now, 1000)).toBeUndefined();
    expect(untimely('2026-09-01T09:00:01.001+08:00', now, 1000)).toBe("2026-09-01T09:00:01.001+08:00 is ahead of the engine's clock (2026-09-01T09:00:00.000+08:00) by more than 1000 ms");
    expect(untimely('1999-12-31T23:59:59+08:00', now, 1000)).toBe(`1999-12-31T23:59:59+08:00 ${window}`);
  });

  it('take sweep’s now as a Date or an instant, checked', () => {
    const clock = new Date('2026-09-01T01:00:00Z');
    expect(instantArgument(new Date('2026-09-01T00:00:00Z'), 'now', clock, 0)).toEqual({ date: new Date('2026-09-01T00:00:00Z'), iso: '2026-09-01T08:00:00.000+08:00' });
    expect(instantArgument('2026-09-01T08:00:00+08:00', 'now', clock, 0)).toEqual({ date: new Date('2026-09-01T00:00:00Z'), iso: '2026-09-01T08:00:00+08:00' });
    expect(thrown(() => instantArgument(new Date(Number.NaN), 'now', clock, 0))).toMatchObject({ message: 'Invalid now: an invalid Date' });
    expect(thrown(() => instantArgument(new Date('1999-01-01T00:00:00Z'), 'now', clock, 0))).toMatchObject({ message: `Invalid now: 1999-01-01T00:00:00.000Z ${window}`, context: { now: '1999-01-01T00:00:00.000Z' } });
    expect(thrown(() => instantArgument('2026-09-01T09:00:01+08:00', 'now', clock, 0))).toMatchObject({
      message: "Invalid now: 2026-09-01T09:00:01+08:00 is ahead of the engine's clock (2026-09-01T09:00:00.000+08:00) by more than 0 ms",
      context: { now: '2026-09-01T09:00:01+08:00', clockNow: '2026-09-01T09:00:00.000+08:00' },
    });
  });
});

describe('engine.list cursors', () => {
  const tag = queryTag({ unit: 'justice' });

  it('are base64url without padding of UTF-8 text, and read back', () => {
    for (const text of ['', 'a', 'ab', 'abc', '城东>>?', '\u{1F600}~~~']) {
      const encoded = toBase64Url(text);
      expect(encoded).toMatch(/^[A-Za-z0-9_-]*$/u);
      expect(encoded).toBe(Buffer.from(text, 'utf8').toString('base64url'));
      expect(fromBase64Url(encoded)).toBe(text);
    }
    expect(fromBase64Url('a+b=')).toBeUndefined();
    expect(fromBase64Url('_w')).toBeUndefined();
    expect(fromBase64Url('a')).toBeUndefined();
    expect(cursorJson(toBase64Url('not json'))).toBeUndefined();
    expect(cursorJson('!')).toBeUndefined();
  });

  it('carry the position and the query’s tag, and refuse what this engine did not make', () => {
    const cursor = encodeCursor({ openedAt: '2026-09-01T09:00:00+08:00', caseId: 'case-1' }, tag);
    expect(cursorJson(cursor)).toEqual([1, Date.parse('2026-09-01T09:00:00+08:00'), 'case-1', tag]);
    expect(decodeCursor(cursor, tag)).toEqual({ openedAt: '2026-09-01T09:00:00.000+08:00', caseId: 'case-1' });
    expect(tag).toMatch(/^[0-9a-f]{12}$/u);
    expect(queryTag({ unit: 'justice' })).toBe(tag);
    expect(queryTag({ unit: 'market-regulation' })).not.toBe(tag);
    const notOurs = 'not a cursor of engine.list (pass nextCursor back as it is)';
    const refusal = (reason: string) => ({ code: 'INVALID_INPUT', message: `Invalid query: cursor: ${reason}`, context: { argument: 'query', reason }, issues: [{ code: 'custom', path: ['query', 'cursor'], message: reason }] });
    expect(thrown(() => decodeCursor(cursor, queryTag({ unit: 'police' })))).toMatchObject(refusal('it belongs to a list query with other filters'));
    const ms = Date.parse('2026-09-01T09:00:00+08:00');
    for (const forged of [[1, ms, 'case-1'], [2, ms, 'case-1', tag], [1, ms + 0.5, 'case-1', tag], [1, String(ms), 'case-1', tag], [1, Date.parse('2100-01-01T00:00:00+08:00'), 'case-1', tag], [1, ms, 'bad id!', tag], { 0: 1 }]) {
      expect(thrown(() => decodeCursor(toBase64Url(JSON.stringify(forged)), tag))).toMatchObject(refusal(notOurs));
    }
    expect(errorOf(() => decodeCursor('%%%', tag))).toMatchObject(refusal(notOurs));
  });
});
