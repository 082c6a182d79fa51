/**
 * The selectors' and labels' answers to what is not a case's snapshot or state, in full: the
 * error names the argument and says what it must be.
 */
import { describe, expect, it } from 'vitest';
import { createCaseMachine } from '../machines/createCaseMachine.js';
import { labelOfState, stateLabels } from '../machines/labels.js';
import { allowedEvents, explainEvent, selectDeadlines, selectHistory, selectState, statePathOf } from '../machines/selectors.js';
import { center, startCase } from './_lib/cases.js';
import { thrown } from './_lib/errors.js';

const notASnapshot = 'Invalid snapshot: snapshot: must be a snapshot of a case machine (actor.getSnapshot())';

describe('a snapshot that is not a case machine’s', () => {
  it('is INVALID_INPUT for `snapshot`: a primitive, null, no context, or another machine', () => {
    const snapshot = startCase().actor.getSnapshot();
    const { context: _context, ...withoutContext } = snapshot;
    for (const value of ['snapshot', null, 1, withoutContext, { ...snapshot, machine: {} }, { context: snapshot.context, value: snapshot.value }]) {
      const error = thrown(() => selectState(value as never));
      expect(error).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'snapshot' } });
      expect(error.message).toMatch(new RegExp(`^${notASnapshot.replace(/[()]/g, '\\$&')}`));
    }
  });

  it('a case machine’s snapshot with a value no state has keeps the path check’s own words', () => {
    const snapshot = startCase().actor.getSnapshot();
    const error = thrown(() => selectState({ ...snapshot, value: 'nowhere' } as never));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'snapshot' } });
    expect(error.message).toBe('Invalid snapshot: its value must be the value of a state a case can rest in, e.g. "legalReview" or { enforcing: "planning" }');
    const explained = thrown(() => explainEvent({ ...snapshot, value: 'nowhere' } as never, { type: 'review.pass', by: { unit: 'command-center' }, at: '2026-09-01T10:00:00+08:00' }));
    expect(explained).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'snapshot' }, message: error.message });
  });

  it('a context that breaks reading it is INVALID_INPUT for `snapshot`, with what went wrong', () => {
    const snapshot = startCase(undefined, createCaseMachine()).actor.getSnapshot();
    for (const select of [() => selectHistory({ ...snapshot, context: { history: 1 } } as never), () => selectDeadlines({ ...snapshot, context: null } as never, '2026-09-01T00:00:00Z')]) {
      const error = thrown(select);
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.context).toEqual({ argument: 'snapshot' });
      expect(error.message).toMatch(/^Invalid snapshot: its value or context is not a case's \(.+\)$/);
      expect(error.issues).toEqual([{ code: 'custom', path: ['snapshot'], message: 'its value or context is not a case’s' }]);
      expect(error.cause).toBeInstanceOf(TypeError);
    }
  });
});

describe('labelOfState', () => {
  it('lists the state paths and stages it knows when given another', () => {
    const error = thrown(() => labelOfState('enforcing.nowhere' as never));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'path' } });
    expect(error.message).toBe(`Invalid path: must be a state path or stage: ${Object.keys(stateLabels).join(', ')}`);
    expect(error.message).toContain('preliminaryReview, legalReview');
  });
});

describe('statePathOf and explainEvent on what cannot be read', () => {
  it('statePathOf names `value` and says what it must be', () => {
    for (const value of ['nowhere', 'enforcing', { enforcing: 'nowhere' }, { a: { b: { c: 'd' } } }, ['legalReview'], null]) {
      const error = thrown(() => statePathOf(value as never));
      expect(error).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'value' } });
      expect(error.message).toBe('Invalid value: must be the value of a state a case can rest in, e.g. "legalReview" or { enforcing: "planning" }');
    }
    expect(statePathOf({ enforcing: 'planning' })).toBe('enforcing.planning');
  });

  it('an event that throws when read is INVALID_EVENT, saying what it threw', () => {
    const snapshot = startCase().actor.getSnapshot();
    const event = new Proxy({}, { get: () => { throw new Error('boom'); }, has: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });
    expect(explainEvent(snapshot as never, event)).toEqual({
      code: 'INVALID_EVENT',
      reason: 'malformed event: could not be read (boom)', reasonZh: expect.any(String),
      issues: [{ code: 'unreadable', path: ['event'], message: 'could not be read (boom)' }],
    });
  });
});

describe('selectHistory', () => {
  it('gives the opening entry no fromLabel key at all, and every later entry one', () => {
    const { actor } = startCase();
    actor.send({ type: 'review.pass', by: { unit: 'command-center' }, at: '2026-09-01T10:00:00+08:00' });
    const [opening, review] = selectHistory(actor.getSnapshot());
    expect(Object.keys(opening!)).not.toContain('fromLabel');
    expect(opening).toStrictEqual({ ...actor.getSnapshot().context.history[0], label: opening!.label, toLabel: stateLabels.preliminaryReview });
    expect(review!.fromLabel).toBe(stateLabels.preliminaryReview);
  });
});

describe('allowedEvents refuses bad options, naming the argument', () => {
  it('options that are not an object of now and reminders, and a now that is no instant', () => {
    const { actor } = startCase();
    expect(thrown(() => allowedEvents(actor.getSnapshot(), center, { when: 1 } as never)).context).toMatchObject({ argument: 'options' });
    expect(thrown(() => allowedEvents(actor.getSnapshot(), center, { now: 'yesterday' })).context).toMatchObject({ argument: 'options.now' });
  });
});
