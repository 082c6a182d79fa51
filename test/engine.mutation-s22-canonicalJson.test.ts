/**
 * frozenCanonicalJson (the one walk that freezes what the engine writes and gives its canonical
 * JSON): nesting is limited in objects as in arrays — 513 levels are held, one more (or an object
 * holding itself) refused with a TypeError, never a stack overflow. Written against the mutants
 * that survived in src/engine/_lib/canonicalJson.ts; the module is internal (the engine calls it
 * on every write).
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, frozenCanonicalJson } from '../src/engine/_lib/canonicalJson.js';

/** `levels` objects, each holding the next under `next`. */
const nestedObjects = (levels: number): Record<string, unknown> => {
  const root: Record<string, unknown> = {};
  let inner = root;
  for (let level = 1; level < levels; level++) inner.next = inner = {};
  return root;
};

describe('frozenCanonicalJson: nesting', () => {
  it('holds 513 levels of objects, frozen, with the same text as canonicalJson', () => {
    const value = nestedObjects(513);
    const text = frozenCanonicalJson(value);
    expect(Object.isFrozen(value)).toBe(true);
    expect(text).toBe(canonicalJson(nestedObjects(513)));
  });

  it('refuses 514 levels of objects with a TypeError', () => {
    expect(() => frozenCanonicalJson(nestedObjects(514))).toThrow(TypeError);
    expect(() => frozenCanonicalJson(nestedObjects(514))).toThrow(/nests too deep/);
  });

  it('refuses an object holding itself with a TypeError, not a stack overflow', () => {
    const cycle: Record<string, unknown> = { name: 'case' };
    cycle.self = cycle;
    expect(() => frozenCanonicalJson(cycle)).toThrow(/nests too deep/);
  });
});

describe('canonicalJson and frozenCanonicalJson: keys', () => {
  it('writes a key named "undefined" once, and keys in code-unit order', () => {
    const value = { undefined: 1, b: 2, a: { z: null, y: [1, { d: true, c: 'x' }] } };
    const expected = '{"a":{"y":[1,{"c":"x","d":true}],"z":null},"b":2,"undefined":1}';
    expect(canonicalJson(value)).toBe(expected);
    expect(frozenCanonicalJson(value)).toBe(expected);
  });

  it('writes null values and quotes the same key alike on every call', () => {
    for (let round = 0; round < 2; round++) expect(frozenCanonicalJson({ 'a"b': null, '\u0001': [null] })).toBe('{"\\u0001":[null],"a\\"b":null}');
  });
});
