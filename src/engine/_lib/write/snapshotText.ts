import { frozenCanonicalJson, quotedKey } from '../canonicalJson.js';

/** The canonical JSON of each context field of one snapshot, by field, with the value it was written from. */
export type FieldTexts = ReadonlyMap<string, { readonly value: unknown; readonly text: string }>;

/**
 * The canonical JSON of a snapshot (see `canonicalJson`), writing again only the context fields
 * that are not the very values of `previous` (the fields of the case's last version): the machine
 * replaces a field when it changes it, so an event costs what it changed, not the size of the
 * case. What it writes it deep-freezes (`frozenCanonicalJson`), so an unchanged field's text is
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
    const known = previous?.get(key);
    const text = known !== undefined && known.value === value ? known.text : frozenCanonicalJson(value);
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
