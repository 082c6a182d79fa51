/**
 * 待办 / 已办 and `allowedEvents` at a time: what the inbox offers is what the machine accepts,
 * on every store (the memory store always, PostgreSQL when DATABASE_URL is set).
 */
import { describe, expect, it } from 'vitest';
import { allowedEvents, caseMachine, createCaseEngine, createCaseMachine, memoryStore, type CaseEngineOptions, type CaseStore } from 'linked-enforcement';
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

for (const harness of [memoryHarness(), postgresHarness(databaseUrl)]) {
  describe.skipIf(harness.skip)(`engine.inbox and engine.done (待办/已办): ${harness.name}`, () => {
    const engineOn = (store: CaseStore, start: string, options: Omit<CaseEngineOptions, 'store' | 'clock'> = {}) => {
      const clock = testClock(start);
      return { engine: following(createCaseEngine({ store, clock, ...options }), clock), clock };
    };
    const ids = (page: { items: readonly { caseId: string }[] }) => page.items.map((item) => item.caseId);

    it('puts a case in the inbox of whoever owes its next step, and in the done list of whoever acted', async () => {
      const { engine } = engineOn(await harness.create(), bj('2026-09-01 09:00'));
      await engine.open(applicationInput({ caseId: 'c1' }));
      expect(ids(await engine.inbox(center))).toEqual(['c1']);
      expect((await engine.inbox(center)).items[0]).toMatchObject({
        caseId: 'c1',
        title: '城东农贸市场安全综合执法',
        itemNo: 1,
        state: 'preliminaryReview',
        stateLabel: { zh: '初审' },
        events: ['review.pass', 'review.reject'],
        waitingSince: bj('2026-09-01 09:00'),
        deadline: null,
      });
      expect(ids(await engine.inbox(justice))).toEqual([]);
      // Withdrawing is the applicant's option, not a duty: the case is not in its inbox.
      expect(ids(await engine.inbox(market))).toEqual([]);
      expect(ids(await engine.done(market))).toEqual(['c1']);
      await engine.send('c1', ev('review.pass', center, bj('2026-09-01 10:00')));
      expect(ids(await engine.inbox(center))).toEqual([]);
      expect(ids(await engine.inbox(justice))).toEqual(['c1']);
      expect((await engine.done(center)).items[0]).toMatchObject({ caseId: 'c1', lastActedAt: bj('2026-09-01 10:00'), state: 'legalReview', status: 'active', events: ['case.urge'] });
      await engine.send('c1', ev('legal.approve', justice, bj('2026-09-02 10:00')));
      // Without a roster any county leader decides: both posts see it.
      expect(ids(await engine.inbox(inCharge))).toEqual(['c1']);
      expect(ids(await engine.inbox({ leader: { name: '王书记', post: 'principal' } }))).toEqual(['c1']);
      await engine.send('c1', ev('leader.approve', inCharge, bj('2026-09-03 10:00')));
      expect(ids(await engine.done(inCharge))).toEqual(['c1']);
      expect(ids(await engine.inbox(inCharge))).toEqual([]);
      await engine.send('c1', ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
      const police1 = (await engine.inbox(police)).items[0]!;
      expect(police1).toMatchObject({ caseId: 'c1', events: ['unit.acknowledge'], waitingSince: bj('2026-09-04 10:00') });
      expect(police1.deadline).toMatchObject({ kind: 'acknowledgement', dueAt: bj('2026-09-29 09:00'), status: 'pending' });
      expect(ids(await engine.inbox(market))).toEqual(['c1']);
      await engine.send('c1', ev('unit.acknowledge', police, bj('2026-09-05 10:00'), { staff: 4 }));
      // Acknowledged: it may acknowledge again (a correction), but owes nothing.
      expect(ids(await engine.inbox(police))).toEqual([]);
      expect(await engine.allowedEvents('c1', police)).toEqual(['unit.acknowledge']);
    });

    it('orders by urgency (overdue, soonest due, longest waiting), pages with a cursor, and gives remaining working days at the engine clock', async () => {
      const { engine, clock } = engineOn(await harness.create(), bj('2026-09-01 09:00'));
      const dispatch = async (caseId: string, openedAt: string, startAt: string) => {
        const day = openedAt.slice(0, 10);
        await engine.open(applicationInput({ caseId, at: bj(`${day} 09:00`) }));
        await engine.send(caseId, ev('review.pass', center, bj(`${day} 10:00`)));
        await engine.send(caseId, ev('legal.approve', justice, bj(`${day} 11:00`)));
        await engine.send(caseId, ev('leader.approve', inCharge, bj(`${day} 12:00`)));
        await engine.send(caseId, ev('task.dispatch', center, bj(`${day} 13:00`), { place: '城东农贸市场', startAt }));
      };
      await dispatch('late', '2026-09-01', bj('2026-09-08 09:00'));
      await dispatch('soon', '2026-09-02', bj('2026-09-14 09:00'));
      await dispatch('later', '2026-09-03', bj('2026-09-30 09:00'));
      await engine.open(applicationInput({ caseId: 'review-old', at: bj('2026-09-03 14:00') }));
      await engine.open(applicationInput({ caseId: 'review-new', at: bj('2026-09-04 14:00') }));
      clock.set(bj('2026-09-10 10:00'));
      const page = await engine.inbox(police);
      expect(ids(page)).toEqual(['late', 'soon', 'later']);
      expect(page.items.map((item) => [item.deadline?.status, item.deadline?.remainingWorkingDays])).toEqual([
        ['overdue', -2],
        ['pending', 2],
        ['pending', 14],
      ]);
      // The center: no deadline of its own, longest waiting first.
      expect(ids(await engine.inbox(center))).toEqual(['review-old', 'review-new']);
      const first = await engine.inbox(police, { limit: 2 });
      expect(ids(first)).toEqual(['late', 'soon']);
      const second = await engine.inbox(police, { limit: 2, cursor: first.nextCursor! });
      expect(ids(second)).toEqual(['later']);
      expect(second.nextCursor).toBeNull();
      await expect(engine.inbox(fireUnit, { cursor: first.nextCursor! })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      const done = await engine.done(center, { limit: 2 });
      expect(ids(done)).toEqual(['later', 'soon']);
      expect(ids(await engine.done(center, { limit: 2, cursor: done.nextCursor! }))).toEqual(['late']);
    });

    it('with a roster, a 报经同意 case waits only on the principal and the in-charge leader overseeing its lead unit', async () => {
      const machine = createCaseMachine({
        leaders: [
          { name: '张县长', post: 'principal', oversees: [] },
          { name: '李副县长', post: 'inCharge', oversees: ['market-regulation'] },
          { name: '赵副县长', post: 'inCharge', oversees: ['education'] },
        ],
      });
      const { engine } = engineOn(await harness.create(), bj('2026-09-01 09:00'), { machine });
      await engine.open({ caseId: 'own', title: '节前联合检查', itemNo: 1, origin: 'centerInitiated', reason: '节前检查', by: center, at: bj('2026-09-01 09:00') });
      expect(ids(await engine.inbox({ leader: { name: '李副县长', post: 'inCharge' } }))).toEqual(['own']);
      expect(ids(await engine.inbox({ leader: { name: '张县长', post: 'principal' } }))).toEqual(['own']);
      expect(ids(await engine.inbox({ leader: { name: '赵副县长', post: 'inCharge' } }))).toEqual([]);
      expect(ids(await engine.inbox({ leader: { name: '钱副县长', post: 'inCharge' } }))).toEqual([]);
      await engine.send('own', ev('leader.approve', { leader: { name: '李副县长', post: 'inCharge' } }, bj('2026-09-01 10:00')));
      expect(ids(await engine.done({ leader: { name: '李副县长', post: 'inCharge' } }))).toEqual(['own']);
      expect(ids(await engine.done({ leader: { name: '赵副县长', post: 'inCharge' } }))).toEqual([]);
    });

    it('refuses bad input, typed', async () => {
      const { engine } = engineOn(await harness.create(), bj('2026-09-01 09:00'));
      for (const [actor, options] of [
        [sweeper, {}],
        [{ unit: '' }, {}],
        [null, {}],
        [center, { limit: 0 }],
        [center, { limit: 1.5 }],
        [center, { cursor: 'nope' }],
        [center, { page: 2 }],
      ] as const) {
        await expect(engine.inbox(actor as never, options as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
        await expect(engine.done(actor as never, options as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      }
    });
  });
}
const fireUnit = { unit: 'fire-rescue' } as const;

describe('the memory store indexes cases stored without (or with a spoilt) 待办 index from their snapshots', () => {
  it('data written by 0.3 (no actors in the summaries), or with a spoilt index, gives the same inbox and done lists', async () => {
    const clock = testClock(bj('2026-09-01 09:00'));
    const store = memoryStore();
    const engine = following(createCaseEngine({ store, clock }), clock);
    await engine.open(applicationInput({ caseId: 'a' }));
    await engine.open(applicationInput({ caseId: 'b', at: bj('2026-09-01 10:00') }));
    await engine.send('b', ev('review.pass', center, bj('2026-09-01 11:00')));
    const data = store.toJSON();
    expect(data.cases.a!.summary.actors).toEqual([{ actor: 'unit:command-center', waitingSince: bj('2026-09-01 09:00'), dueAt: null }]);
    const strip = (change: (summary: Record<string, unknown>) => void) => {
      const copy = structuredClone(data);
      for (const record of Object.values(copy.cases)) change(record.summary as unknown as Record<string, unknown>);
      return memoryStore({ data: copy });
    };
    const stores = {
      '0.3': strip((summary) => {
        delete summary.actors;
        delete summary.participants;
      }),
      spoilt: strip((summary) => {
        summary.actors = [{ actor: 'unit:justice', waitingSince: 'never', dueAt: null }];
      }),
    };
    for (const [name, reloaded] of Object.entries(stores)) {
      const again = createCaseEngine({ store: reloaded, clock });
      expect((await again.inbox(center)).items.map((item) => item.caseId), name).toEqual(['a']);
      expect((await again.inbox(justice)).items.map((item) => item.caseId), name).toEqual(['b']);
      expect((await again.done(center)).items.map((item) => item.caseId), name).toEqual(['b']);
      expect(reloaded.toJSON(), name).toEqual(data);
    }
  });
});
