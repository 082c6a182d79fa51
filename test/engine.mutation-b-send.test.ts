/**
 * The path of a send through the store (`sendCase`, ENGINE-PATTERNS: load → decide → write →
 * view): a send on a case whose copy is current reads nothing, a copy another engine moved on is
 * read again before an event is refused on it, a lost race is retried from what changed up to
 * `maxAttempts` writes, and a pinned send that lost its race is the caller's to decide
 * (README › Concurrency: `VERSION_CONFLICT`). Written against the mutants that survived the
 * older suites.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type MemoryStore } from 'linked-enforcement';
import { applicationInput, bj, center, ev, justice } from './_lib/cases.js';
import { following, testClock } from './_lib/engine.js';
import { rejectionOf } from './_lib/errors.js';

/** A memory store counting its loads and commits; `commit` answers what `lose` says while it says anything. */
function countingStore(lose?: (expectedVersion: number) => { ok: false; actualVersion: number | null; idempotencyKeyTaken?: boolean } | undefined) {
  const store = memoryStore();
  const calls = { load: [] as unknown[], commit: 0 };
  const counting = Object.assign(Object.create(store) as MemoryStore, {
    load: (...args: Parameters<MemoryStore['load']>) => (calls.load.push(args[1]), store.load(...args)),
    commit: async (...args: Parameters<MemoryStore['commit']>) => {
      calls.commit++;
      return lose?.(args[1]) ?? store.commit(...args);
    },
  });
  return { store, counting, calls };
}

describe('a send', () => {
  it('on a case whose copy is current reads nothing, and writes once', async () => {
    const { counting, calls } = countingStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(createCaseEngine({ store: counting, clock }), clock);
    await engine.open(applicationInput());
    await engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')));
    calls.load.length = 0;
    calls.commit = 0;
    expect((await engine.send('case-1', ev('legal.approve', justice, bj('2026-09-02 10:00')))).version).toBe(3);
    expect(calls).toEqual({ load: [], commit: 1 });
  });

  it('that its copy refuses is checked against the store first: another engine moved the case on', async () => {
    const { store, counting, calls } = countingStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(createCaseEngine({ store: counting, clock }), clock);
    await engine.open(applicationInput());
    const other = following(createCaseEngine({ store, clock }), clock);
    await other.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')));
    calls.load.length = 0;
    expect((await engine.send('case-1', ev('legal.approve', justice, bj('2026-09-02 10:00')))).version).toBe(3);
    expect(calls.load).toEqual([{ logFrom: 2 }]);
  });

  it('that keeps losing its race gives up after maxAttempts writes, each after reading what changed', async () => {
    const { counting, calls } = countingStore((expectedVersion) => (expectedVersion === 2 ? { ok: false, actualVersion: 2 } : undefined));
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(createCaseEngine({ store: counting, clock, maxAttempts: 3 }), clock);
    await engine.open(applicationInput());
    await engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')));
    calls.load.length = 0;
    calls.commit = 0;
    const error = await rejectionOf(() => engine.send('case-1', ev('legal.approve', justice, bj('2026-09-02 10:00'))));
    expect(error).toMatchObject({
      code: 'VERSION_CONFLICT',
      message: 'Case case-1: gave up after losing 3 races in a row (expected version 2, found 2)',
      context: { caseId: 'case-1', expectedVersion: 2, actualVersion: 2, attempts: 3 },
    });
    expect(calls.commit).toBe(3);
    expect(calls.load).toEqual([{ logFrom: 3 }, { logFrom: 3 }]);
  });

  it('pinned to a version, that loses its race is VERSION_CONFLICT at once; with a key it reads again and retries', async () => {
    let losses = 0;
    const { counting, calls } = countingStore((expectedVersion) => (expectedVersion === 2 && losses++ === 0 ? { ok: false, actualVersion: 2 } : undefined));
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(createCaseEngine({ store: counting, clock }), clock);
    await engine.open(applicationInput());
    await engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')));
    calls.commit = 0;
    expect(await rejectionOf(() => engine.send('case-1', ev('legal.approve', justice, bj('2026-09-02 10:00')), { expectedVersion: 2 }))).toMatchObject({
      code: 'VERSION_CONFLICT',
      message: 'Case case-1: another write won the race (expected version 2, found 2)',
    });
    expect(calls.commit).toBe(1);
    losses = 0;
    const sent = await engine.send('case-1', ev('legal.approve', justice, bj('2026-09-02 10:00')), { expectedVersion: 2, idempotencyKey: 'approve-1' });
    expect(sent.version).toBe(3);
    expect(calls.commit).toBe(3);
  });

  it('pinned to a version, whose key a racing write took, reads again and answers with that write’s result', async () => {
    const { store, counting } = countingStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(createCaseEngine({ store: counting, clock }), clock);
    await engine.open(applicationInput());
    await engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')));
    const approve = ev('legal.approve', justice, bj('2026-09-02 10:00'));
    // The racing write: another engine sent the same event with the same key, and won.
    await following(createCaseEngine({ store, clock }), clock).send('case-1', approve, { idempotencyKey: 'approve-1' });
    const sent = await engine.send('case-1', approve, { expectedVersion: 2, idempotencyKey: 'approve-1' });
    expect(sent).toMatchObject({ version: 3, state: 'leaderApproval' });
  });
});
