import * as chineseDays from 'chinese-days';
import holidayData from 'chinese-days/dist/chinese-days.json';

/**
 * The browser twin of `chineseDays.ts`: the consumer's bundler brings in the installed
 * chinese-days (its ESM build and its JSON) instead of a run-time `require`.
 */
export const HOLIDAY_DATA_MODULE = 'chinese-days/dist/chinese-days.json';

/** chinese-days' official arrangements, as its JSON has them. */
export function loadHolidayData(): unknown {
  return holidayData;
}

/** The chinese-days module itself, for its lunar tables. */
export function loadChineseDays(): unknown {
  return chineseDays;
}
