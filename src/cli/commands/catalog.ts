import { siyangCatalog } from '../../catalog.js';
import type { Catalog, Item, SearchResult, Unit, UnitRef } from '../../catalog.js';
import { writeJson, writeLines, type CommandContext } from '../_lib/io.js';

// The CLI takes free text, so it queries through the untyped view of the catalog.
const catalog = siyangCatalog as unknown as Catalog;

/** A unit as an item lists it, for JSON. */
interface UnitRefJson {
  readonly unit: string;
  readonly name: string;
  /** The seed's text: 统战部（民宗局）. */
  readonly label: string;
  readonly as?: string;
}

/** An item for JSON: its units with names, not only ids. */
interface ItemJson {
  readonly no: number;
  readonly id: string;
  readonly name: string;
  readonly lead: UnitRefJson;
  readonly cooperating: readonly UnitRefJson[];
  readonly openEnded: boolean;
}

const refJson = (ref: UnitRef): UnitRefJson => ({
  unit: ref.unit,
  name: catalog.getUnit(ref.unit).name,
  label: catalog.label(ref),
  ...(ref.as === undefined ? {} : { as: ref.as }),
});

const itemJson = (item: Item): ItemJson => ({
  no: item.no,
  id: item.id,
  name: item.name,
  lead: refJson(item.lead),
  cooperating: item.cooperating.map(refJson),
  openEnded: item.openEnded,
});

function itemLines(item: Item): string[] {
  const cooperating = item.cooperating.map((ref) => catalog.label(ref)).join('、');
  return [
    `${String(item.no).padStart(2)}. ${item.name}`,
    `    牵头 lead: ${catalog.label(item.lead)}`,
    `    配合 cooperating: ${cooperating === '' ? '—' : cooperating}${item.openEnded ? ' 等 (and others)' : ''}`,
  ];
}

/**
 * Items whose names match `words`, or all items without words; `catalog 21` is item 21.
 * `match` is `'closest'` when no name contains every word and these are only the nearest.
 */
function matching(words: readonly string[]): SearchResult {
  if (words.length === 0) return { items: catalog.items, match: 'all' };
  if (words.length === 1 && /^\d+$/u.test(words[0]!)) return { items: [catalog.getItem(Number(words[0]))], match: 'all' };
  return catalog.searchItems(words.join(' '));
}

/** The line that says the items listed are only the closest to the words. */
function closestNote(words: readonly string[], count: number): string {
  const quoted = words.map((word) => `“${word}”`).join('');
  return `没有同时包含${quoted}的事项，以下 ${count} 项是最接近的。No item matches all of "${words.join(' ')}"; these ${count} are the closest matches.`;
}

function listItems({ args, options, io }: CommandContext): void {
  const { items, match } = matching(args);
  if (options.json) return writeJson(io, { match, items: items.map(itemJson) });
  if (items.length === 0) return writeLines(io, [`没有匹配“${args.join(' ')}”的事项。No item matches "${args.join(' ')}".`]);
  const closest = match === 'closest' ? ` — 最接近的匹配 closest matches, none contains every word` : '';
  writeLines(io, [
    ...(match === 'closest' ? [closestNote(args, items.length), ''] : []),
    ...items.flatMap(itemLines),
    '',
    `共 ${items.length} 项 ${items.length} item${items.length === 1 ? '' : 's'}${closest}`,
  ]);
}

function unitItems({ args, options, io }: CommandContext, key: string): void {
  const unit: Unit = catalog.getUnit(key);
  const { items, match } = matching(args);
  const wanted = new Set(items);
  const involved = catalog.itemsInvolving(unit.id).filter((item) => wanted.has(item));
  const leads = involved.filter((item) => item.lead.unit === unit.id);
  const cooperates = involved.filter((item) => item.lead.unit !== unit.id);
  if (options.json) return writeJson(io, { unit, match, leads: leads.map(itemJson), cooperates: cooperates.map(itemJson) });
  const aliases = unit.aliases.length === 0 ? '' : `（又称 also ${unit.aliases.join('、')}）`;
  const short = (item: Item) => `${String(item.no).padStart(2)}. ${item.name}`;
  writeLines(io, [
    `${unit.name}${aliases} — ${unit.id}`,
    ...(match === 'closest' && involved.length > 0 ? [closestNote(args, involved.length)] : []),
    `牵头 leads (${leads.length}):`,
    ...(leads.length === 0 ? ['    —'] : leads.map((item) => `  ${short(item)}`)),
    `配合 cooperates on (${cooperates.length}):`,
    ...(cooperates.length === 0 ? ['    —'] : cooperates.map((item) => `  ${short(item)} — 牵头 lead: ${catalog.label(item.lead)}`)),
  ]);
}

/**
 * `catalog [words…]`: the high-frequency items (高频事项) whose names match the words, with their
 * lead and cooperating units; all 39 without words, one item for a number. When no name contains
 * every word, the closest items, said so in a line of their own (`match: 'closest'` in JSON).
 * `catalog --unit 公安局`: the items a unit leads (牵头) or cooperates on (配合), narrowed by any words.
 *
 * @param context - The words after the command, the parsed options and where to write.
 * @throws {LinkedEnforcementError} `UNKNOWN_UNIT` for an unknown unit, `UNKNOWN_ITEM` for an unknown number.
 */
export function catalogCommand(context: CommandContext): void {
  if (context.options.unit === undefined) listItems(context);
  else unitItems(context, context.options.unit);
}
