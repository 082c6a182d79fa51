import { defaultCalendar } from '../../calendar/index.js';
import { withWeekday } from '../_lib/format.js';
import { writeJson, writeLines, type CommandContext } from '../_lib/io.js';
import { parseDateArgument } from '../_lib/parseDate.js';
import { parseInteger } from '../_lib/parseInteger.js';
import { expectArgs } from '../_lib/usageError.js';
import { provisionalNote } from './workdays.js';

/**
 * `deadline <instant> <n>`: when something is due n working days after an instant (the day it
 * happened is not counted), e.g. results due 5 working days after enforcement ends.
 *
 * @param context - The words after the command, the parsed options and where to write.
 * @throws {UsageError} For the wrong number of arguments.
 * @throws {LinkedEnforcementError} `INVALID_DATE`, `INVALID_INPUT` (n not a whole number ≥ 0) or
 *   `OUT_OF_COVERAGE` from the calendar.
 */
export function deadlineCommand({ args, options, io }: CommandContext): void {
  expectArgs(args, 'deadline', ['instant', 'n']);
  const [start, nText] = args as [string, string];
  const startDate = parseDateArgument(start, 'instant', 'deadline');
  const workingDays = parseInteger(nText, 'n');
  const due = defaultCalendar.deadline(start, workingDays);
  if (options.json) return writeJson(io, { start, startDate, workingDays, ...due });
  writeLines(io, [
    `截止 Due: ${withWeekday(due.dueDate)} 23:59:59 北京时间 Beijing time（${due.dueAt}）`,
    `${startDate} 之后 ${workingDays} 个工作日，当天不计 — ${workingDays} working day${workingDays === 1 ? '' : 's'} after ${startDate}, that day not counted`,
    ...(due.provisional ? [provisionalNote()] : []),
  ]);
}
