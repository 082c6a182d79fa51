import type { CaseEngine } from 'linked-enforcement';
import { applicationInput, bj, center, ev, inCharge, item1Plan, justice, market } from './cases.js';

/** A clock the test moves by hand. */
export function testClock(start: string) {
  let now = Date.parse(start);
  return { now: () => new Date(now), set: (iso: string) => void (now = Date.parse(iso)) };
}

/** Opens an item-1 application and drives it through enforcement ending at `endedAt` (results due 2026-10-13). */
export async function toReporting(engine: CaseEngine, caseId: string, endedAt = bj('2026-09-30 18:00')) {
  await engine.open(applicationInput({ caseId }));
  await engine.send(caseId, ev('review.pass', center, bj('2026-09-01 10:00')));
  await engine.send(caseId, ev('legal.approve', justice, bj('2026-09-02 10:00')));
  await engine.send(caseId, ev('leader.approve', inCharge, bj('2026-09-03 10:00')));
  await engine.send(caseId, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
  await engine.send(caseId, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan({ summary: '分三组检查' }) }));
  return engine.send(caseId, ev('enforcement.end', market, endedAt));
}
