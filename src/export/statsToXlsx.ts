import writeXlsxFile, { type Row } from 'write-excel-file/node';
import { parseArgument } from '../_lib/validate.js';
import { statsReportSchema } from '../engine/statsSchemas.js';
import type { StatsReport } from '../engine/statsTypes.js';
import { neutralized } from './statsToCsv.js';
import { rowsWithTotal, statsColumns } from './statsTable.js';

const formats = { count: '0', rate: '0.0%', days: '0.00' } as const;

/**
 * The statistics as an Excel workbook (XLSX), one sheet 统计报表: the period on the first line,
 * Chinese headers (bold, frozen), one row per group and the total (合计, bold). Counts, rates
 * (shown as percentages) and working days are numbers, so the sheet can sum and chart them; an
 * empty cell is "none". Written by write-excel-file (see the README for why that library).
 *
 * @param report - What `engine.stats` returned.
 * @returns The `.xlsx` file's bytes.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` when `report` is not a stats report.
 * @example
 * await writeFile('统计报表.xlsx', await statsToXlsx(await engine.stats({ from: '2026-09-01', to: '2026-09-30', by: 'month' })));
 */
export async function statsToXlsx(report: StatsReport): Promise<Uint8Array> {
  const parsed = parseArgument(statsReportSchema, report, 'report');
  const columns = statsColumns(parsed.by);
  const rows = rowsWithTotal(parsed);
  const sheet: Row[] = [
    [{ value: `统计报表 ${parsed.from} 至 ${parsed.to}（统计时间 ${parsed.now}）`, type: String, fontWeight: 'bold' }],
    columns.map((column) => ({ value: column.header, type: String, fontWeight: 'bold' as const, wrap: true })),
    ...rows.map((row, index) =>
      columns.map((column) => {
        const value = column.value(row);
        const bold = index === rows.length - 1 ? { fontWeight: 'bold' as const } : {};
        if (value === null) return null;
        if (typeof value === 'string') return { value: neutralized(value), type: String, ...bold };
        return { value, type: Number, format: formats[column.kind as keyof typeof formats], ...bold };
      }),
    ),
  ];
  const buffer = await writeXlsxFile(sheet, {
    sheet: '统计报表',
    stickyRowsCount: 2,
    columns: columns.map((column) => ({ width: column.kind === 'text' ? 28 : 12 })),
  }).toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
