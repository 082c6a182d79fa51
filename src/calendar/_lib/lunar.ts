import { LinkedEnforcementError } from '../../errors.js';
import { daysFromCivil } from './civil.js';
import { loadChineseDays } from './chineseDays.js';

// Lunar dates for the statutory estimate, from the month tables of the installed chinese-days.
// Only its number-in, number-out functions are used (`monthDays`, `getYearLeapMonth`): its
// date-parsing functions read dates in the process time zone and are off by a day west of UTC.

/** The years chinese-days' lunar tables describe. */
export const LUNAR_FIRST_YEAR = 1900;
export const LUNAR_LAST_YEAR = 2100;

/** 正月初一 of lunar year 1900, where chinese-days' tables start. */
const LUNAR_EPOCH_DAY = daysFromCivil(1900, 1, 31);

interface ChineseDaysLunar {
  monthDays(year: number, month: number): number;
  getYearLeapMonth(year: number): { leapMonth?: number | undefined; days: number };
}

export interface LunarYear {
  /** Day number of 正月初一. */
  readonly newYear: number;
  /** Lengths of months 1–12 (index 0 = 正月). */
  readonly months: readonly number[];
  /** The month a leap month follows (0 for none) and its length. */
  readonly leapMonth: number;
  readonly leapDays: number;
}

let cached: readonly LunarYear[] | undefined;

function broken(reason: string): never {
  throw new LinkedEnforcementError('OUT_OF_COVERAGE', `chinese-days' lunar tables cannot be used: ${reason}`, {
    context: { source: 'chinese-days' },
  });
}

function lunarYears(): readonly LunarYear[] {
  cached ??= readLunarTables(loadChineseDays());
  return cached;
}

/**
 * The lunar years 1900–2100 from chinese-days' month tables, checked year by year.
 *
 * @throws {LinkedEnforcementError} `OUT_OF_COVERAGE` when the tables lack a function or give a
 *   year no lunar calendar has.
 */
export function readLunarTables(chineseDays: unknown): readonly LunarYear[] {
  const tables = chineseDays as Partial<ChineseDaysLunar>;
  if (typeof tables.monthDays !== 'function' || typeof tables.getYearLeapMonth !== 'function') {
    return broken('monthDays or getYearLeapMonth is missing');
  }
  const years: LunarYear[] = [];
  let newYear = LUNAR_EPOCH_DAY;
  for (let year = LUNAR_FIRST_YEAR; year <= LUNAR_LAST_YEAR; year += 1) {
    const months = Array.from({ length: 12 }, (_, index) => tables.monthDays!(year, index + 1));
    const leap = tables.getYearLeapMonth(year);
    const leapMonth = leap.leapMonth ?? 0;
    const length = months.reduce((sum, days) => sum + days, 0) + leap.days;
    // A lunar year has 353–355 days, or 383–385 with a leap month; anything else means the
    // tables changed shape and an estimate built on them would be silently wrong.
    const plausible =
      months.every((days) => days === 29 || days === 30) &&
      (leapMonth === 0 ? leap.days === 0 : leapMonth <= 12 && (leap.days === 29 || leap.days === 30)) &&
      length >= 353 &&
      length <= 385;
    if (!plausible) return broken(`implausible lunar year ${year}`);
    years.push({ newYear, months, leapMonth, leapDays: leap.days });
    newYear += length;
  }
  return years;
}

/**
 * Day number of a day of a (non-leap) lunar month, e.g. `(2027, 8, 15)` for 中秋 2027.
 * Festivals are always kept in the regular month, never in a leap month of the same number.
 */
export function lunarToDayNumber(lunarYear: number, month: number, day: number): number {
  const year = lunarYears()[lunarYear - LUNAR_FIRST_YEAR];
  if (year === undefined) return broken(`no table for lunar year ${lunarYear}`);
  let result = year.newYear + day - 1;
  for (let earlier = 1; earlier < month; earlier += 1) {
    result += year.months[earlier - 1] ?? 0;
    // The leap month comes right after the month of the same number.
    if (year.leapMonth === earlier) result += year.leapDays;
  }
  return result;
}

/**
 * Day number of 清明 (the day the sun reaches 15° longitude, Beijing time) for 2001–2100, by the
 * 寿星 formula chinese-days also uses: April ⌊Y·0.2422 + 4.81⌋ − L. L counts the leap days since
 * 2000 properly, which the usual ⌊Y/4⌋ gets wrong for 2100 (not a leap year): the sun reaches
 * 15° at about 00:38 on 2100-04-05 Beijing time, not on 04-04. (The 400-year rule first counts
 * in 2400, past the formula's years.)
 */
export function qingmingDayNumber(year: number): number {
  const y = year - 2000;
  const leapDaysSince2000 = Math.floor(y / 4) - Math.floor(y / 100);
  const day = Math.floor(y * 0.2422 + 4.81) - leapDaysSince2000;
  return daysFromCivil(year, 4, day);
}
