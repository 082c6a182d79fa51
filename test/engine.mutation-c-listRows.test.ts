/**
 * `engine.list` over what a store hands back (README: "each case is restored and judged again on
 * its restored summary, so a stale index cannot add a case; a case that cannot be restored goes
 * to `failed`"): rows that do not match are left out, a fault that is no
 * `LinkedEnforcementError` fails the call, and a last page has no cursor. Written against the
 * mutants the older suites left.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, LinkedEnforcementError, memoryStore, type MemoryStore, type StoreQuery } from 'linked-enforcement';
import { applicationInput, bj, center, ev } from './_lib/cases.js';
import { following, testClock } from './_lib/engine.js';

/** Cases a (passed its review) and b (opened), newest first, over a store `list` of which is `list`. */
async function twoCases(list?: (store: MemoryStore, query: StoreQuery) => ReturnType<MemoryStore['list']>) {
  const store = memoryStore();
  const wrapped = list === undefined ? store : Object.assign(Object.create(store) as MemoryStore, { list: (query: StoreQuery) => list(store, query) });
  const clock = testClock(bj('2026-09-01 09:00'));
  const engine = following(createCaseEngine({ store: wrapped, clock }), clock);
  await engine.open(applicationInput({ caseId: 'a' }));
  await engine.send('a', ev('review.pass', center, bj('2026-09-01 10:00')));
  await engine.open(applicationInput({ caseId: 'b', at: bj('2026-09-01 11:00') }));
  return engine;
}

describe('engine.list over the rows a store hands back', () => {
  it('leaves out a row whose case does not match the query (a stale or careless index)', async () => {
    const engine = await twoCases((store, query) => store.list({ now: query.now, limit: query.limit, ...(query.after === undefined ? {} : { after: query.after }) }));
    expect((await engine.list({ state: 'legalReview' })).items.map((view) => view.caseId)).toEqual(['a']);
    expect((await engine.list({ state: 'preliminaryReview' })).items.map((view) => view.caseId)).toEqual(['b']);
  });

  it('fails on a fault that is no LinkedEnforcementError, and reports one that is', async () => {
    const fault = new TypeError('a bug');
    const row = (error: Error) => ({ caseId: 'broken', openedAt: bj('2026-09-01 08:00'), envelope: new Proxy({}, { get: () => { throw error; } }), entries: [] });
    const faulty = await twoCases(async (store, query) => [...(await store.list(query)), row(fault)]);
    await expect(faulty.list()).rejects.toBe(fault);
    const refused = await twoCases(async (store, query) => [...(await store.list(query)), row(new LinkedEnforcementError('INCOMPATIBLE_SNAPSHOT', 'unreadable'))]);
    expect(await refused.list()).toMatchObject({ items: [{ caseId: 'b' }, { caseId: 'a' }], failed: [{ caseId: 'broken', code: 'INCOMPATIBLE_SNAPSHOT', message: 'unreadable' }], nextCursor: null });
  });

  it('gives a cursor only when a further case follows', async () => {
    const engine = await twoCases();
    expect(await engine.list({ limit: 2 })).toMatchObject({ items: [{ caseId: 'b' }, { caseId: 'a' }], nextCursor: null });
    const first = await engine.list({ limit: 1 });
    expect(first.items.map((view) => view.caseId)).toEqual(['b']);
    expect((await engine.list({ limit: 1, cursor: first.nextCursor! })).nextCursor).toBeNull();
  });
});
