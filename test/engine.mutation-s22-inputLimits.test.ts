/**
 * The size and text checks run on every event and opening input before any schema (README ›
 * Limits): null, numbers and booleans pass and do not end the walk — an identifier after
 * them is still checked. Written against the mutants that survived in
 * src/engine/_lib/inputLimits.ts (session 22); the function is internal (prepareEvent calls it).
 */
import { describe, expect, it } from 'vitest';
import { inputLimitIssues } from '../src/engine/_lib/inputLimits.js';

describe('inputLimitIssues: values that are not text nor containers', () => {
  it('passes null, numbers and booleans, in objects and in arrays', () => {
    expect(inputLimitIssues({ dueAt: null, count: 3, urgent: false, items: [null, 1, true] }, 'event')).toEqual([]);
    expect(inputLimitIssues(null, 'event')).toEqual([]);
  });

  it('goes on past them: an identifier with a control character after a number, a boolean and a null is reported', () => {
    const issues = inputLimitIssues({ a: 1, b: true, c: null, caseId: 'case\u00001' }, 'event');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'custom', path: ['event', 'caseId'], message: 'must not hold control characters (NUL, line breaks…)' });
    expect(inputLimitIssues({ cooperating: [null, 'unit\n'] }, 'event')).toMatchObject([{ path: ['event', 'cooperating', 1] }]);
  });
});
