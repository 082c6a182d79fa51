// Calendar arithmetic on day numbers (days since 1970-01-01 in the proleptic Gregorian calendar).
// Working on plain integers instead of `Date` keeps every result independent of the process time
// zone and lets the day index address a day with one subtraction.

/** Beijing time is UTC+8 all year round: China has not observed daylight saving since 1991. */
export const BEIJING_OFFSET_MINUTES = 480;

const MINUTES_PER_DAY = 1440;
const MS_PER_DAY = 86_400_000;

/** Day number of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** `[year, month, day]` of a day number; the inverse of {@link daysFromCivil}. */
export function civilFromDays(dayNumber: number): [year: number, month: number, day: number] {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function isWeekend(dayNumber: number): boolean {
  const weekday = weekdayOf(dayNumber);
  return weekday === 0 || weekday === 6;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function yearOfDay(dayNumber: number): number {
  return civilFromDays(dayNumber)[0];
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** `'YYYY-MM-DD'` of a day number (years 0–9999). */
export function formatDayNumber(dayNumber: number): string {
  const [year, month, day] = civilFromDays(dayNumber);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

function digitAt(text: string, index: number): number {
  const digit = text.charCodeAt(index) - 48;
  return digit >= 0 && digit <= 9 ? digit : Number.NaN;
}

/**
 * Day number of a strict `'YYYY-MM-DD'` string that names a real date, else `undefined`.
 * Hand-rolled rather than a regex or `Date.parse`: this runs on every calendar query, and
 * `Date.parse` rolls `2026-02-30` over to March.
 */
export function parsePlainDate(text: string): number | undefined {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = digitAt(text, 0) * 1000 + digitAt(text, 1) * 100 + digitAt(text, 2) * 10 + digitAt(text, 3);
  const month = digitAt(text, 5) * 10 + digitAt(text, 6);
  const day = digitAt(text, 8) * 10 + digitAt(text, 9);
  // NaN fails every comparison below, so a non-digit anywhere is rejected here.
  if (!(year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return undefined;
  return daysFromCivil(year, month, day);
}

/** Beijing day number of an instant given as epoch milliseconds. */
export function beijingDayOfEpochMs(epochMs: number): number {
  return Math.floor((epochMs + BEIJING_OFFSET_MINUTES * 60_000) / MS_PER_DAY);
}

/**
 * Beijing day number of a wall-clock time at a UTC offset. Offsets are whole minutes, so
 * seconds can never move the date and are not needed.
 */
export function beijingDayOfLocalTime(dayNumber: number, minuteOfDay: number, offsetMinutes: number): number {
  return dayNumber + Math.floor((minuteOfDay - offsetMinutes + BEIJING_OFFSET_MINUTES) / MINUTES_PER_DAY);
}
