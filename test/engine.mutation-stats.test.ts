/**
 * `engine.stats`'s run (README › Statistics): the backlog of cases stored without statistics is
 * read a page of 200 at a time and each case that cannot be restored is listed in `failed` (a
 * store failure stops the call), and the period is asked of the store as Beijing days. Written
 * against the mutants that survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type MemoryStore } from 'linked-enforcement';
import { applicationInput, bj } from './_lib/cases.js';
import { testClock } from './_lib/engine.js';
import { rejectionOf } from './_lib/errors.js';

/** A memory store whose backlog is `backlog` (ids of cases it does not hold), recording what stats asks. */
function storeWithBacklog(backlog: readonly string[]) {
  const store = memoryStore();
  const backlogCalls: unknown[] = [];
  const statsCalls: unknown[] = [];
  const spied = Object.assign(Object.create(store) as MemoryStore, {
    statsBacklog: async (options: { after?: string; limit: number }) => {
      backlogCalls.push(options);
      const start = options.after === undefined ? 0 : backlog.indexOf(options.after) + 1;
      return backlog.slice(start, start + options.limit);
    },
    stats: async (query: unknown) => {
      statsCalls.push(query);
      return store.stats!(query as never);
    },
  });
  return { store: spied, backlogCalls, statsCalls };
}

const ids = (count: number) => Array.from({ length: count }, (_, index) => `gone-${String(index).padStart(3, '0')}`);

describe('engine.stats: the backlog and the period', () => {
  it('reads the backlog 200 at a time after the last id of a full page, and lists each case it cannot restore', async () => {
    const { store, backlogCalls } = storeWithBacklog(ids(201));
    const report = await createCaseEngine({ store, clock: testClock(bj('2026-09-30 12:00')) }).stats({ from: '2026-09-01', to: '2026-09-30', by: 'leadUnit' });
    expect(backlogCalls).toEqual([{ limit: 200 }, { after: 'gone-199', limit: 200 }]);
    expect(report.failed).toHaveLength(201);
    expect(report.failed[200]).toEqual({ caseId: 'gone-200', code: 'CASE_NOT_FOUND', message: expect.stringContaining('gone-200') });
  });

  it('stops after a page that is not full', async () => {
    const { store, backlogCalls } = storeWithBacklog(ids(200));
    await createCaseEngine({ store }).stats({ from: '2026-09-01', to: '2026-09-30', by: 'leadUnit' });
    expect(backlogCalls).toEqual([{ limit: 200 }, { after: 'gone-199', limit: 200 }]);
    const short = storeWithBacklog(ids(3));
    await createCaseEngine({ store: short.store }).stats({ from: '2026-09-01', to: '2026-09-30', by: 'leadUnit' });
    expect(short.backlogCalls).toEqual([{ limit: 200 }]);
  });

  it('stops at a store failure instead of listing it', async () => {
    const { store } = storeWithBacklog(['case-x']);
    const failing = Object.assign(Object.create(store) as MemoryStore, {
      load: async () => {
        throw new Error('connection lost');
      },
    });
    expect(await rejectionOf(() => createCaseEngine({ store: failing }).stats({ from: '2026-09-01', to: '2026-09-30', by: 'leadUnit' }))).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('asks the store for the Beijing days from the start of `from` to the end of `to`, at the engine’s clock', async () => {
    const { store, statsCalls } = storeWithBacklog([]);
    const engine = createCaseEngine({ store, clock: testClock(bj('2026-10-08 09:30')) });
    await engine.open(applicationInput());
    const report = await engine.stats({ from: '2026-09-01', to: '2026-09-30', by: 'month' });
    expect(statsCalls).toEqual([{ by: 'month', from: '2026-09-01T00:00:00.000+08:00', to: '2026-10-01T00:00:00.000+08:00', now: '2026-10-08T09:30:00.000+08:00' }]);
    expect(report).toMatchObject({ from: '2026-09-01', to: '2026-09-30', by: 'month', now: '2026-10-08T09:30:00.000+08:00', failed: [] });
    expect(report.rows.map((row) => row.key)).toEqual(['2026-09']);
  });

  it('refuses a store that keeps no statistics, naming what it lacks', async () => {
    const store = Object.assign(Object.create(memoryStore()) as MemoryStore, { stats: undefined, name: 'plain' });
    expect(await rejectionOf(() => createCaseEngine({ store }).stats({ from: '2026-09-01', to: '2026-09-30', by: 'leadUnit' }))).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Invalid store: the plain store keeps no statistics (it needs stats, statsBacklog and backfillStats)',
    });
  });
});
