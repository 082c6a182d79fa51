/**
 * The columns a store indexes (who owes the next step — 待办 — and who acted — 已办) are written
 * event by event from what the previous version's summary held: after every event they are what
 * the whole snapshot gives, on an engine that holds the case and on one that restored it.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type CaseSummary } from 'linked-enforcement';
import { dutiesOf } from '../machines/_lib/duties.js';
import { machineRules } from '../machines/_lib/machineRules.js';
import type { CaseEvent } from '../machines/schemas.js';
import { participantsOf } from '../src/engine/_lib/caseSummary.js';
import { accept, applicationInput, bj, center, ev, fire, inCharge, item1Plan, justice, market, police, startCase } from './_lib/cases.js';
import { following, testClock } from './_lib/engine.js';

const events: CaseEvent[] = [
  ev('review.pass', center, bj('2026-09-01 10:00')),
  ev('legal.approve', justice, bj('2026-09-02 10:00')),
  ev('leader.approve', inCharge, bj('2026-09-03 10:00')),
  ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }),
  ev('unit.acknowledge', police, bj('2026-09-05 09:00'), { staff: 2, equipment: '执法记录仪' }),
  ev('case.urge', center, bj('2026-09-06 09:00'), { unit: 'fire-rescue', message: '请确认任务' }),
  ev('unit.acknowledge', fire, bj('2026-09-07 09:00'), { staff: 3, equipment: '执法记录仪' }),
  ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan({ summary: '分三组检查' }) }),
  ev('plan.submit', market, bj('2026-09-11 10:00'), { plan: item1Plan({ summary: '分三组检查（修订）' }) }),
  ev('enforcement.end', market, bj('2026-09-30 18:00')),
  ev('unit.report', police, bj('2026-10-08 10:00'), { summary: '检查商户 40 家' }),
];

describe('the 待办/已办 columns, written event by event', () => {
  it('are after every event what the whole snapshot gives, held or restored', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 08:00'));
    const { actor } = startCase(applicationInput({ caseId: 'c1' }));
    let engine = following(createCaseEngine({ store, clock }), clock);
    await engine.open(applicationInput({ caseId: 'c1' }));
    for (const [index, event] of events.entries()) {
      // Half of the events on an engine that has to restore the case first.
      if (index % 2 === 1) engine = following(createCaseEngine({ store, clock }), clock);
      await engine.send('c1', event);
      accept(actor, event);
      const snapshot = actor.getSnapshot();
      const summary = (await store.audit('c1'))!.summary as CaseSummary;
      expect(summary.participants, event.type).toEqual(participantsOf(snapshot.context));
      expect(summary.actors, event.type).toEqual(dutiesOf(snapshot, machineRules.get(snapshot.machine)!).map(({ actor: key, waitingSince, dueAt }) => ({ actor: key, waitingSince, dueAt })));
    }
    expect(((await store.audit('c1'))!.summary as CaseSummary).participants!.map((entry) => entry.actor)).toEqual([
      'unit:market-regulation',
      'unit:command-center',
      'unit:justice',
      'leader:inCharge',
      'leader:李副县长',
      'unit:public-security',
      'unit:fire-rescue',
    ]);
  });
});
