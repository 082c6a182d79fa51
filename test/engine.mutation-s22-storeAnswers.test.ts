/**
 * What the engine takes from a store of one's own (README › Errors: an answer `CaseStore` does not
 * allow is `STORE_UNAVAILABLE` naming the operation, the reason, and whether a write may have
 * been applied): rows without a case id, sort keys that are no instants, case ids that are no
 * text, statistics that are not what `stats` returns. Written against the mutants of
 * src/engine/_lib/storeAnswers.ts that survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { LinkedEnforcementError } from 'linked-enforcement';
import { caseIdsAnswer, caseRows, statsAnswer } from '../src/engine/_lib/storeAnswers.js';

const odd = { name: 'odd' };
/** The error a call throws, which must be the store's STORE_UNAVAILABLE. */
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LinkedEnforcementError);
    return error as LinkedEnforcementError;
  }
  throw new Error('expected a refusal');
};
const openedAt = '2026-09-01T09:00:00+08:00';

describe('rows of list, inbox and done', () => {
  it.each([
    ['no case id', {}],
    ['an empty case id', { caseId: '' }],
    ['a case id that is a list', { caseId: ['c1'] }],
    ['a case id that is a number', { caseId: 7 }],
  ])('a row with %s fails the call, naming the row', (_what, fields) => {
    const error = refusal(() => caseRows(odd, 'list', [{ caseId: 'c1', envelope: {}, openedAt }, { envelope: {}, openedAt, ...fields }], [{ name: 'openedAt' }]));
    expect(error).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: 'The odd store answered list() with what CaseStore does not allow: row 1 has no case id',
      context: { store: 'odd', operation: 'list', retryable: false, outcome: 'not-applied', reason: 'row 1 has no case id' },
    });
  });

  it('copies a row without a log without one, and a row with a log with it', () => {
    const [without, withLog] = caseRows(odd, 'list', [{ caseId: 'c1', envelope: {}, openedAt, extra: 1 }, { caseId: 'c2', envelope: {}, entries: [], openedAt }], [{ name: 'openedAt' }]);
    expect(without).toStrictEqual({ caseId: 'c1', envelope: {}, openedAt });
    expect(withLog).toStrictEqual({ caseId: 'c2', envelope: {}, entries: [], openedAt });
  });

  it.each([5, 'soon', {}, undefined])('a sort key that may be null is still an instant or null, not %s', (dueAt) => {
    const error = refusal(() => caseRows(odd, 'inbox', [{ caseId: 'c1', envelope: {}, dueAt, waitingSince: openedAt }], [{ name: 'dueAt', nullable: true }, { name: 'waitingSince' }]));
    expect(error).toMatchObject({ context: { operation: 'inbox', reason: 'row 0 (case c1): dueAt is not an instant' } });
  });
});

describe('lists of case ids', () => {
  it.each([[['c1']], [{ length: 2 }], [7], [null]])('an item that is no text (%j) is no case id', (item) => {
    expect(refusal(() => caseIdsAnswer(odd, 'caseIds', ['c1', item]))).toMatchObject({ context: { operation: 'caseIds', outcome: 'not-applied', reason: 'item 1 is not a case id' } });
  });
});

describe('statistics groups', () => {
  const counts = Object.fromEntries(['opened', 'archived', 'rejected', 'notApproved', 'withdrawn', 'declined', 'resultsOnTime', 'resultsLate', 'resultsOverdue', 'stepsOnTime', 'stepsLate', 'stepsOverdue', 'urges'].map((name) => [name, 0]));
  const group = (extra: Record<string, unknown>) => ({ key: 'justice', ...counts, archiveDays: { sum: 0, count: 0 }, steps: {}, ...extra });

  it.each([null, 5, 'legalReview'])('steps that are no object (%j) fail the read, which applied nothing', (steps) => {
    expect(refusal(() => statsAnswer(odd, [group({}), group({ steps })]))).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: 'The odd store answered stats() with what CaseStore does not allow: group 1: steps is not an object',
      context: { store: 'odd', operation: 'stats', retryable: false, outcome: 'not-applied', reason: 'group 1: steps is not an object' },
    });
  });
});
