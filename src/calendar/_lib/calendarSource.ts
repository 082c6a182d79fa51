import type { ErrorIssue } from '../../errors.js';
import { daysFromCivil, yearOfDay } from './civil.js';
import { LUNAR_LAST_YEAR } from './lunar.js';
import { officialData, type OfficialData } from './officialData.js';
import { invalidOptions, type CalendarSettings } from './options.js';

/** The last year the statutory estimate can reach: the end of chinese-days' lunar tables. */
export const ESTIMATE_LAST_YEAR = LUNAR_LAST_YEAR;

/** Everything a calendar's index is built from. */
export interface CalendarSource {
  readonly settings: CalendarSettings;
  readonly official: OfficialData;
  /** Coverage: the data's years plus the announced ones. */
  readonly firstYear: number;
  readonly lastYear: number;
  readonly firstDay: number;
  /** 12-31 of `lastYear`; later days are estimated. */
  readonly coveredLastDay: number;
  /** 12-31 of the last year an estimate can reach. */
  readonly estimateLastDay: number;
  readonly announcedYears: ReadonlySet<number>;
}

/**
 * Joins the settings with the installed data and checks what only the data can tell: announced
 * years must extend it without a gap and bring their days, and every override must fall in a
 * year the calendar answers for.
 *
 * @throws {LinkedEnforcementError} `INVALID_INPUT` listing every such problem.
 */
export function resolveCalendarSource(settings: CalendarSettings): CalendarSource {
  const official = officialData();
  const { announcedYears, beyondCoverage, overrides, overridePositions } = settings;
  const firstYear = Math.min(official.firstYear, ...announcedYears);
  const lastYear = Math.max(official.lastYear, ...announcedYears);
  const announced = new Set(announcedYears);
  const issues: ErrorIssue[] = [];

  const overrideYears = new Set([...overrides.keys()].map(yearOfDay));
  for (let year = firstYear; year <= lastYear; year += 1) {
    const inData = year >= official.firstYear && year <= official.lastYear;
    if (!inData && !announced.has(year)) {
      issues.push({
        code: 'coverage_gap',
        path: ['options', 'announcedYears'],
        message: `${year} is neither in the holiday data (${official.firstYear}–${official.lastYear}) nor announced`,
      });
    } else if (!inData && !overrideYears.has(year)) {
      issues.push({
        code: 'missing_days',
        path: ['options', 'announcedYears', announcedYears.indexOf(year)],
        message: `${year} is announced but no override gives its days`,
      });
    }
  }

  const lastAnswerableYear = beyondCoverage === 'throw' ? lastYear : ESTIMATE_LAST_YEAR;
  for (const day of overrides.keys()) {
    const year = yearOfDay(day);
    if (year >= firstYear && year <= lastAnswerableYear) continue;
    issues.push({
      code: 'out_of_range',
      path: ['options', 'overrides', overridePositions.get(day) ?? 0, 'date'],
      message:
        `${year} is outside the years this calendar answers for (${firstYear}–${lastAnswerableYear})` +
        (beyondCoverage === 'throw' ? '; add it to announcedYears or use beyondCoverage: "estimate"' : ''),
    });
  }
  if (issues.length > 0) return invalidOptions(issues);

  return {
    settings,
    official,
    firstYear,
    lastYear,
    firstDay: daysFromCivil(firstYear, 1, 1),
    coveredLastDay: daysFromCivil(lastYear, 12, 31),
    estimateLastDay: daysFromCivil(Math.max(ESTIMATE_LAST_YEAR, lastYear), 12, 31),
    announcedYears: announced,
  };
}
