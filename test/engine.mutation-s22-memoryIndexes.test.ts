/**
 * The memory store's indexes (`CaseIndexes`) answer as a plain scan of its cases would: `list`
 * pages (every filter, the opening window, `overdue`, the cursor), `claimDue` and `caseIds`,
 * checked against a brute-force filter of the summaries written, after writes that move a case
 * between index keys (state, stage, units, due and wake times, opening, item, origin). Then what
 * a page costs: it reads only the cases of its narrowest index, not every case the store holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaseIndexes } from '../src/engine/_lib/memory/CaseIndexes.js';
import { memoryStore } from '../src/engine/memoryStore.js';
import type { CaseEnvelope } from '../src/engine/schemas.js';
import type { AuditEntry } from '../src/engine/schemas.js';
import type { CaseSummary, CaseWrite, ListPosition, StoreQuery } from '../src/engine/types.js';
import { bj } from './_lib/cases.js';
import { indexedSummary as summary } from './_lib/engine.js';

/** A few instants, so that openings, deadlines, bounds and `now` often fall on the same one. */
const TIMES = ['2026-09-01 09:00', '2026-09-02 09:00', '2026-09-03 09:00', '2026-09-04 09:00', '2026-09-05 09:00'].map(bj);
/** Ids that sort on each side of `"Stryker was here!"` and of each other by code unit. */
const IDS = ['A-1', 'b-2', '0-3', 'c-4', 'Z-5', 'd-6'];
const STATES = ['preliminaryReview', 'legalReview', 'enforcing.executing'];
const UNITS = ['market-regulation', 'fire-rescue', 'public-security'];
const ORIGINS = ['application', 'leaderAssignment'] as const;

const ms = (instant: string) => Date.parse(instant);
/** Generous: the runs take about a second alone, several on a busy 2-core machine or under Stryker. */
const PROPERTY_TIMEOUT = 120_000;
/** The list's order: newest opening first, then case id descending (code units). */
const newestFirst = (a: CaseSummary, b: CaseSummary) => ms(b.openedAt) - ms(a.openedAt) || (a.caseId < b.caseId ? 1 : a.caseId > b.caseId ? -1 : 0);

/** The fields a write may change, each from a few values. */
const fieldsArbitrary = fc.record({
  state: fc.constantFrom(...STATES),
  stage: fc.constantFrom(...STATES),
  units: fc.subarray(UNITS),
  nextDueAt: fc.option(fc.constantFrom(...TIMES), { nil: null }),
  nextWakeAt: fc.option(fc.constantFrom(...TIMES), { nil: null }),
  hasOverdue: fc.boolean(),
  origin: fc.constantFrom(...ORIGINS),
  itemNo: fc.constantFrom(null, 1, 2),
  openedAt: fc.constantFrom(...TIMES),
});
type Fields = typeof fieldsArbitrary extends fc.Arbitrary<infer T> ? T : never;
const FIELD_NAMES = ['state', 'stage', 'units', 'nextDueAt', 'nextWakeAt', 'hasOverdue', 'origin', 'itemNo', 'openedAt'] as const;

/**
 * Writes: a case's first gives every field; each later one changes one to three of them (so a
 * case often keeps its opening and units while its state, deadline or item moves).
 */
const writesArbitrary = fc.array(fc.tuple(fc.constantFrom(...IDS), fieldsArbitrary, fc.subarray([...FIELD_NAMES], { minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 24 });

/** Up to two of the filters (often an inbox's two), and often `overdue` alone (the walk of the marked and past-due cases). */
const queryArbitrary = fc
  .tuple(
    fc.record({
      state: fc.constantFrom(...STATES, 'aggregating'),
      stage: fc.constantFrom(...STATES),
      unit: fc.constantFrom(...UNITS, 'justice'),
      origin: fc.constantFrom(...ORIGINS),
      itemNo: fc.constantFrom(1, 2, 7),
      openedFrom: fc.constantFrom(...TIMES),
      openedTo: fc.constantFrom(...TIMES),
    }),
    fc.oneof(
      fc.subarray(['state', 'stage', 'unit', 'origin', 'itemNo', 'openedFrom', 'openedTo'] as const, { maxLength: 2 }),
      // An inbox: a unit's cases in one state or stage.
      fc.constantFrom(['unit', 'state'] as const, ['unit', 'stage'] as const),
    ),
    fc.constantFrom(undefined, true, true, false),
  )
  .map(([values, chosen, overdue]) => ({ ...Object.fromEntries(chosen.map((name) => [name, values[name]])), ...(overdue === undefined ? {} : { overdue }) }) as Partial<StoreQuery>);

/** Writes each summary as the case's next version, through the store's own `create` and `commit`. */
async function storeWith(writes: readonly (readonly [string, Fields, readonly (typeof FIELD_NAMES)[number][]])[]) {
  const store = memoryStore();
  const latest = new Map<string, CaseSummary>();
  for (const [caseId, fields, changed] of writes) {
    const previous = latest.get(caseId);
    const version = (previous?.version ?? 0) + 1;
    const changes = previous === undefined ? fields : Object.fromEntries(changed.map((name) => [name, fields[name]]));
    const summary = { caseId, status: 'active', updatedAt: fields.openedAt, ...previous, ...changes, version } as unknown as CaseSummary;
    const record: CaseWrite = {
      caseId: summary.caseId,
      envelope: { version } as unknown as CaseEnvelope,
      summary,
      entry: { version } as unknown as AuditEntry,
      outbox: [],
    };
    const outcome = previous === undefined ? await store.create(record) : await store.commit(record, previous.version);
    expect(outcome).toEqual({ ok: true });
    latest.set(caseId, summary);
  }
  return { store, cases: [...latest.values()] };
}

/** `list`'s answer by brute force: every case that passes every filter, in the list's order. */
function scan(cases: readonly CaseSummary[], query: Omit<StoreQuery, 'limit' | 'after'>): string[] {
  const nowMs = ms(query.now);
  return cases
    .filter(
      (summary) =>
        (query.state === undefined || summary.state === query.state) &&
        (query.stage === undefined || summary.stage === query.stage) &&
        (query.unit === undefined || summary.units.includes(query.unit)) &&
        (query.origin === undefined || summary.origin === query.origin) &&
        (query.itemNo === undefined || summary.itemNo === query.itemNo) &&
        (query.openedFrom === undefined || ms(summary.openedAt) >= ms(query.openedFrom)) &&
        (query.openedTo === undefined || ms(summary.openedAt) < ms(query.openedTo)) &&
        (query.overdue === undefined || (summary.hasOverdue || (summary.nextDueAt !== null && ms(summary.nextDueAt) < nowMs)) === query.overdue),
    )
    .sort(newestFirst)
    .map((summary) => summary.caseId);
}

describe('the memory store answers as a scan of its cases', () => {
  it('list: every page of every filter, followed by its cursor, is the scan cut into pages', async () => {
    await fc.assert(
      fc.asyncProperty(writesArbitrary, fc.array(fc.tuple(queryArbitrary, fc.constantFrom(...TIMES), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 8 }), async (writes, queries) => {
        const { store, cases } = await storeWith(writes);
        const byId = new Map(cases.map((summary) => [summary.caseId, summary]));
        for (const [filters, now, limit] of queries) {
          const query = { ...filters, now };
          const listed: string[] = [];
          let after: ListPosition | undefined;
          for (;;) {
            const page = await store.list({ ...query, limit, ...(after === undefined ? {} : { after }) });
            expect(page.length).toBeLessThanOrEqual(limit);
            listed.push(...page.map((row) => row.caseId));
            if (page.length < limit) break;
            const last = byId.get(page.at(-1)!.caseId)!;
            after = { openedAt: last.openedAt, caseId: last.caseId };
          }
          expect(listed).toEqual(scan(cases, query));
        }
      }),
      { numRuns: 200 },
    );
  }, PROPERTY_TIMEOUT);

  it('claimDue: the cases whose wake time is at or before now, earliest first, each once', async () => {
    await fc.assert(
      fc.asyncProperty(writesArbitrary, fc.constantFrom(...TIMES), fc.integer({ min: 1, max: 8 }), async (writes, now, limit) => {
        const { store, cases } = await storeWith(writes);
        const awake = cases
          .filter((summary) => summary.nextWakeAt !== null && summary.nextWakeAt !== undefined && ms(summary.nextWakeAt) <= ms(now))
          .sort((a, b) => ms(a.nextWakeAt!) - ms(b.nextWakeAt!) || (a.caseId < b.caseId ? -1 : 1))
          .map((summary) => summary.caseId);
        // A lease that ends at the clock's now leaves every case free to claim again.
        expect(await store.claimDue({ now, clockNow: now, leaseUntil: now, limit })).toEqual(awake.slice(0, limit));
        // Leased for an hour: a second claim takes the next ones, and once the lease ends the first again.
        const hourLater = new Date(ms(now) + 3_600_000).toISOString();
        expect(await store.claimDue({ now, clockNow: now, leaseUntil: hourLater, limit })).toEqual(awake.slice(0, limit));
        expect(await store.claimDue({ now, clockNow: now, leaseUntil: hourLater, limit })).toEqual(awake.slice(limit, 2 * limit));
        expect(await store.claimDue({ now, clockNow: hourLater, leaseUntil: hourLater, limit })).toEqual(awake.slice(0, limit));
      }),
      { numRuns: 150 },
    );
  }, PROPERTY_TIMEOUT);

  it('caseIds: every case once, in code-unit order, page after page', async () => {
    await fc.assert(
      fc.asyncProperty(writesArbitrary, fc.integer({ min: 1, max: 3 }), async (writes, limit) => {
        const { store, cases } = await storeWith(writes);
        const listed: string[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await store.caseIds({ limit, ...(after === undefined ? {} : { after }) });
          listed.push(...page);
          if (page.length < limit) break;
          after = page.at(-1);
        }
        expect(listed).toEqual(cases.map((summary) => summary.caseId).sort((a, b) => (a < b ? -1 : 1)));
      }),
      { numRuns: 60 },
    );
  }, PROPERTY_TIMEOUT);
});


/** Indexes holding `cases`, and `list` that counts the summaries a page reads. */
function indexed(cases: readonly CaseSummary[]) {
  const indexes = new CaseIndexes();
  for (const next of cases) indexes.update(undefined, next);
  const byId = new Map(cases.map((next) => [next.caseId, next]));
  return (query: Partial<StoreQuery>) => {
    let reads = 0;
    const ids = indexes.list({ now: bj('2026-10-01 09:00'), limit: 100, ...query }, (caseId) => {
      reads++;
      return byId.get(caseId)!;
    });
    return { ids, reads };
  };
}

/** `count` cases opened a minute apart from 2026-09-01 09:00, ids `prefix-00`…, each with `extra`. */
const many = (prefix: string, count: number, extra: Partial<CaseSummary> = {}, startMinute = 0) =>
  Array.from({ length: count }, (_, index) => {
    const minute = startMinute + index;
    return summary(`${prefix}-${String(index).padStart(2, '0')}`, bj(`2026-09-01 ${String(9 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`), extra);
  });

describe('a page reads the cases of its narrowest index, not every case', () => {
  // 20 cases in legal review; 2 of item 2 assigned by a leader; 3 with fire-rescue; 22 enforcing,
  // 2 of them with fire-rescue. All others are item 1's, from an application.
  const legal = many('legal', 20, { state: 'legalReview', stage: 'legalReview' });
  const item2 = many('item2', 2, { itemNo: 2, origin: 'leaderAssignment' }, 20);
  const fire = many('fire', 3, { units: ['fire-rescue'] }, 22);
  const enforcing = many('enf', 20, { state: 'enforcing.executing', stage: 'enforcing', units: ['public-security'] }, 25);
  const enforcingFire = many('enfFire', 2, { state: 'enforcing.executing', stage: 'enforcing', units: ['fire-rescue'] }, 45);
  const list = indexed([...legal, ...item2, ...fire, ...enforcing, ...enforcingFire]);

  it.each([
    ['a state of few cases, with an origin most cases share', { state: 'preliminaryReview', origin: 'application' }, 5],
    ['an item of few cases, with a state of more', { itemNo: 2, state: 'preliminaryReview' }, 2],
    ['a stage of fewer cases than its origin', { stage: 'enforcing', origin: 'application' }, 22],
    ['a unit of few cases', { unit: 'fire-rescue', origin: 'application' }, 5],
    ['a unit with a state: that inbox', { unit: 'fire-rescue', state: 'enforcing.executing' }, 2],
    ['a unit with a stage: that inbox', { unit: 'fire-rescue', stage: 'enforcing' }, 2],
    ['an origin of few cases, with a state of more', { state: 'preliminaryReview', origin: 'leaderAssignment' }, 2],
    ['a state no case is in', { state: 'aggregating', origin: 'application' }, 0],
  ] as const)('%s', (_, query, narrowest) => {
    expect(list(query).reads).toBe(narrowest);
  });

  it('a state of many cases with an item of few: the item', () => {
    expect(list({ state: 'legalReview', itemNo: 2 }).reads).toBe(2);
    expect(list({ itemNo: 2, state: 'legalReview' }).ids).toEqual([]);
  });

  it('an opening window: only the cases opened in it, none at `openedTo` itself', () => {
    // legal-05 opens at 09:05; a case with an id before "S" opened at 09:10 must not be read.
    const early = summary('0-early', bj('2026-09-01 09:10'));
    const window = indexed([...legal, early]);
    const { ids, reads } = window({ openedFrom: bj('2026-09-01 09:05'), openedTo: bj('2026-09-01 09:10') });
    expect(ids).toEqual(['legal-09', 'legal-08', 'legal-07', 'legal-06', 'legal-05']);
    expect(reads).toBe(5);
    // From a cursor past `openedTo`, the walk still starts at `openedTo`.
    const fromCursor = window({ openedTo: bj('2026-09-01 09:03'), after: { openedAt: bj('2026-09-01 09:15'), caseId: 'legal-15' } });
    expect(fromCursor).toEqual({ ids: ['legal-02', 'legal-01', 'legal-00'], reads: 3 });
  });

  it('overdue: the marked and past-due cases, unless a filter has fewer', () => {
    const now = bj('2026-09-10 09:00');
    const marked = many('marked', 12, { hasOverdue: true });
    const pastDue = many('past', 5, { nextDueAt: bj('2026-09-09 18:00') }, 12);
    const dueNow = summary('due-now', bj('2026-09-01 09:40'), { nextDueAt: now });
    const dueLater = many('later', 6, { nextDueAt: bj('2026-09-20 18:00') }, 41);
    const onTime = many('onTime', 20, {}, 50);
    const item2 = many('item2', 2, { itemNo: 2, hasOverdue: true }, 100);
    const overdueList = indexed([...marked, ...pastDue, dueNow, ...dueLater, ...onTime, ...item2]);
    // No filter: the 14 marked and the 5 past due, each read once to place it and once to check it.
    const all = overdueList({ overdue: true, now });
    expect(all.ids).toHaveLength(19);
    expect(all.reads).toBe(14 + 5 + 5);
    // Item 2's two cases are fewer than the 19 overdue: its index drives.
    expect(overdueList({ overdue: true, itemNo: 2, now })).toEqual({ ids: ['item2-01', 'item2-00'], reads: 2 });
    // The 44 on item 1 are more: the overdue ones drive (item 2's marked two read and left out).
    expect(overdueList({ overdue: true, itemNo: 1, now }).reads).toBe(14 + 5 + 5);
  });

  it('overdue: a case whose deadline moves comes once, at its new deadline only', () => {
    const now = bj('2026-09-10 09:00');
    const first = summary('moving', bj('2026-09-01 09:00'), { nextDueAt: bj('2026-09-08 18:00') });
    const moved = { ...first, version: 2, nextDueAt: bj('2026-09-09 18:00') };
    const later = { ...moved, version: 3, nextDueAt: bj('2026-09-20 18:00') };
    const indexes = new CaseIndexes();
    indexes.update(undefined, first);
    indexes.update(first, moved);
    let current = moved;
    let reads = 0;
    const list = () => indexes.list({ now, limit: 10, overdue: true }, () => (reads++, current));
    expect(list()).toEqual(['moving']);
    indexes.update(moved, later);
    current = later;
    reads = 0;
    expect(list()).toEqual([]);
    // Due after now: not even looked at.
    expect(reads).toBe(0);
  });

  it('overdue with only cases past due: a filter of fewer cases still drives', () => {
    const now = bj('2026-09-10 09:00');
    const pastDue = many('past', 5, { nextDueAt: bj('2026-09-09 18:00') });
    const item2 = many('item2', 2, { itemNo: 2 }, 5);
    expect(indexed([...pastDue, ...item2])({ overdue: true, itemNo: 2, now })).toEqual({ ids: [], reads: 2 });
  });
});
