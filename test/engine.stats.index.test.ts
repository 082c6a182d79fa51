/**
 * The memory store's statistics index (统计): a report walks only the rows of the cases opened in
 * its period, from a binary search to the period's start. Checked against a plain derivation over
 * every case's columns (what the index replaced): at the period's first and last instant, at
 * Beijing midnight, for empty periods, with cases rewritten (their row replaced in place) and
 * re-opened at another instant, and over more cases than one chunk of the index holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StatsIndex } from '../src/engine/_lib/memory/StatsIndex.js';
import { STATS_STEPS } from '../src/engine/_lib/stats/caseStats.js';
import { groupKeyOf } from '../src/engine/_lib/stats/groupKey.js';
import type { CaseStats, StatsGrouping, StatsGroupTotals, StatsStoreQuery } from '../src/engine/statsTypes.js';

/** Beijing midnight starting 2026-09-01, as an instant (ms). */
const MIDNIGHT = Date.parse('2026-09-01T00:00:00+08:00');
const DAY = 86_400_000;
/** An instant as the engine writes it (Beijing time, ms precision). */
const beijing = (ms: number) => `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 23)}+08:00`;

const statsOf = (openedMs: number, n: number): CaseStats => ({
  version: 1 + (n % 7),
  openedAt: beijing(openedMs),
  origin: (['application', 'centerInitiated', 'leaderAssignment'] as const)[n % 3]!,
  itemNo: n % 4 === 0 ? null : 1 + (n % 3),
  leadUnit: n % 5 === 0 ? null : ['market-regulation', 'health', 'fire-rescue'][n % 3]!,
  outcome: ([null, 'archived', 'rejected', 'notApproved', 'withdrawn', 'declined'] as const)[n % 6]!,
  urges: n % 3,
  resultsDueAt: n % 2 === 0 ? null : beijing(MIDNIGHT + (n % 9) * DAY),
  resultsStatus: (['pending', 'met', 'late', 'overdue', null] as const)[n % 5]!,
  stepsOnTime: n % 4,
  stepsLate: n % 2,
  stepsOverdue: n % 3 === 0 ? 1 : 0,
  stepDueAt: n % 3 === 1 ? beijing(MIDNIGHT + (n % 11) * DAY - 1) : null,
  archiveWorkingDays: n % 6 === 1 ? n % 13 : null,
  stepTotals: Object.fromEntries(STATS_STEPS.map((step, i) => [step, (n + i) % 4 === 0 ? { sum: 0, count: 0 } : { sum: (n * (i + 1)) % 17, count: 1 + ((n + i) % 3) }])) as CaseStats['stepTotals'],
});

/** The plain derivation: every case's latest columns, filtered and added up. */
function expectedTotals(latest: ReadonlyMap<string, CaseStats>, query: StatsStoreQuery): StatsGroupTotals[] {
  const [from, to, now] = [Date.parse(query.from), Date.parse(query.to), Date.parse(query.now)];
  const groups = new Map<string | number | null, ReturnType<typeof emptyGroup>>();
  const emptyGroup = (key: string | number | null) => ({
    key, opened: 0, archived: 0, rejected: 0, notApproved: 0, withdrawn: 0, declined: 0, resultsOnTime: 0, resultsLate: 0, resultsOverdue: 0,
    stepsOnTime: 0, stepsLate: 0, stepsOverdue: 0, urges: 0, archiveDays: { sum: 0, count: 0 }, steps: {} as Record<string, { sum: number; count: number }>,
  });
  for (const stats of latest.values()) {
    const opened = Date.parse(stats.openedAt);
    if (opened < from || opened >= to) continue;
    const key = groupKeyOf(stats, query.by);
    const group = groups.get(key) ?? emptyGroup(key);
    groups.set(key, group);
    group.opened++;
    if (stats.outcome !== null) group[stats.outcome]++;
    if (stats.resultsStatus === 'met') group.resultsOnTime++;
    if (stats.resultsStatus === 'late') group.resultsLate++;
    if (stats.resultsStatus === 'overdue' || (stats.resultsStatus === 'pending' && stats.outcome === null && stats.resultsDueAt !== null && Date.parse(stats.resultsDueAt) < now)) group.resultsOverdue++;
    group.stepsOnTime += stats.stepsOnTime;
    group.stepsLate += stats.stepsLate;
    group.stepsOverdue += stats.stepsOverdue + (stats.stepDueAt !== null && Date.parse(stats.stepDueAt) < now ? 1 : 0);
    group.urges += stats.urges;
    if (stats.archiveWorkingDays !== null) {
      group.archiveDays.sum += stats.archiveWorkingDays;
      group.archiveDays.count++;
    }
    for (const step of STATS_STEPS) {
      const { sum, count } = stats.stepTotals[step];
      if (count === 0) continue;
      const total = (group.steps[step] ??= { sum: 0, count: 0 });
      total.sum += sum;
      total.count += count;
    }
  }
  return [...groups.values()];
}

const byKey = (groups: readonly StatsGroupTotals[]) => [...groups].sort((a, b) => (String(a.key) < String(b.key) ? -1 : String(a.key) > String(b.key) ? 1 : 0));
const GROUPINGS: readonly StatsGrouping[] = ['leadUnit', 'item', 'origin', 'month'];

/** A period of whole Beijing days, as `engine.stats` asks the store for it: [first midnight, midnight after the last day). */
const period = (firstDay: number, days: number, by: StatsGrouping, nowMs = MIDNIGHT + 5 * DAY): StatsStoreQuery => ({
  by,
  from: beijing(MIDNIGHT + firstDay * DAY),
  to: beijing(MIDNIGHT + (firstDay + days) * DAY),
  now: beijing(nowMs),
});

describe('StatsIndex: a report walks its period only, with the same totals', () => {
  it("counts a case opened at the period's first instant and its last, not one an instant before or at the next midnight", () => {
    const index = new StatsIndex();
    const latest = new Map<string, CaseStats>();
    const openings = [MIDNIGHT - 1, MIDNIGHT, MIDNIGHT + 1, MIDNIGHT + DAY - 1, MIDNIGHT + DAY, MIDNIGHT + 2 * DAY - 1, MIDNIGHT + 2 * DAY];
    openings.forEach((ms, n) => {
      const stats = statsOf(ms, n);
      index.write(`case-${n}`, { stats, steps: [], complete: true });
      latest.set(`case-${n}`, stats);
    });
    // 9月1日 and 9月2日: from 9月1日 00:00:00.000 to 9月2日 23:59:59.999, Beijing time.
    const opened = (query: StatsStoreQuery) => index.totals(query).reduce((sum, group) => sum + group.opened, 0);
    expect(opened(period(0, 2, 'leadUnit'))).toBe(5);
    expect(opened(period(0, 1, 'leadUnit'))).toBe(3);
    expect(opened(period(1, 1, 'leadUnit'))).toBe(2);
    // The month of an opening is its Beijing month: 8月31日 23:59:59.999 is August.
    expect(byKey(index.totals(period(-1, 2, 'month'))).map((group) => [group.key, group.opened])).toEqual([['2026-08', 1], ['2026-09', 3]]);
    for (const by of GROUPINGS) for (const [first, days] of [[0, 2], [-1, 1], [2, 1], [-3, 1], [3, 5]] as const) expect(byKey(index.totals(period(first, days, by)))).toEqual(byKey(expectedTotals(latest, period(first, days, by))));
  });

  it('gives nothing for an empty period, and for an empty index', () => {
    const index = new StatsIndex();
    expect(index.totals(period(0, 30, 'month'))).toEqual([]);
    index.write('only', { stats: statsOf(MIDNIGHT + 10 * DAY, 1), steps: [], complete: true });
    expect(index.totals(period(0, 10, 'month'))).toEqual([]);
    expect(index.totals(period(11, 30, 'month'))).toEqual([]);
    expect(index.totals(period(10, 1, 'month')).map((group) => group.opened)).toEqual([1]);
  });

  it('matches the plain derivation over every case, with rewrites and re-openings, across many chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ caseNo: fc.nat(1_499), day: fc.integer({ min: -3, max: 12 }), offset: fc.constantFrom(0, 1, DAY - 1, DAY / 2, 7), n: fc.nat(1_000) }), { minLength: 1, maxLength: 1_500 }),
        fc.integer({ min: -4, max: 12 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(...GROUPINGS),
        fc.integer({ min: -2, max: 14 }),
        fc.array(fc.record({ pick: fc.nat(), n: fc.nat(1_000) }), { maxLength: 300 }),
        (writes, firstDay, days, by, nowDay, rewrites) => {
          const index = new StatsIndex();
          const latest = new Map<string, CaseStats>();
          for (const { caseNo, day, offset, n } of writes) {
            const stats = statsOf(MIDNIGHT + day * DAY + offset, n);
            index.write(`case-${caseNo}`, { stats, steps: [], complete: true });
            latest.set(`case-${caseNo}`, stats);
          }
          // A later event of a case: new columns, the same opening (its row replaced in place).
          const ids = [...latest.keys()];
          for (const { pick, n } of rewrites) {
            const caseId = ids[pick % ids.length]!;
            const stats = { ...statsOf(Date.parse(latest.get(caseId)!.openedAt), n), openedAt: latest.get(caseId)!.openedAt };
            index.write(caseId, { stats, steps: [], complete: false });
            latest.set(caseId, stats);
          }
          const query = period(firstDay, days, by, MIDNIGHT + nowDay * DAY);
          expect(byKey(index.totals(query))).toEqual(byKey(expectedTotals(latest, query)));
        },
      ),
      { numRuns: 60 },
    );
  });
});
