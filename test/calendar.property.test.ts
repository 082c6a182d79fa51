import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CPU_HEAVY } from './_lib/budgets.js';
import { createWorkCalendar, defaultCalendar, type CalendarOverride, type WorkCalendar } from '../src/calendar/index.js';
import { officialCorrections } from '../src/calendar/_lib/officialCorrections.js';
import { statutoryHolidays } from '../src/calendar/_lib/statutoryHolidays.js';

// The reference walks one day at a time over the raw chinese-days JSON with our cited corrections
// to it, the weekday rule and the statutory estimate, with Date's UTC arithmetic: none of the
// index, nor our date code.
const MS_PER_DAY = 86_400_000;
const official = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('chinese-days/dist/chinese-days.json'), 'utf8'),
) as { holidays: Record<string, string>; workdays: Record<string, string> };

const corrected = new Map(officialCorrections.map(({ date, working }) => [date, working]));

const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
const dateOf = (day: number): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
const yearOf = (day: number): number => new Date(day * MS_PER_DAY).getUTCFullYear();

const estimatedOff = new Map<number, Set<string>>();
function estimatedDayOff(date: string, year: number): boolean {
  let daysOff = estimatedOff.get(year);
  if (daysOff === undefined) {
    daysOff = new Set([...statutoryHolidays(year).keys()].map((day) => dateOf(day)));
    estimatedOff.set(year, daysOff);
  }
  return daysOff.has(date);
}

function referenceWorking(day: number, overrides: ReadonlyMap<string, boolean> = new Map()): boolean {
  const date = dateOf(day);
  const override = overrides.get(date);
  if (override !== undefined) return override;
  const year = yearOf(day);
  if (year <= 2026) {
    const correction = corrected.get(date);
    if (correction !== undefined) return correction;
    if (official.workdays[date] !== undefined) return true;
    if (official.holidays[date] !== undefined) return false;
  } else if (estimatedDayOff(date, year)) return false;
  const weekday = new Date(day * MS_PER_DAY).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

function referenceAdd(start: number, n: number, working: (day: number) => boolean): number {
  if (n === 0) {
    let day = start;
    while (!working(day)) day += 1;
    return day;
  }
  const step = Math.sign(n);
  let day = start;
  for (let remaining = Math.abs(n); remaining > 0; ) {
    day += step;
    if (working(day)) remaining -= 1;
  }
  return day;
}

function referenceBetween(from: number, to: number, working: (day: number) => boolean): number {
  let count = 0;
  for (let day = Math.min(from, to) + 1; day <= Math.max(from, to); day += 1) if (working(day)) count += 1;
  return to >= from ? count : 0 - count;
}

const anyDay = fc.integer({ min: dayOf('2004-09-01'), max: dayOf('2100-04-01') });
/** Far enough from both ends for spans of up to ten years. */
const innerDay = fc.integer({ min: dayOf('2014-01-01'), max: dayOf('2090-12-31') });
const count = fc.integer({ min: -150, max: 150 });

// Thousands of runs, each against a day-by-day reference: CPU-heavy by design.
describe('property: the index agrees with a day-by-day reference', CPU_HEAVY, () => {
  const working = (day: number): boolean => referenceWorking(day);

  it('isWorkingDay', () => {
    fc.assert(
      fc.property(anyDay, (day) => defaultCalendar.isWorkingDay(dateOf(day)) === working(day)),
      { numRuns: 2000 },
    );
  });

  it('addWorkingDays', () => {
    fc.assert(
      fc.property(anyDay, count, (day, n) => {
        expect(defaultCalendar.addWorkingDays(dateOf(day), n)).toBe(dateOf(referenceAdd(day, n, working)));
      }),
      { numRuns: 500 },
    );
  });

  it('workingDaysBetween', () => {
    fc.assert(
      fc.property(innerDay, fc.integer({ min: -3650, max: 3650 }), (from, span) => {
        expect(defaultCalendar.workingDaysBetween(dateOf(from), dateOf(from + span))).toBe(
          referenceBetween(from, from + span, working),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('deadline is provisional exactly when a counted day was estimated', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayOf('2026-06-01'), max: dayOf('2027-06-01') }), fc.integer({ min: 1, max: 60 }), (day, n) => {
        const { dueDate, provisional } = defaultCalendar.deadline(dateOf(day), n);
        expect(provisional).toBe(yearOf(dayOf(dueDate)) > 2026);
      }),
    );
  });
});

describe('property: laws', CPU_HEAVY, () => {
  const calendar: WorkCalendar = defaultCalendar;

  it('workingDaysBetween(d, addWorkingDays(d, n)) === n for n > 0', () => {
    fc.assert(
      fc.property(innerDay, fc.integer({ min: 1, max: 2400 }), (day, n) => {
        expect(calendar.workingDaysBetween(dateOf(day), calendar.addWorkingDays(dateOf(day), n))).toBe(n);
      }),
      { numRuns: 1000 },
    );
  });

  it('addWorkingDays is monotonic in n and lands on working days', () => {
    fc.assert(
      fc.property(anyDay, count, count, (day, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const lowDate = calendar.addWorkingDays(dateOf(day), low);
        const highDate = calendar.addWorkingDays(dateOf(day), high);
        expect(lowDate <= highDate).toBe(true);
        if (low < high && (high < 0 || low > 0 || calendar.isWorkingDay(dateOf(day)))) expect(lowDate < highDate).toBe(true);
        expect(calendar.isWorkingDay(lowDate)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('workingDaysBetween is antisymmetric and additive', () => {
    fc.assert(
      fc.property(anyDay, anyDay, anyDay, (a, b, c) => {
        const [x, y, z] = [dateOf(a), dateOf(b), dateOf(c)];
        expect(calendar.workingDaysBetween(y, x) + calendar.workingDaysBetween(x, y)).toBe(0);
        expect(calendar.workingDaysBetween(x, y) + calendar.workingDaysBetween(y, z)).toBe(calendar.workingDaysBetween(x, z));
      }),
      { numRuns: 1000 },
    );
  });

  it('nextWorkingDay and previousWorkingDay are addWorkingDays ±1 and undo each other on working days', () => {
    fc.assert(
      fc.property(anyDay, (day) => {
        const date = dateOf(day);
        expect(calendar.nextWorkingDay(date)).toBe(calendar.addWorkingDays(date, 1));
        expect(calendar.previousWorkingDay(date)).toBe(calendar.addWorkingDays(date, -1));
        if (calendar.isWorkingDay(date)) expect(calendar.previousWorkingDay(calendar.nextWorkingDay(date))).toBe(date);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('property: overrides', CPU_HEAVY, () => {
  const override = fc.record({
    day: fc.integer({ min: dayOf('2006-01-01'), max: dayOf('2098-12-31') }),
    working: fc.boolean(),
  });

  it('a calendar with random overrides agrees with the reference that applies them', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(override, { selector: (entry) => entry.day, minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 39 }),
        count,
        (entries, pick, n) => {
          const overrides: CalendarOverride[] = entries.map(({ day, working }) => ({ date: dateOf(day), working }));
          const declared = new Map(overrides.map(({ date, working }) => [date, working]));
          const calendar = createWorkCalendar({ overrides });
          const working = (day: number): boolean => referenceWorking(day, declared);
          const start = (entries[pick % entries.length]?.day ?? 0) + (n % 7);
          expect(calendar.addWorkingDays(dateOf(start), n)).toBe(dateOf(referenceAdd(start, n, working)));
          expect(calendar.workingDaysBetween(dateOf(start - 400), dateOf(start + 400))).toBe(
            referenceBetween(start - 400, start + 400, working),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
