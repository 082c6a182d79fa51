/**
 * What the engine asks of its store, seen from a store that records its calls: `verifyAll` pages
 * through `caseIds` (the first page without `after`, the next after the last id of a full page);
 * a write that sends no notifications leaves the outbox alone; a refused event is read once.
 * Written against the mutants of createCaseEngine.ts and sendCase.ts that survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type CaseStore, type MemoryStore } from 'linked-enforcement';
import { applicationInput, bj, center, ev, justice } from './_lib/cases.js';
import { following, item1Steps, testClock } from './_lib/engine.js';
import { rejectionOf } from './_lib/errors.js';

describe('verifyAll pages through store.caseIds', () => {
  it('asks for the first page without `after`, and for the next after the last id of a full page', async () => {
    const store = memoryStore();
    const opener = createCaseEngine({ store, clock: testClock(bj('2026-09-01 09:00')) });
    for (const caseId of ['c1', 'c2', 'c3', 'c4']) await opener.open(applicationInput({ caseId }));
    const asked: unknown[] = [];
    const recording: CaseStore = Object.assign(Object.create(store) as MemoryStore, {
      caseIds: (options: Parameters<CaseStore['caseIds']>[0]) => (asked.push({ ...options }), store.caseIds(options)),
    });
    const engine = createCaseEngine({ store: recording, clock: testClock(bj('2026-09-01 09:00')) });

    const first = await engine.verifyAll({ limit: 3 });
    expect(first.cases.map((verdict) => [verdict.caseId, verdict.ok])).toEqual([['c1', true], ['c2', true], ['c3', true]]);
    expect(first.nextCursor).toBe('c3');
    const second = await engine.verifyAll({ limit: 3, cursor: first.nextCursor! });
    expect(second.cases.map((verdict) => verdict.caseId)).toEqual(['c4']);
    expect(second.nextCursor).toBeNull();
    expect(asked).toStrictEqual([{ limit: 3 }, { limit: 3, after: 'c3' }]);
  });
});

describe('onNotification after a write', () => {
  it('is not called, and the outbox not touched, for a write that sends no notifications: the write stands even with the outbox unavailable', async () => {
    const store = memoryStore();
    let outboxDown = false;
    let claims = 0;
    const flaky: CaseStore = Object.assign(Object.create(store) as MemoryStore, {
      claimNotifications: (claim: Parameters<CaseStore['claimNotifications']>[0]) => {
        claims += 1;
        if (outboxDown) throw new Error('outbox table unavailable');
        return store.claimNotifications(claim);
      },
    });
    const delivered: string[] = [];
    const hookErrors: unknown[] = [];
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(
      createCaseEngine({ store: flaky, clock, onNotification: (_notification, meta) => void delivered.push(meta.id), onHookError: (error) => void hookErrors.push(error) }),
      clock,
    );
    await engine.open(applicationInput());
    const steps = item1Steps();
    for (const event of steps.slice(0, 4)) await engine.send('case-1', event);
    expect(claims).toBe(5);
    // 工作方案 (plan.submit) notifies nobody.
    outboxDown = true;
    const planned = await engine.send('case-1', steps[4]!);
    expect(planned).toMatchObject({ version: 6, notifications: [] });
    expect(claims).toBe(5);
    expect(hookErrors).toEqual([]);
    expect(delivered).toEqual(['case-1/1/0', 'case-1/2/0', 'case-1/3/0', 'case-1/4/0', 'case-1/5/0', 'case-1/5/1']);
  });
});

describe('a refused event', () => {
  it('is decided on one read of the case, by an engine that had not read it', async () => {
    const store = memoryStore();
    await createCaseEngine({ store, clock: testClock(bj('2026-09-01 09:00')) }).open(applicationInput());
    let loads = 0;
    const counting: CaseStore = Object.assign(Object.create(store) as MemoryStore, {
      load: (...args: Parameters<CaseStore['load']>) => ((loads += 1), store.load(...args)),
    });
    const engine = createCaseEngine({ store: counting, clock: testClock(bj('2026-09-01 11:00')) });
    // 法制审核 before 初审: the case is in preliminaryReview.
    expect(await rejectionOf(() => engine.send('case-1', ev('legal.approve', justice, bj('2026-09-01 10:00'))))).toMatchObject({ code: 'NOT_ALLOWED' });
    expect(loads).toBe(1);
    // A version pinned wrong is refused on that one read too.
    loads = 0;
    const fresh = createCaseEngine({ store: counting, clock: testClock(bj('2026-09-01 11:00')) });
    expect(await rejectionOf(() => fresh.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')), { expectedVersion: 2 }))).toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(loads).toBe(1);
  });
});
