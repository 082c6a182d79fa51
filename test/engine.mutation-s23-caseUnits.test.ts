/**
 * Which units a case lists under before a dispatch names its units (README › list: `unit` by
 * initiator/lead/cooperating units). The item's lead unit (牵头单位) is added from the opening
 * only when a cooperating unit (配合单位) made the request (提请: 配合单位…应当提请牵头单位组织开展
 * 联动执法), for the lead unit must study it; in an emergency (突发事件) the reporter is that lead
 * unit already, which the machine guarantees (牵头单位…应及时上报县委县政府). Any other opening
 * names the lead unit at its dispatch.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine } from 'linked-enforcement';
import { bj, center, ev, fire, market } from './_lib/cases.js';
import { following, testClock } from './_lib/engine.js';
import { rejectionOf } from './_lib/errors.js';

function setup() {
  const clock = testClock(bj('2026-09-01 09:00'));
  const engine = following(createCaseEngine({ clock }), clock);
  const listedUnder = async (unit: string) => (await engine.list({ unit })).items.map((view) => view.caseId);
  return { engine, listedUnder };
}

describe('a case’s units before its dispatch (item 1: lead market-regulation, fire-rescue and public-security among its cooperating units)', () => {
  it('a cooperating unit’s request: the requester and the item’s lead unit, which must study it — not the other cooperating units', async () => {
    const { engine, listedUnder } = setup();
    await engine.open({ caseId: 'request', title: '农贸市场火灾隐患', itemNo: 1, origin: 'emergencyRequest', reporter: 'fire-rescue', description: '重大火灾隐患', by: fire, at: bj('2026-09-01 09:00') });
    expect(await listedUnder('fire-rescue')).toEqual(['request']);
    expect(await listedUnder('market-regulation')).toEqual(['request']);
    expect(await listedUnder('public-security')).toEqual([]);
  });

  it('an emergency: only the item’s lead unit reports one, so the reporter is the lead unit, and no cooperating unit is listed', async () => {
    const { engine, listedUnder } = setup();
    const byCooperating = await rejectionOf(() => engine.open({ caseId: 'not-lead', title: '火情', itemNo: 1, origin: 'emergency', reporter: 'fire-rescue', description: '火情', by: fire, at: bj('2026-09-01 09:00') }));
    expect(byCooperating).toMatchObject({ code: 'NOT_ALLOWED', context: { reason: expect.stringContaining('market-regulation') } });
    await engine.open({ caseId: 'emergency', title: '火情', itemNo: 1, origin: 'emergency', reporter: 'market-regulation', description: '火情', by: market, at: bj('2026-09-01 09:00') });
    expect(await listedUnder('market-regulation')).toEqual(['emergency']);
    expect(await listedUnder('fire-rescue')).toEqual([]);
  });

  it('a leader’s assignment and a case the center opens: the item’s lead unit from the dispatch that names it, not before', async () => {
    const { engine, listedUnder } = setup();
    await engine.open({ caseId: 'assigned', title: '交办', itemNo: 1, origin: 'leaderAssignment', leader: { name: '张县长', post: 'principal' }, instruction: '国庆前完成', by: center, at: bj('2026-09-01 09:00') });
    await engine.open({ caseId: 'center', title: '节前检查', itemNo: 1, origin: 'centerInitiated', reason: '节前检查', by: center, at: bj('2026-09-01 09:10') });
    expect(await listedUnder('market-regulation')).toEqual([]);
    expect(await listedUnder('command-center')).toEqual(['center']);
    await engine.send('assigned', ev('task.dispatch', center, bj('2026-09-01 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-10 09:00') }));
    expect(await listedUnder('market-regulation')).toEqual(['assigned']);
    expect(await listedUnder('fire-rescue')).toEqual(['assigned']);
  });
});
