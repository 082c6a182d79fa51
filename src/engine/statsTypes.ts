import type { z } from 'zod';
import type { CaseOrigin } from '../../machines/schemas.js';
import type { DeadlineStatus, FinalStage } from '../../machines/types.js';
import type { statsGroupingSchema, statsQuerySchema, statsReportSchema, statsRowSchema, statsStepSchema } from './statsSchemas.js';

/** How `engine.stats` groups cases: `leadUnit`, `item`, `month` or `origin`. */
export type StatsGrouping = z.infer<typeof statsGroupingSchema>;
/** A step (环节) whose time the statistics average. */
export type StatsStep = z.infer<typeof statsStepSchema>;
/** `engine.stats`' query: see {@link statsQuerySchema}. */
export interface StatsQuery extends z.input<typeof statsQuerySchema> {}
/** One row of the statistics (统计报表): see {@link statsRowSchema}. */
export interface StatsRow extends z.infer<typeof statsRowSchema> {}
/** What `engine.stats` returns: see {@link statsReportSchema}. */
export interface StatsReport extends z.infer<typeof statsReportSchema> {
  readonly rows: StatsRow[];
  readonly total: StatsRow;
}

/** What the statistics keep of one case, derived by the engine from its snapshot on every write. */
export interface CaseStats {
  /** The case's version these were derived at. */
  readonly version: number;
  readonly openedAt: string;
  readonly origin: CaseOrigin;
  readonly itemNo: number | null;
  /** The dispatched lead unit; before a dispatch, the catalog item's lead unit; `null` without either. */
  readonly leadUnit: string | null;
  /** The final state the case ended in, `null` while in progress. */
  readonly outcome: FinalStage | null;
  /** Urges (催办) received. */
  readonly urges: number;
  /** The results deadline (执法结束后5个工作日): when due and its status. */
  readonly resultsDueAt: string | null;
  readonly resultsStatus: DeadlineStatus | null;
  /** Step limits (环节办理时限) met, late, and found overdue (still open) — deadlines, not cases. */
  readonly stepsOnTime: number;
  readonly stepsLate: number;
  readonly stepsOverdue: number;
  /** The open step limit's due time while it is pending (a case is in one step at a time), else `null`. */
  readonly stepDueAt: string | null;
  /** Working days from opening to archive, for an archived case. */
  readonly archiveWorkingDays: number | null;
  /**
   * Per step, the working days of the case's completed visits added up, and how many: what a
   * report averages, kept on the case so a report reads one row per case (no join with the visits).
   */
  readonly stepTotals: Readonly<Record<StatsStep, StatsSum>>;
}

/** One visit of a step: entered by history entry `enteredSeq`, left (or not yet) by a later one. */
export interface CaseStepVisit {
  readonly enteredSeq: number;
  readonly step: StatsStep;
  readonly enteredAt: string;
  readonly leftAt: string | null;
  /** Working days it took (`null` while the case is in it, or when the calendar could not count them). */
  readonly workingDays: number | null;
}

/** The statistics one write stores with the case. */
export interface CaseStatsWrite {
  readonly stats: CaseStats;
  /**
   * The visits the event opened or closed; with `complete`, every visit of the case. A store may
   * keep them (the memory store does, in its JSON); no report reads them, and the PostgreSQL store
   * leaves them to the history in the audit log.
   */
  readonly steps: readonly CaseStepVisit[];
  readonly complete: boolean;
}

/** `stats`' request to a store: the cases opened in [`from`, `to`), grouped. */
export interface StatsStoreQuery {
  readonly by: StatsGrouping;
  /** Instants (Beijing time): opened at or after `from`, before `to`. */
  readonly from: string;
  readonly to: string;
  /** The engine's now: a pending results deadline or step limit before it counts as overdue. */
  readonly now: string;
}

/** A sum and how many values it adds. */
export interface StatsSum {
  readonly sum: number;
  readonly count: number;
}

/** One group's counts and sums as a store adds them up (the engine turns them into a {@link StatsRow}). */
export interface StatsGroupTotals {
  readonly key: string | number | null;
  readonly opened: number;
  readonly archived: number;
  readonly rejected: number;
  readonly notApproved: number;
  readonly withdrawn: number;
  readonly declined: number;
  readonly resultsOnTime: number;
  readonly resultsLate: number;
  readonly resultsOverdue: number;
  readonly stepsOnTime: number;
  readonly stepsLate: number;
  readonly stepsOverdue: number;
  readonly urges: number;
  readonly archiveDays: StatsSum;
  readonly steps: Readonly<Partial<Record<StatsStep, StatsSum>>>;
}
