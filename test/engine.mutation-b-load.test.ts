/**
 * The load step of a send (ENGINE-PATTERNS: the engine's copy of a case): an envelope still at
 * the copy's version keeps the copy as it is, unvalidated again; an actor is given back only to
 * the copy it was taken from; a case dropped without a live actor is simply forgotten. Written
 * against the mutants that survived the older suites.
 */
import { describe, expect, it, vi } from 'vitest';
import { caseMachine } from '../machines/caseMachine.js';
import type { CaseRunner } from '../src/engine/_lib/decide/CaseRunner.js';
import { CaseCache } from '../src/engine/_lib/load/CaseCache.js';
import { isStill, loadCase } from '../src/engine/_lib/load/loadCase.js';
import type { CaseCopy } from '../src/engine/_lib/load/restoreCase.js';
import { describeMachine } from '../src/engine/_lib/machineInfo.js';
import { CASE_MACHINE_VERSION, caseMachineMigrations } from '../src/engine/migrations.js';
import { storedItem1Case } from './_lib/engine.js';

const info = describeMachine(caseMachine, CASE_MACHINE_VERSION, caseMachineMigrations);
const copyOf = (caseId: string, version: number) => ({ caseId, version, envelope: { auditHead: `head-${version}` } }) as unknown as CaseCopy;
const runner = () => ({ stop: vi.fn() }) as unknown as CaseRunner & { stop: ReturnType<typeof vi.fn> };

describe('loadCase', () => {
  it('keeps the copy it was given, as it is, while the store holds that version', async () => {
    const { store } = await storedItem1Case(2);
    const { copy } = await loadCase(info, store, new CaseCache(), 'case-1');
    expect((await loadCase(info, store, new CaseCache(), 'case-1', { base: copy })).copy).toBe(copy);
    expect(isStill({ version: copy.version, auditHead: copy.envelope.auditHead }, copy)).toBe(true);
    expect(isStill({ version: copy.version, auditHead: 'another head' }, copy)).toBe(false);
    expect(isStill({ version: copy.version + 1, auditHead: copy.envelope.auditHead }, copy)).toBe(false);
    expect(isStill(null, copy)).toBe(false);
    expect(isStill('envelope', copy)).toBe(false);
  });
});

describe('CaseCache', () => {
  it('takes back an actor only for the very copy it was taken from', () => {
    const cache = new CaseCache();
    const copy = copyOf('a', 1);
    const held = runner();
    cache.put(copy, held);
    expect(cache.takeRunner(copy)).toBe(held);
    const other = runner();
    cache.giveBack(copyOf('a', 1), other);
    expect(other.stop).toHaveBeenCalledOnce();
    expect(cache.takeRunner(copy)).toBeUndefined();
  });

  it('forgets a case held without an actor', () => {
    const cache = new CaseCache();
    cache.put(copyOf('a', 1));
    expect(() => cache.drop('a')).not.toThrow();
    expect(cache.get('a')).toBeUndefined();
  });
});
