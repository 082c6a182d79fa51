/**
 * `engine.stats` with a store's answer whose group key does not fit the grouping (README ›
 * Statistics): the refusal is STORE_UNAVAILABLE for a read — nothing was applied, and asking again
 * gets the same answer (not retryable). Written against the mutant that survived in
 * src/engine/_lib/stats/runStats.ts (the `write` flag of the mistyped-key refusal).
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine } from 'linked-enforcement';
import { answeringStats as answering, statsGroup as group } from './_lib/engine.js';
import { rejectionOf } from './_lib/errors.js';

const query = { from: '2026-09-01', to: '2026-09-30' } as const;

describe('engine.stats: a group key of the wrong type', () => {
  it('is refused as a read that applied nothing (outcome not-applied, not retryable), by item and by unit alike', async () => {
    const byItem = await rejectionOf(() => createCaseEngine({ store: answering([group(2), group('10')]) }).stats({ ...query, by: 'item' }));
    expect(byItem).toMatchObject({ code: 'STORE_UNAVAILABLE', context: { store: 'own', operation: 'stats', retryable: false, outcome: 'not-applied' } });
    const byUnit = await rejectionOf(() => createCaseEngine({ store: answering([group(7)]) }).stats({ ...query, by: 'leadUnit' }));
    expect(byUnit).toMatchObject({ code: 'STORE_UNAVAILABLE', context: { operation: 'stats', outcome: 'not-applied' } });
  });
});
