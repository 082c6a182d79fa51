/**
 * What the machine fuzz (test/fuzz.machine.test.ts) found in the case machine's entry points and
 * the audit's pure functions, one test each: every one of these once gave a TypeError or a
 * RangeError, a silently wrong answer, or an actor dead in `error` status.
 */
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import {
  auditEntryHash,
  caseMachine,
  createCaseEngine,
  dossierOf,
  explainEvent,
  labelOfState,
  memoryStore,
  selectDeadlines,
  selectHistory,
  selectState,
  statePathOf,
  verifyAuditChain,
} from 'linked-enforcement';
import { applicationInput, bj, center, startCase } from './_lib/cases.js';
import { testClock } from './_lib/engine.js';
import { thrown } from './_lib/errors.js';
import { trapProxy } from './_lib/hostile.js';

const nested = (depth: number) => {
  let value: unknown = 'legalReview';
  for (let level = 0; level < depth; level++) value = { enforcing: value };
  return value;
};

describe('statePathOf, labelOfState and dossierOf check what they are given', () => {
  it('statePathOf takes only the value of a state a case rests in', () => {
    expect(statePathOf('legalReview')).toBe('legalReview');
    expect(statePathOf({ enforcing: 'planning' })).toBe('enforcing.planning');
    for (const value of [undefined, null, 7, {}, { a: 'b', c: 'd' }, { enforcing: 'nowhere' }, 'opening', 'enforcing', 'toString', trapProxy, nested(100_000)]) {
      expect(thrown(() => statePathOf(value as never))).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'value' } });
    }
  });

  it('labelOfState answers for a state path or a stage, and refuses anything else rather than returning undefined', () => {
    expect(labelOfState('enforcing').zh).toBe('执法');
    for (const path of ['opening', 'toString', '__proto__', undefined, trapProxy, 'x'.repeat(1_000_000)]) {
      expect(thrown(() => labelOfState(path as never))).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'path' } });
    }
  });

  it('dossierOf takes the context of a closed case: what the final state outputs', () => {
    const { actor } = startCase();
    actor.send({ type: 'review.reject', by: center, at: bj('2026-09-01 10:00'), reason: '不属于联动执法事项' });
    expect(dossierOf(actor.getSnapshot().context)).toEqual(actor.getSnapshot().output);
    const open = startCase().actor.getSnapshot().context;
    expect(thrown(() => dossierOf(open))).toMatchObject({ code: 'INVALID_INPUT', issues: [{ message: expect.stringContaining('closed case') }] });
    for (const context of [undefined, {}, trapProxy, { ...actor.getSnapshot().context, history: 'x' }]) {
      expect(thrown(() => dossierOf(context as never))).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'context' } });
    }
  });

  it('dossierOf refuses a list of a million entries at once, naming it, rather than checking each (seconds of zod issues)', () => {
    const { actor } = startCase();
    actor.send({ type: 'review.reject', by: center, at: bj('2026-09-01 10:00'), reason: '不属于联动执法事项' });
    const closedContext = actor.getSnapshot().context;
    for (const [path, context] of [
      ['context.history', { ...closedContext, history: new Array(1_000_000) }],
      ['context.urges', { ...closedContext, urges: new Array(1_000_000).fill(null) }],
      ['context.assignment.cooperating', { ...closedContext, assignment: { cooperating: new Array(1_000_000).fill('公安局') } }],
    ] as const) {
      expect(thrown(() => dossierOf(context as never))).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'context', path }, message: expect.stringContaining('at most 100,000 entries') });
    }
    // A long but possible list is checked as usual.
    expect(thrown(() => dossierOf({ ...closedContext, urges: new Array(1_000).fill(null) } as never))).toMatchObject({ code: 'INVALID_INPUT', issues: expect.arrayContaining([expect.objectContaining({ path: ['context', 'urges', 0] })]) });
  });
});

describe('selectors on a snapshot of the case machine whose value or context is not a case’s', () => {
  it('are INVALID_INPUT (snapshot), not a TypeError', () => {
    const real = startCase().actor.getSnapshot();
    const deadlines = (snapshot: never) => selectDeadlines(snapshot, bj('2026-09-01 10:00'));
    // Each selector reads the value or the context; a fake one fails where it reads.
    const fakes = [
      [{ machine: caseMachine, context: {}, value: 'legalReview', status: 'active' }, [selectHistory, deadlines]],
      [{ machine: caseMachine, context: { history: [null], deadlines: 7 }, value: { enforcing: 'x' }, status: 'active' }, [selectState, selectHistory, deadlines]],
      [{ machine: caseMachine, context: trapProxy, value: trapProxy, status: 'active' }, [selectState, selectHistory, deadlines]],
    ] as const;
    for (const [fake, selectors] of fakes) {
      for (const select of selectors) {
        expect(thrown(() => select(fake as never))).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'snapshot' } });
      }
    }
    expect(thrown(() => selectDeadlines(real, new Proxy(new Date(), {})))).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'now' } });
  });
});

describe('an actor sent an event that throws when read', () => {
  it('refuses it and stays active (a guard that threw put it in error status); can() says false, explainEvent INVALID_EVENT', () => {
    const actor = createActor(caseMachine, { input: applicationInput() }).start();
    const before = actor.getSnapshot();
    for (const event of [
      { type: 'review.pass', by: trapProxy, at: bj('2026-09-01 10:00') },
      Object.defineProperty({ type: 'review.pass', at: bj('2026-09-01 10:00') }, 'by', {
        enumerable: true,
        get() {
          throw new Error('getter');
        },
      }),
    ]) {
      expect(before.can(event as never)).toBe(false);
      expect(explainEvent(before, event)).toMatchObject({ code: 'INVALID_EVENT', issues: [{ code: 'unreadable' }] });
      actor.send(event as never);
      expect(actor.getSnapshot().status).toBe('active');
      expect(actor.getSnapshot()).toBe(before);
    }
    actor.send({ type: 'review.pass', by: center, at: bj('2026-09-01 10:00') });
    expect(actor.getSnapshot().value).toBe('legalReview');
  });
});

describe('the audit’s pure functions', () => {
  it('auditEntryHash of what is not JSON data is INVALID_INPUT, not a TypeError', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const entry of [10n, { at: Number.NaN }, cycle, trapProxy, () => 1]) {
      expect(thrown(() => auditEntryHash(entry))).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'entry' } });
    }
  });

  it('verifyAuditChain turns an entry or an envelope that throws when read into problems, never a throw', async () => {
    const store = memoryStore();
    await createCaseEngine({ store, clock: testClock(bj('2026-09-02 09:00')) }).open(applicationInput());
    const { envelope, audit } = store.toJSON().cases['case-1']!;
    expect(verifyAuditChain({ caseId: 'case-1', envelope, entries: audit })).toMatchObject({ ok: true });
    const verdict = verifyAuditChain({ caseId: 'case-1', envelope: trapProxy, entries: [trapProxy, ...audit] });
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.map((problem) => problem.kind)).toEqual(expect.arrayContaining(['entry', 'envelope']));
  });
});

describe('explainEvent with a revoked Proxy inside a field (found by the machine fuzz)', () => {
  it('refuses it as INVALID_EVENT, unreadable, instead of throwing a TypeError', async () => {
    const { createActor } = await import('xstate');
    const { caseMachine, explainEvent } = await import('../src/index.js');
    const actor = createActor(caseMachine, {
      input: { caseId: 'p1', title: '代理', itemNo: 1, origin: 'application', applicant: 'market-regulation', by: { unit: 'market-regulation' }, at: '2026-09-01T09:00:00+08:00' },
    }).start();
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const refusal = explainEvent(actor.getSnapshot(), { type: 'unit.acknowledge', by: { unit: 'emergency-management' }, at: '2026-09-01T11:00:00+08:00', staff: proxy, equipment: '执法记录仪' });
    expect(refusal).toMatchObject({ code: 'INVALID_EVENT', issues: [{ code: 'unreadable', path: ['event'] }] });
  });
});
