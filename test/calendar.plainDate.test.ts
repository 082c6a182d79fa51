import { describe, expect, it } from 'vitest';
import { CPU_HEAVY } from './_lib/budgets.js';
import { errorOf } from './_lib/errors.js';
import { isLinkedEnforcementError } from '../src/errors.js';
import { isPlainDate, toPlainDate } from '../src/calendar/index.js';
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
