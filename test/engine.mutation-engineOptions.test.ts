/**
 * `createCaseEngine`'s defaults and hooks as the README states them: delivery (8 attempts, 1 s
 * doubling, 60 s lease), the clock skew an opening may run ahead by (2 minutes), `onNotification`
 * getting each write's own notifications and `onHookError` (default `console.error`) getting its
 * failures while the write stands. Written against the mutants that survived the older suites.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCaseEngine, memoryStore, type MemoryStore } from 'linked-enforcement';
import { applicationInput, bj } from './_lib/cases.js';
import { testClock } from './_lib/engine.js';
import { rejectionOf } from './_lib/errors.js';

afterEach(() => vi.restoreAllMocks());

describe('createCaseEngine defaults', () => {
  it('delivers with 8 attempts, a backoff from 1 s doubling, and a 60 s lease', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = createCaseEngine({ store, clock });
    await engine.open(applicationInput());
    const leases: (string | null)[] = [];
    const waits: number[] = [];
    const failing = async () => {
      leases.push((await store.notifications({ status: 'pending', limit: 1 }))[0]!.leaseUntil);
      throw new Error('down');
    };
    for (let attempt = 1; attempt <= 7; attempt++) {
      const before = clock.now().getTime();
      const { retried } = await engine.deliverNotifications(failing);
      const next = Date.parse(retried[0]!.nextAttemptAt);
      waits.push(next - before);
      clock.set(new Date(next).toISOString());
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64].map((seconds) => seconds * 1000));
    expect((await engine.deliverNotifications(failing)).failed).toMatchObject([{ id: 'case-1/1/0', attempts: 8 }]);
    expect(Date.parse(leases[0]!) - Date.parse(bj('2026-09-01 09:00'))).toBe(60_000);
  });

  it('caps the backoff at an hour', async () => {
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = createCaseEngine({ store: memoryStore(), clock, delivery: { maxAttempts: 20, baseDelayMs: 1_000_000 } });
    await engine.open(applicationInput());
    const failing = () => {
      throw new Error('down');
    };
    const first = await engine.deliverNotifications(failing);
    expect(Date.parse(first.retried[0]!.nextAttemptAt) - clock.now().getTime()).toBe(1_000_000);
    clock.set(first.retried[0]!.nextAttemptAt);
    const second = await engine.deliverNotifications(failing);
    expect(Date.parse(second.retried[0]!.nextAttemptAt) - clock.now().getTime()).toBe(2_000_000);
    clock.set(second.retried[0]!.nextAttemptAt);
    const third = await engine.deliverNotifications(failing);
    expect(Date.parse(third.retried[0]!.nextAttemptAt) - clock.now().getTime()).toBe(3_600_000);
  });

  it('lets an opening’s `at` run ahead of the clock by 2 minutes, no more', async () => {
    const engine = createCaseEngine({ store: memoryStore(), clock: testClock(bj('2026-09-01 09:00')) });
    expect((await engine.open(applicationInput({ caseId: 'ahead', at: '2026-09-01T09:02:00+08:00' }))).version).toBe(1);
    const error = await rejectionOf(() => engine.open(applicationInput({ caseId: 'too-far', at: '2026-09-01T09:02:00.001+08:00' })));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', context: { maxClockSkewMs: 120_000 } });
  });
});

describe('onNotification and onHookError', () => {
  it('hands each write’s own notifications to onNotification, which then leaves the outbox', async () => {
    const seen: string[] = [];
    const engine = createCaseEngine({ store: memoryStore(), clock: testClock(bj('2026-09-01 09:00')), onNotification: (_notification, meta) => void seen.push(meta.id) });
    await engine.open(applicationInput());
    expect(seen).toEqual(['case-1/1/0']);
    expect(await engine.pendingNotifications()).toEqual([]);
  });

  it('reports a throwing hook to console.error by default; the write stands and the notification waits in the outbox', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const failure = new Error('SMS gateway down');
    const engine = createCaseEngine({
      store: memoryStore(),
      clock: testClock(bj('2026-09-01 09:00')),
      onNotification: () => {
        throw failure;
      },
    });
    expect((await engine.open(applicationInput())).version).toBe(1);
    expect(logged).toHaveBeenCalledWith('linked-enforcement: onNotification threw', failure);
    expect((await engine.pendingNotifications()).map((record) => record.id)).toEqual(['case-1/1/0']);
  });

  it('hands a hook’s failure and its notification to onHookError, and survives an onHookError that throws', async () => {
    const reported: [unknown, unknown][] = [];
    const failure = new Error('down');
    const engine = createCaseEngine({
      store: memoryStore(),
      clock: testClock(bj('2026-09-01 09:00')),
      onNotification: () => {
        throw failure;
      },
      onHookError: (error, notification) => {
        reported.push([error, notification]);
        throw new Error('the error hook fails too');
      },
    });
    expect((await engine.open(applicationInput())).version).toBe(1);
    expect(reported).toEqual([[failure, expect.objectContaining({ kind: 'applicationReceived', caseId: 'case-1' })]]);
  });

  it('keeps the write when delivering to the hook fails in the store, reporting it with the write’s first notification', async () => {
    const reported: unknown[] = [];
    const store = memoryStore();
    const failingClaims = Object.assign(Object.create(store) as MemoryStore, {
      claimNotifications: async () => {
        throw new Error('claim failed');
      },
    });
    const engine = createCaseEngine({ store: failingClaims, clock: testClock(bj('2026-09-01 09:00')), onNotification: () => {}, onHookError: (error, notification) => void reported.push([(error as Error).message, (notification as { kind: string }).kind]) });
    expect((await engine.open(applicationInput())).version).toBe(1);
    expect(reported).toEqual([['The memory store failed in claimNotifications: claim failed', 'applicationReceived']]);
  });
});
