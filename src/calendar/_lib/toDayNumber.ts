import { LinkedEnforcementError } from '../../errors.js';
import { kindOf } from '../../_lib/untrusted.js';
import { beijingDayOfEpochMs, beijingDayOfLocalTime, parsePlainDate } from './civil.js';

// RFC 3339 date-time with an optional zone so that a missing zone can be reported as such.
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

const EXPECTED =
  "expected a calendar date 'YYYY-MM-DD', an ISO 8601 instant with 'Z' or an offset, or a valid Date";

/**
 * The longest date string taken: an instant with nanoseconds and an offset has 35 characters.
 * Longer ones are refused before any parsing, and never copied whole into an error.
 */
export const DATE_STRING_MAX_LENGTH = 64;

function describe(value: unknown): unknown {
  if (typeof value === 'string') return value.length > DATE_STRING_MAX_LENGTH ? `${value.slice(0, DATE_STRING_MAX_LENGTH)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (isDate(value)) return 'Invalid Date';
  return kindOf(value);
}

/** Throws `INVALID_DATE` naming the argument. */
export function invalidDate(argument: string, value: unknown, message: string = EXPECTED): never {
  throw new LinkedEnforcementError('INVALID_DATE', `Invalid ${argument}: ${message}`, {
    context: { argument, value: describe(value) },
    issues: [{ code: 'invalid_date', path: [argument], message }],
  });
}

// `instanceof Date` fails for a Date from another realm (a vm context, an iframe). A Proxy's
// traps may throw on either test: then it is no Date.
function isDate(value: unknown): value is Date {
  try {
    return value instanceof Date || Object.prototype.toString.call(value) === '[object Date]';
  } catch {
    // A Proxy whose traps throw is no Date: false, returned below, where no mutant can empty the block into an equivalent undefined.
  }
  return false;
}

/** Epoch milliseconds of a Date, `NaN` for an invalid one or a fake (a Proxy, a forged toStringTag). */
function epochMsOf(value: Date): number {
  try {
    return Date.prototype.getTime.call(value);
  } catch {
    return Number.NaN;
  }
}

function dayOfDateTime(text: string, argument: string): number {
  const match = DATE_TIME.exec(text);
  if (match === null) return invalidDate(argument, text);
  // Stryker disable next-line StringLiteral: the pattern always captures the date, hours and minutes, and Number('') is 0 like Number('0')
  const [, datePart = '', hours = '', minutes = '', seconds = '0', zulu, sign, offsetHours = '0', offsetMinutes = '0'] =
    match;
  const day = parsePlainDate(datePart);
  const hour = Number(hours);
  const minute = Number(minutes);
  const zoneHour = Number(offsetHours);
  const zoneMinute = Number(offsetMinutes);
  if (day === undefined || hour > 23 || minute > 59 || Number(seconds) > 59 || zoneHour > 23 || zoneMinute > 59) {
    return invalidDate(argument, text);
  }
  if (zulu === undefined && sign === undefined) {
    // A wall-clock time alone names a different instant on every server; guessing a zone is
    // exactly the bug this calendar exists to avoid.
    return invalidDate(argument, text, "a date-time without 'Z' or an offset is ambiguous; add one, e.g. '+08:00'");
  }
  const offset = (sign === '-' ? -1 : 1) * (zoneHour * 60 + zoneMinute);
  return beijingDayOfLocalTime(day, hour * 60 + minute, offset);
}

/**
 * The Beijing day number of a date argument: a `'YYYY-MM-DD'` date as is, an instant (ISO
 * string with offset, or `Date`) as its calendar date in Asia/Shanghai.
 *
 * @throws {LinkedEnforcementError} `INVALID_DATE` naming `argument`.
 */
export function toDayNumber(value: unknown, argument: string): number {
  if (typeof value === 'string') {
    if (value.length === 10) return parsePlainDate(value) ?? invalidDate(argument, value);
    if (value.length > DATE_STRING_MAX_LENGTH) {
      return invalidDate(argument, value, `a date string has at most ${DATE_STRING_MAX_LENGTH} characters; got ${value.length}`);
    }
    return dayOfDateTime(value, argument);
  }
  if (isDate(value)) {
    const epochMs = epochMsOf(value);
    if (Number.isNaN(epochMs)) return invalidDate(argument, value, 'the Date is invalid (NaN)');
    return beijingDayOfEpochMs(epochMs);
  }
  return invalidDate(argument, value);
}
