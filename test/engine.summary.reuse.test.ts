/**
 * A write's summary (what a store indexes) built from the previous version's: the units, 待办
 * actors and participants that did not change are the previous version's frozen values
 * themselves (nothing new to allocate, freeze or re-check), and the summary is the one derived
 * from the case alone.
 */
import { describe, expect, it } from 'vitest';
import { summaryOf } from '../src/engine/_lib/caseSummary.js';
import type { CaseMachineSnapshot } from '../src/engine/_lib/machineInfo.js';
import type { CaseSummary } from '../src/engine/types.js';
import { approveApplication, bj, center, enforceItem1, ev, accept, startCase } from './_lib/cases.js';

describe('summaryOf after a previous version', () => {
  it('equals the summary derived from the case alone, and keeps what did not change', () => {
    const { actor } = startCase();
    const snapshots: CaseMachineSnapshot[] = [actor.getSnapshot() as CaseMachineSnapshot];
    actor.subscribe((snapshot) => {
      if (snapshot !== snapshots.at(-1)) snapshots.push(snapshot as CaseMachineSnapshot);
    });
    approveApplication(actor);
    enforceItem1(actor);
    accept(actor, ev('case.urge', center, bj('2026-10-08 10:00'), { unit: 'market-regulation', message: '请按时上传' }));
    accept(actor, ev('case.urge', center, bj('2026-10-09 10:00'), { unit: 'market-regulation', message: '请按时上传' }));
    let previous: { summary: CaseSummary; historyLength: number } | undefined;
    let kept = { units: 0, actors: 0, entries: 0 };
    for (const [index, snapshot] of snapshots.entries()) {
      const version = index + 1;
      const fresh = summaryOf(snapshot, version);
      const summary = summaryOf(snapshot, version, previous);
      expect(summary).toEqual(fresh);
      if (previous !== undefined) {
        const before = previous.summary;
        // The same array when nothing in it changed; a new one otherwise.
        expect(summary.units === before.units).toBe(JSON.stringify(fresh.units) === JSON.stringify(before.units));
        expect(summary.actors === before.actors).toBe(JSON.stringify(fresh.actors) === JSON.stringify(before.actors));
        expect(summary.participants === before.participants).toBe(JSON.stringify(fresh.participants) === JSON.stringify(before.participants));
        kept = { ...kept, units: kept.units + Number(summary.units === before.units), actors: kept.actors + Number(summary.actors === before.actors) };
        // A participant whose last act did not change is the previous entry itself.
        for (const entry of summary.participants!) {
          const known = before.participants!.find((candidate) => candidate.actor === entry.actor);
          if (known !== undefined && known.lastActedAt === entry.lastActedAt) {
            expect(entry).toBe(known);
            kept.entries++;
          }
        }
      }
      previous = { summary, historyLength: snapshot.context.history.length };
    }
    // The path has events that change neither the units nor the 待办 actors, and every event leaves the other participants' entries as they were.
    expect(kept.units).toBeGreaterThan(5);
    expect(kept.actors).toBeGreaterThan(0);
    expect(kept.entries).toBeGreaterThan(20);
  });
});
