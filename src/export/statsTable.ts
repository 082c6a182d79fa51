import type { StatsGrouping, StatsReport, StatsRow } from '../engine/statsTypes.js';

/** One column of an exported report: its Chinese header and how a row fills it. */
export interface StatsColumn {
  readonly header: string;
  /** The cell: a count, a rate (0–1), working days, a label; `null` for nothing to show. */
  readonly value: (row: StatsRow) => string | number | null;
  /** How the cell reads: a count, a rate, working days, text. */
  readonly kind: 'text' | 'count' | 'rate' | 'days';
}

const groupHeaders: Record<StatsGrouping, string> = { leadUnit: '牵头单位', item: '事项', month: '月份', origin: '立案方式' };

/**
 * The columns of an exported report, in order, with Chinese headers (the group's header depends
 * on `by`): for a table of your own beside the CSV and XLSX.
 *
 * @param by - The report's grouping.
 * @returns The columns, each with its header, how to read it and its cell for a row.
 * @example
 * statsColumns('month').slice(0, 3).map((column) => column.header)
 * //=> ['月份', '受理', '存档']
 */
export function statsColumns(by: StatsGrouping): readonly StatsColumn[] {
  return [
    { header: groupHeaders[by], value: (row) => row.label, kind: 'text' },
    { header: '受理', value: (row) => row.opened, kind: 'count' },
    { header: '存档', value: (row) => row.archived, kind: 'count' },
    { header: '驳回', value: (row) => row.rejected, kind: 'count' },
    { header: '未批准', value: (row) => row.notApproved, kind: 'count' },
    { header: '撤回', value: (row) => row.withdrawn, kind: 'count' },
    { header: '不予上报', value: (row) => row.declined, kind: 'count' },
    { header: '在办', value: (row) => row.inProgress, kind: 'count' },
    { header: '按时上传结果', value: (row) => row.resultsOnTime, kind: 'count' },
    { header: '逾期上传结果', value: (row) => row.resultsLate, kind: 'count' },
    { header: '超期未上传', value: (row) => row.resultsOverdue, kind: 'count' },
    { header: '按时率', value: (row) => row.onTimeRate, kind: 'rate' },
    // Step limits (环节办理时限) a county set: deadlines, not cases (all 0 in Siyang, which sets none).
    { header: '环节按时办结', value: (row) => row.stepsOnTime, kind: 'count' },
    { header: '环节逾期办结', value: (row) => row.stepsLate, kind: 'count' },
    { header: '环节超期未办结', value: (row) => row.stepsOverdue, kind: 'count' },
    { header: '催办', value: (row) => row.urges, kind: 'count' },
    { header: '平均办结用时（工作日）', value: (row) => row.avgWorkingDaysToArchive, kind: 'days' },
    { header: '初审（工作日）', value: (row) => row.avgWorkingDaysByStep.preliminaryReview, kind: 'days' },
    { header: '法制审核（工作日）', value: (row) => row.avgWorkingDaysByStep.legalReview, kind: 'days' },
    { header: '审批/同意（工作日）', value: (row) => row.avgWorkingDaysByStep.approval, kind: 'days' },
    { header: '派送（工作日）', value: (row) => row.avgWorkingDaysByStep.dispatching, kind: 'days' },
    { header: '执法（工作日）', value: (row) => row.avgWorkingDaysByStep.enforcing, kind: 'days' },
    { header: '汇总（工作日）', value: (row) => row.avgWorkingDaysByStep.aggregating, kind: 'days' },
  ];
}

/** The report's rows and then its total (合计): what every export writes under the headers. */
export const rowsWithTotal = (report: StatsReport): readonly StatsRow[] => [...report.rows, report.total];
