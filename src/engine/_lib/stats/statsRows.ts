import { originLabels } from '../../../../machines/labels.js';
import type { Catalog } from '../../../../catalog/types.js';
import type { StatsGrouping, StatsGroupTotals, StatsRow, StatsStep, StatsSum } from '../../statsTypes.js';

const STEPS: readonly StatsStep[] = ['preliminaryReview', 'legalReview', 'approval', 'dispatching', 'enforcing', 'aggregating'];

/** A mean to two decimals, `null` of nothing. */
const mean = (sum: StatsSum | undefined): number | null => (sum === undefined || sum.count === 0 ? null : Math.round((sum.sum / sum.count) * 100) / 100);

/** What to call a group, in Chinese. */
function labelOf(key: string | number | null, by: StatsGrouping, catalog: Catalog): string {
  if (key === null) return by === 'leadUnit' ? '（未定牵头单位）' : by === 'item' ? '（无事项）' : '（无）';
  switch (by) {
    case 'leadUnit':
      // A township or sub-district outside the catalog is `locality:<name>`.
      return catalog.units.find((unit) => unit.id === key)?.name ?? (String(key).startsWith('locality:') ? String(key).slice('locality:'.length) : String(key));
    case 'item': {
      const item = catalog.items.find((candidate) => candidate.no === key);
      return item === undefined ? String(key) : `${item.no} ${item.name}`;
    }
    case 'origin':
      return Object.hasOwn(originLabels, key as string) ? originLabels[key as keyof typeof originLabels].zh : String(key);
    case 'month': {
      const [year, month] = String(key).split('-');
      return `${year}年${Number(month)}月`;
    }
  }
}

/** Two groups' totals added up (for the total row). */
function plus(a: StatsGroupTotals, b: StatsGroupTotals): StatsGroupTotals {
  const add = (x: StatsSum | undefined, y: StatsSum | undefined): StatsSum => ({ sum: (x?.sum ?? 0) + (y?.sum ?? 0), count: (x?.count ?? 0) + (y?.count ?? 0) });
  return {
    key: null,
    opened: a.opened + b.opened,
    archived: a.archived + b.archived,
    rejected: a.rejected + b.rejected,
    notApproved: a.notApproved + b.notApproved,
    withdrawn: a.withdrawn + b.withdrawn,
    declined: a.declined + b.declined,
    resultsOnTime: a.resultsOnTime + b.resultsOnTime,
    resultsLate: a.resultsLate + b.resultsLate,
    resultsOverdue: a.resultsOverdue + b.resultsOverdue,
    stepsOnTime: a.stepsOnTime + b.stepsOnTime,
    stepsLate: a.stepsLate + b.stepsLate,
    stepsOverdue: a.stepsOverdue + b.stepsOverdue,
    urges: a.urges + b.urges,
    archiveDays: add(a.archiveDays, b.archiveDays),
    steps: Object.fromEntries(STEPS.map((step) => [step, add(a.steps[step], b.steps[step])])),
  };
}

const EMPTY: StatsGroupTotals = {
  key: null,
  opened: 0,
  archived: 0,
  rejected: 0,
  notApproved: 0,
  withdrawn: 0,
  declined: 0,
  resultsOnTime: 0,
  resultsLate: 0,
  resultsOverdue: 0,
  stepsOnTime: 0,
  stepsLate: 0,
  stepsOverdue: 0,
  urges: 0,
  archiveDays: { sum: 0, count: 0 },
  steps: {},
};

/** A report row from a group's counts and sums. */
export function rowOf(totals: StatsGroupTotals, label: string): StatsRow {
  const finished = totals.archived + totals.rejected + totals.notApproved + totals.withdrawn + totals.declined;
  const due = totals.resultsOnTime + totals.resultsLate + totals.resultsOverdue;
  return {
    key: totals.key,
    label,
    opened: totals.opened,
    archived: totals.archived,
    rejected: totals.rejected,
    notApproved: totals.notApproved,
    withdrawn: totals.withdrawn,
    declined: totals.declined,
    inProgress: totals.opened - finished,
    resultsOnTime: totals.resultsOnTime,
    resultsLate: totals.resultsLate,
    resultsOverdue: totals.resultsOverdue,
    onTimeRate: due === 0 ? null : Math.round((totals.resultsOnTime / due) * 10_000) / 10_000,
    stepsOnTime: totals.stepsOnTime,
    stepsLate: totals.stepsLate,
    stepsOverdue: totals.stepsOverdue,
    urges: totals.urges,
    avgWorkingDaysToArchive: mean(totals.archiveDays),
    avgWorkingDaysByStep: {
      preliminaryReview: mean(totals.steps.preliminaryReview),
      legalReview: mean(totals.steps.legalReview),
      approval: mean(totals.steps.approval),
      dispatching: mean(totals.steps.dispatching),
      enforcing: mean(totals.steps.enforcing),
      aggregating: mean(totals.steps.aggregating),
    },
  };
}

/**
 * Keys in order: item numbers ascending, text by code unit, the group without a key last. A
 * report's keys are unique and all numbers or all text (runStats refuses other answers), so `<`
 * compares them as such and no two keys are equal.
 */
const byKey = (a: StatsGroupTotals, b: StatsGroupTotals): number => {
  if (a.key === null) return 1;
  if (b.key === null) return -1;
  // Stryker disable next-line EqualityOperator: no two keys are equal (see above), so `<=` orders them the same
  return a.key < b.key ? -1 : 1;
};

/** The report's rows, ordered by key, and the total (合计). */
export function rowsOf(groups: readonly StatsGroupTotals[], by: StatsGrouping, catalog: Catalog): { rows: StatsRow[]; total: StatsRow } {
  const sorted = [...groups].sort(byKey);
  return { rows: sorted.map((group) => rowOf(group, labelOf(group.key, by, catalog))), total: rowOf(sorted.reduce(plus, EMPTY), '合计') };
}
