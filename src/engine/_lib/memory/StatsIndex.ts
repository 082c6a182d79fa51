import type { CaseStats, CaseStatsWrite, CaseStepVisit, StatsGroupTotals, StatsStep, StatsStoreQuery } from '../../statsTypes.js';
import { STATS_STEPS } from '../stats/caseStats.js';
import { beijingMonth, groupKeyOf } from '../stats/groupKey.js';
import { SortedKeys } from './SortedKeys.js';
import { instantMs } from '../../../_lib/instantMs.js';

/** One case's statistics as the memory store keeps them: its columns, and its step visits by the history entry that entered them (in its JSON; PostgreSQL keeps the columns only, which is all a report reads). */
export interface StatsRecord {
  readonly stats: CaseStats;
  readonly steps: ReadonlyMap<number, CaseStepVisit>;
  /** Worked out once per write, not per report: the opening's Beijing month and the results' due time (ms). */
  readonly month: string;
  readonly resultsDueMs: number;
  readonly stepDueMs: number;
}

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
  private readonly opened = new SortedKeys('ascending');
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
    const { openedAt, resultsDueAt, stepDueAt } = write.stats;
    // A case's opening does not move: only its first write (or a rewrite of another opening) touches the opening order.
    const reopened = previous === undefined || previous.stats.openedAt !== openedAt;
    if (reopened) {
      if (previous !== undefined) this.opened.delete({ ms: instantMs(previous.stats.openedAt), id: caseId });
      this.opened.add({ ms: instantMs(openedAt), id: caseId });
    }
    const month = reopened ? beijingMonth(openedAt) : previous.month;
    this.records.set(caseId, {
      stats: write.stats,
      steps,
      month,
      resultsDueMs: resultsDueAt === null ? Number.NaN : instantMs(resultsDueAt),
      stepDueMs: stepDueAt === null ? Number.NaN : instantMs(stepDueAt),
    });
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
    for (const key of this.opened.after({ ms: fromMs, id: '' })) {
      if (key.ms >= toMs) break;
      const { stats, month, resultsDueMs, stepDueMs } = this.records.get(key.id)!;
      const groupKey = query.by === 'month' ? month : groupKeyOf(stats, query.by);
      let group = groups.get(groupKey);
      if (group === undefined) {
        group = { key: groupKey, opened: 0, archived: 0, rejected: 0, notApproved: 0, withdrawn: 0, declined: 0, resultsOnTime: 0, resultsLate: 0, resultsOverdue: 0, stepsOnTime: 0, stepsLate: 0, stepsOverdue: 0, urges: 0, archiveDays: { sum: 0, count: 0 }, steps: {} };
        groups.set(groupKey, group);
      }
      group.opened++;
      if (stats.outcome !== null) group[stats.outcome]++;
      if (stats.resultsStatus === 'met') group.resultsOnTime++;
      else if (stats.resultsStatus === 'late') group.resultsLate++;
      else if (stats.resultsStatus === 'overdue' || (stats.resultsStatus === 'pending' && stats.outcome === null && resultsDueMs < nowMs)) group.resultsOverdue++;
      group.stepsOnTime += stats.stepsOnTime;
      group.stepsLate += stats.stepsLate;
      // An open step limit past due is overdue before any check recorded it (NaN when none: never less).
      group.stepsOverdue += stats.stepsOverdue + (stepDueMs < nowMs ? 1 : 0);
      group.urges += stats.urges;
      if (stats.archiveWorkingDays !== null) {
        group.archiveDays.sum += stats.archiveWorkingDays;
        group.archiveDays.count++;
      }
      for (const step of STATS_STEPS) {
        const { sum, count } = stats.stepTotals[step];
        if (count === 0) continue;
        const total = (group.steps[step] ??= { sum: 0, count: 0 });
        total.sum += sum;
        total.count += count;
      }
    }
    return [...groups.values()];
  }
}
