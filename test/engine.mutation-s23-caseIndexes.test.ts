/**
 * The memory store's `list` indexes (`CaseIndexes`) when a write moves a case to another opening
 * time — what only a store written by hand does (the engine never changes `openedAt`) — and when
 * the case has no item: every index then holds the case once, under its new key, whichever index
 * a page walks (the smallest of its filters'). Written against the s23 run's survivors of the
 * write path.
 */
import { describe, expect, it } from 'vitest';
import { CaseIndexes } from '../src/engine/_lib/memory/CaseIndexes.js';
import type { CaseSummary, StoreQuery } from '../src/engine/types.js';
import { bj } from './_lib/cases.js';
import { indexedSummary } from './_lib/engine.js';

const query = (extra: Partial<StoreQuery> = {}): StoreQuery => ({ now: bj('2026-10-01 09:00'), limit: 10, ...extra });
const UNITS = ['market-regulation', 'fire-rescue'];

/**
 * Indexes holding `early` (opened 1 September), `late` (3 September) and `moving` (2 September,
 * with `extra`), then `moving` reopened on 4 September; beside them two cases of the same units in
 * another state and two of another unit in the same state, so that a unit and state inbox is the
 * smallest index of its filters.
 */
function movedAfterLate(extra: Partial<CaseSummary>) {
  const indexes = new CaseIndexes();
  const summaries = new Map<string, CaseSummary>();
  const write = (next: CaseSummary) => {
    indexes.update(summaries.get(next.caseId), next);
    summaries.set(next.caseId, next);
  };
  for (const [index, caseId] of ['x-1', 'x-2'].entries()) write(indexedSummary(caseId, bj(`2026-08-0${index + 1} 09:00`), { units: UNITS, state: 'legalReview', stage: 'legalReview' }));
  for (const [index, caseId] of ['y-1', 'y-2'].entries()) write(indexedSummary(caseId, bj(`2026-08-0${index + 3} 09:00`), { units: ['justice'] }));
  write(indexedSummary('early', bj('2026-09-01 09:00'), { units: UNITS }));
  write(indexedSummary('moving', bj('2026-09-02 09:00'), { units: UNITS, ...extra }));
  write(indexedSummary('late', bj('2026-09-03 09:00'), { units: UNITS }));
  write({ ...summaries.get('moving')!, version: 2, openedAt: bj('2026-09-04 09:00') });
  return (filters: Partial<StoreQuery> = {}) => indexes.list(query(filters), (caseId) => summaries.get(caseId)!);
}

describe('CaseIndexes: a case written again under another opening time', () => {
  it('is listed once, at its new place, by every filter and every inbox', () => {
    const list = movedAfterLate({});
    expect(list()).toEqual(['moving', 'late', 'early', 'y-2', 'y-1', 'x-2', 'x-1']);
    expect(list({ unit: 'fire-rescue' })).toEqual(['moving', 'late', 'early', 'x-2', 'x-1']);
    expect(list({ unit: 'market-regulation' })).toEqual(['moving', 'late', 'early', 'x-2', 'x-1']);
    for (const filters of [{ state: 'preliminaryReview' }, { stage: 'preliminaryReview' }]) expect(list(filters)).toEqual(['moving', 'late', 'early', 'y-2', 'y-1']);
    for (const filters of [{ origin: 'application' as const }, { itemNo: 1 }]) expect(list(filters)).toEqual(['moving', 'late', 'early', 'y-2', 'y-1', 'x-2', 'x-1']);
    expect(list({ unit: 'fire-rescue', state: 'preliminaryReview' })).toEqual(['moving', 'late', 'early']);
    expect(list({ unit: 'fire-rescue', stage: 'preliminaryReview' })).toEqual(['moving', 'late', 'early']);
  });

  it('is listed once when it has no item, and never under another item', () => {
    const list = movedAfterLate({ itemNo: null });
    expect(list({ unit: 'fire-rescue', state: 'preliminaryReview' })).toEqual(['moving', 'late', 'early']);
    expect(list({ itemNo: 1 })).toEqual(['late', 'early', 'y-2', 'y-1', 'x-2', 'x-1']);
  });

  it('is listed once when overdue', () => {
    const list = movedAfterLate({ hasOverdue: true });
    expect(list({ overdue: true })).toEqual(['moving']);
    expect(list({ overdue: false, unit: 'fire-rescue', state: 'preliminaryReview' })).toEqual(['late', 'early']);
  });
});
