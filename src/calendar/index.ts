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
