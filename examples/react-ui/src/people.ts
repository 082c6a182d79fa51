import { siyangCatalog, type Actor } from 'linked-enforcement';
import { participantsOf, type CaseFacts } from './caseFacts.js';

/** Someone the user can act as. */
export interface Person {
  readonly key: string;
  readonly by: Actor;
  readonly zh: string;
  readonly en: string;
  readonly group: 'county' | 'units' | 'other';
}

/** The case this page drives: item 1 of 附件3, applied for by its lead unit. */
export const ITEM_NO = 1;
/** Item 1's lead and cooperating units, as the catalog gives them. */
export const itemParticipants = siyangCatalog.participants(ITEM_NO);
const item = itemParticipants;

const unitPerson = (id: string, en: string, group: Person['group'] = 'units'): Person => ({
  key: id,
  by: { unit: id },
  zh: siyangCatalog.findUnit(id)?.name ?? id,
  en,
  group,
});

const englishNames: Readonly<Record<string, string>> = {
  'market-regulation': 'Market regulation',
  'fire-rescue': 'Fire and rescue',
  'public-security': 'Public security',
  'emergency-management': 'Emergency management',
  'urban-management': 'Urban management',
  health: 'Health',
  'agriculture-rural': 'Agriculture and rural affairs',
  commerce: 'Commerce',
  education: 'Education',
};

/**
 * Everyone on the page: the county's roles, item 1's eight units, 农业农村局 (the seeded cases'
 * applicant) and an uninvolved unit. The system's deadline check is no one to pick: the server
 * runs `engine.sweep()` whenever the demo's clock moves.
 */
export const people: readonly Person[] = [
  unitPerson('command-center', 'Command center', 'county'),
  unitPerson('justice', 'Justice bureau (legal review)', 'county'),
  { key: 'principal', by: { leader: { name: '张县长', post: 'principal' } }, zh: '县主要领导 张县长', en: 'Principal county leader', group: 'county' },
  { key: 'in-charge', by: { leader: { name: '李副县长', post: 'inCharge' } }, zh: '分管县领导 李副县长', en: 'In-charge county leader', group: 'county' },
  ...[item.lead, ...item.cooperating].map((participant) => unitPerson(participant.unit.id, englishNames[participant.unit.id] ?? participant.unit.id)),
  unitPerson('education', englishNames.education!, 'other'),
];

/** What a person is in this case: 申请单位, 牵头单位, 配合单位… (before dispatch, per the catalog item). */
export function caseRolesOf(person: Person, context: CaseFacts): { zh: string; en: string }[] {
  if (!('unit' in person.by)) return [];
  const unit = person.by.unit;
  const roles: { zh: string; en: string }[] = [];
  if (unit === context.initiator) roles.push({ zh: '申请单位', en: 'applicant' });
  const planned = context.itemNo === undefined ? undefined : participantsOf(context.itemNo);
  const lead = context.assignment?.lead.unit ?? planned?.lead.unit.id;
  const cooperating = context.assignment?.cooperating.map((p) => p.unit) ?? planned?.cooperating.map((p) => p.unit.id) ?? [];
  if (unit === lead) roles.push({ zh: '牵头单位', en: 'lead' });
  if (cooperating.includes(unit)) roles.push({ zh: '配合单位', en: 'cooperating' });
  return roles;
}

/** `'市场监管局'`, `'分管县领导 李副县长'`, `'系统 sweeper'`: who sent an event. */
export function nameOf(by: Actor): string {
  if ('unit' in by) return siyangCatalog.findUnit(by.unit)?.name ?? by.unit.replace(/^locality:/, '');
  if ('leader' in by) return `${by.leader.post === 'principal' ? '县主要领导' : '分管县领导'} ${by.leader.name}`;
  return `系统 ${by.system}`;
}

/** Name of a unit id, from the catalog. */
export const unitName = (id: string): string => siyangCatalog.findUnit(id)?.name ?? id.replace(/^locality:/, '');
