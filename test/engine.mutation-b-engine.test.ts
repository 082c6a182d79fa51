/**
 * The engine's own answers to a store that went wrong (README › Errors): a log entry `history`
 * cannot read is `INCOMPATIBLE_SNAPSHOT` naming its version (table `case_log`), a log that is no
 * list reads as empty, a case gone from the store while it was written is `CASE_NOT_FOUND` (not
 * a race lost ten times), and statistics groups that are not objects are the store's fault.
 * Written against the mutants that survived the older suites.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCaseEngine, type MemoryStore } from 'linked-enforcement';
import { statsAnswer } from '../src/engine/_lib/storeAnswers.js';
import { applicationInput, bj, ev, inCharge } from './_lib/cases.js';
import { storedItem1Case, testClock } from './_lib/engine.js';
import { rejectionOf } from './_lib/errors.js';

let store: MemoryStore;

beforeAll(async () => {
  ({ store } = await storedItem1Case(2));
});

/** The memory store holding case-1 with `changes` over its methods. */
const storeWith = (changes: Partial<Record<keyof MemoryStore, unknown>>) => Object.assign(Object.create(store) as MemoryStore, changes);

describe('history', () => {
  it('names the first entry it cannot read, counting from 1', async () => {
    const spoilt = storeWith({
      audit: async (caseId: string) => {
        const log = structuredClone(await store.audit(caseId))!;
        return { ...log, entries: [log.entries[0], { ...(log.entries[1] as object), type: 42 }, log.entries[2]] };
      },
    });
    const reason = 'audit entry 2 is malformed (run verifyAudit)';
    expect(await rejectionOf(() => createCaseEngine({ store: spoilt }).history('case-1'))).toMatchObject({
      code: 'INCOMPATIBLE_SNAPSHOT',
      message: `Case case-1: the stored log cannot be read: ${reason}`,
      context: { caseId: 'case-1', table: 'case_log', version: 2, reason },
    });
  });

  it('is empty for a log that is no list', async () => {
    const spoilt = storeWith({ audit: async (caseId: string) => ({ ...(await store.audit(caseId))!, entries: 'lost' }) });
    expect(await createCaseEngine({ store: spoilt }).history('case-1')).toEqual([]);
  });
});

describe('a case gone from the store as it is written', () => {
  it('is CASE_NOT_FOUND at once', async () => {
    let commits = 0;
    const vanishing = storeWith({
      commit: async () => {
        commits++;
        return { ok: false, actualVersion: null };
      },
    });
    const engine = createCaseEngine({ store: vanishing, clock: testClock(bj('2026-09-03 09:00')) });
    expect(await rejectionOf(() => engine.send('case-1', ev('leader.approve', inCharge, bj('2026-09-03 09:00'))))).toMatchObject({
      code: 'CASE_NOT_FOUND',
      context: { caseId: 'case-1' },
    });
    expect(commits).toBe(1);
  });
});

describe('statistics groups', () => {
  it('that are not objects are the store’s fault, named by their place', () => {
    expect(() => statsAnswer({ name: 'odd' }, [null])).toThrow(
      expect.objectContaining({ code: 'STORE_UNAVAILABLE', message: 'The odd store answered stats() with what CaseStore does not allow: group 0 is not an object' }) as Error,
    );
  });
});

describe('verifyAll, deliverNotifications and pendingNotifications', () => {
  it('take a limit of 1 to 1000', async () => {
    const engine = createCaseEngine({ store });
    expect((await engine.verifyAll({ limit: 1000 })).cases).toHaveLength(1);
    expect(await engine.pendingNotifications({ limit: 1000 })).toEqual(expect.any(Array));
    expect((await engine.deliverNotifications(() => {}, { limit: 1000 })).delivered).toEqual(['case-1/1/0', 'case-1/2/0', 'case-1/3/0']);
    for (const call of [() => engine.verifyAll({ limit: 1001 }), () => engine.pendingNotifications({ limit: 1001 }), () => engine.deliverNotifications(() => {}, { limit: 1001 })]) {
      expect((await rejectionOf(call)).code).toBe('INVALID_INPUT');
    }
  });

  it('verifyAll pages by the case ids, skipping a case whose log is gone, with a cursor only after a full page', async () => {
    const gone = storeWith({ caseIds: async () => ['case-0', 'case-1'], audit: async (caseId: string) => (caseId === 'case-1' ? store.audit(caseId) : undefined) });
    const engine = createCaseEngine({ store: gone });
    const full = await engine.verifyAll({ limit: 2 });
    expect(full.cases.map((verdict) => [verdict.caseId, verdict.ok])).toEqual([['case-1', true]]);
    expect(full.nextCursor).toBe('case-1');
    expect((await engine.verifyAll({ limit: 3 })).nextCursor).toBeNull();
  });
});

describe('opening a case whose id is taken', () => {
  it('is VERSION_CONFLICT: a case with this id exists, at the version found', async () => {
    const engine = createCaseEngine({ store, clock: testClock(bj('2026-09-03 09:00')) });
    const reason = 'a case with this id exists';
    expect(await rejectionOf(() => engine.open(applicationInput()))).toMatchObject({
      code: 'VERSION_CONFLICT',
      message: `Case case-1: ${reason} (expected version 0, found 3)`,
      context: { caseId: 'case-1', expectedVersion: 0, actualVersion: 3, reason },
    });
  });
});

