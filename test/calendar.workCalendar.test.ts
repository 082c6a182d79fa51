import { describe, expect, it } from 'vitest';
import { codeOf, errorOf, thrown } from './_lib/errors.js';
import { isLinkedEnforcementError, type ErrorCode } from '../src/errors.js';
import { createWorkCalendar, defaultCalendar } from '../src/calendar/index.js';
import * as browserData from '../src/calendar/_lib/chineseDays.browser.js';
import * as nodeData from '../src/calendar/_lib/chineseDays.js';
import { parseOfficialData, readOfficialData } from '../src/calendar/_lib/officialData.js';


function expectCode(run: () => unknown, code: ErrorCode, context: Record<string, unknown> = {}): void {
  const error = errorOf(run);
  expect(isLinkedEnforcementError(error, code), String(error)).toBe(true);
  expect(error).toMatchObject({ code, context });
}

describe('official arrangements (调休 included)', () => {
  const calendar = defaultCalendar;

  it('knows the 2025 Spring Festival arrangement', () => {
    expect(calendar.isWorkingDay('2025-01-26')).toBe(true); // Sunday, 调休上班
    expect(calendar.isWorkingDay('2025-02-08')).toBe(true); // Saturday, 调休上班
    for (const date of ['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-03', '2025-02-04']) {
      expect(calendar.isWorkingDay(date), date).toBe(false);
    }
    expect(calendar.dayInfo('2025-01-26')).toEqual({
      date: '2025-01-26',
      working: true,
      kind: 'makeupWorkday',
      holiday: '春节',
      provisional: false,
    });
    expect(calendar.dayInfo('2025-01-29')).toEqual({
      date: '2025-01-29',
      working: false,
      kind: 'holiday',
      holiday: '春节',
      provisional: false,
    });
  });

  it('knows the 2026 National Day arrangement', () => {
    expect(calendar.dayInfo('2026-10-10')).toMatchObject({ working: true, kind: 'makeupWorkday', holiday: '国庆节' });
    expect(calendar.isWorkingDay('2026-10-07')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-08')).toBe(true);
    expect(calendar.addWorkingDays('2026-09-30', 5)).toBe('2026-10-13');
  });

  it('tells ordinary weekdays and weekends apart', () => {
    expect(calendar.dayInfo('2026-03-10')).toEqual({ date: '2026-03-10', working: true, kind: 'workday', provisional: false });
    expect(calendar.dayInfo('2026-03-14')).toEqual({ date: '2026-03-14', working: false, kind: 'weekend', provisional: false });
  });

  it('keeps one-off days from the data', () => {
    expect(calendar.dayInfo('2015-09-03')).toMatchObject({
      working: false,
      kind: 'holiday',
      holiday: '中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日',
    });
  });

  it('reports its coverage', () => {
    expect(calendar.coverage).toEqual({ firstYear: 2004, lastYear: 2026 });
  });
});

describe('arithmetic', () => {
  const calendar = defaultCalendar;

  it('addWorkingDays: start day not counted, n = 0 is the day itself or the next working day', () => {
    expect(calendar.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(calendar.addWorkingDays('2026-10-08', -1)).toBe('2026-09-30');
    expect(calendar.addWorkingDays('2026-10-13', -5)).toBe('2026-09-30');
    expect(calendar.addWorkingDays('2026-09-30', 0)).toBe('2026-09-30');
    expect(calendar.addWorkingDays('2026-10-01', 0)).toBe('2026-10-08');
    expect(calendar.addWorkingDays('2026-10-03', 250)).toBe(calendar.addWorkingDays(calendar.addWorkingDays('2026-10-03', 125), 125));
  });

  it('workingDaysBetween counts from < d ≤ to, negative backwards', () => {
    expect(calendar.workingDaysBetween('2026-09-30', '2026-10-13')).toBe(5);
    expect(calendar.workingDaysBetween('2026-10-13', '2026-09-30')).toBe(-5);
    expect(calendar.workingDaysBetween('2026-10-01', '2026-10-08')).toBe(1);
    expect(calendar.workingDaysBetween('2026-10-08', '2026-10-08')).toBe(0);
  });

  it('workingDaysBetween names the earlier date when both are beyond what it answers for', () => {
    const argumentOf = (from: string, to: string) => (errorOf(() => calendar.workingDaysBetween(from, to)) as { context: { argument: string } }).context.argument;
    expect(argumentOf('2003-06-01', '2101-06-01')).toBe('from');
    expect(argumentOf('2101-06-01', '2003-06-01')).toBe('to');
    expect(argumentOf('2003-06-01', '2003-06-01')).toBe('from');
    expect(calendar.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(248);
  });

  it('nextWorkingDay and previousWorkingDay skip holidays and take make-up days', () => {
    expect(calendar.nextWorkingDay('2026-09-30')).toBe('2026-10-08');
    expect(calendar.nextWorkingDay('2026-10-09')).toBe('2026-10-10');
    expect(calendar.previousWorkingDay('2026-10-08')).toBe('2026-09-30');
    expect(calendar.previousWorkingDay('2025-01-27')).toBe('2025-01-26');
  });

  it('accepts instants and Dates by their Beijing date', () => {
    expect(calendar.isWorkingDay('2026-09-30T16:30:00Z')).toBe(false); // 10-01 00:30 in Beijing
    expect(calendar.isWorkingDay(new Date('2026-09-30T15:59:59Z'))).toBe(true);
    expect(calendar.addWorkingDays(new Date('2026-09-29T17:00:00Z'), 5)).toBe('2026-10-13');
  });
});

describe('deadline', () => {
  it('is the n-th working day after the Beijing date of the start, due at its end in Beijing time', () => {
    expect(defaultCalendar.deadline('2026-09-29T17:00:00Z', 5)).toEqual({
      dueDate: '2026-10-13',
      dueAt: '2026-10-13T23:59:59.999+08:00',
      provisional: false,
    });
    expect(defaultCalendar.deadline('2026-09-30', 5).dueDate).toBe('2026-10-13');
    expect(defaultCalendar.deadline(new Date('2026-09-30T15:00:00Z'), 1).dueDate).toBe('2026-10-08');
  });

  it('dueAt is the last instant that is on time', () => {
    const { dueAt } = defaultCalendar.deadline('2026-09-30', 5);
    expect(new Date(dueAt).toISOString()).toBe('2026-10-13T15:59:59.999Z');
    expect(defaultCalendar.isWorkingDay(dueAt)).toBe(true);
    expect(defaultCalendar.deadline(dueAt, 0).dueDate).toBe('2026-10-13');
  });

  it('can be destructured from its calendar', () => {
    const { deadline } = defaultCalendar;
    expect(deadline('2026-09-30', 5).dueDate).toBe('2026-10-13');
    expect(Object.isFrozen(defaultCalendar)).toBe(true);
  });
});

describe('overrides', () => {
  it('take precedence over the data', () => {
    const calendar = createWorkCalendar({
      overrides: [
        { date: '2026-06-01', working: false, name: '县庆' },
        { date: '2026-10-10', working: false },
        { date: '2026-10-08', working: true, name: '国庆节' },
      ],
    });
    expect(calendar.dayInfo('2026-06-01')).toEqual({
      date: '2026-06-01',
      working: false,
      kind: 'holiday',
      holiday: '县庆',
      provisional: false,
    });
    expect(calendar.isWorkingDay('2026-10-10')).toBe(false);
    expect(calendar.addWorkingDays('2026-05-29', 1)).toBe('2026-06-02');
    expect(defaultCalendar.addWorkingDays('2026-05-29', 1)).toBe('2026-06-01');
  });

  it('make a Saturday a make-up working day', () => {
    const calendar = createWorkCalendar({ overrides: [{ date: '2026-03-14', working: true, name: '防汛' }] });
    expect(calendar.dayInfo('2026-03-14')).toMatchObject({ working: true, kind: 'makeupWorkday', holiday: '防汛' });
  });

  it('add a year before chinese-days has it, with announcedYears', () => {
    const calendar = createWorkCalendar({
      beyondCoverage: 'throw',
      announcedYears: [2027],
      overrides: [
        { date: '2027-01-01', working: false, name: '元旦' },
        { date: '2027-01-02', working: false, name: '元旦' },
        { date: '2027-01-03', working: false, name: '元旦' },
      ],
    });
    expect(calendar.coverage).toEqual({ firstYear: 2004, lastYear: 2027 });
    expect(calendar.deadline('2026-12-25', 5)).toEqual({
      dueDate: '2027-01-04',
      dueAt: '2027-01-04T23:59:59.999+08:00',
      provisional: false,
    });
    // Announced years take the weekday rule plus the overrides, no estimate.
    expect(calendar.dayInfo('2027-02-08')).toEqual({ date: '2027-02-08', working: true, kind: 'workday', provisional: false });
    expectCode(() => calendar.isWorkingDay('2028-01-03'), 'OUT_OF_COVERAGE', { lastYear: 2027 });
  });

  it('are not provisional in an estimated year, but the days around them are', () => {
    const calendar = createWorkCalendar({ overrides: [{ date: '2027-01-04', working: false, name: '县庆' }] });
    expect(calendar.dayInfo('2027-01-04').provisional).toBe(false);
    expect(calendar.dayInfo('2027-01-05').provisional).toBe(true);
    expect(calendar.deadline('2026-12-25', 5)).toMatchObject({ dueDate: '2027-01-05', provisional: true });
  });
});

describe('reading the chinese-days data', () => {
  it('takes the Chinese name, tolerating a missing day count', () => {
    const data = parseOfficialData({
      holidays: { '2030-02-03': 'Spring Festival,春节,4', '2030-02-04': 'Spring Festival,春节', '2030-10-01': '国庆节' },
      workdays: { '2030-02-09': 'Spring Festival,春节,4' },
    });
    expect([...data.days.values()].map(({ name }) => name)).toEqual(['春节', '春节', '国庆节', '春节']);
    expect(data.days.get(Date.UTC(2030, 1, 9) / 86_400_000)).toEqual({ working: true, name: '春节' });
  });

  it('counts only the unbroken run of years that list 春节, up to the newest', () => {
    const data = parseOfficialData({
      holidays: { '2020-01-25': 'x,春节,7', '2022-02-01': 'x,春节,7', '2023-01-22': 'x,春节,7', '2023-10-01': 'x,国庆节,3' },
      workdays: {},
    });
    expect([data.firstYear, data.lastYear]).toEqual([2022, 2023]);
    // Another holiday in the missing year does not fill the gap: only 春节 marks a year's notice.
    const gap = parseOfficialData({
      holidays: { '2020-01-25': 'x,春节,7', '2021-10-01': 'x,国庆节,7', '2022-02-01': 'x,春节,7' },
      workdays: {},
    });
    expect([gap.firstYear, gap.lastYear]).toEqual([2022, 2022]);
  });

  it('reads the Chinese name whatever the spacing, the count or its absence', () => {
    const names = (values: readonly string[]) => {
      const holidays = Object.fromEntries(values.map((value, index) => [`2030-03-${String(index + 1).padStart(2, '0')}`, value]));
      const data = parseOfficialData({ holidays: { ...holidays, '2030-02-03': 'x,春节,4' }, workdays: {} });
      return values.map((_, index) => data.days.get(Date.UTC(2030, 2, index + 1) / 86_400_000)?.name);
    };
    expect(names(['National Day, 国庆节 , 3 ', 'Day,节,12', 'Day,节,a3', 'Day,节,3a', '节日,', ',,3', '中秋节'])).toEqual(['国庆节', '节', 'a3', '3a', '节日,', ',,3', '中秋节']);
  });

  it('refuses data it cannot read, saying where and why', () => {
    const refusal = (data: unknown) => {
      const error = errorOf(() => parseOfficialData(data)) as { code: string; message: string; context: unknown };
      expect(error.code).toBe('OUT_OF_COVERAGE');
      expect(error.context).toEqual({ source: 'chinese-days/dist/chinese-days.json' });
      return error.message.replace('The holiday data of chinese-days could not be read from chinese-days/dist/chinese-days.json: ', '');
    };
    expect(refusal(null)).toBe('not an object');
    expect(refusal('data')).toBe('not an object');
    expect(refusal({ workdays: {} })).toBe('no "holidays" object');
    expect(refusal({ holidays: null, workdays: {} })).toBe('no "holidays" object');
    expect(refusal({ holidays: { '2030-02-03': 'x,春节,4' } })).toBe('no "workdays" object');
    expect(refusal({ holidays: { '2030-02-03': 4 }, workdays: {} })).toBe('bad entry "holidays.2030-02-03"');
    expect(refusal({ holidays: { '2030-02-30': 'x,春节,4' }, workdays: {} })).toBe('bad entry "holidays.2030-02-30"');
    expect(refusal({ holidays: { '2030-10-01': 'x,国庆节,3' }, workdays: {} })).toBe('no year lists 春节');
  });

  it('reports a failed load of the data (chinese-days missing or moved) as OUT_OF_COVERAGE, with the load’s error as cause', () => {
    const missing = new Error("Cannot find module 'chinese-days/dist/chinese-days.json'");
    const error = thrown(() => readOfficialData(() => {
      throw missing;
    }));
    expect(error.code).toBe('OUT_OF_COVERAGE');
    expect(error.message).toBe(
      "The holiday data of chinese-days could not be read from chinese-days/dist/chinese-days.json: Cannot find module 'chinese-days/dist/chinese-days.json'",
    );
    expect(error.context).toEqual({ source: 'chinese-days/dist/chinese-days.json' });
    expect(error.cause).toBe(missing);
    // Something thrown that is not an Error is reported by its text.
    expect(thrown(() => readOfficialData(() => {
      throw 'no such file';
    })).message).toMatch(/: no such file$/u);
    // A load that works is parsed as the data it gives.
    expect(readOfficialData(() => ({ holidays: { '2030-02-03': 'x,春节,4' }, workdays: {} })).lastYear).toBe(2030);
  });

  it('reads the same data and lunar tables in the browser build (chineseDays.browser.ts) as in Node', () => {
    expect(browserData.HOLIDAY_DATA_MODULE).toBe(nodeData.HOLIDAY_DATA_MODULE);
    expect(browserData.loadHolidayData()).toEqual(nodeData.loadHolidayData());
    const lunar = (tables: unknown) => {
      const { monthDays, getYearLeapMonth } = tables as {
        monthDays: (year: number, month: number) => number;
        getYearLeapMonth: (year: number) => { leapMonth?: number; days: number };
      };
      const { leapMonth, days } = getYearLeapMonth(2028);
      return [monthDays(2027, 1), monthDays(2027, 8), leapMonth, days];
    };
    expect(lunar(browserData.loadChineseDays())).toEqual(lunar(nodeData.loadChineseDays()));
    // 2028 has a leap fifth month (闰五月) of 29 days.
    expect(lunar(browserData.loadChineseDays())).toEqual([30, 29, 5, 29]);
  });
});

describe('errors', () => {
  const calendar = defaultCalendar;

  it('INVALID_DATE names the argument', () => {
    expectCode(() => calendar.isWorkingDay('2026-02-30'), 'INVALID_DATE', { argument: 'date', value: '2026-02-30' });
    expectCode(() => calendar.dayInfo('2026-13-01'), 'INVALID_DATE', { argument: 'date' });
    expectCode(() => calendar.addWorkingDays('26-1-1', 1), 'INVALID_DATE', { argument: 'date' });
    expectCode(() => calendar.workingDaysBetween('2026-01-01', new Date(Number.NaN)), 'INVALID_DATE', { argument: 'to' });
    expectCode(() => calendar.workingDaysBetween('2026-1-1', '2026-01-01'), 'INVALID_DATE', { argument: 'from' });
    expectCode(() => calendar.deadline('2026-09-30T12:00:00', 5), 'INVALID_DATE', { argument: 'start' });
    expectCode(() => calendar.nextWorkingDay(20260930 as never), 'INVALID_DATE', { argument: 'date' });
    expectCode(() => calendar.previousWorkingDay('' as never), 'INVALID_DATE', { argument: 'date' });
  });

  it('INVALID_INPUT for counts that are not integers', () => {
    expectCode(() => calendar.addWorkingDays('2026-09-30', 1.5), 'INVALID_INPUT', { argument: 'n' });
    expectCode(() => calendar.addWorkingDays('2026-09-30', Number.NaN), 'INVALID_INPUT', { argument: 'n' });
    expectCode(() => calendar.addWorkingDays('2026-09-30', '5' as never), 'INVALID_INPUT', { argument: 'n' });
    expectCode(() => calendar.deadline('2026-09-30', -1), 'INVALID_INPUT', { argument: 'workingDays' });
    expectCode(() => calendar.deadline('2026-09-30', Infinity), 'INVALID_INPUT', { argument: 'workingDays' });
  });

  it('INVALID_INPUT for bad options lists every problem', () => {
    const error = errorOf(() =>
      createWorkCalendar({
        beyondCoverage: 'guess',
        overrides: [
          { date: '2026-02-30', working: 'yes' },
          { date: '2026-06-01', working: true, name: '' },
          { date: '2026-06-01', working: false },
        ],
        announcedYears: [2027.5],
        extra: true,
      } as never),
    );
    expect(isLinkedEnforcementError(error, 'INVALID_INPUT')).toBe(true);
    expect((error as { issues: { code: string; path: PropertyKey[] }[] }).issues.map(({ code, path }) => [code, path])).toEqual([
      ['unrecognized_keys', ['options']],
      ['invalid_value', ['options', 'beyondCoverage']],
      ['invalid_format', ['options', 'overrides', 0, 'date']],
      ['invalid_type', ['options', 'overrides', 0, 'working']],
      ['invalid_type', ['options', 'overrides', 1, 'name']],
      ['duplicate_date', ['options', 'overrides', 2, 'date']],
      ['invalid_value', ['options', 'announcedYears', 0]],
    ]);
    expectCode(() => createWorkCalendar('estimate' as never), 'INVALID_INPUT', { argument: 'options' });
  });

  it('INVALID_INPUT says what each bad option should be, in the issues and in the message', () => {
    const issuesOf = (options: unknown) => {
      const error = errorOf(() => createWorkCalendar(options as never)) as { code: string; message: string; issues: { code: string; path: PropertyKey[]; message: string }[] };
      expect(error.code).toBe('INVALID_INPUT');
      return { message: error.message, issues: error.issues.map(({ code, path, message }) => [code, path.join('.'), message]) };
    };
    expect(
      issuesOf({
        beyondCoverage: 'guess',
        overrides: [
          { date: '2026-02-30', working: 'yes', note: 'x' },
          { date: '2026-06-01', working: true, name: ' ' },
          { date: '2026-06-01', working: false },
          { date: '2026-06-02', working: false, name: '假'.repeat(101) },
          'not an override',
        ],
        announcedYears: [2027.5, 1899, 2101, 2030, 2030],
        extra: true,
      }),
    ).toEqual({
      message:
        "Invalid options: unrecognized keys: extra; beyondCoverage: expected 'estimate' or 'throw'; overrides.0: unrecognized keys: note; " +
        "overrides.0.date: expected a real date 'YYYY-MM-DD'; overrides.0.working: expected a boolean; " +
        'overrides.1.name: expected a non-empty string of at most 100 characters, well-formed and without control characters; overrides.2.date: 2026-06-01 is already overridden at overrides.1; ' +
        'overrides.3.name: expected a non-empty string of at most 100 characters, well-formed and without control characters; overrides.4: expected { date, working, name? }; ' +
        'announcedYears.0: expected a year from 1900 to 2100; announcedYears.1: expected a year from 1900 to 2100; ' +
        'announcedYears.2: expected a year from 1900 to 2100; announcedYears.4: 2030 is listed twice',
      issues: [
        ['unrecognized_keys', 'options', 'unrecognized keys: extra'],
        ['invalid_value', 'options.beyondCoverage', "expected 'estimate' or 'throw'"],
        ['unrecognized_keys', 'options.overrides.0', 'unrecognized keys: note'],
        ['invalid_format', 'options.overrides.0.date', "expected a real date 'YYYY-MM-DD'"],
        ['invalid_type', 'options.overrides.0.working', 'expected a boolean'],
        ['invalid_type', 'options.overrides.1.name', 'expected a non-empty string of at most 100 characters, well-formed and without control characters'],
        ['duplicate_date', 'options.overrides.2.date', '2026-06-01 is already overridden at overrides.1'],
        ['invalid_type', 'options.overrides.3.name', 'expected a non-empty string of at most 100 characters, well-formed and without control characters'],
        ['invalid_type', 'options.overrides.4', 'expected { date, working, name? }'],
        ['invalid_value', 'options.announcedYears.0', 'expected a year from 1900 to 2100'],
        ['invalid_value', 'options.announcedYears.1', 'expected a year from 1900 to 2100'],
        ['invalid_value', 'options.announcedYears.2', 'expected a year from 1900 to 2100'],
        ['duplicate_year', 'options.announcedYears.4', '2030 is listed twice'],
      ],
    });
    expect(issuesOf([])).toEqual({ message: 'Invalid options: expected a plain object, got array', issues: [['invalid_type', 'options', 'expected a plain object, got array']] });
    expect(issuesOf({ overrides: {}, announcedYears: 2027 })).toEqual({
      message: 'Invalid options: overrides: expected an array; announcedYears: expected an array of years',
      issues: [
        ['invalid_type', 'options.overrides', 'expected an array'],
        ['invalid_type', 'options.announcedYears', 'expected an array of years'],
      ],
    });
  });

  it('accepts a name of 100 characters, trimmed, and years 1900 and 2100 at the edges of the lunar tables', () => {
    const calendar = createWorkCalendar({
      overrides: [
        { date: '2026-06-01', working: false, name: '县'.repeat(100) },
        { date: '2026-06-02', working: false, name: ` ${'县'.repeat(98)} ` },
      ],
    });
    expect(calendar.dayInfo('2026-06-01')).toMatchObject({ working: false, holiday: '县'.repeat(100) });
    expect(calendar.dayInfo('2026-06-02')).toMatchObject({ working: false, holiday: '县'.repeat(98) });
    // The limit applies to the name as given, spaces included.
    expect(codeOf(() => createWorkCalendar({ overrides: [{ date: '2026-06-01', working: false, name: ` ${'县'.repeat(100)}` }] }))).toBe('INVALID_INPUT');
    // Both are refused later, against the data (no gap after it may be left), never as malformed years.
    for (const year of [1900, 2100]) {
      const error = errorOf(() => createWorkCalendar({ announcedYears: [year] })) as { code: string; issues: { message: string }[] };
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.issues.map((issue) => issue.message).join(), String(year)).not.toContain('expected a year');
    }
  });

  it('INVALID_INPUT for options the data rules out', () => {
    expectCode(() => createWorkCalendar({ overrides: [{ date: '2003-10-01', working: false }] }), 'INVALID_INPUT');
    expectCode(() => createWorkCalendar({ overrides: [{ date: '2101-01-03', working: true }] }), 'INVALID_INPUT');
    expectCode(
      () => createWorkCalendar({ beyondCoverage: 'throw', overrides: [{ date: '2027-01-04', working: false }] }),
      'INVALID_INPUT',
    );
    // A gap after the data, and an announced year without its days.
    expectCode(() => createWorkCalendar({ announcedYears: [2028], overrides: [{ date: '2028-01-03', working: false }] }), 'INVALID_INPUT');
    expectCode(() => createWorkCalendar({ announcedYears: [2027] }), 'INVALID_INPUT');
    // A year the data already has is accepted, so upgrading chinese-days never breaks a caller.
    expect(createWorkCalendar({ announcedYears: [2026] }).coverage).toEqual({ firstYear: 2004, lastYear: 2026 });
  });

  it('OUT_OF_COVERAGE before the data, even when estimating', () => {
    expectCode(() => calendar.isWorkingDay('2003-12-31'), 'OUT_OF_COVERAGE', { argument: 'date', firstYear: 2004 });
    expectCode(() => calendar.addWorkingDays('2004-01-05', -5), 'OUT_OF_COVERAGE', { workingDays: -5 });
    expectCode(() => calendar.workingDaysBetween('2003-06-01', '2004-06-01'), 'OUT_OF_COVERAGE', { argument: 'from' });
    expectCode(() => calendar.workingDaysBetween('2004-06-01', '2003-06-01'), 'OUT_OF_COVERAGE', { argument: 'to' });
  });

  it('OUT_OF_COVERAGE after what the estimate reaches', () => {
    expectCode(() => calendar.isWorkingDay('2101-01-03'), 'OUT_OF_COVERAGE', { estimateLastYear: 2100 });
    expectCode(() => calendar.addWorkingDays('2100-12-20', 30), 'OUT_OF_COVERAGE', { argument: 'date' });
    expectCode(() => calendar.deadline('2100-12-30', 5), 'OUT_OF_COVERAGE', { argument: 'start' });
  });

  it("OUT_OF_COVERAGE beyond the data with beyondCoverage: 'throw'", () => {
    const strict = createWorkCalendar({ beyondCoverage: 'throw' });
    // The shared index may already reach far beyond 2026: it must not leak into a strict calendar.
    defaultCalendar.isWorkingDay('2090-01-02');
    expectCode(() => strict.isWorkingDay('2027-01-01'), 'OUT_OF_COVERAGE', { beyondCoverage: 'throw', lastYear: 2026 });
    expectCode(() => strict.addWorkingDays('2026-12-25', 5), 'OUT_OF_COVERAGE', { workingDays: 5 });
    expectCode(() => strict.deadline('2026-12-28T10:00:00+08:00', 5), 'OUT_OF_COVERAGE', { argument: 'start' });
    expectCode(() => strict.workingDaysBetween('2026-12-01', '2027-01-10'), 'OUT_OF_COVERAGE', { argument: 'to' });
    expect(strict.addWorkingDays('2026-12-25', 4)).toBe('2026-12-31');
  });

  it('OUT_OF_COVERAGE when the installed data cannot be read', () => {
    expectCode(() => parseOfficialData(null), 'OUT_OF_COVERAGE');
    expectCode(() => parseOfficialData({ holidays: {}, workdays: {} }), 'OUT_OF_COVERAGE');
    expectCode(() => parseOfficialData({ holidays: { '2026-02-30': 'x,春节,1' }, workdays: {} }), 'OUT_OF_COVERAGE');
  });
});

describe('options the holiday data rules out, with their messages', () => {
  const issuesOf = (options: Parameters<typeof createWorkCalendar>[0]) => {
    const error = errorOf(() => createWorkCalendar(options)) as { code: string; message: string; issues: { code: string; path: PropertyKey[]; message: string }[] };
    expect(error.code).toBe('INVALID_INPUT');
    return error.issues.map(({ code, path, message }) => [code, path.join('.'), message]);
  };

  it('an override before the data or after what the calendar answers for names its position and the years', () => {
    expect(issuesOf({ overrides: [{ date: '2026-06-01', working: false }, { date: '2003-10-01', working: false }] })).toEqual([
      ['out_of_range', 'options.overrides.1.date', '2003 is outside the years this calendar answers for (2004–2100)'],
    ]);
    expect(issuesOf({ overrides: [{ date: '2101-01-03', working: true }] })).toEqual([
      ['out_of_range', 'options.overrides.0.date', '2101 is outside the years this calendar answers for (2004–2100)'],
    ]);
    expect(issuesOf({ beyondCoverage: 'throw', overrides: [{ date: '2027-01-04', working: false }] })).toEqual([
      ['out_of_range', 'options.overrides.0.date', '2027 is outside the years this calendar answers for (2004–2026); add it to announcedYears or use beyondCoverage: "estimate"'],
    ]);
  });

  it('accepts overrides in the first and the last year it answers for', () => {
    expect(createWorkCalendar({ overrides: [{ date: '2004-06-01', working: false }] }).isWorkingDay('2004-06-01')).toBe(false);
    expect(createWorkCalendar({ overrides: [{ date: '2100-06-01', working: false }] }).isWorkingDay('2100-06-01')).toBe(false);
    expect(createWorkCalendar({ beyondCoverage: 'throw', overrides: [{ date: '2026-12-31', working: false }] }).isWorkingDay('2026-12-31')).toBe(false);
  });

  it('an announced year must follow the data without a gap and come with its days', () => {
    expect(issuesOf({ announcedYears: [2028], overrides: [{ date: '2028-01-03', working: false }] })).toEqual([
      ['coverage_gap', 'options.announcedYears', '2027 is neither in the holiday data (2004–2026) nor announced'],
    ]);
    expect(issuesOf({ announcedYears: [2026, 2027] })).toEqual([
      ['missing_days', 'options.announcedYears.1', '2027 is announced but no override gives its days'],
    ]);
    // The path names the entry where the caller wrote the year, in any order.
    expect(issuesOf({ announcedYears: [2028, 2027], overrides: [{ date: '2027-01-01', working: false }] })).toEqual([
      ['missing_days', 'options.announcedYears.0', '2028 is announced but no override gives its days'],
    ]);
    const announced = createWorkCalendar({ beyondCoverage: 'throw', announcedYears: [2027], overrides: [{ date: '2027-01-01', working: false, name: '元旦' }] });
    expect(announced.coverage).toEqual({ firstYear: 2004, lastYear: 2027 });
    expect(announced.dayInfo('2027-01-01')).toMatchObject({ working: false, holiday: '元旦', provisional: false });
  });
});

describe('edges of what a calendar answers for', () => {
  const issuesOfYears = (announcedYears: number[]) =>
    (errorOf(() => createWorkCalendar({ announcedYears })) as { issues: { code: string; path: PropertyKey[]; message: string }[] }).issues.map(({ code, path, message }) => [code, path.join('.'), message]);

  it('answers on the first day of the data, the last covered day and the last estimated day', () => {
    expect(defaultCalendar.dayInfo('2027-12-31').provisional).toBe(true);
    expect(defaultCalendar.deadline('2100-12-24', 5)).toMatchObject({ dueDate: '2100-12-31', provisional: true });
    expect(errorOf(() => defaultCalendar.addWorkingDays('2100-12-31', 1))).toHaveProperty('code', 'OUT_OF_COVERAGE');
    expect(issuesOfYears([2003])).toEqual([['missing_days', 'options.announcedYears.0', '2003 is announced but no override gives its days']]);
    expect(defaultCalendar.isWorkingDay('2004-01-01')).toBe(false);
    expect(createWorkCalendar({ beyondCoverage: 'throw' }).isWorkingDay('2026-12-31')).toBe(true);
    expect(defaultCalendar.dayInfo('2100-12-31')).toMatchObject({ date: '2100-12-31', working: true, provisional: true });
    expect(defaultCalendar.workingDaysBetween('2100-12-24', '2100-12-31')).toBe(5);
    expect(defaultCalendar.workingDaysBetween('2100-12-31', '2100-12-24')).toBe(-5);
    expect(defaultCalendar.workingDaysBetween('2026-10-08', '2026-10-08')).toBe(0);
  });

  // The default calendar's index is shared and built once per process, by whichever query
  // comes first; a calendar with overrides builds its own, here, on its first query.
  it('a calendar with overrides answers at the edges of its own index as the default one does', () => {
    const countyCalendar = () => createWorkCalendar({ overrides: [{ date: '2026-06-01', working: false, name: '县庆' }] });
    // First queried in the covered years: its index ends on 2026-12-31 until a query goes past it.
    const covered = countyCalendar();
    expect(covered.workingDaysBetween('2026-12-24', '2026-12-31')).toBe(5);
    expect(covered.deadline('2026-12-24', 5)).toMatchObject({ dueDate: '2026-12-31', provisional: false });
    expect(covered.nextWorkingDay('2026-12-31')).toBe('2027-01-04');
    // First queried in the last estimated year: its index runs to 2100-12-31.
    const estimated = countyCalendar();
    expect(estimated.workingDaysBetween('2100-12-24', '2100-12-31')).toBe(5);
    expect(estimated.deadline('2100-12-24', 5)).toMatchObject({ dueDate: '2100-12-31', provisional: true });
    expect(errorOf(() => estimated.addWorkingDays('2100-12-31', 1))).toHaveProperty('code', 'OUT_OF_COVERAGE');
    for (const date of ['2027-12-31', '2063-12-31', '2100-12-31']) {
      expect(estimated.dayInfo(date), date).toMatchObject({ working: true, provisional: true });
    }
  });

  it('says in the message which edge was crossed, and how far counting went', () => {
    const messageOf = (run: () => unknown) => (errorOf(run) as Error).message;
    expect(messageOf(() => defaultCalendar.isWorkingDay('2003-12-31'))).toBe('Invalid date 2003-12-31: it is before 2004, the first year of the holiday data');
    expect(messageOf(() => defaultCalendar.addWorkingDays('2004-01-05', -5))).toBe(
      'Invalid date 2004-01-05: counting -5 working days from it goes before 2004, the first year of the holiday data',
    );
    expect(messageOf(() => defaultCalendar.isWorkingDay('2101-01-03'))).toBe('Invalid date 2101-01-03: it is past 2100, the last year the statutory estimate reaches');
    expect(messageOf(() => createWorkCalendar({ beyondCoverage: 'throw' }).isWorkingDay('2027-01-01'))).toBe(
      "Invalid date 2027-01-01: it is past 2026, the last year with an official holiday arrangement (beyondCoverage: 'throw')",
    );
    expect(messageOf(() => defaultCalendar.deadline('2100-12-30', 5))).toBe(
      'Invalid start 2100-12-30: counting 5 working days from it goes past 2100, the last year the statutory estimate reaches',
    );
    expect(errorOf(() => defaultCalendar.isWorkingDay('2003-12-31'))).not.toHaveProperty('context.workingDays');
    expect(errorOf(() => defaultCalendar.dayInfo('2003-12-31'))).toHaveProperty('context.argument', 'date');
    expect(errorOf(() => defaultCalendar.workingDaysBetween('2026-01-01', '2101-06-01'))).toHaveProperty('context.argument', 'to');
    expect(errorOf(() => defaultCalendar.workingDaysBetween('2101-06-01', '2026-01-01'))).toHaveProperty('context.argument', 'from');
  });

  it('names the count that was wrong and what it must be', () => {
    expect(errorOf(() => defaultCalendar.addWorkingDays('2026-09-30', 1.5))).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Invalid n: expected an integer',
      context: { argument: 'n', value: 1.5 },
    });
    expect(errorOf(() => defaultCalendar.deadline('2026-09-30', -1))).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Invalid workingDays: expected an integer ≥ 0',
      context: { argument: 'workingDays', value: -1 },
    });
    expect(defaultCalendar.deadline('2026-09-30', 0).dueDate).toBe('2026-09-30');
  });
});

describe('provisional answers at the edge of the official data', () => {
  it('marks a deadline provisional exactly when a day it counted was estimated', () => {
    // 2026-12-31 is the last official day; 2027-01-01 (元旦) is estimated.
    expect(defaultCalendar.deadline('2026-12-24', 5)).toMatchObject({ dueDate: '2026-12-31', provisional: false });
    expect(defaultCalendar.deadline('2026-12-24', 6)).toMatchObject({ dueDate: '2027-01-04', provisional: true });
    expect(defaultCalendar.deadline('2026-12-31', 0)).toMatchObject({ dueDate: '2026-12-31', provisional: false });
    expect(defaultCalendar.deadline('2027-01-01', 0)).toMatchObject({ dueDate: '2027-01-04', provisional: true });
  });

  it('marks every day of an estimated year provisional, 31 December included, to the last year estimated', () => {
    for (const date of ['2027-01-01', '2027-06-30', '2027-12-31', '2028-01-01', '2099-12-31', '2100-12-31']) {
      expect(defaultCalendar.dayInfo(date).provisional, date).toBe(true);
    }
    expect(defaultCalendar.dayInfo('2026-12-31').provisional).toBe(false);
  });

  it('is not provisional when every day counted was declared, though the start day was estimated', () => {
    // Overrides declare 2027-06-01 and 06-02, so they are not estimated; 05-31 is.
    const calendar = createWorkCalendar({
      overrides: [
        { date: '2027-06-01', working: true },
        { date: '2027-06-02', working: true },
      ],
    });
    expect(calendar.dayInfo('2027-05-31').provisional).toBe(true);
    expect(calendar.dayInfo('2027-06-01').provisional).toBe(false);
    expect(calendar.deadline('2027-05-31', 1)).toMatchObject({ dueDate: '2027-06-01', provisional: false });
    expect(calendar.deadline('2027-05-31', 2)).toMatchObject({ dueDate: '2027-06-02', provisional: false });
    expect(calendar.deadline('2027-05-31', 3)).toMatchObject({ dueDate: '2027-06-03', provisional: true });
  });

  it('counting back from an estimated year is provisional only while it counts estimated days', () => {
    expect(defaultCalendar.previousWorkingDay('2027-01-04')).toBe('2026-12-31');
    expect(defaultCalendar.addWorkingDays('2027-01-05', -1)).toBe('2027-01-04');
    expect(defaultCalendar.addWorkingDays('2027-01-05', -2)).toBe('2026-12-31');
    expect(defaultCalendar.addWorkingDays('2026-12-31', -1)).toBe('2026-12-30');
  });
});

describe('overrides replace what the data says about a day', () => {
  it('a day off declared working loses its holiday name; a weekday is a workday, a weekend day a make-up day', () => {
    const calendar = createWorkCalendar({
      overrides: [
        { date: '2026-10-05', working: true },
        { date: '2026-10-10', working: true, name: '补班' },
        { date: '2026-06-03', working: false },
      ],
    });
    expect(calendar.dayInfo('2026-10-05')).toEqual({ date: '2026-10-05', working: true, kind: 'workday', provisional: false });
    expect(calendar.dayInfo('2026-10-10')).toEqual({ date: '2026-10-10', working: true, kind: 'makeupWorkday', holiday: '补班', provisional: false });
    expect(calendar.dayInfo('2026-06-03')).toEqual({ date: '2026-06-03', working: false, kind: 'holiday', provisional: false });
  });
});
