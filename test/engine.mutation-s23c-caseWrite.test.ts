/**
 * What the engine hands its store with each accepted event (`CaseWrite`, src/engine/types.ts):
 * the envelope's canonical JSON text (what the PostgreSQL store writes as it is), the summary of
 * the version a commit replaces, and no optional field present as `undefined`. The memory store
 * reads none of these, so they are checked through a store that records the writes. Written
 * against the mutants of src/engine/_lib/write/caseWrite.ts that survived the older suites.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCaseEngine, type CaseWrite } from 'linked-enforcement';
import { canonicalJson } from '../src/engine/_lib/canonicalJson.js';
import { applicationInput, bj, center, ev } from './_lib/cases.js';
import { following, recordingStore, testClock } from './_lib/engine.js';

let writes: CaseWrite[];

beforeAll(async () => {
  const clock = testClock(bj('2026-09-01 09:00'));
  const recorded = recordingStore();
  writes = recorded.writes;
  const engine = following(createCaseEngine({ store: recorded.recording, clock }), clock);
  await engine.open(applicationInput());
  await engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')));
});

describe('the envelope text a write carries (envelopeJson)', () => {
  it('is the canonical JSON of the envelope written: the same value, keys sorted, as canonicalJson writes it', () => {
    expect(writes.length).toBeGreaterThanOrEqual(2);
    for (const write of writes) {
      expect(typeof write.envelopeJson).toBe('string');
      expect(JSON.parse(write.envelopeJson!)).toEqual(JSON.parse(JSON.stringify(write.envelope)));
      expect(Object.keys(JSON.parse(write.envelopeJson!) as object)).toEqual(['auditHead', 'format', 'machineId', 'machineVersion', 'nextDueAt', 'snapshot', 'version']);
      expect(write.envelopeJson).toBe(canonicalJson(write.envelope));
    }
  });
});

describe('the version a commit replaces (previous)', () => {
  it('is absent on the opening write and, on each later one, the summary the previous write stored', () => {
    expect(Object.hasOwn(writes[0]!, 'previous')).toBe(false);
    for (let i = 1; i < writes.length; i++) {
      expect(writes[i]!.previous).toEqual(writes[i - 1]!.summary);
      expect(writes[i]!.previous!.version).toBe(writes[i]!.envelope.version - 1);
    }
  });
});

describe('a write without an idempotency key', () => {
  it('has no idempotency record at all (an optional field absent, not undefined), and its audit entry no key fields', () => {
    const [opening, sent] = writes;
    for (const write of [opening!, sent!]) {
      expect(Object.hasOwn(write, 'idempotency')).toBe(false);
      expect(Object.hasOwn(write.entry, 'idempotencyKey')).toBe(false);
      expect(Object.hasOwn(write.entry, 'requestHash')).toBe(false);
    }
  });
});
