/**
 * linked-enforcement/export: the statistics as CSV (RFC 4180, UTF-8 with BOM) and XLSX, read back
 * (the XLSX with read-excel-file) and compared cell by cell with the report.
 */
import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type StatsReport, type StatsRow } from 'linked-enforcement';
import { statsColumns, statsToCsv, statsToXlsx } from 'linked-enforcement/export';
import { bj, center, ev, market } from './_lib/cases.js';
import { following, testClock, toReporting } from './_lib/engine.js';
import { rejectionOf, thrown } from './_lib/errors.js';

/** Two archived-or-not cases of 市场监管局 and one rejected: a report with counts, a rate, averages and empty cells. */
async function report(): Promise<StatsReport> {
  const clock = testClock(bj('2026-09-01 09:00'));
  const engine = following(createCaseEngine({ store: memoryStore(), clock }), clock);
  await toReporting(engine, 'a');
  await toReporting(engine, 'b');
  await engine.send('a', ev('results.upload', market, bj('2026-10-12 17:00'), { results: { summary: '完成' } }));
  await engine.send('a', ev('case.archive', center, bj('2026-10-14 09:00'), { summary: '已汇总' }));
  await engine.send('b', ev('results.upload', market, bj('2026-10-15 10:00'), { results: { summary: '迟报' } }));
  return engine.stats({ from: '2026-09-01', to: '2026-09-30', by: 'leadUnit' });
}

/** RFC 4180 read back: fields split on commas outside quotes, `""` inside quotes is one quote, records end with CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += char;
  }
  expect([field, record]).toEqual(['', []]);
  return records;
}

const headers = ['牵头单位', '受理', '存档', '驳回', '未批准', '撤回', '不予上报', '在办', '按时上传结果', '逾期上传结果', '超期未上传', '按时率', '环节按时办结', '环节逾期办结', '环节超期未办结', '催办', '平均办结用时（工作日）', '初审（工作日）', '法制审核（工作日）', '审批/同意（工作日）', '派送（工作日）', '执法（工作日）', '汇总（工作日）'];

describe('statsToCsv', () => {
  it('writes RFC 4180 with a BOM, Chinese headers, one line per group and the total, empty for none', async () => {
    const stats = await report();
    const csv = statsToCsv(stats);
    expect(csv.startsWith('\uFEFF牵头单位,受理,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/u);
    const [head, ...lines] = parseCsv(csv.slice(1));
    expect(head).toEqual(headers);
    // a archived on time (27 working days), b uploaded late and still aggregating.
    const line = ['市场监管局', '2', '1', '0', '0', '0', '0', '1', '1', '1', '0', '0.5', '0', '0', '0', '0', '27', '0', '1', '1', '1', '23.5', '2'];
    expect(lines).toEqual([line, ['合计', ...line.slice(1)]]);
  });

  it('quotes what needs quoting and keeps a name from running as a formula', async () => {
    const stats = await report();
    const odd = (label: string): StatsRow => ({ ...stats.rows[0]!, label });
    const csv = statsToCsv({ ...stats, rows: [odd('城管局,执法"一队"'), odd('=HYPERLINK("http://x")'), odd('第一行\n第二行'), odd('-1')] });
    expect(csv).toContain('\r\n"城管局,执法""一队""",2,');
    expect(parseCsv(csv.slice(1)).map((record) => record[0])).toEqual(['牵头单位', '城管局,执法"一队"', `'=HYPERLINK("http://x")`, '第一行\n第二行', "'-1", '合计']);
  });

  it('refuses what is not a stats report, naming it', async () => {
    const stats = await report();
    for (const bad of [undefined, {}, { ...stats, rows: [{ ...stats.rows[0], opened: -1 }] }, { ...stats, by: 'unit' }]) {
      const error = thrown(() => statsToCsv(bad as never));
      expect(error).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'report' } });
    }
  });
});

describe('statsColumns', () => {
  it('heads the group column by the grouping, and says how each cell reads (text, count, rate, working days)', () => {
    expect((['leadUnit', 'item', 'month', 'origin'] as const).map((by) => statsColumns(by)[0]!.header)).toEqual(['牵头单位', '事项', '月份', '立案方式']);
    expect(statsColumns('item').slice(1).map((column) => column.header)).toEqual(headers.slice(1));
    // The kind is how a table of one's own formats the cell: the XLSX writes rates as percentages and days with a decimal.
    const kinds = statsColumns('leadUnit').map((column) => column.kind);
    expect(kinds).toEqual(['text', ...Array(10).fill('count'), 'rate', ...Array(4).fill('count'), ...Array(7).fill('days')]);
    expect(Object.fromEntries(statsColumns('leadUnit').map((column) => [column.header, column.kind]))).toMatchObject({ 按时率: 'rate', 环节超期未办结: 'count', 催办: 'count', '平均办结用时（工作日）': 'days' });
  });
});

describe('the step-limit columns', () => {
  it('write each counter under its own header', async () => {
    const stats = await report();
    const row: StatsRow = { ...stats.rows[0]!, stepsOnTime: 3, stepsLate: 2, stepsOverdue: 1 };
    const [head, line] = parseCsv(statsToCsv({ ...stats, rows: [row] }).slice(1));
    const cell = (header: string) => line![head!.indexOf(header)];
    expect([cell('环节按时办结'), cell('环节逾期办结'), cell('环节超期未办结')]).toEqual(['3', '2', '1']);
  });
});

describe('statsToXlsx', () => {
  it('writes a workbook that reads back with the headers, numbers as numbers, the total and empty cells for none', async () => {
    const stats = await report();
    const [sheet, ...others] = await readXlsxFile(Buffer.from(await statsToXlsx(stats)));
    expect(others).toEqual([]);
    expect(sheet!.sheet).toBe('统计报表');
    const [title, head, row, total] = sheet!.data;
    expect(String(title![0])).toBe(`统计报表 2026-09-01 至 2026-09-30（统计时间 ${stats.now}）`);
    expect(head).toEqual(headers);
    const values = ['市场监管局', 2, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0.5, 0, 0, 0, 0, 27, 0, 1, 1, 1, 23.5, 2];
    expect(row).toEqual(values);
    expect(total).toEqual(['合计', ...values.slice(1)]);
    expect(sheet!.data).toHaveLength(4);
  });

  it('leaves a cell empty where the report has nothing (no results due, none archived)', async () => {
    const stats = await report();
    const empty: StatsRow = { ...stats.rows[0]!, onTimeRate: null, avgWorkingDaysToArchive: null };
    const [sheet] = await readXlsxFile(Buffer.from(await statsToXlsx({ ...stats, rows: [empty] })));
    const columns = statsColumns('leadUnit').map((column) => column.header);
    const row = sheet!.data[2]!;
    expect([row[columns.indexOf('按时率')], row[columns.indexOf('平均办结用时（工作日）')]]).toEqual([null, null]);
  });

  it('refuses what is not a stats report', async () => {
    const error = await rejectionOf(() => statsToXlsx({ rows: [] } as never));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'report' } });
  });
});
