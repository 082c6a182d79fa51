import { resolveCalendarSource, type CalendarSource } from './calendarSource.js';
import { buildDayIndex, type DayIndex } from './dayIndex.js';
import type { CalendarSettings } from './options.js';

/**
 * Builds a calendar's index on first use, in two steps: the covered years first (cheap, from
 * the JSON alone), and the estimated years only when a query reaches them, since that loads
 * chinese-days' lunar tables. Once the full index exists it replaces the covered one.
 */
export interface IndexProvider {
  source(): CalendarSource;
  /** The index built so far (at least the covered years). */
  current(): DayIndex;
  /** The index through the last year the estimate reaches. */
  full(): DayIndex;
}

export function createIndexProvider(settings: CalendarSettings): IndexProvider {
  let source: CalendarSource | undefined;
  let covered: DayIndex | undefined;
  let full: DayIndex | undefined;
  const getSource = (): CalendarSource => (source ??= resolveCalendarSource(settings));
  return {
    source: getSource,
    current() {
      // Stryker disable next-line ConditionalExpression: the covered index gives the same answers for covered days, only rebuilt
      if (full !== undefined) return full;
      covered ??= buildDayIndex(getSource(), getSource().coveredLastDay);
      return covered;
    },
    full() {
      if (full === undefined) {
        full = buildDayIndex(getSource(), getSource().estimateLastDay);
        covered = undefined;
      }
      return full;
    },
  };
}

/** Calendars without overrides or announced years all answer alike, so they share one index. */
export const sharedIndexProvider: IndexProvider = createIndexProvider({
  beyondCoverage: 'estimate',
  overrides: new Map(),
  overridePositions: new Map(),
  announcedYears: [],
});
