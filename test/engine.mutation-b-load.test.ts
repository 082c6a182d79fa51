/**
 * The load step of a send (ENGINE-PATTERNS: the engine's copy of a case): an envelope still at
 * the copy's version keeps the copy as it is, unvalidated again; an actor is given back only to
 * the copy it was taken from; a case dropped without a live actor is simply forgotten. Written
 * against the mutants that survived the older suites.
 */
import { describe, expect, it, vi } from 'vitest';
import { createCaseEngine, memoryStore, type MemoryStore } from 'linked-enforcement';
import { caseMachine } from '../machines/caseMachine.js';
import type { CaseRunner } from '../src/engine/_lib/decide/CaseRunner.js';
import { CaseCache } from '../src/engine/_lib/load/CaseCache.js';
import { isStill, loadCase } from '../src/engine/_lib/load/loadCase.js';
import type { CaseCopy } from '../src/engine/_lib/load/restoreCase.js';
import { describeMachine } from '../src/engine/_lib/machineInfo.js';
import { CASE_MACHINE_VERSION, caseMachineMigrations } from '../src/engine/migrations.js';
import { applicationInput, bj, center, ev, inCharge, justice } from './_lib/cases.js';
import { following, storedItem1Case, testClock } from './_lib/engine.js';

const info = describeMachine(caseMachine, CASE_MACHINE_VERSION, caseMachineMigrations);
const copyOf = (caseId: string, version: number) => ({ caseId, version, envelope: { auditHead: `head-${version}` } }) as unknown as CaseCopy;
const runner = () => ({ stop: vi.fn() }) as unknown as CaseRunner & { stop: ReturnType<typeof vi.fn> };

describe('loadCase', () => {
  it('keeps the copy it was given, as it is, while the store holds that version', async () => {
    const { store } = await storedItem1Case(2);
    const { copy } = await loadCase(info, store, new CaseCache(), 'case-1');
    expect((await loadCase(info, store, new CaseCache(), 'case-1', { base: copy })).copy).toBe(copy);
    expect(isStill({ version: copy.version, auditHead: copy.envelope.auditHead }, copy)).toBe(true);
    expect(isStill({ version: copy.version, auditHead: 'another head' }, copy)).toBe(false);
    expect(isStill({ version: copy.version + 1, auditHead: copy.envelope.auditHead }, copy)).toBe(false);
    expect(isStill(null, copy)).toBe(false);
    expect(isStill(undefined, copy)).toBe(false);
    expect(isStill('envelope', copy)).toBe(false);
  });
});

describe('CaseCache', () => {
  it('takes back an actor only for the very copy it was taken from', () => {
    const cache = new CaseCache();
    const copy = copyOf('a', 1);
    const held = runner();
    cache.put(copy, held);
    expect(cache.takeRunner(copy)).toBe(held);
    const other = runner();
    cache.giveBack(copyOf('a', 1), other);
    expect(other.stop).toHaveBeenCalledOnce();
    expect(cache.takeRunner(copy)).toBeUndefined();
  });

  it('forgets a case held without an actor', () => {
    const cache = new CaseCache();
    cache.put(copyOf('a', 1));
    expect(() => cache.drop('a')).not.toThrow();
    expect(cache.get('a')).toBeUndefined();
  });
});

describe('an engine whose copy another engine moved on', () => {
  /** case-1 taken to 法制审核 (legalReview) and on to 领导审批 at the given times, in a store of its own. */
  const storedAt = async (reviewAt: string, legalAt: string) => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(createCaseEngine({ store, clock }), clock);
    await engine.open(applicationInput());
    await engine.send('case-1', ev('review.pass', center, reviewAt));
    await engine.send('case-1', ev('legal.approve', justice, legalAt));
    return { store, clock, engine };
  };
  /** A store that reads and writes through `target.store`, which the test can swap. */
  const switching = (target: { store: MemoryStore }) =>
    new Proxy({} as MemoryStore, {
      get: (_, key) => {
        const value: unknown = Reflect.get(target.store, key, target.store);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target.store) : value;
      },
    });

  it('reads only the entries after its copy, in one read', async () => {
    const { store, clock, engine: other } = await storedAt(bj('2026-09-01 10:00'), bj('2026-09-02 10:00'));
    const loads: unknown[] = [];
    const counting = Object.assign(Object.create(store) as MemoryStore, {
      load: (...args: Parameters<MemoryStore['load']>) => (loads.push(args[1]), store.load(...args)),
    });
    const engine = createCaseEngine({ store: counting, clock });
    expect((await engine.get('case-1')).version).toBe(3);
    await other.send('case-1', ev('leader.approve', inCharge, bj('2026-09-03 10:00')));
    loads.length = 0;
    expect((await engine.get('case-1')).state).toBe('dispatching');
    expect(loads).toEqual([{ logFrom: 4 }]);
  });

  it('reads the whole case again when the store holds another case at that version, and takes an older version as it is', async () => {
    const first = await storedAt(bj('2026-09-01 10:00'), bj('2026-09-02 10:00'));
    const rewritten = await storedAt(bj('2026-09-01 11:00'), bj('2026-09-02 11:00'));
    const target = { store: first.store };
    const engine = createCaseEngine({ store: switching(target), clock: first.clock });
    expect((await engine.get('case-1')).history.map((entry) => entry.at)).toEqual([bj('2026-09-01 09:00'), bj('2026-09-01 10:00'), bj('2026-09-02 10:00')]);
    target.store = rewritten.store;
    expect((await engine.get('case-1')).history.map((entry) => entry.at)).toEqual([bj('2026-09-01 09:00'), bj('2026-09-01 11:00'), bj('2026-09-02 11:00')]);
    // A store put back to an older version (a backup restored) is no log that continues the copy: no INCOMPATIBLE_SNAPSHOT,
    // and the store's version stands, not the engine's newer copy: what it shows, and what a send is judged on.
    target.store = (await storedItem1Case(0)).store;
    expect(await engine.get('case-1')).toMatchObject({ caseId: 'case-1', version: 1, state: 'preliminaryReview' });
    expect(await engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:30')))).toMatchObject({ version: 2, state: 'legalReview' });
  });

  it('judges a send on the store’s older version when the store went back behind the copy the engine holds', async () => {
    const newer = await storedAt(bj('2026-09-01 10:00'), bj('2026-09-02 10:00'));
    const target = { store: newer.store };
    const engine = createCaseEngine({ store: switching(target), clock: newer.clock });
    expect((await engine.get('case-1')).version).toBe(3);
    target.store = (await storedItem1Case(0)).store;
    // No read first: the send finds its copy stale at commit, then reads the case again.
    expect(await engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:30')))).toMatchObject({ version: 2, state: 'legalReview' });
    expect((await engine.history('case-1')).map((entry) => entry.type)).toEqual(['case.open', 'review.pass']);
  });
});
