import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHILD_PROCESS } from './_lib/budgets.js';
import { thrown } from './_lib/errors.js';
import { createWorkCalendar, defaultCalendar } from '../src/calendar/index.js';
import { daysFromCivil, formatDayNumber, isWeekend, parsePlainDate } from '../src/calendar/_lib/civil.js';
import { loadChineseDays } from '../src/calendar/_lib/chineseDays.js';
import { lunarToDayNumber, qingmingDayNumber, readLunarTables } from '../src/calendar/_lib/lunar.js';
import { statutoryHolidays } from '../src/calendar/_lib/statutoryHolidays.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const ESTIMATED_YEARS = Array.from({ length: 2100 - 2027 + 1 }, (_, index) => 2027 + index);

function* daysOf(year: number): Generator<string> {
  for (let day = daysFromCivil(year, 1, 1); day <= daysFromCivil(year, 12, 31); day += 1) yield formatDayNumber(day);
}

describe('the estimate for 2027 follows 全国年节及纪念日放假办法 (2025)', () => {
  const calendar = defaultCalendar;

  it('turns these weekdays into days off, and no weekend into a working day', () => {
    const weekdaysOff = [...daysOf(2027)]
      .filter((date) => !isWeekend(parsePlainDate(date) ?? 0) && !calendar.isWorkingDay(date))
      .map((date) => [date, calendar.dayInfo(date).holiday]);
    expect(weekdaysOff).toEqual([
      ['2027-01-01', '元旦'], // Friday
      ['2027-02-05', '春节'], // 除夕, Friday
      ['2027-02-08', '春节'], // 初三, Monday
      ['2027-02-09', '春节'], // 补假 for 初一 (Saturday)
      ['2027-02-10', '春节'], // 补假 for 初二 (Sunday)
      ['2027-04-05', '清明'], // Monday
      ['2027-05-03', '劳动节'], // 补假 for 05-01 (Saturday)
      ['2027-05-04', '劳动节'], // 补假 for 05-02 (Sunday)
      ['2027-06-09', '端午'], // Wednesday
      ['2027-09-15', '中秋'], // Wednesday
      ['2027-10-01', '国庆节'], // Friday
      ['2027-10-04', '国庆节'], // 补假 for 10-02 (Saturday)
      ['2027-10-05', '国庆节'], // 补假 for 10-03 (Sunday)
    ]);
    const workingWeekends = [...daysOf(2027)].filter((date) => isWeekend(parsePlainDate(date) ?? 0) && calendar.isWorkingDay(date));
    expect(workingWeekends).toEqual([]);
    expect(calendar.workingDaysBetween('2026-12-31', '2027-12-31')).toBe(261 - 13);
  });

  it('makes 2027-01-01 a holiday and marks what it touches provisional', () => {
    expect(calendar.dayInfo('2027-01-01')).toEqual({
      date: '2027-01-01',
      working: false,
      kind: 'holiday',
      holiday: '元旦',
      provisional: true,
    });
    expect(calendar.addWorkingDays('2026-12-25', 5)).toBe('2027-01-04');
    expect(calendar.deadline('2026-12-25', 5)).toEqual({
      dueDate: '2027-01-04',
      dueAt: '2027-01-04T23:59:59.999+08:00',
      provisional: true,
    });
    expect(calendar.deadline('2026-12-24', 5)).toMatchObject({ dueDate: '2026-12-31', provisional: false });
    expect(calendar.deadline('2027-01-05', -0)).toMatchObject({ dueDate: '2027-01-05', provisional: true });
    expect(calendar.dayInfo('2027-03-10')).toMatchObject({ kind: 'workday', provisional: true });
  });

  it('takes 除夕 as the day before 正月初一, here 腊月廿九', () => {
    // Lunar 2026 has no 腊月三十: 正月初一 2027 is 02-06, so 除夕 is 02-05 = 腊月廿九.
    expect(calendar.dayInfo('2027-02-05')).toMatchObject({ kind: 'holiday', holiday: '春节' });
    expect(calendar.isWorkingDay('2027-02-04')).toBe(true);
    expect(calendar.dayInfo('2028-01-25')).toMatchObject({ kind: 'holiday', holiday: '春节' }); // 除夕 2028, also 廿九
  });
});

describe('补假 and overlapping holidays', () => {
  it('gives a statutory day on a weekend back on the next weekday', () => {
    // 2028-01-01 is a Saturday.
    expect(defaultCalendar.dayInfo('2028-01-03')).toMatchObject({ working: false, holiday: '元旦', provisional: true });
    expect(defaultCalendar.isWorkingDay('2028-01-04')).toBe(true);
  });

  it('gives back a statutory day shared by 中秋 and 国庆节', () => {
    // 中秋 2028 is 10-03, inside 国庆节; 10-01 is a Sunday.
    const off = [...statutoryHolidays(2028)].filter(([day]) => day >= daysFromCivil(2028, 9, 25)).map(([day, name]) => [formatDayNumber(day), name]);
    expect(off).toEqual([
      ['2028-10-01', '国庆节'],
      ['2028-10-02', '国庆节'],
      ['2028-10-03', '国庆节、中秋'],
      ['2028-10-04', '国庆节'],
      ['2028-10-05', '中秋'],
    ]);
  });
});

describe('chinese-days’ lunar tables, checked before the estimate uses them', () => {
  const real = loadChineseDays() as {
    monthDays(year: number, month: number): number;
    getYearLeapMonth(year: number): { leapMonth?: number; days: number };
  };
  /** The installed tables, with lunar year 1950 given as `months` and `leap`. */
  const tablesWith = (months: readonly number[], leap: { leapMonth?: number; days: number }) => ({
    monthDays: (year: number, month: number) => (year === 1950 ? months[month - 1]! : real.monthDays(year, month)),
    getYearLeapMonth: (year: number) => (year === 1950 ? leap : real.getYearLeapMonth(year)),
  });
  /** Twelve months, the first `long` of them of 30 days, the others of 29. */
  const months = (long: number) => Array.from({ length: 12 }, (_, index) => (index < long ? 30 : 29));
  const refusal = (tables: unknown) => {
    const error = thrown(() => readLunarTables(tables));
    expect(error.code).toBe('OUT_OF_COVERAGE');
    expect(error.context).toEqual({ source: 'chinese-days' });
    return error.message.replace("chinese-days' lunar tables cannot be used: ", '');
  };

  it('takes the installed tables, each year starting where the one before ends', () => {
    const years = readLunarTables(real);
    expect(years).toHaveLength(201);
    expect(formatDayNumber(years[0]!.newYear)).toBe('1900-01-31');
    // 春节 2027 is 6 February; 2028 has a leap fifth month (闰五月) of 29 days.
    expect(formatDayNumber(years[2027 - 1900]!.newYear)).toBe('2027-02-06');
    expect(years[2028 - 1900]).toMatchObject({ leapMonth: 5, leapDays: 29 });
    expect(readLunarTables(tablesWith(months(6), { days: 0 }))[50]).toMatchObject({ months: months(6), leapMonth: 0, leapDays: 0 });
  });

  it('refuses tables without monthDays or getYearLeapMonth', () => {
    expect(refusal({})).toBe('monthDays or getYearLeapMonth is missing');
    expect(refusal({ monthDays: real.monthDays })).toBe('monthDays or getYearLeapMonth is missing');
    expect(refusal({ getYearLeapMonth: real.getYearLeapMonth })).toBe('monthDays or getYearLeapMonth is missing');
  });

  it('refuses a year no lunar calendar has, naming it, and takes the shortest and longest real ones', () => {
    // Months of 29 or 30 days only.
    expect(refusal(tablesWith([31, ...months(4).slice(1)], { days: 0 }))).toBe('implausible lunar year 1950');
    expect(refusal(tablesWith([28, ...months(6).slice(1)], { days: 0 }))).toBe('implausible lunar year 1950');
    // 353–355 days without a leap month: 4 long months make 352, 5 make 353, 7 make 355, 8 make 356.
    expect(refusal(tablesWith(months(4), { days: 0 }))).toBe('implausible lunar year 1950');
    expect(() => readLunarTables(tablesWith(months(5), { days: 0 }))).not.toThrow();
    expect(() => readLunarTables(tablesWith(months(7), { days: 0 }))).not.toThrow();
    // No leap month, but leap days.
    expect(refusal(tablesWith(months(6), { leapMonth: 0, days: 29 }))).toBe('implausible lunar year 1950');
    expect(refusal(tablesWith(months(6), { days: 29 }))).toBe('implausible lunar year 1950');
    // A leap month after months 1 to 12 only, of 29 or 30 days; 383–385 days in all.
    expect(() => readLunarTables(tablesWith(months(5), { leapMonth: 12, days: 30 }))).not.toThrow();
    expect(refusal(tablesWith(months(5), { leapMonth: 13, days: 30 }))).toBe('implausible lunar year 1950');
    expect(refusal(tablesWith(months(6), { leapMonth: 5, days: 28 }))).toBe('implausible lunar year 1950');
    expect(refusal(tablesWith(months(6), { leapMonth: 5, days: 31 }))).toBe('implausible lunar year 1950');
    expect(() => readLunarTables(tablesWith(months(7), { leapMonth: 5, days: 30 }))).not.toThrow();
    expect(refusal(tablesWith(months(8), { leapMonth: 5, days: 30 }))).toBe('implausible lunar year 1950');
  });

  it('has no lunar year before 1900 or after 2100', () => {
    for (const year of [1899, 2101]) {
      const error = thrown(() => lunarToDayNumber(year, 1, 1));
      expect(error.code).toBe('OUT_OF_COVERAGE');
      expect(error.message).toBe(`chinese-days' lunar tables cannot be used: no table for lunar year ${year}`);
    }
    expect(formatDayNumber(lunarToDayNumber(2100, 1, 1))).toBe('2100-02-09');
  });
});

describe('festival dates', () => {
  const dates = (year: number) => ({
    springFestival: formatDayNumber(lunarToDayNumber(year, 1, 1)),
    qingming: formatDayNumber(qingmingDayNumber(year)),
    dragonBoat: formatDayNumber(lunarToDayNumber(year, 5, 5)),
    midAutumn: formatDayNumber(lunarToDayNumber(year, 8, 15)),
  });

  it('match known dates', () => {
    expect(dates(2027)).toEqual({
      springFestival: '2027-02-06',
      qingming: '2027-04-05',
      dragonBoat: '2027-06-09',
      midAutumn: '2027-09-15',
    });
    expect(dates(2028)).toEqual({
      springFestival: '2028-01-26',
      qingming: '2028-04-04',
      dragonBoat: '2028-05-28',
      midAutumn: '2028-10-03',
    });
    // The years of the official data, where the festival days are known holidays.
    expect(dates(2025)).toEqual({
      springFestival: '2025-01-29',
      qingming: '2025-04-04',
      dragonBoat: '2025-05-31',
      midAutumn: '2025-10-06',
    });
  });

  it('equal chinese-days run under TZ=Asia/Shanghai for 2027–2099, and the sun for 清明 2100', CHILD_PROCESS, () => {
    const reference = JSON.parse(
      execFileSync(
        process.execPath,
        [
          '-e',
          `const cd = require('chinese-days'); const out = {};
           for (let y = 2027; y <= 2100; y++) out[y] = {
             springFestival: cd.getSolarDateFromLunar(y + '-01-01').date,
             qingming: cd.getSolarTermDate(y, 4, 'pure_brightness'),
             dragonBoat: cd.getSolarDateFromLunar(y + '-05-05').date,
             midAutumn: cd.getSolarDateFromLunar(y + '-08-15').date,
           };
           process.stdout.write(JSON.stringify(out));`,
        ],
        { cwd: repoRoot, env: { ...process.env, TZ: 'Asia/Shanghai' }, encoding: 'utf8' },
      ),
    ) as Record<string, ReturnType<typeof dates>>;
    const differences = ESTIMATED_YEARS.filter((year) => JSON.stringify(dates(year)) !== JSON.stringify(reference[year]));
    expect(differences).toEqual([2100]);
    // chinese-days' ⌊Y/4⌋ counts 2100 as a leap year; the sun reaches 15° at 00:38 on 04-05.
    expect(reference[2100]?.qingming).toBe('2100-04-04');
    expect(dates(2100)).toEqual({ ...reference[2100], qingming: '2100-04-05' });
  });

  it('fall on official days off in 2008–2026', () => {
    const worked: string[] = [];
    for (let year = 2008; year <= 2026; year += 1) {
      for (const [festival, date] of Object.entries(dates(year))) {
        if (defaultCalendar.isWorkingDay(date)) worked.push(`${festival} ${date}`);
      }
    }
    expect(worked).toEqual([]);
  });

  it('under the 2025 rules give only days that were really off in 2025 and 2026', () => {
    for (const year of [2025, 2026]) {
      const workedAnyway = [...statutoryHolidays(year).keys()]
        .map(formatDayNumber)
        .filter((date) => defaultCalendar.isWorkingDay(date));
      expect(workedAnyway, String(year)).toEqual([]);
    }
  });
});

// Independent check with the sun and moon (Meeus, Astronomical Algorithms, ch. 25 and 49):
// accurate to a few minutes, so days whose event is within 20 minutes of Beijing midnight are
// only reported, not judged.
const rad = (degrees: number): number => (degrees * Math.PI) / 180;
const normalize = (degrees: number): number => ((degrees % 360) + 360) % 360;

function newMoonJde(k: number): number {
  const t = k / 1236.85;
  const e = 1 - 0.002516 * t - 0.0000074 * t * t;
  const m = rad(normalize(2.5534 + 29.1053567 * k - 0.0000014 * t * t - 0.00000011 * t ** 3));
  const mp = rad(normalize(201.5643 + 385.81693528 * k + 0.0107582 * t * t + 0.00001238 * t ** 3 - 0.000000058 * t ** 4));
  const f = rad(normalize(160.7108 + 390.67050284 * k - 0.0016118 * t * t - 0.00000227 * t ** 3 + 0.000000011 * t ** 4));
  const omega = rad(normalize(124.7746 - 1.56375588 * k + 0.0020672 * t * t + 0.00000215 * t ** 3));
  const s = Math.sin;
  const periodic =
    -0.4072 * s(mp) + 0.17241 * e * s(m) + 0.01608 * s(2 * mp) + 0.01039 * s(2 * f) + 0.00739 * e * s(mp - m) -
    0.00514 * e * s(mp + m) + 0.00208 * e * e * s(2 * m) - 0.00111 * s(mp - 2 * f) - 0.00057 * s(mp + 2 * f) +
    0.00056 * e * s(2 * mp + m) - 0.00042 * s(3 * mp) + 0.00042 * e * s(m + 2 * f) + 0.00038 * e * s(m - 2 * f) -
    0.00024 * e * s(2 * mp - m) - 0.00017 * s(omega) - 0.00007 * s(mp + 2 * m) + 0.00004 * s(2 * mp - 2 * f) +
    0.00004 * s(3 * m) + 0.00003 * s(mp + m - 2 * f) + 0.00003 * s(2 * mp + 2 * f) - 0.00003 * s(mp + m + 2 * f) +
    0.00003 * s(mp - m + 2 * f) - 0.00002 * s(mp - m - 2 * f) - 0.00002 * s(3 * mp + m) + 0.00002 * s(4 * mp);
  const planetary = [
    [299.77, 0.107408, 0.000325], [251.88, 0.016321, 0.000165], [251.83, 26.651886, 0.000164],
    [349.42, 36.412478, 0.000126], [84.66, 18.206239, 0.00011], [141.74, 53.303771, 0.000062],
    [207.14, 2.453732, 0.00006], [154.84, 7.30686, 0.000056], [34.52, 27.261239, 0.000047],
    [207.19, 0.121824, 0.000042], [291.34, 1.844379, 0.00004], [161.72, 24.198154, 0.000037],
    [239.56, 25.513099, 0.000035], [331.55, 3.592518, 0.000023],
  ].reduce((sum, [a = 0, b = 0, c = 0], index) => sum + c * s(rad(a + b * k - (index === 0 ? 0.009173 * t * t : 0))), 0);
  return 2451550.09766 + 29.530588861 * k + 0.00015437 * t * t - 0.00000015 * t ** 3 + 0.00000000073 * t ** 4 + periodic + planetary;
}

function sunLongitude(jde: number): number {
  const t = (jde - 2451545) / 36525;
  const m = rad(357.52911 + 35999.05029 * t - 0.0001537 * t * t);
  const center =
    (1.914602 - 0.004817 * t - 0.000014 * t * t) * Math.sin(m) + (0.019993 - 0.000101 * t) * Math.sin(2 * m) + 0.000289 * Math.sin(3 * m);
  const omega = rad(125.04 - 1934.136 * t);
  return normalize(280.46646 + 36000.76983 * t + 0.0003032 * t * t + center - 0.00569 - 0.00478 * Math.sin(omega));
}

/** TT − UT in days (Espenak & Meeus' predictions). */
function deltaT(year: number): number {
  const u = (year - 1820) / 100;
  const seconds =
    year < 2050 ? 62.92 + 0.32217 * (year - 2000) + 0.005589 * (year - 2000) ** 2 : -20 + 32 * u * u - 0.5628 * (2150 - year);
  return seconds / 86_400;
}

/** Beijing day number and minutes after Beijing midnight of a Julian ephemeris day. */
function beijing(jde: number, year: number): { day: number; minutes: number } {
  const days = jde - deltaT(year) - 2440587.5 + 8 / 24;
  const day = Math.floor(days);
  return { day, minutes: (days - day) * 1440 };
}

const nearMidnight = (minutes: number): boolean => minutes < 20 || minutes > 1420;

describe('festival dates against the sun and the moon, 2004–2100', () => {
  it('reproduces Meeus example 49.a', () => {
    expect(newMoonJde(-283)).toBeCloseTo(2443192.65118, 4);
  });

  it('starts 正月, 五月 and 八月 on the Beijing day of a new moon', () => {
    const wrong: string[] = [];
    for (let year = 2004; year <= 2100; year += 1) {
      for (const month of [1, 5, 8]) {
        const first = lunarToDayNumber(year, month, 1);
        const k = Math.round((first - daysFromCivil(2000, 1, 6)) / 29.530588861);
        const moon = beijing(newMoonJde(k), year);
        if (moon.day !== first && !nearMidnight(moon.minutes)) wrong.push(`${year}/${month}: ${formatDayNumber(first)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('puts 清明 on the Beijing day the sun reaches 15°', () => {
    const wrong: string[] = [];
    for (let year = 2004; year <= 2100; year += 1) {
      let jde = 2440587.5 + daysFromCivil(year, 4, 5);
      for (let step = 0; step < 10; step += 1) jde += ((((15 - sunLongitude(jde) + 540) % 360) - 180) / 360) * 365.2422;
      const term = beijing(jde, year);
      if (term.day !== qingmingDayNumber(year) && !nearMidnight(term.minutes)) wrong.push(formatDayNumber(qingmingDayNumber(year)));
    }
    expect(wrong).toEqual([]);
  });
});

describe('beyond the estimate', () => {
  it('an estimate calendar still refuses what the statutory rules cannot say', () => {
    const calendar = createWorkCalendar();
    expect(() => calendar.isWorkingDay('2101-01-03')).toThrow(/2100/);
    expect(() => calendar.isWorkingDay('2003-12-31')).toThrow(/2004/);
  });
});
