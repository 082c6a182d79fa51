/**
 * `list`'s filters as every store must apply them (`matchesQuery`, which the engine also runs on
 * each restored case): each filter alone, `openedFrom` inclusive and `openedTo` exclusive to the
 * millisecond, and `overdue` judged at the query's `now`. Written against the mutants that
 * survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { isOverdue, matchesQuery } from '../src/engine/_lib/matchesQuery.js';
import type { CaseSummary } from '../src/engine/types.js';

const summary = {
  caseId: 'c1',
  version: 3,
  state: 'enforcing.planning',
  stage: 'enforcing',
  status: 'active',
  units: ['market-regulation', 'justice'],
  nextDueAt: '2026-09-10T23:59:59.999+08:00',
  hasOverdue: false,
  origin: 'application',
  itemNo: 1,
  openedAt: '2026-09-01T09:00:00+08:00',
  updatedAt: '2026-09-02T09:00:00+08:00',
} as unknown as CaseSummary;
const now = '2026-09-05T09:00:00+08:00';
const matches = (query: Record<string, unknown>, of: CaseSummary = summary) => matchesQuery(of, { now, ...query } as never);

describe('matchesQuery', () => {
  it('passes a case with no filters, and each filter the case meets', () => {
    expect(matches({})).toBe(true);
    expect(matches({ state: 'enforcing.planning', stage: 'enforcing', unit: 'justice', origin: 'application', itemNo: 1, overdue: false })).toBe(true);
  });

  it.each([
    ['state', { state: 'enforcing.executing' }],
    ['stage', { stage: 'legalReview' }],
    ['unit', { unit: 'public-security' }],
    ['origin', { origin: 'emergency' }],
    ['itemNo', { itemNo: 2 }],
    ['overdue', { overdue: true }],
  ])('holds back a case whose %s differs', (_filter, query) => {
    expect(matches(query)).toBe(false);
  });

  it('takes openedFrom inclusive and openedTo exclusive, as instants in any offset', () => {
    expect(matches({ openedFrom: '2026-09-01T01:00:00.000Z' })).toBe(true);
    expect(matches({ openedFrom: '2026-09-01T01:00:00.001Z' })).toBe(false);
    expect(matches({ openedTo: '2026-09-01T01:00:00.001Z' })).toBe(true);
    expect(matches({ openedTo: '2026-09-01T01:00:00.000Z' })).toBe(false);
  });
});

describe('isOverdue', () => {
  it('is a deadline marked overdue, or a pending one past due at now (not at it)', () => {
    const due = Date.parse('2026-09-10T23:59:59.999+08:00');
    expect(isOverdue({ hasOverdue: false, nextDueAt: '2026-09-10T23:59:59.999+08:00' }, due)).toBe(false);
    expect(isOverdue({ hasOverdue: false, nextDueAt: '2026-09-10T23:59:59.999+08:00' }, due + 1)).toBe(true);
    expect(isOverdue({ hasOverdue: true, nextDueAt: null }, 0)).toBe(true);
    expect(isOverdue({ hasOverdue: false, nextDueAt: null }, due)).toBe(false);
    expect(matches({ overdue: true, now: '2026-09-11T00:00:00+08:00' })).toBe(true);
    expect(matches({ overdue: false, now: '2026-09-11T00:00:00+08:00' })).toBe(false);
  });
});
