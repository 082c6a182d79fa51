/**
 * Restoring a stored case (`load/restoreCase.ts`, README › Errors: `INCOMPATIBLE_SNAPSHOT`, never
 * a crash): a format-1 envelope (the whole history in its snapshot) keeps the history entries an
 * older machine release wrote, its faults are named one by one, a state value must be a state
 * path, and a machine that refuses the snapshot is reported with its reason. Written against the
 * mutants that survived the older suites.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { caseMachine } from '../machines/caseMachine.js';
import type { CaseMachine } from '../machines/createCaseMachine.js';
import { restoreCase } from '../src/engine/_lib/load/restoreCase.js';
import { headOf, withHistory } from '../src/engine/_lib/load/storedHistory.js';
import { describeMachine } from '../src/engine/_lib/machineInfo.js';
import { CASE_MACHINE_VERSION, caseMachineMigrations } from '../src/engine/migrations.js';
import { storedItem1Case } from './_lib/engine.js';
import { thrown } from './_lib/errors.js';

const info = describeMachine(caseMachine, CASE_MACHINE_VERSION, caseMachineMigrations);

type Envelope = Record<string, unknown> & { snapshot: Record<string, unknown> & { context: Record<string, unknown> & { history: Record<string, unknown>[] } } };
/** case-1 in 领导审批 (leaderApproval), version 3, as format 2 stores it, with its log. */
let stored: { envelope: Envelope; entries: Record<string, unknown>[] };
/** The same case as a format-1 envelope: the whole history in the snapshot, no format. */
let format1: Envelope;

beforeAll(async () => {
  const { store } = await storedItem1Case(2);
  stored = structuredClone((await store.load('case-1', { logFrom: 1 })) as unknown as typeof stored);
  const copy = restoreCase(info, 'case-1', stored.envelope, stored.entries)!;
  const { format: _format, ...rest } = stored.envelope;
  format1 = structuredClone({ ...rest, snapshot: { ...rest.snapshot, context: { ...rest.snapshot.context, history: copy.persisted.context.history } } }) as unknown as Envelope;
});

const withContext = (envelope: Envelope, context: Record<string, unknown>): Envelope => ({ ...envelope, snapshot: { ...envelope.snapshot, context: { ...envelope.snapshot.context, ...context } } });
const reasonOf = (run: () => unknown) => thrown(run).context.reason;

describe('a format-1 envelope', () => {
  it('keeps as its prefix the leading history entries an older machine release wrote, or all of them without a log', () => {
    expect(restoreCase(info, 'case-1', format1, stored.entries)!.prefixLength).toBe(0);
    const olderFirst = stored.entries.map((entry, index) => (index < 2 ? { ...entry, machineVersion: 2 } : entry));
    expect(restoreCase(info, 'case-1', format1, olderFirst)!.prefixLength).toBe(2);
    expect(restoreCase(info, 'case-1', format1, [])!.prefixLength).toBe(3);
    expect(restoreCase(info, 'case-1', format1, undefined)!.prefixLength).toBe(3);
  });

  it('is refused with a history of the wrong length, or not numbered from 0', () => {
    const history = format1.snapshot.context.history;
    expect(reasonOf(() => restoreCase(info, 'case-1', withContext(format1, { history: history.slice(0, 2) }), stored.entries))).toBe(
      'its history has 2 entries for version 3; its history ends in "legalReview", not in the state "leaderApproval"',
    );
    const error = thrown(() => restoreCase(info, 'case-1', withContext(format1, { history: history.slice(1) }), stored.entries));
    expect(error.issues).toEqual([]);
    expect('cause' in error).toBe(false);
    expect(reasonOf(() => restoreCase(info, 'case-1', withContext(format1, { history: history.slice(0, 2).concat([{ ...history[1]!, seq: 2, to: history[2]!.to }, history[2]!]) }), stored.entries))).toBe(
      'its history has 4 entries for version 3; its history is not numbered 0, 1, 2…',
    );
    expect(reasonOf(() => restoreCase(info, 'case-1', withContext(format1, { history: history.map((entry, index) => ({ ...entry, seq: index + 1 })) }), stored.entries))).toBe(
      'its history is not numbered 0, 1, 2…',
    );
  });
});

describe('the snapshot’s state value', () => {
  it.each([
    ['a number', 5],
    ['a list', ['leaderApproval']],
    ['nested deeper than any state', JSON.parse(`${'{"a":'.repeat(10)}"b"${'}'.repeat(10)}`) as unknown],
    ['null', null],
    ['missing', undefined],
    ['a state holding null', { enforcing: null }],
    ['two states at once', { review: 'legalReview', enforcing: 'planning' }],
    ['an empty object', {}],
  ])('is refused when it is %s', (_name, value) => {
    const error = thrown(() => restoreCase(info, 'case-1', { ...stored.envelope, snapshot: { ...stored.envelope.snapshot, value } }, stored.entries));
    expect(error.context.reason).toBe('the snapshot does not match the case machine');
    expect(error.issues.map((issue) => issue.path)).toEqual([['snapshot', 'value']]);
  });
});

describe('a state path nine levels deep', () => {
  it('is a state value, which the machine does not have', () => {
    const value = JSON.parse(`${'{"a":'.repeat(9)}"b"${'}'.repeat(9)}`) as unknown;
    expect(reasonOf(() => restoreCase(info, 'case-1', { ...stored.envelope, snapshot: { ...stored.envelope.snapshot, value } }, stored.entries))).toMatch(/^the machine has no state "a\.a\.a\.a\.a\.a\.a\.a\.a\.b" a case can rest in/);
  });
});

describe('a migration that throws', () => {
  it('is INCOMPATIBLE_SNAPSHOT naming the version it starts from, with its error as the cause', () => {
    const cause = new Error('no such field');
    const migrations = new Map([[2, { from: 2, to: 3, migrate: () => { throw cause; } }]]);
    const error = thrown(() => restoreCase({ ...info, migrations } as never, 'case-1', { ...format1, machineVersion: 2 }, stored.entries));
    expect(error).toMatchObject({
      code: 'INCOMPATIBLE_SNAPSHOT',
      context: { caseId: 'case-1', reason: 'the migration from machine version 2 threw: no such field', machineVersion: 2, expectedMachineVersion: 3, version: 3 },
      cause,
    });
    expect(error.issues).toEqual([]);
  });
});

describe('a machine that refuses the snapshot', () => {
  it('is INCOMPATIBLE_SNAPSHOT naming its reason, with its error as the cause', () => {
    const cause = new Error('no such step');
    const refusing = Object.create(caseMachine, {
      resolveState: {
        value: () => {
          throw cause;
        },
      },
    }) as CaseMachine;
    const error = thrown(() => restoreCase({ ...info, machine: refusing }, 'case-1', stored.envelope, stored.entries));
    expect(error).toMatchObject({
      code: 'INCOMPATIBLE_SNAPSHOT',
      message: 'Case case-1: the stored snapshot cannot be restored: the machine refused it: no such step',
      context: { caseId: 'case-1', reason: 'the machine refused it: no such step', machineId: 'linkedEnforcementCase', machineVersion: CASE_MACHINE_VERSION, version: 3 },
      cause,
    });
    expect(error.issues).toEqual([]);
  });
});

describe('a copy’s known history', () => {
  it('is carried on by the entries after it, and refused (undefined: read it whole) when it does not continue into them', () => {
    const whole = restoreCase(info, 'case-1', stored.envelope, stored.entries)!;
    const history = whole.persisted.context.history.slice(0, 2);
    const known = { history, auditHead: stored.entries[2]!.prevHash as string, prefixLength: 0, machineVersion: CASE_MACHINE_VERSION };
    const continued = restoreCase(info, 'case-1', stored.envelope, stored.entries.slice(2), known)!;
    expect(continued.persisted.context.history).toEqual(whole.persisted.context.history);
    expect(restoreCase(info, 'case-1', stored.envelope, stored.entries.slice(2), { ...known, machineVersion: 2 })).toBeUndefined();
    expect(restoreCase(info, 'case-1', stored.envelope, stored.entries.slice(2), { ...known, prefixLength: 1 })).toBeUndefined();
    expect(restoreCase(info, 'case-1', stored.envelope, stored.entries.slice(2), { ...known, auditHead: 'b'.repeat(64) })).toBeUndefined();
  });

  it('with no log after it is INCOMPATIBLE_SNAPSHOT: the history cannot be rebuilt', () => {
    const whole = restoreCase(info, 'case-1', stored.envelope, stored.entries)!;
    const known = { history: whole.persisted.context.history.slice(0, 2), auditHead: 'a'.repeat(64), prefixLength: 0, machineVersion: CASE_MACHINE_VERSION };
    expect(reasonOf(() => restoreCase(info, 'case-1', stored.envelope, undefined, known))).toBe('the store handed back no audit log to rebuild its history from');
  });
});

describe('headOf and withHistory', () => {
  it('keeps an output that is no object, or null, as it is, and withHistory puts no history in it', () => {
    const history = [{ seq: 0 }];
    expect(headOf({ value: 'archived', context: { history }, output: 'dossier' } as never, 0)).toEqual({ value: 'archived', context: { history: [] }, output: 'dossier' });
    expect(headOf({ value: 'archived', context: { history }, output: null } as never, 0)).toEqual({ value: 'archived', context: { history: [] }, output: null });
    expect(withHistory({ value: 'archived', context: { history: [] }, output: 'dossier' }, history as never)).toEqual({ value: 'archived', context: { history }, output: 'dossier' });
  });
});
