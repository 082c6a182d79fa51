/**
 * How the engine reads a case from its store (README › Persistence): it asks `load` with an
 * idempotency key only when the call has one (a store may read a present key as a look-up), and
 * a store that answers `idempotency: null` for a key it has no record of (as a database row
 * does) means none: the event is taken, not replayed. Written against the mutants that survived
 * in src/engine/_lib/load/loadCase.ts (session 22).
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type MemoryStore } from 'linked-enforcement';
import { applicationInput, bj, center, ev } from './_lib/cases.js';
import { testClock } from './_lib/engine.js';

const pass = ev('review.pass', center, bj('2026-09-01 10:00'));

describe('the engine’s reads of a case', () => {
  it('passes load no idempotencyKey option when the call has none', async () => {
    const store = memoryStore();
    const asked: object[] = [];
    const recording = Object.assign(Object.create(store) as MemoryStore, {
      load: (caseId: string, options?: object) => (asked.push({ ...options }), store.load(caseId, options)),
    });
    await createCaseEngine({ store, clock: testClock(bj('2026-09-01 09:00')) }).open(applicationInput({ caseId: 'c1' }));
    // A new engine holds no copy: its send reads the case.
    await createCaseEngine({ store: recording, clock: testClock(bj('2026-09-01 10:00')) }).send('c1', pass);
    expect(asked.length).toBeGreaterThan(0);
    for (const options of asked) expect(Object.keys(options)).not.toContain('idempotencyKey');
  });

  it('takes an event whose key the store answers with idempotency: null (no record)', async () => {
    const store = memoryStore();
    const nullAnswering = Object.assign(Object.create(store) as MemoryStore, {
      load: async (caseId: string, options?: { idempotencyKey?: string; logFrom?: number }) => {
        const loaded = await store.load(caseId, options);
        return loaded === undefined ? undefined : { ...loaded, idempotency: loaded.idempotency ?? null };
      },
    });
    await createCaseEngine({ store, clock: testClock(bj('2026-09-01 09:00')) }).open(applicationInput({ caseId: 'c1' }));
    const result = await createCaseEngine({ store: nullAnswering, clock: testClock(bj('2026-09-01 10:00')) }).send('c1', pass, { idempotencyKey: 'click-1' });
    expect(result.version).toBe(2);
  });
});
