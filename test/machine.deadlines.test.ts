/**
 * The results deadline (执法工作结束后5个工作日内上传) at its exact boundaries. Enforcement ends
 * 2026-09-30 18:00 Beijing time, so the results are due on 2026-10-13 and `dueAt` is the last
 * millisecond of that day in Beijing: on time means at or before `dueAt` (README, machine).
 */
import { describe, expect, it } from 'vitest';
import { createCaseMachine } from '../machines/createCaseMachine.js';
import { allowedEvents, selectDeadlines } from '../machines/selectors.js';
import { machineRules } from '../machines/_lib/machineRules.js';
import { nextReminderMs } from '../machines/_lib/reminders.js';
import type { DeadlineCalendar } from '../machines/_lib/rules.js';
import { createWorkCalendar } from '../src/calendar/index.js';
import { accept, applicationInput, approveApplication, bj, center, enforceItem1, ev, fire, item1Cooperating, item1Plan, market, police, startCase, sweeper } from './_lib/cases.js';

const dueAt = '2026-10-13T23:59:59.999+08:00';
const dueMs = Date.parse(dueAt);
const iso = (ms: number) => new Date(ms).toISOString();
const secondBefore = iso(dueMs - 1000);
const atDue = iso(dueMs);
const justAfter = iso(dueMs + 1);
const secondAfter = iso(dueMs + 1000);

function reporting(machine?: ReturnType<typeof createCaseMachine>) {
  const { actor, notifications } = startCase(applicationInput(), machine);
  approveApplication(actor);
  enforceItem1(actor);
  return { actor, notifications };
}

/** The results deadline among the case's deadlines (the acknowledgement deadlines come first, one per cooperating unit). */
const resultsDeadline = <T extends { kind: string }>(deadlines: readonly T[]): T => {
  const found = deadlines.filter((deadline) => deadline.kind === 'resultsUpload');
  expect(found).toHaveLength(1);
  return found[0]!;
};

const statusAt = (now: string) => resultsDeadline(selectDeadlines(reporting().actor.getSnapshot() as never, now)).status;

function uploadAt(at: string) {
  const { actor } = reporting();
  accept(actor, ev('results.upload', market, at, { results: { summary: '执法结果' } }));
  return resultsDeadline(actor.getSnapshot().context.deadlines);
}

describe('the deadline the machine records', () => {
  it('starts when enforcement ends, counts 5 working days, and is due at the end of the Beijing day', () => {
    const { actor } = reporting();
    expect(actor.getSnapshot().context.enforcementEndedAt).toBe(bj('2026-09-30 18:00'));
    const acknowledged = item1Cooperating.map((unit, index) => ({
      kind: 'acknowledgement',
      unit,
      startedAt: bj('2026-09-04 10:00'),
      workingDays: 0,
      dueDate: '2026-09-29',
      dueAt: bj('2026-09-29 09:00'),
      provisional: false,
      status: 'met',
      doneAt: bj(`2026-09-05 0${index + 1}:00`),
    }));
    expect(actor.getSnapshot().context.deadlines).toEqual([
      ...acknowledged,
      {
        kind: 'resultsUpload',
        unit: 'market-regulation',
        startedAt: bj('2026-09-30 18:00'),
        workingDays: 5,
        dueDate: '2026-10-13',
        dueAt,
        provisional: false,
        status: 'pending',
      },
    ]);
  });

  it('carries the calendar’s provisional flag', () => {
    // A calendar that could only estimate the days it counted: the deadline must say so.
    const estimating: DeadlineCalendar = { deadline: () => ({ dueDate: '2026-10-13', dueAt, provisional: true }) };
    const { actor } = reporting(createCaseMachine({ calendar: estimating }));
    expect(resultsDeadline(actor.getSnapshot().context.deadlines)).toMatchObject({ dueDate: '2026-10-13', dueAt, provisional: true });
  });

  it('follows a county’s override of a day: a declared day off moves the due date', () => {
    const calendar = createWorkCalendar({ overrides: [{ date: '2026-10-12', working: false, name: '县庆' }] });
    const { actor } = reporting(createCaseMachine({ calendar }));
    expect(resultsDeadline(actor.getSnapshot().context.deadlines)).toMatchObject({ dueDate: '2026-10-14', dueAt: '2026-10-14T23:59:59.999+08:00', provisional: false });
  });
});

describe('pending → overdue as selectDeadlines reads it', () => {
  it('is pending a second before dueAt and at dueAt itself', () => {
    expect(statusAt(secondBefore)).toBe('pending');
    expect(statusAt(atDue)).toBe('pending');
  });

  it('is overdue a millisecond and a second after dueAt', () => {
    expect(statusAt(justAfter)).toBe('overdue');
    expect(statusAt(secondAfter)).toBe('overdue');
  });

  it('is pending all through the due day (Beijing), from its first minute to its last', () => {
    expect(statusAt(bj('2026-10-13 00:00'))).toBe('pending');
    expect(statusAt(bj('2026-10-13 12:00'))).toBe('pending');
    expect(statusAt(bj('2026-10-13 23:59'))).toBe('pending');
  });

  it('reads an overdue view without changing the recorded deadline', () => {
    const { actor } = reporting();
    const view = resultsDeadline(selectDeadlines(actor.getSnapshot() as never, new Date(dueMs + 1000)));
    expect(view).toMatchObject({ status: 'overdue', dueAt });
    expect(view).not.toHaveProperty('overdueAt');
    expect(resultsDeadline(actor.getSnapshot().context.deadlines).status).toBe('pending');
  });
});

describe('deadline.check records overdue only after dueAt', () => {
  it('refuses a check a second before dueAt and at dueAt', () => {
    const { actor } = reporting();
    expect(actor.getSnapshot().can(ev('deadline.check', sweeper, secondBefore))).toBe(false);
    expect(actor.getSnapshot().can(ev('deadline.check', sweeper, atDue))).toBe(false);
  });

  it('marks the deadline overdue a millisecond after dueAt, recording when', () => {
    const { actor } = reporting();
    accept(actor, ev('deadline.check', sweeper, justAfter));
    expect(resultsDeadline(actor.getSnapshot().context.deadlines)).toMatchObject({ status: 'overdue', overdueAt: justAfter });
  });

  it('a second check finds nothing more to mark', () => {
    const { actor } = reporting();
    accept(actor, ev('deadline.check', sweeper, secondAfter));
    expect(actor.getSnapshot().can(ev('deadline.check', sweeper, iso(dueMs + 60_000)))).toBe(false);
  });
});

describe('met or late when the results are uploaded', () => {
  it('is met a second before dueAt and at dueAt, recording when', () => {
    expect(uploadAt(secondBefore)).toMatchObject({ status: 'met', doneAt: secondBefore });
    expect(uploadAt(atDue)).toMatchObject({ status: 'met', doneAt: atDue });
  });

  it('is met on the due day itself, in its first minute', () => {
    expect(uploadAt(bj('2026-10-13 00:00')).status).toBe('met');
  });

  it('is late a millisecond and a second after dueAt', () => {
    expect(uploadAt(justAfter)).toMatchObject({ status: 'late', doneAt: justAfter });
    expect(uploadAt(secondAfter)).toMatchObject({ status: 'late', doneAt: secondAfter });
  });

  it('is late when uploaded after a check found it overdue, and keeps when it was found', () => {
    const { actor } = reporting();
    accept(actor, ev('deadline.check', sweeper, secondAfter));
    accept(actor, ev('results.upload', market, iso(dueMs + 5000), { results: { summary: '逾期上传' } }));
    expect(resultsDeadline(actor.getSnapshot().context.deadlines)).toMatchObject({ status: 'late', overdueAt: secondAfter, doneAt: iso(dueMs + 5000) });
    expect(actor.getSnapshot().output).toBeUndefined();
  });

  it('a met deadline stays met whenever it is read later', () => {
    const { actor } = reporting();
    accept(actor, ev('results.upload', market, secondBefore, { results: { summary: '按时' } }));
    expect(resultsDeadline(selectDeadlines(actor.getSnapshot() as never, iso(dueMs + 86_400_000))).status).toBe('met');
  });
});

/**
 * The acknowledgement deadlines (配合单位 1–2: confirm the task and report staff and equipment by
 * the time set, 按照指定的时间). Each is due at the dispatch's `startAt` itself — the instant the
 * units meet, not the end of that day.
 */
describe('acknowledgement deadlines at their exact boundaries', () => {
  const startAt = bj('2026-09-29 09:00');
  const startMs = Date.parse(startAt);
  const beforeStart = iso(startMs - 1000);
  const afterStart = iso(startMs + 1);

  function dispatched() {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt }));
    return { actor, notifications };
  }
  const fireDeadline = (actor: ReturnType<typeof dispatched>['actor']) => actor.getSnapshot().context.deadlines.find((deadline) => deadline.unit === 'fire-rescue')!;
  const acknowledgeAt = (at: string) => {
    const { actor } = dispatched();
    accept(actor, ev('unit.acknowledge', fire, at, { staff: 3 }));
    return fireDeadline(actor);
  };

  it('is set at dispatch for each cooperating unit, due at startAt, with no working days counted', () => {
    const { actor } = dispatched();
    expect(actor.getSnapshot().context.deadlines).toEqual(
      item1Cooperating.map((unit) => ({ kind: 'acknowledgement', unit, startedAt: bj('2026-09-04 10:00'), workingDays: 0, dueDate: '2026-09-29', dueAt: startAt, provisional: false, status: 'pending' })),
    );
  });

  it('is pending a second before startAt and at startAt, overdue a millisecond after — and within the same day', () => {
    const { actor } = dispatched();
    const statusAt = (now: string) => selectDeadlines(actor.getSnapshot() as never, now).find((deadline) => deadline.unit === 'fire-rescue')!.status;
    expect(statusAt(beforeStart)).toBe('pending');
    expect(statusAt(startAt)).toBe('pending');
    expect(statusAt(afterStart)).toBe('overdue');
    expect(statusAt(bj('2026-09-29 12:00'))).toBe('overdue');
  });

  it('is met when acknowledged a second before startAt or at it, late a millisecond after', () => {
    expect(acknowledgeAt(beforeStart)).toMatchObject({ status: 'met', doneAt: beforeStart });
    expect(acknowledgeAt(startAt)).toMatchObject({ status: 'met', doneAt: startAt });
    expect(acknowledgeAt(afterStart)).toMatchObject({ status: 'late', doneAt: afterStart });
  });

  it('is marked overdue by a check only after startAt; a later acknowledgement is late and keeps when the check found it', () => {
    const { actor } = dispatched();
    accept(actor, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan() }));
    expect(actor.getSnapshot().can(ev('deadline.check', sweeper, startAt))).toBe(false);
    accept(actor, ev('deadline.check', sweeper, afterStart));
    expect(fireDeadline(actor)).toMatchObject({ status: 'overdue', overdueAt: afterStart });
    accept(actor, ev('unit.acknowledge', fire, bj('2026-09-29 10:00'), { staff: 3 }));
    expect(fireDeadline(actor)).toMatchObject({ status: 'late', overdueAt: afterStart, doneAt: bj('2026-09-29 10:00') });
  });

  it('a unit’s second acknowledgement changes nothing of its deadline', () => {
    const { actor } = dispatched();
    accept(actor, ev('unit.acknowledge', fire, beforeStart, { staff: 3 }));
    accept(actor, ev('unit.acknowledge', fire, afterStart, { staff: 4 }));
    expect(fireDeadline(actor)).toMatchObject({ status: 'met', doneAt: beforeStart });
    expect(actor.getSnapshot().context.acknowledgements.map((entry) => entry.staff)).toEqual([3, 4]);
  });

  it('is missed when enforcement ends without it, pending or overdue; met and late ones stay as they were', () => {
    const { actor } = dispatched();
    accept(actor, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan() }));
    accept(actor, ev('unit.acknowledge', police, beforeStart, { staff: 6 }));
    accept(actor, ev('deadline.check', sweeper, afterStart));
    accept(actor, ev('unit.acknowledge', { unit: 'health' }, bj('2026-09-29 10:00'), { staff: 2 }));
    accept(actor, ev('enforcement.end', market, bj('2026-09-30 18:00')));
    const byUnit = Object.fromEntries(actor.getSnapshot().context.deadlines.filter((d) => d.kind === 'acknowledgement').map((d) => [d.unit, d]));
    expect(byUnit['public-security']).toEqual(expect.objectContaining({ status: 'met', doneAt: beforeStart }));
    expect(byUnit['public-security']).not.toHaveProperty('missedAt');
    expect(byUnit.health).toEqual(expect.objectContaining({ status: 'late', overdueAt: afterStart, doneAt: bj('2026-09-29 10:00') }));
    expect(byUnit.health).not.toHaveProperty('missedAt');
    expect(byUnit['fire-rescue']).toEqual(expect.objectContaining({ status: 'missed', overdueAt: afterStart, missedAt: bj('2026-09-30 18:00') }));
    expect(byUnit['fire-rescue']).not.toHaveProperty('doneAt');
  });
});

describe('when the sweep must next remind (预警) of the results deadline', () => {
  const nextReminder = (actor: ReturnType<typeof reporting>['actor'], beforeDueWorkingDays: number | false = 1) =>
    nextReminderMs(actor.getSnapshot().context, beforeDueWorkingDays, machineRules.get(actor.getSnapshot().machine)!);

  it('from the start of the working day before the due day, until reminded; never with reminders off', () => {
    const { actor } = reporting();
    expect(nextReminder(actor)).toBe(Date.parse('2026-10-12T00:00:00+08:00'));
    expect(nextReminder(actor, false)).toBe(Number.POSITIVE_INFINITY);
    accept(actor, ev('deadline.remind', sweeper, bj('2026-10-12 08:00'), { beforeDueWorkingDays: 1 }));
    expect(nextReminder(actor)).toBe(Number.POSITIVE_INFINITY);
  });

  it('is offered to the system from then on (deadline.remind), and never with reminders off', () => {
    const { actor } = reporting();
    const offered = (now: string, options: { reminders?: false } = {}) => allowedEvents(actor.getSnapshot(), sweeper, { now, ...options }).includes('deadline.remind');
    expect(offered(bj('2026-10-11 23:59'))).toBe(false);
    expect(offered(bj('2026-10-12 08:00'))).toBe(true);
    for (const now of [bj('2026-10-12 08:00'), bj('2026-10-13 08:00')]) expect(offered(now, { reminders: false })).toBe(false);
  });

  it('never for a deadline met', () => {
    const { actor } = reporting();
    accept(actor, ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '执法结果' } }));
    expect(nextReminder(actor)).toBe(Number.POSITIVE_INFINITY);
  });
});
