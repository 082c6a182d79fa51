/**
 * The memory store’s outbox lists (README › Notifications are durable): messages due at the same instant
 * come by case id, then version, then position — a later case id never before an earlier one
 * because its version is lower. Written against the mutant that survived in
 * src/engine/_lib/MemoryOutbox.ts (the case-id comparison of `byCase`).
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore } from 'linked-enforcement';
import { applicationInput, bj, center, ev } from './_lib/cases.js';
import { testClock } from './_lib/engine.js';

describe('the memory store’s outbox: ties on time', () => {
  it('lists messages of one instant by case id first, then version (a/1, a/2 before b/1, whichever was written first)', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = createCaseEngine({ store, clock });
    // Case a writes twice before case b's first write, all at 09:00.
    await engine.open(applicationInput({ caseId: 'a' }));
    await engine.send('a', ev('review.pass', center, bj('2026-09-01 09:00')));
    await engine.open(applicationInput({ caseId: 'b' }));
    const pending = await store.notifications({ status: 'pending', limit: 50 });
    const keys = pending.map(({ caseId, version }) => `${caseId}/${version}`);
    expect(new Set(keys)).toEqual(new Set(['a/1', 'a/2', 'b/1']));
    expect(keys.indexOf('b/1')).toBe(keys.length - 1);
    expect(keys.filter((key) => key.startsWith('a/'))).toEqual([...keys.filter((key) => key === 'a/1'), ...keys.filter((key) => key === 'a/2')]);
    expect(pending.map(({ id }) => id)).toEqual(store.toJSON().outbox.map(({ id }) => id));
  });
});
