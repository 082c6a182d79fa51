/**
 * The memory store's `list` indexes (`CaseIndexes`) on summaries written by hand: the overdue
 * filter's merge of the cases marked overdue with those past due and not yet checked, a case in
 * both counted once; and a case that leaves a unit leaving that unit's indexes. Written against
 * the mutants the older suites did not reach.
 */
import { describe, expect, it } from 'vitest';
import { CaseIndexes } from '../src/engine/_lib/memory/CaseIndexes.js';
import type { CaseSummary, StoreQuery } from '../src/engine/types.js';
import { bj } from './_lib/cases.js';

const summary = (caseId: string, openedAt: string, extra: Partial<CaseSummary> = {}): CaseSummary => ({
  caseId,
  version: 1,
  state: 'preliminaryReview',
  stage: 'preliminaryReview',
  status: 'active',
  units: ['market-regulation'],
  nextDueAt: null,
  hasOverdue: false,
  origin: 'application',
  itemNo: 1,
  openedAt: bj(openedAt),
  updatedAt: bj(openedAt),
  ...extra,
});

const query = (extra: Partial<StoreQuery> = {}): StoreQuery => ({ now: bj('2026-10-01 09:00'), limit: 10, ...extra });

describe('CaseIndexes.list', () => {
  it('overdue: a case marked overdue and past due since comes once, in opening order with the others', () => {
    const indexes = new CaseIndexes();
    const cases = [
      summary('marked', '2026-09-01 09:00', { hasOverdue: true }),
      summary('both', '2026-09-02 09:00', { hasOverdue: true, nextDueAt: bj('2026-09-20 18:00') }),
      summary('past', '2026-09-03 09:00', { nextDueAt: bj('2026-09-25 18:00') }),
      summary('both-2', '2026-09-04 09:00', { hasOverdue: true, nextDueAt: bj('2026-09-21 18:00') }),
      summary('later', '2026-09-05 09:00', { nextDueAt: bj('2026-10-20 18:00') }),
    ];
    for (const next of cases) indexes.update(undefined, next);
    const byId = new Map(cases.map((next) => [next.caseId, next]));
    const list = (extra: Partial<StoreQuery>) => indexes.list(query(extra), (caseId) => byId.get(caseId)!);
    expect(list({ overdue: true })).toEqual(['both-2', 'past', 'both', 'marked']);
    expect(list({ overdue: true, limit: 2 })).toEqual(['both-2', 'past']);
    expect(list({ overdue: true, after: { openedAt: bj('2026-09-04 09:00'), caseId: 'both-2' } })).toEqual(['past', 'both', 'marked']);
    expect(list({ overdue: false })).toEqual(['later']);
  });

  it('a case that leaves a unit is no longer listed under it, nor under its inbox keys', () => {
    const indexes = new CaseIndexes();
    const before = summary('a', '2026-09-01 09:00', { units: ['market-regulation', 'fire-rescue', 'public-security'] });
    const after = { ...before, version: 2, units: ['market-regulation', 'public-security'] };
    indexes.update(undefined, before);
    indexes.update(before, after);
    const list = (extra: Partial<StoreQuery>) => indexes.list(query(extra), () => after);
    expect(list({ unit: 'fire-rescue' })).toEqual([]);
    expect(list({ unit: 'fire-rescue', state: 'preliminaryReview' })).toEqual([]);
    expect(list({ unit: 'fire-rescue', stage: 'preliminaryReview' })).toEqual([]);
    expect(list({ unit: 'public-security' })).toEqual(['a']);
    expect(list({ unit: 'public-security', state: 'preliminaryReview' })).toEqual(['a']);
  });
});
