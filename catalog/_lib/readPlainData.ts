import type { ErrorIssue } from '../../src/errors.js';
import { describeThrown, isPlainPrototype, kindOf } from '../../src/_lib/untrusted.js';
import { catalogLimits } from './limits.js';

/** A copy of the caller's data made of plain values only, and what could not be copied. */
export interface PlainData {
  readonly data: unknown;
  /** Where the copy left something out, and why; the schema's issues below these paths repeat them. */
  readonly issues: readonly ErrorIssue[];
}

/**
 * Copies a catalog definition into plain objects, arrays, strings, numbers and booleans before
 * zod sees it, reading each value once. zod alone lets a throwing getter or Proxy trap through,
 * throws a TypeError on a typed array where it wants an array, and takes seconds over a list of a
 * million entries. Here each of those becomes an issue at its path: an unreadable value, a value
 * that is not plain data (a Date, a Map, a Uint8Array, a function), a list (or an object's keys)
 * longer than {@link catalogLimits}.list, nesting deeper than `depth`, more than `values` values
 * in all. Own
 * keys named `__proto__` are copied as plain keys, never as a prototype.
 */
export function readPlainData(value: unknown): PlainData {
  const issues: ErrorIssue[] = [];
  let values = 0;
  const issue = (code: string, path: readonly PropertyKey[], message: string): undefined => {
    issues.push({ code, path, message });
    return undefined;
  };

  /** `container[key]`, copied; a getter or Proxy trap that throws is an issue at that key. */
  function copyAt(container: Record<PropertyKey, unknown>, key: PropertyKey, path: readonly PropertyKey[]): unknown {
    const at = [...path, key];
    let value: unknown;
    try {
      value = container[key];
    } catch (error) {
      return issue('unreadable', at, `could not be read (${describeThrown(error)})`);
    }
    return copy(value, at);
  }

  function copy(current: unknown, path: readonly PropertyKey[]): unknown {
    values += 1;
    if (values > catalogLimits.values) {
      // Reported once, at the root: the copy stops there.
      if (values === catalogLimits.values + 1) issue('too_big', [], `has more than ${catalogLimits.values} values`);
      return undefined;
    }
    if (current === null || typeof current === 'string' || typeof current === 'number' || typeof current === 'boolean') return current;
    if (current === undefined) return undefined;
    if (path.length >= catalogLimits.depth) return issue('too_deep', path, `is nested more than ${catalogLimits.depth} levels deep`);
    let keys: readonly PropertyKey[];
    let isList: boolean;
    try {
      isList = Array.isArray(current);
      if (isList) {
        const { length } = current as unknown[];
        if (length > catalogLimits.list) return issue('too_big', path, `has ${length} entries; at most ${catalogLimits.list} are allowed`);
        keys = Array.from({ length }, (_, index) => index);
      } else if (isPlainPrototype(Object.getPrototypeOf(current))) {
        keys = Object.keys(current);
        if (keys.length > catalogLimits.list) return issue('too_big', path, `has ${keys.length} keys; at most ${catalogLimits.list} are allowed`);
      } else {
        return issue('invalid_type', path, `expected plain data (an object, array, string, number or boolean), got ${kindOf(current)}`);
      }
    } catch (error) {
      return issue('unreadable', path, `could not be read (${describeThrown(error)})`);
    }
    const container = current as Record<PropertyKey, unknown>;
    if (isList) return keys.map((key) => copyAt(container, key, path));
    const result: Record<string, unknown> = {};
    for (const key of keys) {
      // defineProperty, so that an own key "__proto__" stays a key.
      // Stryker disable next-line BooleanLiteral: the copy is only read, by named keys (zod's schema and the cross-reference check), and then dropped
      Object.defineProperty(result, key, { value: copyAt(container, key, path), enumerable: true, writable: true, configurable: true });
    }
    return result;
  }

  const data = copy(value, []);
  return { data, issues };
}

/** Whether `path` lies at or under one of `prefixes` (a shorter path fails at its first missing key: keys are never undefined). */
export function isUnder(path: readonly PropertyKey[], prefixes: readonly (readonly PropertyKey[])[]): boolean {
  return prefixes.some((prefix) => prefix.every((key, index) => path[index] === key));
}
