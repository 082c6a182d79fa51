import type { DayKind } from '../types.js';
import type { CalendarSource } from './calendarSource.js';
import { civilFromDays, daysFromCivil, parsePlainDate, weekdayOf } from './civil.js';
import { officialCorrections } from './officialCorrections.js';
import { statutoryHolidays } from './statutoryHolidays.js';

// A day's kind is one byte: the kind in the low bits, ESTIMATED on top.
export const WORKDAY = 0;
export const WEEKEND = 1;
export const HOLIDAY = 2;
export const MAKEUP_WORKDAY = 3;
const KIND_MASK = 3;
const ESTIMATED = 4;

export const dayKinds: readonly DayKind[] = ['workday', 'weekend', 'holiday', 'makeupWorkday'];

/**
 * Every day from `firstDay` to `lastDay`, with prefix counts so that any count of working days
 * is two array reads and the n-th working day after a date is one: the answer costs the same
 * for a week as for a decade. Offsets are `day - firstDay`.
 */
export interface DayIndex {
  readonly firstDay: number;
  readonly lastDay: number;
  /** Kind code | ESTIMATED, per offset. */
  readonly kinds: Uint8Array;
  /**
   * Holiday names by offset; sparse, dayInfo is the only reader. `undefined` where a declaration
   * without a name replaced the name the data gave.
   */
  readonly names: ReadonlyMap<number, string | undefined>;
  /** `workingBefore[i]`: working days at offsets < i (length = days + 1). */
  readonly workingBefore: Int32Array;
  /** `estimatedBefore[i]`: estimated days at offsets < i. */
  readonly estimatedBefore: Int32Array;
  /** Offsets of the working days, ascending: the k-th working day is `workingOffsets[k]`. */
  readonly workingOffsets: Int32Array;
}

export function isWorkingKind(code: number): boolean {
  const kind = code & KIND_MASK;
  return kind === WORKDAY || kind === MAKEUP_WORKDAY;
}

export function isEstimatedKind(code: number): boolean {
  return (code & ESTIMATED) !== 0;
}

export function kindOf(code: number): DayKind {
  // Stryker disable next-line StringLiteral: KIND_MASK keeps the code within the four kinds
  return dayKinds[code & KIND_MASK] ?? 'workday';
}

function declaredKind(working: boolean, weekday: number): number {
  if (!working) return HOLIDAY;
  return weekday === 0 || weekday === 6 ? MAKEUP_WORKDAY : WORKDAY;
}

/**
 * A weekend day strictly between two days off of the same holiday, with no working day between
 * them, is part of that holiday: 2011-06-05 inside 端午 (6月4日至6日放假公休), 2012-06-23 (端午
 * itself), 2015-06-21. The notices list such spans whole or name only the weekdays; chinese-days
 * lists the weekend days of some and not of others. A weekend at either end of a holiday stays a
 * weekend: the notices join it with the words 与周末连休 but do not declare it (2014-05-31).
 * When holidays nest (an override inside another holiday), the innermost one takes the day.
 * Days off without a name (an unnamed override) claim nothing.
 */
function weekendsInsideHolidays(kinds: Uint8Array, names: Map<number, string | undefined>): void {
  let runStart = 0;
  for (let offset = 0; offset <= kinds.length; offset += 1) {
    // One past the end reads as a working day, which closes the last run.
    if (!isWorkingKind(kinds[offset] ?? WORKDAY)) continue;
    // Stryker disable next-line ConditionalExpression,ArithmeticOperator: a run of fewer than three days has no day between two others, so fillRun would find nothing to fill
    if (offset - runStart >= 3) fillRun(kinds, names, runStart, offset);
    runStart = offset + 1;
  }
}

/** Fills the weekends of one run of days off, offsets `start` to `end` (exclusive). */
function fillRun(kinds: Uint8Array, names: Map<number, string | undefined>, start: number, end: number): void {
  const holidays: { offset: number; name: string }[] = [];
  // Stryker disable next-line EqualityOperator: the day at `end` is a working day (or past the index), never a holiday
  for (let offset = start; offset < end; offset += 1) {
    const name = names.get(offset);
    // In a run of days off only holidays have names: a weekend gets one only below, a working day is not in the run.
    if (name !== undefined) holidays.push({ offset, name });
  }
  // Stryker disable next-line ConditionalExpression: a shortcut; with one holiday day no weekend lies between two of its days, so the loop below fills nothing
  if (holidays.length < 2) return;
  const lastOffset = new Map(holidays.map((day) => [day.name, day.offset]));
  let nextHoliday = 0;
  // Stryker disable next-line EqualityOperator: the day at `end` is a working day (or past the index), never a weekend
  for (let offset = start; offset < end; offset += 1) {
    // Stryker disable next-line EqualityOperator: only weekends are looked up below, and no holiday day is a weekend
    while (nextHoliday < holidays.length && holidays[nextHoliday]!.offset < offset) nextHoliday += 1;
    const code = kinds[offset] ?? 0;
    if ((code & KIND_MASK) !== WEEKEND) continue;
    // The nearest holiday before the day that also has a day after it: the innermost one.
    for (let earlier = nextHoliday - 1; earlier >= 0; earlier -= 1) {
      const { name } = holidays[earlier]!;
      // lastOffset has an entry for every name of `holidays`, none of them at a weekend's offset.
      // Stryker disable next-line EqualityOperator: see above
      if (lastOffset.get(name)! < offset) continue;
      kinds[offset] = HOLIDAY | (code & ESTIMATED);
      names.set(offset, name);
      break;
    }
  }
}

/** Builds the index from `source.firstDay` to `lastDay` (estimating the years after coverage). */
export function buildDayIndex(source: CalendarSource, lastDay: number): DayIndex {
  const { firstDay } = source;
  const length = lastDay - firstDay + 1;
  const kinds = new Uint8Array(length);
  const names = new Map<number, string | undefined>();

  let weekday = weekdayOf(firstDay);
  // Stryker disable next-line EqualityOperator: a typed array ignores the write one past its end
  for (let offset = 0; offset < length; offset += 1) {
    kinds[offset] = weekday === 0 || weekday === 6 ? WEEKEND : WORKDAY;
    weekday = weekday === 6 ? 0 : weekday + 1;
  }

  const lastYear = civilFromDays(lastDay)[0];
  for (let year = source.lastYear + 1; year <= lastYear; year += 1) {
    const yearStart = daysFromCivil(year, 1, 1) - firstDay;
    // Stryker disable next-line ArithmeticOperator,MethodExpression: the index always ends on 31 December, so the year's end is never past it
    const yearEnd = Math.min(daysFromCivil(year, 12, 31) - firstDay, length - 1);
    for (let offset = yearStart; offset <= yearEnd; offset += 1) kinds[offset] = (kinds[offset] ?? 0) | ESTIMATED;
    for (const [day, name] of statutoryHolidays(year)) {
      const offset = day - firstDay;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: no statutory day of a year falls after its 31 December
      if (offset > yearEnd) continue;
      kinds[offset] = HOLIDAY | ESTIMATED;
      names.set(offset, name);
    }
  }

  // Official days, our corrections to them, then overrides over both. Each is a declaration, so
  // never estimated.
  const declare = (day: number, working: boolean, name: string | undefined): void => {
    const offset = day - firstDay;
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: a day past the covered index is in an estimated year, answered by the full index; a typed array ignores the write and the name is never read
    if (offset < 0 || offset >= length) return;
    kinds[offset] = declaredKind(working, weekdayOf(day));
    names.set(offset, name);
  };
  for (const [day, { working, name }] of source.official.days) declare(day, working, name);
  for (const { date, working, name } of officialCorrections) {
    const day = parsePlainDate(date);
    // Stryker disable next-line ConditionalExpression: every correction names a real day (test/calendar.corrections.test.ts checks each), so the check only tells the type checker
    if (day !== undefined) declare(day, working, name);
  }
  for (const [day, { working, name }] of source.settings.overrides) declare(day, working, name);
  weekendsInsideHolidays(kinds, names);

  const workingBefore = new Int32Array(length + 1);
  const estimatedBefore = new Int32Array(length + 1);
  const offsets = new Int32Array(length);
  let working = 0;
  let estimated = 0;
  for (let offset = 0; offset < length; offset += 1) {
    const code = kinds[offset] ?? 0;
    if (isWorkingKind(code)) offsets[working++] = offset;
    if (isEstimatedKind(code)) estimated += 1;
    workingBefore[offset + 1] = working;
    estimatedBefore[offset + 1] = estimated;
  }
  return {
    firstDay,
    lastDay,
    kinds,
    names,
    workingBefore,
    estimatedBefore,
    workingOffsets: offsets.slice(0, working),
  };
}
