import { createCaseEngine } from '../../engine/index.js';
import type { StatsReport, StatsRow } from '../../engine/statsTypes.js';
import { statsColumns, statsToCsv, statsToXlsx } from '../../export/index.js';
import { postgresStore } from '../../store/postgres/index.js';
import { writeJson, type CommandContext } from '../_lib/io.js';
import { expectArgs, UsageError } from '../_lib/usageError.js';

const formats = ['table', 'csv', 'xlsx', 'json'] as const;
const groupings = ['leadUnit', 'item', 'month', 'origin'] as const;

/** Columns a terminal draws two cells wide (CJK, full-width forms): a table lines up in Chinese. */
const wide = (code: number) => (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6);
const widthOf = (text: string) => [...text].reduce((width, char) => width + (wide(char.codePointAt(0)!) ? 2 : 1), 0);
const pad = (text: string, width: number, right: boolean) => (right ? ' '.repeat(width - widthOf(text)) + text : text + ' '.repeat(width - widthOf(text)));

/** The report as a text table: rates as percentages, working days with two decimals, `—` for none. */
function table(report: StatsReport): string {
  const columns = statsColumns(report.by);
  const cell = (row: StatsRow, index: number): string => {
    const column = columns[index]!;
    const value = column.value(row);
    if (value === null) return '—';
    if (typeof value === 'string') return value;
    return column.kind === 'rate' ? `${(value * 100).toFixed(1)}%` : column.kind === 'days' ? value.toFixed(2) : String(value);
  };
  const lines = [columns.map((column) => column.header), ...[...report.rows, report.total].map((row) => columns.map((_, index) => cell(row, index)))];
  const widths = columns.map((_, index) => Math.max(...lines.map((line) => widthOf(line[index]!))));
  const render = (line: readonly string[]) => line.map((text, index) => pad(text, widths[index]!, index > 0)).join('  ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [
    `统计报表 Statistics ${report.from} 至 ${report.to}，统计时间 as of ${report.now}`,
    render(lines[0]!),
    rule,
    ...lines.slice(1, -1).map(render),
    rule,
    render(lines.at(-1)!),
    ...report.failed.map((failure) => `未计入 Not counted: ${failure.caseId} [${failure.code}] ${failure.message}`),
  ]
    .map((line) => `${line}\n`)
    .join('');
}

/** An option the command needs, or a usage error naming it. */
function required(value: string | undefined, option: string, what: string): string {
  if (value === undefined || value === '') throw new UsageError(`缺少 --${option}（${what}）`, `missing --${option} (${what})`);
  return value;
}

/**
 * `stats --from <date> --to <date> --by <grouping> [--format table|csv|xlsx|json] [--database-url <url>]`:
 * the statistics (统计报表) of the cases in a PostgreSQL store, as a text table, CSV, an Excel
 * workbook (bytes on stdout: redirect them to a file) or JSON.
 *
 * @param context - The words after the command, the parsed options and where to write.
 * @throws {UsageError} For a missing option, an unknown format or grouping, no database URL.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` for bad dates (from `engine.stats`), `STORE_UNAVAILABLE`.
 */
export async function statsCommand({ args, options, io }: CommandContext): Promise<void> {
  expectArgs(args, 'stats', []);
  const format = options.format ?? (options.json ? 'json' : 'table');
  if (!(formats as readonly string[]).includes(format)) {
    throw new UsageError(`--format 只能是 table、csv、xlsx 或 json，而不是“${format}”`, `--format must be table, csv, xlsx or json, not "${format}"`);
  }
  if (options.json && format !== 'json') throw new UsageError(`--json 与 --format ${format} 不能同时使用`, `--json conflicts with --format ${format}`);
  const from = required(options.from, 'from', '起始日期 YYYY-MM-DD / the first day');
  const to = required(options.to, 'to', '截止日期 YYYY-MM-DD / the last day');
  const by = required(options.by, 'by', 'leadUnit、item、month 或 origin');
  if (!(groupings as readonly string[]).includes(by)) {
    throw new UsageError(`--by 只能是 leadUnit、item、month 或 origin，而不是“${by}”`, `--by must be leadUnit, item, month or origin, not "${by}"`);
  }
  const url = options.databaseUrl ?? process.env.DATABASE_URL;
  if (url === undefined || url === '') throw new UsageError('缺少 --database-url（或环境变量 DATABASE_URL）', 'missing --database-url (or the DATABASE_URL environment variable)');
  let pg: typeof import('pg');
  try {
    pg = await import('pg');
  } catch {
    throw new UsageError('stats 需要 PostgreSQL 驱动：npm install pg', 'stats needs the PostgreSQL driver: npm install pg');
  }
  const Pool = pg.Pool ?? (pg as unknown as { default: typeof import('pg') }).default.Pool;
  const pool = new Pool({ connectionString: url, max: 1 });
  pool.on('error', () => {});
  try {
    const store = postgresStore({ pool, ...(options.tablePrefix === undefined ? {} : { tablePrefix: options.tablePrefix }) });
    const report = await createCaseEngine({ store }).stats({ from, to, by: by as (typeof groupings)[number] });
    if (format === 'json') return writeJson(io, report);
    if (format === 'csv') return void io.stdout.write(statsToCsv(report));
    if (format === 'xlsx') return void io.stdout.write(await statsToXlsx(report));
    io.stdout.write(table(report));
  } finally {
    await pool.end();
  }
}
