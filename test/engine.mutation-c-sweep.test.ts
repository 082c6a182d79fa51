/**
 * `engine.sweep` when one case fails (README: one failing does not stop the others): a fault that
 * is no `LinkedEnforcementError` is reported with the code `ERROR` and its message, and the
 * sweep goes on. Written against the mutants the older suites did not reach.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type MemoryStore } from 'linked-enforcement';
import { bj } from './_lib/cases.js';
import { following, testClock, toReporting } from './_lib/engine.js';

describe('engine.sweep with a case that fails', () => {
  it('reports a fault as ERROR with its message, and checks the others', async () => {
    const store = memoryStore();
    const faulty = Object.assign(Object.create(store) as MemoryStore, {
      claimDue: async (claim: Parameters<MemoryStore['claimDue']>[0]) => {
        const claimed = await store.claimDue(claim);
        return claimed.length === 0 ? [] : ['broken', ...claimed];
      },
      // A stored case that throws when read: a fault in the data, not in the store's call.
      load: async (caseId: string, options?: Parameters<MemoryStore['load']>[1]) => (caseId === 'broken' ? { envelope: new Proxy({}, { get: () => { throw new TypeError('a bug'); } }) } : store.load(caseId, options)),
    });
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(createCaseEngine({ store: faulty, clock, reminders: false }), clock);
    await toReporting(engine, 'case-1');
    clock.set(bj('2026-10-14 09:00'));
    const report = await engine.sweep();
    expect(report.failed).toEqual([{ caseId: 'broken', code: 'ERROR', message: 'a bug' }]);
    expect(report.overdue).toMatchObject([{ caseId: 'case-1', deadlines: [{ kind: 'resultsUpload', status: 'overdue' }] }]);
  });
});
