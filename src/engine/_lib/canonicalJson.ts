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

// Plain loops and concatenation: this runs twice for every event written (its entry and its snapshot).
function write(value: unknown, depth: number): string {
  if (typeof value === 'string') return needsEscape.test(value) ? JSON.stringify(value) : `"${value}"`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) return 'null';
  if (typeof value !== 'object') throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  if (depth > MAX_DEPTH) throw new TypeError('canonical JSON cannot hold a cycle (or nesting this deep)');
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item = value[i] as unknown;
      if (i > 0) out += ',';
      out += isSkipped(item) ? 'null' : write(item, depth + 1);
    }
    return `${out}]`;
  }
  const object = value as Record<string, unknown> & { toJSON?: () => unknown };
  if (typeof object.toJSON === 'function') return write(object.toJSON(), depth + 1);
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const child = object[key];
    if (isSkipped(child)) continue;
    if (first) first = false;
    else out += ',';
    out += `${quotedKey(key)}:${write(child, depth + 1)}`;
  }
  return `${out}}`;
}

const quotedKeys = new Map<string, string>();

/** `JSON.stringify(key)`, remembered: the same few dozen keys come back in every snapshot. */
export function quotedKey(key: string): string {
  return quotedKeys.get(key) ?? quoteAndRemember(key);
}

function quoteAndRemember(key: string): string {
  const text = JSON.stringify(key);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the bound only caps the cache's memory (a cache only saves time): a key quoted afresh reads the same
  if (quotedKeys.size < 10_000) quotedKeys.set(key, text);
  return text;
}

/**
 * Deep-freezes plain JSON in place — as `freezeJson` does: children first, frozen subtrees taken
 * as already checked, `undefined` properties dropped, anything JSON cannot hold refused — and
 * returns its {@link canonicalJson}, in one walk. For what the engine writes and hashes (an
 * audit entry, the snapshot's changed fields): the memory store then finds it frozen already.
 *
 * @throws {TypeError} for a value that is not plain JSON (it may then be partly frozen).
 */
export function frozenCanonicalJson(value: unknown): string {
  return writeFreezing(value, 0);
}

function writeFreezing(value: unknown, depth: number): string {
  // null is here too: Object.isFrozen(null) is true.
  if (typeof value !== 'object' || Object.isFrozen(value)) {
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'undefined' || typeof value === 'bigint') throw new TypeError(`a stored value must be JSON: a ${typeof value} is not`);
    return write(value, depth);
  }
  if (depth > MAX_DEPTH) throw new TypeError('a stored value must be JSON: it nests too deep (a cycle?)');
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) {
      if (value[i] === undefined) value[i] = null;
      if (i > 0) out += ',';
      out += writeFreezing(value[i], depth + 1);
    }
    out += ']';
  } else {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) throw new TypeError(`a stored value must be JSON: a ${(value as object).constructor?.name ?? 'class'} instance is not`);
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    out = '{';
    let first = true;
    for (const key of keys) {
      if (record[key] === undefined) {
        delete record[key];
        continue;
      }
      if (first) first = false;
      else out += ',';
      out += `${quotedKey(key)}:${writeFreezing(record[key], depth + 1)}`;
    }
    out += '}';
  }
  Object.freeze(value);
  return out;
}

/** SHA-256 of the value's canonical JSON, as 64 lowercase hex digits. */
export function sha256Of(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
