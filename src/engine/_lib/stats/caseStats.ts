import { machineRules } from '../../../../machines/_lib/machineRules.js';
import { itemLeadOf } from '../../../../machines/_lib/rules.js';
import type { CaseContext, CaseStatePath, FinalStage, HistoryEntry } from '../../../../machines/types.js';
import type { CaseStats, CaseStatsWrite, CaseStepVisit, StatsStep, StatsSum } from '../../statsTypes.js';
import type { CaseMachineSnapshot } from '../machineInfo.js';

/** The steps in the order reports and the PostgreSQL store's arrays keep them. */
export const STATS_STEPS: readonly StatsStep[] = ['preliminaryReview', 'legalReview', 'approval', 'dispatching', 'enforcing', 'aggregating'];

const FINAL_STAGES: ReadonlySet<string> = new Set<FinalStage>(['archived', 'rejected', 'notApproved', 'declined', 'withdrawn']);

/**
 * The step (环节) a state belongs to, for the time spent in it; `null` for states that are no
 * step of the center's work: waiting for the applicant (`returned`, `awaitingAmendment`) and the
 * final states. 审批/同意 covers every decision whether the case goes ahead (县领导审批, 分管县领导同意,
 * 牵头单位研究, 突发事件报县委县政府审核); 执法 covers its three steps (方案, 执法, 反馈).
 */
export function stepOfState(state: CaseStatePath | null): StatsStep | null {
  switch (state) {
    case 'preliminaryReview':
    case 'legalReview':
    case 'dispatching':
    case 'aggregating':
      return state;
    case 'leaderApproval':
    case 'leaderConsent':
    case 'leadReview':
    case 'emergencyApproval':
      return 'approval';
    case 'enforcing.planning':
    case 'enforcing.executing':
    case 'enforcing.reporting':
      return 'enforcing';
    default:
      return null;
  }
}

/** What the statistics need of a calendar: the machine's `deadline`, and `workingDaysBetween` when it has one. */
interface StatsCalendar {
  deadline(start: string, workingDays: number): { readonly dueDate: string };
  workingDaysBetween?(from: string, to: string): number;
}

const BEIJING_INSTANT = /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[^Z+-]*\+08:00$/;

/** `2026-09-01`: an instant's Beijing date. */
export const beijingDate = (instant: string): string =>
  // An instant written in Beijing time (as the engine stamps them) starts with its Beijing date.
  BEIJING_INSTANT.test(instant) ? instant.slice(0, 10) : new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Working days from `from` to `to` by the machine's calendar: the working days after `from`'s
 * Beijing date up to and including `to`'s (a step begun and ended on one day took 0), the way a
 * deadline counts. `null` when the calendar cannot answer for those dates: an event is never
 * refused for its statistics, and the visit is left out of the averages.
 */
export function workingDaysElapsed(calendar: StatsCalendar, from: string, to: string): number | null {
  const [start, end] = [beijingDate(from), beijingDate(to)];
  // Every write counts every step visit of the case again: the same few pairs of dates, asked of the calendar once each.
  let known = elapsedByCalendar.get(calendar);
  if (known === undefined) elapsedByCalendar.set(calendar, (known = new Map()));
  const pair = `${start}/${end}`;
  if (known.has(pair)) return known.get(pair)!;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a cache's bound: clearing it sooner, later or never gives the same days
  if (known.size >= ELAPSED_CACHE_SIZE) known.clear();
  const days = countWorkingDays(calendar, start, end);
  known.set(pair, days);
  return days;
}

/** Pairs of dates remembered per calendar: a working year's pairs of a few weeks apart, and then some. */
const ELAPSED_CACHE_SIZE = 20_000;
const elapsedByCalendar = new WeakMap<StatsCalendar, Map<string, number | null>>();

function countWorkingDays(calendar: StatsCalendar, start: string, end: string): number | null {
  try {
    if (typeof calendar.workingDaysBetween === 'function') return Math.max(0, calendar.workingDaysBetween(start, end));
    // A machine's calendar need only have deadline(): count the working days it steps over.
    let days = 0;
    while (calendar.deadline(`${start}T12:00:00+08:00`, days + 1).dueDate <= end) days++;
    return days;
  } catch {
    return null;
  }
}

/** Every visit of a step in the history (流转记录), oldest first: a visit lasts until the case moves to another step. */
function visitsOf(history: readonly HistoryEntry[]): { step: StatsStep; entered: HistoryEntry; left: HistoryEntry | undefined }[] {
  const visits: { step: StatsStep; entered: HistoryEntry; left: HistoryEntry | undefined }[] = [];
  let open: (typeof visits)[number] | undefined;
  for (const entry of history) {
    const step = stepOfState(entry.to);
    if (open !== undefined && open.step === step) continue;
    if (open !== undefined) open.left = entry;
    open = step === null ? undefined : { step, entered: entry, left: undefined };
    if (open !== undefined) visits.push(open);
  }
  return visits;
}

/** The visit a case is in: its step, and the history entry that entered it. */
interface OpenVisit {
  readonly step: StatsStep;
  readonly enteredSeq: number;
  readonly enteredAt: string;
}

/**
 * Where a case stands in its steps after the first `length` history entries: the working days of
 * its completed visits added up per step, and the visit it is in. The engine keeps it with the
 * case it holds, so a write takes in only the entries its event added (constant work per event).
 */
export interface StepProgress {
  readonly length: number;
  readonly totals: Readonly<Record<StatsStep, StatsSum>>;
  readonly open: OpenVisit | null;
}

const noTotals = (): Record<StatsStep, { sum: number; count: number }> =>
  Object.fromEntries(STATS_STEPS.map((step) => [step, { sum: 0, count: 0 }])) as Record<StatsStep, { sum: number; count: number }>;

/** Before the first history entry: nothing counted, no step entered. */
export const NO_PROGRESS: StepProgress = Object.freeze({ length: 0, totals: Object.freeze(noTotals()), open: null });

/**
 * `progress` carried on over the history entries after its `length`: each entry that moves the
 * case to another step closes the visit it was in (its working days counted) and opens the next.
 *
 * @returns The new progress, and the visits the last entry opened or closed (what a write stores).
 */
export function advanceSteps(calendar: StatsCalendar, progress: StepProgress, history: readonly HistoryEntry[]): { progress: StepProgress; touched: CaseStepVisit[] } {
  if (history.length <= progress.length) return { progress, touched: [] };
  let totals = progress.totals;
  let open = progress.open;
  let touched: CaseStepVisit[] = [];
  for (let index = progress.length; index < history.length; index++) {
    const entry = history[index]!;
    const step = stepOfState(entry.to);
    touched = [];
    if (open !== null && open.step === step) continue;
    if (open !== null) {
      const workingDays = workingDaysElapsed(calendar, open.enteredAt, entry.at);
      if (workingDays !== null) {
        const sum = totals[open.step];
        totals = { ...totals, [open.step]: { sum: sum.sum + workingDays, count: sum.count + 1 } };
      }
      touched.push({ enteredSeq: open.enteredSeq, step: open.step, enteredAt: open.enteredAt, leftAt: entry.at, workingDays });
    }
    open = step === null ? null : { step, enteredSeq: entry.seq, enteredAt: entry.at };
    if (open !== null) touched.push({ ...open, leftAt: null, workingDays: null });
  }
  return { progress: { length: history.length, totals, open }, touched };
}

/** The step progress over a whole history (a case the engine restored, before its first write). */
export function stepProgressOf(snapshot: CaseMachineSnapshot): StepProgress {
  return advanceSteps(calendarOf(snapshot), NO_PROGRESS, snapshot.context.history).progress;
}

const calendarOf = (snapshot: CaseMachineSnapshot): StatsCalendar => machineRules.get(snapshot.machine)!.calendar as StatsCalendar;

/**
 * What one write stores of the statistics, from the step progress of the version it follows:
 * the same as {@link caseStatsOf} derives from the whole history, with only the new history
 * entries walked. The rest of the columns come from the case's context as it is now.
 *
 * @returns The write's statistics, and the progress to keep with the new version.
 */
export function caseStatsAfter(snapshot: CaseMachineSnapshot, version: number, previous: StepProgress): { stats: CaseStatsWrite; progress: StepProgress } {
  const { progress, touched } = advanceSteps(calendarOf(snapshot), previous, snapshot.context.history);
  return { stats: { stats: statsColumnsOf(snapshot, version, progress.totals), steps: touched, complete: false }, progress };
}

/** The columns of a case's statistics but its step totals, from its context as it is now. */
function statsColumnsOf(snapshot: CaseMachineSnapshot, version: number, stepTotals: Readonly<Record<StatsStep, StatsSum>>): CaseStats {
  const context: CaseContext = snapshot.context;
  const rules = machineRules.get(snapshot.machine)!;
  const calendar = rules.calendar as StatsCalendar;
  const last = context.history.at(-1)!;
  const stage = last.to.split('.')[0]!;
  const outcome = FINAL_STAGES.has(stage) ? (stage as FinalStage) : null;
  const results = context.deadlines.filter((deadline) => deadline.kind === 'resultsUpload').at(-1);
  // Step limits (环节办理时限): counted per deadline, not per case — a step entered again has one per visit.
  let [stepsOnTime, stepsLate, stepsOverdue] = [0, 0, 0];
  let stepDueAt: string | null = null;
  for (const deadline of context.deadlines) {
    if (deadline.kind !== 'step') continue;
    if (deadline.status === 'met') stepsOnTime++;
    else if (deadline.status === 'late') stepsLate++;
    else if (deadline.status === 'overdue') stepsOverdue++;
    else {
      // (A disable comment must lead a statement: Stryker does not see one placed before an `else`.)
      // Stryker disable next-line ConditionalExpression: a step deadline is pending, met, late or overdue (only an acknowledgement is ever missed)
      if (deadline.status === 'pending') stepDueAt = deadline.dueAt;
    }
  }
  return {
    version,
    openedAt: context.openedAt,
    origin: context.origin,
    itemNo: context.itemNo ?? null,
    leadUnit: context.assignment?.lead.unit ?? itemLeadOf(context, rules.catalog) ?? null,
    outcome,
    urges: context.urges.length,
    resultsDueAt: results?.dueAt ?? null,
    resultsStatus: results?.status ?? null,
    stepsOnTime,
    stepsLate,
    stepsOverdue,
    stepDueAt,
    archiveWorkingDays: outcome === 'archived' ? workingDaysElapsed(calendar, context.openedAt, last.at) : null,
    stepTotals,
  };
}

/**
 * What the statistics keep of a case (统计), derived from its whole snapshot: the columns the
 * reports group and count by (with the working days of every completed step visit added up per
 * step), and the step visits the last event opened or closed (`complete`: every visit, for a case
 * written before the statistics existed). A write takes the same from {@link caseStatsAfter},
 * walking only the entries its event added; this walk of the whole history fills the statistics
 * of cases stored without them, and is what the incremental one is tested against.
 */
export function caseStatsOf(snapshot: CaseMachineSnapshot, version: number, complete = false): CaseStatsWrite {
  const context: CaseContext = snapshot.context;
  const calendar = calendarOf(snapshot);
  const last = context.history.at(-1)!;
  const visits = visitsOf(context.history).map((visit) => ({
    ...visit,
    workingDays: visit.left === undefined ? null : workingDaysElapsed(calendar, visit.entered.at, visit.left.at),
  }));
  const stepTotals = noTotals();
  for (const visit of visits) {
    if (visit.workingDays === null) continue;
    stepTotals[visit.step].sum += visit.workingDays;
    stepTotals[visit.step].count++;
  }
  const steps: CaseStepVisit[] = visits
    .filter((visit) => complete || visit.entered.seq === last.seq || visit.left?.seq === last.seq)
    .map((visit) => ({ enteredSeq: visit.entered.seq, step: visit.step, enteredAt: visit.entered.at, leftAt: visit.left?.at ?? null, workingDays: visit.workingDays }));
  return { stats: statsColumnsOf(snapshot, version, stepTotals), steps, complete };
}
