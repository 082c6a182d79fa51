import { parseArgument } from '../_lib/validate.js';
import { statsReportSchema } from '../engine/statsSchemas.js';
import type { StatsReport } from '../engine/statsTypes.js';
import { rowsWithTotal, statsColumns } from './statsTable.js';

/**
 * A text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or a carriage
 * return first) gets a leading `'`: a unit or locality name is data, never a formula (CSV injection).
 */
export function neutralized(text: string): string {
  return /^[=+\-@\t\r]/u.test(text) ? `'${text}` : text;
}

/** A field as RFC 4180 writes it: quoted (quotes doubled) when it holds a comma, a quote or a line break. */
const field = (value: string | number | null): string => {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : neutralized(value);
  return /[",\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * The statistics as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted where needed),
 * UTF-8 with a byte-order mark so Excel opens the Chinese correctly: Chinese headers, one line per
 * group and the total (合计) last. Rates are fractions (0.25), working days have two decimals;
 * an empty field is "none" (no results due, no archived case).
 *
 * @param report - What `engine.stats` returned.
 * @returns The CSV text, starting with U+FEFF.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` when `report` is not a stats report.
 * @example
 * statsToCsv(await engine.stats({ from: '2026-09-01', to: '2026-09-30', by: 'leadUnit' })).split('\r\n')[0]
 * //=> '\uFEFF牵头单位,受理,存档,驳回,未批准,撤回,不予上报,在办,按时上传结果,逾期上传结果,超期未上传,按时率,催办,平均办结用时（工作日）,初审（工作日）,法制审核（工作日）,审批/同意（工作日）,派送（工作日）,执法（工作日）,汇总（工作日）'
 */
export function statsToCsv(report: StatsReport): string {
  const parsed = parseArgument(statsReportSchema, report, 'report');
  const columns = statsColumns(parsed.by);
  const lines = [columns.map((column) => field(column.header)).join(','), ...rowsWithTotal(parsed).map((row) => columns.map((column) => field(column.value(row))).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
