import { machineRules } from '../../../../machines/_lib/machineRules.js';
import { isLinkedEnforcementError } from '../../../errors.js';
import { beijingIso } from '../../../_lib/beijingTime.js';
import { invalidInput, parseArgument } from '../../../_lib/validate.js';
import { statsQuerySchema } from '../../statsSchemas.js';
import type { StatsGrouping, StatsGroupTotals, StatsQuery, StatsReport } from '../../statsTypes.js';
import type { CaseStore } from '../../types.js';
import { readClock } from '../clock.js';
import type { EngineContext } from '../engineContext.js';
import { loadCase } from '../load/loadCase.js';
import { malformedAnswer } from '../storeAnswers.js';
import { caseStatsOf } from './caseStats.js';
import { rowsOf } from './statsRows.js';

const BACKLOG_PAGE = 200;

/** The start of a Beijing date as an instant, `days` days later. */
const startOf = (date: string, days = 0): string => beijingIso(new Date(Date.parse(`${date}T00:00:00+08:00`) + days * 86_400_000));

/** A store with the statistics methods: guardStore passes on all three of a store's or none, so `stats` stands for them. */
type StatsStore = CaseStore & Required<Pick<CaseStore, 'stats' | 'statsBacklog' | 'backfillStats'>>;
const keepsStats = (store: CaseStore): store is StatsStore => store.stats !== undefined;

/**
 * The store's groups, each key once and of the grouping's type (an item number; a unit id, month
 * or origin as text; `null`): what the rows' order and labels rest on, or `STORE_UNAVAILABLE`.
 */
function checkedGroups(store: CaseStore, groups: readonly StatsGroupTotals[], by: StatsGrouping): readonly StatsGroupTotals[] {
  const type = by === 'item' ? 'number' : 'string';
  const seen = new Set<StatsGroupTotals['key']>();
  for (const [index, { key }] of groups.entries()) {
    if (key !== null && typeof key !== type) throw malformedAnswer(store, 'stats', `group ${index}: key ${JSON.stringify(key)} is not a ${type} (grouped by ${by})`, false);
    if (seen.has(key)) throw malformedAnswer(store, 'stats', `group ${index}: key ${JSON.stringify(key)} repeats an earlier group's`, false);
    seen.add(key);
  }
  return groups;
}

/**
 * `engine.stats`: first the cases the store holds without statistics (stored before it kept
 * them) get theirs, derived from each restored case as a write would; then the store adds up
 * the period's groups and the engine turns them into rows, the same way for every store.
 */
export async function runStats(ctx: EngineContext, query: StatsQuery): Promise<StatsReport> {
  const { from, to, by } = parseArgument(statsQuerySchema, query, 'query');
  const store = ctx.store;
  if (!keepsStats(store)) {
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
  const groups = checkedGroups(store, await store.stats({ by, from: startOf(from), to: startOf(to, 1), now }), by);
  const { rows, total } = rowsOf(groups, by, machineRules.get(ctx.info.machine)!.catalog);
  return { from, to, by, now, rows, total, failed };
}
