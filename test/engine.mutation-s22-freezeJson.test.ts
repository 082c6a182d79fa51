/**
 * freezeJson (what the memory store keeps, as a database would hand it back): nesting is limited
 * in arrays as in objects — 513 levels are held, one more (or an array holding itself) refused —
 * and `null` passes as JSON. Written against the mutants that survived in
 * src/engine/_lib/freezeJson.ts; the module is internal (the stores call it on every write).
 */
import { describe, expect, it } from 'vitest';
import { freezeJson } from '../src/engine/_lib/freezeJson.js';

/** `levels` arrays, each holding the next. */
const nestedArrays = (levels: number): unknown[] => {
  const root: unknown[] = [];
  let inner = root;
  for (let level = 1; level < levels; level++) inner.push((inner = []));
  return root;
};

describe('freezeJson: arrays', () => {
  it('holds 513 levels of arrays and refuses one more, an array holding itself too', () => {
    expect(Object.isFrozen(freezeJson(nestedArrays(513)))).toBe(true);
    expect(() => freezeJson(nestedArrays(514))).toThrow(new TypeError('a stored value must be JSON: it nests too deep (a cycle?)'));
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(() => freezeJson(cycle)).toThrow(new TypeError('a stored value must be JSON: it nests too deep (a cycle?)'));
  });

  it('takes null as JSON, in arrays and objects', () => {
    expect(freezeJson([null, { none: null }])).toEqual([null, { none: null }]);
    expect(freezeJson(null)).toBeNull();
  });
});
