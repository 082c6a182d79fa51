/**
 * Replaying a case's log on the deadlines it recorded (README › What the audit proves: a deadline
 * today's calendar answers differently is a `calendar` warning, and the replay keeps the recorded
 * one, which the digests vouch for): every field of a recorded deadline counts, its due day too.
 * Written against the mutants of src/engine/_lib/replay.ts that survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { auditEntryHash, createCaseEngine, createCaseMachine, memoryStore, type MemoryStore } from 'linked-enforcement';
import { applicationInput, bj, center, ev } from './_lib/cases.js';
import { following, testClock } from './_lib/engine.js';

type Stored = { envelope: Record<string, unknown> & { snapshot: { context: { deadlines: Record<string, unknown>[] } } }; entries: Record<string, unknown>[] };

describe('a recorded deadline whose due day alone differs from today’s calendar', () => {
  it('is kept by the replay and named in a calendar warning', async () => {
    const machine = createCaseMachine({ stepLimits: { legalReview: 1 } });
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(createCaseEngine({ store, clock, machine }), clock);
    await engine.open(applicationInput());
    await engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')));
    const stored = structuredClone((await store.audit('case-1')) as unknown as Stored);
    const [deadline] = stored.envelope.snapshot.context.deadlines;
    expect(deadline).toMatchObject({ step: 'legalReview', dueDate: '2026-09-02' });
    // The due day changed, the due time kept; the newest entry's digest and the chain made to fit, as a forger would.
    deadline!.dueDate = '2026-09-03';
    const newest = stored.entries[1]!;
    newest.snapshotDigest = auditEntryHash(stored.envelope.snapshot);
    stored.envelope.auditHead = auditEntryHash(newest);
    const tampered = Object.assign(Object.create(store) as MemoryStore, { audit: async () => stored });
    const verdict = await createCaseEngine({ store: tampered, machine }).verifyAudit('case-1');
    expect(verdict).toMatchObject({ ok: true, problems: [], replayed: true });
    expect(verdict.warnings).toEqual([
      {
        kind: 'calendar',
        version: null,
        message: `the deadline of 1 working days from ${String(deadline!.startedAt)} was recorded as 2026-09-03 (holiday data that has changed since); the calendar now says 2026-09-02`,
      },
    ]);
  });
});
