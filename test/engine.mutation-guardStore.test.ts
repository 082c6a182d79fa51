/**
 * What a custom store's failure becomes (README › Errors: `STORE_UNAVAILABLE` with `store`,
 * `operation`, `retryable`, `outcome`): every store method, read or write, names itself, keeps the
 * driver's message and cause, and says whether the store may have applied it. Written against the
 * mutants that survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { LinkedEnforcementError } from 'linked-enforcement';
import { guardStore } from '../src/engine/_lib/guardStore.js';
import type { CaseStore } from '../src/engine/types.js';

const methods = {
  load: false,
  create: true,
  commit: true,
  audit: false,
  list: false,
  claimDue: true,
  caseIds: false,
  claimNotifications: true,
  settleNotifications: true,
  notifications: false,
  inbox: false,
  done: false,
  unindexedCases: false,
  indexCase: true,
  stats: false,
  statsBacklog: false,
  backfillStats: true,
} as const;
type Method = keyof typeof methods;

/** A store named `failing` whose every method throws `thrown`, remembering the arguments it got. */
function failingStore(thrown: unknown) {
  const calls: [Method, unknown[]][] = [];
  const store = { name: 'failing' } as Record<string, unknown>;
  for (const method of Object.keys(methods) as Method[]) {
    store[method] = async (...args: unknown[]) => {
      calls.push([method, args]);
      throw thrown;
    };
  }
  return { store: store as unknown as CaseStore, calls };
}

const call = (store: CaseStore, method: Method) => (store[method] as (...args: unknown[]) => Promise<unknown>)('first', 'second');

describe('guardStore: a store’s failure is STORE_UNAVAILABLE, named', () => {
  it.each(Object.entries(methods) as [Method, boolean][])('%s: the operation, the driver’s message and cause, and whether a write may have been applied', async (method, write) => {
    const cause = new TypeError('connection reset');
    const { store, calls } = failingStore(cause);
    const error = await call(guardStore(store), method).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(LinkedEnforcementError);
    expect(error).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: `The failing store failed in ${method}: connection reset`,
      context: { store: 'failing', operation: method, retryable: false, outcome: write ? 'unknown' : 'not-applied' },
      cause,
    });
    expect(calls).toEqual([[method, method === 'load' || method === 'commit' || method === 'backfillStats' ? ['first', 'second'] : ['first']]]);
  });

  it('keeps a thrown value that is no Error as text, and lets a LinkedEnforcementError through as it is', async () => {
    expect(await call(guardStore(failingStore('socket closed').store), 'list').catch((thrown: unknown) => thrown)).toMatchObject({ message: 'The failing store failed in list: socket closed' });
    const own = new LinkedEnforcementError('VERSION_CONFLICT', 'moved on', { context: { caseId: 'c' } });
    expect(await call(guardStore(failingStore(own).store), 'commit').catch((thrown: unknown) => thrown)).toBe(own);
  });

  it('answers what the store answers', async () => {
    const store = { name: 'answering', load: async (caseId: string) => ({ caseId }) } as unknown as CaseStore;
    expect(await guardStore(store).load('c1')).toEqual({ caseId: 'c1' });
  });

  it.each(['inbox', 'done', 'unindexedCases', 'indexCase'] as const)('refuses %s on a store from before 0.4, saying which method it lacks', async (method) => {
    const { store } = failingStore(new Error('unused'));
    delete (store as unknown as Record<string, unknown>)[method];
    expect(await call(guardStore(store), method).catch((thrown: unknown) => thrown)).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: `The failing store has no ${method}(): it keeps no inbox index (待办/已办), which CaseStore 0.4 adds`,
      context: { store: 'failing', operation: method, retryable: false, outcome: 'not-applied', reason: `the store has no ${method}() (CaseStore 0.4)` },
    });
  });

  it('offers statistics only when the store has all three of stats, statsBacklog and backfillStats', () => {
    expect(Object.keys(guardStore(failingStore(new Error('x')).store))).toEqual(expect.arrayContaining(['stats', 'statsBacklog', 'backfillStats']));
    for (const missing of ['stats', 'statsBacklog', 'backfillStats']) {
      const { store } = failingStore(new Error('x'));
      (store as unknown as Record<string, unknown>)[missing] = 'not a function';
      const guarded = guardStore(store);
      expect([guarded.stats, guarded.statsBacklog, guarded.backfillStats]).toEqual([undefined, undefined, undefined]);
    }
  });
});
