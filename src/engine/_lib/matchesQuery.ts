import type { CaseSummary, StoreQuery } from '../types.js';

/** Whether a case with this summary is overdue at `nowMs`: a deadline marked overdue, or a pending one past due. */
export function isOverdue(summary: Pick<CaseSummary, 'hasOverdue' | 'nextDueAt'>, nowMs: number): boolean {
  // No pending deadline (null) parses to NaN, which is never before now.
  return summary.hasOverdue || Date.parse(String(summary.nextDueAt)) < nowMs;
}

/** Whether a case's summary passes `list`'s filters (not its position), with `overdue` judged at `query.now`. */
export function matchesQuery(summary: CaseSummary, query: Omit<StoreQuery, 'limit' | 'after'>): boolean {
  if (query.state !== undefined && summary.state !== query.state) return false;
  if (query.stage !== undefined && summary.stage !== query.stage) return false;
  if (query.unit !== undefined && !summary.units.includes(query.unit)) return false;
  if (query.origin !== undefined && summary.origin !== query.origin) return false;
  if (query.itemNo !== undefined && summary.itemNo !== query.itemNo) return false;
  // No bound parses to NaN, which excludes nothing.
  if (Date.parse(summary.openedAt) < Date.parse(String(query.openedFrom))) return false;
  if (Date.parse(summary.openedAt) >= Date.parse(String(query.openedTo))) return false;
  if (query.overdue !== undefined && isOverdue(summary, Date.parse(query.now)) !== query.overdue) return false;
  return true;
}
