/**
 * A write whose answer was lost (README › Concurrency: `STORE_UNAVAILABLE` with outcome `unknown`):
 * the engine reads whether its own entry is at the version it wrote — another writer's entry there
 * is not its write. Written against the mutant that survived in src/engine/_lib/write/writeCase.ts.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, LinkedEnforcementError, memoryStore, type CaseWrite, type MemoryStore } from 'linked-enforcement';
import { applicationInput, bj, center, ev } from './_lib/cases.js';
import { following, testClock } from './_lib/engine.js';
import { rejectionOf } from './_lib/errors.js';

describe('a write whose answer was lost', () => {
  it('is not taken for applied when another writer’s entry holds its version: STORE_UNAVAILABLE, not-applied, and the other event stands', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:30'));
    const other = following(createCaseEngine({ store, clock }), clock);
    await other.open(applicationInput());
    // The connection drops on the commit, after another instance has rejected the application (version 2).
    const racing = Object.assign(Object.create(store) as MemoryStore, {
      commit: async (_record: CaseWrite, _expected: number) => {
        await other.send('case-1', ev('review.reject', center, bj('2026-09-01 10:00'), { reason: '不属于联动执法事项' }));
        throw new LinkedEnforcementError('STORE_UNAVAILABLE', 'the connection dropped', { context: { retryable: true, outcome: 'unknown' } });
      },
    });
    const engine = following(createCaseEngine({ store: racing, clock }), clock);
    await engine.get('case-1');
    const error = await rejectionOf(() => engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00'))));
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', message: 'the connection dropped (checked: it was not applied)', context: { outcome: 'not-applied', retryable: true } });
    expect(await createCaseEngine({ store, clock }).get('case-1')).toMatchObject({ version: 2, state: 'rejected' });
  });
});
