import type { DateInput, PlainDate } from './plainDate.js';

/** The holidays of 全国年节及纪念日放假办法 that every citizen has off (第二条, in force from 2025). */
export type StatutoryHolidayName = '元旦' | '春节' | '清明' | '劳动节' | '端午' | '中秋' | '国庆节';

/**
 * Chinese name of a holiday as the data or an override gives it: one of the statutory names,
 * a one-off day such as 2015's 中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日, a local holiday
 * from `overrides`, or two names joined with `、` when an estimated 中秋 falls within 国庆节.
 */
export type HolidayName = StatutoryHolidayName | (string & {});

/**
 * - `workday`: Monday–Friday, working as usual.
 * - `weekend`: Saturday or Sunday with nothing special.
 * - `holiday`: a day off of a holiday (放假), weekends inside a holiday included.
 * - `makeupWorkday`: a Saturday or Sunday worked to make up for a holiday (调休上班).
 */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeupWorkday';

/** What to do with dates in years whose official arrangement is not published yet. */
export type BeyondCoverage = 'estimate' | 'throw';

/** A day a county or a new notice declares, overriding the data (and any estimate). */
export interface CalendarOverride {
  /** `'YYYY-MM-DD'`. */
  readonly date: string;
  /** Whether people work that day. */
  readonly working: boolean;
  /** Chinese name of the holiday it belongs to (or makes up for), e.g. `'国庆节'`. */
  readonly name?: string;
}

/** Options of {@link createWorkCalendar}. */
export interface WorkCalendarOptions {
  /**
   * Dates after the last year of the data: `'estimate'` (default) applies the statutory rules and
   * marks answers `provisional`; `'throw'` throws `OUT_OF_COVERAGE`.
   */
  readonly beyondCoverage?: BeyondCoverage;
  /** Days that take precedence over the data. Each date at most once. */
  readonly overrides?: readonly CalendarOverride[];
  /**
   * Years whose complete official arrangement you give in `overrides`, e.g. a notice published
   * before chinese-days has it: they count as covered (not estimated, not provisional, no throw).
   * Must extend the data's years without a gap; a year the data already has is accepted, so
   * upgrading chinese-days never breaks this option.
   */
  readonly announcedYears?: readonly number[];
}

/** One day as the calendar sees it. */
export interface DayInfo {
  readonly date: PlainDate;
  readonly working: boolean;
  readonly kind: DayKind;
  /** For a `holiday`, its name; for a `makeupWorkday`, the holiday it makes up for. */
  readonly holiday?: HolidayName;
  /** `true` when the day comes from the statutory estimate, not from an official arrangement. */
  readonly provisional: boolean;
}

/** When something counted in working days is due. */
export interface Deadline {
  /** The last day that is on time, a working day. */
  readonly dueDate: PlainDate;
  /** The end of `dueDate` in Beijing time, e.g. `'2026-10-13T23:59:59.999+08:00'`. */
  readonly dueAt: string;
  /** `true` when any day counted was estimated rather than officially arranged. */
  readonly provisional: boolean;
}

/** The first and last year whose official arrangement the calendar has. */
export interface Coverage {
  readonly firstYear: number;
  readonly lastYear: number;
}

/**
 * Working-day arithmetic on Beijing calendar dates. Every date argument takes a {@link DateInput};
 * an instant counts by its Beijing date. Answers cost the same for any span (a precomputed index).
 *
 * Every method throws `INVALID_DATE` for a bad date (naming the argument; a date string has at
 * most 64 characters, and only a real `Date` counts as one) and `OUT_OF_COVERAGE`
 * for a date, or a count from it, that leaves the years it answers for: before the first year
 * of the data, past the data with `beyondCoverage: 'throw'`, past 2100 otherwise.
 */
export interface WorkCalendar {
  /**
   * Whether people work on `date`: a weekday that is no holiday, or a make-up working day (调休上班).
   *
   * @param date - The day (an instant counts by its Beijing date).
   * @returns `true` on a working day.
   * @throws {LinkedEnforcementError} `INVALID_DATE`, `OUT_OF_COVERAGE`.
   * @example
   * defaultCalendar.isWorkingDay('2025-01-26') //=> true (a Sunday worked for 春节)
   * defaultCalendar.isWorkingDay('2026-10-01') //=> false
   */
  isWorkingDay(date: DateInput): boolean;
  /**
   * Everything the calendar knows about `date`.
   *
   * @param date - The day.
   * @returns Its kind, the holiday it belongs to, and whether it is estimated.
   * @throws {LinkedEnforcementError} `INVALID_DATE`, `OUT_OF_COVERAGE`.
   * @example
   * defaultCalendar.dayInfo('2026-10-10')
   * //=> { date: '2026-10-10', working: true, kind: 'makeupWorkday', holiday: '国庆节', provisional: false }
   */
  dayInfo(date: DateInput): DayInfo;
  /**
   * n > 0: the n-th working day strictly after `date`; n < 0: the |n|-th strictly before;
   * n = 0: `date` itself if it is a working day, else the next working day.
   *
   * @param date - The day to count from; it is never counted itself.
   * @param n - An integer.
   * @returns The working day reached.
   * @throws {LinkedEnforcementError} `INVALID_DATE`; `INVALID_INPUT` when `n` is not an integer;
   *   `OUT_OF_COVERAGE` when the count leaves the years the calendar answers for.
   * @example
   * defaultCalendar.addWorkingDays('2026-09-30', 5) //=> '2026-10-13'
   * defaultCalendar.addWorkingDays('2026-10-13', -5) //=> '2026-09-30'
   * defaultCalendar.addWorkingDays('2026-10-01', 0) //=> '2026-10-08'
   */
  addWorkingDays(date: DateInput, n: number): PlainDate;
  /**
   * The number of working days d with from < d ≤ to; negative when `to` is before `from`, so
   * `workingDaysBetween(d, addWorkingDays(d, n)) === n` for every n > 0.
   *
   * @param from - The day counted from (not counted).
   * @param to - The day counted to (counted).
   * @returns The signed count.
   * @throws {LinkedEnforcementError} `INVALID_DATE`, `OUT_OF_COVERAGE`.
   * @example
   * defaultCalendar.workingDaysBetween('2026-09-30', '2026-10-13') //=> 5
   * defaultCalendar.workingDaysBetween('2026-10-13', '2026-09-30') //=> -5
   */
  workingDaysBetween(from: DateInput, to: DateInput): number;
  /**
   * The first working day strictly after `date`; `addWorkingDays(date, 1)`.
   *
   * @param date - The day.
   * @returns The next working day.
   * @throws {LinkedEnforcementError} `INVALID_DATE`, `OUT_OF_COVERAGE`.
   * @example
   * defaultCalendar.nextWorkingDay('2026-09-30') //=> '2026-10-08'
   */
  nextWorkingDay(date: DateInput): PlainDate;
  /**
   * The last working day strictly before `date`; `addWorkingDays(date, -1)`.
   *
   * @param date - The day.
   * @returns The previous working day.
   * @throws {LinkedEnforcementError} `INVALID_DATE`, `OUT_OF_COVERAGE`.
   * @example
   * defaultCalendar.previousWorkingDay('2026-10-08') //=> '2026-09-30'
   */
  previousWorkingDay(date: DateInput): PlainDate;
  /**
   * When something due `workingDays` working days after `start` is due. The start day is not
   * counted (民事诉讼法 第八十五条); something done at or before `dueAt` is on time.
   *
   * @param start - When the period starts: an instant (counted by its Beijing date) or a date.
   * @param workingDays - An integer ≥ 0 (0: `start`'s day if it is a working day, else the next).
   * @returns `dueDate`, `dueAt` (the end of `dueDate`, Beijing time, `+08:00`) and `provisional`
   *   (some counted day was estimated).
   * @throws {LinkedEnforcementError} `INVALID_DATE`; `INVALID_INPUT` when `workingDays` is not an
   *   integer ≥ 0; `OUT_OF_COVERAGE`.
   * @example
   * defaultCalendar.deadline('2026-09-29T17:00:00Z', 5)
   * //=> { dueDate: '2026-10-13', dueAt: '2026-10-13T23:59:59.999+08:00', provisional: false }
   * defaultCalendar.deadline('2026-12-25', 5).provisional //=> true (2027 is estimated)
   */
  deadline(start: DateInput, workingDays: number): Deadline;
  /**
   * The first and last year whose official arrangement the calendar has (the data's years plus
   * `announcedYears`). Reading it loads the data.
   *
   * @example
   * defaultCalendar.coverage //=> { firstYear: 2004, lastYear: 2026 } (with chinese-days 1.5.7)
   */
  readonly coverage: Coverage;
}
