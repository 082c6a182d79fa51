import { toPlainDate, type PlainDate } from '../../calendar/index.js';
import { isLinkedEnforcementError, LinkedEnforcementError } from '../../errors.js';

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/u;
const EXPECTED = 'expected a date YYYY-MM-DD or an instant with Z or an offset, e.g. 2026-09-30T18:00:00+08:00';

/**
 * Checks a date argument of a command before the calendar sees it, so that the error says which
 * argument of which command was wrong and echoes what was typed: the calendar's own error
 * names its parameter (`start`), not the command line's `<instant>`.
 *
 * @param text - What was typed: `YYYY-MM-DD` or an instant with `Z` or an offset.
 * @param argument - The argument's name in the usage, e.g. `date` for `workdays add <date> <n>`.
 * @param command - The command, e.g. `workdays add`.
 * @returns The Beijing date of `text`.
 * @throws {LinkedEnforcementError} `INVALID_DATE` with `context: { argument, value, command }`.
 */
export function parseDateArgument(text: string, argument: string, command: string): PlainDate {
  try {
    return toPlainDate(text);
  } catch (error) {
    if (!isLinkedEnforcementError(error, 'INVALID_DATE')) throw error;
    // A well-formed date that is not on the calendar (2026-02-30) needs no lecture on formats;
    // a date-time without an offset keeps the calendar's reason (it is ambiguous).
    const calendarReason = error.issues[0]?.message ?? '';
    const reason = DATE_SHAPE.test(text) ? 'there is no such day' : calendarReason.includes('ambiguous') ? calendarReason : EXPECTED;
    const message = `"${text}" is not a date (<${argument}> of ${command}): ${reason}`;
    throw new LinkedEnforcementError('INVALID_DATE', message, {
      context: { argument, value: text, command },
      issues: [{ code: 'invalid_date', path: [argument], message: `"${text}" is not a date: ${reason}` }],
      cause: error,
    });
  }
}
