/**
 * The memory store's 待办/已办 indexes (`DutyIndexes`) across writes: an actor that takes over
 * another's duty at the same instants, a deadline that moves, a first duty, an actor acting again,
 * and a summary holding one of the two lists only (written by hand: indexed on the engine's first
 * inbox call). Written against the s23 run's survivors of the write path.
 */
import { describe, expect, it } from 'vitest';
import { DutyIndexes } from '../src/engine/_lib/memory/DutyIndexes.js';
import type { CaseSummary } from '../src/engine/types.js';
import { bj } from './_lib/cases.js';
import { indexedSummary } from './_lib/engine.js';

type Actors = NonNullable<CaseSummary['actors']>;
type Participants = NonNullable<CaseSummary['participants']>;

function indexes() {
  const duties = new DutyIndexes();
  const summaries = new Map<string, CaseSummary>();
  const write = (caseId: string, actors: Actors | undefined, participants: Participants | undefined) => {
    const next = { ...indexedSummary(caseId, bj('2026-09-01 09:00')), ...(actors === undefined ? {} : { actors }), ...(participants === undefined ? {} : { participants }) } as CaseSummary;
    duties.update(summaries.get(caseId), next);
    summaries.set(caseId, next);
  };
  const inbox = (actor: string) => duties.inbox({ actor, limit: 10 } as never);
  const done = (actor: string) => duties.done({ actor, limit: 10 } as never);
  return { duties, write, inbox, done };
}

const waiting = (actor: string, waitingSince: string, dueAt: string | null) => ({ actor, waitingSince: bj(waitingSince), dueAt: dueAt === null ? null : bj(dueAt) });

describe('DutyIndexes.update', () => {
  it('moves a duty to the actor that takes it over at the same instants, and an act to a new participant at the same time', () => {
    const { write, inbox, done } = indexes();
    write('c', [waiting('unit:justice', '2026-09-01 10:00', '2026-09-05 18:00')], [{ actor: 'unit:justice', lastActedAt: bj('2026-09-01 10:00') }]);
    write('c', [waiting('unit:market-regulation', '2026-09-01 10:00', '2026-09-05 18:00')], [{ actor: 'unit:market-regulation', lastActedAt: bj('2026-09-01 10:00') }]);
    expect(inbox('unit:market-regulation')).toEqual(['c']);
    expect(inbox('unit:justice')).toEqual([]);
    expect(done('unit:market-regulation')).toEqual(['c']);
    expect(done('unit:justice')).toEqual([]);
  });

  it('orders an inbox by the new due time when an actor’s deadline moves while it waits', () => {
    const { write, inbox } = indexes();
    write('a', [waiting('unit:justice', '2026-09-01 10:00', '2026-09-05 18:00')], []);
    write('b', [waiting('unit:justice', '2026-09-01 10:00', '2026-09-06 18:00')], []);
    expect(inbox('unit:justice')).toEqual(['a', 'b']);
    write('a', [waiting('unit:justice', '2026-09-01 10:00', '2026-09-07 18:00')], []);
    expect(inbox('unit:justice')).toEqual(['b', 'a']);
  });

  it('indexes a first duty and a first act of a case that had none', () => {
    const { write, inbox, done } = indexes();
    write('c', [], []);
    write('c', [waiting('unit:justice', '2026-09-01 10:00', null)], [{ actor: 'unit:justice', lastActedAt: bj('2026-09-01 10:00') }]);
    expect(inbox('unit:justice')).toEqual(['c']);
    expect(done('unit:justice')).toEqual(['c']);
  });

  it('lists a case once in 已办, at its latest act, when its participant acts again', () => {
    const { write, done } = indexes();
    write('a', [], [{ actor: 'unit:justice', lastActedAt: bj('2026-09-01 10:00') }]);
    write('b', [], [{ actor: 'unit:justice', lastActedAt: bj('2026-09-03 10:00') }]);
    write('a', [], [{ actor: 'unit:justice', lastActedAt: bj('2026-09-02 10:00') }]);
    expect(done('unit:justice')).toEqual(['b', 'a']);
    write('a', [], [{ actor: 'unit:justice', lastActedAt: bj('2026-09-04 10:00') }]);
    expect(done('unit:justice')).toEqual(['a', 'b']);
  });

  it('leaves a summary with one of its two lists unindexed until a whole one comes', () => {
    const { duties, write, inbox, done } = indexes();
    write('actors-only', [waiting('unit:justice', '2026-09-01 10:00', null)], undefined);
    write('participants-only', undefined, [{ actor: 'unit:justice', lastActedAt: bj('2026-09-01 10:00') }]);
    expect([...duties.unindexed].sort()).toEqual(['actors-only', 'participants-only']);
    expect(inbox('unit:justice')).toEqual([]);
    expect(done('unit:justice')).toEqual([]);
    write('actors-only', [waiting('unit:justice', '2026-09-01 10:00', null)], []);
    expect(inbox('unit:justice')).toEqual(['actors-only']);
    expect([...duties.unindexed]).toEqual(['participants-only']);
    write('participants-only', [], [{ actor: 'unit:justice', lastActedAt: bj('2026-09-01 10:00') }]);
    expect(done('unit:justice')).toEqual(['participants-only']);
    expect(duties.unindexed.size).toBe(0);
  });
});
