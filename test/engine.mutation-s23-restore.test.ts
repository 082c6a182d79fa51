/**
 * Restoring a stored case (README › Errors: INCOMPATIBLE_SNAPSHOT; › Migrations and fixtures):
 * the state value must name a state, every audit entry the history is rebuilt from must be an
 * object with an event object, and an envelope of an older machine release is judged after its
 * migration, not by the `nextDueAt` that release wrote. Written against the s23 run's survivors
 * of restoreCase, snapshotSchema and storedHistory.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, CASE_MACHINE_VERSION, type MemoryStore } from 'linked-enforcement';
import { bj } from './_lib/cases.js';
import { storedItem1Case, testClock } from './_lib/engine.js';
import { rejectionOf } from './_lib/errors.js';

type Loaded = { envelope: { nextDueAt: string | null; snapshot: Record<string, unknown> }; entries: (Record<string, unknown> | null)[] };

/** A store that hands back case-1's rows (as `load` read them) changed by `change`. */
const spoiling = (store: MemoryStore, change: (loaded: Loaded) => void) =>
  Object.assign(Object.create(store) as MemoryStore, {
    load: async (caseId: string, options: Parameters<MemoryStore['load']>[1]) => {
      const loaded = structuredClone(await store.load(caseId, options)) as unknown as Loaded;
      change(loaded);
      return loaded;
    },
  });

/** The refusal `engine.get('case-1')` gives for case-1 in 法制审核 (version 2) with its rows changed by `change`. */
async function refusalWith(change: (loaded: Loaded) => void) {
  const { store } = await storedItem1Case(1);
  const error = await rejectionOf(() => createCaseEngine({ store: spoiling(store, change) }).get('case-1'));
  expect(error.code).toBe('INCOMPATIBLE_SNAPSHOT');
  return error;
}

describe('a stored state value', () => {
  it('is refused as no state value when it is empty text, at the top or inside a stage', async () => {
    for (const value of ['', { enforcing: '' }]) {
      const error = await refusalWith((loaded) => void (loaded.envelope.snapshot.value = value));
      expect(error.context.reason).toBe('the snapshot does not match the case machine');
      expect(error.issues.map((issue) => issue.path)).toEqual([['snapshot', 'value']]);
    }
  });
});

describe('the audit entries a format-2 history is rebuilt from', () => {
  it('refuses a null entry as missing or malformed, and an entry whose event is null as malformed', async () => {
    expect((await refusalWith((loaded) => void (loaded.entries[1] = null))).context.reason).toBe('audit entry 2 is missing or malformed');
    expect((await refusalWith((loaded) => void (loaded.entries[1]!.event = null))).context.reason).toBe('audit entry 2 is malformed');
  });
});

describe('an envelope of an older machine release', () => {
  it('is judged after its migration: a migration that drops a deadline is read, not held to the nextDueAt the older release wrote', async () => {
    // case-1 dispatched: the cooperating units owe their acknowledgements by the start of enforcement.
    const { store } = await storedItem1Case(4);
    expect(((await store.load('case-1'))!.envelope as Loaded['envelope']).nextDueAt).toBe(bj('2026-09-29 09:00'));
    const dropDeadlines = (snapshot: Readonly<Record<string, unknown>>) => ({ ...snapshot, context: { ...(snapshot.context as object), deadlines: [] } });
    const engine = createCaseEngine({
      store,
      clock: testClock(bj('2026-09-05 09:00')),
      machineVersion: CASE_MACHINE_VERSION + 1,
      migrations: [{ from: CASE_MACHINE_VERSION, to: CASE_MACHINE_VERSION + 1, migrate: dropDeadlines }],
    });
    expect(await engine.get('case-1')).toMatchObject({ version: 5, state: 'enforcing.planning', nextDueAt: null, deadlines: [] });
  });

  it('of the engine’s own release is held to it', async () => {
    const nextDueAt = bj('2026-09-29 09:00');
    const error = await refusalWith((loaded) => void (loaded.envelope.nextDueAt = nextDueAt));
    expect(error.context.reason).toBe(`its nextDueAt (${nextDueAt}) is not the earliest pending deadline (null)`);
  });
});
