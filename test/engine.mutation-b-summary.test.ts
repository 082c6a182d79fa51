/**
 * What the engine derives from a case and checks on its way in, to the letter: the units a store
 * indexes never hold a hole where an emergency case's item names no lead unit, who acted is
 * counted again from the whole history when the earlier count cannot be extended, the size
 * limits' refusal of an opening names no case, and results may be dated up to five minutes before
 * the engine's clock, no earlier (README › Time: "results, which are dated when they are
 * uploaded (`NOT_ALLOWED` more than five minutes before the clock)"). Written against the mutants
 * that survived the older suites.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore } from 'linked-enforcement';
import { caseMachine } from '../machines/caseMachine.js';
import { participantsOf, summaryOf } from '../src/engine/_lib/caseSummary.js';
import { CaseCache } from '../src/engine/_lib/load/CaseCache.js';
import { loadCase } from '../src/engine/_lib/load/loadCase.js';
import type { CaseCopy } from '../src/engine/_lib/load/restoreCase.js';
import { describeMachine } from '../src/engine/_lib/machineInfo.js';
import { CASE_MACHINE_VERSION, caseMachineMigrations } from '../src/engine/migrations.js';
import { applicationInput, bj, ev, market } from './_lib/cases.js';
import { following, storedItem1Case, testClock, toReporting } from './_lib/engine.js';
import { rejectionOf } from './_lib/errors.js';

const info = describeMachine(caseMachine, CASE_MACHINE_VERSION, caseMachineMigrations);
/** case-1 in 法制审核 (legalReview): opened, then passed 初审. */
let copy: CaseCopy;

beforeAll(async () => {
  const { store } = await storedItem1Case(1);
  ({ copy } = await loadCase(info, store, new CaseCache(), 'case-1'));
});

describe('summaryOf', () => {
  it('names no unit for an emergency case whose item has no lead unit in the catalog', () => {
    for (const origin of ['emergency', 'emergencyRequest']) {
      const snapshot = { ...copy.snapshot, context: { ...copy.snapshot.context, origin, itemNo: 999 } };
      expect(summaryOf(snapshot as never, 2).units).toEqual(['market-regulation']);
    }
  });

  it('counts who acted from the whole history when the earlier summary’s history is longer than this one', () => {
    const earlier = summaryOf(copy.snapshot, 2);
    const participants = summaryOf(copy.snapshot, 2, { summary: { ...earlier, participants: [{ actor: 'unit:someone-else', lastActedAt: bj('2026-09-01 09:30') }] }, historyLength: 5 }).participants;
    expect(participants).toEqual(participantsOf(copy.snapshot.context));
    expect(participants).toEqual([
      { actor: 'unit:market-regulation', lastActedAt: bj('2026-09-01 09:00') },
      { actor: 'unit:command-center', lastActedAt: bj('2026-09-01 10:00') },
    ]);
  });
});

describe('size limits of an opening', () => {
  it('refuse it as INVALID_INPUT without naming a case', async () => {
    const engine = createCaseEngine({ clock: testClock(bj('2026-09-01 09:00')) });
    const error = await rejectionOf(() => engine.open(applicationInput({ title: 'x'.repeat(20_001) })));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', message: 'Invalid input: input.title: must be at most 20000 characters (it has 20001)', context: { argument: 'input' } });
    expect(error.context).not.toHaveProperty('caseId');
  });
});

describe('results dated before the engine’s clock', () => {
  const uploadAt = (at: string) => ev('results.upload', market, at, { results: { summary: '检查商户120家' } });

  it('are taken up to five minutes before it, to the millisecond, and refused earlier', async () => {
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = createCaseEngine({ store: memoryStore(), clock });
    for (const caseId of ['on-the-edge', 'one-ms-early']) {
      clock.set(bj('2026-09-01 09:00'));
      await toReporting(following(engine, clock), caseId);
    }
    clock.set('2026-10-12T09:05:00.000Z');
    expect((await engine.send('on-the-edge', uploadAt('2026-10-12T09:00:00.000Z'))).version).toBe(8);
    const error = await rejectionOf(() => engine.send('one-ms-early', uploadAt('2026-10-12T08:59:59.999Z')));
    expect(error).toMatchObject({ code: 'NOT_ALLOWED', context: { caseId: 'one-ms-early', type: 'results.upload' } });
  });
});
