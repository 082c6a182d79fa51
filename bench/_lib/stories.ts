/** The cases the engine benchmarks drive: the application path of item 1, plan revisions and urges. */
import type { CaseEvent, CaseInput } from '../../machines/schemas.js';

export const bj = (wallClock: string) => `${wallClock.replace(' ', 'T')}:00+08:00`;
export const center = { unit: 'command-center' } as const;
export const market = { unit: 'market-regulation' } as const;
const item1Units = ['market-regulation', 'fire-rescue', 'public-security', 'emergency-management', 'urban-management', 'health', 'agriculture-rural', 'commerce'];

export const inputOf = (caseId: string, at = bj('2026-09-01 09:00')): CaseInput => ({
  caseId,
  title: '城东农贸市场安全综合执法',
  itemNo: 1,
  origin: 'application',
  applicant: 'market-regulation',
  at,
  by: market,
});

export const planOf = (revision: number) => ({
  summary: `分三组检查（第${revision}稿）`,
  division: item1Units.map((unit) => ({ unit, duty: '本单位职责范围内的检查' })),
  content: '检查消防、食品和秩序',
  methods: '联合检查',
  steps: '部署、检查、复查',
  timeLimits: '一天',
  contingency: '公安局现场处置',
});

/** The application path: 初审 → 法制审核 → 领导审批 → 派送 → 方案 → 执法结束 → 上传 → 存档. */
export const applicationPath = (): CaseEvent[] => [
  { type: 'review.pass', by: center, at: bj('2026-09-01 10:00') },
  { type: 'legal.approve', by: { unit: 'justice' }, at: bj('2026-09-02 10:00') },
  { type: 'leader.approve', by: { leader: { name: '李副县长', post: 'inCharge' } }, at: bj('2026-09-03 10:00') },
  { type: 'task.dispatch', by: center, at: bj('2026-09-04 10:00'), place: '城东农贸市场', startAt: bj('2026-09-29 09:00') },
  { type: 'plan.submit', by: market, at: bj('2026-09-10 10:00'), plan: planOf(1) },
  { type: 'enforcement.end', by: market, at: bj('2026-09-30 18:00') },
  { type: 'results.upload', by: market, at: bj('2026-10-12 17:00'), results: { summary: '检查商户120家' } },
  { type: 'case.archive', by: center, at: bj('2026-10-12 17:00') },
];
export const EVENTS_PER_CASE = applicationPath().length + 1;

/** Up to the first plan (6 events with the opening): the case is then enforcing on site, where the plan may be revised. */
export const toExecuting = (): CaseEvent[] => applicationPath().slice(0, 5);

/** A plan revision (牵头单位修订工作方案): the history grows, the rest of the case does not. */
export const revision = (n: number): CaseEvent => ({ type: 'plan.submit', by: market, at: bj('2026-09-20 10:00'), plan: planOf(n) });

/** An urge (催办): the history and the case's list of urges grow together. */
export const urge = (n: number): CaseEvent => ({ type: 'case.urge', by: center, at: bj('2026-09-20 10:00'), unit: 'fire-rescue', message: `请按时报送（${n}）` });

/** The clock of every bench engine: the upload's (and the archiving's) time, so no event lies ahead of it and results are not backdated. */
export const clock = { now: () => new Date(bj('2026-10-12 17:00')) };

export const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
