import type { Catalog } from '../../catalog/types.js';
import { issuesLineZh } from '../../src/_lib/messagesZh.js';
import { describeThrown } from '../../src/_lib/untrusted.js';
import { toIssues } from '../../src/_lib/validate.js';
import { eventLabels } from '../labels.js';
import { caseEventSchema, type Actor, type CaseEvent, type CaseEventType, type Leader, type LeaderPost } from '../schemas.js';
import type { CaseContext, CaseStatePath, LimitedStep } from '../types.js';
import { resolveAssignment } from './assignment.js';
import { remindsAt } from './reminders.js';
import { reason, Reason } from './reason.js';

/** What the machine needs from a working-day calendar. */
export interface DeadlineCalendar {
  /** The deadline `workingDays` working days after the instant `start`, as {@link WorkCalendar.deadline}. */
  deadline(start: string, workingDays: number): { readonly dueDate: string; readonly dueAt: string; readonly provisional: boolean };
}

/**
 * A county leader on the roster a machine is given (`createCaseMachine({ leaders })`): the
 * principal leader (县主要领导) or an in-charge leader (分管县领导) and the units they oversee.
 */
export interface CountyLeader {
  readonly name: string;
  readonly post: LeaderPost;
  /** The unit ids this leader oversees (分管): an in-charge leader consents for items these units lead. */
  readonly oversees: readonly string[];
}

/** The parts a county can change (see `createCaseMachine`). */
export interface CaseRules {
  readonly catalog: Catalog;
  readonly calendar: DeadlineCalendar;
  readonly centerUnit: string;
  readonly legalReviewUnit: string;
  readonly resultsDueWorkingDays: number;
  /** The county's leaders, when the machine was given a roster; without one any leader's word is taken. */
  readonly leaders?: readonly CountyLeader[];
  /** Working-day limits of the steps the county limits (none in Siyang). */
  readonly stepLimits?: Readonly<Partial<Record<LimitedStep, number>>>;
  /**
   * For a replay only (never an option): the limit a case recorded for the step entered into
   * `state` at `at`, `null` when it recorded none — so a case replays to what it recorded after
   * the county changed its limits.
   */
  readonly recordedStepLimit?: (state: CaseStatePath, at: string) => number | null;
}

/**
 * Who may send an event in a state. Each transition names one role in its guard, so the
 * authorization rules read straight off the machine definition.
 */
export const roles = {
  center: '综合指挥调度中心 (the command center)',
  legalReview: '法制审核部门 (the legal-review unit)',
  leader: '县领导 (a county leader)',
  consentingLeader: '分管县领导或县主要领导 (the in-charge leader overseeing the item’s lead unit, or the principal leader)',
  initiator: '申请单位 (the unit that started the case)',
  emergencyLead: '事项牵头单位 (the item’s lead unit, in an emergency)',
  lead: '牵头单位 (the case’s lead unit)',
  cooperating: '配合单位 (a cooperating unit of the case)',
  timekeeper: '系统时钟或综合指挥调度中心 (the system clock or the command center)',
  clock: '系统时钟 (the system clock)',
} as const;

/** A role a transition's guard names (see {@link roles}). */
export type Role = keyof typeof roles;

/** The role's Chinese name: the part of {@link roles} before its English. */
export const roleZh = (role: Role): string => roles[role].slice(0, roles[role].indexOf(' ('));

/** A unit's name in the catalog (a locality's own name), or its id when the catalog does not know it. */
export function unitNameOf(unit: string, catalog: Catalog): string {
  if (unit.startsWith('locality:')) return unit.slice('locality:'.length);
  return catalog.units.find((candidate) => candidate.id === unit)?.name ?? unit;
}

const sameLeader = (a: Leader, b: Pick<Leader, 'name' | 'post'>) => a.name === b.name && a.post === b.post;

/** Whether `leader` is a county leader: on the roster when the machine has one, else any leader. */
export function isCountyLeader(leader: Leader, rules: CaseRules): boolean {
  return rules.leaders === undefined || rules.leaders.some((entry) => sameLeader(leader, entry));
}

/** The catalog's lead unit of the case's item (附件3), before any dispatch. */
export function itemLeadOf(context: Pick<CaseContext, 'itemNo'>, catalog: Catalog): string | undefined {
  // No item is numbered undefined: a case without an item finds none.
  return catalog.items.find((item) => item.no === context.itemNo)?.lead.unit;
}

/**
 * Whether `leader` may consent for the case (报经分管县领导同意): the principal leader, or an
 * in-charge leader — with a roster, one who oversees the item's lead unit (any on the roster
 * when the case has no item).
 */
function mayConsent(leader: Leader, context: CaseContext, rules: CaseRules): boolean {
  if (rules.leaders === undefined) return true;
  const entry = rules.leaders.find((candidate) => sameLeader(leader, candidate));
  if (entry === undefined) return false;
  if (entry.post === 'principal') return true;
  const lead = itemLeadOf(context, rules.catalog);
  return lead === undefined || entry.oversees.includes(lead);
}

/** Whether `by` plays `role` in this case. */
export function actsAs(role: Role, by: Actor, context: CaseContext, rules: CaseRules): boolean {
  const unit = 'unit' in by ? by.unit : undefined;
  switch (role) {
    case 'center':
      return unit === rules.centerUnit;
    case 'legalReview':
      return unit === rules.legalReviewUnit;
    case 'leader':
      return 'leader' in by && isCountyLeader(by.leader, rules);
    case 'consentingLeader':
      return 'leader' in by && mayConsent(by.leader, context, rules);
    case 'initiator':
      // Stryker disable next-line ConditionalExpression: only a case a leader assigned has no initiator, and it enters at the dispatch, past every initiator's transition
      return unit !== undefined && unit === context.initiator;
    case 'emergencyLead':
      // An emergency always names an item (its input's schema requires itemNo), and every item has a lead unit.
      return (context.origin === 'emergency' || context.origin === 'emergencyRequest') && unit === itemLeadOf(context, rules.catalog);
    case 'lead':
      // Lead and cooperating units act only in states after the dispatch, where the case has its assignment.
      // Stryker disable next-line OptionalChaining: see above
      return unit === context.assignment?.lead.unit;
    case 'cooperating':
      // Stryker disable next-line BooleanLiteral,OptionalChaining: cooperating units act only during enforcement, when the case has its assignment
      return context.assignment?.cooperating.some((participant) => participant.unit === unit) ?? false;
    case 'timekeeper':
      return 'system' in by || unit === rules.centerUnit;
    case 'clock':
      return 'system' in by;
  }
}

const parsedEvents = new WeakMap<object, CaseEvent | Reason>();

/** The event parsed by its schema (trimmed and checked), or why it is malformed. Cached per event object. */
export function parseEvent(event: unknown): CaseEvent | Reason {
  // Stryker disable next-line StringLiteral: never reached from a case: explainEvent and the engine check the event's shape first, and XState sends objects
  if (typeof event !== 'object' || event === null) return reason('an event must be an object with a type', '操作须为带 type（操作类型）的对象');
  const cached = parsedEvents.get(event);
  // Stryker disable next-line ConditionalExpression: a cache: parsing the event again gives the same answer
  if (cached !== undefined) return cached;
  let parsed: CaseEvent | Reason;
  try {
    const result = caseEventSchema.safeParse(event);
    parsed = result.success
      ? result.data
      : reason(
          // Stryker disable next-line ArrowFunction,StringLiteral,ConditionalExpression,LogicalOperator: only the machine's guard reads these words, as yes or no: explainEvent and the engine check an event's shape first and word their own refusal
          result.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'event'}: ${issue.message}`).join('; '),
          // Stryker disable next-line ArrayDeclaration,StringLiteral: only the machine's guard reads these words, as yes or no: explainEvent and the engine check an event's shape first and word their own refusal
          issuesLineZh(toIssues(result.error, ['event'], event)),
        );
  } catch (error) {
    // zod lets a throwing getter or Proxy trap through; a guard that threw would put the actor in error status.
    const why = describeThrown(error);
    // Stryker disable next-line StringLiteral: only the machine's guard reads these words, as yes or no: explainEvent and the engine check an event's shape first and word their own refusal
    parsed = reason(`event: could not be read (${why})`, `操作无法读取（${why}）`);
  }
  parsedEvents.set(event, parsed);
  return parsed;
}

/** The parsed event; only for actions, which run after the guard accepted it. Name the type it is: `accepted<'task.dispatch'>(event)`. */
export function accepted<Type extends CaseEvent['type']>(event: unknown): Extract<CaseEvent, { type: Type }> {
  return parseEvent(event) as Extract<CaseEvent, { type: Type }>;
}

const instant = (iso: string) => Date.parse(iso);

/** The state the case is in: its history's last entry ends there (the engine checks that on every restore). */
function currentState(context: CaseContext): CaseStatePath {
  return context.history[context.history.length - 1]!.to;
}

/** Why the plan does not 明确 each unit's duty (牵头单位 1), or `undefined`. */
function planRefusal(context: CaseContext, plan: Extract<CaseEvent, { type: 'plan.submit' }>['plan']): Reason | undefined {
  const assignment = context.assignment!;
  const taking = new Map([assignment.lead, ...assignment.cooperating].map((participant) => [participant.unit, participant.label]));
  const seen = new Set<string>();
  for (const [index, entry] of plan.division.entries()) {
    if (!taking.has(entry.unit)) {
      return reason(
        `plan.division[${index}]: "${entry.unit}" is not taking part in the case (its units: ${[...taking.keys()].join(', ')})`,
        `工作方案职责分工第${index + 1}项：“${entry.unit}”未参与本案（参与单位：${[...taking.values()].join('、')}）`,
      );
    }
    if (seen.has(entry.unit)) return reason(`plan.division[${index}]: ${taking.get(entry.unit)} is given a duty twice`, `工作方案职责分工第${index + 1}项：${taking.get(entry.unit)}的职责重复填写`);
    seen.add(entry.unit);
  }
  const missing = assignment.cooperating.filter((participant) => !seen.has(participant.unit));
  return missing.length === 0
    ? undefined
    : reason(
        `plan.division must give every cooperating unit its duty (各联动执法单位职责分工); missing: ${missing.map((p) => p.label).join('、')}`,
        `工作方案须明确各联动执法单位职责分工；缺少：${missing.map((p) => p.label).join('、')}`,
      );
}

/** Why `event` breaks a rule of the case's content, for a sender already known to play `role`. */
function contentRefusal(context: CaseContext, event: CaseEvent, role: Role, rules: CaseRules): Reason | undefined {
  switch (event.type) {
    case 'review.pass':
      return currentState(context) === 'returned' && event.note === undefined
        ? reason(
            'after 法制审核退回, say in `note` what the center supplemented before sending it to legal review again',
            '法制审核退回后再次送审，须在“说明”中写明综合指挥调度中心补充了什么',
          )
        : undefined;
    case 'task.dispatch': {
      const assignment = resolveAssignment(context, event, rules);
      if (assignment instanceof Reason) return assignment;
      if (role === 'emergencyLead' && assignment.lead.unit !== (event.by as { unit: string }).unit) {
        return reason(
          'the lead unit dispatching an emergency stays the lead: only the command center may name another (统一调度)',
          '牵头单位派送突发事件任务时仍由自己牵头：只有综合指挥调度中心可以另行指定牵头单位（统一调度）',
        );
      }
      return undefined;
    }
    case 'plan.submit':
      return planRefusal(context, event.plan);
    case 'meeting.record':
      if (instant(event.heldAt) > instant(event.at)) {
        return reason(`heldAt (${event.heldAt}) is after the record (${event.at}): record a meeting once it was held`, `会议时间（${event.heldAt}）晚于记录时间（${event.at}）：会议召开后再记录`);
      }
      return instant(event.heldAt) < instant(context.openedAt)
        ? reason(`heldAt (${event.heldAt}) is before the case was opened (${context.openedAt})`, `会议时间（${event.heldAt}）早于立案时间（${context.openedAt}）`)
        : undefined;
    case 'enforcement.end': {
      // Enforcement ends only in the executing state, after the dispatch set its start.
      const startAt = context.assignment!.startAt;
      return instant(event.at) < instant(startAt)
        ? reason(
            `enforcement cannot end (${event.at}) before the time the dispatch set for it (${startAt}, 按照指定的时间)`,
            `执法工作结束时间（${event.at}）不能早于派送任务指定的时间（${startAt}，按照指定的时间）`,
          )
        : undefined;
    }
    case 'deadline.check':
      return context.deadlines.some((deadline) => deadline.status === 'pending' && instant(deadline.dueAt) < instant(event.at))
        ? undefined
        : reason('no pending deadline has passed at that time', '到该时间为止没有已过截止时刻的未完成时限');
    case 'deadline.remind':
      return context.deadlines.some((deadline) => remindsAt(deadline, event.beforeDueWorkingDays, rules, instant(event.at)))
        ? undefined
        : reason(
            `no pending deadline owes a reminder ${event.beforeDueWorkingDays} working days before its due day at that time`,
            `到该时间为止没有需要提前${event.beforeDueWorkingDays}个工作日预警的未完成时限`,
          );
    case 'case.urge': {
      if (role === 'lead') {
        // The lead exists once the case is dispatched.
        return context.assignment!.cooperating.some((participant) => participant.unit === event.unit)
          ? undefined
          : reason(
              `the lead unit urges its cooperating units (督促各配合单位); "${event.unit}" is not one of them`,
              `牵头单位只能督促本案的配合单位；“${unitNameOf(event.unit, rules.catalog)}”不是本案的配合单位`,
            );
      }
      const known =
        context.assignment?.lead.unit === event.unit ||
        context.assignment?.cooperating.some((participant) => participant.unit === event.unit) ||
        rules.catalog.units.some((unit) => unit.id === event.unit && unit.kind !== 'locality') ||
        event.unit === context.initiator;
      return known ? undefined : reason(`unit "${event.unit}" is neither a catalog unit nor taking part in the case`, `“${event.unit}”既不是清单中的单位，也未参与本案`);
    }
  }
  return undefined;
}

/**
 * Why this case refuses `event` from a transition guarded by `role`, or `undefined` when it
 * accepts it. The guard, `explainEvent` and the engine's NOT_ALLOWED all use this one function.
 */
export function refusal(context: CaseContext, rawEvent: unknown, role: Role, rules: CaseRules): Reason | undefined {
  const event = parseEvent(rawEvent);
  // Stryker disable next-line StringLiteral: only the machine's guard reads these words, as yes or no: explainEvent and the engine check an event's shape first and word their own refusal
  if (event instanceof Reason) return new Reason(`malformed event: ${event.en}`, `操作内容有误：${event.zh}`);
  if (!actsAs(role, event.by, context, rules)) return reason(`only ${roles[role]} may send ${event.type} now`, `当前只有${roleZh(role)}可以${eventLabels[event.type].zh}`);
  // A case's history starts with its opening.
  const last = context.history[context.history.length - 1]!;
  if (instant(event.at) < instant(last.at)) {
    return reason(`at (${event.at}) is before the case's last event (${last.at}); history only moves forward`, `时间（${event.at}）早于案件上一次操作的时间（${last.at}）：流转记录只能向前`);
  }
  return contentRefusal(context, event, role, rules);
}

/**
 * Why an event type has no transition in the case's state, when a rule says more than "not
 * here": once a county leader has approved, the case can no longer be withdrawn.
 */
export function absentReason(context: CaseContext, type: CaseEventType): Reason | undefined {
  if (type !== 'application.withdraw') return undefined;
  // A leader's other decision (leader.deny) closes the case, so a leader's opinion on an open case is always the approval.
  // Stryker disable next-line ConditionalExpression: see above
  const approval = context.opinions.find((opinion) => opinion.kind === 'leader' && opinion.decision === 'approve');
  if (approval !== undefined) return reason(`a county leader approved the case (${approval.at}): it can no longer be withdrawn`, `县领导已于 ${approval.at} 批准，案件不能再撤回`);
  // Any other case reaches a state without 撤回 only through a leader's approval, found above.
  // Stryker disable next-line ConditionalExpression: see above
  if (context.origin === 'leaderAssignment') return reason('a county leader assigned the case (交办): it cannot be withdrawn', '县领导交办的案件不能撤回');
  return undefined;
}
