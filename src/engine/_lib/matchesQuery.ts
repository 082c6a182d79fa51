import type { CaseSummary, StoreQuery } from '../types.js';

/** Whether a case's summary passes `list`'s filters, with `overdue` judged at `query.now`. */
export function matchesQuery(summary: CaseSummary, query: StoreQuery): boolean {
  if (query.state !== undefined && summary.state !== query.state && summary.stage !== query.state) return false;
  if (query.unit !== undefined && !summary.units.includes(query.unit)) return false;
  if (query.overdue !== undefined) {
    const overdue = summary.hasOverdue || (summary.nextDueAt !== null && Date.parse(summary.nextDueAt) < Date.parse(query.now));
    if (overdue !== query.overdue) return false;
  }
  return true;
}
