/**
 * The memory store's outbox (发件箱) as `CaseStore`'s TSDoc states it: a claim takes what is due
 * (`nextAttemptAt <= now`, no unexpired lease), oldest first, up to `limit`, and parks what was
 * interrupted `maxAttempts` times; a settle needs its claim's token; the lists are ordered and
 * filtered; and all of it survives `toJSON` / `memoryStore({ data })`. Written against the
 * mutants that survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type MemoryStore } from 'linked-enforcement';
import { applicationInput, bj } from './_lib/cases.js';
import { testClock } from './_lib/engine.js';

/** A store with cases `a` (opened 09:00) and `b` (opened 09:10), one notification each. */
async function twoCases() {
  const store = memoryStore();
  const clock = testClock(bj('2026-09-01 09:00'));
  const engine = createCaseEngine({ store, clock });
  await engine.open(applicationInput({ caseId: 'b' }));
  clock.set(bj('2026-09-01 09:10'));
  await engine.open(applicationInput({ caseId: 'a' }));
  return store;
}

const claim = (store: MemoryStore, now: string, extra: Record<string, unknown> = {}) =>
  store.claimNotifications({ now: bj(now), leaseUntil: bj('2026-09-01 10:01'), token: 't1', limit: 10, maxAttempts: 8, ...extra }).then((records) => records.map((record) => `${record.id}#${record.attempts}`));

describe('the memory store’s outbox', () => {
  it('claims what is due, oldest first, up to the limit; a lease holds it until it expires, to the instant', async () => {
    const store = await twoCases();
    expect(await claim(store, '2026-09-01 09:05')).toEqual(['b/1/0#1']);
    expect(await claim(store, '2026-09-01 10:00', { limit: 1 })).toEqual(['a/1/0#1']);
    expect(await claim(store, '2026-09-01 10:00:59')).toEqual([]);
    expect(await claim(store, '2026-09-01 10:01')).toEqual(['b/1/0#2', 'a/1/0#2']);
  });

  it('claims only the ids asked for, ignoring ids it does not hold', async () => {
    const store = await twoCases();
    expect(await claim(store, '2026-09-01 10:00', { ids: ['b/1/00', 'b/1/0.0', 'b/1/+0'] })).toEqual([]);
    expect(await claim(store, '2026-09-01 10:00', { ids: ['a/1/0', 'a/1/1', 'c/1/0', 'a/2/0', 'nonsense'] })).toEqual(['a/1/0#1']);
  });

  it('parks a notification interrupted maxAttempts times, with the last error', async () => {
    const store = await twoCases();
    await claim(store, '2026-09-01 10:00', { ids: ['a/1/0'], maxAttempts: 2 });
    expect(await store.settleNotifications([{ id: 'a/1/0', token: 't1', outcome: 'retry', at: bj('2026-09-01 10:00'), nextAttemptAt: bj('2026-09-01 10:01'), error: 'timeout' }])).toEqual(['a/1/0']);
    expect(await claim(store, '2026-09-01 10:01', { ids: ['a/1/0'], maxAttempts: 2 })).toEqual(['a/1/0#2']);
    expect(await claim(store, '2026-09-01 10:02', { ids: ['a/1/0'], maxAttempts: 2 })).toEqual([]);
    expect(await store.notifications({ status: 'failed', limit: 10 })).toMatchObject([
      { id: 'a/1/0', status: 'failed', attempts: 2, failedAt: bj('2026-09-01 10:02'), leaseUntil: null, lastError: 'gave up: its delivery was interrupted 2 times (last error: timeout)' },
    ]);
    await claim(store, '2026-09-01 10:00', { ids: ['b/1/0'], maxAttempts: 1 });
    await claim(store, '2026-09-01 10:05', { ids: ['b/1/0'], maxAttempts: 1 });
    expect((await store.notifications({ status: 'failed', caseId: 'b', limit: 10 }))[0]!.lastError).toBe('gave up: its delivery was interrupted 1 times');
  });

  it('settles only with the claim’s token, once; a retry waits until its next attempt', async () => {
    const store = await twoCases();
    await claim(store, '2026-09-01 10:00');
    expect(await store.settleNotifications([{ id: 'a/1/0', token: 'other', outcome: 'delivered', at: bj('2026-09-01 10:00') }])).toEqual([]);
    expect(await store.settleNotifications([{ id: 'x/1/0', token: 't1', outcome: 'delivered', at: bj('2026-09-01 10:00') }])).toEqual([]);
    expect(await store.settleNotifications([{ id: 'a/1/0', token: 't1', outcome: 'delivered', at: bj('2026-09-01 10:00:30') }])).toEqual(['a/1/0']);
    expect(await store.settleNotifications([{ id: 'a/1/0', token: 't1', outcome: 'failed', at: bj('2026-09-01 10:00:40'), error: 'late' }])).toEqual([]);
    expect(await store.notifications({ status: 'delivered', limit: 10 })).toMatchObject([{ id: 'a/1/0', status: 'delivered', deliveredAt: bj('2026-09-01 10:00:30'), failedAt: null, leaseUntil: null, lastError: null }]);
    expect(await store.settleNotifications([{ id: 'b/1/0', token: 't1', outcome: 'retry', at: bj('2026-09-01 10:00'), nextAttemptAt: bj('2026-09-01 10:30'), error: 'busy' }])).toEqual(['b/1/0']);
    expect(await store.notifications({ status: 'pending', limit: 10 })).toMatchObject([{ id: 'b/1/0', status: 'pending', attempts: 1, nextAttemptAt: bj('2026-09-01 10:30'), leaseUntil: null, lastError: 'busy' }]);
    expect(await claim(store, '2026-09-01 10:29:59')).toEqual([]);
    expect(await claim(store, '2026-09-01 10:30')).toEqual(['b/1/0#2']);
  });

  it('lists pending ones by when they are due and the others by creation, by case, up to the limit', async () => {
    const store = await twoCases();
    const ids = async (query: Record<string, unknown>) => (await store.notifications({ limit: 10, ...query } as never)).map((record) => record.id);
    expect(await ids({ status: 'pending' })).toEqual(['b/1/0', 'a/1/0']);
    expect(await ids({ status: 'pending', limit: 1 })).toEqual(['b/1/0']);
    expect(await ids({ status: 'pending', caseId: 'a' })).toEqual(['a/1/0']);
    await claim(store, '2026-09-01 10:00');
    await store.settleNotifications([
      { id: 'b/1/0', token: 't1', outcome: 'retry', at: bj('2026-09-01 10:00'), nextAttemptAt: bj('2026-09-01 12:00') },
      { id: 'a/1/0', token: 't1', outcome: 'retry', at: bj('2026-09-01 10:00'), nextAttemptAt: bj('2026-09-01 11:00') },
    ]);
    expect(await ids({ status: 'pending' })).toEqual(['a/1/0', 'b/1/0']);
    await claim(store, '2026-09-01 12:00');
    await store.settleNotifications([
      { id: 'a/1/0', token: 't1', outcome: 'delivered', at: bj('2026-09-01 12:00') },
      { id: 'b/1/0', token: 't1', outcome: 'delivered', at: bj('2026-09-01 12:00') },
    ]);
    expect(await ids({ status: 'delivered' })).toEqual(['b/1/0', 'a/1/0']);
    expect(await ids({ status: 'pending' })).toEqual([]);
  });

  it('keeps every delivery state through toJSON and memoryStore({ data })', async () => {
    const store = await twoCases();
    await claim(store, '2026-09-01 10:00');
    await store.settleNotifications([{ id: 'a/1/0', token: 't1', outcome: 'retry', at: bj('2026-09-01 10:00'), nextAttemptAt: bj('2026-09-01 11:00'), error: 'busy' }]);
    const reopened = memoryStore({ data: store.toJSON() });
    expect(await reopened.notifications({ status: 'pending', limit: 10 })).toEqual(await store.notifications({ status: 'pending', limit: 10 }));
    expect(reopened.toJSON().outbox).toEqual(store.toJSON().outbox);
    expect(await claim(reopened, '2026-09-01 10:00:30')).toEqual([]);
    expect(await claim(reopened, '2026-09-01 10:01')).toEqual(['b/1/0#2']);
  });
});
