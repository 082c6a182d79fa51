/**
 * The case both inspector variants run: item 1 (农贸市场安全方面的综合执法) from application to
 * archive, with one event the case refuses (a cooperating unit trying to upload the results) so
 * the inspector shows what a refusal looks like.
 */
import type { CaseEvent, CaseInput } from 'linked-enforcement';

const bj = (wallClock: string) => `${wallClock.replace(' ', 'T')}:00+08:00`;
const center = { unit: 'command-center' } as const;
const market = { unit: 'market-regulation' } as const;

export const caseInput: CaseInput = {
  caseId: 'SY-2026-101',
  title: '城东农贸市场安全综合执法',
  itemNo: 1,
  origin: 'application',
  applicant: 'market-regulation',
  by: market,
  at: bj('2026-09-01 09:00'),
};

const cooperating = ['fire-rescue', 'public-security', 'emergency-management', 'urban-management', 'health', 'agriculture-rural', 'commerce'] as const;

/** The lead unit's work plan (牵头单位 1): every unit's duty and every part the seed names. */
const plan = {
  summary: '分消防、食品、秩序三组检查',
  division: ['market-regulation', ...cooperating].map((unit) => ({ unit, duty: '本单位职责范围内的检查' })),
  content: '检查消防设施、食品安全和市场秩序',
  methods: '联合检查',
  steps: '部署、检查、复查',
  timeLimits: '一天内完成现场检查',
  contingency: '遇冲突由公安局现场处置',
};

/** The refused event: only the lead unit (牵头单位) may upload the results. */
export const refusedEvent: CaseEvent = {
  type: 'results.upload',
  by: { unit: 'fire-rescue' },
  at: bj('2026-10-08 09:00'),
  results: { summary: '配合单位不能代替牵头单位上传' },
};

export const caseEvents: readonly CaseEvent[] = [
  { type: 'review.pass', by: center, at: bj('2026-09-01 15:00'), opinion: '符合联动执法要求' },
  { type: 'legal.approve', by: { unit: 'justice' }, at: bj('2026-09-02 10:00'), opinion: '执法依据充分' },
  { type: 'leader.approve', by: { leader: { name: '李副县长', post: 'inCharge' } }, at: bj('2026-09-03 09:30'), opinion: '同意' },
  { type: 'task.dispatch', by: center, at: bj('2026-09-03 14:00'), place: '城东农贸市场', startAt: bj('2026-09-29 09:00') },
  ...cooperating.map((unit, index): CaseEvent => ({ type: 'unit.acknowledge', by: { unit }, at: bj(`2026-09-04 ${10 + index}:00`), staff: 3 })),
  { type: 'plan.submit', by: market, at: bj('2026-09-10 10:00'), plan },
  { type: 'enforcement.end', by: market, at: bj('2026-09-30 18:00') },
  refusedEvent,
  ...cooperating.map((unit, index): CaseEvent => ({ type: 'unit.report', by: { unit }, at: bj(`2026-10-08 ${10 + index}:00`), summary: '相关法律文书已汇总' })),
  { type: 'results.upload', by: market, at: bj('2026-10-12 16:00'), results: { summary: '检查商户126家，整改隐患18处，立案3起' } },
  { type: 'case.archive', by: center, at: bj('2026-10-13 10:00'), summary: '执法结果已汇总存档' },
];
