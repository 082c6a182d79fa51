import { describe, expect, it } from 'vitest';
import { CPU_HEAVY } from './_lib/budgets.js';
import { codeOf, errorOf } from './_lib/errors.js';
import { isLinkedEnforcementError } from '../src/errors.js';
import { defaultCalendar, isPlainDate, toPlainDate } from '../src/calendar/index.js';
import { civilFromDays, daysFromCivil, formatDayNumber, parsePlainDate, weekdayOf } from '../src/calendar/_lib/civil.js';


describe('toPlainDate', () => {
  it('keeps a PlainDate as it is', () => {
    expect(toPlainDate('2026-09-30')).toBe('2026-09-30');
    expect(toPlainDate('2024-02-29')).toBe('2024-02-29');
  });

  it('takes an instant by its Beijing date, whatever the process time zone', () => {
    expect(toPlainDate('2026-09-29T17:00:00Z')).toBe('2026-09-30');
    expect(toPlainDate('2026-09-29T15:59:59.999Z')).toBe('2026-09-29');
    expect(toPlainDate('2026-09-29T16:00:00Z')).toBe('2026-09-30');
    expect(toPlainDate('2026-10-01T00:30:00+08:00')).toBe('2026-10-01');
    expect(toPlainDate('2026-09-30T09:00:00-07:00')).toBe('2026-10-01');
    expect(toPlainDate('2026-09-30T23:59:59.999+08:00')).toBe('2026-09-30');
    expect(toPlainDate('2026-09-30T07:59-0800')).toBe('2026-09-30');
    expect(toPlainDate('2026-12-31T16:00:00.000Z')).toBe('2027-01-01');
    expect(toPlainDate('2026-12-31t16:00:00z')).toBe('2027-01-01');
  });

  it('takes a Date by its Beijing date', () => {
    expect(toPlainDate(new Date('2026-09-29T17:00:00Z'))).toBe('2026-09-30');
    // 00:30 Beijing on 10-01 is 09-30 on a UTC server: chinese-days would answer 09-30.
    expect(toPlainDate(new Date(Date.UTC(2026, 8, 30, 16, 30)))).toBe('2026-10-01');
    expect(toPlainDate(new Date(Date.UTC(1969, 11, 31, 16, 0)))).toBe('1970-01-01');
  });

  it.each([
    ['2026-02-30'],
    ['2026-13-01'],
    ['2026-00-10'],
    ['2025-02-29'],
    ['26-1-1'],
    ['2026-1-1'],
    ['2026/01/01'],
    [' 2026-01-01'],
    ['2026-01-01T25:00:00Z'],
    ['2026-01-01T12:60:00Z'],
    ['2026-01-01T12:00:00+24:00'],
    ['2026-02-30T12:00:00Z'],
    ['yesterday'],
    [''],
  ])('rejects %j with INVALID_DATE, never a rolled-over date', (value) => {
    const error = errorOf(() => toPlainDate(value));
    expect(isLinkedEnforcementError(error, 'INVALID_DATE')).toBe(true);
    expect(error).toMatchObject({ context: { argument: 'value', value } });
  });

  it('rejects a date-time without an offset as ambiguous', () => {
    const error = errorOf(() => toPlainDate('2026-09-30T12:00:00'));
    expect(isLinkedEnforcementError(error, 'INVALID_DATE')).toBe(true);
    expect((error as Error).message).toMatch(/ambiguous/);
  });

  it('rejects invalid Dates and non-dates', () => {
    for (const value of [new Date(Number.NaN), new Date('not a date'), 20260101, null, undefined, {}]) {
      expect(isLinkedEnforcementError(errorOf(() => toPlainDate(value as never)), 'INVALID_DATE')).toBe(true);
    }
    const outOfRange = new Date(Date.UTC(10_000, 0, 1));
    expect(isLinkedEnforcementError(errorOf(() => toPlainDate(outOfRange)), 'INVALID_DATE')).toBe(true);
  });
});

describe('isPlainDate', () => {
  it('accepts only strict, real dates', () => {
    expect(isPlainDate('2026-02-28')).toBe(true);
    expect(isPlainDate('2026-02-29')).toBe(false);
    expect(isPlainDate('2000-02-29')).toBe(true);
    expect(isPlainDate('1900-02-29')).toBe(false);
    expect(isPlainDate('2026-2-28')).toBe(false);
    expect(isPlainDate('2026-09-30T00:00:00Z')).toBe(false);
    expect(isPlainDate(new Date())).toBe(false);
  });
});

describe('day numbers', () => {
  it('agree with Date.UTC on every day from 1600 to 2400', CPU_HEAVY, () => {
    const mismatches: string[] = [];
    for (let epochMs = Date.UTC(1600, 0, 1); epochMs <= Date.UTC(2400, 11, 31); epochMs += 86_400_000) {
      const day = epochMs / 86_400_000;
      const date = new Date(epochMs);
      const [year, month, dayOfMonth] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
      const text = date.toISOString().slice(0, 10);
      const [y, m, d] = civilFromDays(day);
      const ok =
        daysFromCivil(year, month, dayOfMonth) === day &&
        y === year &&
        m === month &&
        d === dayOfMonth &&
        formatDayNumber(day) === text &&
        parsePlainDate(text) === day &&
        weekdayOf(day) === date.getUTCDay();
      if (!ok) mismatches.push(text);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('what counts as a date (review for mutation testing)', () => {
  it('knows the length of every month', () => {
    for (const month of ['01', '03', '05', '07', '08', '10', '12']) {
      expect(isPlainDate(`2026-${month}-31`), month).toBe(true);
    }
    for (const month of ['04', '06', '09', '11']) {
      expect(isPlainDate(`2026-${month}-30`), month).toBe(true);
      expect(isPlainDate(`2026-${month}-31`), month).toBe(false);
    }
    for (const text of ['2026-00-10', '2026-13-01', '2026-01-00', '2026-01-32']) expect(isPlainDate(text), text).toBe(false);
  });

  it('takes only digits and hyphens in their places', () => {
    for (const text of ['2026/09/30', '2026-09/30', '2026/09-30', '2026-0a-30', '2026-09-3:', '2026-09-3/', '2026-09-30 ', ' 2026-09-3']) {
      expect(isPlainDate(text), text).toBe(false);
    }
    // ':' comes right after '9': read as a digit it would be 10, and each of these a real date.
    for (const text of ['202:-09-30', '2026-0:-30', '2026-09-0:']) expect(isPlainDate(text), text).toBe(false);
    // A non-digit in the year once passed: only the month and day were range-checked.
    for (const text of ['20a6-09-30', 'x026-09-30', '202 -09-30']) expect(isPlainDate(text), text).toBe(false);
    expect(codeOf(() => defaultCalendar.isWorkingDay('20a6-09-30'))).toBe('INVALID_DATE');
    expect(isPlainDate(20260930)).toBe(false);
    expect(isPlainDate(null)).toBe(false);
    expect(isPlainDate(undefined)).toBe(false);
  });

  it('writes years before 1000 with four digits', () => {
    expect(toPlainDate('0999-12-31')).toBe('0999-12-31');
    expect(toPlainDate('0000-01-01')).toBe('0000-01-01');
    expect(toPlainDate('9999-12-31')).toBe('9999-12-31');
  });

  it('refuses instants whose Beijing date falls outside the years 0000–9999, and only those', () => {
    const first = Date.parse('0000-01-01T00:00:00+08:00');
    const last = Date.parse('9999-12-31T23:59:59.999+08:00');
    expect(toPlainDate(new Date(first))).toBe('0000-01-01');
    expect(toPlainDate(new Date(last))).toBe('9999-12-31');
    for (const epochMs of [first - 1, last + 1]) {
      expect(errorOf(() => toPlainDate(new Date(epochMs)))).toMatchObject({
        code: 'INVALID_DATE',
        message: 'Invalid value: the date is outside the years 0000–9999',
        issues: [{ code: 'invalid_date', path: ['value'], message: 'the date is outside the years 0000–9999' }],
      });
    }
  });
});

describe('instants (review for mutation testing)', () => {
  it('reads the offset, with or without its colon, in hours and minutes', () => {
    // 15:45 at -00:30 is 16:15 UTC, 00:15 on the next day in Beijing.
    expect(toPlainDate('2026-09-30T15:45-00:30')).toBe('2026-10-01');
    expect(toPlainDate('2026-09-30T15:45-0030')).toBe('2026-10-01');
    expect(toPlainDate('2026-09-30T23:30:00+23:59')).toBe('2026-09-30');
    expect(toPlainDate('2026-09-30t16:00:00.123456z')).toBe('2026-10-01');
    expect(toPlainDate('2026-09-30T15:59:59.999Z')).toBe('2026-09-30');
  });

  it('refuses anything around or inside the pattern that is not part of it', () => {
    for (const text of [
      'x2026-09-30T12:00Z', '2026-09-30T12:00Zx', '2026-09-30 12:00Z', '2026-09-30T1:00Z', '2026-09-30T12:0Z', '2026-09-30T12:00:0Z',
      '2026-09-30T12:00:00.Z', '2026-09-30T12:00:00.1aZ', '2026-09-30T12:00+8:00', '2026-09-30T12:00+08:0', '2026-9-30T12:00Z',
      '26-09-30T12:00Z', '2026-09-3T12:00Z', 'abcd-ef-ghTij:klZ', '2026-09-30T24:00Z', '2026-09-30T12:60Z', '2026-09-30T12:00:60Z',
      '2026-09-30T12:00+24:00', '2026-09-30T12:00+08:60', '2026-02-30T12:00Z',
    ]) {
      expect(errorOf(() => toPlainDate(text)), text).toMatchObject({
        code: 'INVALID_DATE',
        message: "Invalid value: expected a calendar date 'YYYY-MM-DD', an ISO 8601 instant with 'Z' or an offset, or a valid Date",
      });
    }
    expect(toPlainDate('2026-09-30T23:59:59+23:00')).toBe('2026-09-30');
    expect(toPlainDate('2026-09-30T12:00:59-00:59')).toBe('2026-09-30');
  });

  it('describes the bad value in the error’s context', () => {
    const valueOf = (value: unknown) => (errorOf(() => toPlainDate(value as never)) as { context: { value: unknown } }).context.value;
    expect(valueOf('2026-02-30')).toBe('2026-02-30');
    expect(valueOf(20260930)).toBe(20260930);
    expect(valueOf(true)).toBe(true);
    expect(valueOf(new Date(Number.NaN))).toBe('Invalid Date');
    expect(valueOf(null)).toBe('null');
    expect(valueOf(undefined)).toBe('undefined');
    expect(valueOf({ date: '2026-09-30' })).toBe('Object');
    expect(valueOf('2'.repeat(65))).toBe(`${'2'.repeat(64)}…`);
    expect(errorOf(() => toPlainDate(new Date(Number.NaN)))).toMatchObject({
      message: 'Invalid value: the Date is invalid (NaN)',
      issues: [{ code: 'invalid_date', path: ['value'], message: 'the Date is invalid (NaN)' }],
    });
  });

  it('takes a Date from another realm (a vm context, an iframe)', async () => {
    const { runInNewContext } = await import('node:vm');
    const foreign = runInNewContext('new Date("2026-09-30T16:30:00Z")') as Date;
    expect(foreign instanceof Date).toBe(false);
    expect(toPlainDate(foreign)).toBe('2026-10-01');
    expect(errorOf(() => toPlainDate({ toString: () => '[object Date]' } as never))).toHaveProperty('code', 'INVALID_DATE');
  });
});
