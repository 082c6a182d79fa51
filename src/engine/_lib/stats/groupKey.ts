import type { CaseStats, StatsGrouping } from '../../statsTypes.js';

/** `2026-09`: the Beijing month of an instant. */
export const beijingMonth = (instant: string): string => new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 7);

/** The group a case falls in (the PostgreSQL store computes the same in SQL). */
export function groupKeyOf(stats: CaseStats, by: StatsGrouping): string | number | null {
  switch (by) {
    case 'leadUnit':
      return stats.leadUnit;
    case 'item':
      return stats.itemNo;
    case 'origin':
      return stats.origin;
    case 'month':
      return beijingMonth(stats.openedAt);
  }
}
