/**
 * 待办 and 已办 judged on the restored case, not on the store's index (README: "a stale index
 * cannot offer a case the actor owes nothing"): a store whose index names an actor the case owes
 * nothing, and wrong times for the others, still gives each actor its true items and times.
 * Written against the mutants the older suites left.
 */
import { describe, expect, it } from 'vitest';
import type { CaseSummary } from 'linked-enforcement';
import { bj, center, fire, justice, market } from './_lib/cases.js';
import { storedItem1Case } from './_lib/engine.js';

describe('a stale 待办/已办 index', () => {
  it('offers no case the actor owes nothing, and shows the case’s own times', async () => {
    // Passed its review at 10:00: waiting on justice (法制审核) since then.
    const { store, engine } = await storedItem1Case(1);
    const { summary } = (await store.audit('case-1'))! as { summary: CaseSummary };
    expect(summary.actors).toEqual([{ actor: 'unit:justice', waitingSince: bj('2026-09-01 10:00'), dueAt: null }]);
    expect(
      await store.indexCase!({
        ...summary,
        actors: [
          { actor: 'unit:fire-rescue', waitingSince: bj('2026-09-01 09:30'), dueAt: null },
          { actor: 'unit:justice', waitingSince: bj('2026-09-01 09:00'), dueAt: null },
        ],
        participants: [
          { actor: 'unit:justice', lastActedAt: bj('2026-09-01 09:20') },
          { actor: 'unit:command-center', lastActedAt: bj('2026-09-01 09:10') },
          { actor: 'unit:market-regulation', lastActedAt: bj('2026-09-01 09:00') },
        ],
      }),
    ).toBe(true);
    expect((await engine.inbox(fire)).items).toEqual([]);
    expect((await engine.inbox(justice)).items.map((item) => [item.caseId, item.waitingSince])).toEqual([['case-1', bj('2026-09-01 10:00')]]);
    expect((await engine.done(center)).items.map((item) => [item.caseId, item.lastActedAt])).toEqual([['case-1', bj('2026-09-01 10:00')]]);
  });

  it('shows each actor its own times where a case waits on several, since different times', async () => {
    // Dispatched on 09-04 (each cooperating unit owes its acknowledgement since), the plan submitted on 09-10.
    const { engine } = await storedItem1Case(5);
    expect((await engine.inbox(fire)).items.map((item) => [item.caseId, item.waitingSince])).toEqual([['case-1', bj('2026-09-04 10:00')]]);
    expect((await engine.inbox(market)).items.map((item) => [item.caseId, item.waitingSince])).toEqual([['case-1', bj('2026-09-10 10:00')]]);
    expect((await engine.done(justice)).items.map((item) => [item.caseId, item.lastActedAt])).toEqual([['case-1', bj('2026-09-02 10:00')]]);
    expect((await engine.done(market)).items.map((item) => [item.caseId, item.lastActedAt])).toEqual([['case-1', bj('2026-09-10 10:00')]]);
  });
});
