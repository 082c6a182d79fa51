/**
 * The decide step of a send (ENGINE-PATTERNS: load → decide → write → view): the case's actor
 * (`CaseRunner`) reports what the machine threw as a typed error and stops when asked; a refused
 * event leaves the live actor where it was, to be used again, and an actor that moved is not kept;
 * a copy the machine cannot restore is `INCOMPATIBLE_SNAPSHOT`; an event that throws when read is
 * `INVALID_EVENT` naming the event. Written against the mutants that survived the older suites.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createMachine, fromCallback, setup } from 'xstate';
import { caseMachine } from '../machines/caseMachine.js';
import type { CaseMachine } from '../machines/createCaseMachine.js';
import type { CaseEvent } from '../machines/schemas.js';
import { CaseRunner } from '../src/engine/_lib/decide/CaseRunner.js';
import { decideEvent } from '../src/engine/_lib/decide/decideEvent.js';
import { eventToSend } from '../src/engine/_lib/decide/prepareEvent.js';
import { CaseCache } from '../src/engine/_lib/load/CaseCache.js';
import { loadCase } from '../src/engine/_lib/load/loadCase.js';
import type { CaseCopy } from '../src/engine/_lib/load/restoreCase.js';
import { describeMachine } from '../src/engine/_lib/machineInfo.js';
import { CASE_MACHINE_VERSION, caseMachineMigrations } from '../src/engine/migrations.js';
import { LinkedEnforcementError } from '../src/errors.js';
import { bj, center, justice } from './_lib/cases.js';
import { storedItem1Case } from './_lib/engine.js';
import { errorOf, thrown } from './_lib/errors.js';

const info = describeMachine(caseMachine, CASE_MACHINE_VERSION, caseMachineMigrations);
/** case-1 in 初审 (preliminaryReview), as the engine reads it. */
let copy: CaseCopy;

beforeAll(async () => {
  const { store } = await storedItem1Case(0);
  ({ copy } = await loadCase(info, store, new CaseCache(), 'case-1'));
});

const reviewPass = (): CaseEvent => ({ type: 'review.pass', by: center, at: bj('2026-09-01 10:00') }) as CaseEvent;
/** 法制审核 by the justice bureau: not an event 初审 takes. */
const legalApprove = (): CaseEvent => ({ type: 'legal.approve', by: justice, at: bj('2026-09-01 10:00') }) as CaseEvent;

/** A stand-in for the copy's live actor, as the cache hands it out. */
function fakeRunner(peeked: unknown, ran: unknown) {
  return { peek: vi.fn(() => peeked), run: vi.fn(() => ({ snapshot: ran, persisted: {}, notifications: [] })), stop: vi.fn() };
}

describe('CaseRunner', () => {
  it('reports a machine that threw something other than an Error as INVALID_INPUT, with what it threw as the cause', () => {
    const failing = setup({
      actions: {
        fail: () => {
          throw 'the printer is on fire';
        },
      },
    }).createMachine({ entry: 'fail' });
    const error = thrown(() => new CaseRunner(failing as unknown as CaseMachine, { input: {} }).run());
    expect(error).toMatchObject({ code: 'INVALID_INPUT', message: 'The case machine failed: the printer is on fire', cause: 'the printer is on fire' });
  });

  it('persists a machine with child actors the way XState does', () => {
    const parent = createMachine({ invoke: { id: 'listener', src: fromCallback(() => () => {}) } });
    const runner = new CaseRunner(parent as unknown as CaseMachine, { input: {} });
    const { persisted } = runner.run();
    expect(Object.keys(persisted.children as object)).toEqual(['listener']);
    expect(persisted).toEqual(runner.actor.getPersistedSnapshot());
    runner.stop();
  });

  it('throws the machine’s own error for a snapshot it cannot restore, once started', () => {
    const runner = new CaseRunner(caseMachine, { snapshot: { ...copy.persisted, value: 'nowhere' } });
    expect(runner.peek().status).toBe('error');
    const error = errorOf(() => runner.run());
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(LinkedEnforcementError);
    expect(runner.actor.getSnapshot().status).not.toBe('active');
  });

  it('stops its actor when stopped', () => {
    const runner = new CaseRunner(caseMachine, { snapshot: copy.persisted });
    runner.run();
    runner.stop();
    expect(runner.actor.getSnapshot().status).toBe('stopped');
  });
});

describe('decideEvent', () => {
  it('keeps the live actor of a copy that refused an event, not moved, for the next event', () => {
    const cache = new CaseCache();
    const live = new CaseRunner(caseMachine, { snapshot: copy.persisted });
    cache.put(copy, live);
    const refused = decideEvent(info, cache, copy, legalApprove());
    expect(refused.taken).toBe(false);
    expect(cache.takeRunner(copy)).toBe(live);
    expect(live.actor.getSnapshot().status).toBe('active');
    const taken = decideEvent(info, new CaseCache(), copy, reviewPass());
    expect(taken).toMatchObject({ taken: true });
    if (taken.taken) taken.runner.stop();
    live.stop();
  });

  it('stops, and does not keep, an actor that moved without taking the event', () => {
    const cache = new CaseCache();
    const moved = fakeRunner(copy.snapshot, { ...copy.snapshot });
    cache.put(copy, moved as unknown as CaseRunner);
    const decision = decideEvent(info, cache, copy, legalApprove());
    expect(decision.taken).toBe(false);
    expect(moved.stop).toHaveBeenCalledOnce();
    expect(cache.takeRunner(copy)).toBeUndefined();
  });

  it('refuses an event the machine did not take although the selectors allow it: NOT_ALLOWED, naming the event and the state', () => {
    const cache = new CaseCache();
    const stuck = fakeRunner(copy.snapshot, copy.snapshot);
    cache.put(copy, stuck as unknown as CaseRunner);
    const decision = decideEvent(info, cache, copy, reviewPass());
    if (decision.taken) throw new Error('expected a refusal');
    expect(decision.refusal).toBeInstanceOf(LinkedEnforcementError);
    expect(decision.refusal).toMatchObject({
      code: 'NOT_ALLOWED',
      message: 'Case case-1: the machine did not take review.pass in preliminaryReview',
      context: { caseId: 'case-1', version: 1, state: 'preliminaryReview', type: 'review.pass', by: center, reason: 'the machine did not take review.pass in preliminaryReview', reasonZh: '案件处于“初审”，未能初审通过' },
      issues: [],
    });
    expect(stuck.stop).not.toHaveBeenCalled();
    expect(cache.takeRunner(copy)).toBe(stuck);
  });

  it('is INCOMPATIBLE_SNAPSHOT, with the machine’s error as the cause, for a copy the machine cannot restore', () => {
    const spoilt = { ...copy, persisted: { ...copy.persisted, value: 'nowhere' } } as CaseCopy;
    const error = thrown(() => decideEvent(info, new CaseCache(), spoilt, reviewPass()));
    expect(error).toMatchObject({
      code: 'INCOMPATIBLE_SNAPSHOT',
      message: 'Case case-1: the stored snapshot cannot be restored: the machine could not restore it',
      context: { caseId: 'case-1', reason: 'the machine could not restore it', machineVersion: CASE_MACHINE_VERSION, version: 1 },
    });
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.issues).toEqual([]);
  });
});

describe('eventToSend', () => {
  it('refuses an event that throws when first read as INVALID_EVENT on the event itself, even when a second read would pass', () => {
    let reads = 0;
    const by = {
      get unit() {
        reads++;
        if (reads === 1) throw new Error('the proxy is not ready');
        return 'command-center';
      },
    };
    const error = errorOf(() => eventToSend('case-1', { type: 'review.pass', by, at: bj('2026-09-01 10:00') }, () => bj('2026-09-01 10:00')));
    expect(error).toMatchObject({ code: 'INVALID_EVENT', context: { caseId: 'case-1', type: 'review.pass' } });
    const { issues } = error as LinkedEnforcementError;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'custom', path: ['event'] });
    expect(issues[0]!.message).toContain('the proxy is not ready');
  });
});
