import { LinkedEnforcementError } from '../errors.js';
import { invalidInput } from '../_lib/validate.js';
import { ESTIMATE_LAST_YEAR, type CalendarSource } from './_lib/calendarSource.js';
import { formatDayNumber } from './_lib/civil.js';
import { isEstimatedKind, isWorkingKind, kindOf, type DayIndex } from './_lib/dayIndex.js';
import { createIndexProvider, sharedIndexProvider, type IndexProvider } from './_lib/indexProvider.js';
import { readCalendarOptions } from './_lib/options.js';
import { toDayNumber } from './_lib/toDayNumber.js';
import type { DateInput, PlainDate } from './plainDate.js';
import type { BeyondCoverage, DayInfo, Deadline, WorkCalendar, WorkCalendarOptions } from './types.js';

/** Appended to a due date: the last millisecond of that day in Beijing. */
const END_OF_BEIJING_DAY = 'T23:59:59.999+08:00';

/** `Number.isSafeInteger`, telling the type checker too (a `typeof` before it would change nothing). */
function isSafeInteger(value: unknown): value is number {
  return Number.isSafeInteger(value);
}

function integerArgument(value: unknown, argument: string, minimum = -Infinity): number {
  if (!isSafeInteger(value) || value < minimum) {
    return invalidInput(argument, minimum === 0 ? 'expected an integer ≥ 0' : 'expected an integer', { value });
  }
  return value;
}

/**
 * Creates a working-day calendar for Beijing dates from the official holiday arrangements in the
 * installed chinese-days, estimating later years from the statutory rules unless told to throw.
 *
 * @param options - `beyondCoverage` (`'estimate'` by default, or `'throw'`), `overrides` (days a
 *   county or a new notice declares; they take precedence over the data) and `announcedYears`
 *   (years whose whole arrangement the overrides give, so they count as covered).
 * @returns A {@link WorkCalendar}. Its index is built on first use; calendars without overrides
 *   share one.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` listing every problem with `options`,
 *   including overrides in years the calendar cannot answer for, announced years that leave
 *   a gap after the data, options that are not plain objects or throw when read, and lists or
 *   names over the limits (README, "Limits").
 * @example
 * const calendar = createWorkCalendar({
 *   overrides: [{ date: '2026-06-01', working: false, name: '县庆' }],
 * });
 * calendar.isWorkingDay('2026-06-01') //=> false
 * calendar.dayInfo('2026-06-01').holiday //=> '县庆'
 */
export function createWorkCalendar(options?: WorkCalendarOptions): WorkCalendar {
  const settings = readCalendarOptions(options);
  // Stryker disable next-line ConditionalExpression,BlockStatement: a calendar of its own answers the same, only slower to build
  if (settings.overrides.size === 0 && settings.announcedYears.length === 0) {
    return workCalendar(sharedIndexProvider, settings.beyondCoverage);
  }
  const provider = createIndexProvider(settings);
  // Checked against the data now, so a bad override fails here rather than at the first query.
  provider.source();
  return workCalendar(provider, settings.beyondCoverage);
}

function workCalendar(provider: IndexProvider, beyondCoverage: BeyondCoverage): WorkCalendar {
  function outOfCoverage(source: CalendarSource, argument: string, day: number, reason: string, count?: number): never {
    throw new LinkedEnforcementError('OUT_OF_COVERAGE', `Invalid ${argument} ${formatDayNumber(day)}: ${reason}`, {
      context: {
        argument,
        date: formatDayNumber(day),
        ...(count === undefined ? {} : { workingDays: count }),
        firstYear: source.firstYear,
        lastYear: source.lastYear,
        beyondCoverage,
        estimateLastYear: ESTIMATE_LAST_YEAR,
      },
    });
  }

  /**
   * Throws for `day`, or for counting `count` working days from it, leaving the years the
   * calendar answers for: before the data (`pastEnd` false) or after what it may answer.
   */
  function beyondEdge(source: CalendarSource, argument: string, day: number, pastEnd: boolean, count?: number): never {
    const subject = count === undefined ? 'it is' : `counting ${count} working days from it goes`;
    const edge = !pastEnd
      ? `before ${source.firstYear}, the first year of the holiday data`
      : beyondCoverage === 'throw'
        ? `past ${source.lastYear}, the last year with an official holiday arrangement (beyondCoverage: 'throw')`
        : `past ${ESTIMATE_LAST_YEAR}, the last year the statutory estimate reaches`;
    return outOfCoverage(source, argument, day, `${subject} ${edge}`, count);
  }

  function coveredLastDay(): number {
    return provider.source().coveredLastDay;
  }

  /** The index that holds `day`. */
  function indexAt(day: number, argument: string): DayIndex {
    const source = provider.source();
    if (day < source.firstDay) return beyondEdge(source, argument, day, false);
    if (day <= source.coveredLastDay) return provider.current();
    if (beyondCoverage === 'estimate' && day <= source.estimateLastDay) return provider.full();
    return beyondEdge(source, argument, day, true);
  }

  /** `addWorkingDays` on day numbers, with whether any day it looked at was estimated. */
  function addDays(day: number, n: number, argument: string): { day: number; provisional: boolean } {
    let index = indexAt(day, argument);
    for (;;) {
      const offset = day - index.firstDay;
      const before = index.workingBefore[offset] ?? 0;
      const code = index.kinds[offset] ?? 0;
      const position = n > 0 ? before + (isWorkingKind(code) ? 1 : 0) + n - 1 : before + n;
      const found = index.workingOffsets[position];
      // A 'throw' calendar may share an index that another calendar already extended.
      if (found !== undefined && (beyondCoverage === 'estimate' || index.firstDay + found <= coveredLastDay())) {
        // The days the answer depends on: those counted, plus the start day itself when n = 0.
        // Only deadline reads `provisional`, and it counts forward (n ≥ 0).
        const [low, high] = n > 0 ? [offset + 1, found] : [offset, found];
        const provisional = (index.estimatedBefore[high + 1] ?? 0) - (index.estimatedBefore[low] ?? 0) > 0;
        return { day: index.firstDay + found, provisional };
      }
      const source = provider.source();
      // Stryker disable next-line EqualityOperator: position 0 is the index's first working day, always found and allowed
      const pastEnd = position >= 0;
      // Stryker disable next-line ConditionalExpression,LogicalOperator: past the full index, the same refusal follows, only after building it
      if (pastEnd && beyondCoverage === 'estimate' && index.lastDay < source.estimateLastDay) {
        index = provider.full();
        continue;
      }
      return beyondEdge(source, argument, day, pastEnd, n);
    }
  }

  function isWorkingDay(date: DateInput): boolean {
    const day = toDayNumber(date, 'date');
    const index = indexAt(day, 'date');
    return isWorkingKind(index.kinds[day - index.firstDay] ?? 0);
  }

  function dayInfo(date: DateInput): DayInfo {
    const day = toDayNumber(date, 'date');
    const index = indexAt(day, 'date');
    const offset = day - index.firstDay;
    const code = index.kinds[offset] ?? 0;
    const holiday = index.names.get(offset);
    return {
      date: formatDayNumber(day) as PlainDate,
      working: isWorkingKind(code),
      kind: kindOf(code),
      ...(holiday === undefined ? {} : { holiday }),
      provisional: isEstimatedKind(code),
    };
  }

  function addWorkingDays(date: DateInput, n: number): PlainDate {
    const day = toDayNumber(date, 'date');
    return formatDayNumber(addDays(day, integerArgument(n, 'n'), 'date').day) as PlainDate;
  }

  function workingDaysBetween(from: DateInput, to: DateInput): number {
    const fromDay = toDayNumber(from, 'from');
    const toDay = toDayNumber(to, 'to');
    // The later day picks the index, so both fit; the earlier is checked for the lower edge.
    const forward = fromDay <= toDay;
    indexAt(forward ? fromDay : toDay, forward ? 'from' : 'to');
    const index = indexAt(forward ? toDay : fromDay, forward ? 'to' : 'from');
    return (index.workingBefore[toDay - index.firstDay + 1] ?? 0) - (index.workingBefore[fromDay - index.firstDay + 1] ?? 0);
  }

  function nextWorkingDay(date: DateInput): PlainDate {
    return formatDayNumber(addDays(toDayNumber(date, 'date'), 1, 'date').day) as PlainDate;
  }

  function previousWorkingDay(date: DateInput): PlainDate {
    return formatDayNumber(addDays(toDayNumber(date, 'date'), -1, 'date').day) as PlainDate;
  }

  function deadline(start: DateInput, workingDays: number): Deadline {
    const startDay = toDayNumber(start, 'start');
    const due = addDays(startDay, integerArgument(workingDays, 'workingDays', 0), 'start');
    const dueDate = formatDayNumber(due.day) as PlainDate;
    return { dueDate, dueAt: `${dueDate}${END_OF_BEIJING_DAY}`, provisional: due.provisional };
  }

  return Object.freeze({
    isWorkingDay,
    dayInfo,
    addWorkingDays,
    workingDaysBetween,
    nextWorkingDay,
    previousWorkingDay,
    deadline,
    get coverage() {
      const { firstYear, lastYear } = provider.source();
      return { firstYear, lastYear };
    },
  });
}
