/**
 * A retry with a known idempotency key (README › Idempotent retries) answers with the first
 * result, rebuilt from the log; a record or a log that cannot give it back is
 * `INCOMPATIBLE_SNAPSHOT` naming the key and why (table `case_idempotency`), never a wrong
 * answer. Here the store's later reads are spoilt behind the engine's back (the first read, which
 * finds the key, is the stored case as it is). Written against the mutants that survived the
 * older suites.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type MemoryStore, type SendResult } from 'linked-enforcement';
import { applicationInput, bj, center, ev, inCharge, justice } from './_lib/cases.js';
import { following, testClock } from './_lib/engine.js';
import { rejectionOf } from './_lib/errors.js';

type Loaded = { envelope: Record<string, unknown>; entries: Record<string, unknown>[]; idempotency?: Record<string, unknown> };

const pass = ev('review.pass', center, bj('2026-09-01 10:00'));
let store: MemoryStore;
let first: SendResult;
const clock = testClock(bj('2026-09-01 09:00'));

beforeAll(async () => {
  store = memoryStore();
  const engine = following(createCaseEngine({ store, clock }), clock);
  await engine.open(applicationInput());
  first = await engine.send('case-1', pass, { idempotencyKey: 'k1' });
  await engine.send('case-1', ev('legal.approve', justice, bj('2026-09-02 10:00')));
});

/** A retry of the first send through a new engine, whose store's reads after the first go through `spoil`. */
const retryWith = (spoil: (loaded: Loaded) => unknown, spoilFirst?: (loaded: Loaded) => unknown) => {
  let reads = 0;
  const spoilt = Object.assign(Object.create(store) as MemoryStore, {
    load: async (...args: Parameters<MemoryStore['load']>) => {
      const loaded = structuredClone(await store.load(...args)) as unknown as Loaded;
      reads++;
      return reads === 1 ? (spoilFirst?.(loaded) ?? loaded) : spoil(loaded);
    },
  });
  return createCaseEngine({ store: spoilt, clock }).send('case-1', pass, { idempotencyKey: 'k1' });
};
const refusal = (reason: string) => ({
  code: 'INCOMPATIBLE_SNAPSHOT',
  message: `Case case-1: the idempotency record "k1" cannot be replayed: ${reason}`,
  context: { caseId: 'case-1', table: 'case_idempotency', idempotencyKey: 'k1', reason },
});
const entriesChanged = (change: (entries: Record<string, unknown>[]) => Record<string, unknown>[]) => (loaded: Loaded) => ({ ...loaded, entries: change(loaded.entries) });

describe('a retry', () => {
  it('answers with the first result, rebuilt from the log', async () => {
    const again = await retryWith((loaded) => loaded);
    expect(again).toEqual(first);
  });

  it('reads no entry after the key’s version', async () => {
    expect(await retryWith(entriesChanged((entries) => [entries[0]!, entries[1]!, { ...entries[2]!, version: 9 }]))).toEqual(first);
  });

  it('rebuilds the result from the log when the record keeps none (null)', async () => {
    expect(await retryWith((loaded) => loaded, (loaded) => ({ ...loaded, idempotency: { ...loaded.idempotency, result: null } }))).toEqual(first);
  });

  it('is refused when the store hands back the record of another key', async () => {
    expect(await rejectionOf(() => retryWith((loaded) => loaded, (loaded) => ({ ...loaded, idempotency: { ...loaded.idempotency, key: 'k2' } })))).toMatchObject(refusal('the record is malformed'));
  });

  it('of another event with the same key is INVALID_INPUT on the key', async () => {
    const engine = createCaseEngine({ store, clock });
    const other = ev('review.pass', center, bj('2026-09-01 10:05'));
    const error = await rejectionOf(() => engine.send('case-1', other, { idempotencyKey: 'k1' }));
    expect(error).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Invalid options: idempotency key "k1" was used for another event on case case-1',
      context: { argument: 'options', caseId: 'case-1', idempotencyKey: 'k1', version: 2 },
    });
    expect(error.issues).toEqual([{ code: 'custom', path: ['options', 'idempotencyKey'], message: 'already used for another event' }]);
  });

  it('is refused when the log, read again, has no entry at the key’s version', async () => {
    expect(await rejectionOf(() => retryWith(entriesChanged((entries) => entries.slice(0, 1))))).toMatchObject(refusal('the log has no entry 2'));
    expect(await rejectionOf(() => retryWith(({ entries: _entries, ...loaded }) => loaded))).toMatchObject(refusal('the log has no entry 2'));
  });

  it('is refused at the first malformed entry up to the key’s version, numbered from 1', async () => {
    expect(await rejectionOf(() => retryWith(entriesChanged((entries) => [{ junk: true }, ...entries.slice(1)])))).toMatchObject(refusal('audit entry 1 is malformed'));
    expect(await rejectionOf(() => retryWith(entriesChanged((entries) => [entries[0]!, { ...entries[1]!, version: 5 }, ...entries.slice(2)])))).toMatchObject(refusal('audit entry 2 is malformed'));
  });

  it('is refused when the record names a version beyond the case', async () => {
    expect(await rejectionOf(() => retryWith((loaded) => loaded, (loaded) => ({ ...loaded, idempotency: { ...loaded.idempotency, version: 9 } })))).toMatchObject(
      refusal("it names version 9, beyond the case's 3"),
    );
  });

  it('is refused when an earlier entry was written by another machine release', async () => {
    expect(await rejectionOf(() => retryWith(entriesChanged((entries) => [{ ...entries[0]!, machineVersion: 2 }, ...entries.slice(1)])))).toMatchObject(
      refusal('version 2 was written by another machine release and cannot be rebuilt by this one'),
    );
  });

  const atVersion2 = (change: (entry: Record<string, unknown>) => Record<string, unknown>) => entriesChanged((entries) => [entries[0]!, change(entries[1]!), ...entries.slice(2)]);

  it('is refused when the log entry at the key’s version was written for another key or request; one of 0.1, without a request hash, is taken', async () => {
    const reason = 'the log entry of version 2 was not written for this key and request';
    expect(await rejectionOf(() => retryWith(atVersion2((entry) => ({ ...entry, idempotencyKey: 'k2' }))))).toMatchObject(refusal(reason));
    expect(await rejectionOf(() => retryWith(atVersion2((entry) => ({ ...entry, requestHash: 'c'.repeat(64) }))))).toMatchObject(refusal(reason));
    expect(await retryWith(atVersion2(({ requestHash: _hash, ...entry }) => entry))).toEqual(first);
  });

  it('is refused when the entry at the key’s version holds no snapshot digest: a forged event could not be told from the first one', async () => {
    const reason = 'the log entry of version 2 holds no snapshot digest to check the rebuilt result against';
    expect(await rejectionOf(() => retryWith(atVersion2(({ snapshotDigest: _digest, ...entry }) => entry)))).toMatchObject(refusal(reason));
    // The forgery it stops: the opinion rewritten and the digest that would expose it dropped.
    const forged = atVersion2(({ snapshotDigest: _digest, ...entry }) => ({ ...entry, event: { ...(entry.event as object), opinion: '伪造的意见' } }));
    expect(await rejectionOf(() => retryWith(forged))).toMatchObject(refusal(reason));
  });

  it('is refused when the machine refuses the log on the way to the key’s version', async () => {
    const refusedWithDigest = (digestOf: (entries: Record<string, unknown>[]) => unknown) =>
      entriesChanged((entries) => [entries[0]!, { ...entries[1]!, snapshotDigest: digestOf(entries), event: { ...(entries[1]!.event as object), by: { unit: 'market-regulation' } } }, ...entries.slice(2)]);
    const reason = 'replaying the log to version 2 does not give the snapshot that version recorded';
    expect(await rejectionOf(() => retryWith(refusedWithDigest((entries) => entries[1]!.snapshotDigest)))).toMatchObject(refusal(reason));
    // Even when the entry names the snapshot the replay stopped at (version 1's): what a stopped replay reached is no version's result.
    expect(await rejectionOf(() => retryWith(refusedWithDigest((entries) => entries[0]!.snapshotDigest)))).toMatchObject(refusal(reason));
  });

  it('is refused when replaying the log does not give the snapshot the key’s version recorded', async () => {
    expect(await rejectionOf(() => retryWith(entriesChanged((entries) => [entries[0]!, { ...entries[1]!, snapshotDigest: 'a'.repeat(64) }, ...entries.slice(2)])))).toMatchObject(
      refusal('replaying the log to version 2 does not give the snapshot that version recorded'),
    );
  });
});

describe('a record that keeps its result', () => {
  const keeping = (result: unknown) => (loaded: Loaded) => ({ ...loaded, idempotency: { ...loaded.idempotency, result } });

  it('answers with it even when the case cannot be restored now, and refuses one of another version', async () => {
    const kept = structuredClone({ ...first });
    const again = await retryWith((loaded) => ({ ...loaded, envelope: { ...loaded.envelope, version: 'three' } }), keeping(kept));
    expect(again.version).toBe(2);
    expect(again.state).toBe('legalReview');
    expect(await rejectionOf(async () => again.allowedEvents(center))).toMatchObject({ code: 'VERSION_CONFLICT', context: { caseId: 'case-1', expectedVersion: 2, actualVersion: 2 } });
    expect(await rejectionOf(() => retryWith((loaded) => loaded, keeping({ ...kept, version: 3 })))).toMatchObject(refusal('its stored result is not version 2 of the case'));
    expect(await rejectionOf(() => retryWith((loaded) => loaded, keeping({ ...kept, caseId: 'case-2' })))).toMatchObject(refusal('its stored result is not version 2 of the case'));
  });

  it('answers its allowed events while it is the case’s current version, and says it is stale once the case moved on', async () => {
    const kept = structuredClone({ ...first });
    const moved = await retryWith((loaded) => loaded, keeping(kept));
    expect(await rejectionOf(async () => moved.allowedEvents(center))).toMatchObject({ code: 'VERSION_CONFLICT', context: { expectedVersion: 2, actualVersion: 3 } });
    const current = await retryWith((loaded) => loaded, (loaded) => ({ ...loaded, idempotency: { ...loaded.idempotency, version: 3, result: { ...kept, version: 3 } } }));
    expect(current.allowedEvents(inCharge)).toContain('leader.approve');
  });

  it('lets any other failure of reading the case now through', async () => {
    const broken = new Error('the envelope cannot be read');
    const envelope = (loaded: Loaded) =>
      Object.defineProperty({ ...loaded.envelope }, 'version', {
        get: () => {
          throw broken;
        },
      });
    const error = await retryWith((loaded) => ({ ...loaded, envelope: envelope(loaded) }), keeping(structuredClone({ ...first }))).catch((thrown: unknown) => thrown);
    expect(error).toBe(broken);
  });
});
