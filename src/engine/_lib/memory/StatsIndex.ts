import type { CaseStats, CaseStatsWrite, CaseStepVisit, StatsGrouping, StatsGroupTotals, StatsStep, StatsStoreQuery } from '../../statsTypes.js';
import { STATS_STEPS } from '../stats/caseStats.js';
import { beijingMonth } from '../stats/groupKey.js';
import { SortedKeys, type IndexKey } from './SortedKeys.js';
import { instantMs } from '../../../_lib/instantMs.js';

const interned = new Map<string, string>();

/**
 * One string object per distinct group key (month, unit, origin — a few dozen): every row shares
 * it, so a report's walk finds it in the cache and its group look-up compares pointers.
 */
function intern<Text extends string | null>(text: Text): Text {
  // Interning is a saving only (an equal string found by value either way), so its checks are disabled.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a saving only
  if (text === null) return text;
  const known = interned.get(text);
  // Stryker disable next-line ConditionalExpression: a saving only
  if (known !== undefined) return known as Text;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a saving only: the bound keeps the cache small
  if (interned.size < 10_000) interned.set(text, text);
  return text;
}

/**
 * What a report reads of one case, flat: numbers and shared strings only, no object to follow.
 * The opening index holds these rows themselves, so a report walks its period's rows one after
 * the other (no look-up by case id, no nested objects): at 100 000 cases each case counted costs
 * what it costs at 1 000, instead of a cache miss per object reached.
 */
export class StatsRow implements IndexKey {
  readonly ms: number;
  readonly id: string;
  readonly month: string;
  leadUnit: string | null;
  itemNo: number | null;
  origin: string;
  outcome: CaseStats['outcome'] = null;
  resultsStatus: CaseStats['resultsStatus'] = null;
  /** The results' due time and the open step limit's (ms), NaN when none: never before now. */
  resultsDueMs = Number.NaN;
  stepDueMs = Number.NaN;
  stepsOnTime = 0;
  stepsLate = 0;
  stepsOverdue = 0;
  urges = 0;
  /** NaN for a case not archived. */
  archiveWorkingDays = Number.NaN;
  /** Per step of `STATS_STEPS`, in order: the sum of its visits' working days, then their count. */
  readonly stepTotals: number[] = STATS_STEPS.flatMap(() => [0, 0]);

  constructor(id: string, stats: CaseStats, month: string) {
    this.ms = instantMs(stats.openedAt);
    this.id = id;
    this.month = intern(month);
    this.leadUnit = stats.leadUnit;
    this.itemNo = stats.itemNo;
    this.origin = stats.origin;
    this.set(stats);
  }

  /**
   * The columns a later write of the case changes, set in place: the row keeps its place in the
   * opening index (its opening and id do not change; a write that moves the opening
   * makes a new row), so a write neither allocates a row nor searches the index.
   */
  set(stats: CaseStats): void {
    this.origin = intern(stats.origin);
    this.leadUnit = intern(stats.leadUnit);
    this.itemNo = stats.itemNo;
    this.outcome = stats.outcome;
    this.resultsStatus = stats.resultsStatus;
    this.resultsDueMs = stats.resultsDueAt === null ? Number.NaN : instantMs(stats.resultsDueAt);
    this.stepDueMs = stats.stepDueAt === null ? Number.NaN : instantMs(stats.stepDueAt);
    this.stepsOnTime = stats.stepsOnTime;
    this.stepsLate = stats.stepsLate;
    this.stepsOverdue = stats.stepsOverdue;
    this.urges = stats.urges;
    this.archiveWorkingDays = stats.archiveWorkingDays ?? Number.NaN;
    for (let step = 0; step < STATS_STEPS.length; step++) {
      const { sum, count } = stats.stepTotals[STATS_STEPS[step]!];
      this.stepTotals[2 * step] = sum;
      this.stepTotals[2 * step + 1] = count;
    }
  }
}

/** One case's statistics as the memory store keeps them: its columns, its row for reports, and its step visits by the history entry that entered them (in its JSON; PostgreSQL keeps the columns only, which is all a report reads). */
export interface StatsRecord {
  readonly stats: CaseStats;
  readonly steps: ReadonlyMap<number, CaseStepVisit>;
  readonly row: StatsRow;
}

/** The group a row falls in, for each grouping (as `groupKeyOf` gives it from the columns). */
const GROUP_KEY: Readonly<Record<StatsGrouping, (row: StatsRow) => string | number | null>> = {
  leadUnit: (row) => row.leadUnit,
  item: (row) => row.itemNo,
  origin: (row) => row.origin,
  month: (row) => row.month,
};

interface MutableTotals {
  key: string | number | null;
  opened: number;
  archived: number;
  rejected: number;
  notApproved: number;
  withdrawn: number;
  declined: number;
  resultsOnTime: number;
  resultsLate: number;
  resultsOverdue: number;
  stepsOnTime: number;
  stepsLate: number;
  stepsOverdue: number;
  urges: number;
  archiveDays: { sum: number; count: number };
  steps: Partial<Record<StatsStep, { sum: number; count: number }>>;
}

/** A visit merged over the one stored: what an event closes keeps what opened it. */
const merged = (stored: CaseStepVisit | undefined, visit: CaseStepVisit): CaseStepVisit =>
  stored === undefined ? visit : { ...visit, leftAt: visit.leftAt ?? stored.leftAt, workingDays: visit.workingDays ?? stored.workingDays };

/**
 * The memory store's statistics (统计): each case's columns and step visits, kept by every write
 * as PostgreSQL keeps `case_stats` (and the visits, which PostgreSQL leaves to the log), with the cases in opening order so a
 * period's report walks only the cases opened in it; and the cases written before the store kept
 * statistics (data loaded from an older `toJSON()`), which `engine.stats` brings up to date.
 */
export class StatsIndex {
  private readonly records = new Map<string, StatsRecord>();
  private readonly opened = new SortedKeys<StatsRow>('ascending');
  private readonly backlog = new Set<string>();

  get(caseId: string): StatsRecord | undefined {
    return this.records.get(caseId);
  }

  /** A case whose statistics are missing or incomplete (loaded without them). */
  markBacklog(caseId: string): void {
    this.backlog.add(caseId);
  }

  /** What one write stores: its columns, and its visits merged into those stored. */
  write(caseId: string, write: CaseStatsWrite): void {
    const previous = this.records.get(caseId);
    const steps = new Map(write.complete ? [] : (previous?.steps ?? []));
    for (const visit of write.steps) steps.set(visit.enteredSeq, merged(steps.get(visit.enteredSeq), visit));
    const { openedAt } = write.stats;
    // A case's opening does not move: only its first write (or a rewrite of another opening) changes its place in the opening order.
    const reopened = previous === undefined || previous.stats.openedAt !== openedAt;
    let row: StatsRow;
    if (reopened) {
      if (previous !== undefined) this.opened.delete(previous.row);
      row = new StatsRow(caseId, write.stats, beijingMonth(openedAt));
      this.opened.add(row);
    } else {
      row = previous.row;
      row.set(write.stats);
    }
    this.records.set(caseId, { stats: write.stats, steps, row });
    if (write.complete) this.backlog.delete(caseId);
  }

  /** Whether the case's statistics are all there (none missing from before the store kept them). */
  complete(caseId: string): boolean {
    return this.records.has(caseId) && !this.backlog.has(caseId);
  }

  /** Ids of the cases whose statistics are not complete, after `after`. */
  pending(after: string | undefined, limit: number): string[] {
    // Few, and only until the first report after loading older data: sorted when asked.
    return [...this.backlog].filter((caseId) => after === undefined || caseId > after).sort().slice(0, limit);
  }

  /** The counts and sums of the cases opened in [from, to), per group. */
  totals(query: StatsStoreQuery): StatsGroupTotals[] {
    const [fromMs, toMs, nowMs] = [Date.parse(query.from), Date.parse(query.to), Date.parse(query.now)];
    const groups = new Map<string | number | null, MutableTotals>();
    const groupKey = GROUP_KEY[query.by];
    const add = (row: StatsRow): void => {
      const key = groupKey(row);
      let group = groups.get(key);
      if (group === undefined) {
        group = { key, opened: 0, archived: 0, rejected: 0, notApproved: 0, withdrawn: 0, declined: 0, resultsOnTime: 0, resultsLate: 0, resultsOverdue: 0, stepsOnTime: 0, stepsLate: 0, stepsOverdue: 0, urges: 0, archiveDays: { sum: 0, count: 0 }, steps: {} };
        groups.set(key, group);
      }
      group.opened++;
      if (row.outcome !== null) group[row.outcome]++;
      switch (row.resultsStatus) {
        case 'met':
          group.resultsOnTime++;
          break;
        case 'late':
          group.resultsLate++;
          break;
        case 'overdue':
          group.resultsOverdue++;
          break;
        case 'pending':
          // An open case's results past due are overdue before any check recorded it.
          if (row.outcome === null && row.resultsDueMs < nowMs) group.resultsOverdue++;
      }
      group.stepsOnTime += row.stepsOnTime;
      group.stepsLate += row.stepsLate;
      // An open step limit past due is overdue before any check recorded it (NaN when none: never less).
      group.stepsOverdue += row.stepsOverdue + (row.stepDueMs < nowMs ? 1 : 0);
      group.urges += row.urges;
      if (!Number.isNaN(row.archiveWorkingDays)) {
        group.archiveDays.sum += row.archiveWorkingDays;
        group.archiveDays.count++;
      }
      const totals = row.stepTotals;
      for (let step = 0; step < STATS_STEPS.length; step++) {
        const count = totals[2 * step + 1]!;
        if (count === 0) continue;
        const total = (group.steps[STATS_STEPS[step]!] ??= { sum: 0, count: 0 });
        total.sum += totals[2 * step]!;
        total.count += count;
      }
    };
    this.opened.visitFrom({ ms: fromMs, id: '' }, (row) => {
      // The walk stops at the first case opened at or after `to`.
      const inPeriod = row.ms < toMs;
      if (inPeriod) add(row);
      return inPeriod;
    });
    return [...groups.values()];
  }
}
