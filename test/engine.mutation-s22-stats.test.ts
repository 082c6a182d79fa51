/**
 * `engine.stats` (README › Statistics): the backlog of cases stored without statistics gets each
 * case's complete statistics, the rows come in key order (the group without a key last) whatever
 * order a store answers in, and a store's answer whose keys repeat or do not fit the grouping is
 * refused. Written against the mutants that survived in src/engine/_lib/stats/ (session 22).
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type CaseStatsWrite, type CaseWrite, type MemoryStore, type StatsGroupTotals } from 'linked-enforcement';
import { applicationInput, bj, center, ev, inCharge, justice } from './_lib/cases.js';
import { answeringStats as answering, following, statsGroup as group, testClock } from './_lib/engine.js';
import { rejectionOf } from './_lib/errors.js';

const query = { from: '2026-09-01', to: '2026-09-30' } as const;

describe('engine.stats: the backlog', () => {
  it('asks for the first page of the backlog without an `after` (no case id to page after)', async () => {
    const asked: object[] = [];
    const store = Object.assign(Object.create(memoryStore()) as MemoryStore, {
      statsBacklog: async (options: { after?: string; limit: number }) => (asked.push(options), []),
    });
    await createCaseEngine({ store }).stats({ ...query, by: 'leadUnit' });
    expect(asked).toHaveLength(1);
    expect(Object.keys(asked[0]!)).toEqual(['limit']);
  });

  it('fills a case stored without statistics with every step visit of its history, marked complete', async () => {
    const store = memoryStore();
    // A store that drops the statistics of each write: its cases are the backlog, as after a 0.3 migration.
    const older = Object.assign(Object.create(store) as MemoryStore, {
      create: (record: CaseWrite) => store.create({ ...record, stats: undefined }),
      commit: (record: CaseWrite, expected: number) => store.commit({ ...record, stats: undefined }, expected),
    });
    const backfilled: CaseStatsWrite[] = [];
    const recording = Object.assign(Object.create(older) as MemoryStore, {
      backfillStats: (caseId: string, write: CaseStatsWrite) => (backfilled.push(write), store.backfillStats!(caseId, write)),
    });
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(createCaseEngine({ store: recording, clock }), clock);
    await engine.open(applicationInput());
    await engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')));
    await engine.send('case-1', ev('legal.approve', justice, bj('2026-09-02 10:00')));
    await engine.send('case-1', ev('leader.approve', inCharge, bj('2026-09-03 10:00')));
    const report = await engine.stats({ ...query, by: 'leadUnit' });
    expect(report.total.opened).toBe(1);
    expect(backfilled).toHaveLength(1);
    expect(backfilled[0]!.complete).toBe(true);
    // 初审, 法制审核, 审批 completed, 派送 entered: not only the visits the last event touched.
    expect(backfilled[0]!.steps.map(({ step, leftAt }) => [step, leftAt])).toEqual([
      ['preliminaryReview', bj('2026-09-01 10:00')],
      ['legalReview', bj('2026-09-02 10:00')],
      ['approval', bj('2026-09-03 10:00')],
      ['dispatching', null],
    ]);
  });
});

describe('engine.stats: the rows in key order', () => {
  const keysOf = async (store: MemoryStore, by: 'leadUnit' | 'item') => (await createCaseEngine({ store }).stats({ ...query, by })).rows.map((row) => row.key);

  it('orders unit ids by code unit with the group without a lead unit last, whatever order the store answers in', async () => {
    const keys = ['transport', null, 'agriculture-rural'];
    for (const order of [keys, [...keys].reverse(), [null, 'transport', 'agriculture-rural'], ['agriculture-rural', 'transport', null]]) {
      expect(await keysOf(answering(order.map(group)), 'leadUnit'), JSON.stringify(order)).toEqual(['agriculture-rural', 'transport', null]);
    }
  });

  it('orders item numbers as numbers (2 before 10) with the group without an item last, whatever order the store answers in', async () => {
    const keys = [10, null, 2];
    for (const order of [keys, [...keys].reverse(), [null, 10, 2], [2, 10, null]]) {
      expect(await keysOf(answering(order.map(group)), 'item'), JSON.stringify(order)).toEqual([2, 10, null]);
    }
  });
});

describe('engine.stats: a store answer the rows cannot rest on', () => {
  const refusal = (groups: readonly StatsGroupTotals[], by: 'leadUnit' | 'item') => rejectionOf(() => createCaseEngine({ store: answering(groups) }).stats({ ...query, by }));

  it('refuses a key that repeats an earlier group’s (two rows of one group would count its cases twice in nothing)', async () => {
    const error = await refusal([group('transport'), group(null), group('transport')], 'leadUnit');
    expect(error).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: 'The own store answered stats() with what CaseStore does not allow: group 2: key "transport" repeats an earlier group\'s',
      context: { store: 'own', operation: 'stats', retryable: false, outcome: 'not-applied' },
    });
    expect((await refusal([group(null), group(3), group(null)], 'item')).message).toMatch(/group 2: key null repeats an earlier group's$/);
  });

  it('refuses an item key that is text (as a database driver may give a number) and a unit key that is a number', async () => {
    expect((await refusal([group(2), group('10')], 'item')).message).toBe('The own store answered stats() with what CaseStore does not allow: group 1: key "10" is not a number (grouped by item)');
    expect((await refusal([group('transport'), group(7)], 'leadUnit')).message).toBe(
      'The own store answered stats() with what CaseStore does not allow: group 1: key 7 is not a string (grouped by leadUnit)',
    );
  });
});
