import { sha256Hex } from './sha256.js';

const MAX_DEPTH = 512;

/**
 * JSON with object keys sorted (by UTF-16 code unit, as RFC 8785 JCS orders them) and no
 * whitespace: one value, one string, whatever order its keys were built or stored in. Skips
 * `undefined`, function and symbol properties and calls `toJSON` as `JSON.stringify` does.
 *
 * @throws {TypeError} for values JSON cannot hold (a BigInt, a non-finite number) and for
 * nesting deeper than 512 levels (a cycle).
 */
export function canonicalJson(value: unknown): string {
  return write(value, 0);
}

/** What JSON leaves out of an object (and writes as `null` in an array). */
export const isSkipped = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** What `JSON.stringify` escapes in a string: quotes, backslashes, control characters, surrogates (lone ones). */
// eslint-disable-next-line no-control-regex -- control characters are what JSON escapes
const needsEscape = /["\\\u0000-\u001f\ud800-\udfff]/u;

function write(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return needsEscape.test(value) ? JSON.stringify(value) : `"${value}"`;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold ${value}`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      break;
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
  if (depth > MAX_DEPTH) throw new TypeError('canonical JSON cannot hold a cycle (or nesting this deep)');
  if (Array.isArray(value)) {
    let out = '';
    for (let i = 0; i < value.length; i++) out += `${i === 0 ? '' : ','}${isSkipped(value[i]) ? 'null' : write(value[i], depth + 1)}`;
    return `[${out}]`;
  }
  const object = value as Record<string, unknown> & { toJSON?: () => unknown };
  if (typeof object.toJSON === 'function') return write(object.toJSON(), depth + 1);
  let out = '';
  for (const key of Object.keys(object).sort()) {
    if (isSkipped(object[key])) continue;
    out += `${out === '' ? '' : ','}${quotedKey(key)}:${write(object[key], depth + 1)}`;
  }
  return `{${out}}`;
}

const quotedKeys = new Map<string, string>();

/** `JSON.stringify(key)`, remembered: the same few dozen keys come back in every snapshot. */
export function quotedKey(key: string): string {
  let text = quotedKeys.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, text);
  }
  return text;
}

/** SHA-256 of the value's canonical JSON, as 64 lowercase hex digits. */
export function sha256Of(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
