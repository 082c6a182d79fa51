import type { Catalog, Participant } from '../../catalog/types.js';
import { isLinkedEnforcementError } from '../../src/errors.js';
import { caseEventSchema, type Actor, type CaseEvent } from '../schemas.js';
import type { CaseAssignment, CaseContext, CaseParticipant } from '../types.js';

/** What the machine needs from a working-day calendar. */
export interface DeadlineCalendar {
  /** The deadline `workingDays` working days after the instant `start`, as {@link WorkCalendar.deadline}. */
  deadline(start: string, workingDays: number): { readonly dueDate: string; readonly dueAt: string; readonly provisional: boolean };
}

/** The parts a county can change (see `createCaseMachine`). */
export interface CaseRules {
  readonly catalog: Catalog;
  readonly calendar: DeadlineCalendar;
  readonly centerUnit: string;
  readonly legalReviewUnit: string;
  readonly resultsDueWorkingDays: number;
}

/**
 * Who may send an event in a state. Each transition names one role in its guard, so the
 * authorization rules read straight off the machine definition.
 */
export const roles = {
  center: '综合指挥调度中心 (the command center)',
  legalReview: '法制审核部门 (the legal-review unit)',
  leader: '县领导 (a county leader)',
  inChargeLeader: '分管县领导 (the in-charge county leader)',
  initiator: '申请单位 (the unit that started the case)',
  lead: '牵头单位 (the case’s lead unit)',
  cooperating: '配合单位 (a cooperating unit of the case)',
  timekeeper: '系统时钟或综合指挥调度中心 (the system clock or the command center)',
} as const;

/** A role a transition's guard names (see {@link roles}). */
export type Role = keyof typeof roles;

/** Whether `by` plays `role` in this case. */
export function actsAs(role: Role, by: Actor, context: CaseContext, rules: CaseRules): boolean {
  const unit = 'unit' in by ? by.unit : undefined;
  switch (role) {
    case 'center':
      return unit === rules.centerUnit;
    case 'legalReview':
      return unit === rules.legalReviewUnit;
    case 'leader':
      return 'leader' in by;
    case 'inChargeLeader':
      return 'leader' in by && by.leader.post === 'inCharge';
    case 'initiator':
      return unit !== undefined && unit === context.initiator;
    case 'lead':
      return unit !== undefined && unit === context.assignment?.lead.unit;
    case 'cooperating':
      return unit !== undefined && (context.assignment?.cooperating.some((participant) => participant.unit === unit) ?? false);
    case 'timekeeper':
      return 'system' in by || unit === rules.centerUnit;
  }
}

const parsedEvents = new WeakMap<object, CaseEvent | string>();

/** The event parsed by its schema (trimmed and checked), or why it is malformed. Cached per event object. */
export function parseEvent(event: unknown): CaseEvent | string {
  if (typeof event !== 'object' || event === null) return 'an event must be an object with a type';
  const cached = parsedEvents.get(event);
  if (cached !== undefined) return cached;
  const result = caseEventSchema.safeParse(event);
  const parsed = result.success
    ? result.data
    : result.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'event'}: ${issue.message}`).join('; ');
  parsedEvents.set(event, parsed);
  return parsed;
}

/** The parsed event; only for actions, which run after the guard accepted it. */
export function accepted<Type extends CaseEvent['type']>(event: unknown, _type?: Type): Extract<CaseEvent, { type: Type }> {
  return parseEvent(event) as Extract<CaseEvent, { type: Type }>;
}

function toCaseParticipant(participant: Participant): CaseParticipant {
  return {
    unit: participant.unit.id,
    label: participant.label,
    ...(participant.as === undefined ? {} : { as: participant.as }),
    ...(participant.placeholder === undefined ? {} : { placeholder: participant.placeholder }),
  };
}

type DispatchEvent = Extract<CaseEvent, { type: 'task.dispatch' }>;

function resolveRef(ref: NonNullable<DispatchEvent['lead']>, rules: CaseRules): CaseParticipant | string {
  const key = typeof ref === 'string' ? ref : ref.unit;
  if (key.startsWith('locality:')) {
    try {
      const locality = rules.catalog.locality(key.slice('locality:'.length));
      return { unit: locality.id, label: locality.name };
    } catch (error) {
      if (isLinkedEnforcementError(error)) return error.issues[0]?.message ?? error.message;
      throw error;
    }
  }
  const unit = rules.catalog.findUnit(key);
  if (unit === undefined) return `unknown unit "${key}"`;
  if (unit.kind === 'locality') return `${unit.name} is a placeholder: give the concrete township or sub-district (locality)`;
  const as = typeof ref === 'string' ? undefined : ref.as;
  if (as !== undefined && !unit.aliases.includes(as)) return `${unit.name} does not act as ${as} (its capacities: ${unit.aliases.join('、') || 'none'})`;
  return { unit: unit.id, label: as === undefined ? unit.name : `${unit.name}（${as}）`, ...(as === undefined ? {} : { as }) };
}

/**
 * The units a dispatch assigns: the catalog item's by default (属地… resolved by `locality`),
 * or those the center names. Exactly one lead, never also cooperating, no unit twice.
 */
export function resolveAssignment(context: CaseContext, event: DispatchEvent, rules: CaseRules): CaseAssignment | string {
  let defaults: { lead: CaseParticipant; cooperating: CaseParticipant[] } | undefined;
  if (context.itemNo !== undefined && (event.lead === undefined || event.cooperating === undefined)) {
    try {
      const participants = rules.catalog.participants(context.itemNo, event.locality === undefined ? {} : { locality: event.locality });
      defaults = { lead: toCaseParticipant(participants.lead), cooperating: participants.cooperating.map(toCaseParticipant) };
    } catch (error) {
      if (isLinkedEnforcementError(error)) return error.message;
      throw error;
    }
  }
  let lead: CaseParticipant | undefined = defaults?.lead;
  if (event.lead !== undefined) {
    const resolved = resolveRef(event.lead, rules);
    if (typeof resolved === 'string') return `lead: ${resolved}`;
    lead = resolved;
  }
  if (lead === undefined) return 'the case has no catalog item, so the dispatch must name the lead unit';
  let cooperating: CaseParticipant[] = (defaults?.cooperating ?? []).filter((participant) => participant.unit !== lead.unit);
  if (event.cooperating !== undefined) {
    cooperating = [];
    for (const [index, ref] of event.cooperating.entries()) {
      const resolved = resolveRef(ref, rules);
      if (typeof resolved === 'string') return `cooperating[${index}]: ${resolved}`;
      cooperating.push(resolved);
    }
  }
  const seen = new Set([lead.unit]);
  for (const participant of cooperating) {
    if (participant.unit === lead.unit) return `${participant.label} cannot be both the lead and a cooperating unit`;
    if (seen.has(participant.unit)) return `${participant.label} is listed twice`;
    seen.add(participant.unit);
  }
  return { lead, cooperating, place: event.place, startAt: event.startAt, dispatchedAt: event.at };
}

const instant = (iso: string) => Date.parse(iso);

/**
 * Why this case refuses `event` from a transition guarded by `role`, or `undefined` when it
 * accepts it. The guard, `explainEvent` and the engine's NOT_ALLOWED all use this one function.
 */
export function refusal(context: CaseContext, rawEvent: unknown, role: Role, rules: CaseRules): string | undefined {
  const event = parseEvent(rawEvent);
  if (typeof event === 'string') return `malformed event: ${event}`;
  if (!actsAs(role, event.by, context, rules)) return `only ${roles[role]} may send ${event.type} now`;
  const last = context.history[context.history.length - 1];
  if (last !== undefined && instant(event.at) < instant(last.at)) {
    return `at (${event.at}) is before the case's last event (${last.at}); history only moves forward`;
  }
  switch (event.type) {
    case 'task.dispatch': {
      const assignment = resolveAssignment(context, event, rules);
      return typeof assignment === 'string' ? assignment : undefined;
    }
    case 'deadline.check':
      return context.deadlines.some((deadline) => deadline.status === 'pending' && instant(deadline.dueAt) < instant(event.at))
        ? undefined
        : 'no pending deadline has passed at that time';
    case 'case.urge': {
      const known =
        context.assignment?.lead.unit === event.unit ||
        context.assignment?.cooperating.some((participant) => participant.unit === event.unit) ||
        rules.catalog.units.some((unit) => unit.id === event.unit && unit.kind !== 'locality') ||
        event.unit === context.initiator;
      return known ? undefined : `unit "${event.unit}" is neither a catalog unit nor taking part in the case`;
    }
    default:
      return undefined;
  }
}
