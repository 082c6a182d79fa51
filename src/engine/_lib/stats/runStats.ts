import { machineRules } from '../../../../machines/_lib/machineRules.js';
import { isLinkedEnforcementError } from '../../../errors.js';
import { beijingIso } from '../../../_lib/beijingTime.js';
import { invalidInput, parseArgument } from '../../../_lib/validate.js';
import { statsQuerySchema } from '../../statsSchemas.js';
import type { StatsQuery, StatsReport } from '../../statsTypes.js';
import { readClock } from '../clock.js';
import type { EngineContext } from '../engineContext.js';
import { loadCase } from '../load/loadCase.js';
import { caseStatsOf } from './caseStats.js';
import { rowsOf } from './statsRows.js';

const BACKLOG_PAGE = 200;

/** The start of a Beijing date as an instant, `days` days later. */
const startOf = (date: string, days = 0): string => beijingIso(new Date(Date.parse(`${date}T00:00:00+08:00`) + days * 86_400_000));

/**
 * `engine.stats`: first the cases the store holds without statistics (stored before it kept
 * them) get theirs, derived from each restored case as a write would; then the store adds up
 * the period's groups and the engine turns them into rows, the same way for every store.
 */
export async function runStats(ctx: EngineContext, query: StatsQuery): Promise<StatsReport> {
  const { from, to, by } = parseArgument(statsQuerySchema, query, 'query');
  const store = ctx.store;
  if (store.stats === undefined || store.statsBacklog === undefined || store.backfillStats === undefined) {
    invalidInput('store', `the ${store.name} store keeps no statistics (it needs stats, statsBacklog and backfillStats)`, { store: store.name });
  }
  const failed: StatsReport['failed'] = [];
  let after: string | undefined;
  for (;;) {
    const ids = await store.statsBacklog({ ...(after === undefined ? {} : { after }), limit: BACKLOG_PAGE });
    for (const caseId of ids) {
      try {
        const { copy } = await loadCase(ctx.info, store, ctx.cache, caseId);
        await store.backfillStats(caseId, caseStatsOf(copy.snapshot, copy.version, true));
      } catch (error) {
        if (!isLinkedEnforcementError(error) || error.code === 'STORE_UNAVAILABLE') throw error;
        failed.push({ caseId, code: error.code, message: error.message });
      }
    }
    if (ids.length < BACKLOG_PAGE) break;
    after = ids.at(-1);
  }
  const now = beijingIso(readClock(ctx.clock));
  const groups = await store.stats({ by, from: startOf(from), to: startOf(to, 1), now });
  const { rows, total } = rowsOf(groups, by, machineRules.get(ctx.info.machine)!.catalog);
  return { from, to, by, now, rows, total, failed };
}
