/**
 * `freezeJson` and `deepFreeze`, what the memory store and the engine's copies rest on: plain JSON,
 * deep-frozen children first, `undefined` dropped (or `null` in arrays), anything else refused by
 * name, frozen subtrees taken as checked. Written against the mutants that survived the older
 * suites.
 */
import { describe, expect, it } from 'vitest';
import { deepFreeze, freezeJson } from '../src/engine/_lib/freezeJson.js';

const isDeepFrozen = (value: unknown): boolean => typeof value !== 'object' || value === null || (Object.isFrozen(value) && Object.values(value).every(isDeepFrozen));
const nested = (depth: number): unknown => {
  let value: unknown = {};
  for (let level = 1; level < depth; level++) value = { x: value };
  return value;
};

describe('freezeJson', () => {
  it('deep-freezes plain JSON in place, dropping undefined properties and writing undefined items as null', () => {
    const value: Record<string, unknown> = { a: [1, undefined, { b: undefined, c: 'x' }], d: true, e: null, f: undefined, g: Object.create(null) as object };
    expect(freezeJson(value)).toBe(value);
    expect(value).toStrictEqual({ a: [1, null, { c: 'x' }], d: true, e: null, g: Object.create(null) as object });
    expect(isDeepFrozen(value)).toBe(true);
  });

  it('refuses, by name, what JSON cannot hold', () => {
    const refusal = (text: string) => new TypeError(`a stored value must be JSON: ${text}`);
    expect(() => freezeJson({ n: Number.NaN })).toThrow(refusal('NaN is not'));
    expect(() => freezeJson([Number.NEGATIVE_INFINITY])).toThrow(refusal('-Infinity is not'));
    expect(() => freezeJson({ n: 1n })).toThrow(refusal('a bigint is not'));
    expect(() => freezeJson({ f: () => 1 })).toThrow(refusal('a function is not'));
    expect(() => freezeJson([Symbol('s')])).toThrow(refusal('a symbol is not'));
    expect(() => freezeJson({ at: new Date(0) })).toThrow(refusal('a Date instance is not'));
    expect(() => freezeJson(new Map())).toThrow(refusal('a Map instance is not'));
    class Unnamed {}
    Object.defineProperty(Unnamed.prototype, 'constructor', { value: undefined });
    expect(() => freezeJson([new Unnamed()])).toThrow(refusal('a class instance is not'));
  });

  it('holds 513 levels (depth 512) and refuses one more, a cycle too', () => {
    expect(isDeepFrozen(freezeJson(nested(513)))).toBe(true);
    expect(() => freezeJson(nested(514))).toThrow(new TypeError('a stored value must be JSON: it nests too deep (a cycle?)'));
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => freezeJson(cycle)).toThrow(/nests too deep/u);
  });

  it('takes a frozen subtree as checked, as it is', () => {
    const shared = Object.freeze({ when: new Date(0) });
    expect(() => freezeJson({ shared })).not.toThrow();
  });
});

describe('deepFreeze', () => {
  it('freezes objects and arrays in place, children first, and leaves primitives and frozen subtrees', () => {
    const value = { list: [{ a: 1 }, [2]], text: 'x' };
    expect(deepFreeze(value)).toBe(value);
    expect(isDeepFrozen(value)).toBe(true);
    const inner = { a: 1 };
    const frozenOuter = Object.freeze({ inner });
    deepFreeze(frozenOuter);
    expect(Object.isFrozen(inner)).toBe(false);
    expect(deepFreeze(5)).toBe(5);
    expect(deepFreeze(null)).toBeNull();
  });
});
