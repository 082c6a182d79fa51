/**
 * 待办 / 已办 and `allowedEvents` at a time: what the inbox offers is what the machine accepts,
 * on every store (the memory store always, PostgreSQL when DATABASE_URL is set).
 */
import { describe, expect, it } from 'vitest';
import { allowedEvents, caseMachine, createCaseEngine, type CaseEngineOptions, type CaseStore } from 'linked-enforcement';
import { createActor } from 'xstate';
import { applicationInput, bj, center, ev, inCharge, justice, market, police, sweeper } from './_lib/cases.js';
import { following, testClock } from './_lib/engine.js';
import { memoryHarness, postgresHarness } from './_lib/storeHarness.js';

const databaseUrl = process.env.DATABASE_URL;

/** A case dispatched on 9-04 with enforcement starting 9-29 09:00: each cooperating unit's acknowledgement is due then. */
function dispatchedSnapshot() {
  const actor = createActor(caseMachine, { input: applicationInput() }).start();
  actor.send(ev('review.pass', center, bj('2026-09-01 10:00')));
  actor.send(ev('legal.approve', justice, bj('2026-09-02 10:00')));
  actor.send(ev('leader.approve', inCharge, bj('2026-09-03 10:00')));
  actor.send(ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
  return actor.getSnapshot();
}

describe('allowedEvents at a time (deadline.check only once something is due)', () => {
  it('offers deadline.check to the center and the system only after a pending deadline has passed', () => {
    const snapshot = dispatchedSnapshot();
    expect(snapshot.value).toEqual({ enforcing: 'planning' });
    for (const by of [center, sweeper]) {
      expect(allowedEvents(snapshot, by, { now: bj('2026-09-10 10:00') })).not.toContain('deadline.check');
      expect(allowedEvents(snapshot, by, { now: bj('2026-09-29 09:01') })).toContain('deadline.check');
      expect(allowedEvents(snapshot, by, { now: new Date(Date.parse(bj('2026-09-29 09:01'))) })).toContain('deadline.check');
    }
    expect(allowedEvents(snapshot, police, { now: bj('2026-09-10 10:00') })).toEqual(['unit.acknowledge']);
  });

  it('refuses a now that is not an instant, typed', () => {
    const snapshot = dispatchedSnapshot();
    for (const now of ['yesterday', new Date(Number.NaN), 42 as never]) {
      expect(() => allowedEvents(snapshot, center, { now })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
    expect(() => allowedEvents(snapshot, center, { when: 1 } as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

for (const harness of [memoryHarness(), postgresHarness(databaseUrl)]) {
  describe.skipIf(harness.skip)(`engine.allowedEvents judges at the engine's clock: ${harness.name}`, () => {
    const engineOn = (store: CaseStore, start: string, options: Omit<CaseEngineOptions, 'store' | 'clock'> = {}) => {
      const clock = testClock(start);
      return { engine: following(createCaseEngine({ store, clock, ...options }), clock), clock };
    };

    it('does not offer deadline.check before anything is due, and the machine agrees', async () => {
      const { engine, clock } = engineOn(await harness.create(), bj('2026-09-01 09:00'));
      await engine.open(applicationInput({ caseId: 'due-1' }));
      await engine.send('due-1', ev('review.pass', center, bj('2026-09-01 10:00')));
      await engine.send('due-1', ev('legal.approve', justice, bj('2026-09-02 10:00')));
      await engine.send('due-1', ev('leader.approve', inCharge, bj('2026-09-03 10:00')));
      const dispatched = await engine.send('due-1', ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
      expect(await engine.allowedEvents('due-1', center)).not.toContain('deadline.check');
      expect(await engine.allowedEvents('due-1', sweeper)).toEqual([]);
      expect(dispatched.allowedEvents(center)).not.toContain('deadline.check');
      await expect(engine.send('due-1', { type: 'deadline.check', by: sweeper })).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
      clock.set(bj('2026-09-29 10:00'));
      expect(await engine.allowedEvents('due-1', sweeper)).toEqual(['deadline.check']);
      expect((await engine.get('due-1')).allowedEvents(center)).toContain('deadline.check');
      expect((await engine.send('due-1', { type: 'deadline.check', by: sweeper })).deadlines.some((d) => d.status === 'overdue')).toBe(true);
      expect(await engine.allowedEvents('due-1', market)).toContain('plan.submit');
    });
  });
}
