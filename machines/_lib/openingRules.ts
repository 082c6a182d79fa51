import type { Catalog } from '../../catalog/types.js';
import { unitKindNamesZh } from '../../src/_lib/messagesZh.js';
import { isLinkedEnforcementError } from '../../src/errors.js';
import type { Actor, CaseInput } from '../schemas.js';
import { reason, type Reason } from './reason.js';
import { isCountyLeader, itemLeadOf, unitNameOf, type CaseRules } from './rules.js';

const kindNames = { judicialOrgan: 'a judicial body', enterprise: 'an enterprise', locality: 'a placeholder (属地…)' } as const;
const postsZh = { principal: '县主要领导', inCharge: '分管县领导' } as const;

const unitOf = (by: Actor): string | undefined => ('unit' in by ? by.unit : undefined);

/**
 * Why `unit` may not apply for joint enforcement (县直部门、乡镇…提出联动执法申请), or `undefined`.
 * County departments and party organs (县直部门) and townships or sub-districts (乡镇、街道) may;
 * a body stationed in the county under vertical management (垂直管理) only for an item it leads;
 * the command center (it receives applications), courts and procuratorates, enterprises and the
 * locality placeholders may not.
 */
export function applicantRefusal(unit: string, itemNo: number | undefined, rules: CaseRules): Reason | undefined {
  // Townships outside the catalog (`locality:<name>`) were checked to be a township or sub-district.
  if (unit.startsWith('locality:')) return undefined;
  if (unit === rules.centerUnit) {
    return reason('the command center receives applications; it opens its own cases as centerInitiated', '综合指挥调度中心受理申请；中心自己的案件以“因工作需要”立案');
  }
  const found = rules.catalog.units.find((candidate) => candidate.id === unit);
  // Stryker disable next-line StringLiteral: never reached from a case: the input's schema refuses an applicant the catalog does not know first
  if (found === undefined) return reason(`"${unit}" is not a unit of the ${rules.catalog.name} catalog`, `“${unit}”不是${rules.catalog.name}清单中的单位`);
  switch (found.kind) {
    case 'judicialOrgan':
    case 'enterprise':
    case 'locality':
      return reason(`${found.name} is ${kindNames[found.kind]}, not a 县直部门 or 乡镇: it may not apply`, `${found.name}是${unitKindNamesZh[found.kind]}，不是县直部门或乡镇，不能提出申请`);
    default:
      // A department, a party organ, a township or a sub-district: only a department is ever under vertical management.
      return found.verticallyManaged === true && itemLeadOf({ itemNo }, rules.catalog) !== unit
        ? reason(
            `${found.name} is stationed in the county under vertical management (垂直管理), not a 县直部门: it applies only for an item it leads`,
            `${found.name}为垂直管理单位，不属县直部门：只能就其牵头的事项提出申请`,
          )
        : undefined;
  }
}

/** Whether `unit` is a cooperating unit of the item, a township or sub-district counting as its 属地 placeholder when its kind fits. */
function cooperatesOn(unit: string, itemNo: number, catalog: Catalog): boolean {
  // parseCaseInput refuses an item not in the catalog first.
  const item = catalog.items.find((candidate) => candidate.no === itemNo)!;
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
export function openingRefusal(input: CaseInput, rules: CaseRules): Reason | undefined {
  const unit = unitOf(input.by);
  const name = (id: string) => unitNameOf(id, rules.catalog);
  switch (input.origin) {
    case 'application':
      if (unit !== input.applicant) {
        return reason(`an application is made by the applicant itself: by.unit must be "${input.applicant}"`, `申请须由申请单位自己提出：立案人应为${name(input.applicant)}`);
      }
      return applicantRefusal(input.applicant, input.itemNo, rules);
    case 'leaderAssignment':
      if (!isCountyLeader(input.leader, rules)) {
        return reason(`${input.leader.name} (${input.leader.post}) is not on the county's roster of leaders`, `${input.leader.name}（${postsZh[input.leader.post]}）不在本县县领导名单中`);
      }
      if (unit === rules.centerUnit) return undefined;
      if ('leader' in input.by && input.by.leader.name === input.leader.name && input.by.leader.post === input.leader.post) return undefined;
      return reason('a leader’s assignment (交办) is recorded by the command center or by that leader', '县领导交办由综合指挥调度中心或该领导本人录入');
    case 'centerInitiated':
      return unit === rules.centerUnit ? undefined : reason('only the command center opens a case for its own need (因工作需要)', '只有综合指挥调度中心可以因工作需要立案');
    case 'emergency': {
      // Its input's schema requires the item, and every item has a lead unit.
      const lead = itemLeadOf(input, rules.catalog)!;
      if (unit !== input.reporter) {
        return reason(`the reporting unit reports itself: by.unit must be "${input.reporter}"`, `突发事件须由报告单位自己上报：立案人应为${name(input.reporter)}`);
      }
      return input.reporter === lead
        ? undefined
        : reason(
            `only the item's lead unit (${lead}) reports an emergency to the county (牵头单位…应及时上报县委县政府); a cooperating unit asks it with origin emergencyRequest`,
            `只有事项的牵头单位（${name(lead)}）可以向县委县政府上报突发事件；配合单位应以“配合单位提请”的方式提请牵头单位`,
          );
    }
    case 'emergencyRequest':
      if (unit !== input.reporter) {
        return reason(`the requesting unit asks itself: by.unit must be "${input.reporter}"`, `提请须由提请单位自己提出：立案人应为${name(input.reporter)}`);
      }
      return cooperatesOn(input.reporter, input.itemNo, rules.catalog)
        ? undefined
        : reason(
            `only a cooperating unit of item ${input.itemNo} asks its lead unit for joint enforcement (配合单位…提请牵头单位组织开展联动执法)`,
            `只有事项 ${input.itemNo} 的配合单位可以提请牵头单位组织开展联动执法`,
          );
  }
}
