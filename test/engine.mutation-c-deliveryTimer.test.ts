/**
 * Delivery's lease timer (README › Notifications are durable: a handler must finish within the
 * lease): once a handler has finished, its timer is gone, so no timer outlives a delivery to fire
 * later or keep the process alive. Written against the mutants the older suites left.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCaseEngine, memoryStore } from 'linked-enforcement';
import { applicationInput, bj } from './_lib/cases.js';
import { testClock } from './_lib/engine.js';

afterEach(() => vi.useRealTimers());

describe('the lease timer of a delivery', () => {
  it('is cleared when the handler finishes, delivered or failed', async () => {
    const engine = createCaseEngine({ store: memoryStore(), clock: testClock(bj('2026-09-01 09:00')) });
    await engine.open(applicationInput());
    await engine.open(applicationInput({ caseId: 'case-2' }));
    vi.useFakeTimers();
    expect(vi.getTimerCount()).toBe(0);
    expect((await engine.deliverNotifications(() => undefined, { limit: 1 })).delivered).toEqual(['case-1/1/0']);
    expect(vi.getTimerCount()).toBe(0);
    const failing = () => {
      throw new Error('down');
    };
    expect((await engine.deliverNotifications(failing)).retried).toMatchObject([{ id: 'case-2/1/0' }]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
