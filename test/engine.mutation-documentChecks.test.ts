/**
 * Which documents an event carries (`documentsOf`, read by the send path and by `verifyAudit`'s
 * re-hash of referenced files): `unit.report`'s `documents`, `results.upload`'s
 * `results.documents`, `plan.submit`'s `plan.documents`, with their paths, from any value without
 * throwing. Written against the mutants that survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { documentsOf } from '../src/engine/_lib/documentChecks.js';

describe('documentsOf', () => {
  it('finds each kind of event’s documents with their paths', () => {
    expect(documentsOf({ type: 'unit.report', documents: ['a', 'b'] })).toEqual([
      { path: ['documents', 0], ref: 'a' },
      { path: ['documents', 1], ref: 'b' },
    ]);
    expect(documentsOf({ type: 'results.upload', results: { documents: [{ name: 'r' }] } })).toEqual([{ path: ['results', 'documents', 0], ref: { name: 'r' } }]);
    expect(documentsOf({ type: 'plan.submit', plan: { documents: ['p'] } })).toEqual([{ path: ['plan', 'documents', 0], ref: 'p' }]);
  });

  it('finds none elsewhere, in another event, or where the shape is not a list', () => {
    expect(documentsOf({ type: 'review.pass', documents: ['a'] })).toEqual([]);
    expect(documentsOf({ type: 'results.upload', documents: ['a'] })).toEqual([]);
    expect(documentsOf({ type: 'results.upload', results: ['documents'] })).toEqual([]);
    expect(documentsOf({ type: 'results.upload', results: { documents: 'a' } })).toEqual([]);
    expect(documentsOf({ type: 'plan.submit', plan: null })).toEqual([]);
    expect(documentsOf(['unit.report'])).toEqual([]);
    expect(documentsOf(null)).toEqual([]);
    expect(documentsOf('unit.report')).toEqual([]);
  });
});
