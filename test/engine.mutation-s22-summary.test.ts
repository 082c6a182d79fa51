/**
 * The units a case lists under (`engine.list({ unit })`, README › API tour): its initiator, and
 * once dispatched its lead and cooperating units; a cooperating unit's request (提请) is the item's
 * lead unit's from the opening. Written against the mutants that survived in
 * src/engine/_lib/caseSummary.ts (unitsOf).
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore } from 'linked-enforcement';
import { applicationInput, bj, fire, market } from './_lib/cases.js';
import { listedCases, testClock } from './_lib/engine.js';

describe('the units a case is listed under before its dispatch', () => {
  it('a cooperating unit’s request: the requesting unit and the item’s lead unit, which studies it', async () => {
    const engine = createCaseEngine({ store: memoryStore(), clock: testClock(bj('2026-09-01 09:00')) });
    await engine.open({ caseId: 'er', title: '农贸市场火灾隐患', itemNo: 1, origin: 'emergencyRequest', reporter: 'fire-rescue', description: '重大火灾隐患', by: fire });
    expect((await listedCases(engine, { unit: market.unit })).map((view) => view.caseId)).toEqual(['er']);
    expect((await listedCases(engine, { unit: fire.unit })).map((view) => view.caseId)).toEqual(['er']);
  });

  it('an application by a unit that does not lead the item: the applicant only', async () => {
    const engine = createCaseEngine({ store: memoryStore(), clock: testClock(bj('2026-09-01 09:00')) });
    await engine.open(applicationInput({ caseId: 'ap', itemNo: 1, applicant: 'urban-management', by: { unit: 'urban-management' } }));
    expect((await listedCases(engine, { unit: 'urban-management' })).map((view) => view.caseId)).toEqual(['ap']);
    expect(await listedCases(engine, { unit: market.unit })).toEqual([]);
  });
});
