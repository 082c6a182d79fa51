/**
 * Delivery's lease timer (README › Notifications are durable: a handler must finish within the
 * lease): once a handler has finished, its timer is gone, so no timer outlives a delivery to fire
 * later or keep the process alive; and the settlements it hands the store. Written against the
 * mutants the older suites left.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCaseEngine, memoryStore, type MemoryStore } from 'linked-enforcement';
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

describe('the settlements a delivery hands the store', () => {
  it('name their outcome: delivered, retry (with the next attempt and the error), failed', async () => {
    const store = memoryStore();
    const settlements: unknown[] = [];
    const recording = Object.assign(Object.create(store) as MemoryStore, {
      settleNotifications: (batch: Parameters<MemoryStore['settleNotifications']>[0]) => (settlements.push(...batch), store.settleNotifications(batch)),
    });
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = createCaseEngine({ store: recording, clock, delivery: { maxAttempts: 2 } });
    await engine.open(applicationInput());
    await engine.open(applicationInput({ caseId: 'case-2' }));
    await engine.deliverNotifications(() => undefined, { limit: 1 });
    const failing = () => {
      throw new Error('down');
    };
    await engine.deliverNotifications(failing);
    clock.set('2026-09-01T09:00:01+08:00');
    await engine.deliverNotifications(failing);
    expect(settlements).toEqual([
      { id: 'case-1/1/0', token: expect.any(String), outcome: 'delivered', at: '2026-09-01T09:00:00.000+08:00' },
      { id: 'case-2/1/0', token: expect.any(String), outcome: 'retry', at: '2026-09-01T09:00:00.000+08:00', nextAttemptAt: '2026-09-01T09:00:01.000+08:00', error: 'down' },
      { id: 'case-2/1/0', token: expect.any(String), outcome: 'failed', at: '2026-09-01T09:00:01.000+08:00', error: 'down' },
    ]);
  });
});
