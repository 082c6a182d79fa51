import type { Participant } from '../../catalog/types.js';
import { isLinkedEnforcementError, type LinkedEnforcementError } from '../../src/errors.js';
import type { CaseEvent } from '../schemas.js';
import type { CaseAssignment, CaseContext, CaseParticipant } from '../types.js';
import { reason, Reason } from './reason.js';
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

/** A catalog error as a reason: its first issue, or its message. */
function reasonOf(error: LinkedEnforcementError): Reason {
  return reason(error.issues[0]?.message ?? error.message, error.localizedIssues('zh-CN')[0]?.message ?? error.messageZh);
}

function resolveRef(ref: NonNullable<DispatchEvent['lead']>, rules: CaseRules): CaseParticipant | Reason {
  const { unit: key, as } = typeof ref === 'string' ? { unit: ref, as: undefined } : ref;
  if (key.startsWith('locality:')) {
    try {
      const locality = rules.catalog.locality(key.slice('locality:'.length));
      return { unit: locality.id, label: locality.name };
    } catch (error) {
      if (isLinkedEnforcementError(error)) return reasonOf(error);
      throw error;
    }
  }
  const unit = rules.catalog.findUnit(key);
  if (unit === undefined) return reason(`unknown unit "${key}"`, `没有单位“${key}”`);
  if (unit.kind === 'locality') {
    return reason(`${unit.name} is a placeholder: give the concrete township or sub-district (locality)`, `${unit.name}是占位名称：请写明具体的乡镇或街道（属地）`);
  }
  if (as !== undefined && !unit.aliases.includes(as)) {
    return reason(`${unit.name} does not act as ${as} (its capacities: ${unit.aliases.join('、') || 'none'})`, `${unit.name}没有“${as}”这一身份（其身份：${unit.aliases.join('、') || '无'}）`);
  }
  return { unit: unit.id, label: as === undefined ? unit.name : `${unit.name}（${as}）`, ...(as === undefined ? {} : { as }) };
}

/**
 * Why a unit can never lead joint enforcement, or `undefined`: the command center dispatches and
 * the legal-review unit reviews (neither enforces the case it handles), courts and procuratorates
 * are judicial bodies, and an enterprise (供电公司) has no enforcement powers.
 */
function cannotLead(unit: string, rules: CaseRules): Reason | undefined {
  if (unit === rules.centerUnit) return reason('the command center dispatches (统一调度); it cannot be the lead unit', '综合指挥调度中心负责统一调度，不能作为牵头单位');
  if (unit === rules.legalReviewUnit) return reason('the legal-review unit reviewed the case (法制审核); it cannot be the lead unit', '法制审核部门审核了本案，不能作为牵头单位');
  const kind = rules.catalog.units.find((candidate) => candidate.id === unit)?.kind;
  if (kind === 'judicialOrgan') return reason('a court or procuratorate is not an administrative enforcement body; it cannot be the lead unit', '法院、检察院不是行政执法机关，不能作为牵头单位');
  if (kind === 'enterprise') return reason('an enterprise has no enforcement powers; it cannot be the lead unit', '企业没有行政执法权，不能作为牵头单位');
  return undefined;
}

/**
 * The units a dispatch assigns, or why it cannot: the catalog item's by default (属地… resolved
 * by `locality`), or those the dispatch names. Exactly one lead, never also cooperating, no unit
 * twice; replacing the catalog's lead needs `leadChangeReason`; joint enforcement (every origin
 * but a leader's direct assignment) needs a cooperating unit; the time set is not before the
 * dispatch.
 */
export function resolveAssignment(context: CaseContext, event: DispatchEvent, rules: CaseRules): CaseAssignment | Reason {
  if (Date.parse(event.startAt) < Date.parse(event.at)) {
    return reason(
      `startAt (${event.startAt}) is before the dispatch (${event.at}): the units meet at a time still to come (按照指定的时间)`,
      `集合时间（${event.startAt}）早于派送时间（${event.at}）：须为尚未到来的时间（按照指定的时间）`,
    );
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
      // An item's lead is a unit of its catalog (defineCatalog checks every reference).
      const placeholderLead = rules.catalog.units.find((unit) => unit.id === item.lead.unit)!.kind === 'locality';
      if (event.cooperating === undefined || (event.lead === undefined && placeholderLead)) return reason(error.message, error.messageZh);
      const lead = { unit: item.lead.unit, label: rules.catalog.label(item.lead), ...(item.lead.as === undefined ? {} : { as: item.lead.as }) };
      // Stryker disable next-line ArrayDeclaration: this dispatch names its cooperating units, so the defaults' are never read
      defaults = { lead, cooperating: [] };
    }
  }
  let lead: CaseParticipant | undefined = defaults?.lead;
  if (event.lead !== undefined) {
    const resolved = resolveRef(event.lead, rules);
    if (resolved instanceof Reason) return resolved.within('lead', '牵头单位');
    lead = resolved;
  }
  if (lead === undefined) return reason('the case has no catalog item, so the dispatch must name the lead unit', '本案没有清单事项，派送任务须指明牵头单位');
  const replaced = item !== undefined && lead.unit !== item.lead.unit;
  if (replaced && event.leadChangeReason === undefined) {
    const itemLead = rules.catalog.label(item.lead);
    return reason(`${lead.label} replaces the item's lead unit ${itemLead}: say why in leadChangeReason`, `${lead.label}替代了事项的牵头单位${itemLead}：须写明更换牵头单位的理由`);
  }
  if (!replaced && event.leadChangeReason !== undefined) {
    return item === undefined
      ? reason('leadChangeReason explains replacing the catalog item’s lead unit; this case has no item', '更换牵头单位的理由只用于替换清单事项的牵头单位，而本案没有清单事项')
      : reason(`leadChangeReason explains replacing the catalog item’s lead unit; ${lead.label} is that unit`, `更换牵头单位的理由只用于替换清单事项的牵头单位，而${lead.label}就是该单位`);
  }
  const excluded = cannotLead(lead.unit, rules);
  if (excluded !== undefined) return excluded.within('lead', '牵头单位');
  let cooperating: CaseParticipant[] = (defaults?.cooperating ?? []).filter((participant) => participant.unit !== lead.unit);
  if (event.cooperating !== undefined) {
    cooperating = [];
    for (const [index, ref] of event.cooperating.entries()) {
      const resolved = resolveRef(ref, rules);
      if (resolved instanceof Reason) return resolved.within(`cooperating[${index}]`, `配合单位第${index + 1}项`);
      cooperating.push(resolved);
    }
  }
  // The lead is checked on its own, for its own message.
  const seen = new Set<string>();
  for (const participant of cooperating) {
    if (participant.unit === lead.unit) return reason(`${participant.label} cannot be both the lead and a cooperating unit`, `${participant.label}不能既是牵头单位又是配合单位`);
    if (seen.has(participant.unit)) return reason(`${participant.label} is listed twice`, `${participant.label}重复列出`);
    seen.add(participant.unit);
  }
  if (cooperating.length === 0 && context.origin !== 'leaderAssignment') {
    return reason(
      'joint enforcement (联动执法) needs at least one cooperating unit; only a leader’s direct assignment may go to a single unit (指派专门单位)',
      '联动执法至少需要一个配合单位；只有县领导直接交办的案件可指派专门单位',
    );
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
