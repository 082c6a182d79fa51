import type { StatutoryHolidayName } from '../types.js';
import { daysFromCivil, isWeekend } from './civil.js';
import { lunarToDayNumber, qingmingDayNumber } from './lunar.js';

interface StatutoryHoliday {
  readonly name: StatutoryHolidayName;
  readonly days: readonly number[];
}

function statutoryDays(year: number): StatutoryHoliday[] {
  const springFestival = lunarToDayNumber(year, 1, 1);
  const labourDay = daysFromCivil(year, 5, 1);
  const nationalDay = daysFromCivil(year, 10, 1);
  return [
    { name: '元旦', days: [daysFromCivil(year, 1, 1)] },
    // 除夕 is the day before 正月初一: 腊月廿九 when 腊月 has 29 days, so never "腊月三十".
    { name: '春节', days: [springFestival - 1, springFestival, springFestival + 1, springFestival + 2] },
    { name: '清明', days: [qingmingDayNumber(year)] },
    { name: '劳动节', days: [labourDay, labourDay + 1] },
    { name: '端午', days: [lunarToDayNumber(year, 5, 5)] },
    { name: '中秋', days: [lunarToDayNumber(year, 8, 15)] },
    { name: '国庆节', days: [nationalDay, nationalDay + 1, nationalDay + 2] },
  ];
}

/**
 * The days off a year would have under the statutory rules alone, for years whose official
 * arrangement is not published yet: the statutory days, plus 补假 — 第六条: a statutory day on a
 * Saturday or Sunday is given back on a working day, here the next weekdays after the holiday.
 * A statutory day shared by two holidays (中秋 on 10-01…03) is given back the same way, as the
 * notices always did. No 调休: which weekends become working days is the State Council's choice
 * each year and cannot be derived.
 *
 * @returns Day number → holiday name, for every estimated day off (weekends included).
 */
export function statutoryHolidays(year: number): Map<number, string> {
  const daysOff = new Map<number, string>();
  // Stryker disable next-line LogicalOperator: every holiday has at least one day
  const holidays = statutoryDays(year).sort((a, b) => (a.days[0] ?? 0) - (b.days[0] ?? 0));
  for (const { name, days } of holidays) {
    let owed = 0;
    for (const day of days) {
      const shared = daysOff.get(day);
      if (isWeekend(day) || shared !== undefined) owed += 1;
      daysOff.set(day, shared === undefined ? name : `${shared}、${name}`);
    }
    let day = days[days.length - 1] ?? 0;
    while (owed > 0) {
      day += 1;
      if (isWeekend(day) || daysOff.has(day)) continue;
      daysOff.set(day, name);
      owed -= 1;
    }
  }
  return daysOff;
}
