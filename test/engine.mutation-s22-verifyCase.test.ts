/**
 * `engine.verifyAudit` on stored rows changed behind the engine's back (README › What the audit
 * proves): each change is reported with the version, table and reason, and none makes the audit
 * throw — also when the forger made the chain, the head and the newest digest fit again.
 * Written against the mutants of src/engine/_lib/verifyCase.ts that survived the older suites.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEntryHash, createCaseEngine, memoryStore, type MemoryStore } from 'linked-enforcement';
import { applicationInput, bj, center, ev } from './_lib/cases.js';
import { following, testClock } from './_lib/engine.js';

type Stored = { envelope: Record<string, unknown> & { snapshot: { context: Record<string, unknown> } }; entries: Record<string, unknown>[]; summary?: Record<string, unknown>; idempotency: unknown[] };
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

/** The verdict of an engine over a store whose `audit` hands back `change` of case-1's stored rows. */
const verifyWith = (change: (stored: Stored) => unknown) => {
  const tampered = Object.assign(Object.create(store) as MemoryStore, { audit: async () => change(structuredClone(original)) });
  return createCaseEngine({ store: tampered }).verifyAudit('case-1');
};

/** Each entry's `prevHash` and the envelope's `auditHead` made to fit the (edited) entries again, as a forger would. */
const refit = (stored: Stored): Stored => {
  for (let index = 1; index < stored.entries.length; index++) stored.entries[index]!.prevHash = auditEntryHash(stored.entries[index - 1]);
  stored.envelope.auditHead = auditEntryHash(stored.entries.at(-1));
  return stored;
};

/** The stored snapshot changed by `edit`, the newest entry's digest made to vouch for it, the chain refitted. */
const vouched = (edit: (context: Record<string, unknown>, snapshot: Record<string, unknown>) => void) => (stored: Stored) => {
  edit(stored.envelope.snapshot.context, stored.envelope.snapshot);
  stored.entries.at(-1)!.snapshotDigest = auditEntryHash(stored.envelope.snapshot);
  return refit(stored);
};

const digestProblem = { kind: 'replay', version: 2, table: 'case_log', message: "entry 2's snapshot digest is not the snapshot the machine produces when replaying the log" };
const unrebuilt = (why: string) => ({ kind: 'snapshot', version: 2, table: 'cases', message: `the stored snapshot's history cannot be rebuilt from the log (${why}): the case was changed outside the engine` });
const changedSnapshot = { kind: 'snapshot', version: 2, table: 'cases', message: 'the stored snapshot is not the case the log replays to: the case was changed outside the engine' };

describe('engine.verifyAudit: an entry of this machine release without its snapshot digest', () => {
  it('is a problem of that entry, though the chain was made to fit again', async () => {
    const verdict = await verifyWith((stored) => {
      delete stored.entries[0]!.snapshotDigest;
      return refit(stored);
    });
    expect(verdict.problems).toEqual([{ kind: 'replay', version: 1, table: 'case_log', message: 'entry 1 holds no snapshot digest, which the engine writes with every entry it replays' }]);
    expect(verdict).toMatchObject({ ok: false, brokenAt: 1 });
  });
});

describe('engine.verifyAudit: a case stored by a newer machine release than its log, which is all this engine’s', () => {
  const newer = (stored: Stored) => {
    stored.envelope.machineVersion = 4;
    return stored;
  };
  const note = 'the case is stored by machine version 4; this engine replays version 3: its log was replayed, the stored case not compared with it';

  it('has its log replayed, and says the stored case was not compared', async () => {
    expect(await verifyWith(newer)).toMatchObject({ ok: true, problems: [], replayed: true, replayNote: note });
    // The stored columns belong to the newer release's case: they are not compared either.
    expect(await verifyWith((stored) => newer({ ...stored, summary: { ...stored.summary, state: 'x' } }))).toMatchObject({ ok: true, problems: [], replayed: true });
  });

  it('cannot hide a forged snapshot the newest entry vouches for: the replay does not give it', async () => {
    const forged = await verifyWith((stored) => newer(vouched((context) => (context.title = '伪造的标题'))(stored)));
    expect(forged).toMatchObject({ ok: false, problems: [digestProblem], replayed: true, replayNote: note, brokenAt: 2 });
  });
});

describe('engine.verifyAudit: an opening that holds what the engine never writes', () => {
  it('stops the replay at it, though the chain was made to fit again (the engine logs the input as it checked it)', async () => {
    const verdict = await verifyWith((stored) => {
      stored.entries[0]!.event = { ...(stored.entries[0]!.event as object), approvedBy: '县领导' };
      return refit(stored);
    });
    expect(verdict.problems).toEqual([{ kind: 'replay', version: 1, table: 'case_log', message: 'entry 1 (case.open) holds what the engine never writes: its input is not the input as checked' }]);
    expect(verdict).toMatchObject({ ok: false, replayed: true, replayNote: 'the replay stopped at entry 1' });
  });
});

describe('engine.verifyAudit: what it compares with the stored case', () => {
  it('compares nothing with a replay that stopped at the first entry, and says where it stopped', async () => {
    const verdict = await verifyWith((stored) => {
      stored.entries[0]!.type = 'review.pass';
      return refit(stored);
    });
    expect(verdict.problems).toEqual([{ kind: 'replay', version: 1, table: 'case_log', message: 'entry 1 is not the opening (case.open) the replay starts from' }]);
    expect(verdict).toMatchObject({ replayed: true, replayNote: 'the replay stopped at entry 1' });
  });

  it('compares nothing with a replay the machine stopped at a later entry', async () => {
    const verdict = await verifyWith((stored) => {
      const entry = stored.entries[1]!;
      entry.type = 'legal.approve';
      entry.event = { ...(entry.event as object), type: 'legal.approve' };
      return refit(stored);
    });
    expect(verdict.problems.map((problem) => [problem.kind, problem.version])).toEqual([['replay', 2]]);
    expect(verdict.problems[0]!.message).toMatch(/^the machine refuses entry 2 \(legal\.approve\) when replaying the log: /);
    expect(verdict).toMatchObject({ replayed: true, replayNote: 'the replay stopped at entry 2' });
  });

  it('checks no columns of a store that keeps none apart from the case', async () => {
    expect(await verifyWith(({ summary: _none, ...stored }) => stored)).toMatchObject({ ok: true, problems: [] });
  });

  it('takes an envelope whose format was removed as a case of 0.1: its snapshot must hold the whole history, the log’s', async () => {
    const verdict = await verifyWith((stored) => {
      delete stored.envelope.format;
      return stored;
    });
    expect(verdict.problems).toEqual([
      { kind: 'snapshot', version: 1, table: 'cases', message: "the stored snapshot's history (流转记录) differs from the log at version 1: the case was changed outside the engine" },
      changedSnapshot,
    ]);
  });

  it('names a stored snapshot whose history cannot be rebuilt, and why, instead of throwing', async () => {
    expect((await verifyWith(vouched((_context, snapshot) => delete snapshot.context))).problems).toEqual([digestProblem, unrebuilt('its context holds no history prefix')]);
    expect((await verifyWith(vouched((context) => delete context.history))).problems).toEqual([digestProblem, unrebuilt('its context holds no history prefix')]);
    expect((await verifyWith(vouched((context) => (context.history = 'none')))).problems).toEqual([digestProblem, unrebuilt('its context holds no history prefix')]);
    expect((await verifyWith(vouched((context) => (context.history = [{}, {}, {}])))).problems).toEqual([digestProblem, unrebuilt('its history prefix has 3 entries for version 2')]);
  });
});

describe('engine.verifyAudit: recorded deadlines it cannot read, under a head the newest digest vouches for', () => {
  it.each([
    ['a context that is null', (_context: Record<string, unknown>, snapshot: Record<string, unknown>) => (snapshot.context = null), unrebuilt('its context holds no history prefix')],
    ['deadlines that are text', (context: Record<string, unknown>) => (context.deadlines = 'none'), changedSnapshot],
    ['deadlines that are an object', (context: Record<string, unknown>) => (context.deadlines = {}), changedSnapshot],
    ['a deadline that is null beside one that is an object', (context: Record<string, unknown>) => (context.deadlines = [{}, null]), changedSnapshot],
    ['a deadline that is null after one that is an object', (context: Record<string, unknown>) => (context.deadlines = [null, {}]), changedSnapshot],
  ])('replays on today’s calendar and names what differs, given %s', async (_what, edit, snapshotProblem) => {
    const verdict = await verifyWith(vouched(edit));
    expect(verdict.problems).toEqual([digestProblem, snapshotProblem]);
    expect(verdict.warnings).toEqual([]);
  });
});

describe('engine.verifyAudit: an idempotency record problem names the key only when it has one', () => {
  it('has no field for a malformed record', async () => {
    const verdict = await verifyWith((stored) => ({ ...stored, idempotency: ['pass-1', ...stored.idempotency] }));
    expect(verdict.problems).toHaveLength(1);
    expect(verdict.problems[0]).toStrictEqual({ kind: 'idempotency', version: null, message: 'an idempotency record is malformed', table: 'case_idempotency' });
  });
});
