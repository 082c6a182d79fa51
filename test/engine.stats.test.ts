/**
 * 统计报表: `engine.stats` pinned counter by counter on hand-checked cases, the same rows from the
 * memory store and PostgreSQL, Beijing dates, validation, and the backfill of cases stored before
 * the statistics existed.
 *
 * Working days of the stories, by the 2026 arrangement (中秋 9-25…27, 国庆 10-1…7, make-up days
 * Sunday 9-20 and Saturday 10-10): 9-4 → 10-12 is 22 (September 7–11, 14–18, 20, 21–24, 28–30:
 * 18; October 8, 9, 10, 12: 4), 9-4 → 10-15 is 25, 10-12 → 10-14 is 2, 9-1 → 10-14 is 27.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type CaseEngine, type CaseStore, type MemoryStore, type StatsRow } from 'linked-enforcement';
import { postgresStore } from '../src/store/postgres/index.js';
import { applicationInput, bj, center, ev, fire, inCharge, justice, market } from './_lib/cases.js';
import { following, testClock, toReporting } from './_lib/engine.js';
import { rejectionOf } from './_lib/errors.js';
import { memoryHarness, postgresHarness } from './_lib/storeHarness.js';

const databaseUrl = process.env.DATABASE_URL;
/** When the reports are read: the results of c-swept (due 10-13) and d-pending (due 10-15) are past due. */
const REPORT_AT = bj('2026-10-20 09:00');

/** The cases every test reads, told in time order through an engine whose clock follows them. */
async function tellStories(store: CaseStore): Promise<{ engine: CaseEngine; clock: ReturnType<typeof testClock> }> {
  const clock = testClock(bj('2026-09-01 06:00'));
  const engine = following(createCaseEngine({ store, clock }), clock);
  // Opened before 08:00 on 9-1 Beijing time: 8-31 in UTC, September in Beijing. No item, no lead unit.
  await engine.open({ caseId: 'j-assigned', title: '交办', origin: 'leaderAssignment', leader: { name: '张县长', post: 'principal' }, instruction: '国庆前完成', by: center, at: bj('2026-09-01 07:00') });
  for (const caseId of ['a-archived', 'b-late', 'c-swept']) await toReporting(engine, caseId);
  // Enforcement ended 10-9: results due 10-15, after the sweep below, so its deadline stays pending.
  await toReporting(engine, 'd-pending', bj('2026-10-09 18:00'));
  await engine.open(applicationInput({ caseId: 'e-rejected', at: bj('2026-09-02 09:00') }));
  await engine.send('e-rejected', ev('review.reject', center, bj('2026-09-02 10:00'), { reason: '不属于联动执法事项' }));
  await engine.open(applicationInput({ caseId: 'f-denied', at: bj('2026-09-03 09:00') }));
  await engine.send('f-denied', ev('review.pass', center, bj('2026-09-03 10:00')));
  await engine.send('f-denied', ev('legal.approve', justice, bj('2026-09-03 11:00')));
  await engine.send('f-denied', ev('leader.deny', inCharge, bj('2026-09-03 12:00'), { reason: '条件不成熟' }));
  await engine.open(applicationInput({ caseId: 'g-withdrawn', at: bj('2026-09-04 09:00') }));
  await engine.send('g-withdrawn', ev('application.withdraw', market, bj('2026-09-04 11:00'), { reason: '已自行处理' }));
  // A cooperating unit's request: item 1's lead unit (市场监管局) is the case's before any dispatch, and declines it.
  await engine.open({ caseId: 'h-declined', title: '火灾隐患', itemNo: 1, origin: 'emergencyRequest', reporter: 'fire-rescue', description: '重大火灾隐患', by: fire, at: bj('2026-09-05 09:00') });
  await engine.send('h-declined', ev('emergency.decline', market, bj('2026-09-05 10:00'), { reason: '可自行处置' }));
  // Item 6 is led by 农业农村局; the center's own case waits in its first step.
  await engine.open({ caseId: 'i-center', title: '农资检查', itemNo: 6, origin: 'centerInitiated', reason: '春耕前检查', by: center, at: bj('2026-09-10 09:00') });
  await engine.send('a-archived', ev('case.urge', center, bj('2026-10-09 09:00'), { unit: 'market-regulation' }));
  await engine.send('a-archived', ev('results.upload', market, bj('2026-10-12 17:00'), { results: { summary: '检查商户120家' } }));
  await engine.send('a-archived', ev('case.archive', center, bj('2026-10-14 09:00'), { summary: '已汇总' }));
  await engine.send('c-swept', ev('case.urge', center, bj('2026-10-13 09:00'), { unit: 'market-regulation' }));
  await engine.send('c-swept', ev('case.urge', center, bj('2026-10-13 15:00'), { unit: 'market-regulation' }));
  clock.advanceTo(bj('2026-10-14 08:00'));
  // Marks the results of b-late and c-swept (due 10-13) overdue.
  await engine.sweep();
  await engine.send('b-late', ev('results.upload', market, bj('2026-10-15 10:00'), { results: { summary: '迟报' } }));
  // Opened at the first instant of October in Beijing: outside a September report.
  await engine.open(applicationInput({ caseId: 'k-october', at: bj('2026-10-01 00:00') }));
  clock.advanceTo(REPORT_AT);
  return { engine, clock };
}

const steps = (values: Partial<StatsRow['avgWorkingDaysByStep']>): StatsRow['avgWorkingDaysByStep'] => ({
  preliminaryReview: null,
  legalReview: null,
  approval: null,
  dispatching: null,
  enforcing: null,
  aggregating: null,
  ...values,
});

describe('engine.stats: each counter on hand-checked cases (memory store)', () => {
  it('counts outcomes, results on time / late / overdue, urges and working days per lead unit', async () => {
    const { engine } = await tellStories(memoryStore());
    const report = await engine.stats({ from: '2026-09-01', to: '2026-09-30', by: 'leadUnit' });
    expect(report).toMatchObject({ from: '2026-09-01', to: '2026-09-30', by: 'leadUnit', now: '2026-10-20T09:00:00.000+08:00', failed: [] });
    expect(report.rows).toEqual([
      {
        key: 'agriculture-rural',
        label: '农业农村局',
        opened: 1,
        archived: 0,
        rejected: 0,
        notApproved: 0,
        withdrawn: 0,
        declined: 0,
        inProgress: 1,
        resultsOnTime: 0,
        resultsLate: 0,
        resultsOverdue: 0,
        onTimeRate: null,
        stepsOnTime: 0,
        stepsLate: 0,
        stepsOverdue: 0,
        urges: 0,
        avgWorkingDaysToArchive: null,
        avgWorkingDaysByStep: steps({}),
      },
      {
        key: 'market-regulation',
        label: '市场监管局',
        // a–h; k opened in October.
        opened: 8,
        archived: 1,
        rejected: 1,
        notApproved: 1,
        withdrawn: 1,
        declined: 1,
        // b (results in, not archived), c and d (results overdue).
        inProgress: 3,
        resultsOnTime: 1,
        resultsLate: 1,
        // c marked overdue by the sweep; d pending past its due time at the report's now (b, marked too, was uploaded since: late).
        resultsOverdue: 2,
        onTimeRate: 0.25,
        // Siyang sets no step limits.
        stepsOnTime: 0,
        stepsLate: 0,
        stepsOverdue: 0,
        urges: 3,
        avgWorkingDaysToArchive: 27,
        avgWorkingDaysByStep: steps({
          // a–g reviewed on the day they were opened.
          preliminaryReview: 0,
          // a–d one working day each, f the same day: 4 / 5.
          legalReview: 0.8,
          // a–d one day each, f denied and h declined the same day: 4 / 6.
          approval: 0.67,
          dispatching: 1,
          // a 22, b 25 (c and d still enforcing).
          enforcing: 23.5,
          // a 2 (b still aggregating).
          aggregating: 2,
        }),
      },
      {
        key: null,
        label: '（未定牵头单位）',
        opened: 1,
        archived: 0,
        rejected: 0,
        notApproved: 0,
        withdrawn: 0,
        declined: 0,
        inProgress: 1,
        resultsOnTime: 0,
        resultsLate: 0,
        resultsOverdue: 0,
        onTimeRate: null,
        stepsOnTime: 0,
        stepsLate: 0,
        stepsOverdue: 0,
        urges: 0,
        avgWorkingDaysToArchive: null,
        avgWorkingDaysByStep: steps({}),
      },
    ]);
    expect(report.total).toMatchObject({ key: null, label: '合计', opened: 10, inProgress: 5, onTimeRate: 0.25, urges: 3, avgWorkingDaysByStep: { enforcing: 23.5 } });
  });

  it('groups by item, origin and Beijing month; the period is Beijing dates, both included', async () => {
    const { engine } = await tellStories(memoryStore());
    const keysOf = async (by: 'item' | 'origin' | 'month', from = '2026-09-01', to = '2026-09-30') =>
      (await engine.stats({ from, to, by })).rows.map((row) => [row.key, row.label, row.opened]);
    expect(await keysOf('item')).toEqual([
      [1, '1 农贸市场安全方面的综合执法', 8],
      [6, expect.stringMatching(/^6 /u), 1],
      [null, '（无事项）', 1],
    ]);
    expect(await keysOf('origin')).toEqual([
      ['application', '申请', 7],
      ['centerInitiated', '因工作需要', 1],
      ['emergencyRequest', '配合单位提请', 1],
      ['leaderAssignment', '县领导交办', 1],
    ]);
    // j-assigned was opened on 8-31 in UTC: a report by UTC dates would leave it out of September.
    expect(await keysOf('month')).toEqual([['2026-09', '2026年9月', 10]]);
    expect(await keysOf('month', '2026-09-01', '2026-10-01')).toEqual([
      ['2026-09', '2026年9月', 10],
      ['2026-10', '2026年10月', 1],
    ]);
    expect(await keysOf('month', '2026-09-02', '2026-09-04')).toEqual([['2026-09', '2026年9月', 3]]);
    expect(await keysOf('month', '2026-10-02', '2026-12-31')).toEqual([]);
  });

  it('counts results overdue only once their due time has passed, judged at the engine’s clock', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(createCaseEngine({ store, clock }), clock);
    await toReporting(engine, 'r');
    // Due 10-13 23:59:59.999: not yet due at its last instant.
    clock.advanceTo('2026-10-13T23:59:59.999+08:00');
    const before = (await engine.stats({ from: '2026-09-01', to: '2026-09-01', by: 'leadUnit' })).total;
    expect([before.resultsOverdue, before.onTimeRate]).toEqual([0, null]);
    clock.advanceTo('2026-10-14T00:00:00.000+08:00');
    const after = (await engine.stats({ from: '2026-09-01', to: '2026-09-01', by: 'leadUnit' })).total;
    expect([after.resultsOverdue, after.onTimeRate]).toEqual([1, 0]);
  });

  it('refuses a bad query with INVALID_INPUT naming what is wrong', async () => {
    const engine = createCaseEngine();
    const cases: [unknown, string][] = [
      [{ from: '2026-9-1', to: '2026-09-30', by: 'month' }, 'from'],
      [{ from: '2026-02-30', to: '2026-03-01', by: 'month' }, 'from'],
      [{ from: '2026-10-01', to: '2026-09-30', by: 'month' }, 'to'],
      [{ from: '2026-09-01', to: '2100-01-01', by: 'month' }, 'to'],
      [{ from: '2026-09-01', to: '2026-09-30', by: 'unit' }, 'by'],
      [{ from: '2026-09-01', to: '2026-09-30' }, 'by'],
      [{ from: '2026-09-01', to: '2026-09-30', by: 'month', limit: 5 }, ''],
      [null, ''],
    ];
    for (const [query, path] of cases) {
      const error = await rejectionOf(() => engine.stats(query as never));
      expect(error.code, JSON.stringify(query)).toBe('INVALID_INPUT');
      expect(error.context.argument).toBe('query');
      if (path !== '') expect(error.issues.map((issue) => issue.path[1]), JSON.stringify(query)).toContain(path);
    }
  });

  it('refuses a store of one’s own that keeps no statistics', async () => {
    const { stats: _stats, statsBacklog: _backlog, backfillStats: _backfill, ...bare } = memoryStore();
    const error = await rejectionOf(() => createCaseEngine({ store: bare as CaseStore }).stats({ from: '2026-09-01', to: '2026-09-30', by: 'month' }));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'store', store: 'memory' } });
  });

  it('brings cases stored without statistics (a memory store of 0.3) up to date, once, and gives the same rows', async () => {
    const { engine } = await tellStories(memoryStore());
    const expected = await engine.stats({ from: '2026-09-01', to: '2026-10-31', by: 'leadUnit' });
    const data = (engine.store as MemoryStore).toJSON();
    for (const record of Object.values(data.cases)) delete record.stats;
    const reloaded = memoryStore({ data });
    expect(await reloaded.statsBacklog!({ limit: 100 })).toHaveLength(11);
    const fresh = createCaseEngine({ store: reloaded, clock: { now: () => new Date(REPORT_AT) } });
    expect(await fresh.stats({ from: '2026-09-01', to: '2026-10-31', by: 'leadUnit' })).toEqual(expected);
    expect(await reloaded.statsBacklog!({ limit: 100 })).toEqual([]);
    // Kept in its JSON from then on.
    expect(Object.values(reloaded.toJSON().cases).every((record) => record.stats !== undefined)).toBe(true);
  });
});

const harnesses = [memoryHarness(), postgresHarness(databaseUrl)];

describe.skipIf(databaseUrl === undefined)('engine.stats: the same rows from both stores', () => {
  it('gives exactly the memory store’s rows on PostgreSQL for every grouping', async () => {
    const [memory, postgres] = await Promise.all(harnesses.map(async (harness) => (await tellStories(await harness.create())).engine));
    for (const by of ['leadUnit', 'item', 'month', 'origin'] as const) {
      for (const [from, to] of [
        ['2026-09-01', '2026-09-30'],
        ['2026-08-01', '2026-12-31'],
        ['2026-09-05', '2026-09-05'],
      ] as const) {
        const expected = await memory!.stats({ from, to, by });
        expect(expected.total.opened, `${by} ${from}`).toBeGreaterThan(0);
        expect(await postgres!.stats({ from, to, by }), `${by} ${from}…${to}`).toEqual(expected);
      }
    }
  });

  it('keeps no row per step visit on PostgreSQL: migrate drops the case_steps of a 0.4 development database and narrows its period index, and the reports stay the same', async () => {
    const [memory, postgres] = await Promise.all(harnesses.map(async (harness) => (await tellStories(await harness.create())).engine));
    const store = postgres!.store as ReturnType<typeof postgresStore>;
    const prefix = store.tables.cases.slice(0, -'cases'.length);
    const query = { from: '2026-08-01', to: '2026-12-31', by: 'leadUnit' } as const;
    const expected = await postgres!.stats(query);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    try {
      // The table as those builds made it, with a row.
      await pool.query(`CREATE TABLE ${prefix}case_steps (case_id text NOT NULL, entered_seq integer NOT NULL, step text NOT NULL, entered_at timestamptz NOT NULL,
                                                         left_at timestamptz, working_days integer, PRIMARY KEY (case_id, entered_seq))`);
      await pool.query(`INSERT INTO ${prefix}case_steps VALUES ('a-archived', 0, 'preliminaryReview', now(), NULL, NULL)`);
      // And their period index, which held every column a report reads.
      await pool.query(`DROP INDEX ${prefix}case_stats_period_idx; CREATE INDEX ${prefix}case_stats_period_idx ON ${prefix}case_stats (opened_at) INCLUDE (lead_unit, outcome, step_days)`);
      await store.migrate();
      expect((await pool.query(`SELECT to_regclass($1) AS table`, [`${prefix}case_steps`])).rows[0].table).toBeNull();
      const { rows } = await pool.query(`SELECT indexdef FROM pg_indexes WHERE indexname = $1`, [`${prefix}case_stats_period_idx`]);
      expect(rows.map((row) => row.indexdef as string)).toEqual([expect.stringMatching(/\(opened_at\)$/u)]);
      expect(await postgres!.stats(query)).toEqual(expected);
    } finally {
      await pool.end();
    }
    // The per-step totals a report averages come from the same visits the memory store keeps:
    // a-archived: 初审, 法制审核, 审批, 派送, 执法 (22 working days, closed by the upload), 汇总.
    const visits = (memory!.store as MemoryStore).toJSON().cases['a-archived']!.stats!.steps;
    expect(visits.map((visit) => [visit.step, visit.workingDays])).toEqual([
      ['preliminaryReview', 0],
      ['legalReview', 1],
      ['approval', 1],
      ['dispatching', 1],
      ['enforcing', 22],
      ['aggregating', 2],
    ]);
  });

  it('fills the statistics of cases stored before 0.4 when migrate adds the tables, and gives the same rows', async () => {
    const store = await harnesses[1]!.create();
    const { engine } = await tellStories(store);
    const expected = await engine.stats({ from: '2026-08-01', to: '2026-12-31', by: 'leadUnit' });
    const prefix = (store as ReturnType<typeof postgresStore>).tables.cases.slice(0, -'cases'.length);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    try {
      // A 0.3 database: no statistics tables.
      await pool.query(`DROP TABLE ${prefix}case_stats`);
      const upgraded = postgresStore({ pool, tablePrefix: prefix });
      await upgraded.migrate();
      expect(await upgraded.statsBacklog!({ limit: 100 })).toHaveLength(11);
      const fresh = createCaseEngine({ store: upgraded, clock: { now: () => new Date(REPORT_AT) } });
      expect(await fresh.stats({ from: '2026-08-01', to: '2026-12-31', by: 'leadUnit' })).toEqual(expected);
      expect(await upgraded.statsBacklog!({ limit: 100 })).toEqual([]);
      // Migrating again leaves them as they are.
      await upgraded.migrate();
      expect(await upgraded.statsBacklog!({ limit: 100 })).toEqual([]);
    } finally {
      await pool.end();
    }
  });
});
