/**
 * `engine.verifyAudit` as the README states it (审计日志 › checks 1–4), to the letter: the verdict
 * of an untouched case, the replay's notes, each stored column and idempotency record checked
 * with its own message, on whatever rows a store hands back. Written against the mutants that
 * survived the older suites.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEntryHash, createCaseEngine, memoryStore, type MemoryStore } from 'linked-enforcement';
import { applicationInput, bj, center, ev } from './_lib/cases.js';
import { following, testClock } from './_lib/engine.js';

type Stored = { envelope: Record<string, unknown>; entries: Record<string, unknown>[]; summary: Record<string, unknown>; idempotency: Record<string, unknown>[] };
let store: MemoryStore;
let original: Stored;

beforeAll(async () => {
  store = memoryStore();
  const clock = testClock(bj('2026-09-01 09:00'));
  const engine = following(createCaseEngine({ store, clock }), clock);
  await engine.open(applicationInput());
  await engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')), { idempotencyKey: 'pass-1' });
  original = structuredClone((await store.audit('case-1')) as unknown as Stored);
});

/** An engine over a store whose `audit` hands back `change` of the stored rows. */
const verifyWith = (change: (stored: Stored) => unknown) => {
  const tampered = Object.assign(Object.create(store) as MemoryStore, { audit: async () => change(structuredClone(original)) });
  return createCaseEngine({ store: tampered }).verifyAudit('case-1');
};

const head = () => original.envelope.auditHead;
const idempotency = (message: string, field?: string) => ({ kind: 'idempotency', version: null, table: 'case_idempotency', message, ...(field === undefined ? {} : { field }) });
const column = (field: string, stored: string, replayed: string) => ({
  kind: 'column',
  version: 2,
  table: 'cases',
  field,
  message: `the stored ${field} (${stored}) is not the replayed case's (${replayed}): case-1 would be listed or swept wrongly`,
});

describe('engine.verifyAudit, to the letter', () => {
  it('hands back the whole verdict of an untouched case: replayed, no note', async () => {
    expect(await verifyWith((stored) => stored)).toStrictEqual({ caseId: 'case-1', ok: true, problems: [], warnings: [], replayed: true, entries: original.entries, head: head() });
  });

  it('says so when the store hands back no list of entries, before what follows from it', async () => {
    const verdict = await verifyWith((stored) => ({ ...stored, entries: 'x' }));
    expect(verdict.problems.slice(0, 2)).toEqual([
      { kind: 'entry', version: null, table: 'case_log', message: 'the store handed back no list of log entries' },
      { kind: 'sequence', version: 1, table: 'case_log', message: 'the log is empty' },
    ]);
    expect(verdict).toMatchObject({ ok: false, brokenAt: 1, reason: 'the store handed back no list of log entries', entries: [], head: null });
  });

  it('names a case of another machine and does not replay it; a case stored by another machine version is not replayed, with why', async () => {
    expect(await verifyWith((stored) => ({ ...stored, envelope: { ...stored.envelope, machineId: 'other' } }))).toEqual({
      caseId: 'case-1',
      ok: false,
      problems: [{ kind: 'envelope', version: 2, table: 'cases', message: 'the case belongs to machine "other", not "linkedEnforcementCase"' }],
      warnings: [],
      replayed: false,
      replayNote: 'the case belongs to another machine',
      entries: original.entries,
      head: head(),
      brokenAt: 2,
      reason: 'the case belongs to machine "other", not "linkedEnforcementCase"',
    });
    expect(await verifyWith((stored) => ({ ...stored, envelope: { ...stored.envelope, machineVersion: 2 } }))).toMatchObject({
      replayed: false,
      replayNote: 'the case is stored by machine version 2; this engine replays version 3',
    });
  });

  it('compares the stored case with the replay only when the whole log was well formed', async () => {
    const verdict = await verifyWith((stored) => ({ ...stored, idempotency: [], envelope: { ...stored.envelope, version: 1 }, entries: [stored.entries[0], { ...stored.entries[1], caseId: 'case-2' }] }));
    expect(verdict.problems).toEqual([
      { kind: 'entry', version: 2, table: 'case_log', message: 'entry 2 belongs to case case-2' },
      { kind: 'envelope', version: 2, table: 'cases', message: 'the log has 2 entries but the case is at version 1' },
    ]);
  });

  it('does not compare a replay that stopped, and notes where it stopped', async () => {
    const verdict = await verifyWith((stored) => {
      stored.entries[1] = { ...stored.entries[0], version: 2, prevHash: auditEntryHash(stored.entries[0]) } as never;
      stored.envelope.auditHead = auditEntryHash(stored.entries[1]);
      return { ...stored, idempotency: [] };
    });
    expect(verdict.problems.filter((problem) => problem.kind !== 'snapshot')).toEqual([{ kind: 'replay', version: 2, table: 'case_log', message: 'entry 2 is a second opening (case.open)' }]);
    expect(verdict.problems.filter((problem) => problem.kind === 'column' || problem.kind === 'envelope')).toEqual([]);
    expect(verdict).toMatchObject({ replayed: true, replayNote: 'the replay stopped at entry 2' });
  });

  it('does not compare an envelope at another version, nor throw on a malformed one', async () => {
    expect((await verifyWith((stored) => ({ ...stored, envelope: { ...stored.envelope, version: 1 } }))).problems).toEqual([
      { kind: 'envelope', version: 2, table: 'cases', message: 'the log has 2 entries but the case is at version 1' },
    ]);
    expect((await verifyWith((stored) => ({ ...stored, envelope: { ...stored.envelope, version: 'two' } }))).problems).toEqual([
      { kind: 'envelope', version: 2, table: 'cases', message: 'the stored envelope is malformed, so the head of the log cannot be checked' },
    ]);
  });

  it('notes where the replay stopped when the log is incomplete', async () => {
    const verdict = await verifyWith((stored) => ({ ...stored, entries: [stored.entries[0], { ...stored.entries[1], caseId: 'case-2' }] }));
    expect(verdict).toMatchObject({ ok: false, replayed: true, replayNote: 'the replay stopped at the first malformed or misplaced entry' });
  });
});

describe('engine.verifyAudit: the idempotency records (checks 4), each with its message', () => {
  it('checks none when the store keeps no idempotency records', async () => {
    expect(await verifyWith(({ idempotency: _none, ...stored }) => stored)).toMatchObject({ ok: true, problems: [] });
  });

  it('takes a single record handed back without a list as a list of one', async () => {
    expect(await verifyWith((stored) => ({ ...stored, idempotency: stored.idempotency[0] }))).toMatchObject({ ok: true, problems: [] });
  });

  it.each([
    ['a record that is no object', 'pass-1'],
    ['a key that is no string', { key: 1, requestHash: 'a'.repeat(64), version: 2 }],
    ['a request hash that is no string', { key: 'pass-1', requestHash: 1, version: 2 }],
    ['a version that is no integer', { key: 'pass-1', requestHash: 'a'.repeat(64), version: 1.5 }],
  ])('calls %s malformed', async (_what, record) => {
    const verdict = await verifyWith((stored) => ({ ...stored, idempotency: [record, ...stored.idempotency] }));
    expect(verdict.problems).toEqual([idempotency('an idempotency record is malformed')]);
  });

  it('names a record whose version does not carry its key, and one whose request hash differs from its entry', async () => {
    expect((await verifyWith((stored) => ({ ...stored, idempotency: [{ ...stored.idempotency[0], version: 1 }] }))).problems).toEqual([
      idempotency('the idempotency record "pass-1" names version 1, whose log entry does not carry that key: a retry would be answered with a result that was never produced', 'pass-1'),
    ]);
    expect((await verifyWith((stored) => ({ ...stored, idempotency: [{ ...stored.idempotency[0], version: 3 }] }))).problems).toEqual([
      idempotency('the idempotency record "pass-1" names version 3, whose log entry does not carry that key: a retry would be answered with a result that was never produced', 'pass-1'),
    ]);
    expect((await verifyWith((stored) => ({ ...stored, idempotency: [{ ...stored.idempotency[0], requestHash: 'a'.repeat(64) }] }))).problems).toEqual([
      idempotency('the idempotency record "pass-1" holds another request hash than its log entry (version 2)', 'pass-1'),
    ]);
  });

  it('names a key in the log without its record', async () => {
    expect((await verifyWith((stored) => ({ ...stored, idempotency: [] }))).problems).toEqual([
      { kind: 'idempotency', version: 2, table: 'case_idempotency', field: 'pass-1', message: 'entry 2 was sent with idempotency key "pass-1", which has no record: a retry would apply it again' },
    ]);
  });
});

describe('engine.verifyAudit: the stored columns against the replayed case (checks 3), each with its message', () => {
  it('calls columns that are no object malformed', async () => {
    expect((await verifyWith((stored) => ({ ...stored, summary: 'x' }))).problems).toEqual([{ kind: 'column', version: 2, table: 'cases', message: 'the stored columns of the case are malformed' }]);
    expect((await verifyWith((stored) => ({ ...stored, summary: null }))).problems).toEqual([{ kind: 'column', version: 2, table: 'cases', message: 'the stored columns of the case are malformed' }]);
  });

  it('names every column that differs, with both values', async () => {
    const summary = { caseId: 'x', version: 9, state: 'x', stage: 'x', status: 'x', units: ['x'], nextDueAt: '2020-01-01T00:00:00Z', hasOverdue: true, origin: 'x', itemNo: 9, openedAt: '2020-01-01T00:00:00Z', updatedAt: '2020-01-01T00:00:00Z' };
    expect((await verifyWith((stored) => ({ ...stored, summary }))).problems).toEqual([
      column('caseId', '"x"', '"case-1"'),
      column('version', '9', '2'),
      column('state', '"x"', '"legalReview"'),
      column('stage', '"x"', '"legalReview"'),
      column('status', '"x"', '"active"'),
      column('units', '["x"]', '["market-regulation"]'),
      column('nextDueAt', '"2020-01-01T00:00:00Z"', 'null'),
      column('hasOverdue', 'true', 'false'),
      column('origin', '"x"', '"application"'),
      column('itemNo', '9', '1'),
      column('openedAt', '"2020-01-01T00:00:00Z"', '"2026-09-01T09:00:00+08:00"'),
      column('updatedAt', '"2020-01-01T00:00:00Z"', '"2026-09-01T10:00:00+08:00"'),
    ]);
  });

  it('reads a stored time as an instant (another offset is the same time), and null only as null', async () => {
    const sameTimes = { openedAt: '2026-09-01T01:00:00Z', updatedAt: '2026-09-01T02:00:00.000Z' };
    expect(await verifyWith((stored) => ({ ...stored, summary: { ...stored.summary, ...sameTimes } }))).toMatchObject({ ok: true });
    expect((await verifyWith((stored) => ({ ...stored, summary: { ...stored.summary, openedAt: null } }))).problems).toEqual([column('openedAt', 'null', '"2026-09-01T09:00:00+08:00"')]);
    expect((await verifyWith((stored) => ({ ...stored, summary: { ...stored.summary, nextDueAt: '2026-09-01T01:00:00Z' } }))).problems).toEqual([column('nextDueAt', '"2026-09-01T01:00:00Z"', 'null')]);
    expect((await verifyWith((stored) => ({ ...stored, summary: { ...stored.summary, updatedAt: 1 } }))).problems).toEqual([column('updatedAt', '1', '"2026-09-01T10:00:00+08:00"')]);
    // A Date object (a driver's timestamptz) is no stored instant text, though it is the same time.
    const date = new Date('2026-09-01T10:00:00+08:00');
    expect((await verifyWith((stored) => ({ ...stored, summary: { ...stored.summary, updatedAt: date } }))).problems).toEqual([column('updatedAt', '"2026-09-01T02:00:00.000Z"', '"2026-09-01T10:00:00+08:00"')]);
  });

  it('checks the unit index a store keeps beside the case (PostgreSQL’s case_units), its units and the state beside each', async () => {
    const indexed = { unitIndex: ['market-regulation'], unitIndexStates: [['market-regulation', 'legalReview', 'legalReview']] };
    expect(await verifyWith((stored) => ({ ...stored, summary: { ...stored.summary, ...indexed } }))).toMatchObject({ ok: true });
    const units = { kind: 'column', version: 2, table: 'case_units', field: 'units' };
    expect((await verifyWith((stored) => ({ ...stored, summary: { ...stored.summary, ...indexed, unitIndex: ['x'] } }))).problems).toEqual([
      { ...units, message: `the unit index (["x"]) is not the replayed case's units (["market-regulation"]): case-1 would be listed wrongly by unit` },
    ]);
    expect((await verifyWith((stored) => ({ ...stored, summary: { ...stored.summary, ...indexed, unitIndex: 'market-regulation' } }))).problems).toEqual([
      { ...units, message: `the unit index ("market-regulation") is not the replayed case's units (["market-regulation"]): case-1 would be listed wrongly by unit` },
    ]);
    const state = (rows: string) => ({ kind: 'column', version: 2, table: 'case_units', field: 'state', message: `the unit index holds another state for ${rows} than the replayed case's (legalReview): case-1 would be listed in the wrong inbox` });
    expect((await verifyWith((stored) => ({ ...stored, summary: { ...stored.summary, ...indexed, unitIndexStates: [['market-regulation', 'archived', 'legalReview']] } }))).problems).toEqual([state('[["market-regulation","archived","legalReview"]]')]);
    expect((await verifyWith((stored) => ({ ...stored, summary: { ...stored.summary, ...indexed, unitIndexStates: [['market-regulation', 'legalReview', 'archived']] } }))).problems).toEqual([state('[["market-regulation","legalReview","archived"]]')]);
    expect((await verifyWith((stored) => ({ ...stored, summary: { ...stored.summary, ...indexed, unitIndexStates: 'legalReview' } }))).problems).toEqual([state('[null]')]);
    expect((await verifyWith((stored) => ({ ...stored, summary: { ...stored.summary, ...indexed, unitIndexStates: ['legalReview'] } }))).problems).toEqual([state('["legalReview"]')]);
  });

  it('names an envelope whose nextDueAt is not the replayed case’s', async () => {
    expect((await verifyWith((stored) => ({ ...stored, envelope: { ...stored.envelope, nextDueAt: '2020-01-01T00:00:00.000+08:00' } }))).problems).toEqual([
      { kind: 'envelope', version: 2, table: 'cases', field: 'nextDueAt', message: "the envelope's nextDueAt (2020-01-01T00:00:00.000+08:00) is not the replayed case's (null)" },
    ]);
  });
});

describe('engine.verifyAudit: the replay (checks 3) and values it cannot print', () => {
  /** The log with entry 2 changed by `edit`, its chain and head made to fit again (as a forger would). */
  const forged = (edit: (entry: Record<string, unknown>) => void) => (stored: Stored) => {
    edit(stored.entries[1]!);
    stored.envelope.auditHead = auditEntryHash(stored.entries[1]);
    return stored;
  };

  it('names an entry whose history the replay does not give, saying both', async () => {
    const verdict = await verifyWith(forged((entry) => (entry.to = 'rejected')));
    expect(verdict.problems).toContainEqual({
      kind: 'replay',
      version: 2,
      table: 'case_log',
      message: 'entry 2 records review.pass by {"unit":"command-center"} at 2026-09-01T10:00:00+08:00 from preliminaryReview to rejected, but replaying the log gives review.pass by {"unit":"command-center"} at 2026-09-01T10:00:00+08:00 from preliminaryReview to legalReview',
    });
  });

  it('names an entry whose type, by or at is not its event’s', async () => {
    const message = "entry 2's type, by or at differs from its event's";
    for (const edit of [(entry: Record<string, unknown>) => (entry.at = '2026-09-01T10:00:01+08:00'), (entry: Record<string, unknown>) => (entry.by = { unit: 'justice' }), (entry: Record<string, unknown>) => (entry.type = 'review.return')]) {
      expect((await verifyWith(forged(edit))).problems).toContainEqual({ kind: 'replay', version: 2, table: 'case_log', message });
    }
    expect((await verifyWith(forged(() => {}))).problems).toEqual([]);
  });

  it('names an older entry whose snapshot digest is not what the replay produces, the chain made to fit again', async () => {
    const verdict = await verifyWith((stored) => {
      stored.entries[0]!.snapshotDigest = 'b'.repeat(64);
      stored.entries[1]!.prevHash = auditEntryHash(stored.entries[0]);
      stored.envelope.auditHead = auditEntryHash(stored.entries[1]);
      return stored;
    });
    expect(verdict.problems).toEqual([{ kind: 'replay', version: 1, table: 'case_log', message: "entry 1's snapshot digest is not the snapshot the machine produces when replaying the log" }]);
  });

  it('names a stored snapshot the newest entry vouches for but the replay does not give', async () => {
    const verdict = await verifyWith((stored) => {
      const snapshot = stored.envelope.snapshot as { context: Record<string, unknown> };
      snapshot.context = { ...snapshot.context, title: '改过的标题' };
      stored.entries[1]!.snapshotDigest = auditEntryHash(snapshot);
      stored.envelope.auditHead = auditEntryHash(stored.entries[1]);
      return stored;
    });
    expect(verdict.problems).toContainEqual({ kind: 'snapshot', version: 2, table: 'cases', message: 'the stored snapshot is not the case the log replays to: the case was changed outside the engine' });
    expect(verdict.problems.map((problem) => problem.kind)).toEqual(['replay', 'snapshot']);
  });

  it('names an entry whose notifications are not the ones the machine sends', async () => {
    const verdict = await verifyWith(forged((entry) => ((entry.notifications as { message: string }[])[0]!.message = '伪造')));
    expect(verdict.problems).toEqual([{ kind: 'replay', version: 2, table: 'case_log', message: "entry 2's notifications are not the ones the machine sends when replaying it" }]);
  });

  it('prints a stored value canonical JSON cannot hold as unreadable', async () => {
    const unreadable = { units: [1n], unitIndex: [1n], unitIndexStates: [[1n]] };
    expect((await verifyWith((stored) => ({ ...stored, summary: { ...stored.summary, ...unreadable } }))).problems.map((problem) => problem.message)).toEqual([
      `the unit index (unreadable) is not the replayed case's units (["market-regulation"]): case-1 would be listed wrongly by unit`,
      `the unit index holds another state for unreadable rows than the replayed case's (legalReview): case-1 would be listed in the wrong inbox`,
      `the stored units (unreadable) is not the replayed case's (["market-regulation"]): case-1 would be listed or swept wrongly`,
    ]);
  });
});
