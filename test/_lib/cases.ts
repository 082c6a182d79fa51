import { createHash } from 'node:crypto';
import { createActor, type Actor as XActor } from 'xstate';
import { caseMachine } from '../../machines/caseMachine.js';
import { createCaseMachine } from '../../machines/createCaseMachine.js';
import type { Actor, CaseEvent, CaseInput, DocumentReference, WorkPlan } from '../../machines/schemas.js';
import type { CaseNotification } from '../../machines/types.js';

export const center = { unit: 'command-center' } as const;
export const justice = { unit: 'justice' } as const;
export const market = { unit: 'market-regulation' } as const;
export const police = { unit: 'public-security' } as const;
export const fire = { unit: 'fire-rescue' } as const;
export const principal = { leader: { name: '张县长', post: 'principal' } } as const;
export const inCharge = { leader: { name: '李副县长', post: 'inCharge' } } as const;
export const sweeper = { system: 'sweeper' } as const;

/** Item 1's seven cooperating units (农贸市场安全方面的综合执法). */
export const item1Cooperating = ['fire-rescue', 'public-security', 'emergency-management', 'urban-management', 'health', 'agriculture-rural', 'commerce'] as const;

/** Beijing wall-clock time as an instant: `bj('2026-09-30 18:00')`. */
export const bj = (wallClock: string) => `${wallClock.replace(' ', 'T')}:00+08:00`;

/** An item-1 application by 市场监管局 (its lead unit); `by` follows an overridden applicant. */
export const applicationInput = (overrides: Partial<CaseInput> = {}): CaseInput => {
  const applicant = (overrides as { applicant?: string }).applicant ?? 'market-regulation';
  return {
    caseId: 'case-1',
    title: '城东农贸市场安全综合执法',
    itemNo: 1,
    origin: 'application',
    applicant,
    at: bj('2026-09-01 09:00'),
    by: { unit: applicant },
    ...overrides,
  } as CaseInput;
};

/** A document's bytes, as a test writes them: `%PDF-1.7` and the name, so each name has its own hash. */
export const documentBytes = (name: string) => new TextEncoder().encode(`%PDF-1.7 ${name}`);

/** The reference a blob store returns for {@link documentBytes} (a PDF). */
export const documentRef = (name: string): DocumentReference => {
  const bytes = documentBytes(name);
  return { name, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, mediaType: 'application/pdf' };
};

/** A work plan that 明确 every part 牵头单位 1 names, giving each of `units` its duty. */
export const planFor = (units: readonly string[], extra: Partial<WorkPlan> = {}): WorkPlan => ({
  division: units.map((unit) => ({ unit, duty: `${unit} 负责本单位职责范围内的检查` })),
  content: '检查消防设施、食品安全和市场秩序',
  methods: '联合检查、现场执法',
  steps: '动员部署、集中检查、整改复查',
  timeLimits: '一天内完成现场检查，十日内完成整改复查',
  contingency: '遇冲突由公安局现场处置，遇火情由消防救援大队处置',
  ...extra,
});

/** Item 1's plan: the lead and its seven cooperating units. */
export const item1Plan = (extra: Partial<WorkPlan> = {}): WorkPlan => planFor(['market-regulation', ...item1Cooperating], extra);

export type CaseActor = XActor<typeof caseMachine>;

/**
 * Starts a case on Siyang's machine and collects its notifications. The default machine is built
 * for each case by `createCaseMachine()`, exactly as `caseMachine` is: its definition is then
 * built while the test runs, where mutation testing can switch a planted bug on (not so for
 * code that runs once when a module loads).
 */
export function startCase(input: CaseInput = applicationInput(), machine: typeof caseMachine = createCaseMachine()) {
  const notifications: CaseNotification[] = [];
  const actor = createActor(machine, { input });
  actor.on('notification', (notification) => notifications.push(notification));
  actor.start();
  return { actor, notifications };
}

/** Sends an event and fails loudly when the case did not take it. */
export function accept(actor: CaseActor, event: CaseEvent): void {
  const before = actor.getSnapshot();
  if (!before.can(event)) throw new Error(`case refused ${event.type} by ${JSON.stringify(event.by)} in ${JSON.stringify(before.value)}`);
  actor.send(event);
}

export const ev = <T extends CaseEvent['type']>(type: T, by: Actor, at: string, payload: Omit<Extract<CaseEvent, { type: T }>, 'type' | 'by' | 'at'> = {} as never) =>
  ({ type, by, at, ...payload }) as Extract<CaseEvent, { type: T }>;

/** The application path up to dispatch (初审 → 法制审核 → 领导审批). */
export function approveApplication(actor: CaseActor): void {
  accept(actor, ev('review.pass', center, bj('2026-09-01 10:00'), { opinion: '符合联动执法要求' }));
  accept(actor, ev('legal.approve', justice, bj('2026-09-02 10:00'), { opinion: '程序合法' }));
  accept(actor, ev('leader.approve', inCharge, bj('2026-09-03 10:00'), { opinion: '同意' }));
}

/** Each cooperating unit of item 1 acknowledges its task on 2026-09-05 (by the start time, 2026-09-29 09:00). */
export function acknowledgeItem1(actor: CaseActor): void {
  item1Cooperating.forEach((unit, index) => accept(actor, ev('unit.acknowledge', { unit }, bj(`2026-09-05 0${index + 1}:00`), { staff: index + 2, equipment: '执法记录仪' })));
}

/** Dispatch, acknowledgements, plan, enforcement ending 2026-09-30 18:00 Beijing time. */
export function enforceItem1(actor: CaseActor): void {
  accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
  acknowledgeItem1(actor);
  accept(actor, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan({ summary: '分三组检查消防、食品和秩序' }) }));
  accept(actor, ev('enforcement.end', market, bj('2026-09-30 18:00')));
}
