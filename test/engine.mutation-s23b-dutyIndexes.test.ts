/**
 * The memory store's 待办/已办 indexes (`DutyIndexes`) answer as a plain scan of each case's
 * latest summary would: after any sequence of writes — actors staying while their deadline,
 * waiting time or last action moves, actors appearing and leaving, summaries written before 0.4
 * (no lists) or with one list only, `indexCase` filling the lists in — every `inbox` and `done`
 * page after every cursor holds the ids the scan gives, in its order, and `unindexedCases` the
 * cases without both lists.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../src/engine/memoryStore.js';
import type { AuditEntry, CaseEnvelope } from '../src/engine/schemas.js';
import type { CaseActorEntry, CaseParticipantEntry, CaseSummary, CaseWrite } from '../src/engine/types.js';
import { bj } from './_lib/cases.js';
import { indexedSummary } from './_lib/engine.js';

/** Few instants, so that two actors or two cases often share a deadline, a waiting time or a last action. */
const TIMES = ['2026-09-01 09:00', '2026-09-02 09:00', '2026-09-03 09:00'].map(bj);
/** Ids that sort on each side of each other by code unit. */
const CASES = ['c-1', 'B-2', '0-3', 'c-10'];
const ACTORS = ['unit:market-regulation', 'unit:fire-rescue', 'leader:principal'];
const PROPERTY_TIMEOUT = 120_000;

const ms = (instant: string) => Date.parse(instant);
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const actorsArbitrary = fc.uniqueArray(
  fc.record({ actor: fc.constantFrom(...ACTORS), waitingSince: fc.constantFrom(...TIMES), dueAt: fc.option(fc.constantFrom(...TIMES), { nil: null }) }),
  { selector: (entry) => entry.actor, maxLength: 3 },
);
const participantsArbitrary = fc.uniqueArray(fc.record({ actor: fc.constantFrom(...ACTORS), lastActedAt: fc.constantFrom(...TIMES) }), { selector: (entry) => entry.actor, maxLength: 3 });

/**
 * A write's lists: mostly both (as 0.4 writes them), sometimes neither (written before 0.4) or only
 * one of them (not an index: the case waits for the engine to index it).
 */
const listsArbitrary = fc.record({
  actors: actorsArbitrary,
  participants: participantsArbitrary,
  kept: fc.constantFrom('both', 'both', 'both', 'both', 'neither', 'actors', 'participants'),
});
type Lists = typeof listsArbitrary extends fc.Arbitrary<infer T> ? T : never;

/**
 * Steps: a write of a case (through `create`/`commit`), or an `indexCase` of its current version.
 * A write often keeps an actor while moving its deadline or waiting time: `nudge` derives the next
 * lists from the case's current ones.
 */
const stepArbitrary = fc.record({
  caseId: fc.constantFrom(...CASES),
  how: fc.constantFrom('write', 'write', 'nudge', 'nudge', 'index'),
  lists: listsArbitrary,
  nudge: fc.record({ actor: fc.constantFrom(...ACTORS), field: fc.constantFrom('dueAt', 'waitingSince', 'lastActedAt', 'leaves'), time: fc.option(fc.constantFrom(...TIMES), { nil: null }) }),
});
type Step = typeof stepArbitrary extends fc.Arbitrary<infer T> ? T : never;

function withLists(summary: CaseSummary, actors: readonly CaseActorEntry[] | undefined, participants: readonly CaseParticipantEntry[] | undefined): CaseSummary {
  const { actors: _actors, participants: _participants, ...rest } = summary;
  return { ...rest, ...(actors === undefined ? {} : { actors }), ...(participants === undefined ? {} : { participants }) } as CaseSummary;
}

function listsOf(lists: Lists): [CaseActorEntry[] | undefined, CaseParticipantEntry[] | undefined] {
  return [lists.kept === 'both' || lists.kept === 'actors' ? lists.actors : undefined, lists.kept === 'both' || lists.kept === 'participants' ? lists.participants : undefined];
}

/** The case's current lists with one actor's deadline, waiting time or last action moved (or the actor gone from both). */
function nudged(summary: CaseSummary, nudge: Step['nudge']): [CaseActorEntry[] | undefined, CaseParticipantEntry[] | undefined] {
  const time = nudge.time ?? TIMES[0]!;
  const actors = summary.actors?.flatMap((entry) => {
    if (entry.actor !== nudge.actor) return [entry];
    if (nudge.field === 'leaves') return [];
    if (nudge.field === 'dueAt') return [{ ...entry, dueAt: nudge.time }];
    if (nudge.field === 'waitingSince') return [{ ...entry, waitingSince: time }];
    return [entry];
  });
  const participants = summary.participants?.flatMap((entry) => {
    if (entry.actor !== nudge.actor) return [entry];
    if (nudge.field === 'leaves') return [];
    return [nudge.field === 'lastActedAt' ? { ...entry, lastActedAt: time } : entry];
  });
  return [actors, participants];
}

const isIndexed = (summary: CaseSummary) => summary.actors !== undefined && summary.participants !== undefined;

/** 待办 by brute force: the cases whose latest summary is indexed and waits on `actor`, soonest due (none last), then longest waiting, then case id. */
function inboxScan(cases: readonly CaseSummary[], actor: string) {
  const rows = cases.flatMap((summary) => {
    const entry = isIndexed(summary) ? summary.actors!.find((candidate) => candidate.actor === actor) : undefined;
    return entry === undefined ? [] : [{ caseId: summary.caseId, dueAt: entry.dueAt, waitingSince: entry.waitingSince }];
  });
  const due = (row: { dueAt: string | null }) => (row.dueAt === null ? Number.POSITIVE_INFINITY : ms(row.dueAt));
  return rows.sort((a, b) => due(a) - due(b) || ms(a.waitingSince) - ms(b.waitingSince) || byCodeUnit(a.caseId, b.caseId));
}

/** 已办 by brute force: the cases whose latest summary is indexed and lists `actor` as a participant, newest last action first, then case id descending. */
function doneScan(cases: readonly CaseSummary[], actor: string) {
  const rows = cases.flatMap((summary) => {
    const entry = isIndexed(summary) ? summary.participants!.find((candidate) => candidate.actor === actor) : undefined;
    return entry === undefined ? [] : [{ caseId: summary.caseId, lastActedAt: entry.lastActedAt }];
  });
  return rows.sort((a, b) => ms(b.lastActedAt) - ms(a.lastActedAt) || byCodeUnit(b.caseId, a.caseId));
}

/** Runs the steps on a memory store, keeping each case's latest summary beside it, and calls `check` after each. */
async function run(steps: readonly Step[], check: (store: ReturnType<typeof memoryStore>, cases: readonly CaseSummary[]) => Promise<void>) {
  const store = memoryStore();
  const latest = new Map<string, CaseSummary>();
  const versions = new Map<string, number>();
  for (const step of steps) {
    const previous = latest.get(step.caseId);
    if (step.how === 'index') {
      // `indexCase` fills the lists in from the case as the engine restored it, at the version the store holds.
      if (previous === undefined) continue;
      const [actors, participants] = listsOf({ ...step.lists, kept: 'both' });
      const indexed = withLists(previous, actors, participants);
      expect(await store.indexCase!(indexed)).toBe(true);
      latest.set(step.caseId, indexed);
      await check(store, [...latest.values()]);
      continue;
    }
    const version = (versions.get(step.caseId) ?? 0) + 1;
    const [actors, participants] = step.how === 'nudge' && previous !== undefined ? nudged(previous, step.nudge) : listsOf(step.lists);
    const summary = withLists(indexedSummary(step.caseId, TIMES[0]!, { version }), actors, participants);
    const record: CaseWrite = { caseId: step.caseId, envelope: { version } as unknown as CaseEnvelope, summary, entry: { version } as unknown as AuditEntry, outbox: [] };
    const outcome = previous === undefined ? await store.create(record) : await store.commit(record, version - 1);
    expect(outcome).toEqual({ ok: true });
    versions.set(step.caseId, version);
    latest.set(step.caseId, summary);
    await check(store, [...latest.values()]);
  }
}

/** Checks every actor's pages: the whole index at once, and a page of two after each row and after a cursor of no row. */
async function expectScans(store: ReturnType<typeof memoryStore>, cases: readonly CaseSummary[], cursor: { dueAt: string | null; waitingSince: string; caseId: string; lastActedAt: string }) {
  for (const actor of ACTORS) {
    const inbox = inboxScan(cases, actor);
    const page = await store.inbox!({ actor, limit: 50 });
    expect(page.map(({ caseId, dueAt, waitingSince }) => ({ caseId, dueAt, waitingSince })), `inbox of ${actor}`).toEqual(inbox);
    for (const [at, row] of inbox.entries()) {
      expect((await store.inbox!({ actor, after: row, limit: 2 })).map((found) => found.caseId), `inbox of ${actor} after ${row.caseId}`).toEqual(inbox.slice(at + 1, at + 3).map((next) => next.caseId));
    }
    const key = (row: { dueAt: string | null; waitingSince: string; caseId: string }) => [row.dueAt === null ? Number.POSITIVE_INFINITY : ms(row.dueAt), ms(row.waitingSince), row.caseId] as const;
    const [cursorDue, cursorWaiting] = key(cursor);
    const afterCursor = inbox.filter((row) => {
      const [due, waiting] = key(row);
      return due > cursorDue || (due === cursorDue && (waiting > cursorWaiting || (waiting === cursorWaiting && row.caseId > cursor.caseId)));
    });
    expect((await store.inbox!({ actor, after: cursor, limit: 50 })).map((found) => found.caseId), `inbox of ${actor} after a cursor`).toEqual(afterCursor.map((row) => row.caseId));

    const done = doneScan(cases, actor);
    expect((await store.done!({ actor, limit: 50 })).map(({ caseId, lastActedAt }) => ({ caseId, lastActedAt })), `done of ${actor}`).toEqual(done);
    for (const [at, row] of done.entries()) {
      expect((await store.done!({ actor, after: row, limit: 2 })).map((found) => found.caseId), `done of ${actor} after ${row.caseId}`).toEqual(done.slice(at + 1, at + 3).map((next) => next.caseId));
    }
    const doneAfterCursor = done.filter((row) => ms(row.lastActedAt) < ms(cursor.lastActedAt) || (row.lastActedAt === cursor.lastActedAt && row.caseId < cursor.caseId));
    expect((await store.done!({ actor, after: cursor, limit: 50 })).map((found) => found.caseId), `done of ${actor} after a cursor`).toEqual(doneAfterCursor.map((row) => row.caseId));
  }
  const unindexed = cases.filter((summary) => !isIndexed(summary)).map((summary) => summary.caseId);
  expect([...(await store.unindexedCases!(50))].sort(byCodeUnit), 'unindexedCases').toEqual(unindexed.sort(byCodeUnit));
}

const cursorArbitrary = fc.record({
  dueAt: fc.option(fc.constantFrom(...TIMES), { nil: null }),
  waitingSince: fc.constantFrom(...TIMES),
  caseId: fc.constantFrom(...CASES, 'c-0'),
  lastActedAt: fc.constantFrom(...TIMES),
});

describe('the memory store’s 待办/已办 indexes answer as a scan of each case’s latest summary', () => {
  it('after every write of any sequence, every inbox and done page after every cursor is the scan’s', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 16 }), cursorArbitrary, async (steps, cursor) => {
        await run(steps, (store, cases) => expectScans(store, cases, cursor));
      }),
      { numRuns: 100 },
    );
  }, PROPERTY_TIMEOUT);
});
