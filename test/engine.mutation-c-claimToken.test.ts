/**
 * The token each delivery claims its notifications with (the README's "Notifications are durable":
 * a late settle after another claim changes nothing): a fresh one per claim, also where there is
 * no `crypto.randomUUID` (an older browser, a plain-HTTP page). Written against the mutants the
 * older suites did not reach.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCaseEngine, memoryStore, type MemoryStore, type NotificationClaim } from 'linked-enforcement';
import { applicationInput, bj } from './_lib/cases.js';
import { testClock } from './_lib/engine.js';

afterEach(() => vi.unstubAllGlobals());

/** An engine whose store records the token of every claim; one case opened (one notification). */
async function recordingClaims() {
  const store = memoryStore();
  const tokens: string[] = [];
  const recording = Object.assign(Object.create(store) as MemoryStore, {
    claimNotifications: (claim: NotificationClaim) => (tokens.push(claim.token), store.claimNotifications(claim)),
  });
  const clock = testClock(bj('2026-09-01 09:00'));
  const engine = createCaseEngine({ store: recording, clock });
  await engine.open(applicationInput());
  return { engine, tokens, clock };
}

describe('claim tokens', () => {
  it('without crypto.randomUUID: time and two random parts in base 36, fresh for every claim', async () => {
    vi.stubGlobal('crypto', {});
    const { engine, tokens, clock } = await recordingClaims();
    const failing = () => {
      throw new Error('down');
    };
    const first = await engine.deliverNotifications(failing);
    clock.set(first.retried[0]!.nextAttemptAt);
    await engine.deliverNotifications(() => undefined);
    expect(tokens).toHaveLength(2);
    for (const token of tokens) expect(token).toMatch(/^[0-9a-z]+-[0-9a-z]+-[0-9a-z]+$/);
    expect(new Set(tokens).size).toBe(2);
    expect((await engine.deliverNotifications(() => undefined)).delivered).toEqual([]);
  });
});
