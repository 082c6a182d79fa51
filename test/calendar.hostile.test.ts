import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createWorkCalendar, defaultCalendar, toPlainDate, type WorkCalendarOptions } from '../src/calendar/index.js';
import { thrown } from './_lib/errors.js';
import { trapProxy } from './_lib/hostile.js';

// Each of these once gave a TypeError, a RangeError, or an answer to a question never asked.

const TEN_MB = '2026-10-01T00:00:00.' + '0'.repeat(10 * 1024 * 1024) + 'Z';
const create = (options: unknown) => createWorkCalendar(options as WorkCalendarOptions);

describe('date arguments', () => {
  it('refuses a date string over 64 characters before parsing it, and keeps the error small', () => {
    const error = thrown(() => defaultCalendar.isWorkingDay(TEN_MB));
    expect(error.code).toBe('INVALID_DATE');
    expect(error.message).toContain('at most 64 characters');
    expect(String(error.context.value).length).toBeLessThanOrEqual(65);
    // A string of the longest length taken is shown whole.
    const longest = `2026-10-01T00:00:00.${'1'.repeat(38)}+08:0x`;
    expect(longest).toHaveLength(64);
    expect(thrown(() => defaultCalendar.isWorkingDay(longest)).context.value).toBe(longest);
    expect(defaultCalendar.isWorkingDay(`2026-10-01T00:00:00.${'1'.repeat(38)}+08:00`)).toBe(false);
    expect(defaultCalendar.isWorkingDay('2026-10-01T00:00:00.123456789012345678901234567890+08:00')).toBe(false);
  });

  it('takes a Date only when it is one: a Proxy, a forged toStringTag or a throwing Proxy is INVALID_DATE', () => {
    class FakeDate {
      get [Symbol.toStringTag](): string {
        return 'Date';
      }
    }
    for (const value of [new Proxy(new Date('2026-10-01T00:00:00Z'), {}), new FakeDate(), trapProxy]) {
      expect(thrown(() => defaultCalendar.dayInfo(value as Date))).toMatchObject({ code: 'INVALID_DATE', context: { argument: 'date' } });
      expect(thrown(() => toPlainDate(value as Date)).code).toBe('INVALID_DATE');
    }
    // Neither is a number. A Proxy whose traps throw is no Date at all, not an invalid one.
    expect(thrown(() => toPlainDate(1_790_000_000_000 as unknown as Date)).message).toBe(
      "Invalid value: expected a calendar date 'YYYY-MM-DD', an ISO 8601 instant with 'Z' or an offset, or a valid Date",
    );
    expect(thrown(() => toPlainDate(trapProxy as Date)).message).toBe(
      "Invalid value: expected a calendar date 'YYYY-MM-DD', an ISO 8601 instant with 'Z' or an offset, or a valid Date",
    );
    class OwnGetTime extends Date {
      override getTime(): number {
        throw new Error('boom');
      }
    }
    // A real Date whatever it overrides: its own time counts.
    expect(defaultCalendar.isWorkingDay(new OwnGetTime('2026-10-01T00:00:00Z'))).toBe(false);
  });

  it('answers the far ends of Date with OUT_OF_COVERAGE or INVALID_DATE', () => {
    expect(thrown(() => defaultCalendar.isWorkingDay(new Date(8.64e15))).code).toBe('OUT_OF_COVERAGE');
    expect(thrown(() => defaultCalendar.addWorkingDays(new Date(-8.64e15), 1)).code).toBe('OUT_OF_COVERAGE');
    expect(thrown(() => toPlainDate(new Date(8.64e15))).code).toBe('INVALID_DATE');
  });
});

describe('createWorkCalendar options', () => {
  it('reports options that throw when read as unreadable', () => {
    const withThrowingGetter = {
      get overrides(): never {
        throw new Error('boom');
      },
    };
    const overridesThrowing = { overrides: [trapProxy] };
    for (const options of [trapProxy, withThrowingGetter]) {
      expect(thrown(() => create(options))).toMatchObject({
        code: 'INVALID_INPUT',
        context: { argument: 'options' },
        issues: [{ code: 'unreadable', path: ['options'] }],
      });
    }
    expect(thrown(() => create(overridesThrowing)).issues[0]).toMatchObject({ code: 'unreadable' });
    expect(thrown(() => create(withThrowingGetter)).issues[0]!.message).toMatch(/^could not be read \(.*boom.*\)$/u);
  });

  it('takes plain objects only, from any realm', () => {
    expect(thrown(() => create(new Date())).issues).toEqual([{ code: 'invalid_type', path: ['options'], message: 'expected a plain object, got Date' }]);
    expect(thrown(() => create({ overrides: [new Map([['date', '2026-06-01']])] })).issues[0]).toMatchObject({ path: ['options', 'overrides', 0] });
    const fromAnotherRealm = runInNewContext('({ beyondCoverage: "throw", overrides: [{ date: "2026-06-01", working: false }] })') as unknown;
    expect(create(fromAnotherRealm).isWorkingDay('2026-06-01')).toBe(false);
  });

  it('takes null for no plain object, as options or as an override', () => {
    expect(thrown(() => create(null)).issues).toEqual([{ code: 'invalid_type', path: ['options'], message: 'expected a plain object, got null' }]);
    expect(thrown(() => create({ overrides: [null] })).issues).toEqual([
      { code: 'invalid_type', path: ['options', 'overrides', 0], message: 'expected { date, working, name? }' },
    ]);
    expect(thrown(() => create({ overrides: [{ date: null, working: false }] })).issues).toEqual([
      { code: 'invalid_format', path: ['options', 'overrides', 0, 'date'], message: "expected a real date 'YYYY-MM-DD'" },
    ]);
    expect(thrown(() => create({ overrides: [{ date: '2026-06-01', working: false, name: 5 }] })).issues).toEqual([
      {
        code: 'invalid_type',
        path: ['options', 'overrides', 0, 'name'],
        message: 'expected a non-empty string of at most 100 characters, well-formed and without control characters',
      },
    ]);
  });

  it('refuses lists over 10,000 entries without reading them', () => {
    const first = Date.UTC(2004, 0, 1);
    const tenThousand = Array.from({ length: 10_000 }, (_, index) => ({ date: new Date(first + index * 86_400_000).toISOString().slice(0, 10), working: true }));
    expect(create({ overrides: tenThousand }).isWorkingDay('2004-01-01')).toBe(true);
    // 10,000 years are read, each judged (here: listed twice).
    expect(thrown(() => create({ announcedYears: new Array(10_000).fill(2027) })).issues[0]).toMatchObject({ code: 'duplicate_year', path: ['options', 'announcedYears', 1] });
    const huge = new Array(10_001).fill({ date: '2026-06-01', working: false });
    expect(thrown(() => create({ overrides: huge })).issues).toEqual([
      { code: 'too_big', path: ['options', 'overrides'], message: 'has 10001 entries; at most 10000 are allowed' },
    ]);
    expect(thrown(() => create({ announcedYears: new Array(1_000_000).fill(2027) })).issues).toEqual([
      { code: 'too_big', path: ['options', 'announcedYears'], message: 'has 1000000 entries; at most 10000 are allowed' },
    ]);
  });

  it('names every unrecognized key', () => {
    expect(thrown(() => create({ extra: 1, other: 2 })).issues).toEqual([{ code: 'unrecognized_keys', path: ['options'], message: 'unrecognized keys: extra, other' }]);
    expect(thrown(() => create({ overrides: [{ date: '2026-06-01', working: false, note: 'x', by: 'y' }] })).issues).toEqual([
      { code: 'unrecognized_keys', path: ['options', 'overrides', 0], message: 'unrecognized keys: note, by' },
    ]);
  });

  it('reports holes in a list, and names that are too long or not clean text', () => {
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point
    expect(thrown(() => create({ overrides: [, { date: '2026-06-01', working: false }] })).issues[0]).toMatchObject({ path: ['options', 'overrides', 0] });
    for (const name of ['县\u0000庆', '县庆\uD800', 'x'.repeat(10 * 1024 * 1024)]) {
      expect(thrown(() => create({ overrides: [{ date: '2026-06-01', working: false, name }] })).issues[0]).toMatchObject({
        path: ['options', 'overrides', 0, 'name'],
      });
    }
  });
});
