import { createWorkCalendar } from './createWorkCalendar.js';
import type { WorkCalendar } from './types.js';

/**
 * The calendar with default options: official arrangements from chinese-days, later years
 * estimated from the statutory rules (answers marked `provisional`). Nothing is loaded until
 * its first use.
 *
 * @example
 * defaultCalendar.addWorkingDays('2026-09-30', 5) //=> '2026-10-13'
 * defaultCalendar.deadline('2026-09-29T17:00:00Z', 5)
 * //=> { dueDate: '2026-10-13', dueAt: '2026-10-13T23:59:59.999+08:00', provisional: false }
 */
export const defaultCalendar: WorkCalendar = createWorkCalendar();
