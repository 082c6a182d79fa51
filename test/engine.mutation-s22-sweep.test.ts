/**
 * `engine.sweep` (README › API tour, `sweep(now?)`): a deadline is kept at its due instant itself,
 * so a case woken then is not checked; a reminder is stamped at the case's last event when that is
 * later than `now`; and a case one instance's sweep has claimed is left to it by another's until
 * its lease runs out. Written against the mutants that survived in src/engine/_lib/sweepCases.ts.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type MemoryStore } from 'linked-enforcement';
import { bj, center, ev } from './_lib/cases.js';
import { following, testClock, toReporting } from './_lib/engine.js';

describe('engine.sweep', () => {
  it('does not check a case at its deadline’s due instant (on time is at or before it), even when its store wakes it then', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    await toReporting(following(createCaseEngine({ store, clock }), clock), 'case-1');
    const { dueAt } = (await createCaseEngine({ store, clock }).get('case-1')).deadlines.find((deadline) => deadline.kind === 'resultsUpload')!;
    // A store of one's own that wakes a case at its due time rather than after it: the engine judges again whether it is due.
    let woken = false;
    const early = Object.assign(Object.create(store) as MemoryStore, { claimDue: async () => (woken ? [] : ((woken = true), ['case-1'])) });
    clock.set(dueAt);
    const engine = createCaseEngine({ store: early, clock, reminders: false });
    const before = (await engine.get('case-1')).version;
    expect(await engine.sweep(dueAt)).toMatchObject({ overdue: [], failed: [] });
    expect((await engine.get('case-1')).version).toBe(before);
  });

  it('stamps a reminder at the case’s last event when that is later than the sweep’s `now`', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(createCaseEngine({ store, clock }), clock);
    await toReporting(engine, 'case-1');
    // Results due 2026-10-13: the reminder (one working day before) is due from 2026-10-12 00:00.
    await engine.send('case-1', ev('case.urge', center, bj('2026-10-12 10:00'), { unit: 'market-regulation' }));
    const report = await engine.sweep(bj('2026-10-12 09:00'));
    expect(report.failed).toEqual([]);
    expect(report.reminded.map((entry) => entry.deadlines.map((deadline) => deadline.remindedAt))).toEqual([['2026-10-12T10:00:00.000+08:00']]);
    expect((await engine.get('case-1')).history.at(-1)).toMatchObject({ type: 'deadline.remind', at: '2026-10-12T10:00:00.000+08:00' });
  });

  it('leaves a case another instance’s sweep has claimed to it while that sweep runs', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    await toReporting(following(createCaseEngine({ store, clock }), clock), 'case-1');
    clock.set(bj('2026-10-14 09:00'));
    // The first instance's sweep has claimed the case and is still reading it.
    let reading!: () => void;
    let release!: () => void;
    const claimedAndReading = new Promise<void>((resolve) => (reading = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = Object.assign(Object.create(store) as MemoryStore, {
      load: async (...args: Parameters<MemoryStore['load']>) => {
        reading();
        await gate;
        return store.load(...args);
      },
    });
    const first = createCaseEngine({ store: slow, clock, reminders: false }).sweep();
    await claimedAndReading;
    const second = await createCaseEngine({ store, clock, reminders: false }).sweep();
    release();
    expect(second).toMatchObject({ overdue: [], failed: [] });
    expect((await first).overdue.map((entry) => entry.caseId)).toEqual(['case-1']);
  });
});
