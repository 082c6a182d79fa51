/**
 * The input limits (README › Input limits) to the letter: identifiers up to 200 characters of
 * well-formed text without control characters, texts up to 20 000 characters and 200 000 in all,
 * nesting up to 16 levels, 10 000 values, at most 20 issues, and an unreadable value named where
 * it was met. Written against the mutants that survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { identifierProblem, identifierSchema, inputLimitIssues, isWellFormed } from '../src/engine/_lib/inputLimits.js';

describe('identifiers', () => {
  it('take 1–200 characters of well-formed text without control characters', () => {
    expect(identifierProblem('x'.repeat(200))).toBeUndefined();
    expect(identifierProblem('x'.repeat(201))).toBe('must be at most 200 characters (it has 201)');
    expect(identifierProblem('a\ud800')).toBe('must be well-formed text (it holds a lone UTF-16 surrogate)');
    expect(identifierProblem('\udc00a')).toBe('must be well-formed text (it holds a lone UTF-16 surrogate)');
    expect(identifierProblem('😀')).toBeUndefined();
    for (const control of ['\u0000', '\n', '\u001f', '\u007f']) expect(identifierProblem(`a${control}`)).toBe('must not hold control characters (NUL, line breaks…)');
    expect(identifierProblem('a\u0080 \u00a0')).toBeUndefined();
    expect(identifierSchema.safeParse('').success).toBe(false);
    expect(identifierSchema.safeParse('a\n').error?.issues[0]).toMatchObject({ code: 'custom', message: 'must not hold control characters (NUL, line breaks…)' });
  });

  it('are well formed the same way with or without String.prototype.isWellFormed', () => {
    const texts = ['', 'a', '😀', '\ud800', '\udc00', 'a\ud83d', '\ude00b', '\ud83d\ude00\ud83d'];
    const withNative = texts.map(isWellFormed);
    const native = Object.getOwnPropertyDescriptor(String.prototype, 'isWellFormed');
    try {
      if (native !== undefined) delete (String.prototype as { isWellFormed?: unknown }).isWellFormed;
      expect(texts.map(isWellFormed)).toEqual(withNative);
    } finally {
      if (native !== undefined) Object.defineProperty(String.prototype, 'isWellFormed', native);
    }
    expect(withNative).toEqual([true, true, true, false, false, false, false, false]);
  });
});

describe('inputLimitIssues', () => {
  it('names each text too long or ill-formed where it is, an identifier by its key, to the letter', () => {
    expect(inputLimitIssues({ opinion: 'x'.repeat(20_000), list: [{ unit: 'y'.repeat(201) }], note: 'a\ud800', by: { name: 'a\nb' } }, 'event')).toEqual([
      { code: 'too_big', path: ['event', 'list', 0, 'unit'], message: 'must be at most 200 characters (it has 201)' },
      { code: 'custom', path: ['event', 'note'], message: 'must be well-formed text (it holds a lone UTF-16 surrogate)' },
      { code: 'custom', path: ['event', 'by', 'name'], message: 'must not hold control characters (NUL, line breaks…)' },
    ]);
    expect(inputLimitIssues({ opinion: 'x'.repeat(20_001) }, 'event')).toEqual([{ code: 'too_big', path: ['event', 'opinion'], message: 'must be at most 20000 characters (it has 20001)' }]);
    expect(inputLimitIssues({ cooperating: ['ok', 'bad\u0000'] }, 'input')).toEqual([{ code: 'custom', path: ['input', 'cooperating', 1], message: 'must not hold control characters (NUL, line breaks…)' }]);
  });

  it('stops at 20 issues', () => {
    expect(inputLimitIssues(Array.from({ length: 30 }, () => 'a\ud800'), 'event')).toHaveLength(20);
  });

  it('takes 200 000 characters of text in all, and names the total when there is no other issue', () => {
    const texts = (total: number) => Array.from({ length: total / 20_000 }, () => 'x'.repeat(20_000));
    expect(inputLimitIssues(texts(200_000), 'event')).toEqual([]);
    expect(inputLimitIssues([...texts(200_000), 'x'], 'event')).toEqual([{ code: 'too_big', path: ['event'], message: 'must hold at most 200000 characters of text in all (it has 200001)' }]);
    expect(inputLimitIssues([...texts(200_000), 'x', 'a\ud800'], 'event')).toHaveLength(1);
  });

  it('takes 16 levels of nesting and 10 000 values, no more', () => {
    const nested = (levels: number) => {
      let value: unknown = 'leaf';
      for (let level = 0; level < levels; level++) value = [value];
      return value;
    };
    expect(inputLimitIssues(nested(16), 'event')).toEqual([]);
    expect(inputLimitIssues(nested(17), 'event')).toEqual([{ code: 'too_big', path: ['event', ...Array.from({ length: 16 }, () => 0)], message: 'must not nest deeper than 16 levels' }]);
    expect(inputLimitIssues(Array.from({ length: 10_000 }, () => 1), 'event')).toEqual([]);
    expect(inputLimitIssues(Array.from({ length: 10_001 }, () => 1), 'event')).toEqual([{ code: 'too_big', path: ['event'], message: 'must have at most 10000 values in all' }]);
    expect(inputLimitIssues({ a: Array.from({ length: 9_999 }, () => 1), b: [1] }, 'event')).toEqual([{ code: 'too_big', path: ['event'], message: 'must have at most 10000 values in all' }]);
  });

  it('names a value that throws when read where it was met', () => {
    const trap = new Proxy({}, { ownKeys: () => { throw new Error('trap'); } });
    expect(inputLimitIssues({ plan: { division: trap } }, 'event')).toEqual([{ code: 'unreadable', path: ['event', 'plan', 'division'], message: 'could not be read (trap)' }]);
  });
});
