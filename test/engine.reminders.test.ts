/**
 * Reminders (预警): `sweep` sends `deadline.remind` once per pending deadline when its reminder
 * time comes (`reminders.beforeDueWorkingDays` working days before the due day, 00:00 Beijing
 * time), on both stores: the store's wake index must bring the case back for it.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CaseNotification } from '../machines/types.js';
import { allowedEvents, createCaseEngine, createCaseMachine, eventLabels, explainEvent, isLinkedEnforcementError, type CaseStore, type CaseEngineOptions } from 'linked-enforcement';
import { caseEventInputJsonSchema, caseEventInputJsonSchemas } from '../src/schemas/index.js';
import { createActor } from 'xstate';
import { bj, center, ev, inCharge, item1Plan, justice, market } from './_lib/cases.js';
import { following, testClock, toReporting } from './_lib/engine.js';
import { memoryHarness, postgresHarness } from './_lib/storeHarness.js';

const uid = () => `remind-${randomBytes(4).toString('hex')}`;
const sweeper = { system: 'sweep' };
/** Results due 2026-10-13 (enforcement ended 2026-09-30): one working day before is Monday 2026-10-12. */
const reminderTime = '2026-10-12T00:00:00+08:00';
const aSecondBefore = '2026-10-11T23:59:59+08:00';

async function reportingCase(store: CaseStore, options: Omit<CaseEngineOptions, 'store' | 'clock'> = {}) {
  const clock = testClock(bj('2026-09-01 09:00'));
  const notified: CaseNotification[] = [];
  const engine = following(createCaseEngine({ store, clock, onNotification: (n) => void notified.push(n), ...options }), clock);
  const caseId = uid();
  await toReporting(engine, caseId);
  return { engine, clock, caseId, notified };
}

for (const harness of [memoryHarness(), postgresHarness(process.env.DATABASE_URL)]) {
  describe.skipIf(harness.skip)(`reminders (预警): ${harness.name}`, () => {
    it('a second before the reminder time nothing; at it one deadlineApproaching to the lead unit and the center; never twice', async () => {
      const store = await harness.create();
      const { engine, clock, caseId, notified } = await reportingCase(store);
      const before = (await engine.get(caseId)).version;
      clock.set(aSecondBefore);
      expect(await engine.sweep()).toMatchObject({ overdue: [], reminded: [], failed: [] });
      expect(await engine.allowedEvents(caseId, sweeper)).not.toContain('deadline.remind');
      expect((await engine.get(caseId)).version).toBe(before);

      clock.set(reminderTime);
      expect(await engine.allowedEvents(caseId, sweeper)).toContain('deadline.remind');
      expect(await engine.allowedEvents(caseId, center)).not.toContain('deadline.remind');
      const report = await engine.sweep();
      expect(report.overdue).toEqual([]);
      expect(report.reminded).toEqual([
        {
          caseId,
          version: before + 1,
          deadlines: [expect.objectContaining({ kind: 'resultsUpload', unit: 'market-regulation', status: 'pending', remindedAt: '2026-10-12T00:00:00.000+08:00' })],
          notifications: [expect.objectContaining({ kind: 'deadlineApproaching', caseId, recipients: [market, center] })],
        },
      ]);
      const message = report.reminded[0]!.notifications[0]!.message;
      for (const words of ['预警', '「城东农贸市场安全综合执法」', '执法结果', '2026-10-13', '23:59', '市场监管局']) expect(message).toContain(words);
      expect(notified.filter((n) => n.kind === 'deadlineApproaching')).toHaveLength(1);

      // The history (流转记录) and the audit log record it, by the system.
      const view = await engine.get(caseId);
      expect(view.history.at(-1)).toMatchObject({ type: 'deadline.remind', by: sweeper, from: 'enforcing.reporting', to: 'enforcing.reporting', label: { zh: '时限预警' } });
      const log = await engine.history(caseId);
      expect(log.at(-1)).toMatchObject({ type: 'deadline.remind', by: sweeper, event: { beforeDueWorkingDays: 1 }, notifications: [expect.objectContaining({ kind: 'deadlineApproaching' })] });
      expect(await engine.verifyAudit(caseId)).toMatchObject({ ok: true });
      // Not a to-do of anyone's: the lead unit's inbox offers it no reminder.
      const inbox = await engine.inbox(market);
      const events = inbox.items.find((item) => item.caseId === caseId)?.events;
      expect(events).toContain('results.upload');
      expect(events).not.toContain('deadline.remind');

      // A second sweep, and one by a restarted engine on the same data: nothing more.
      clock.set('2026-10-12T15:00:00+08:00');
      expect((await engine.sweep()).reminded).toEqual([]);
      const restarted = createCaseEngine({ store: await harness.reopen(store), clock, onNotification: (n) => void notified.push(n) });
      expect((await restarted.sweep()).reminded).toEqual([]);
      expect(notified.filter((n) => n.kind === 'deadlineApproaching')).toHaveLength(1);
      expect((await restarted.get(caseId)).version).toBe(before + 1);

      // Past the due time the check still finds it overdue (the reminder does not stand in for it).
      clock.set(bj('2026-10-14 09:00'));
      const late = await restarted.sweep();
      expect(late.reminded).toEqual([]);
      expect(late.overdue.map((entry) => entry.caseId)).toEqual([caseId]);
    });

    it('a deadline met before its reminder time never reminds', async () => {
      const store = await harness.create();
      const { engine, clock, caseId, notified } = await reportingCase(store);
      await engine.send(caseId, ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '已完成' } }));
      clock.set(reminderTime);
      expect((await engine.sweep()).reminded).toEqual([]);
      clock.set(bj('2026-10-14 09:00'));
      expect(await engine.sweep()).toMatchObject({ overdue: [], reminded: [] });
      expect(notified.some((n) => n.kind === 'deadlineApproaching')).toBe(false);
    });

    it('beforeDueWorkingDays counts working days by the calendar (2 before Tuesday 2026-10-13 is the make-up working Saturday 2026-10-10); 0 is the due day; false is none', async () => {
      const store = await harness.create();
      const two = await reportingCase(store, { reminders: { beforeDueWorkingDays: 2 } });
      two.clock.set('2026-10-09T23:59:59+08:00');
      expect((await two.engine.sweep()).reminded).toEqual([]);
      two.clock.set('2026-10-10T00:00:00+08:00');
      expect((await two.engine.sweep()).reminded.map((entry) => entry.caseId)).toEqual([two.caseId]);

      const zero = await reportingCase(await harness.create(), { reminders: { beforeDueWorkingDays: 0 } });
      zero.clock.set(reminderTime);
      expect((await zero.engine.sweep()).reminded).toEqual([]);
      zero.clock.set('2026-10-13T00:00:00+08:00');
      expect((await zero.engine.sweep()).reminded.map((entry) => entry.caseId)).toEqual([zero.caseId]);

      const none = await reportingCase(await harness.create(), { reminders: false });
      none.clock.set('2026-10-13T12:00:00+08:00');
      expect((await none.engine.sweep()).reminded).toEqual([]);
      expect(await none.engine.allowedEvents(none.caseId, sweeper)).not.toContain('deadline.remind');
      expect(none.notified.some((n) => n.kind === 'deadlineApproaching')).toBe(false);
    });
  });
}

describe('reminders (预警): options, the machine, labels and schemas', () => {
  it('refuses a reminder rule that is not an integer 0–30 or false', () => {
    for (const reminders of [{ beforeDueWorkingDays: 31 }, { beforeDueWorkingDays: -1 }, { beforeDueWorkingDays: 1.5 }, true, { days: 1 }]) {
      let thrown: unknown;
      try {
        createCaseEngine({ reminders } as never);
      } catch (error) {
        thrown = error;
      }
      expect(isLinkedEnforcementError(thrown, 'INVALID_INPUT'), JSON.stringify(reminders)).toBe(true);
      expect((thrown as Error).message).toContain('reminders');
    }
    let wrong: unknown;
    try {
      createCaseEngine({ reminders: true } as never);
    } catch (error) {
      wrong = error;
    }
    expect((wrong as Error).message).toContain('must be { beforeDueWorkingDays } (an integer 0–30) or false');
    expect((wrong as { messageZh: string }).messageZh).toContain('0–30 的整数');
    expect(() => createCaseEngine({ reminders: { beforeDueWorkingDays: 30 } })).not.toThrow();
    expect(() => createCaseEngine({ reminders: {} })).not.toThrow();
  });

  it('the machine takes deadline.remind only from the system, once, between the reminder time and the due time; it labels it 时限预警 and documents it', async () => {
    const machine = createCaseMachine();
    const actor = createActor(machine, { input: { caseId: 'm-1', title: '城东农贸市场安全综合执法', itemNo: 1, origin: 'application', applicant: 'market-regulation', at: bj('2026-09-01 09:00'), by: market } as never });
    actor.start();
    const send = (event: Record<string, unknown>) => actor.send(event as never);
    send(ev('review.pass', center, bj('2026-09-01 10:00')));
    send(ev('legal.approve', justice, bj('2026-09-02 10:00')));
    send(ev('leader.approve', inCharge, bj('2026-09-03 10:00')));
    send(ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    send(ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan({ summary: '分三组检查' }) }));
    send(ev('enforcement.end', market, bj('2026-09-30 18:00')));
    expect(actor.getSnapshot().value).toEqual({ enforcing: 'reporting' });
    const remind = { type: 'deadline.remind', by: sweeper, at: reminderTime, beforeDueWorkingDays: 1 };
    expect(explainEvent(actor.getSnapshot(), { ...remind, at: aSecondBefore })).toMatchObject({ code: 'NOT_ALLOWED', reasonZh: expect.stringContaining('预警') });
    expect(explainEvent(actor.getSnapshot(), { ...remind, by: center })).toMatchObject({ code: 'NOT_ALLOWED' });
    expect(explainEvent(actor.getSnapshot(), { ...remind, beforeDueWorkingDays: 31 })).toMatchObject({ code: 'INVALID_EVENT' });
    expect(allowedEvents(actor.getSnapshot(), sweeper, { now: aSecondBefore })).not.toContain('deadline.remind');
    expect(allowedEvents(actor.getSnapshot(), sweeper, { now: reminderTime })).toContain('deadline.remind');
    expect(allowedEvents(actor.getSnapshot(), sweeper, { now: reminderTime, reminders: { beforeDueWorkingDays: 0 } })).not.toContain('deadline.remind');
    expect(allowedEvents(actor.getSnapshot(), sweeper, { now: reminderTime, reminders: false })).not.toContain('deadline.remind');
    expect(allowedEvents(actor.getSnapshot(), center, { now: reminderTime })).not.toContain('deadline.remind');
    expect(explainEvent(actor.getSnapshot(), remind)).toBeUndefined();
    send(remind);
    expect(actor.getSnapshot().context.deadlines.find((deadline) => deadline.kind === 'resultsUpload')).toMatchObject({ remindedAt: reminderTime });
    // Once per deadline: a second reminder is refused.
    expect(explainEvent(actor.getSnapshot(), { ...remind, at: '2026-10-12T08:00:00+08:00' })).toMatchObject({ code: 'NOT_ALLOWED' });
    expect(allowedEvents(actor.getSnapshot(), sweeper, { now: '2026-10-12T08:00:00+08:00' })).not.toContain('deadline.remind');

    expect(eventLabels['deadline.remind']).toEqual({ zh: '时限预警', en: 'Remind of deadlines' });
    const documented = (caseEventInputJsonSchemas['deadline.remind'].$defs as Record<string, { properties: Record<string, unknown>; required: string[] }>).DeadlineRemindEvent!;
    expect(documented.properties).toHaveProperty('beforeDueWorkingDays', expect.objectContaining({ type: 'integer', minimum: 0, maximum: 30 }));
    expect(documented.required).toContain('beforeDueWorkingDays');
    expect(JSON.stringify(caseEventInputJsonSchema)).toContain('deadline.remind');
  });
});
