import type { Actor, CaseEvent, CaseEventType } from '../../machines/schemas.js';
import type { CaseContext } from '../../machines/types.js';
import { center, inCharge, justice, market, police, principal, sweeper } from './cases.js';

/** One of each kind of actor; in the item-1 case market is the applicant and the lead, police cooperates. */
export const actorPool: readonly { name: string; by: Actor }[] = [
  { name: 'center', by: center },
  { name: 'justice', by: justice },
  { name: 'market (applicant, lead)', by: market },
  { name: 'police (cooperating)', by: police },
  { name: 'education (uninvolved)', by: { unit: 'education' } },
  { name: 'principal leader', by: principal },
  { name: 'in-charge leader', by: inCharge },
  { name: 'system', by: sweeper },
];

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** An instant after the case's last event, so that chronology never refuses a pool event. */
export function nextInstant(context: CaseContext, after = HOUR): string {
  const last = Date.parse(context.history[context.history.length - 1]!.at);
  return new Date(last + after).toISOString();
}

/** A well-formed event of each type from `by`; deadline checks are dated 30 days on, past any deadline. */
export function sampleEvent(type: CaseEventType, by: Actor, context: CaseContext): CaseEvent {
  const at = nextInstant(context, type === 'deadline.check' ? 30 * DAY : HOUR);
  const base = { by, at };
  switch (type) {
    case 'review.pass':
    case 'legal.approve':
    case 'leader.approve':
      return { type, ...base, opinion: '同意' };
    case 'review.reject':
    case 'legal.return':
    case 'amendment.request':
    case 'application.withdraw':
    case 'leader.deny':
      return { type, ...base, reason: '理由' };
    case 'application.resubmit':
      return { type, ...base, note: '已补正' };
    case 'task.dispatch':
      return { type, ...base, place: '现场', startAt: nextInstant(context, DAY), locality: '众兴街道' };
    case 'plan.submit':
      return { type, ...base, plan: { summary: '方案' } };
    case 'enforcement.end':
      return { type, ...base };
    case 'unit.report':
      return { type, ...base, summary: '法律文书' };
    case 'results.upload':
      return { type, ...base, results: { summary: '结果' } };
    case 'case.archive':
      return { type, ...base, summary: '存档' };
    case 'case.urge':
      return { type, ...base, unit: 'justice' };
    case 'deadline.check':
      return { type, ...base };
  }
}

export const allEventTypes: readonly CaseEventType[] = [
  'review.pass', 'review.reject', 'legal.approve', 'legal.return', 'amendment.request', 'application.resubmit',
  'application.withdraw', 'leader.approve', 'leader.deny', 'task.dispatch', 'plan.submit', 'enforcement.end',
  'unit.report', 'results.upload', 'case.archive', 'case.urge', 'deadline.check',
];

/** Every event type from every actor in the pool. */
export function eventPool(context: CaseContext): CaseEvent[] {
  return allEventTypes.flatMap((type) => actorPool.map(({ by }) => sampleEvent(type, by, context)));
}
