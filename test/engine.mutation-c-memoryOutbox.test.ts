/**
 * The memory store's outbox (发件箱) where the older suites left it open: messages written at the
 * same instant listed and claimed by case id (then version and position), a store's JSON whose
 * records of one write come in any order, and a delivery state that differs from an untouched
 * one in its attempts alone, kept through `toJSON` / `memoryStore({ data })`.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type MemoryStore } from 'linked-enforcement';
import { applicationInput, bj } from './_lib/cases.js';
import { storedItem1Case, testClock } from './_lib/engine.js';

/** Cases opened at one instant, in the order given: one notification each, all due at once. */
async function openedTogether(caseIds: readonly string[]) {
  const store = memoryStore();
  const engine = createCaseEngine({ store, clock: testClock(bj('2026-09-01 09:00')) });
  for (const caseId of caseIds) await engine.open(applicationInput({ caseId }));
  return store;
}

const claim = (store: MemoryStore, now: string, extra: Record<string, unknown> = {}) =>
  store.claimNotifications({ now: bj(now), leaseUntil: bj('2026-09-01 10:01'), token: 't1', limit: 10, maxAttempts: 8, ...extra });

describe('the memory store’s outbox, further', () => {
  it('orders messages due (or written) at the same instant by case id', async () => {
    const store = await openedTogether(['d', 'b', 'e', 'a', 'c']);
    const ids = async (status: 'pending' | 'delivered') => (await store.notifications({ status, limit: 10 })).map((record) => record.id);
    expect(await ids('pending')).toEqual(['a/1/0', 'b/1/0', 'c/1/0', 'd/1/0', 'e/1/0']);
    expect((await claim(store, '2026-09-01 09:00', { limit: 3 })).map((record) => record.id)).toEqual(['a/1/0', 'b/1/0', 'c/1/0']);
    await claim(store, '2026-09-01 09:00');
    await store.settleNotifications(['e', 'c', 'a', 'd', 'b'].map((caseId) => ({ id: `${caseId}/1/0`, token: 't1', outcome: 'delivered' as const, at: bj('2026-09-01 09:30') })));
    expect(await ids('delivered')).toEqual(['a/1/0', 'b/1/0', 'c/1/0', 'd/1/0', 'e/1/0']);
    expect(store.toJSON().outbox.map((record) => record.id)).toEqual(['a/1/0', 'b/1/0', 'c/1/0', 'd/1/0', 'e/1/0']);
  });

  it('reads the records of one write in any order, each at its position', async () => {
    // Up to the dispatch (派送), which notifies every unit of the plan at once.
    const { store } = await storedItem1Case(4);
    const data = store.toJSON();
    const written = data.outbox.filter((record) => record.version === 5).map((record) => record.id);
    expect(written.length).toBeGreaterThan(1);
    const reopened = memoryStore({ data: { ...data, outbox: [...data.outbox].reverse() } });
    expect(reopened.toJSON()).toEqual(data);
    const claimed = await claim(reopened, '2026-09-04 10:00', { limit: 100 });
    expect(claimed.map((record) => record.id)).toEqual(data.outbox.map((record) => record.id));
    expect(claimed).toEqual(data.outbox.map((record) => ({ ...record, attempts: 1, leaseUntil: bj('2026-09-01 10:01') })));
    expect(written).toEqual(written.map((_, index) => `case-1/5/${index}`));
  });

  it('keeps a state that differs from an untouched one only in its attempts', async () => {
    const store = await openedTogether(['a', 'b']);
    await claim(store, '2026-09-01 09:00', { ids: ['a/1/0'] });
    // A retry with no next attempt and no error (the store's interface allows both): attempts 1, all else as written.
    expect(await store.settleNotifications([{ id: 'a/1/0', token: 't1', outcome: 'retry', at: bj('2026-09-01 09:00') }])).toEqual(['a/1/0']);
    const data = store.toJSON();
    expect(data.outbox[0]).toMatchObject({ id: 'a/1/0', attempts: 1, nextAttemptAt: data.outbox[0]!.createdAt, leaseUntil: null, deliveredAt: null, failedAt: null, lastError: null });
    const reopened = memoryStore({ data });
    expect(reopened.toJSON()).toEqual(data);
    expect((await claim(reopened, '2026-09-01 09:00', { maxAttempts: 1 })).map((record) => `${record.id}#${record.attempts}`)).toEqual(['b/1/0#1']);
    expect(await reopened.notifications({ status: 'failed', limit: 10 })).toMatchObject([{ id: 'a/1/0', attempts: 1, lastError: 'gave up: its delivery was interrupted 1 times' }]);
  });

  it('claims a write’s other messages when one is delivered, and never a delivered or parked one again', async () => {
    const { store } = await storedItem1Case(4);
    const written = store.toJSON().outbox.filter((record) => record.version === 5).map((record) => record.id);
    const [first, ...others] = written;
    expect(others.length).toBeGreaterThan(0);
    const claimAt = (now: string, extra: Record<string, unknown> = {}) => claim(store, now, { limit: 100, ...extra }).then((records) => records.map((record) => record.id));
    expect(await claimAt('2026-09-04 10:00', { ids: [first] })).toEqual([first]);
    expect(await store.settleNotifications([{ id: first!, token: 't1', outcome: 'delivered', at: bj('2026-09-04 10:00') }])).toEqual([first]);
    expect(await claimAt('2026-09-04 11:00', { ids: [first] })).toEqual([]);
    const rest = await claimAt('2026-09-04 11:00');
    expect(rest.filter((id) => id.startsWith('case-1/5/'))).toEqual(others);
    expect(rest).not.toContain(first);
  });

  it('ignores a settle with the token of a claim whose message was parked since', async () => {
    const store = await openedTogether(['a']);
    expect((await claim(store, '2026-09-01 09:00')).map((record) => record.id)).toEqual(['a/1/0']);
    // The lease (to 10:01) expires; the next claim finds it interrupted once and parks it.
    expect(await claim(store, '2026-09-01 10:01', { maxAttempts: 1, token: 't2' })).toEqual([]);
    expect(await store.settleNotifications([{ id: 'a/1/0', token: 't1', outcome: 'delivered', at: bj('2026-09-01 10:02') }])).toEqual([]);
    expect(await store.notifications({ status: 'failed', limit: 10 })).toMatchObject([{ id: 'a/1/0', deliveredAt: null, failedAt: bj('2026-09-01 10:01') }]);
    expect(await store.notifications({ status: 'delivered', limit: 10 })).toEqual([]);
  });
});
