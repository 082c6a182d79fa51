/**
 * The summary a store indexes (`caseSummary.ts`) to the letter: the next due time is the
 * earliest pending deadline as an instant (whatever its offset), who acted with their latest
 * time, and when two unit lists or actor lists are the same (a store rewrites its index rows
 * only when they are not). Written against the mutants that survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { nextDueAtOf, participantsOf, sameActors, sameUnits } from '../src/engine/_lib/caseSummary.js';

const deadline = (dueAt: string, status = 'pending') => ({ kind: 'step', dueAt, status });

describe('nextDueAtOf', () => {
  it('is the earliest pending deadline by instant, as written; null without one', () => {
    const context = { deadlines: [deadline('2026-09-10T23:59:59.999+08:00'), deadline('2026-09-10T15:00:00Z'), deadline('2026-09-01T00:00:00+08:00', 'met'), deadline('2026-09-02T00:00:00+08:00', 'overdue')] };
    expect(nextDueAtOf(context as never)).toBe('2026-09-10T15:00:00Z');
    expect(nextDueAtOf({ deadlines: [deadline('2026-09-10T15:00:00Z'), deadline('2026-09-10T22:59:00+08:00')] } as never)).toBe('2026-09-10T22:59:00+08:00');
    expect(nextDueAtOf({ deadlines: [deadline('2026-09-10T15:00:00Z'), deadline('2026-09-10T22:00:00+08:00', 'late')] } as never)).toBe('2026-09-10T15:00:00Z');
    expect(nextDueAtOf({ deadlines: [deadline('2026-09-01T00:00:00+08:00', 'met')] } as never)).toBeNull();
    expect(nextDueAtOf({ deadlines: [] } as never)).toBeNull();
    // The same instant written twice: the first as written.
    expect(nextDueAtOf({ deadlines: [deadline('2026-09-10T15:00:00Z'), deadline('2026-09-10T23:00:00+08:00')] } as never)).toBe('2026-09-10T15:00:00Z');
  });
});

describe('participantsOf', () => {
  it('lists everyone who acted once, with the time of their latest event, in order of first appearance', () => {
    const history = [
      { by: { unit: 'market-regulation' }, at: '2026-09-01T09:00:00+08:00' },
      { by: { unit: 'command-center' }, at: '2026-09-01T10:00:00+08:00' },
      { by: { unit: 'market-regulation' }, at: '2026-09-03T10:00:00+08:00' },
    ];
    expect(participantsOf({ history } as never)).toEqual([
      { actor: 'unit:market-regulation', lastActedAt: '2026-09-03T10:00:00+08:00' },
      { actor: 'unit:command-center', lastActedAt: '2026-09-01T10:00:00+08:00' },
    ]);
  });
});

describe('sameUnits and sameActors', () => {
  it('compare unit lists as sets of the same size', () => {
    expect(sameUnits(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameUnits(['a'], ['a', 'b'])).toBe(false);
    expect(sameUnits(['a', 'b'], ['a'])).toBe(false);
    expect(sameUnits(['a', 'c'], ['a', 'b'])).toBe(false);
    expect(sameUnits([], [])).toBe(true);
  });

  it('compare actor lists entry by entry: actor, due time and waiting time', () => {
    const entry = { actor: 'unit:justice', dueAt: '2026-09-10T23:59:59.999+08:00', waitingSince: '2026-09-01T10:00:00+08:00' };
    expect(sameActors([entry], [{ ...entry }])).toBe(true);
    expect(sameActors([entry], [{ ...entry, actor: 'unit:police' }])).toBe(false);
    expect(sameActors([entry], [{ ...entry, dueAt: null }])).toBe(false);
    expect(sameActors([entry], [{ ...entry, waitingSince: '2026-09-01T10:00:01+08:00' }])).toBe(false);
    expect(sameActors([entry], [entry, entry])).toBe(false);
    expect(sameActors([entry, entry], [entry])).toBe(false);
    expect(sameActors(undefined, undefined)).toBe(true);
    expect(sameActors(undefined, [])).toBe(false);
    expect(sameActors([], undefined)).toBe(false);
  });
});
