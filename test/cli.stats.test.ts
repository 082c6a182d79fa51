/**
 * `linked-enforcement stats`: help, usage errors that echo the bad value, and the report from a
 * PostgreSQL store as a table, CSV, XLSX and JSON (the same rows as `engine.stats`).
 */
import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { createCaseEngine, type CaseEngine } from 'linked-enforcement';
import { runCli } from '../src/cli/runCli.js';
import type { PostgresStore } from '../src/store/postgres/index.js';
import { bj, center, ev, market } from './_lib/cases.js';
import { following, testClock, toReporting } from './_lib/engine.js';
import { postgresHarness } from './_lib/storeHarness.js';

const databaseUrl = process.env.DATABASE_URL;

interface Run {
  code: number;
  stdout: string;
  bytes: Uint8Array;
  stderr: string;
}

async function run(...argv: string[]): Promise<Run> {
  const chunks: (string | Uint8Array)[] = [];
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (chunk: string | Uint8Array) => chunks.push(chunk) }, stderr: { write: (text: string) => (stderr += text) } });
  const bytes = Buffer.concat(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk)));
  return { code, stdout: bytes.toString('utf8'), bytes, stderr };
}

const period = ['--from', '2026-09-01', '--to', '2026-09-30'];

describe('stats: help and usage', () => {
  it('is listed in --help and has its own help', async () => {
    expect((await run('--help')).stdout).toContain('stats --from <日期> --to <日期> --by <分组>');
    for (const argv of [['stats', '--help'], ['help', 'stats']]) {
      const { code, stdout } = await run(...argv);
      expect(code).toBe(0);
      for (const text of ['--by <分组>', 'leadUnit（牵头单位）', 'table（默认 default', '--database-url <url>', 'DATABASE_URL', '--table-prefix']) expect(stdout).toContain(text);
    }
  });

  it('exits 2 echoing a bad format or grouping, a missing option, a missing database or an argument', async () => {
    const cases: [string[], string][] = [
      [['stats', ...period, '--by', 'unit'], '--by must be leadUnit, item, month or origin, not "unit"'],
      [['stats', ...period, '--by', 'month', '--format', 'pdf'], '--format must be table, csv, xlsx or json, not "pdf"'],
      [['stats', ...period, '--by', 'month', '--format', 'csv', '--json'], '--json conflicts with --format csv'],
      [['stats', '--to', '2026-09-30', '--by', 'month'], 'missing --from'],
      [['stats', '--from', '2026-09-01', '--by', 'month'], 'missing --to'],
      [['stats', ...period], 'missing --by'],
      [['stats', ...period, '--by', 'month', 'extra'], 'unexpected extra'],
      [['workdays', 'info', '2026-10-01', '--by', 'month'], 'workdays does not take --by'],
      [['diagram', '--database-url', 'postgres://x'], 'diagram does not take --database-url'],
    ];
    for (const [argv, message] of cases) {
      const result = await run(...argv, '--database-url', 'postgres://127.0.0.1:1/none');
      expect([result.code, result.stdout], argv.join(' ')).toEqual([2, '']);
      expect(result.stderr, argv.join(' ')).toContain(message);
    }
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      const result = await run('stats', ...period, '--by', 'month');
      expect([result.code, result.stderr]).toEqual([2, expect.stringContaining('missing --database-url (or the DATABASE_URL environment variable)')]);
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  });

  it('exits 1 with the code and the bad date from engine.stats', async () => {
    const result = await run('stats', '--from', '2026-02-30', '--to', '2026-09-30', '--by', 'month', '--database-url', 'postgres://127.0.0.1:1/none');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[INVALID_INPUT]');
    expect(result.stderr).toContain('from');
  });
});

describe.skipIf(databaseUrl === undefined)('stats: a PostgreSQL store', () => {
  const harness = postgresHarness(databaseUrl);

  /** Two item-1 cases: one archived on time, one uploaded late. */
  async function stored(): Promise<{ engine: CaseEngine; prefix: string }> {
    const store = (await harness.create()) as PostgresStore;
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(createCaseEngine({ store, clock }), clock);
    await toReporting(engine, 'a');
    await toReporting(engine, 'b');
    await engine.send('a', ev('results.upload', market, bj('2026-10-12 17:00'), { results: { summary: '完成' } }));
    await engine.send('a', ev('case.archive', center, bj('2026-10-14 09:00'), { summary: '已汇总' }));
    await engine.send('b', ev('results.upload', market, bj('2026-10-15 10:00'), { results: { summary: '迟报' } }));
    return { engine, prefix: store.tables.cases.slice(0, -'cases'.length) };
  }

  it('prints the report as a table, CSV, XLSX and JSON from --database-url and --table-prefix', async () => {
    const { engine, prefix } = await stored();
    const args = ['stats', ...period, '--by', 'leadUnit', '--database-url', databaseUrl!, '--table-prefix', prefix];
    const expected = await engine.stats({ from: '2026-09-01', to: '2026-09-30', by: 'leadUnit' });

    const json = await run(...args, '--json');
    expect([json.code, json.stderr]).toEqual([0, '']);
    // Judged at the system clock, after every deadline of the story: the same rows.
    expect(JSON.parse(json.stdout)).toMatchObject({ rows: expected.rows, total: expected.total, failed: [] });

    const text = await run(...args);
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toMatch(/^统计报表 Statistics 2026-09-01 至 2026-09-30，统计时间 as of /u);
    expect(lines[1]).toMatch(/^牵头单位 +受理 +存档 +驳回/u);
    expect(lines[3]).toMatch(/^市场监管局 +2 +1 +0 +0 +0 +0 +1 +1 +1 +0 +50\.0% +0 +0 +0 +0 +27\.00 +0\.00 +1\.00 +1\.00 +1\.00 +23\.50 +2\.00$/u);
    expect(lines[5]).toMatch(/^合计 +2 /u);
    // Columns line up by display width (a Chinese character takes two cells).
    const widthOf = (line: string) => [...line].reduce((width, char) => width + (/\p{Script=Han}|[（）]/u.test(char) ? 2 : 1), 0);
    expect(new Set([1, 3, 5].map((index) => widthOf(lines[index]!))).size).toBe(1);

    const csv = await run(...args, '--format', 'csv');
    expect(csv.stdout.startsWith('\uFEFF牵头单位,受理,')).toBe(true);
    expect(csv.stdout).toContain('\r\n市场监管局,2,1,0,0,0,0,1,1,1,0,0.5,0,0,0,0,27,0,1,1,1,23.5,2\r\n');

    const xlsx = await run(...args, '--format', 'xlsx');
    const [sheet] = await readXlsxFile(Buffer.from(xlsx.bytes));
    expect(sheet!.data[2]).toEqual(['市场监管局', 2, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0.5, 0, 0, 0, 0, 27, 0, 1, 1, 1, 23.5, 2]);
  });

  it('exits 1 with STORE_UNAVAILABLE and the hint to migrate for tables that do not exist', async () => {
    const result = await run('stats', ...period, '--by', 'month', '--database-url', databaseUrl!, '--table-prefix', 'no_such_prefix_');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[STORE_UNAVAILABLE]');
    expect(result.stderr).toContain('run store.migrate()');
  });
});
