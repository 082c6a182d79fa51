/**
 * A retry with a known idempotency key (README › Persistence: a retry rebuilds that version's
 * result from the log) by an engine that no longer holds a copy of the case when it reads the log
 * again: the case is restored from that read. Written against the mutants of
 * src/engine/_lib/replayIdempotent.ts that survived the older suites.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type CaseEngine, type MemoryStore, type SendResult } from 'linked-enforcement';
import { applicationInput, bj, center, ev, justice } from './_lib/cases.js';
import { following, testClock } from './_lib/engine.js';

const pass = ev('review.pass', center, bj('2026-09-01 10:00'));
const clock = testClock(bj('2026-09-01 09:00'));
let store: MemoryStore;
let first: SendResult;

beforeAll(async () => {
  store = memoryStore();
  const engine = following(createCaseEngine({ store, clock }), clock);
  await engine.open(applicationInput());
  first = await engine.send('case-1', pass, { idempotencyKey: 'k1' });
  await engine.send('case-1', ev('legal.approve', justice, bj('2026-09-02 10:00')));
});

describe('a retry whose engine lost its copy of the case meanwhile', () => {
  it('answers with the first result, the case restored from the log it reads again', async () => {
    const reads: unknown[] = [];
    let gone = false;
    // While the retry reads the whole log, a concurrent read finds the case gone for a moment: the engine forgets its copy.
    const racing = Object.assign(Object.create(store) as MemoryStore, {
      load: async (...args: Parameters<MemoryStore['load']>) => {
        reads.push(args[1]);
        if (gone) return undefined;
        if (reads.length === 2) {
          gone = true;
          await expect(engine.get('case-1')).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
          gone = false;
        }
        return store.load(...args);
      },
    });
    const engine: CaseEngine = createCaseEngine({ store: racing, clock });
    expect(await engine.send('case-1', pass, { idempotencyKey: 'k1' })).toEqual(first);
    expect(reads).toEqual([{ logFrom: 1, idempotencyKey: 'k1' }, { logFrom: 1 }, expect.anything()]);
  });
});
