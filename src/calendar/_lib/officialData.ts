import { LinkedEnforcementError } from '../../errors.js';
import { parsePlainDate, yearOfDay } from './civil.js';
import { HOLIDAY_DATA_MODULE, loadHolidayData } from './chineseDays.js';

/** One day of an official arrangement (国务院办公厅关于…部分节假日安排的通知). */
export interface OfficialDay {
  readonly working: boolean;
  /** Chinese name of the holiday the day belongs to (or makes up for), e.g. `'国庆节'`. */
  readonly name: string;
}

export interface OfficialData {
  /** First and last year whose official arrangement is in the data. */
  readonly firstYear: number;
  readonly lastYear: number;
  /** Days the arrangements list, by day number; every other day follows the weekday rule. */
  readonly days: ReadonlyMap<number, OfficialDay>;
}

const SPRING_FESTIVAL = '春节';

// Values read "English name,中文名,number of days", e.g. "National Day,国庆节,3".
function chineseName(value: string): string {
  const last = value.lastIndexOf(',');
  const tail = value.slice(last + 1).trim();
  if (!/^\d+$/.test(tail)) return tail === '' ? value : tail;
  const name = value.slice(value.lastIndexOf(',', last - 1) + 1, last).trim();
  return name === '' ? value : name;
}

function unreadable(reason: string, cause?: unknown): never {
  // With no data no day is covered, so the caller gets the code it already handles for that.
  throw new LinkedEnforcementError(
    'OUT_OF_COVERAGE',
    `The holiday data of chinese-days could not be read from ${HOLIDAY_DATA_MODULE}: ${reason}`,
    { context: { source: HOLIDAY_DATA_MODULE }, cause },
  );
}

function readSection(data: Record<string, unknown>, section: string, read: (day: number, name: string) => void): void {
  const entries = data[section];
  if (typeof entries !== 'object' || entries === null) return unreadable(`no "${section}" object`);
  for (const [date, value] of Object.entries(entries)) {
    const day = parsePlainDate(date);
    if (day === undefined || typeof value !== 'string') return unreadable(`bad entry "${section}.${date}"`);
    read(day, chineseName(value));
  }
}

/**
 * Parses the chinese-days JSON. A year counts as covered when its arrangement lists 春节: every
 * annual notice does, and 春节 always falls in January or February of its own year, so a
 * stray next-year date in a notice cannot extend the coverage by mistake.
 */
export function parseOfficialData(data: unknown): OfficialData {
  if (typeof data !== 'object' || data === null) return unreadable('not an object');
  const record = data as Record<string, unknown>;
  const days = new Map<number, OfficialDay>();
  const springFestivalYears = new Set<number>();
  readSection(record, 'holidays', (day, name) => {
    days.set(day, { working: false, name });
    if (name === SPRING_FESTIVAL) springFestivalYears.add(yearOfDay(day));
  });
  // chinese-days lets a make-up working day win over a holiday on the same date; so do we.
  readSection(record, 'workdays', (day, name) => days.set(day, { working: true, name }));

  if (springFestivalYears.size === 0) return unreadable('no year lists 春节');
  // Only the unbroken run of years up to the newest counts: a year missing in the middle
  // would otherwise pass for covered and be answered by the weekday rule alone.
  const lastYear = Math.max(...springFestivalYears);
  let firstYear = lastYear;
  while (springFestivalYears.has(firstYear - 1)) firstYear -= 1;
  return { firstYear, lastYear, days };
}

let cached: OfficialData | undefined;

/** The installed chinese-days' official arrangements, read once, on first use. */
export function officialData(): OfficialData {
  // Stryker disable next-line ConditionalExpression: parsing again gives the same data, only slower
  if (cached !== undefined) return cached;
  cached = readOfficialData(loadHolidayData);
  return cached;
}

/**
 * Loads and parses the holiday data; a failed load (chinese-days missing, its JSON moved) is
 * reported like data that cannot be read.
 *
 * @throws {LinkedEnforcementError} `OUT_OF_COVERAGE` naming the module and why, with the load's
 *   error as `cause`.
 */
export function readOfficialData(load: () => unknown): OfficialData {
  let data: unknown;
  try {
    data = load();
  } catch (error) {
    return unreadable(error instanceof Error ? error.message : String(error), error);
  }
  return parseOfficialData(data);
}
