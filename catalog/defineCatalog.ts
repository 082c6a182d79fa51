import { z } from 'zod';
import { LinkedEnforcementError, isLinkedEnforcementError, type ErrorIssue } from '../src/errors.js';
import { isCleanText, joinProblems } from '../src/_lib/untrusted.js';
import { invalidInput, parseArgument, toIssues } from '../src/_lib/validate.js';
import { catalogLimits } from './_lib/limits.js';
import { lookupKey, splitCapacity } from './_lib/lookupKey.js';
import { isUnder, readPlainData } from './_lib/readPlainData.js';
import { rankItems } from './_lib/rankItems.js';
import { catalogDataSchema, itemDataSchema, unitDataSchema, type CatalogData, type UnitRefData } from './schema.js';
import type {
  Catalog,
  CatalogShape,
  Item,
  LocalityInput,
  Participant,
  Participants,
  ParticipantsOptions,
  PartyDuties,
  SearchResult,
  ShapeOf,
  Unit,
  UnitRef,
} from './types.js';

type ParsedData = z.output<typeof catalogDataSchema>;
type LocalityKind = 'township' | 'subDistrict';

const localityKindNames: Record<LocalityKind, string> = { township: '乡镇 (township)', subDistrict: '街道 (sub-district)' };

/** A string argument of at most `maximum` characters. */
const boundedString = (maximum: number) => z.string().max(maximum, `must be at most ${maximum} characters`);
// A locality's name and id end up in stored cases: well-formed text only.
const localityText = boundedString(catalogLimits.text)
  .trim()
  .min(1, 'must not be empty')
  .refine(isCleanText, 'must be well-formed text without control characters (NUL, lone surrogates)');

const itemNoSchema = z.number().int().positive();
const keySchema = boundedString(catalogLimits.text).trim().min(1, 'must be a non-empty unit id, name or alias');
const freeTextSchema = boundedString(catalogLimits.text);
const searchSchema = boundedString(catalogLimits.text).trim().min(1, 'must contain a word');
const localitySchema = z.union([
  localityText,
  z.object({ name: localityText, kind: z.enum(['township', 'subDistrict']), id: localityText.optional() }),
]);
const participantsOptionsSchema = z.object({ locality: localitySchema.optional() }).optional();
const refSchema = z.union([
  boundedString(catalogLimits.id).min(1),
  z.object({ unit: boundedString(catalogLimits.id).min(1), as: boundedString(catalogLimits.text).min(1).optional() }),
]);

function toRef(ref: UnitRefData): UnitRef {
  return typeof ref === 'string' ? { unit: ref } : { unit: ref.unit, as: ref.as };
}

function freezeRef(ref: UnitRef): UnitRef {
  return Object.freeze(ref.as === undefined ? { unit: ref.unit } : { unit: ref.unit, as: ref.as });
}

/** Every cross-reference problem in structurally valid data, so a catalog author sees them all at once. */
function findProblems(data: ParsedData, malformedUnitIds: ReadonlySet<string> = new Set()): ErrorIssue[] {
  const problems: ErrorIssue[] = [];
  const problem = (code: string, path: PropertyKey[], message: string) => problems.push({ code, path, message });

  const units = new Map<string, ParsedData['units'][number]>();
  const keyOwners = new Map<string, string>();
  data.units.forEach((unit, index) => {
    if (units.has(unit.id)) problem('duplicate_id', ['units', index, 'id'], `unit id "${unit.id}" is defined twice`);
    units.set(unit.id, unit);
    for (const [field, key] of [['name', unit.name] as const, ...(unit.aliases ?? []).map((alias) => ['aliases', alias] as const)]) {
      const owner = keyOwners.get(lookupKey(key));
      if (owner !== undefined && owner !== unit.id) {
        problem('ambiguous_name', ['units', index, field], `"${key}" already names unit "${owner}"`);
      }
      keyOwners.set(lookupKey(key), unit.id);
    }
    if (unit.verticallyManaged === true && unit.kind !== 'department') {
      problem('invalid_field', ['units', index, 'verticallyManaged'], 'only a department is vertically managed (垂直管理)');
    }
    if (unit.resolvesTo !== undefined && unit.kind !== 'locality') {
      problem('invalid_field', ['units', index, 'resolvesTo'], 'only a locality placeholder resolves to a township or sub-district');
    }
  });

  const checkRef = (ref: UnitRefData, path: PropertyKey[]) => {
    const { unit: id, as } = toRef(ref);
    const unit = units.get(id);
    // A unit defined with a malformed field is reported there; references to it are not the problem.
    if (unit === undefined && malformedUnitIds.has(id)) return;
    if (unit === undefined) problem('unknown_unit', [...path, 'unit'], `unit "${id}" is not defined`);
    else if (as !== undefined && unit.aliases?.includes(as) !== true) {
      problem('unknown_capacity', [...path, 'as'], `"${as}" is not an alias of ${unit.name} ("${id}")`);
    }
  };

  (['commandCenter', 'legalReview'] as const).forEach((role) => checkRef(data.roles[role], ['roles', role]));

  const numbers = new Set<number>();
  const itemIds = new Set<string>();
  data.items.forEach((item, index) => {
    if (numbers.has(item.no)) problem('duplicate_number', ['items', index, 'no'], `item number ${item.no} is used twice`);
    numbers.add(item.no);
    if (itemIds.has(item.id)) problem('duplicate_id', ['items', index, 'id'], `item id "${item.id}" is used twice`);
    itemIds.add(item.id);
    checkRef(item.lead, ['items', index, 'lead']);
    const leadId = toRef(item.lead).unit;
    const seen = new Set<string>();
    item.cooperating.forEach((ref, position) => {
      const path = ['items', index, 'cooperating', position];
      checkRef(ref, path);
      const id = toRef(ref).unit;
      if (id === leadId) problem('lead_also_cooperating', path, `item ${item.no}: the lead unit "${id}" is also listed as cooperating`);
      if (seen.has(id)) problem('duplicate_cooperating', path, `item ${item.no}: unit "${id}" is listed twice`);
      seen.add(id);
    });
  });

  const dutyNumbers = new Set<number>();
  // Stryker disable next-line ArrayDeclaration: a stand-in entry has neither number nor unit, so it adds no problem
  (data.duties ?? []).forEach((party, index) => {
    if (dutyNumbers.has(party.no)) problem('duplicate_number', ['duties', index, 'no'], `duty party number ${party.no} is used twice`);
    dutyNumbers.add(party.no);
    if (party.unit !== undefined) checkRef(party.unit, ['duties', index]);
  });
  return problems;
}

/**
 * Builds a catalog for a county from plain data (units, items of 附件3, duties of 附件2), validated.
 * With literal data, unit ids, item numbers and unit names become literal types, so a typo fails
 * to compile.
 *
 * @param data - The county's units, items, duties and the two fixed roles.
 * @returns The catalog with its queries; everything in it is frozen.
 * @throws {LinkedEnforcementError} `INVALID_CATALOG`, with `issues` listing every problem at once:
 * malformed fields, empty names, duplicate numbers or ids, names shared by two units, references
 * to undefined units, a lead also listed as cooperating; values that are not plain data or that
 * throw when read; texts, lists or nesting over the limits (README, "Limits").
 *
 * @example
 * const catalog = defineCatalog({
 *   name: '某某县',
 *   roles: { commandCenter: 'center', legalReview: 'justice' },
 *   units: [
 *     { id: 'center', name: '综合指挥调度中心', kind: 'department' },
 *     { id: 'justice', name: '司法局', kind: 'department' },
 *     { id: 'police', name: '公安局', kind: 'department' },
 *     { id: 'market', name: '市场监管局', kind: 'department' },
 *   ],
 *   items: [{ no: 1, id: 'food', name: '食品安全联合执法', lead: 'market', cooperating: ['police'] }],
 * });
 * catalog.getItem(1).lead
 * //=> { unit: 'market' }
 */
export function defineCatalog<const Data extends CatalogData>(data: Data): Catalog<ShapeOf<Data>> {
  // zod reads a plain copy: the caller's getters run once, and nothing of theirs is frozen.
  const plain = readPlainData(data);
  const parsed = catalogDataSchema.safeParse(plain.data);
  if (parsed.success && plain.issues.length === 0) {
    const problems = findProblems(parsed.data);
    if (problems.length === 0) return buildCatalog(parsed.data) as unknown as Catalog<ShapeOf<Data>>;
    return invalidCatalog(parsed.data.name, problems);
  }
  const unreadable = plain.issues.map((issue) => issue.path);
  const problems = [
    ...plain.issues,
    ...(parsed.success ? [] : toIssues(parsed.error).filter((issue) => !isUnder(issue.path, unreadable))),
    // A copy cut short at its root (too many values) is no basis for cross-references.
    ...(unreadable.some((path) => path.length === 0) ? [] : crossReferenceProblems(plain.data)),
  ];
  const name = catalogDataSchema.shape.name.safeParse((plain.data as { name?: unknown } | undefined)?.name);
  return invalidCatalog(name.success ? name.data : 'catalog', problems);
}

function invalidCatalog(name: string, problems: readonly ErrorIssue[]): never {
  throw new LinkedEnforcementError('INVALID_CATALOG', `Invalid catalog "${name}": ${problems.length} problem(s): ${joinProblems(problems.map((p) => p.message))}`, {
    context: { catalog: name },
    issues: problems,
  });
}

/**
 * The cross-reference problems of data that is malformed elsewhere, so a catalog author sees
 * them together with the field errors: only the well-formed units and items are checked.
 */
function crossReferenceProblems(data: unknown): ErrorIssue[] {
  if (typeof data !== 'object' || data === null) return [];
  const raw = data as Record<string, unknown>;
  // Stryker disable ArrayDeclaration: a stand-in entry for a list that is not one is neither a parse result that succeeded nor an object with an id
  const unitResults = Array.isArray(raw.units) ? raw.units.map((unit) => unitDataSchema.safeParse(unit)) : [];
  const units = unitResults.flatMap((unit) => (unit.success ? [unit.data] : []));
  const malformedUnitIds = new Set(
    (Array.isArray(raw.units) ? (raw.units as unknown[]) : []).flatMap((unit, index) => {
      const id = unitDataSchema.shape.id.safeParse((unit as { id?: unknown } | null)?.id);
      // The ids of well-formed units (or a stand-in, which is no slug) change nothing: a reference is
      // looked up here only when no well-formed unit has its id. unitResults has an entry per unit.
      // Stryker disable next-line ConditionalExpression,LogicalOperator,OptionalChaining: see above
      return !unitResults[index]?.success && id.success ? [id.data] : [];
    }),
  );
  // An item's name plays no part in cross-references: an empty one must not hide its other problems.
  const items = Array.isArray(raw.items) ? raw.items.map((item) => itemDataSchema.omit({ name: true }).safeParse(item)) : [];
  // Stryker restore ArrayDeclaration
  const roles = catalogDataSchema.shape.roles.safeParse(raw.roles);
  // Stryker disable StringLiteral,OptionalChaining,LogicalOperator: the name is not used in cross-references, nor the stand-in
  // roles, whose problems are dropped below when the roles are malformed
  const problems = findProblems({
    name: 'catalog',
    roles: roles.success ? roles.data : { commandCenter: units[0]?.id ?? '', legalReview: units[0]?.id ?? '' },
    units: units as ParsedData['units'],
    items: items.flatMap((item) => (item.success ? [{ ...item.data, name: '' }] : [])),
  }, malformedUnitIds);
  // Stryker restore StringLiteral,OptionalChaining,LogicalOperator
  // Indexes refer to the well-formed entries only; map them back to the input's positions.
  const positions = {
    units: unitResults.flatMap((unit, index) => (unit.success ? [index] : [])),
    items: items.flatMap((item, index) => (item.success ? [index] : [])),
  };
  return problems
    .filter((problem) => roles.success || problem.path[0] !== 'roles')
    .map((problem) => {
      // Only units and items have numbered entries here; the roles' problems are at a role's name.
      const [list, index] = problem.path as [keyof typeof positions, unknown];
      return typeof index === 'number' ? { ...problem, path: [list, positions[list][index]!, ...problem.path.slice(2)] } : problem;
    });
}

function buildCatalog(data: ParsedData): Catalog<CatalogShape> {
  const units: readonly Unit[] = Object.freeze(
    data.units.map((unit) =>
      Object.freeze({
        id: unit.id,
        name: unit.name,
        aliases: Object.freeze([...(unit.aliases ?? [])]),
        kind: unit.kind,
        ...(unit.verticallyManaged === true ? { verticallyManaged: true } : {}),
      }),
    ),
  );
  const resolvesTo = new Map(data.units.map((unit) => [unit.id, unit.resolvesTo ?? (['township', 'subDistrict'] as const)]));
  const unitsById = new Map(units.map((unit) => [unit.id, unit]));
  const unitsByKey = new Map<string, Unit>();
  for (const unit of units) {
    for (const key of [unit.id, unit.name, ...unit.aliases]) unitsByKey.set(lookupKey(key), unit);
  }
  const items: readonly Item[] = Object.freeze(
    [...data.items]
      .sort((a, b) => a.no - b.no)
      .map((item) =>
        Object.freeze({
          no: item.no,
          id: item.id,
          name: item.name,
          lead: freezeRef(toRef(item.lead)),
          cooperating: Object.freeze(item.cooperating.map((ref) => freezeRef(toRef(ref)))),
          openEnded: item.openEnded ?? false,
        }),
      ),
  );
  const itemsByNo = new Map(items.map((item) => [item.no, item]));
  const duties: readonly PartyDuties[] = Object.freeze(
    (data.duties ?? []).map((party) => Object.freeze({ ...party, duties: Object.freeze([...party.duties]) })),
  );
  const countyPrefixes = [lookupKey(data.name), '县'];

  /**
   * The unit a lookup key names, trying it without a leading county name and as 名称（别名）.
   * Keys are at most {@link catalogLimits}.text characters, and `seen` answers each piece once,
   * so nested prefixes and parentheses cannot make the search explode.
   */
  function findUnitByKey(key: string, seen = new Map<string, Unit | undefined>()): Unit | undefined {
    // Stryker disable next-line ConditionalExpression: the memo keeps the search linear (README, Limits); without it the answers are the same, only slower
    if (seen.has(key)) return seen.get(key);
    seen.set(key, undefined);
    const found = unitsByKey.get(key) ?? withoutCountyPrefix(key, seen) ?? asCapacity(key, seen);
    seen.set(key, found);
    return found;
  }

  function withoutCountyPrefix(key: string, seen: Map<string, Unit | undefined>): Unit | undefined {
    for (const prefix of countyPrefixes) {
      // A key that is only the prefix leaves an empty key, which names no unit.
      if (key.startsWith(prefix)) {
        const found = findUnitByKey(key.slice(prefix.length), seen);
        if (found) return found;
      }
    }
    return undefined;
  }

  function asCapacity(key: string, seen: Map<string, Unit | undefined>): Unit | undefined {
    const capacity = splitCapacity(key);
    if (capacity === undefined) return undefined;
    const outer = findUnitByKey(capacity[0], seen);
    return outer === findUnitByKey(capacity[1], seen) ? outer : undefined;
  }

  function getUnit(key: string): Unit {
    const text = parseArgument(keySchema, key, 'unit');
    const unit = findUnitByKey(lookupKey(text));
    if (unit === undefined) {
      throw new LinkedEnforcementError('UNKNOWN_UNIT', `No unit in the ${data.name} catalog is called "${text}"`, {
        context: { unit: text, catalog: data.name },
      });
    }
    return unit;
  }

  function getItem(no: number): Item {
    parseArgument(itemNoSchema, no, 'no');
    const item = itemsByNo.get(no);
    if (item === undefined) {
      const range = items.length > 0 ? ` (it has items ${items[0]!.no}–${items[items.length - 1]!.no})` : '';
      throw new LinkedEnforcementError('UNKNOWN_ITEM', `The ${data.name} catalog has no item ${no}${range}`, {
        context: { no, catalog: data.name },
      });
    }
    return item;
  }

  function label(ref: UnitRef | string): string {
    const parsed = parseArgument(refSchema, ref, 'ref');
    const { unit: id, as } = typeof parsed === 'string' ? { unit: parsed, as: undefined } : parsed;
    const unit = unitsById.get(id);
    if (unit === undefined) {
      throw new LinkedEnforcementError('UNKNOWN_UNIT', `No unit in the ${data.name} catalog has id "${id}"`, {
        context: { unit: id, catalog: data.name },
      });
    }
    return as === undefined ? unit.name : `${unit.name}（${as}）`;
  }

  /** The kind a name's suffix gives: 街道 a sub-district, 镇 or 乡 a township (with a name before it). */
  const kindBySuffix = (name: string): LocalityKind | undefined =>
    /.街道$/u.test(name) ? 'subDistrict' : /.[镇乡]$/u.test(name) ? 'township' : undefined;

  /** A name without the county in front (泗阳县王集镇 → 王集镇), so one place gets one id. */
  function withoutCounty(name: string): string {
    const key = lookupKey(name);
    for (const prefix of countyPrefixes) {
      if (key.startsWith(prefix) && kindBySuffix(key.slice(prefix.length)) !== undefined) return key.slice(prefix.length);
    }
    return key;
  }

  /**
   * The township or sub-district a locality names: a catalog unit, or one outside the catalog
   * (id `locality:<name>`), its kind from the name's suffix or given, never contradicting it.
   */
  function toLocality(locality: LocalityInput): Unit {
    const input = parseArgument(localitySchema, locality, 'locality');
    const name = withoutCounty(typeof input === 'string' ? input : input.name);
    const known = findUnitByKey(name);
    if (known !== undefined) {
      if (known.kind !== 'township' && known.kind !== 'subDistrict') {
        invalidInput('locality', `${known.name} is a ${known.kind}, not a township (乡镇) or sub-district (街道)`, { locality: name });
      }
      return known;
    }
    const bySuffix = kindBySuffix(name);
    const kind = typeof input === 'string' ? bySuffix : input.kind;
    if (kind === undefined) {
      invalidInput('locality', `"${name}" is neither a known unit nor a name ending in 街道, 镇 or 乡; pass { name, kind }`, { locality: name });
    }
    if (bySuffix !== undefined && bySuffix !== kind) {
      invalidInput('locality', `"${name}" is a ${localityKindNames[bySuffix]} by its name, not a ${localityKindNames[kind]}`, { locality: name });
    }
    // Stryker disable next-line ConditionalExpression,StringLiteral: a string has no id either (the test is for the type checker)
    const id = typeof input === 'string' || input.id === undefined ? `locality:${name}` : input.id;
    return Object.freeze({ id, name, aliases: Object.freeze([]), kind });
  }

  function resolveLocality(placeholder: Unit, locality: LocalityInput | undefined, itemNo: number): Participant {
    const allowed = resolvesTo.get(placeholder.id)!;
    const takes = allowed.map((kind) => localityKindNames[kind]).join(' or ');
    if (locality === undefined) {
      throw new LinkedEnforcementError(
        'LOCALITY_REQUIRED',
        `Item ${itemNo} names ${placeholder.name}: give options.locality, the ${takes} where the enforcement happens`,
        { context: { no: itemNo, placeholder: placeholder.name, accepts: allowed } },
      );
    }
    let unit: Unit;
    try {
      unit = toLocality(locality);
    } catch (error) {
      // toLocality throws INVALID_INPUT with one issue; anything else would pass through unchanged.
      // Stryker disable next-line ConditionalExpression,OptionalChaining: see above
      if (isLinkedEnforcementError(error, 'INVALID_INPUT')) invalidInput('options.locality', error.issues[0]?.message ?? error.message, { ...error.context, argument: 'options.locality' });
      throw error;
    }
    if (!(allowed as readonly string[]).includes(unit.kind)) {
      invalidInput(
        'options.locality',
        `item ${itemNo} names ${placeholder.name}, which takes a ${takes}; ${unit.name} is a ${unit.kind}`,
        { locality: unit.name, no: itemNo },
      );
    }
    return Object.freeze({ unit, label: unit.name, placeholder: placeholder.name });
  }

  function participants(no: number, options?: ParticipantsOptions): Participants {
    const item = getItem(no);
    const { locality } = parseArgument(participantsOptionsSchema, options, 'options') ?? {};
    const toParticipant = (ref: UnitRef): Participant => {
      const unit = unitsById.get(ref.unit)!;
      if (unit.kind === 'locality') return resolveLocality(unit, locality, item.no);
      return Object.freeze({ unit, ...(ref.as === undefined ? {} : { as: ref.as }), label: label(ref) });
    };
    const lead = toParticipant(item.lead);
    const seen = new Set([lead.unit.id]);
    const cooperating = item.cooperating.map(toParticipant).filter((participant) => {
      if (seen.has(participant.unit.id)) return false;
      seen.add(participant.unit.id);
      return true;
    });
    return Object.freeze({ item, lead, cooperating: Object.freeze(cooperating), openEnded: item.openEnded });
  }

  function searchItems(text: string): SearchResult {
    const ranked = rankItems(items, parseArgument(searchSchema, text, 'text'));
    return Object.freeze({ items: Object.freeze(ranked.items), match: ranked.match });
  }

  const involves = (item: Item, id: string) => item.lead.unit === id || item.cooperating.some((ref) => ref.unit === id);

  return Object.freeze({
    name: data.name,
    roles: Object.freeze({ commandCenter: data.roles.commandCenter, legalReview: data.roles.legalReview }),
    units,
    items,
    duties,
    getItem,
    getUnit,
    findUnit: (text: string) => findUnitByKey(lookupKey(parseArgument(freeTextSchema, text, 'text'))),
    itemsLedBy: (key: string) => {
      const { id } = getUnit(key);
      return Object.freeze(items.filter((item) => item.lead.unit === id));
    },
    itemsInvolving: (key: string) => {
      const { id } = getUnit(key);
      return Object.freeze(items.filter((item) => involves(item, id)));
    },
    search: (text: string) => searchItems(text).items,
    searchItems,
    participants,
    locality: toLocality,
    label,
  });
}
