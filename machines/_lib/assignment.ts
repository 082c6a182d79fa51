import type { Participant } from '../../catalog/types.js';
import { isLinkedEnforcementError } from '../../src/errors.js';
import type { CaseEvent } from '../schemas.js';
import type { CaseAssignment, CaseContext, CaseParticipant } from '../types.js';
import type { CaseRules } from './rules.js';

type DispatchEvent = Extract<CaseEvent, { type: 'task.dispatch' }>;

function toCaseParticipant(participant: Participant): CaseParticipant {
  return {
    unit: participant.unit.id,
    label: participant.label,
    ...(participant.as === undefined ? {} : { as: participant.as }),
    ...(participant.placeholder === undefined ? {} : { placeholder: participant.placeholder }),
  };
}

function resolveRef(ref: NonNullable<DispatchEvent['lead']>, rules: CaseRules): CaseParticipant | string {
  const key = typeof ref === 'string' ? ref : ref.unit;
  if (key.startsWith('locality:')) {
    try {
      const locality = rules.catalog.locality(key.slice('locality:'.length));
      return { unit: locality.id, label: locality.name };
    } catch (error) {
      // Stryker disable next-line ConditionalExpression,OptionalChaining,LogicalOperator: catalog.locality throws only its own errors, each with its issue
      if (isLinkedEnforcementError(error)) return error.issues[0]?.message ?? error.message;
      throw error;
    }
  }
  const unit = rules.catalog.findUnit(key);
  if (unit === undefined) return `unknown unit "${key}"`;
  if (unit.kind === 'locality') return `${unit.name} is a placeholder: give the concrete township or sub-district (locality)`;
  // A string has no `as`: the unit acts as itself.
  const as = (ref as { as?: string }).as;
  if (as !== undefined && !unit.aliases.includes(as)) return `${unit.name} does not act as ${as} (its capacities: ${unit.aliases.join('、') || 'none'})`;
  return { unit: unit.id, label: as === undefined ? unit.name : `${unit.name}（${as}）`, ...(as === undefined ? {} : { as }) };
}

/**
 * Why a unit can never lead joint enforcement, or `undefined`: the command center dispatches and
 * the legal-review unit reviews (neither enforces the case it handles), courts and procuratorates
 * are judicial bodies, and an enterprise (供电公司) has no enforcement powers.
 */
function cannotLead(unit: string, rules: CaseRules): string | undefined {
  if (unit === rules.centerUnit) return 'the command center dispatches (统一调度); it cannot be the lead unit';
  if (unit === rules.legalReviewUnit) return 'the legal-review unit reviewed the case (法制审核); it cannot be the lead unit';
  const kind = rules.catalog.units.find((candidate) => candidate.id === unit)?.kind;
  if (kind === 'judicialOrgan') return 'a court or procuratorate is not an administrative enforcement body; it cannot be the lead unit';
  if (kind === 'enterprise') return 'an enterprise has no enforcement powers; it cannot be the lead unit';
  return undefined;
}

/**
 * The units a dispatch assigns, or why it cannot: the catalog item's by default (属地… resolved
 * by `locality`), or those the dispatch names. Exactly one lead, never also cooperating, no unit
 * twice; replacing the catalog's lead needs `leadChangeReason`; joint enforcement (every origin
 * but a leader's direct assignment) needs a cooperating unit; the time set is not before the
 * dispatch.
 */
export function resolveAssignment(context: CaseContext, event: DispatchEvent, rules: CaseRules): CaseAssignment | string {
  if (Date.parse(event.startAt) < Date.parse(event.at)) {
    return `startAt (${event.startAt}) is before the dispatch (${event.at}): the units meet at a time still to come (按照指定的时间)`;
  }
  const item = rules.catalog.items.find((candidate) => candidate.no === context.itemNo);
  let defaults: { lead: CaseParticipant; cooperating: CaseParticipant[] } | undefined;
  if (item !== undefined) {
    try {
      const participants = rules.catalog.participants(item.no, { locality: event.locality });
      defaults = { lead: toCaseParticipant(participants.lead), cooperating: participants.cooperating.map(toCaseParticipant) };
    } catch (error) {
      // Only the default cooperating units need the locality (属地…); a dispatch that names them does not.
      // Stryker disable next-line ConditionalExpression: catalog.participants throws only its own errors
      if (!isLinkedEnforcementError(error)) throw error;
      const placeholderLead = rules.catalog.units.find((unit) => unit.id === item.lead.unit)!.kind === 'locality';
      if (event.cooperating === undefined || (event.lead === undefined && placeholderLead)) return error.message;
      const lead = { unit: item.lead.unit, label: rules.catalog.label(item.lead), ...(item.lead.as === undefined ? {} : { as: item.lead.as }) };
      // Stryker disable next-line ArrayDeclaration: this dispatch names its cooperating units, so the defaults' are never read
      defaults = { lead, cooperating: [] };
    }
  }
  let lead: CaseParticipant | undefined = defaults?.lead;
  if (event.lead !== undefined) {
    const resolved = resolveRef(event.lead, rules);
    if (typeof resolved === 'string') return `lead: ${resolved}`;
    lead = resolved;
  }
  if (lead === undefined) return 'the case has no catalog item, so the dispatch must name the lead unit';
  const replaced = item !== undefined && lead.unit !== item.lead.unit;
  if (replaced && event.leadChangeReason === undefined) {
    return `${lead.label} replaces the item's lead unit ${rules.catalog.label(item.lead)}: say why in leadChangeReason`;
  }
  if (!replaced && event.leadChangeReason !== undefined) {
    return item === undefined
      ? 'leadChangeReason explains replacing the catalog item’s lead unit; this case has no item'
      : `leadChangeReason explains replacing the catalog item’s lead unit; ${lead.label} is that unit`;
  }
  const excluded = cannotLead(lead.unit, rules);
  if (excluded !== undefined) return `lead: ${excluded}`;
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
  if (cooperating.length === 0 && context.origin !== 'leaderAssignment') {
    return 'joint enforcement (联动执法) needs at least one cooperating unit; only a leader’s direct assignment may go to a single unit (指派专门单位)';
  }
  return {
    lead,
    cooperating,
    place: event.place,
    startAt: event.startAt,
    dispatchedAt: event.at,
    dispatchedBy: event.by,
    ...(event.leadChangeReason === undefined ? {} : { leadChangeReason: event.leadChangeReason }),
  };
}
