import { daysFromCivil, formatDayNumber, parsePlainDate } from './_lib/civil.js';
import { invalidDate, toDayNumber } from './_lib/toDayNumber.js';

declare const plainDateBrand: unique symbol;

/**
 * A calendar date in Beijing, written `'YYYY-MM-DD'`, known to name a real day. Get one from
 * {@link toPlainDate} or {@link isPlainDate}; any calendar function also accepts a plain string
 * and checks it.
 */
export type PlainDate = string & { readonly [plainDateBrand]: true };

/**
 * What the calendar functions take as a date: a `PlainDate` (or any `'YYYY-MM-DD'` string), an
 * ISO 8601 instant with `Z` or an offset, or a `Date`. Instants count by their Beijing date.
 */
export type DateInput = PlainDate | string | Date;

const FIRST_DAY = daysFromCivil(0, 1, 1);
const LAST_DAY = daysFromCivil(9999, 12, 31);

/**
 * Whether `value` is a strict `'YYYY-MM-DD'` string naming a real date.
 *
 * @param value - Anything.
 * @returns `true` when `value` can be used as a {@link PlainDate}.
 * @example
 * isPlainDate('2026-02-28') //=> true
 * isPlainDate('2026-02-30') //=> false
 * isPlainDate('2026-2-28')  //=> false
 */
export function isPlainDate(value: unknown): value is PlainDate {
  return typeof value === 'string' && parsePlainDate(value) !== undefined;
}

/**
 * The Beijing (Asia/Shanghai, UTC+8) calendar date of a date or an instant, whatever the time
 * zone of the process.
 *
 * A date-time string without `Z` or an offset is rejected: it names a different instant on
 * every server.
 *
 * @param value - A `'YYYY-MM-DD'` date (returned as is), an ISO 8601 instant such as
 *   `'2026-09-29T17:00:00Z'` or `'2026-09-30T09:00:00+08:00'`, or a `Date`.
 * @returns The Beijing date.
 * @throws {LinkedEnforcementError} `INVALID_DATE` for anything else, including impossible dates
 *   (`'2026-02-30'`), loose formats (`'26-1-1'`), date-times without an offset and invalid `Date`s.
 * @example
 * toPlainDate('2026-09-29T17:00:00Z') //=> '2026-09-30'
 * toPlainDate(new Date('2026-09-30T15:59:59.999Z')) //=> '2026-09-30'
 * toPlainDate('2026-09-30T16:00:00Z') //=> '2026-10-01'
 */
export function toPlainDate(value: DateInput): PlainDate {
  const day = toDayNumber(value, 'value');
  if (day < FIRST_DAY || day > LAST_DAY) return invalidDate('value', value, 'the date is outside the years 0000–9999');
  return formatDayNumber(day) as PlainDate;
}
