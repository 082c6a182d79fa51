/**
 * The shortcuts the write path takes with instants give what the long way gives: an instant's
 * Beijing date read off a `+08:00` instant, and `Date.parse` remembered.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantMs } from '../src/_lib/instantMs.js';
import { beijingDate } from '../src/engine/_lib/stats/caseStats.js';

const longWay = (instant: string) => new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10);
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An instant of 2000–2099 written with the given offset (minutes east of UTC), with or without milliseconds. */
const instantIn = (ms: number, offsetMinutes: number, withMs: boolean): string => {
  const local = new Date(ms + offsetMinutes * 60_000);
  const offset = offsetMinutes === 0 && !withMs ? 'Z' : `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${withMs ? `.${pad(local.getUTCMilliseconds(), 3)}` : ''}`;
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${time}${offset}`;
};

const instants = fc.tuple(
  fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }),
  fc.constantFrom(480, 0, -300, 540, 330),
  fc.boolean(),
).map(([ms, offset, withMs]) => instantIn(ms, offset, withMs));

describe('instants on the write path', () => {
  it('beijingDate: the Beijing date of any instant, in Beijing time or another offset, around midnight too', () => {
    fc.assert(fc.property(instants, (instant) => beijingDate(instant) === longWay(instant)), { numRuns: 2000 });
    for (const instant of ['2026-09-30T23:59:59+08:00', '2026-10-01T00:00:00+08:00', '2026-09-30T16:00:00Z', '2026-09-30T15:59:59.999Z', '2026-09-30T12:00:00-04:00']) {
      expect(beijingDate(instant)).toBe(longWay(instant));
    }
  });

  it('instantMs: Date.parse, remembered, past the number it remembers', () => {
    const seen = fc.sample(instants, 60_000);
    for (const instant of seen) expect(instantMs(instant)).toBe(Date.parse(instant));
    for (const instant of seen.slice(0, 100)) expect(instantMs(instant)).toBe(Date.parse(instant));
    expect(Number.isNaN(instantMs('not an instant'))).toBe(true);
  });
});
