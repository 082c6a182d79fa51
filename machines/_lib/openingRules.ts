import type { Catalog } from '../../catalog/types.js';
import { isLinkedEnforcementError } from '../../src/errors.js';
import type { Actor, CaseInput } from '../schemas.js';
import { isCountyLeader, itemLeadOf, type CaseRules } from './rules.js';

const kindNames = { judicialOrgan: 'a judicial body', enterprise: 'an enterprise', locality: 'a placeholder (属地…)' } as const;

const unitOf = (by: Actor): string | undefined => ('unit' in by ? by.unit : undefined);

/**
 * Why `unit` may not apply for joint enforcement (县直部门、乡镇…提出联动执法申请), or `undefined`.
 * County departments and party organs (县直部门) and townships or sub-districts (乡镇、街道) may;
 * a body stationed in the county under vertical management (垂直管理) only for an item it leads;
 * the command center (it receives applications), courts and procuratorates, enterprises and the
 * locality placeholders may not.
 */
export function applicantRefusal(unit: string, itemNo: number | undefined, rules: CaseRules): string | undefined {
  // Townships outside the catalog (`locality:<name>`) were checked to be a township or sub-district.
  if (unit.startsWith('locality:')) return undefined;
  if (unit === rules.centerUnit) return 'the command center receives applications; it opens its own cases as centerInitiated';
  const found = rules.catalog.units.find((candidate) => candidate.id === unit);
  // Stryker disable next-line StringLiteral: parseCaseInput refuses an applicant outside the catalog first; kept for callers with unchecked input
  if (found === undefined) return `"${unit}" is not a unit of the ${rules.catalog.name} catalog`;
  if (Object.hasOwn(kindNames, found.kind)) return `${found.name} is ${kindNames[found.kind as keyof typeof kindNames]}, not a 县直部门 or 乡镇: it may not apply`;
  // Departments and party organs (县直部门) and townships or sub-districts (乡镇、街道) may apply.
  if (found.verticallyManaged === true && itemLeadOf({ itemNo }, rules.catalog) !== unit) {
    return `${found.name} is stationed in the county under vertical management (垂直管理), not a 县直部门: it applies only for an item it leads`;
  }
  return undefined;
}

/** Whether `unit` is a cooperating unit of the item, a township or sub-district counting as its 属地 placeholder when its kind fits. */
function cooperatesOn(unit: string, itemNo: number, catalog: Catalog): boolean {
  const item = catalog.items.find((candidate) => candidate.no === itemNo);
  // Stryker disable next-line BooleanLiteral: parseCaseInput refuses an item not in the catalog first
  if (item === undefined) return false;
  if (item.cooperating.some((ref) => ref.unit === unit)) return true;
  // A township counts when the item's 属地… unit resolves to it; an item without one resolves none (participants refuses or leaves it out).
  // Stryker disable next-line OptionalChaining: parseCaseInput refuses a reporter that is neither a catalog unit nor locality:<name> first
  const name = unit.startsWith('locality:') ? unit.slice('locality:'.length) : catalog.units.find((candidate) => candidate.id === unit)?.name;
  // Stryker disable next-line BooleanLiteral,ConditionalExpression: parseCaseInput refuses a reporter that is neither a catalog unit nor locality:<name> first
  if (name === undefined) return false;
  // A township's own name resolves the 属地… unit to that township whenever it resolves at all, and an
  // undefined answer refuses like false: the checks below only make the answer exact.
  // Stryker disable ConditionalExpression,EqualityOperator,BlockStatement: see above
  try {
    return catalog.participants(itemNo, { locality: name }).cooperating.some((participant) => participant.unit.id === unit);
  } catch (error) {
    if (isLinkedEnforcementError(error)) return false;
    // Stryker restore ConditionalExpression,EqualityOperator,BlockStatement
    throw error;
  }
}

/**
 * Why `input.by` may not open this case, or `undefined`. Opening is an act: each origin says who
 * may perform it (附件1, 附件2).
 */
export function openingRefusal(input: CaseInput, rules: CaseRules): string | undefined {
  const unit = unitOf(input.by);
  switch (input.origin) {
    case 'application':
      if (unit !== input.applicant) return `an application is made by the applicant itself: by.unit must be "${input.applicant}"`;
      return applicantRefusal(input.applicant, input.itemNo, rules);
    case 'leaderAssignment':
      if (!isCountyLeader(input.leader, rules)) return `${input.leader.name} (${input.leader.post}) is not on the county's roster of leaders`;
      if (unit === rules.centerUnit) return undefined;
      if ('leader' in input.by && input.by.leader.name === input.leader.name && input.by.leader.post === input.leader.post) return undefined;
      return 'a leader’s assignment (交办) is recorded by the command center or by that leader';
    case 'centerInitiated':
      return unit === rules.centerUnit ? undefined : 'only the command center opens a case for its own need (因工作需要)';
    case 'emergency': {
      const lead = itemLeadOf(input, rules.catalog);
      if (unit !== input.reporter) return `the reporting unit reports itself: by.unit must be "${input.reporter}"`;
      return input.reporter === lead
        ? undefined
        : `only the item's lead unit (${lead}) reports an emergency to the county (牵头单位…应及时上报县委县政府); a cooperating unit asks it with origin emergencyRequest`;
    }
    case 'emergencyRequest':
      if (unit !== input.reporter) return `the requesting unit asks itself: by.unit must be "${input.reporter}"`;
      return cooperatesOn(input.reporter, input.itemNo, rules.catalog)
        ? undefined
        : `only a cooperating unit of item ${input.itemNo} asks its lead unit for joint enforcement (配合单位…提请牵头单位组织开展联动执法)`;
  }
}
