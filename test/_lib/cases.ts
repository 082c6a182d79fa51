import { createActor, type Actor as XActor } from 'xstate';
import { caseMachine } from '../../machines/caseMachine.js';
import { createCaseMachine } from '../../machines/createCaseMachine.js';
import type { Actor, CaseEvent, CaseInput } from '../../machines/schemas.js';
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

export const applicationInput = (overrides: Partial<CaseInput> = {}): CaseInput =>
  ({
    caseId: 'case-1',
    title: '城东农贸市场安全综合执法',
    itemNo: 1,
    origin: 'application',
    applicant: 'market-regulation',
    at: bj('2026-09-01 09:00'),
    ...overrides,
  }) as CaseInput;

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

/** Dispatch, plan, enforcement ending 2026-09-30 18:00 Beijing time. */
export function enforceItem1(actor: CaseActor): void {
  accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
  accept(actor, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: { summary: '分三组检查消防、食品和秩序', division: '消防救援大队负责消防检查' } }));
  accept(actor, ev('enforcement.end', market, bj('2026-09-30 18:00')));
}
