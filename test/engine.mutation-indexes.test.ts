/**
 * The memory store's indexes as `list`, `claimDue`, 待办 and 已办 read them: the sorted chunks at
 * every size (an index of more keys than one chunk holds), and `list`'s opening-time range,
 * cursor and overdue filter, which merges the cases a sweep marked with those past due and not
 * yet checked. Written against the mutants that survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type CaseEngine, type ListQuery } from 'linked-enforcement';
import { SortedKeys, type IndexKey } from '../src/engine/_lib/memory/SortedKeys.js';
import { applicationInput, bj, center, ev } from './_lib/cases.js';
import { following, listedCases, testClock, toReporting } from './_lib/engine.js';

/** A pseudo-random order that is the same on every run. */
function shuffled<T>(items: readonly T[], seed = 7): T[] {
  const out = [...items];
  let state = seed;
  for (let index = out.length - 1; index > 0; index--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const other = state % (index + 1);
    [out[index], out[other]] = [out[other]!, out[index]!];
  }
  return out;
}

const byMsThenId = (a: IndexKey, b: IndexKey) => a.ms - b.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('SortedKeys: keys in order at any size', () => {
  // Several chunks of at most 512 keys: inserts split them, deletes empty them.
  const keys: IndexKey[] = Array.from({ length: 2_000 }, (_, index) => ({ ms: Math.floor(index / 3) * 1000, id: `c${String(index % 3)}-${index}` }));
  const ascending = [...keys].sort(byMsThenId);

  for (const order of ['ascending', 'descending'] as const) {
    it(`${order}: adds in any order, each key once, and walks from any key`, () => {
      const expected = order === 'ascending' ? ascending : [...ascending].reverse();
      const index = new SortedKeys(order);
      expect([...index.after()]).toEqual([]);
      expect([...index.after(keys[0])]).toEqual([]);
      for (const key of shuffled(keys)) index.add(key);
      for (const key of shuffled(keys, 11).slice(0, 300)) index.add({ ...key });
      expect(index.size).toBe(2_000);
      expect([...index.after()]).toEqual(expected);
      for (const at of [0, 1, 511, 512, 513, 1024, 1500, 1998, 1999]) {
        expect([...index.after(expected[at])], `after ${at}`).toEqual(expected.slice(at + 1));
      }
      // After a key that is not in the index: from the first key that sorts after it.
      expect([...index.after({ ms: 500_500, id: '' })][0]).toEqual(order === 'ascending' ? expected.find((key) => key.ms > 500_000) : expected.find((key) => key.ms < 500_500));
      expect([...index.after({ ms: -1, id: '' })]).toEqual(order === 'ascending' ? expected : []);
      expect([...index.after({ ms: 10 ** 9, id: '' })]).toEqual(order === 'ascending' ? [] : expected);
    });

    it(`${order}: deletes any key, ignores one it does not hold, and empties`, () => {
      const expected = order === 'ascending' ? ascending : [...ascending].reverse();
      const index = new SortedKeys(order);
      index.delete(keys[0]!);
      expect(index.size).toBe(0);
      for (const key of keys) index.add(key);
      const gone = new Set(shuffled(keys, 3).slice(0, 1_200));
      for (const key of gone) index.delete({ ...key });
      index.delete({ ms: 1, id: 'absent' });
      index.delete({ ms: 10 ** 9, id: 'absent' });
      expect(index.size).toBe(800);
      const left = expected.filter((key) => !gone.has(key));
      expect([...index.after()]).toEqual(left);
      expect([...index.after(left[400])]).toEqual(left.slice(401));
      for (const key of keys) index.delete(key);
      expect(index.size).toBe(0);
      expect([...index.after()]).toEqual([]);
      index.add(keys[5]!);
      expect([...index.after()]).toEqual([keys[5]]);
    });
  }
});

describe('list on the memory store: opening range, cursor and the overdue filter', () => {
  async function cases() {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(createCaseEngine({ store, clock, reminders: false }), clock);
    return { store, clock, engine };
  }
  const ids = async (engine: CaseEngine, query?: ListQuery) => (await listedCases(engine, query)).map((view) => view.caseId);

  it('openedFrom is inclusive and openedTo exclusive, with and without a cursor', async () => {
    const { engine } = await cases();
    for (const [caseId, at] of [['a', '2026-09-01 09:00'], ['b', '2026-09-01 10:00'], ['c', '2026-09-01 11:00'], ['d', '2026-09-01 12:00']] as const) {
      await engine.open(applicationInput({ caseId, at: bj(at) }));
    }
    expect(await ids(engine)).toEqual(['d', 'c', 'b', 'a']);
    expect(await ids(engine, { openedFrom: bj('2026-09-01 10:00') })).toEqual(['d', 'c', 'b']);
    expect(await ids(engine, { openedTo: bj('2026-09-01 11:00') })).toEqual(['b', 'a']);
    expect(await ids(engine, { openedFrom: bj('2026-09-01 10:00'), openedTo: bj('2026-09-01 12:00') })).toEqual(['c', 'b']);
    expect(await ids(engine, { openedFrom: bj('2026-09-01 10:00'), openedTo: bj('2026-09-01 10:00') })).toEqual([]);
    // One a page: the cursor and openedTo together start after whichever comes later in the list.
    expect(await ids(engine, { openedTo: bj('2026-09-01 12:00'), limit: 1 })).toEqual(['c', 'b', 'a']);
    const first = await engine.list({ openedTo: bj('2026-09-01 12:00'), limit: 2 });
    expect(first.items.map((view) => view.caseId)).toEqual(['c', 'b']);
    expect((await engine.list({ openedTo: bj('2026-09-01 12:00'), limit: 2, cursor: first.nextCursor! })).items.map((view) => view.caseId)).toEqual(['a']);
    expect(await ids(engine, { openedTo: bj('2026-09-01 23:00'), limit: 1 })).toEqual(['d', 'c', 'b', 'a']);
  });

  it('a unit and a stage with steps (enforcing) together: that unit’s cases in that stage, any step', async () => {
    const { engine } = await cases();
    await toReporting(engine, 'reporting');
    await engine.open(applicationInput({ caseId: 'review', at: bj('2026-10-01 09:00') }));
    expect(await ids(engine, { unit: 'fire-rescue', state: 'enforcing' })).toEqual(['reporting']);
    expect(await ids(engine, { unit: 'market-regulation', state: 'enforcing' })).toEqual(['reporting']);
    expect(await ids(engine, { unit: 'justice', state: 'enforcing' })).toEqual([]);
    expect(await ids(engine, { unit: 'market-regulation', state: 'preliminaryReview' })).toEqual(['review']);
    expect(await ids(engine, { unit: 'fire-rescue', state: 'preliminaryReview' })).toEqual([]);
    await engine.send('review', ev('review.pass', center, bj('2026-10-01 11:00')));
    expect(await ids(engine, { unit: 'market-regulation', state: 'preliminaryReview' })).toEqual([]);
    expect(await ids(engine, { unit: 'market-regulation', state: 'legalReview' })).toEqual(['review']);
  });

  it('overdue: the cases a sweep marked and those past due since, newest opening first, a page at a time', async () => {
    const { engine, clock } = await cases();
    // Results due 10 working days after the end of enforcement (the end of that day, Beijing).
    await toReporting(engine, 'x', bj('2026-09-30 18:00'));
    await toReporting(engine, 'y', bj('2026-10-09 18:00'));
    await toReporting(engine, 'z', bj('2026-09-30 18:00'));
    await engine.open(applicationInput({ caseId: 'w', at: bj('2026-10-10 09:00') }));
    const opened = await ids(engine);
    expect(opened).toEqual(['w', 'z', 'y', 'x']);
    clock.set(bj('2026-10-14 09:00'));
    expect(await ids(engine, { overdue: true })).toEqual(['z', 'x']);
    await engine.sweep();
    // x and z marked by the sweep; y past due since, not yet checked.
    clock.set(bj('2026-12-01 09:00'));
    expect(await ids(engine, { overdue: true })).toEqual(['z', 'y', 'x']);
    expect(await ids(engine, { overdue: true, limit: 1 })).toEqual(['z', 'y', 'x']);
    expect(await ids(engine, { overdue: true, limit: 2 })).toEqual(['z', 'y', 'x']);
    expect(await ids(engine, { overdue: false })).toEqual(['w']);
    expect(await ids(engine, { overdue: true, unit: 'fire-rescue' })).toEqual(['z', 'y', 'x']);
    expect(await ids(engine, { overdue: true, openedTo: bj('2026-09-01 09:00') })).toEqual([]);
    await engine.sweep();
    expect(await ids(engine, { overdue: true, limit: 1 })).toEqual(['z', 'y', 'x']);
    await engine.send('y', { type: 'case.urge', by: center, unit: 'fire-rescue' });
    expect(await ids(engine, { overdue: true })).toEqual(['z', 'y', 'x']);
  });
});
