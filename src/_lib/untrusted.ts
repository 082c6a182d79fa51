// Helpers for reading what callers pass in, which may be anything: Proxies whose traps throw,
// getters that throw, strings with lone surrogates. None of them throws.

// A control character (C0 or DEL), or a UTF-16 surrogate without its partner.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_CLEAN = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Whether `text` is well-formed UTF-16 without control characters: what PostgreSQL's text and
 * JSON columns store as given (NUL and lone surrogates are refused there) and what a label can
 * show.
 */
export function isCleanText(text: string): boolean {
  return !NOT_CLEAN.test(text);
}

/** What a caller's value threw while being read, in a few words, for an error message. */
export function describeThrown(error: unknown): string {
  try {
    const message = error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
    if (typeof message === 'string' && message.length > 0) return message.length > 200 ? `${message.slice(0, 200)}…` : message;
  } catch {
    // A thrown Proxy, or an error whose message is a getter that throws: say no more.
  }
  return 'it threw';
}

/**
 * Whether `value` is a plain object: `{…}` or `Object.create(null)`, from this realm or another
 * (a vm context, an iframe). Arrays, Dates, Maps, typed arrays and class instances are not.
 * A Proxy counts by its target's prototype; one that throws is not plain.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  try {
    return !Array.isArray(value) && isPlainPrototype(Object.getPrototypeOf(value));
  } catch {
    return false;
  }
}

/** Whether an object with this prototype is plain: `null`, or some realm's `Object.prototype`. */
export function isPlainPrototype(prototype: unknown): boolean {
  return prototype === null || (typeof prototype === 'object' && Object.getPrototypeOf(prototype) === null);
}

/** The name of a value's kind for a message: `'Uint8Array'`, `'null'`, `'string'`. Never throws. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  try {
    if (Array.isArray(value)) return 'array';
    const name: unknown = Object.prototype.toString.call(value).slice(8, -1);
    return typeof name === 'string' && name !== '' ? name : 'object';
  } catch {
    return 'object';
  }
}

/** Problems joined for an error message, at most `max` of them: the error's `issues` hold them all. */
export function joinProblems(messages: readonly string[], max = 20): string {
  const shown = messages.slice(0, max).join('; ');
  return messages.length > max ? `${shown}; … and ${messages.length - max} more` : shown;
}

/**
 * Epoch milliseconds of a Date from any realm (`NaN` for an invalid Date), or `undefined` for
 * anything that is not one: a Proxy of a Date, a forged `Symbol.toStringTag`, a subclass whose
 * `getTime` throws. Never throws.
 */
export function dateMsOf(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    return Date.prototype.getTime.call(value);
  } catch {
    return undefined;
  }
}
