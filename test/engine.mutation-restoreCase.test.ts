/**
 * What `INCOMPATIBLE_SNAPSHOT` says for each way a stored case cannot be restored (README ›
 * Errors: `caseId`, `reason`, the envelope's versions), read through `engine.get` from a store that
 * hands back a spoilt row. Written against the mutants that survived the older suites.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCaseEngine, type MemoryStore } from 'linked-enforcement';
import { storedItem1Case } from './_lib/engine.js';
import { rejectionOf } from './_lib/errors.js';

type Loaded = { envelope: Record<string, unknown> & { snapshot: { value: unknown; status: string; context: Record<string, unknown> } }; entries: Record<string, unknown>[] };
let store: MemoryStore;
let original: Loaded;

beforeAll(async () => {
  ({ store } = await storedItem1Case(1));
  original = structuredClone((await store.load('case-1', { logFrom: 1 })) as unknown as Loaded);
});

/** The refusal `engine.get` gives when the store's `load` hands back `change` of the stored rows. */
const refusalWith = (change: (loaded: Loaded) => unknown) => {
  const spoilt = Object.assign(Object.create(store) as MemoryStore, { load: async () => change(structuredClone(original)) });
  return rejectionOf(() => createCaseEngine({ store: spoilt }).get('case-1'));
};
const versions = { machineId: 'linkedEnforcementCase', machineVersion: 3, version: 2 };
const refusal = (reason: string, context: Record<string, unknown> = versions) => ({
  code: 'INCOMPATIBLE_SNAPSHOT',
  message: `Case case-1: the stored snapshot cannot be restored: ${reason}`,
  context: { caseId: 'case-1', reason, ...context },
});

describe('INCOMPATIBLE_SNAPSHOT, reason by reason', () => {
  it('a malformed envelope, with the issues under envelope', async () => {
    const error = await refusalWith((loaded) => ({ ...loaded, envelope: { ...loaded.envelope, version: 'two' } }));
    expect(error).toMatchObject({ code: 'INCOMPATIBLE_SNAPSHOT', message: 'Case case-1: the stored snapshot cannot be restored: the envelope is malformed', context: { caseId: 'case-1', reason: 'the envelope is malformed' } });
    expect(error.issues[0]!.path).toEqual(['envelope', 'version']);
  });

  it('another machine, and a newer machine release', async () => {
    expect(await refusalWith((loaded) => ({ ...loaded, envelope: { ...loaded.envelope, machineId: 'other' } }))).toMatchObject(
      refusal('it belongs to machine "other", not "linkedEnforcementCase"', { ...versions, machineId: 'other' }),
    );
    expect(await refusalWith((loaded) => ({ ...loaded, envelope: { ...loaded.envelope, machineVersion: 4 } }))).toMatchObject(
      refusal("it was saved by machine version 4, newer than this engine's 3", { ...versions, machineVersion: 4, expectedMachineVersion: 3 }),
    );
  });

  it('a format-2 snapshot without a history prefix, and a history that cannot be rebuilt', async () => {
    expect(await refusalWith((loaded) => ({ ...loaded, envelope: { ...loaded.envelope, snapshot: { ...loaded.envelope.snapshot, context: { ...loaded.envelope.snapshot.context, history: 'none' } } } }))).toMatchObject(
      refusal('its snapshot has no context with a history prefix'),
    );
    expect(await refusalWith((loaded) => ({ ...loaded, entries: loaded.entries.slice(0, 1) }))).toMatchObject(refusal('audit entry 2 is missing or malformed'));
  });

  it('a snapshot the machine cannot rest in, naming every fault at once', async () => {
    const error = await refusalWith((loaded) => ({ ...loaded, envelope: { ...loaded.envelope, snapshot: { ...loaded.envelope.snapshot, value: 'nowhere' } } }));
    expect(error).toMatchObject(refusal('the machine has no state "nowhere" a case can rest in; its history ends in "legalReview", not in the state "nowhere"'));
  });

  it('a status that does not fit the state, and a closed case without its dossier', async () => {
    expect(await refusalWith((loaded) => ({ ...loaded, envelope: { ...loaded.envelope, snapshot: { ...loaded.envelope.snapshot, status: 'done' } } }))).toMatchObject(
      refusal('status "done" does not fit state "legalReview"; a closed case has no output (dossier)'),
    );
  });

  it('a context of another case, and a nextDueAt that is not the earliest pending deadline', async () => {
    expect(await refusalWith((loaded) => ({ ...loaded, envelope: { ...loaded.envelope, snapshot: { ...loaded.envelope.snapshot, context: { ...loaded.envelope.snapshot.context, caseId: 'case-2' } } } }))).toMatchObject(
      refusal('its context is case "case-2"'),
    );
    expect(await refusalWith((loaded) => ({ ...loaded, envelope: { ...loaded.envelope, nextDueAt: '2026-09-09T23:59:59.999+08:00' } }))).toMatchObject(
      refusal('its nextDueAt (2026-09-09T23:59:59.999+08:00) is not the earliest pending deadline (null)'),
    );
  });
});
