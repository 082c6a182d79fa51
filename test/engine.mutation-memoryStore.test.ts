/**
 * The memory store as its TSDoc and the README state it, to the letter: what `memoryStore({ data })`
 * refuses and with which message, the rows a write refuses (a database's primary keys), `load`'s
 * log range and idempotency record, `claimDue`'s wake time and lease at their exact instants, and
 * how data written before 0.4 (or spoilt) is read. Written against the mutants that survived the
 * older suites.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type CaseWrite, type MemoryStore, type MemoryStoreData } from 'linked-enforcement';
import { applicationInput, bj, center, ev, justice } from './_lib/cases.js';
import { rejectionOf, thrown } from './_lib/errors.js';
import { following, recordingStore, testClock, toReporting } from './_lib/engine.js';

/** A store with `case-1` opened and passed its review (version 2), and the writes the engine made. */
async function reviewedCase() {
  const { store, recording, writes } = recordingStore();
  const clock = testClock(bj('2026-09-01 09:00'));
  const engine = following(createCaseEngine({ store: recording, clock }), clock);
  await engine.open(applicationInput());
  await engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')), { idempotencyKey: 'pass-1' });
  return { store, writes, data: store.toJSON(), clock };
}

const refusal = (argument: string, message: string, path: (string | number)[] = [argument]) => ({
  code: 'INVALID_INPUT',
  message: `Invalid ${argument}: ${message}`,
  context: { argument },
  issues: [{ path, message }],
});

describe('memoryStore({ data }) refusals, to the letter', () => {
  it('names what is wrong: unreadable, too deep, not JSON, and each field of a case', async () => {
    const { data } = await reviewedCase();
    const trap = new Proxy({}, { ownKeys: () => { throw new Error('trap'); }, get: () => { throw new Error('trap'); } });
    expect(thrown(() => memoryStore(trap as never))).toMatchObject(refusal('options', 'could not be read (trap)'));
    expect(thrown(() => memoryStore({ data: { format: 'linked-enforcement/memory-store@2', cases: { x: { y: trap } } } } as never))).toMatchObject(refusal('options', 'could not be read (trap)'));
    const nested = (levels: number) => {
      let deep: Record<string, unknown> = {};
      for (let level = 0; level < levels; level++) deep = { deep };
      return { ...data, cases: { 'case-1': { ...data.cases['case-1']!, envelope: { ...data.cases['case-1']!.envelope, deep } } } };
    };
    expect(thrown(() => memoryStore({ data: nested(70) }))).toMatchObject(refusal('options', 'data: nests deeper than 64 levels, which no stored case does'));
    // 64 levels below the options (the envelope sits at 4): data nests that deep at most, and is taken.
    expect(() => memoryStore({ data: nested(59) })).not.toThrow();
    expect(thrown(() => memoryStore({ data: nested(60) }))).toMatchObject({ code: 'INVALID_INPUT', message: 'Invalid options: data: nests deeper than 64 levels, which no stored case does' });

    const spoilt = (change: (copy: MemoryStoreData) => void) => {
      const copy = structuredClone(data);
      change(copy);
      return copy;
    };
    expect(thrown(() => memoryStore({ data: spoilt((copy) => void ((copy.cases['case-1']!.envelope as Record<string, unknown>).f = () => 1)) }))).toMatchObject(
      refusal('options', "data: must be a memory store's JSON (() => 1 could not be cloned.)"),
    );
    expect(thrown(() => memoryStore({ data: spoilt((copy) => void ((copy.cases['case-1']!.envelope as Record<string, unknown>).f = new Set())) }))).toMatchObject(
      refusal('options', "data: must be a memory store's JSON (a stored value must be JSON: a Set instance is not)"),
    );
    // A cycle is not JSON (named so), not a value nested too deep; an object held twice is fine.
    const cyclic = spoilt((copy) => void ((copy.cases['case-1']!.envelope as Record<string, unknown>).self = copy.cases['case-1']!.envelope));
    expect(thrown(() => memoryStore({ data: cyclic }))).toMatchObject(refusal('options', "data: must be a memory store's JSON (a stored value must be JSON: it nests too deep (a cycle?))"));
    const shared = { x: 1 };
    expect(() => memoryStore({ data: spoilt((copy) => void Object.assign(copy.cases['case-1']!.envelope, { a: shared, b: shared })) })).not.toThrow();
    const caseArgument = 'options.data.cases.case-1';
    expect(thrown(() => memoryStore({ data: spoilt((copy) => void ((copy.cases['case-1'] as unknown as Record<string, unknown>).summary = { caseId: 'x' })) }))).toMatchObject({
      code: 'INVALID_INPUT',
      message: `Invalid ${caseArgument}: ${caseArgument}.summary: must be a case summary`,
      context: { argument: caseArgument },
      issues: [{ path: [caseArgument, 'summary'], message: 'must be a case summary' }],
    });
    expect(thrown(() => memoryStore({ data: spoilt((copy) => void ((copy.cases['case-1'] as unknown as Record<string, unknown>).summary = { units: [] })) }))).toMatchObject({ context: { argument: caseArgument } });
    expect(thrown(() => memoryStore({ data: spoilt((copy) => void ((copy.cases['case-1'] as unknown as Record<string, unknown>).summary = null)) }))).toMatchObject({ context: { argument: caseArgument } });
    // A summary filed under another id (or none a case can have) would list an id that loads nothing.
    for (const caseId of ['case-2', [], 7]) {
      expect(thrown(() => memoryStore({ data: spoilt((copy) => void (copy.cases['case-1']!.summary = { ...copy.cases['case-1']!.summary, caseId: caseId as never })) }))).toMatchObject({
        code: 'INVALID_INPUT',
        message: `Invalid ${caseArgument}: summary.caseId must be the id the case is stored under ("case-1"), not ${JSON.stringify(caseId)}`,
        context: { argument: caseArgument },
      });
    }
    expect(thrown(() => memoryStore({ data: spoilt((copy) => void (copy.cases['case-1']!.envelope.version = 0)) }))).toMatchObject({ context: { argument: caseArgument }, issues: [{ path: [caseArgument, 'envelope', 'version'] }] });
    expect(thrown(() => memoryStore({ data: spoilt((copy) => void (copy.cases['case-1']!.idempotency = { k: 5 as never })) }))).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Invalid options.data.idempotency: options.data.idempotency: must be an idempotency record',
      context: { argument: 'options.data.idempotency' },
      issues: [{ path: ['options.data.idempotency'], message: 'must be an idempotency record' }],
    });
    expect(thrown(() => memoryStore({ data: spoilt((copy) => void (copy.cases['case-1']!.idempotency = { k: null as never })) }))).toMatchObject({ context: { argument: 'options.data.idempotency' } });
    for (const record of [{ id: 1, caseId: 'case-1' }, { id: 'x', caseId: 1 }, null, 'x']) {
      expect(thrown(() => memoryStore({ data: spoilt((copy) => void (copy.outbox = [record as never])) }))).toMatchObject({
        code: 'INVALID_INPUT',
        issues: [{ path: ['options', 'data', 'outbox', 0], message: 'must be an outbox record' }],
      });
    }
    for (const value of [[], null, 'x']) {
      expect(thrown(() => memoryStore({ data: spoilt((copy) => void (copy.cases = value as never)) }))).toMatchObject({ issues: [{ path: ['options', 'data', 'cases'], message: 'must be an object' }] });
    }
  });

  it('reads each case with its idempotency records, and the outbox, as toJSON wrote them', async () => {
    const { data } = await reviewedCase();
    const reloaded = memoryStore({ data: structuredClone(data) });
    expect(reloaded.toJSON()).toEqual(data);
    expect(Object.keys(data.cases['case-1']!.idempotency!)).toEqual(['pass-1']);
    expect((await reloaded.load('case-1', { idempotencyKey: 'pass-1' }))?.idempotency).toEqual(data.cases['case-1']!.idempotency!['pass-1']);
    expect(data.outbox.length).toBeGreaterThan(0);
    expect(await reloaded.notifications({ status: 'pending', caseId: 'case-1', limit: 100 })).toEqual(data.outbox);
  });
});

describe('memoryStore: reads', () => {
  it('load: the log from `logFrom` (at least 1) to the case’s version, and the idempotency record asked for', async () => {
    const { store } = await reviewedCase();
    const versions = async (logFrom?: number) => (await store.load('case-1', logFrom === undefined ? {} : { logFrom }))?.entries?.map((entry) => (entry as { version: number }).version);
    expect(await versions()).toBeUndefined();
    expect(await versions(1)).toEqual([1, 2]);
    expect(await versions(0)).toEqual([1, 2]);
    expect(await versions(2)).toEqual([2]);
    expect(await versions(3)).toEqual([]);
    const loaded = await store.load('case-1', { idempotencyKey: 'pass-1' });
    expect(loaded).toMatchObject({ envelope: { version: 2 }, idempotency: { key: 'pass-1' } });
    expect(Object.keys(loaded!)).toEqual(['envelope', 'idempotency']);
    expect(Object.keys((await store.load('case-1', { idempotencyKey: 'other' }))!)).toEqual(['envelope']);
    expect(await store.load('nope')).toBeUndefined();
    expect(await store.audit('nope')).toBeUndefined();
    const audit = await store.audit('case-1');
    expect(audit).toMatchObject({ envelope: { version: 2 }, summary: { caseId: 'case-1', version: 2, state: 'legalReview' }, idempotency: [{ key: 'pass-1' }] });
    expect(audit!.entries.map((entry) => (entry as { version: number }).version)).toEqual([1, 2]);
  });

  it('inbox and done hand back at most `limit` rows, from after the position given', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(createCaseEngine({ store, clock }), clock);
    for (const caseId of ['a', 'b', 'c']) {
      await engine.open(applicationInput({ caseId }));
      await engine.send(caseId, ev('review.pass', center, bj('2026-09-01 10:00')));
    }
    const done = async (limit: number, after?: { lastActedAt: string; caseId: string }) =>
      (await store.done!({ actor: 'unit:command-center', limit, ...(after === undefined ? {} : { after }) })).map((row) => [row.caseId, row.lastActedAt]);
    expect(await done(1)).toEqual([['c', bj('2026-09-01 10:00')]]);
    expect(await done(2)).toEqual([['c', bj('2026-09-01 10:00')], ['b', bj('2026-09-01 10:00')]]);
    expect(await done(5, { lastActedAt: bj('2026-09-01 10:00'), caseId: 'b' })).toEqual([['a', bj('2026-09-01 10:00')]]);
    expect(await done(0)).toEqual([]);
    const inbox = async (limit: number) => (await store.inbox!({ actor: 'unit:justice', limit })).map((row) => [row.caseId, row.waitingSince, row.dueAt]);
    expect(await inbox(1)).toEqual([['a', bj('2026-09-01 10:00'), null]]);
    expect(await inbox(2)).toEqual([['a', bj('2026-09-01 10:00'), null], ['b', bj('2026-09-01 10:00'), null]]);
    expect(await store.done!({ actor: 'unit:nobody', limit: 5 })).toEqual([]);
    expect(await store.inbox!({ actor: 'unit:nobody', limit: 5 })).toEqual([]);
  });

  it('toJSON: cases in case-id order, each with its statistics once complete', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = createCaseEngine({ store, clock });
    for (const caseId of ['m', 'b', 'z', 'a']) await engine.open(applicationInput({ caseId }));
    const data = store.toJSON();
    expect(Object.keys(data.cases)).toEqual(['a', 'b', 'm', 'z']);
    expect(data.format).toBe('linked-enforcement/memory-store@2');
    expect(data.cases.a!.stats).toMatchObject({ stats: { version: 1, leadUnit: 'market-regulation', openedAt: bj('2026-09-01 09:00') }, steps: expect.any(Array) });
    // Loaded without statistics (data written before 0.4): none written back until a report brings them up to date.
    const old = structuredClone(data);
    delete old.cases.a!.stats;
    const reloaded = memoryStore({ data: old });
    expect(reloaded.toJSON().cases.a!.stats).toBeUndefined();
    expect(reloaded.toJSON().cases.b!.stats).toEqual(data.cases.b!.stats);
    expect(await reloaded.statsBacklog!({ limit: 10 })).toEqual(['a']);
    expect(await reloaded.statsBacklog!({ after: 'a', limit: 10 })).toEqual([]);
  });

  it('unindexedCases and indexCase: only the cases without a 待办 index, and only at their current version', async () => {
    const { data } = await reviewedCase();
    const old = structuredClone(data);
    delete (old.cases['case-1']!.summary as { actors?: unknown }).actors;
    const store = memoryStore({ data: old });
    expect(await store.unindexedCases!(10)).toEqual(['case-1']);
    expect(await store.unindexedCases!(0)).toEqual([]);
    const summary = data.cases['case-1']!.summary;
    expect(await store.indexCase!({ ...summary, version: 1 })).toBe(false);
    expect(await store.indexCase!({ ...summary, caseId: 'nope' })).toBe(false);
    expect(await store.unindexedCases!(10)).toEqual(['case-1']);
    expect(await store.indexCase!(summary)).toBe(true);
    expect(await store.unindexedCases!(10)).toEqual([]);
    expect(store.toJSON()).toEqual(data);
  });
});

describe('memoryStore: statistics kept with each write', () => {
  it('a write without statistics leaves the case in the backlog until a backfill of its current version', async () => {
    const { writes } = await reviewedCase();
    const [opening, review] = writes as [CaseWrite, CaseWrite];
    const store = memoryStore();
    const { stats: openingStats, ...bare } = opening;
    expect(await store.create(bare)).toEqual({ ok: true });
    expect(await store.statsBacklog!({ limit: 10 })).toEqual(['case-1']);
    expect(store.toJSON().cases['case-1']!.stats).toBeUndefined();
    expect(await store.commit(review, 1)).toEqual({ ok: true });
    // Still incomplete: the opening's visits are missing.
    expect(await store.statsBacklog!({ limit: 10 })).toEqual(['case-1']);
    expect(store.toJSON().cases['case-1']!.stats).toBeUndefined();
    await store.backfillStats!('case-1', { ...openingStats!, complete: true });
    expect(await store.statsBacklog!({ limit: 10 })).toEqual(['case-1']);
    await store.backfillStats!('nope', { ...review.stats!, complete: true });
    await store.backfillStats!('case-1', { ...review.stats!, complete: true });
    expect(await store.statsBacklog!({ limit: 10 })).toEqual([]);
    expect(store.toJSON().cases['case-1']!.stats).toEqual({ stats: review.stats!.stats, steps: [...review.stats!.steps] });
  });
});

describe('memoryStore: writes a database would refuse', () => {
  it('a row ahead of the case in the log or the outbox is INCOMPATIBLE_SNAPSHOT naming the table, the version and why', async () => {
    const { data } = await reviewedCase();
    const reason = (table: string) => `the ${table} already holds a row for version 3, which the case has not reached: a forged or duplicated row (run verifyAudit)`;
    const send = (store: MemoryStore) => createCaseEngine({ store, clock: testClock(bj('2026-09-02 10:00')) }).send('case-1', ev('legal.approve', justice, bj('2026-09-02 10:00')));

    const forgedLog = structuredClone(data);
    forgedLog.cases['case-1']!.audit.push({ ...forgedLog.cases['case-1']!.audit[1]!, version: 3 });
    expect(await rejectionOf(() => send(memoryStore({ data: forgedLog })))).toMatchObject({
      code: 'INCOMPATIBLE_SNAPSHOT',
      message: `Case case-1: cannot write version 3: ${reason('log')}`,
      context: { caseId: 'case-1', table: 'case_log', version: 3, reason: reason('log') },
    });

    const forgedOutbox = structuredClone(data);
    forgedOutbox.outbox.push({ ...forgedOutbox.outbox[0]!, id: 'case-1/3/0', version: 3 });
    const store = memoryStore({ data: forgedOutbox });
    const before = store.toJSON();
    expect(await rejectionOf(() => send(store))).toMatchObject({
      code: 'INCOMPATIBLE_SNAPSHOT',
      message: `Case case-1: cannot write version 3: ${reason('outbox')}`,
      context: { caseId: 'case-1', table: 'case_outbox', version: 3, reason: reason('outbox') },
    });
    // Nothing was written.
    expect(store.toJSON()).toEqual(before);
  });

  it('a second create, a stale commit and a retried idempotency key are refused with the version the case is at', async () => {
    const { store, writes } = await reviewedCase();
    const [opening, review] = writes as [CaseWrite, CaseWrite];
    expect(await store.create(opening)).toEqual({ ok: false, actualVersion: 2 });
    expect(await store.commit(review, 1)).toEqual({ ok: false, actualVersion: 2 });
    expect(await store.commit({ ...review, caseId: 'nope' }, 1)).toEqual({ ok: false, actualVersion: null });
    const retry = { ...review, envelope: { ...review.envelope, version: 3 }, entry: { ...review.entry, version: 3 }, outbox: [] };
    expect(await store.commit(retry, 2)).toEqual({ ok: false, actualVersion: 2, idempotencyKeyTaken: true });
    expect((await store.audit('case-1'))!.entries).toHaveLength(2);
  });
});

describe('memoryStore: claimDue at its exact instants', () => {
  it('claims a case exactly at its wake time, and again exactly when its lease ends', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-10-20 18:30'));
    const engine = createCaseEngine({ store, clock, reminders: false });
    await toReporting(engine, 'c1', bj('2026-09-30 18:00'));
    // Results due 2026-10-13, the end of that day in Beijing: the check is owed 1 ms later, its wake time.
    const dueAt = '2026-10-13T15:59:59.999Z';
    const wakeAt = '2026-10-13T16:00:00.000Z';
    const lease = (clockNow: string) => ({ clockNow, leaseUntil: new Date(Date.parse(clockNow) + 60_000).toISOString(), limit: 10 });
    expect(await store.claimDue({ now: dueAt, ...lease('2026-10-20T10:30:00.000Z') })).toEqual([]);
    expect(await store.claimDue({ now: wakeAt, ...lease('2026-10-20T10:30:00.000Z') })).toEqual(['c1']);
    expect(await store.claimDue({ now: wakeAt, ...lease('2026-10-20T10:30:59.999Z') })).toEqual([]);
    expect(await store.claimDue({ now: wakeAt, ...lease('2026-10-20T10:31:00.000Z') })).toEqual(['c1']);
    expect(await store.claimDue({ now: wakeAt, clockNow: '2026-10-20T10:31:00.000Z', leaseUntil: '2026-10-20T10:40:00.000Z', limit: 0 })).toEqual([]);
  });

  it('a spoilt nextWakeAt is dropped on load: the case then wakes 1 ms after its nextDueAt (when its deadline is overdue)', async () => {
    const store = memoryStore();
    const engine = createCaseEngine({ store, clock: testClock(bj('2026-10-20 18:30')) });
    await toReporting(engine, 'c1', bj('2026-09-30 18:00'));
    const data = store.toJSON();
    const summary = data.cases.c1!.summary as unknown as Record<string, unknown>;
    expect(summary.nextWakeAt).not.toBe(summary.nextDueAt);
    const claim = (reloaded: MemoryStore, now: string) => reloaded.claimDue({ now, clockNow: now, leaseUntil: now, limit: 10 });
    const dueMs = Date.parse(summary.nextDueAt as string);
    const before = new Date(dueMs - 1).toISOString();
    // With its reminder's wake time, it wakes before its deadline.
    expect(await claim(memoryStore({ data: structuredClone(data) }), before)).toEqual(['c1']);
    for (const spoilt of ['never', 42]) {
      const copy = structuredClone(data);
      (copy.cases.c1!.summary as unknown as Record<string, unknown>).nextWakeAt = spoilt;
      const reloaded = memoryStore({ data: copy });
      expect(await claim(reloaded, before), String(spoilt)).toEqual([]);
      expect(await claim(reloaded, new Date(dueMs).toISOString()), String(spoilt)).toEqual([]);
      expect(await claim(reloaded, new Date(dueMs + 1).toISOString()), String(spoilt)).toEqual(['c1']);
      expect(reloaded.toJSON().cases.c1!.summary).not.toHaveProperty('nextWakeAt');
    }
    const none = structuredClone(data);
    (none.cases.c1!.summary as unknown as Record<string, unknown>).nextWakeAt = null;
    expect(await claim(memoryStore({ data: none }), new Date(dueMs + 1).toISOString())).toEqual([]);
  });
});

describe('memoryStore: data written before 0.4, or with a spoilt 待办 index', () => {
  it('reads origin and itemNo from the snapshot when the summary lacks them', async () => {
    const { data } = await reviewedCase();
    const old = structuredClone(data);
    const summary = old.cases['case-1']!.summary as unknown as Record<string, unknown>;
    delete summary.origin;
    delete summary.itemNo;
    const store = memoryStore({ data: old });
    expect(store.toJSON().cases['case-1']!.summary).toMatchObject({ origin: 'application', itemNo: 1 });
    const engine = createCaseEngine({ store, clock: testClock(bj('2026-09-02 09:00')) });
    expect((await engine.list({ origin: 'application', itemNo: 1 })).items.map((view) => view.caseId)).toEqual(['case-1']);
    // Only one of them missing: the other is read from the snapshot too.
    const half = structuredClone(data);
    delete (half.cases['case-1']!.summary as unknown as Record<string, unknown>).itemNo;
    expect(memoryStore({ data: half }).toJSON().cases['case-1']!.summary).toMatchObject({ origin: 'application', itemNo: 1 });
    const noItem = structuredClone(old);
    delete ((noItem.cases['case-1']!.envelope.snapshot as { context: Record<string, unknown> }).context).itemNo;
    expect(memoryStore({ data: noItem }).toJSON().cases['case-1']!.summary).toMatchObject({ itemNo: null });
  });

  it('drops an index any of whose entries is spoilt, and the engine indexes the case again', async () => {
    const { data } = await reviewedCase();
    const { actors, participants } = data.cases['case-1']!.summary;
    expect(actors).toEqual([{ actor: 'unit:justice', waitingSince: bj('2026-09-01 10:00'), dueAt: null }]);
    expect(participants).toEqual([
      { actor: 'unit:market-regulation', lastActedAt: bj('2026-09-01 09:00') },
      { actor: 'unit:command-center', lastActedAt: bj('2026-09-01 10:00') },
    ]);
    const spoilings: Record<string, Record<string, unknown>> = {
      'actors not a list': { actors: {} },
      'an actor entry not an object': { actors: [null] },
      'an actor not a string': { actors: [{ ...actors![0]!, actor: 7 }] },
      'a waitingSince not an instant': { actors: [{ ...actors![0]!, waitingSince: 'never' }] },
      'a dueAt not an instant': { actors: [{ ...actors![0]!, dueAt: 'never' }] },
      'participants not a list': { participants: 'x' },
      'a participant not a string': { participants: [participants![0]!, { ...participants![1]!, actor: null }] },
      'a lastActedAt not an instant': { participants: [{ ...participants![0]!, lastActedAt: 'yesterday' }] },
    };
    for (const [name, change] of Object.entries(spoilings)) {
      const copy = structuredClone(data);
      Object.assign(copy.cases['case-1']!.summary, change);
      const store = memoryStore({ data: copy });
      expect(await store.unindexedCases!(10), name).toEqual(['case-1']);
      const engine = createCaseEngine({ store, clock: testClock(bj('2026-09-02 09:00')) });
      expect((await engine.inbox(justice)).items.map((item) => item.caseId), name).toEqual(['case-1']);
      expect(store.toJSON(), name).toEqual(data);
    }
    // A deadline in the index is an instant: kept.
    const dated = structuredClone(data);
    Object.assign(dated.cases['case-1']!.summary, { actors: [{ ...actors![0]!, dueAt: bj('2026-09-09 09:00') }] });
    expect(await memoryStore({ data: dated }).unindexedCases!(10)).toEqual([]);
  });
});
