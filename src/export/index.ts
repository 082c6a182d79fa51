/**
 * `linked-enforcement/export` — the statistics (统计报表) as files a county office opens: CSV
 * (RFC 4180, UTF-8 with a byte-order mark) and Excel (XLSX). Node only (the XLSX writer uses
 * Node's streams and Buffer).
 *
 * @module linked-enforcement/export
 */
export { statsColumns } from './statsTable.js';
export type { StatsColumn } from './statsTable.js';
export { statsToCsv } from './statsToCsv.js';
export { statsToXlsx } from './statsToXlsx.js';
