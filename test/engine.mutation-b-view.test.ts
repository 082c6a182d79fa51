/**
 * The views the engine answers with (`view/caseView.ts`): a case's history (流转记录) is labelled
 * once per version, and the next version's view reuses the labels of the entries it shares with
 * the previous one — only when those are the very entries of it (the machine appends to the
 * history), so a view never shows another version's entry. Written against the mutants that
 * survived the older suites.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCaseEngine } from 'linked-enforcement';
import { caseMachine } from '../machines/caseMachine.js';
import { historyViewOf } from '../machines/selectors.js';
import type { HistoryEntry } from '../machines/types.js';
import { CaseCache } from '../src/engine/_lib/load/CaseCache.js';
import { loadCase } from '../src/engine/_lib/load/loadCase.js';
import { describeMachine } from '../src/engine/_lib/machineInfo.js';
import { historyViewsOf, type ViewSource } from '../src/engine/_lib/view/caseView.js';
import { CASE_MACHINE_VERSION, caseMachineMigrations } from '../src/engine/migrations.js';
import { bj, ev, inCharge } from './_lib/cases.js';
import { storedItem1Case, testClock } from './_lib/engine.js';

let history: readonly HistoryEntry[];

beforeAll(async () => {
  const { store } = await storedItem1Case(3);
  history = (await loadCase(describeMachine(caseMachine, CASE_MACHINE_VERSION, caseMachineMigrations), store, new CaseCache(), 'case-1')).copy.persisted.context.history;
});

const source = (entries: readonly HistoryEntry[], views?: readonly ReturnType<typeof historyViewOf>[]) => ({ persisted: { context: { history: entries } }, ...(views === undefined ? {} : { historyViews: views }) }) as unknown as ViewSource;

describe('historyViewsOf', () => {
  it('labels each entry of a version once, and reuses the labels of the entries the previous version shares', async () => {
    const { store } = await storedItem1Case(2);
    const clock = testClock(bj('2026-09-03 10:00'));
    const engine = createCaseEngine({ store, clock });
    const read = await engine.get('case-1');
    expect((await engine.get('case-1')).history).toBe(read.history);
    const next = await engine.send('case-1', ev('leader.approve', inCharge, bj('2026-09-03 10:00')));
    expect(next.history).toHaveLength(4);
    next.history.slice(0, 3).forEach((view, index) => expect(view).toBe(read.history[index]));
  });

  it('labels afresh when the previous version’s entries are not the very entries of this one', () => {
    const [open, pass, legal, approve] = history;
    const labelled = (entries: readonly HistoryEntry[]) => entries.map((entry) => historyViewOf(entry));
    // Same last shared entry, another first one; same first entry, another last shared one.
    for (const earlier of [[{ ...open! }, pass!], [open!, { ...pass! }]]) {
      const views = historyViewsOf(source([open!, pass!, legal!]), source(earlier, labelled([{ ...legal!, seq: 0 }, { ...approve!, seq: 1 }])));
      expect(views).toEqual(labelled([open!, pass!, legal!]));
    }
    const shared = labelled([open!, pass!]);
    const views = historyViewsOf(source([open!, pass!, legal!]), source([open!, pass!], shared));
    expect(views[0]).toBe(shared[0]);
    expect(views[1]).toBe(shared[1]);
    expect(views).toEqual(labelled([open!, pass!, legal!]));
  });
});
