/**
 * The memory store's statistics (统计, `StatsIndex`) add up as a plain scan of the cases' columns
 * would, the way the README's table of a stats row and PostgreSQL's query define each count:
 * the cases opened in [from, to) (a case opened at `from` in, one at `to` out, whatever its id),
 * per group, after writes that move a case's opening, outcome and deadlines.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../src/engine/memoryStore.js';
import type { AuditEntry, CaseEnvelope } from '../src/engine/schemas.js';
import type { CaseStats, StatsGroupTotals, StatsGrouping, StatsStep } from '../src/engine/statsTypes.js';
import type { CaseSummary, CaseWrite } from '../src/engine/types.js';
import { bj } from './_lib/cases.js';

const STEPS: readonly StatsStep[] = ['preliminaryReview', 'legalReview', 'approval', 'dispatching', 'enforcing', 'aggregating'];
/** Instants on both sides of a month's end (Beijing), so that openings, bounds and `now` meet. */
const TIMES = ['2026-08-31 23:00', '2026-09-01 00:00', '2026-09-01 09:00', '2026-09-02 09:00', '2026-10-01 00:00'].map(bj);
/** Ids on both sides of `"Stryker was here!"` by code unit. */
const IDS = ['A-1', 'b-2', '0-3', 'c-4', 'Z-5'];
const OUTCOMES = [null, 'archived', 'rejected', 'notApproved', 'withdrawn', 'declined'] as const;
const STATUSES = [null, 'pending', 'met', 'late', 'overdue', 'missed'] as const;

const ms = (instant: string) => Date.parse(instant);
/** Generous: the runs take about a second alone, several on a busy 2-core machine or under Stryker. */
const PROPERTY_TIMEOUT = 120_000;

const statsArbitrary = fc.record({
  openedAt: fc.constantFrom(...TIMES),
  origin: fc.constantFrom('application' as const, 'leaderAssignment' as const),
  itemNo: fc.constantFrom(null, 1, 2),
  leadUnit: fc.constantFrom(null, 'market-regulation', 'fire-rescue'),
  outcome: fc.constantFrom(...OUTCOMES),
  urges: fc.nat(3),
  resultsDueAt: fc.option(fc.constantFrom(...TIMES), { nil: null }),
  resultsStatus: fc.constantFrom(...STATUSES),
  stepsOnTime: fc.nat(3),
  stepsLate: fc.nat(3),
  stepsOverdue: fc.nat(3),
  stepDueAt: fc.option(fc.constantFrom(...TIMES), { nil: null }),
  archiveWorkingDays: fc.option(fc.nat(40), { nil: null }),
  stepTotals: fc.tuple(...STEPS.map(() => fc.option(fc.record({ sum: fc.nat(20), count: fc.integer({ min: 1, max: 3 }) }), { nil: { sum: 0, count: 0 } }))).map((sums) => Object.fromEntries(STEPS.map((step, index) => [step, sums[index]!])) as unknown as CaseStats['stepTotals']),
});

/** Writes each case's statistics as its next version, through the store's own `create` and `commit`. */
async function storeWith(writes: readonly (readonly [string, Omit<CaseStats, 'version'>])[]) {
  const store = memoryStore();
  const latest = new Map<string, CaseStats>();
  for (const [caseId, written] of writes) {
    const previous = latest.get(caseId);
    const version = (previous?.version ?? 0) + 1;
    const stats: CaseStats = { ...written, version };
    const summary = { caseId, version, state: 'preliminaryReview', stage: 'preliminaryReview', status: 'active', units: [], nextDueAt: null, hasOverdue: false, origin: stats.origin, itemNo: stats.itemNo, openedAt: stats.openedAt, updatedAt: stats.openedAt } as CaseSummary;
    const record: CaseWrite = { caseId, envelope: { version } as unknown as CaseEnvelope, summary, entry: { version } as unknown as AuditEntry, outbox: [], stats: { stats, steps: [], complete: true } };
    expect(previous === undefined ? await store.create(record) : await store.commit(record, previous.version)).toEqual({ ok: true });
    latest.set(caseId, stats);
  }
  return { store, cases: [...latest.values()] };
}

/** The Beijing month (YYYY-MM) an instant falls in: Beijing is UTC+8 all year. */
const beijingMonthOf = (instant: string) => new Date(ms(instant) + 8 * 3_600_000).toISOString().slice(0, 7);

const KEY: Record<StatsGrouping, (stats: CaseStats) => string | number | null> = {
  leadUnit: (stats) => stats.leadUnit,
  item: (stats) => stats.itemNo,
  origin: (stats) => stats.origin,
  month: (stats) => beijingMonthOf(stats.openedAt),
};

/** Each group's totals by brute force, as the README defines each column. */
function scan(cases: readonly CaseStats[], by: StatsGrouping, from: string, to: string, now: string): StatsGroupTotals[] {
  const groups = new Map<string | number | null, CaseStats[]>();
  for (const stats of cases) {
    if (ms(stats.openedAt) < ms(from) || ms(stats.openedAt) >= ms(to)) continue;
    groups.set(KEY[by](stats), [...(groups.get(KEY[by](stats)) ?? []), stats]);
  }
  const count = (members: CaseStats[], test: (stats: CaseStats) => boolean) => members.filter(test).length;
  const sum = (members: CaseStats[], value: (stats: CaseStats) => number) => members.reduce((total, stats) => total + value(stats), 0);
  const pastNow = (instant: string | null) => instant !== null && ms(instant) < ms(now);
  return [...groups].map(([key, members]) => {
    const archived = members.filter((stats) => stats.archiveWorkingDays !== null);
    const steps = STEPS.map((step) => [step, { sum: sum(members, (stats) => stats.stepTotals[step].sum), count: sum(members, (stats) => stats.stepTotals[step].count) }] as const);
    return {
      key,
      opened: members.length,
      archived: count(members, (stats) => stats.outcome === 'archived'),
      rejected: count(members, (stats) => stats.outcome === 'rejected'),
      notApproved: count(members, (stats) => stats.outcome === 'notApproved'),
      withdrawn: count(members, (stats) => stats.outcome === 'withdrawn'),
      declined: count(members, (stats) => stats.outcome === 'declined'),
      resultsOnTime: count(members, (stats) => stats.resultsStatus === 'met'),
      resultsLate: count(members, (stats) => stats.resultsStatus === 'late'),
      // Past the deadline and not uploaded: marked overdue, or still pending past it in a case not ended.
      resultsOverdue: count(members, (stats) => stats.resultsStatus === 'overdue' || (stats.resultsStatus === 'pending' && stats.outcome === null && pastNow(stats.resultsDueAt))),
      stepsOnTime: sum(members, (stats) => stats.stepsOnTime),
      stepsLate: sum(members, (stats) => stats.stepsLate),
      // Found overdue by a check, plus the open step limit when it is past now.
      stepsOverdue: sum(members, (stats) => stats.stepsOverdue + (pastNow(stats.stepDueAt) ? 1 : 0)),
      urges: sum(members, (stats) => stats.urges),
      archiveDays: { sum: sum(archived, (stats) => stats.archiveWorkingDays!), count: archived.length },
      // Only the steps some case visited, as PostgreSQL's store answers.
      steps: Object.fromEntries(steps.filter(([, total]) => total.count > 0)),
    };
  });
}

const byKey = (a: StatsGroupTotals, b: StatsGroupTotals) => (String(a.key) < String(b.key) ? -1 : String(a.key) > String(b.key) ? 1 : 0);

describe('the memory store adds up statistics as a scan of its cases', () => {
  it('every grouping of every period, after writes that move openings, outcomes and deadlines', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...IDS), statsArbitrary), { minLength: 1, maxLength: 15 }),
        fc.constantFrom<StatsGrouping>('leadUnit', 'item', 'origin', 'month'),
        fc.constantFrom(...TIMES),
        fc.constantFrom(...TIMES),
        fc.constantFrom(...TIMES),
        async (writes, by, from, to, now) => {
          const { store, cases } = await storeWith(writes);
          const totals = await store.stats!({ by, from, to, now });
          expect([...totals].sort(byKey)).toStrictEqual(scan(cases, by, from, to, now).sort(byKey));
        },
      ),
      { numRuns: 400 },
    );
  }, PROPERTY_TIMEOUT);

  it('a case opened at `from` counts whatever its id; one opened at `to` does not', async () => {
    const base = (await storeWith([])).store;
    expect(await base.stats!({ by: 'origin', from: TIMES[0]!, to: TIMES[1]!, now: TIMES[1]! })).toEqual([]);
    const stats = (openedAt: string) => ({ openedAt, origin: 'application' as const, itemNo: 1, leadUnit: null, outcome: null, urges: 0, resultsDueAt: null, resultsStatus: null, stepsOnTime: 0, stepsLate: 0, stepsOverdue: 0, stepDueAt: null, archiveWorkingDays: null, stepTotals: Object.fromEntries(STEPS.map((step) => [step, { sum: 0, count: 0 }])) as unknown as CaseStats['stepTotals'] });
    const { store } = await storeWith([
      ['0-at-from', stats(bj('2026-09-01 09:00'))],
      ['A-at-from', stats(bj('2026-09-01 09:00'))],
      ['z-at-from', stats(bj('2026-09-01 09:00'))],
      ['0-at-to', stats(bj('2026-09-02 09:00'))],
    ]);
    const [group] = await store.stats!({ by: 'origin', from: bj('2026-09-01 09:00'), to: bj('2026-09-02 09:00'), now: bj('2026-09-03 09:00') });
    expect(group?.opened).toBe(3);
  });
});
