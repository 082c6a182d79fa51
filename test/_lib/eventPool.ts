import type { Actor, CaseEvent, CaseEventType } from '../../machines/schemas.js';
import type { CaseContext } from '../../machines/types.js';
import { center, documentRef, fire, inCharge, justice, market, police, principal, sweeper } from './cases.js';

/**
 * One of each kind of actor. In the item-1 cases 市场监管局 is the applicant and the lead unit
 * (also the item's lead, who reports emergencies), 公安局 and 消防救援大队 cooperate (消防救援大队
 * also asks for emergencies: the requester), 教育局 has nothing to do with them.
 */
export const actorPool: readonly { name: string; by: Actor }[] = [
  { name: 'center', by: center },
  { name: 'justice', by: justice },
  { name: 'market (applicant, lead)', by: market },
  { name: 'police (cooperating)', by: police },
  { name: 'fire (cooperating, requester)', by: fire },
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

/** Item 1's units as a dispatch assigns them by default. */
const item1Units = ['market-regulation', 'fire-rescue', 'public-security', 'emergency-management', 'urban-management', 'health', 'agriculture-rural', 'commerce'];

/**
 * A well-formed event of each type from `by` that the case's rules accept when `by` may send it:
 * deadline checks are dated 30 days on (past any deadline), enforcement ends after the time set,
 * the plan gives every unit of the case its duty, the lead urges a cooperating unit, a review
 * after 法制审核退回 says what was supplemented.
 */
export function sampleEvent(type: CaseEventType, by: Actor, context: CaseContext): CaseEvent {
  const startAt = context.assignment?.startAt;
  const afterStart = startAt !== undefined && Date.parse(startAt) > Date.parse(nextInstant(context)) ? new Date(Date.parse(startAt) + HOUR).toISOString() : nextInstant(context);
  const at = type === 'deadline.check' ? nextInstant(context, 30 * DAY) : type === 'enforcement.end' ? afterStart : nextInstant(context);
  const base = { by, at };
  const units = context.assignment === undefined ? item1Units : [context.assignment.lead.unit, ...context.assignment.cooperating.map((p) => p.unit)];
  switch (type) {
    case 'review.pass':
      return { type, ...base, opinion: '同意', note: '已补充材料' };
    case 'legal.approve':
    case 'leader.approve':
      return { type, ...base, opinion: '同意' };
    case 'review.reject':
    case 'legal.return':
    case 'amendment.request':
    case 'application.withdraw':
    case 'leader.deny':
    case 'emergency.decline':
      return { type, ...base, reason: '理由' };
    case 'emergency.report':
      return { type, ...base, description: '情况紧急' };
    case 'application.resubmit':
      return { type, ...base, note: '已补正' };
    case 'task.dispatch':
      return { type, ...base, place: '现场', startAt: nextInstant(context, DAY), locality: '众兴街道' };
    case 'unit.acknowledge':
      return { type, ...base, staff: 4, equipment: '执法记录仪' };
    case 'plan.submit':
      return {
        type,
        ...base,
        plan: { division: units.map((unit) => ({ unit, duty: '职责' })), content: '内容', methods: '方式', steps: '步骤', timeLimits: '时限', contingency: '预案', documents: [documentRef('工作方案.pdf')] },
      };
    case 'meeting.record':
      return { type, ...base, heldAt: context.history.at(-1)!.at, attendees: ['市场监管局', '公安局'], decisions: '统一部署' };
    case 'info.publish':
      return { type, ...base, text: '执法进展' };
    case 'enforcement.end':
      return { type, ...base };
    case 'unit.report':
      return { type, ...base, summary: '法律文书', documents: [documentRef('检查记录.pdf'), documentRef('责令整改通知书.pdf')], suggestions: '建议' };
    case 'results.upload':
      return { type, ...base, results: { summary: '结果', documents: [documentRef('行政处罚决定书.pdf')], lessons: '经验' } };
    case 'case.archive':
      return { type, ...base, summary: '存档' };
    case 'case.urge':
      return { type, ...base, unit: context.assignment?.cooperating[0]?.unit ?? 'justice' };
    case 'deadline.check':
      return { type, ...base };
    case 'deadline.remind': {
      // At the due time of the first deadline still owing its reminder, if it lies ahead: a reminder 1 working day before is due then.
      const due = context.deadlines.find((deadline) => deadline.status === 'pending' && deadline.remindedAt === undefined && Date.parse(deadline.dueAt) >= Date.parse(at));
      return { type, by, at: due?.dueAt ?? at, beforeDueWorkingDays: 1 };
    }
  }
}

export const allEventTypes: readonly CaseEventType[] = [
  'review.pass', 'review.reject', 'legal.approve', 'legal.return', 'amendment.request', 'application.resubmit',
  'application.withdraw', 'emergency.report', 'emergency.decline', 'leader.approve', 'leader.deny', 'task.dispatch',
  'unit.acknowledge', 'plan.submit', 'meeting.record', 'info.publish', 'enforcement.end', 'unit.report', 'results.upload',
  'case.archive', 'case.urge', 'deadline.check', 'deadline.remind',
];

/** Every event type from every actor in the pool. */
export function eventPool(context: CaseContext): CaseEvent[] {
  return allEventTypes.flatMap((type) => actorPool.map(({ by }) => sampleEvent(type, by, context)));
}
