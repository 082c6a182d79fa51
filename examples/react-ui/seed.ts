/**
 * The demo's cases (演示数据), so the inbox and the statistics are not empty: four cases opened in
 * August 2026 — one archived, one rejected at 初审, one waiting for 司法局's 法制审核, one whose
 * results are overdue — and SY-2026-001, the case the page opens, at 初审 on 2026-09-01 09:00.
 * Each event is stamped by the engine's clock, moved forward between them.
 */
import { type Actor, type CaseEngine, type CaseEventInput } from 'linked-enforcement';
import { participantsOf } from './src/caseFacts.js';
import type { ForwardClock } from './devClock.js';

/** Where the demo's clock starts: before the seeded cases. */
export const SEED_START = '2026-08-03T09:00:00+08:00';
/** The case the page opens, and when it is opened (the clock stops there). */
export const MAIN_CASE_ID = 'SY-2026-001';
export const MAIN_CASE_OPENED_AT = '2026-09-01T09:00:00+08:00';

const HOUR = 3_600_000;
const center: Actor = { unit: 'command-center' };
const justice: Actor = { unit: 'justice' };
const leader: Actor = { leader: { name: '李副县长', post: 'inCharge' } };

/** A plan naming each of the item's units, as 牵头单位 1 wants. */
function planFor(itemNo: number) {
  const { lead, cooperating } = participantsOf(itemNo);
  return {
    division: [lead, ...cooperating].map((p) => ({ unit: p.unit.id, duty: `${p.label}职责范围内的检查` })),
    content: '联合检查',
    methods: '现场检查',
    steps: '部署、检查、复查',
    timeLimits: '一天内完成现场检查',
    contingency: '遇冲突由公安局现场处置',
  };
}

/** Opens the demo's cases on `engine`, moving `clock` forward; leaves it at {@link MAIN_CASE_OPENED_AT}. */
export async function seedCases(engine: CaseEngine, clock: ForwardClock): Promise<void> {
  const at = (iso: string) => clock.moveTo(Date.parse(iso));
  const later = (hours: number) => clock.moveTo(clock.ms + hours * HOUR);
  const send = (caseId: string, event: Record<string, unknown>) => engine.send(caseId, event as unknown as CaseEventInput);
  const approve = async (caseId: string) => {
    later(2);
    await send(caseId, { type: 'review.pass', by: center, opinion: '符合联动执法要求' });
    later(20);
    await send(caseId, { type: 'legal.approve', by: justice, opinion: '执法依据充分' });
    later(20);
    await send(caseId, { type: 'leader.approve', by: leader, opinion: '同意' });
  };
  const enforce = async (caseId: string, itemNo: number) => {
    const lead: Actor = { unit: participantsOf(itemNo).lead.unit.id };
    later(2);
    await send(caseId, { type: 'task.dispatch', by: center, place: '县城区', startAt: new Date(clock.ms + 24 * HOUR).toISOString() });
    later(3);
    await send(caseId, { type: 'plan.submit', by: lead, plan: planFor(itemNo) });
    later(24);
    await send(caseId, { type: 'enforcement.end', by: lead });
    return lead;
  };

  at(SEED_START);
  await engine.open({ caseId: 'SY-2026-101', title: '城区学校食堂专项执法', itemNo: 2, origin: 'application', applicant: 'market-regulation', by: { unit: 'market-regulation' } });
  await approve('SY-2026-101');
  const lead101 = await enforce('SY-2026-101', 2);
  later(48);
  await send('SY-2026-101', { type: 'unit.report', by: { unit: 'education' }, summary: '检查记录2份' });
  later(2);
  await send('SY-2026-101', { type: 'results.upload', by: lead101, results: { summary: '检查学校食堂12家，整改3处' } });
  later(20);
  await send('SY-2026-101', { type: 'case.archive', by: center, summary: '已汇总存档' });

  at('2026-08-10T10:00:00+08:00');
  await engine.open({ caseId: 'SY-2026-102', title: '春季农资打假申请', itemNo: 6, origin: 'application', applicant: 'agriculture-rural', by: { unit: 'agriculture-rural' } });
  later(3);
  await send('SY-2026-102', { type: 'review.reject', by: center, reason: '已列入县市场监管局日常检查，无需联动' });

  at('2026-08-17T09:30:00+08:00');
  await engine.open({ caseId: 'SY-2026-103', title: '成子湖禁渔期渔业专项执法', itemNo: 7, origin: 'application', applicant: 'agriculture-rural', by: { unit: 'agriculture-rural' } });
  await approve('SY-2026-103');
  await enforce('SY-2026-103', 7);

  at('2026-08-26T14:00:00+08:00');
  await engine.open({ caseId: 'SY-2026-104', title: '成品油市场联合执法', itemNo: 3, origin: 'application', applicant: 'market-regulation', by: { unit: 'market-regulation' } });
  later(2);
  await send('SY-2026-104', { type: 'review.pass', by: center, opinion: '同意提交法制审核' });

  at(MAIN_CASE_OPENED_AT);
  await engine.open({
    caseId: MAIN_CASE_ID,
    title: '城东农贸市场安全综合执法',
    itemNo: 1,
    origin: 'application',
    applicant: 'market-regulation',
    by: { unit: 'market-regulation' },
    description: '国庆前对城东农贸市场开展消防、食品安全和市场秩序联合检查',
  });
  await engine.sweep();
}
