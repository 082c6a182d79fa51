/**
 * The memory store's own answers beside its indexes: the statistics backlog paged by id, data
 * refused with an error naming the part that is wrong, data read back with the opening and wake
 * time it holds, a first write at a version past 1 refused, and `toJSON()` in case-id order.
 */
import { describe, expect, it } from 'vitest';
import { isLinkedEnforcementError } from '../src/errors.js';
import { memoryStore, type MemoryStoreData } from '../src/engine/memoryStore.js';
import type { AuditEntry, CaseEnvelope } from '../src/engine/schemas.js';
import type { CaseSummary, CaseWrite } from '../src/engine/types.js';
import { bj } from './_lib/cases.js';
import { indexedSummary } from './_lib/engine.js';

const FORMAT = 'linked-enforcement/memory-store@2';

const summary = (caseId: string, extra: Partial<CaseSummary> = {}): CaseSummary => indexedSummary(caseId, bj('2026-09-01 09:00'), extra);

/** A case's first write, at `version`, without statistics. */
const firstWrite = (caseId: string, version = 1): CaseWrite => ({
  caseId,
  envelope: { version } as unknown as CaseEnvelope,
  summary: summary(caseId, { version }),
  entry: { version } as unknown as AuditEntry,
  outbox: [],
});

/** What loading `data` throws: its code and the messages of its issues. */
function refusal(data: unknown): { code: string; messages: string[] } {
  try {
    memoryStore({ data: data as MemoryStoreData });
  } catch (error) {
    if (!isLinkedEnforcementError(error)) throw error;
    return { code: error.code, messages: (error.issues ?? []).map((issue) => issue.message) };
  }
  throw new Error('the data was accepted');
}

describe('memory store', () => {
  it('statsBacklog: the cases without statistics by id, a page at a time after the last', async () => {
    const store = memoryStore();
    for (const caseId of ['c', 'a', 'e', 'b', 'd']) expect(await store.create(firstWrite(caseId))).toEqual({ ok: true });
    expect(await store.statsBacklog!({ limit: 2 })).toEqual(['a', 'b']);
    expect(await store.statsBacklog!({ after: 'b', limit: 2 })).toEqual(['c', 'd']);
    expect(await store.statsBacklog!({ after: 'd', limit: 2 })).toEqual(['e']);
  });

  it.each([
    ['null', null],
    ['a string', 'case-1'],
    ['a number', 5],
    ['an object without a case id', { units: [] }],
    ['an object without units', { caseId: 'case-1' }],
  ])('a stored summary that is %s is refused as not a case summary', (_, stored) => {
    expect(refusal({ format: FORMAT, cases: { 'case-1': { envelope: { version: 1 }, summary: stored, audit: [] } } })).toEqual({ code: 'INVALID_INPUT', messages: ['must be a case summary'] });
  });

  it('an outbox entry that is not a record (a function with the fields) is refused as not an outbox record', () => {
    const entry = Object.assign(() => undefined, { id: 'message-1', caseId: 'case-1' });
    expect(refusal({ format: FORMAT, cases: {}, outbox: [entry] })).toEqual({ code: 'INVALID_INPUT', messages: ['must be an outbox record'] });
  });

  it('a stored summary with its origin and item is read as it is, whatever the snapshot holds', async () => {
    const stored = summary('case-1', { origin: 'leaderAssignment', itemNo: 2 });
    const store = memoryStore({ data: { format: FORMAT, cases: { 'case-1': { envelope: { version: 1, snapshot: { context: { origin: 'application', itemNo: 1 } } }, summary: stored, audit: [{}] } } } });
    const now = bj('2026-09-02 09:00');
    expect((await store.list({ now, limit: 10, origin: 'leaderAssignment' })).map((row) => row.caseId)).toEqual(['case-1']);
    expect((await store.list({ now, limit: 10, itemNo: 2 })).map((row) => row.caseId)).toEqual(['case-1']);
    expect(await store.list({ now, limit: 10, origin: 'application' })).toEqual([]);
  });

  it.each([
    ['an origin', 'origin', { itemNo: 2 }],
    ['an item', 'itemNo', { origin: 'leaderAssignment' }],
  ] as const)('a stored summary without %s (written before it was indexed) takes it from the snapshot', async (_, missing, filter) => {
    const { [missing]: _dropped, ...stored } = summary('case-1', { origin: 'leaderAssignment', itemNo: 2 });
    const store = memoryStore({ data: { format: FORMAT, cases: { 'case-1': { envelope: { version: 1, snapshot: { context: { origin: 'leaderAssignment', itemNo: 2 } } }, summary: stored as CaseSummary, audit: [{}] } } } });
    const now = bj('2026-09-02 09:00');
    expect((await store.list({ now, limit: 10, origin: 'leaderAssignment', itemNo: 2 })).map((row) => row.caseId)).toEqual(['case-1']);
    expect((await store.list({ now, limit: 10, ...filter })).map((row) => row.caseId)).toEqual(['case-1']);
  });

  it('a stored 待办 list with an entry that is null is dropped: the case loads, to be indexed again', async () => {
    const stored = { ...summary('case-1'), actors: [null], participants: [] } as unknown as CaseSummary;
    const store = memoryStore({ data: { format: FORMAT, cases: { 'case-1': { envelope: { version: 1 }, summary: stored, audit: [{}] } } } });
    expect(await store.unindexedCases!(10)).toEqual(['case-1']);
  });

  it('a stored wake time (a reminder before the deadline) is when claimDue takes the case', async () => {
    const stored = summary('case-1', { nextDueAt: bj('2026-09-10 18:00'), nextWakeAt: bj('2026-09-09 09:00') });
    const store = memoryStore({ data: { format: FORMAT, cases: { 'case-1': { envelope: { version: 1 }, summary: stored, audit: [{}] } } } });
    const now = bj('2026-09-09 10:00');
    expect(await store.claimDue({ now, clockNow: now, leaseUntil: now, limit: 10 })).toEqual(['case-1']);
  });

  it('a first write at version 2 is refused: the log has no version 1 before it', async () => {
    const store = memoryStore();
    const refused = await store.create(firstWrite('case-1', 2)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isLinkedEnforcementError(refused) && { code: refused.code, table: refused.context.table }).toEqual({ code: 'INCOMPATIBLE_SNAPSHOT', table: 'case_log' });
  });

  it('toJSON lists the cases by id in code-unit order, whatever order they were written in', async () => {
    const store = memoryStore();
    for (const caseId of ['b', 'a-2', 'B', 'a-10', '_']) await store.create(firstWrite(caseId));
    expect(Object.keys(store.toJSON().cases)).toEqual(['B', '_', 'a-10', 'a-2', 'b']);
  });
});
