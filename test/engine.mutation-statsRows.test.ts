/**
 * The statistics report's rows (README › Statistics): each group's label in Chinese, the order
 * of the rows, the rates and means rounded as documented, and the total (合计) adding up every
 * field. Written against the mutants that survived the older suites; `rowsOf` is the step every
 * store's groups go through.
 */
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../src/engine/_lib/stats/statsRows.js';
import { beijingMonth, groupKeyOf } from '../src/engine/_lib/stats/groupKey.js';
import { siyangCatalog } from '../catalog/siyang.js';
import type { StatsGroupTotals } from '../src/engine/statsTypes.js';

const fields = ['opened', 'archived', 'rejected', 'notApproved', 'withdrawn', 'declined', 'resultsOnTime', 'resultsLate', 'resultsOverdue', 'stepsOnTime', 'stepsLate', 'stepsOverdue', 'urges'] as const;
const steps = ['preliminaryReview', 'legalReview', 'approval', 'dispatching', 'enforcing', 'aggregating'] as const;

/** A group whose every count is distinct (a field swapped for another shows). */
const group = (key: StatsGroupTotals['key'], base: number): StatsGroupTotals => ({
  key,
  ...Object.fromEntries(fields.map((field, index) => [field, base * 100 + index + 1])),
  archiveDays: { sum: base * 10 + 1, count: 3 },
  steps: Object.fromEntries(steps.map((step, index) => [step, { sum: base + index + 0.5, count: index + 1 }])),
}) as StatsGroupTotals;
const empty = (key: StatsGroupTotals['key']): StatsGroupTotals => ({ key, ...Object.fromEntries(fields.map((field) => [field, 0])), archiveDays: { sum: 0, count: 0 }, steps: {} }) as StatsGroupTotals;

describe('rowsOf', () => {
  it('labels each grouping in Chinese, the group without a key too', () => {
    const labels = (by: Parameters<typeof rowsOf>[1], keys: StatsGroupTotals['key'][]) => rowsOf(keys.map(empty), by, siyangCatalog).rows.map((row) => row.label);
    expect(labels('leadUnit', ['market-regulation', 'locality:众兴镇', 'unknown-unit', null])).toEqual(['众兴镇', '市场监管局', 'unknown-unit', '（未定牵头单位）']);
    expect(labels('item', [1, 999, null])).toEqual(['1 农贸市场安全方面的综合执法', '999', '（无事项）']);
    expect(labels('origin', ['application', 'emergency', 'toString', null])).toEqual(['申请', '突发事件', 'toString', '（无）']);
    expect(labels('month', ['2026-09', '2026-10', null])).toEqual(['2026年9月', '2026年10月', '（无）']);
  });

  it('orders numbers by value, strings by code unit, the group without a key last', () => {
    const keys = (input: StatsGroupTotals['key'][], by: Parameters<typeof rowsOf>[1]) => rowsOf(input.map(empty), by, siyangCatalog).rows.map((row) => row.key);
    expect(keys([10, null, 2, 1], 'item')).toEqual([1, 2, 10, null]);
    expect(keys([null, 'b', 'B', 'a'], 'origin')).toEqual(['B', 'a', 'b', null]);
    expect(keys(['2026-10', '2026-09', null, '2026-10'], 'month')).toEqual(['2026-09', '2026-10', '2026-10', null]);
  });

  it('derives in progress, the on-time rate (4 decimals) and the means (2 decimals, null of nothing)', () => {
    const [row] = rowsOf([{ ...group(1, 1), opened: 50, resultsOnTime: 2, resultsLate: 1, resultsOverdue: 0 }], 'item', siyangCatalog).rows;
    expect(row).toMatchObject({ opened: 50, inProgress: 50 - (102 + 103 + 104 + 105 + 106), onTimeRate: 0.6667, avgWorkingDaysToArchive: 3.67 });
    expect(row!.avgWorkingDaysByStep).toEqual({ preliminaryReview: 1.5, legalReview: 1.25, approval: 1.17, dispatching: 1.13, enforcing: 1.1, aggregating: 1.08 });
    const [none] = rowsOf([empty(1)], 'item', siyangCatalog).rows;
    expect(none).toMatchObject({ onTimeRate: null, avgWorkingDaysToArchive: null, avgWorkingDaysByStep: Object.fromEntries(steps.map((step) => [step, null])) });
  });

  it('adds every field of every group into the total (合计)', () => {
    const { total, rows } = rowsOf([group(1, 1), group(2, 2), group(null, 3)], 'item', siyangCatalog);
    expect(total.label).toBe('合计');
    expect(total.key).toBeNull();
    for (const field of fields) expect(total[field]).toBe(rows.reduce((sum, row) => sum + row[field], 0));
    expect(total.avgWorkingDaysToArchive).toBe(Math.round(((11 + 21 + 31) / 9) * 100) / 100);
    expect(total.avgWorkingDaysByStep.enforcing).toBe(Math.round(((1 + 2 + 3 + 3 * 4.5) / 15) * 100) / 100);
    expect(rowsOf([], 'item', siyangCatalog).total).toMatchObject({ opened: 0, inProgress: 0, onTimeRate: null, avgWorkingDaysToArchive: null });
  });
});

describe('groupKeyOf', () => {
  it('groups by the lead unit, the item, the origin, or the Beijing month of the opening', () => {
    const stats = { leadUnit: 'justice', itemNo: 7, origin: 'emergency', openedAt: '2026-09-30T16:00:00.000Z' } as never;
    expect(groupKeyOf(stats, 'leadUnit')).toBe('justice');
    expect(groupKeyOf(stats, 'item')).toBe(7);
    expect(groupKeyOf(stats, 'origin')).toBe('emergency');
    expect(groupKeyOf(stats, 'month')).toBe('2026-10');
    expect(beijingMonth('2026-09-30T15:59:59.999Z')).toBe('2026-09');
    expect(beijingMonth('2026-10-01T00:00:00+08:00')).toBe('2026-10');
  });
});
