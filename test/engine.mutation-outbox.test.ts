/**
 * Delivery from the outbox as the README states it (Notifications are durable): the backoff
 * doubling from `baseDelayMs` up to `maxDelayMs`, parking on the last attempt, the lease a
 * handler must finish within, and the error text a database can keep. Written against the
 * mutants that survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore } from 'linked-enforcement';
import { applicationInput, bj } from './_lib/cases.js';
import { testClock } from './_lib/engine.js';

/** A case opened at 09:00 (one notification to the center: `case-1/1/0`), with the engine's clock. */
async function openedCase(delivery: Record<string, number>) {
  const clock = testClock(bj('2026-09-01 09:00'));
  const engine = createCaseEngine({ store: memoryStore(), clock, delivery });
  await engine.open(applicationInput());
  return { engine, clock };
}

const at = (iso: string, plusMs: number) => new Date(Date.parse(iso) + plusMs).toISOString();

describe('deliverNotifications: retries, parking and the lease', () => {
  it('retries after a backoff doubling from baseDelayMs up to maxDelayMs, then parks the notification as failed', async () => {
    const { engine, clock } = await openedCase({ baseDelayMs: 1_000, maxDelayMs: 5_000, maxAttempts: 5 });
    const attempts: unknown[] = [];
    const failing = (_notification: unknown, meta: unknown) => {
      attempts.push(meta);
      throw new Error('receiver down');
    };
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      const before = clock.now().getTime();
      const report = await engine.deliverNotifications(failing);
      expect(report.delivered).toEqual([]);
      expect(report.failed).toEqual([]);
      expect(report.retried).toHaveLength(1);
      expect(report.retried[0]).toMatchObject({ id: 'case-1/1/0', attempts: attempt, error: 'receiver down' });
      const next = Date.parse(report.retried[0]!.nextAttemptAt);
      waits.push(next - before);
      expect(await engine.deliverNotifications(failing)).toEqual({ delivered: [], retried: [], failed: [] });
      clock.set(new Date(next).toISOString());
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 5_000]);
    expect(await engine.deliverNotifications(failing)).toEqual({ delivered: [], retried: [], failed: [{ id: 'case-1/1/0', attempts: 5, error: 'receiver down' }] });
    expect(attempts).toEqual([1, 2, 3, 4, 5].map((attempt) => ({ id: 'case-1/1/0', caseId: 'case-1', version: 1, attempt })));
    const [parked] = await engine.pendingNotifications({ status: 'failed' });
    expect(parked).toMatchObject({ id: 'case-1/1/0', attempts: 5, lastError: 'receiver down' });
    clock.set(at(clock.now().toISOString(), 86_400_000));
    expect(await engine.deliverNotifications(failing)).toEqual({ delivered: [], retried: [], failed: [] });
  });

  it('settles a delivered notification at the engine’s clock, and hands out the next due one', async () => {
    const { engine, clock } = await openedCase({});
    clock.set(bj('2026-09-01 09:05'));
    expect(await engine.deliverNotifications(() => {})).toEqual({ delivered: ['case-1/1/0'], retried: [], failed: [] });
    expect(await engine.pendingNotifications({ status: 'delivered' })).toMatchObject([{ id: 'case-1/1/0', deliveredAt: '2026-09-01T09:05:00.000+08:00' }]);
    expect(await engine.deliverNotifications(() => {})).toEqual({ delivered: [], retried: [], failed: [] });
  });

  it('stops waiting for a handler that outlasts the lease, and retries it', async () => {
    const { engine } = await openedCase({ leaseMs: 20, maxAttempts: 2 });
    const report = await engine.deliverNotifications(() => new Promise<void>(() => {}));
    expect(report.retried).toMatchObject([{ id: 'case-1/1/0', attempts: 1, error: 'the handler did not finish within the lease (20 ms)' }]);
  });

  it('keeps a handler’s error as text a database can keep: 2 000 characters, no NUL, no lone surrogate', async () => {
    const errorOf = async (thrown: unknown) => {
      const { engine } = await openedCase({});
      const report = await engine.deliverNotifications(() => {
        throw thrown;
      });
      return report.retried[0]!.error;
    };
    expect(await errorOf(new Error('x'.repeat(2_500)))).toBe('x'.repeat(2_000));
    expect(await errorOf(new Error('a\u0000b\u0000'))).toBe('a\\0b\\0');
    expect(await errorOf(new Error('lone \ud800 high, lone \udc00 low, pair 😀'))).toBe('lone \ufffd high, lone \ufffd low, pair 😀');
    expect(await errorOf('a string')).toBe('a string');
    expect(await errorOf({ toString: () => { throw new Error('no'); } })).toBe('the handler threw a value that cannot be shown');
  });
});
