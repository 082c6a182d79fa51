import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorkCalendar, defaultCalendar, type CalendarOverride, type DayInfo, type WorkCalendar } from '../src/calendar/index.js';
import type { CalendarSource } from '../src/calendar/_lib/calendarSource.js';
import { daysFromCivil } from '../src/calendar/_lib/civil.js';
import { buildDayIndex } from '../src/calendar/_lib/dayIndex.js';
import { officialCorrections } from '../src/calendar/_lib/officialCorrections.js';
import { parseOfficialData } from '../src/calendar/_lib/officialData.js';
import { statutoryHolidays } from '../src/calendar/_lib/statutoryHolidays.js';

type HolidayJson = { holidays: Record<string, string>; workdays: Record<string, string>; inLieuDays?: Record<string, string> };

const installed = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('chinese-days/dist/chinese-days.json'), 'utf8'),
) as HolidayJson;

const MS_PER_DAY = 86_400_000;
const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
const dateOf = (day: number): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

describe('days the official notices give and chinese-days does not', () => {
  it('2005-12-31 is a make-up working day for 元旦 2006 (国办发明电〔2005〕35号)', () => {
    expect(defaultCalendar.isWorkingDay('2005-12-31')).toBe(true);
    expect(defaultCalendar.dayInfo('2005-12-31')).toEqual({
      date: '2005-12-31',
      working: true,
      kind: 'makeupWorkday',
      holiday: '元旦',
      provisional: false,
    });
    expect(defaultCalendar.workingDaysBetween('2005-12-30', '2006-01-04')).toBe(2);
    expect(defaultCalendar.addWorkingDays('2005-12-30', 1)).toBe('2005-12-31');
  });

  it('2015-09-05 closes the 3-day span of 国发明电〔2015〕1号', () => {
    for (const date of ['2015-09-03', '2015-09-04', '2015-09-05']) {
      expect(defaultCalendar.dayInfo(date), date).toMatchObject({
        working: false,
        kind: 'holiday',
        holiday: '中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日',
      });
    }
    expect(defaultCalendar.dayInfo('2015-09-06')).toMatchObject({ working: true, kind: 'makeupWorkday' });
  });

  it('each correction cites its notice and names a real day', () => {
    for (const { date, notice, says, name } of officialCorrections) {
      expect(dateOf(dayOf(date))).toBe(date);
      expect(notice).toMatch(/^国(?:办)?发明电〔\d{4}〕\d+号/);
      expect(says.length).toBeGreaterThan(0);
      expect(name.length).toBeGreaterThan(0);
    }
  });

  it('each correction is still needed, or agrees with chinese-days, never contradicts it', () => {
    for (const { date, working, name } of officialCorrections) {
      const listed = installed[working ? 'workdays' : 'holidays'][date];
      const listedOtherwise = installed[working ? 'holidays' : 'workdays'][date];
      expect(listedOtherwise, `chinese-days contradicts the correction of ${date}`).toBeUndefined();
      if (listed !== undefined) expect(listed.split(',')[1], date).toBe(name);
    }
  });

  it('is harmless once chinese-days has the same days: the index does not change', () => {
    const fixed: HolidayJson = { ...installed, holidays: { ...installed.holidays }, workdays: { ...installed.workdays } };
    for (const { date, working, name } of officialCorrections) {
      fixed[working ? 'workdays' : 'holidays'][date] = `Correction,${name},1`;
    }
    const indexOf = (data: HolidayJson) => {
      const official = parseOfficialData(data);
      const source: CalendarSource = {
        settings: { beyondCoverage: 'estimate', overrides: new Map(), overridePositions: new Map(), announcedYears: [] },
        official,
        firstYear: official.firstYear,
        lastYear: official.lastYear,
        firstDay: daysFromCivil(official.firstYear, 1, 1),
        coveredLastDay: daysFromCivil(official.lastYear, 12, 31),
        estimateLastDay: daysFromCivil(official.lastYear, 12, 31),
        announcedYears: new Set(),
      };
      return buildDayIndex(source, source.coveredLastDay);
    };
    const now = indexOf(installed);
    const later = indexOf(fixed);
    expect(later.kinds).toEqual(now.kinds);
    expect(later.names).toEqual(now.names);
  });
});

describe('a weekend inside a holiday is part of it', () => {
  it('2011-06-05, 2012-06-23 (端午 itself) and 2015-06-21 are 端午', () => {
    for (const date of ['2011-06-05', '2012-06-23', '2015-06-21']) {
      expect(defaultCalendar.dayInfo(date), date).toEqual({
        date,
        working: false,
        kind: 'holiday',
        holiday: '端午',
        provisional: false,
      });
    }
  });

  it('a weekend at the edge of a holiday stays a weekend (与周末连休)', () => {
    // 2014: 端午节：6月2日放假，与周末连休.
    expect(defaultCalendar.dayInfo('2014-05-31')).toEqual({ date: '2014-05-31', working: false, kind: 'weekend', provisional: false });
    expect(defaultCalendar.dayInfo('2014-06-01').kind).toBe('weekend');
    expect(defaultCalendar.dayInfo('2014-06-02')).toMatchObject({ kind: 'holiday', holiday: '端午' });
  });

  /**
   * The days from `first` to `last` that break the rule. Within a run of days off: a `weekend`
   * with days of one holiday on both sides; or a day that nobody declared (neither the data, nor
   * a correction, nor the estimate, nor an override) labelled with a holiday that has no days on
   * both sides of it.
   */
  function violations(calendar: WorkCalendar, first: number, last: number, declared: (date: string) => boolean): string[] {
    const infos = Array.from({ length: last - first + 1 }, (_, offset) => calendar.dayInfo(dateOf(first + offset)));
    const found: string[] = [];
    const encloses = (run: DayInfo[], index: number, name: string): boolean =>
      run.slice(0, index).some((day) => day.holiday === name && day.kind === 'holiday') &&
      run.slice(index + 1).some((day) => day.holiday === name && day.kind === 'holiday');
    for (let start = 0; start < infos.length; ) {
      let end = start;
      while (end < infos.length && !infos[end]!.working) end += 1;
      const run = infos.slice(start, end);
      run.forEach((day, index) => {
        if (day.kind === 'weekend') {
          const names = new Set(run.flatMap((other) => (other.kind === 'holiday' && other.holiday !== undefined ? [other.holiday] : [])));
          for (const name of names) if (encloses(run, index, name)) found.push(`${day.date} is a weekend inside ${name}`);
        } else if (!declared(day.date) && (day.holiday === undefined || !encloses(run, index, day.holiday))) {
          found.push(`${day.date} is ${day.holiday ?? 'a day off'} outside it`);
        }
      });
      start = end + 1;
    }
    return found;
  }

  const estimatedDays = (year: number): string[] => [...statutoryHolidays(year).keys()].map(dateOf);

  it('holds on every day of the data and the estimate, 2004–2100', () => {
    const declared = new Set([
      ...Object.keys(installed.holidays),
      ...Object.keys(installed.workdays),
      ...officialCorrections.map(({ date }) => date),
      ...Array.from({ length: 2100 - 2026 }, (_, index) => estimatedDays(2027 + index)).flat(),
    ]);
    expect(violations(defaultCalendar, dayOf('2004-01-01'), dayOf('2100-12-31'), (date) => declared.has(date))).toEqual([]);
  });

  it('holds with random named overrides, nested ones included', () => {
    const names = ['县庆', '端午', '国庆节'];
    const window = { min: dayOf('2030-03-01'), max: dayOf('2030-03-31') };
    const estimated = new Set(estimatedDays(2030));
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({ day: fc.integer(window), working: fc.boolean(), name: fc.option(fc.constantFrom(...names), { nil: undefined }) }),
          { selector: (entry) => entry.day, maxLength: 12 },
        ),
        (entries) => {
          const overrides: CalendarOverride[] = entries.map(({ day, working, name }) => ({
            date: dateOf(day),
            working,
            ...(name === undefined ? {} : { name }),
          }));
          const calendar = createWorkCalendar({ overrides });
          const overridden = new Set(overrides.map(({ date }) => date));
          const declared = (date: string): boolean => overridden.has(date) || estimated.has(date);
          expect(violations(calendar, window.min - 7, window.max + 7, declared)).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('gives a weekend inside nested holidays to the innermost', () => {
    // Fri 县庆, Sat, Sun 国庆节, Mon, Tue 县庆 (Mon a holiday with no name, so the run holds).
    const calendar = createWorkCalendar({
      overrides: [
        { date: '2030-03-01', working: false, name: '县庆' },
        { date: '2030-03-03', working: false, name: '国庆节' },
        { date: '2030-03-04', working: false },
        { date: '2030-03-05', working: false, name: '县庆' },
      ],
    });
    expect(calendar.dayInfo('2030-03-02')).toMatchObject({ kind: 'holiday', holiday: '县庆' });
    // Only weekends are given a holiday: declared days keep their own name, or none.
    expect(calendar.dayInfo('2030-03-03')).toMatchObject({ kind: 'holiday', holiday: '国庆节' });
    expect(calendar.dayInfo('2030-03-04')).toMatchObject({ kind: 'holiday' });
    expect(calendar.dayInfo('2030-03-04')).not.toHaveProperty('holiday');
    const nested = createWorkCalendar({
      overrides: [
        { date: '2030-03-01', working: false, name: '县庆' },
        { date: '2030-03-02', working: false, name: '端午' },
        { date: '2030-03-04', working: false, name: '端午' },
        { date: '2030-03-05', working: false, name: '县庆' },
      ],
    });
    expect(nested.dayInfo('2030-03-03')).toMatchObject({ kind: 'holiday', holiday: '端午' });
    expect([nested.dayInfo('2030-03-02').holiday, nested.dayInfo('2030-03-04').holiday]).toEqual(['端午', '端午']);
  });

  it('leaves a weekend a weekend when a working day separates it from the holiday’s earlier day', () => {
    // Thu 县庆, Fri working, Sat, Sun, Mon 县庆: the weekend joins the Monday (与周末连休) but is not inside the holiday.
    const calendar = createWorkCalendar({
      overrides: [
        { date: '2030-03-07', working: false, name: '县庆' },
        { date: '2030-03-11', working: false, name: '县庆' },
      ],
    });
    expect(calendar.dayInfo('2030-03-08')).toMatchObject({ working: true, kind: 'workday' });
    for (const date of ['2030-03-09', '2030-03-10']) {
      expect(calendar.dayInfo(date), date).toMatchObject({ working: false, kind: 'weekend' });
      expect(calendar.dayInfo(date), date).not.toHaveProperty('holiday');
    }
  });

  it('gives no weekend to days off without a name', () => {
    // Fri and Mon off, unnamed (a county's own closure): the weekend between them stays a weekend.
    const calendar = createWorkCalendar({
      overrides: [
        { date: '2030-03-08', working: false },
        { date: '2030-03-11', working: false },
      ],
    });
    expect(calendar.dayInfo('2030-03-08')).toMatchObject({ working: false, kind: 'holiday' });
    for (const date of ['2030-03-09', '2030-03-10']) expect(calendar.dayInfo(date), date).toMatchObject({ working: false, kind: 'weekend' });
  });

  it('holds for a holiday that runs to the last day the calendar answers for', () => {
    // A year announced by overrides alone (no data in it), answered to its 31 December and no further.
    const year = defaultCalendar.coverage.lastYear + 1;
    const days = Array.from({ length: 11 }, (_, index) => `${year}-12-${21 + index}`);
    const weekend = days.filter((date) => defaultCalendar.dayInfo(date).kind === 'weekend');
    const calendar = createWorkCalendar({
      beyondCoverage: 'throw',
      announcedYears: [year],
      overrides: days.filter((date) => !weekend.includes(date)).map((date) => ({ date, working: false, name: '县庆' })),
    });
    expect(() => calendar.dayInfo(`${year + 1}-01-01`)).toThrow(/beyondCoverage/u);
    expect(weekend.length).toBeGreaterThanOrEqual(2);
    for (const date of weekend) expect(calendar.dayInfo(date), date).toEqual({ date, working: false, kind: 'holiday', holiday: '县庆', provisional: false });
  });
});
