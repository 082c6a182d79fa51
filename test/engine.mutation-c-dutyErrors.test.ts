/**
 * 待办 and 已办 when a row cannot be read: a case the engine cannot restore goes to `failed` and
 * the page goes on, but a store that is down (`STORE_UNAVAILABLE`) or a fault that is no
 * `LinkedEnforcementError` fails the call, never reported as one case's problem. Written against
 * the mutants the older suites left.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, LinkedEnforcementError, type DoneStoreQuery, type InboxStoreQuery, type MemoryStore } from 'linked-enforcement';
import { bj, justice, market } from './_lib/cases.js';
import { storedItem1Case, testClock } from './_lib/engine.js';
import { rejectionOf } from './_lib/errors.js';

/** An envelope that throws `error` when read. */
const throwing = (error: Error) => new Proxy({}, { get: () => { throw error; }, has: () => { throw error; }, ownKeys: () => { throw error; } });

/** The engine over a store whose 待办 and 已办 rows come with an envelope that throws `error`. */
async function withBrokenRows(error: Error) {
  const { store } = await storedItem1Case(1);
  const broken = Object.assign(Object.create(store) as MemoryStore, {
    inbox: async (query: InboxStoreQuery) => [{ caseId: 'broken', dueAt: null, waitingSince: bj('2026-09-01 10:00'), envelope: throwing(error), entries: [] }, ...(await store.inbox!(query))],
    done: async (query: DoneStoreQuery) => [{ caseId: 'broken', lastActedAt: bj('2026-09-01 10:00'), envelope: throwing(error), entries: [] }, ...(await store.done!(query))],
  });
  return createCaseEngine({ store: broken, clock: testClock(bj('2026-09-02 09:00')) });
}

describe('a 待办/已办 row that cannot be read', () => {
  it('a store that is down fails the call', async () => {
    const down = new LinkedEnforcementError('STORE_UNAVAILABLE', 'the store is down');
    const engine = await withBrokenRows(down);
    expect(await rejectionOf(() => engine.inbox(justice))).toBe(down);
    expect(await rejectionOf(() => engine.done(market))).toBe(down);
  });

  it('a fault that is no LinkedEnforcementError fails the call', async () => {
    const fault = new TypeError('a bug');
    const engine = await withBrokenRows(fault);
    await expect(engine.inbox(justice)).rejects.toBe(fault);
    await expect(engine.done(market)).rejects.toBe(fault);
  });

  it('a case the engine cannot restore is reported, and the page goes on', async () => {
    const engine = await withBrokenRows(new LinkedEnforcementError('INCOMPATIBLE_SNAPSHOT', 'unreadable'));
    expect(await engine.inbox(justice)).toMatchObject({ items: [{ caseId: 'case-1' }], failed: [{ caseId: 'broken', code: 'INCOMPATIBLE_SNAPSHOT', message: 'unreadable' }] });
    expect(await engine.done(market)).toMatchObject({ items: [{ caseId: 'case-1' }], failed: [{ caseId: 'broken', code: 'INCOMPATIBLE_SNAPSHOT', message: 'unreadable' }] });
  });
});
