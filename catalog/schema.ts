import { z } from 'zod';
import { isCleanText } from '../src/_lib/untrusted.js';
import { catalogLimits } from './_lib/limits.js';

/**
 * What kind of body a unit is. `locality` marks the placeholders 属地街道 and 属地乡镇（街道）:
 * "the sub-district (or township) where the enforcement happens", resolved per case.
 */
export const unitKinds = ['department', 'partyOrgan', 'judicialOrgan', 'enterprise', 'township', 'subDistrict', 'locality'] as const;

/** One of {@link unitKinds}. */
export type UnitKind = (typeof unitKinds)[number];

/** Text shown to people and stored in cases: non-empty, bounded, well-formed, no control characters. */
function boundedText(maximum: number) {
  return z
    .string()
    .max(maximum, `must be at most ${maximum} characters`)
    .trim()
    .min(1, 'must not be empty')
    .refine(isCleanText, 'must be well-formed text without control characters (NUL, lone surrogates)');
}

const text = boundedText(catalogLimits.text);
const duty = boundedText(catalogLimits.duty);

/** Stored in persisted cases, so it must stay a plain, stable ASCII slug. */
const slug = z
  .string()
  .max(catalogLimits.id, `must be at most ${catalogLimits.id} characters`)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase ASCII slug such as "market-regulation"');

function list<Item extends z.ZodType>(item: Item, maximum: number = catalogLimits.list) {
  return z.array(item).max(maximum, `must have at most ${maximum} entries`);
}

export const unitDataSchema = z.object({
  id: slug,
  name: text,
  aliases: list(text, catalogLimits.aliases).readonly().optional(),
  kind: z.enum(unitKinds),
  /**
   * 垂直管理: a body stationed in the county but run by a higher authority (人民银行, 消防救援大队,
   * 气象局), not a 县直部门. It may apply for joint enforcement only of an item it leads.
   */
  verticallyManaged: z.boolean().optional(),
  /** For a `locality` placeholder: what it may be resolved to (default: either). 属地街道 takes only a 街道. */
  resolvesTo: list(z.enum(['township', 'subDistrict'])).min(1).readonly().optional(),
});

export const unitRefDataSchema = z.union([slug, z.object({ unit: slug, as: text })]);

export const itemDataSchema = z.object({
  no: z.number().int().positive(),
  id: slug,
  name: text,
  lead: unitRefDataSchema,
  cooperating: list(unitRefDataSchema).readonly(),
  /** The seed ends the list with 等 ("and others"): the listed units are not all that may join. */
  openEnded: z.boolean().optional(),
});

export const partyDutiesDataSchema = z.object({
  no: z.number().int().positive(),
  /** The party as the seed names it: 牵头单位, 配合单位, 司法局, 综合指挥调度中心, 相关执法机关. */
  party: text,
  /** The role a party plays in a case, when it is a role rather than one unit. */
  role: z.enum(['lead', 'cooperating', 'enforcementAgencies']).optional(),
  /** The unit, when the party is one unit. */
  unit: slug.optional(),
  duties: list(duty, catalogLimits.duties).min(1).readonly(),
});

export const catalogDataSchema = z.object({
  /** The county, e.g. 泗阳县; also stripped from the front of looked-up names. */
  name: text,
  /** The two fixed parties of the procedure. */
  roles: z.object({
    /** 综合指挥调度中心: reviews, dispatches, aggregates and archives. */
    commandCenter: slug,
    /** 县法制审核部门 (司法局 in Siyang): the legal review. */
    legalReview: slug,
  }),
  units: list(unitDataSchema).min(1).readonly(),
  items: list(itemDataSchema).readonly(),
  duties: list(partyDutiesDataSchema, catalogLimits.duties).readonly().optional(),
});

/** A unit as a catalog definition gives it to `defineCatalog` (`aliases` optional). */
export type UnitData = z.input<typeof unitDataSchema>;
/** A unit as an item lists it in a catalog definition: its id, or `{ unit, as }` for 统战部（民宗局）. */
export type UnitRefData = z.input<typeof unitRefDataSchema>;
/** A high-frequency item (高频事项) as a catalog definition gives it. */
export type ItemData = z.input<typeof itemDataSchema>;
/** A party and its duties (联动执法主体职责) as a catalog definition gives them. */
export type PartyDutiesData = z.input<typeof partyDutiesDataSchema>;
/** Plain data describing one county's catalog, as `defineCatalog` takes it. */
export type CatalogData = z.input<typeof catalogDataSchema>;
