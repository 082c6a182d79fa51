import { frozenCanonicalJson, quotedKey } from '../canonicalJson.js';

/** The canonical JSON of each context field of one snapshot, by field, with the value it was written from. */
export type FieldTexts = ReadonlyMap<string, { readonly value: unknown; readonly text: string }>;

/**
 * The canonical JSON of a snapshot (see `canonicalJson`), writing again only the context fields
 * that are not the very values of `previous` (the fields of the case's last version): the machine
 * replaces a field when it changes it, so an event costs what it changed, not the size of the
 * case; a list the machine appended to (催办 urges, reports) costs what was appended. What it
 * writes it deep-freezes (`frozenCanonicalJson`), so an unchanged field's text is
 * still its text, and the memory store finds it frozen. Gives the same text as
 * `canonicalJson(snapshot)`.
 *
 * @throws {TypeError} for a value that is not plain JSON.
 */
export function snapshotText(snapshot: Readonly<Record<string, unknown>>, previous?: FieldTexts): { readonly text: string; readonly fields: FieldTexts } {
  const context = snapshot.context as Readonly<Record<string, unknown>>;
  const fields = new Map<string, { value: unknown; text: string }>();
  const contextKeys = Object.keys(context).sort();
  let contextText = '{';
  let first = true;
  for (const key of contextKeys) {
    const value = context[key];
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    const text = fieldText(value, previous?.get(key));
    fields.set(key, { value, text });
    if (first) first = false;
    else contextText += ',';
    contextText += `${quotedKey(key)}:${text}`;
  }
  contextText += '}';
  const keys = Object.keys(snapshot).sort();
  let text = '{';
  first = true;
  for (const key of keys) {
    const value = snapshot[key];
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    if (first) first = false;
    else text += ',';
    text += `${quotedKey(key)}:${key === 'context' ? contextText : frozenCanonicalJson(value)}`;
  }
  return { text: `${text}}`, fields };
}

/** A context field's text: the previous one for the very same value, the previous one extended for a list appended to, else written afresh. */
function fieldText(value: unknown, known: { readonly value: unknown; readonly text: string } | undefined): string {
  if (known === undefined) return frozenCanonicalJson(value);
  if (known.value === value) return known.text;
  return appendedText(known.value, known.text, value) ?? frozenCanonicalJson(value);
}

/**
 * The text of `value` when it is a new array starting with every item of `previous` (the very
 * same values, so frozen with their text unchanged: the machine appends as `[...list, item]`):
 * `previousText` with the new items written after it, as `frozenCanonicalJson` would write them.
 * `undefined` for any other value.
 */
function appendedText(previous: unknown, previousText: string, value: unknown): string | undefined {
  // An empty or frozen array, or one that is not an array: written afresh (`[]` has no item to follow; `frozenCanonicalJson` does not touch a frozen one).
  if (!Array.isArray(previous) || !Array.isArray(value) || previous.length === 0 || value.length < previous.length || Object.isFrozen(value)) return undefined;
  for (let i = 0; i < previous.length; i++) if (value[i] !== previous[i]) return undefined;
  let text = previousText.slice(0, -1);
  for (let i = previous.length; i < value.length; i++) {
    if (value[i] === undefined) value[i] = null;
    text += `,${frozenCanonicalJson(value[i])}`;
  }
  Object.freeze(value);
  return `${text}]`;
}
