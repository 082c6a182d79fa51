/**
 * What the engine asks a store (the `CaseStore` interface, README › Custom stores): `list`, `inbox`
 * and `done` get only the filters and positions given — an absent filter is absent, not
 * `undefined` — and `engine.list` filters by origin (立案方式) and item (事项编号) through them.
 * Written against the mutants the older suites left.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type DoneStoreQuery, type InboxStoreQuery, type MemoryStore, type StoreQuery } from 'linked-enforcement';
import { applicationInput, bj, center, justice } from './_lib/cases.js';
import { following, testClock } from './_lib/engine.js';

/** An engine over a memory store that records the queries of `list`, `inbox` and `done`. */
async function recorded() {
  const store = memoryStore();
  const queries: Record<string, unknown>[] = [];
  const recording = Object.assign(Object.create(store) as MemoryStore, {
    list: (query: StoreQuery) => (queries.push({ ...query }), store.list(query)),
    inbox: (query: InboxStoreQuery) => (queries.push({ ...query }), store.inbox!(query)),
    done: (query: DoneStoreQuery) => (queries.push({ ...query }), store.done!(query)),
  });
  const clock = testClock(bj('2026-11-02 09:00'));
  const engine = following(createCaseEngine({ store: recording, clock }), clock);
  await engine.open(applicationInput({ at: bj('2026-09-01 09:00') }));
  await engine.open({ caseId: 'ci-1', title: '冬季火灾防控', itemNo: 39, origin: 'centerInitiated', reason: '冬季火灾防控', at: bj('2026-11-02 09:00'), by: center });
  return { engine, queries };
}

const keysOf = (query: Record<string, unknown> | undefined) => Object.keys(query ?? {}).sort();

describe('the queries a store gets', () => {
  it('list: only the filters given, each as the store applies it', async () => {
    const { engine, queries } = await recorded();
    await engine.list();
    expect(keysOf(queries.at(-1))).toEqual(['limit', 'now']);
    await engine.list({ state: 'enforcing', unit: 'justice', origin: 'application', itemNo: 1, openedFrom: bj('2026-01-01 00:00'), openedTo: bj('2027-01-01 00:00'), overdue: false });
    expect(queries.at(-1)).toEqual({
      stage: 'enforcing',
      unit: 'justice',
      origin: 'application',
      itemNo: 1,
      openedFrom: '2026-01-01T00:00:00.000+08:00',
      openedTo: '2027-01-01T00:00:00.000+08:00',
      overdue: false,
      now: '2026-11-02T09:00:00.000+08:00',
      limit: 51,
    });
    await engine.list({ state: 'preliminaryReview' });
    expect(keysOf(queries.at(-1))).toEqual(['limit', 'now', 'state']);
  });

  it('list: by origin and by item', async () => {
    const { engine } = await recorded();
    const ids = async (query: Parameters<typeof engine.list>[0]) => (await engine.list(query)).items.map((view) => view.caseId);
    expect(await ids({})).toEqual(['ci-1', 'case-1']);
    expect(await ids({ origin: 'application' })).toEqual(['case-1']);
    expect(await ids({ origin: 'centerInitiated' })).toEqual(['ci-1']);
    expect(await ids({ itemNo: 1 })).toEqual(['case-1']);
    expect(await ids({ itemNo: 39 })).toEqual(['ci-1']);
  });

  it('inbox and done: no position on the first page', async () => {
    const { engine, queries } = await recorded();
    await engine.inbox(center, { limit: 1 });
    expect(queries.at(-1)).toStrictEqual({ actor: 'unit:command-center', limit: 2 });
    await engine.done(justice);
    expect(queries.at(-1)).toStrictEqual({ actor: 'unit:justice', limit: 21 });
  });
});
