/**
 * `linked-enforcement/calendar` — working days on Beijing dates, from the official holiday
 * arrangements (调休) and, for later years, the statutory rules.
 *
 * @module linked-enforcement/calendar
 */
export { createWorkCalendar } from './createWorkCalendar.js';
export { defaultCalendar } from './defaultCalendar.js';
export { isPlainDate, toPlainDate } from './plainDate.js';
export type { DateInput, PlainDate } from './plainDate.js';
export type {
  BeyondCoverage,
  CalendarOverride,
  Coverage,
  DayInfo,
  DayKind,
  Deadline,
  HolidayName,
  StatutoryHolidayName,
  WorkCalendar,
  WorkCalendarOptions,
} from './types.js';
