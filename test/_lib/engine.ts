import { createCaseEngine, memoryStore, type CaseEngine, type CaseView, type CaseWrite, type ListQuery, type MemoryStore, type StatsGroupTotals } from 'linked-enforcement';
import type { CaseSummary } from '../../src/engine/types.js';
import { applicationInput, bj, center, ev, inCharge, item1Plan, justice, market } from './cases.js';

/** A clock the test moves by hand; `advanceTo` only moves it forward. */
export function testClock(start: string) {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    set: (iso: string) => void (now = Date.parse(iso)),
    advanceTo: (iso: string) => void (now = Math.max(now, Date.parse(iso))),
  };
}

/**
 * The engine, with its clock moved to each explicit `at` before the event (or opening) is sent:
 * a live system's clock reads at least the time of what it records, and the engine refuses an
 * `at` ahead of its clock. For tests whose story dates its events; the time rules' own tests
 * use the engine as it is.
 */
export function following(engine: CaseEngine, clock: ReturnType<typeof testClock>): CaseEngine {
  const atOf = (value: unknown) => (typeof value === 'object' && value !== null ? (value as { at?: unknown }).at : undefined);
  return Object.assign(Object.create(engine) as CaseEngine, {
    open: (input: Parameters<CaseEngine['open']>[0]) => {
      const at = atOf(input);
      if (typeof at === 'string') clock.advanceTo(at);
      return engine.open(input);
    },
    send: (...args: Parameters<CaseEngine['send']>) => {
      const at = atOf(args[1]);
      if (typeof at === 'string') clock.advanceTo(at);
      return engine.send(...args);
    },
  });
}

/** The item-1 application's steps after its opening: 初审, 法制审核, 领导审批, 派送, 工作方案. */
export const item1Steps = () => [
  ev('review.pass', center, bj('2026-09-01 10:00')),
  ev('legal.approve', justice, bj('2026-09-02 10:00')),
  ev('leader.approve', inCharge, bj('2026-09-03 10:00')),
  ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东', startAt: bj('2026-09-29 09:00') }),
  ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan() }),
];

/**
 * A memory store holding `case-1`, an item-1 application opened and taken `steps` steps along
 * (初审, 法制审核, 领导审批, 派送, 工作方案) by an engine whose clock starts at `clockAt`: the
 * stored case the audit and restore tests tamper with.
 */
/** A memory store that keeps every write the engine makes (`create` and `commit`), in order. */
export function recordingStore(): { store: MemoryStore; recording: MemoryStore; writes: CaseWrite[] } {
  const store = memoryStore();
  const writes: CaseWrite[] = [];
  const recording = Object.assign(Object.create(store) as MemoryStore, {
    create: (record: CaseWrite) => (writes.push(record), store.create(record)),
    commit: (record: CaseWrite, expected: number) => (writes.push(record), store.commit(record, expected)),
  });
  return { store, recording, writes };
}

export async function storedItem1Case(steps: number, clockAt = bj('2026-09-01 09:00')) {
  const store = memoryStore();
  const clock = testClock(clockAt);
  const engine = following(createCaseEngine({ store, clock }), clock);
  await engine.open(applicationInput());
  for (const event of item1Steps().slice(0, steps)) await engine.send('case-1', event);
  return { store, engine, clock };
}

/** Opens an item-1 application and drives it through enforcement ending at `endedAt` (results due 2026-10-13). */
export async function toReporting(engine: CaseEngine, caseId: string, endedAt = bj('2026-09-30 18:00')) {
  await engine.open(applicationInput({ caseId }));
  await engine.send(caseId, ev('review.pass', center, bj('2026-09-01 10:00')));
  await engine.send(caseId, ev('legal.approve', justice, bj('2026-09-02 10:00')));
  await engine.send(caseId, ev('leader.approve', inCharge, bj('2026-09-03 10:00')));
  await engine.send(caseId, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
  await engine.send(caseId, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan({ summary: '分三组检查' }) }));
  return engine.send(caseId, ev('enforcement.end', market, endedAt));
}

/**
 * Every case `engine.list(query)` finds, following pages: the one place the tests read `list`'s
 * answer, so a change of its shape (an array, or pages of `{ items, nextCursor }`) is made here.
 */
export async function listedCases(engine: CaseEngine, query?: ListQuery): Promise<CaseView[]> {
  const views: CaseView[] = [];
  let page: unknown = await (query === undefined ? engine.list() : engine.list(query));
  for (;;) {
    if (Array.isArray(page)) return [...views, ...(page as CaseView[])];
    const { items, nextCursor } = page as { items: CaseView[]; nextCursor: string | null };
    views.push(...items);
    if (nextCursor === null) return views;
    page = await engine.list({ ...query, cursor: nextCursor } as ListQuery);
  }
}

/** A statistics group of one opened case, keyed `key` (nothing else counted). */
export const statsGroup = (key: string | number | null): StatsGroupTotals => ({
  key,
  opened: 1,
  archived: 0,
  rejected: 0,
  notApproved: 0,
  withdrawn: 0,
  declined: 0,
  resultsOnTime: 0,
  resultsLate: 0,
  resultsOverdue: 0,
  stepsOnTime: 0,
  stepsLate: 0,
  stepsOverdue: 0,
  urges: 0,
  archiveDays: { sum: 0, count: 0 },
  steps: {},
});

/** A memory store named `own` whose `stats` answers `groups` as given (a store of one's own adds them up its own way). */
export const answeringStats = (groups: readonly StatsGroupTotals[]): MemoryStore =>
  Object.assign(Object.create(memoryStore()) as MemoryStore, { name: 'own', stats: async () => groups });

/** A summary of the shape the memory store's indexes read: in state `preliminaryReview`, nothing due, by default. */
export const indexedSummary = (caseId: string, openedAt: string, extra: Partial<CaseSummary> = {}): CaseSummary =>
  ({
    caseId,
    version: 1,
    state: 'preliminaryReview',
    stage: 'preliminaryReview',
    status: 'active',
    units: ['market-regulation'],
    nextDueAt: null,
    nextWakeAt: null,
    hasOverdue: false,
    origin: 'application',
    itemNo: 1,
    openedAt,
    updatedAt: openedAt,
    ...extra,
  }) as CaseSummary;
