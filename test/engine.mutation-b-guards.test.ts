/**
 * What the engine does with answers a store of one's own should not give (README › Errors:
 * `STORE_UNAVAILABLE` naming the operation and whether a write may have been applied), and the
 * input limits' early stop (README › Input limits): once a value is too deep, or 20 issues are
 * found, nothing after it is read, however deep in the value that happens. Written against the
 * mutants that survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { LinkedEnforcementError } from 'linked-enforcement';
import { guardStore } from '../src/engine/_lib/guardStore.js';
import { inputLimitIssues } from '../src/engine/_lib/inputLimits.js';
import { caseRows, statsAnswer } from '../src/engine/_lib/storeAnswers.js';
import type { CaseStore } from '../src/engine/types.js';

/** A store named `odd` whose methods answer what is given. */
const answering = (answers: Record<string, unknown>) => {
  const store: Record<string, unknown> = { name: 'odd' };
  for (const [method, answer] of Object.entries(answers)) store[method] = async () => answer;
  return guardStore(store as unknown as CaseStore);
};
const failureOf = (run: () => Promise<unknown>) => run().then(
  () => {
    throw new Error('expected a failure');
  },
  (error: unknown) => error,
);

describe('guardStore: answers CaseStore does not allow', () => {
  it.each([
    ['text', 'case-1', 'string'],
    ['null', null, 'null'],
    ['a number', 7, 'number'],
  ])('load answering %s is STORE_UNAVAILABLE, nothing applied', async (_name, answer, kind) => {
    const error = await failureOf(() => answering({ load: answer }).load('case-1'));
    expect(error).toBeInstanceOf(LinkedEnforcementError);
    expect(error).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: `The odd store answered load() with what CaseStore does not allow: not a stored case or undefined but ${kind}`,
      context: { store: 'odd', operation: 'load', retryable: false, outcome: 'not-applied', reason: `not a stored case or undefined but ${kind}` },
    });
  });

  it('names the operation of a malformed list of case ids, and says a claim may have been applied', async () => {
    const store = answering({ claimDue: 'case-1', caseIds: [''], unindexedCases: [7], statsBacklog: null, stats: async () => [], backfillStats: async () => undefined });
    expect(await failureOf(() => store.claimDue({} as never))).toMatchObject({ code: 'STORE_UNAVAILABLE', context: { operation: 'claimDue', outcome: 'unknown', reason: 'not an array but string' } });
    expect(await failureOf(() => store.caseIds({} as never))).toMatchObject({
      message: 'The odd store answered caseIds() with what CaseStore does not allow: item 0 is not a case id',
      context: { operation: 'caseIds', outcome: 'not-applied' },
    });
    expect(await failureOf(() => store.unindexedCases!(10))).toMatchObject({
      message: 'The odd store answered unindexedCases() with what CaseStore does not allow: item 0 is not a case id',
      context: { operation: 'unindexedCases', outcome: 'not-applied' },
    });
  });
});

describe('rows and statistics CaseStore does not allow', () => {
  const odd = { name: 'odd' };
  const reasonOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', context: { store: 'odd' } });
      return (error as LinkedEnforcementError).context.reason;
    }
    throw new Error('expected a refusal');
  };
  const row = (extra: Record<string, unknown>) => ({ caseId: 'c1', envelope: {}, openedAt: '2026-09-01T09:00:00+08:00', ...extra });

  it('a row whose log is no list, or whose sort key is missing where it may not be', () => {
    expect(reasonOf(() => caseRows(odd, 'list', [row({ entries: 'lost' })], [{ name: 'openedAt' }]))).toBe('row 0 (case c1): entries is not an array');
    expect(reasonOf(() => caseRows(odd, 'list', [row({}), 5], [{ name: 'openedAt' }]))).toBe('row 1 is not an object');
    expect(reasonOf(() => caseRows(odd, 'list', null, [{ name: 'openedAt' }]))).toBe('not an array but null');
    expect(reasonOf(() => caseRows(odd, 'list', {}, [{ name: 'openedAt' }]))).toBe('not an array but object');
    expect(reasonOf(() => caseRows(odd, 'list', [row({ openedAt: null })], [{ name: 'openedAt' }]))).toBe('row 0 (case c1): openedAt is not an instant');
    expect(reasonOf(() => caseRows(odd, 'list', [row({ openedAt: 5 })], [{ name: 'openedAt' }]))).toBe('row 0 (case c1): openedAt is not an instant');
    expect(caseRows(odd, 'inbox', [row({ dueAt: null, waitingSince: '2026-09-01T09:00:00+08:00' })], [{ name: 'dueAt', nullable: true }, { name: 'waitingSince' }])).toEqual([
      { caseId: 'c1', envelope: {}, dueAt: null, waitingSince: '2026-09-01T09:00:00+08:00' },
    ]);
  });

  it('a row that throws when read, with what it threw as the cause', () => {
    const cause = new Error('cursor closed');
    const throwing = Object.defineProperty({}, 'caseId', {
      get: () => {
        throw cause;
      },
    });
    try {
      caseRows(odd, 'done', [throwing], [{ name: 'lastActedAt' }]);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', context: { operation: 'done', reason: 'it threw when read: cursor closed' }, cause });
    }
  });

  const counts = Object.fromEntries(['opened', 'archived', 'rejected', 'notApproved', 'withdrawn', 'declined', 'resultsOnTime', 'resultsLate', 'resultsOverdue', 'stepsOnTime', 'stepsLate', 'stepsOverdue', 'urges'].map((name) => [name, 0]));
  const group = (extra: Record<string, unknown>) => ({ key: 'justice', ...counts, archiveDays: { sum: 0, count: 0 }, steps: {}, ...extra });

  it('statistics groups with a key that is no text, integer or null, or a sum that is no number', () => {
    expect(statsAnswer(odd, [group({ key: null }), group({ key: 7 }), group({ key: 'justice' })]).map((totals) => totals.key)).toEqual([null, 7, 'justice']);
    expect(reasonOf(() => statsAnswer(odd, [group({ key: 1.5 })]))).toBe('group 0: key is not a string, an integer or null');
    expect(reasonOf(() => statsAnswer(odd, [group({ key: { unit: 'justice' } })]))).toBe('group 0: key is not a string, an integer or null');
    expect(reasonOf(() => statsAnswer(odd, [group({ archiveDays: { sum: Number.NaN, count: 1 } })]))).toBe('group 0: archiveDays is not { sum, count }');
    expect(reasonOf(() => statsAnswer(odd, [group({ steps: { legalReview: { sum: 'x', count: 1 } } })]))).toBe('group 0: steps.legalReview is not { sum, count }');
    expect(statsAnswer(odd, [group({ opened: 0, archived: 3 })])[0]).toMatchObject({ opened: 0, archived: 3 });
    expect(reasonOf(() => statsAnswer(odd, [group({ urges: -1 })]))).toBe('group 0: urges is not a count');
    expect(reasonOf(() => statsAnswer(odd, [group({ urges: 1.5 })]))).toBe('group 0: urges is not a count');
  });
});

describe('inputLimitIssues stops reading', () => {
  const nested = (levels: number): unknown => {
    let value: unknown = 'leaf';
    for (let level = 0; level < levels; level++) value = [value];
    return value;
  };

  it('at the first value too deep, in a list or an object, at any depth', () => {
    const tooDeep = { code: 'too_big', message: 'must not nest deeper than 16 levels' };
    expect(inputLimitIssues([nested(16), nested(16)], 'event')).toEqual([{ ...tooDeep, path: ['event', 0, ...Array.from({ length: 15 }, () => 0)] }]);
    expect(inputLimitIssues({ plan: { a: nested(15), b: nested(15) }, other: nested(16) }, 'event')).toEqual([{ ...tooDeep, path: ['event', 'plan', 'a', ...Array.from({ length: 14 }, () => 0)] }]);
  });

  it('at 20 issues, however deep they lie', () => {
    const bad = Array.from({ length: 15 }, () => 'a\ud800');
    expect(inputLimitIssues({ first: { list: bad }, second: { list: bad } }, 'event')).toHaveLength(20);
    expect(inputLimitIssues([[bad], [bad]], 'event')).toHaveLength(20);
  });
});
