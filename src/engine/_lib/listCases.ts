import { isLinkedEnforcementError } from '../../errors.js';
import { beijingIso } from '../../_lib/beijingTime.js';
import { invalidInput } from '../../_lib/validate.js';
import { DEFAULT_LIST_LIMIT, type ListQuery } from '../schemas.js';
import type { CasePage, CaseView, ListFailure, StoreQuery } from '../types.js';
import { readClock } from './clock.js';
import { outsideWindow } from './clock.js';
import type { EngineContext } from './engineContext.js';
import { decodeCursor, encodeCursor, queryTag } from './listCursor.js';
import { isStill } from './load/loadCase.js';
import { restoreCase } from './load/restoreCase.js';
import { matchesQuery } from './matchesQuery.js';
import { caseViewOf } from './view/caseView.js';

type Filters = Omit<StoreQuery, 'now' | 'after' | 'limit'>;

/**
 * An instant of `openedFrom`/`openedTo` as the engine writes them (Beijing time), inside the years
 * it keeps. The query's schema has taken a valid Date or an instant with an offset; a Date is
 * named by its ISO text, the same under any `TZ`.
 */
function instantFilter(value: string | Date, name: 'openedFrom' | 'openedTo'): string {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  const shown = value instanceof Date ? value.toISOString() : value;
  const problem = outsideWindow(ms);
  if (problem !== undefined) invalidInput('query', `${name}: ${shown} ${problem}`, { [name]: shown });
  return beijingIso(new Date(ms));
}

/** The query's filters as a store applies them: a stage with steps as `stage`, instants in Beijing time. */
function filtersOf(ctx: EngineContext, query: ListQuery): Filters {
  const { state, unit, overdue, origin, itemNo, openedFrom, openedTo } = query;
  return {
    ...(state === undefined ? {} : ctx.info.stagesWithSteps.has(state) ? { stage: state } : { state }),
    ...(unit === undefined ? {} : { unit }),
    ...(origin === undefined ? {} : { origin }),
    ...(itemNo === undefined ? {} : { itemNo }),
    ...(openedFrom === undefined ? {} : { openedFrom: instantFilter(openedFrom, 'openedFrom') }),
    ...(openedTo === undefined ? {} : { openedTo: instantFilter(openedTo, 'openedTo') }),
    ...(overdue === undefined ? {} : { overdue }),
  };
}

/**
 * One page of `engine.list`: the store finds the page on its indexes (one more case than asked,
 * to know whether another page follows); each case is restored through the engine's copies and
 * judged again on its restored summary, so a stale index cannot add a case; a case that cannot
 * be restored goes to `failed`, and the page goes on.
 */
export async function listCases(ctx: EngineContext, query: ListQuery): Promise<CasePage> {
  const now = readClock(ctx.clock);
  const filters = filtersOf(ctx, query);
  const tag = queryTag(filters);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, tag);
  const limit = query.limit ?? DEFAULT_LIST_LIMIT;
  const storeQuery: StoreQuery = { ...filters, now: beijingIso(now), limit: limit + 1, ...(after === undefined ? {} : { after }) };
  const rows = await ctx.store.list(storeQuery);
  const page = rows.slice(0, limit);
  const items: CaseView[] = [];
  const failed: ListFailure[] = [];
  for (const row of page) {
    try {
      const held = ctx.cache.get(row.caseId);
      // Stryker disable next-line ConditionalExpression: restoring the row's case again gives the same copy; the held one only saves the work
      const copy = held !== undefined && isStill(row.envelope, held) ? held : ctx.cache.put(restoreCase(ctx.info, row.caseId, row.envelope, row.entries)!);
      if (matchesQuery(copy.summary, storeQuery)) items.push(caseViewOf(copy, now, ctx.info.remindBefore));
    } catch (error) {
      if (!isLinkedEnforcementError(error)) throw error;
      failed.push({ caseId: row.caseId, code: error.code, message: error.message });
    }
  }
  const last = rows.length > limit ? page.at(-1) : undefined;
  return { items, nextCursor: last === undefined ? null : encodeCursor({ openedAt: last.openedAt, caseId: last.caseId }, tag), failed };
}
