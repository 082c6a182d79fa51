/**
 * What the memory store's `toJSON` hands a county to keep (every case and every idempotency key as
 * plain JSON, so `JSON.stringify` loses none) and what the engine asks a store for when it delivers
 * (a claim of every due notification names no ids at all: a county's own store may test
 * `'ids' in claim`). Written against the mutants the suites before this session's last run did
 * not kill.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type MemoryStore, type NotificationClaim } from 'linked-enforcement';
import { applicationInput, bj, center, ev } from './_lib/cases.js';
import { following, recordingStore, testClock } from './_lib/engine.js';

describe("the memory store's JSON", () => {
  it('survives JSON.stringify with every case and idempotency key: a retry after the round trip gets its first answer', async () => {
    const clock = testClock(bj('2026-09-01 09:00'));
    const store = memoryStore();
    const engine = following(createCaseEngine({ store, clock }), clock);
    await engine.open(applicationInput());
    const pass = ev('review.pass', center, bj('2026-09-01 10:00'));
    const first = await engine.send('case-1', pass, { idempotencyKey: 'k1' });

    const text = JSON.stringify(store.toJSON());
    const parsed = JSON.parse(text) as { cases: Record<string, { idempotency: Record<string, unknown> }> };
    expect(Object.keys(parsed.cases)).toEqual(['case-1']);
    expect(Object.keys(parsed.cases['case-1']!.idempotency)).toEqual(['k1']);

    const restored = following(createCaseEngine({ store: memoryStore({ data: JSON.parse(text) }), clock }), clock);
    expect(await restored.send('case-1', pass, { idempotencyKey: 'k1' })).toEqual(first);
    expect((await restored.get('case-1')).version).toBe(2);
  });
});

describe('the claim the engine makes to deliver', () => {
  it('names no ids when it delivers every due notification, and only the write’s own when it delivers a write’s', async () => {
    const store = memoryStore();
    const claims: NotificationClaim[] = [];
    const recording = Object.assign(Object.create(store) as MemoryStore, {
      claimNotifications: (claim: NotificationClaim) => (claims.push(claim), store.claimNotifications(claim)),
    });
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = createCaseEngine({ store: recording, clock, onNotification: () => undefined });
    await engine.open(applicationInput());
    const own = claims.length;
    await engine.deliverNotifications(() => undefined);
    const sweepClaim = claims.at(-1)!;
    expect(Object.hasOwn(sweepClaim, 'ids')).toBe(false);
    expect(own).toBeGreaterThan(0);
    for (const claim of claims.slice(0, own)) expect(claim.ids).toEqual(['case-1/1/0']);
  });
});

describe('a first write that carries an idempotency key', () => {
  it('keeps the key: a later write with it is answered as taken, not written', async () => {
    const clock = testClock(bj('2026-09-01 09:00'));
    const recorded = recordingStore();
    const engine = following(createCaseEngine({ store: recorded.recording, clock }), clock);
    await engine.open(applicationInput());
    await engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')), { idempotencyKey: 'k1' });
    const [opening, keyed] = recorded.writes;
    expect(keyed!.idempotency?.key).toBe('k1');

    const store = memoryStore();
    expect(await store.create({ ...opening!, idempotency: keyed!.idempotency! })).toMatchObject({ ok: true });
    expect(await store.commit(keyed!, 1)).toMatchObject({ ok: false, actualVersion: 1, idempotencyKeyTaken: true });
  });
});
