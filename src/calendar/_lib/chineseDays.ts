import { requireFromHere } from './requireFromHere.js';

/**
 * The file chinese-days generates from the official notices; plain JSON, so no time zone enters.
 * Read from the installed chinese-days, in Node. The browser build swaps this module
 * for `chineseDays.browser.ts` (see tsup.config.ts), because a browser has no `require`.
 */
export const HOLIDAY_DATA_MODULE = 'chinese-days/dist/chinese-days.json';

/** chinese-days' official arrangements, as its JSON has them. */
export function loadHolidayData(): unknown {
  return requireFromHere()(HOLIDAY_DATA_MODULE);
}

/** The chinese-days module itself, for its lunar tables. */
export function loadChineseDays(): unknown {
  return requireFromHere()('chinese-days');
}
