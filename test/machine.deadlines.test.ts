/**
 * The results deadline (执法工作结束后5个工作日内上传) at its exact boundaries. Enforcement ends
 * 2026-09-30 18:00 Beijing time, so the results are due on 2026-10-13 and `dueAt` is the last
 * millisecond of that day in Beijing: on time means at or before `dueAt` (README, machine).
 */
import { describe, expect, it } from 'vitest';
import { createCaseMachine } from '../machines/createCaseMachine.js';
import { selectDeadlines } from '../machines/selectors.js';
import type { DeadlineCalendar } from '../machines/_lib/rules.js';
import { createWorkCalendar } from '../src/calendar/index.js';
import { accept, applicationInput, approveApplication, bj, enforceItem1, ev, market, startCase, sweeper } from './_lib/cases.js';

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

const statusAt = (now: string) => selectDeadlines(reporting().actor.getSnapshot() as never, now)[0]!.status;

function uploadAt(at: string) {
  const { actor } = reporting();
  accept(actor, ev('results.upload', market, at, { results: { summary: '执法结果' } }));
  return actor.getSnapshot().context.deadlines[0]!;
}

describe('the deadline the machine records', () => {
  it('starts when enforcement ends, counts 5 working days, and is due at the end of the Beijing day', () => {
    const { actor } = reporting();
    expect(actor.getSnapshot().context.enforcementEndedAt).toBe(bj('2026-09-30 18:00'));
    expect(actor.getSnapshot().context.deadlines).toEqual([
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
    expect(actor.getSnapshot().context.deadlines[0]).toMatchObject({ dueDate: '2026-10-13', dueAt, provisional: true });
  });

  it('follows a county’s override of a day: a declared day off moves the due date', () => {
    const calendar = createWorkCalendar({ overrides: [{ date: '2026-10-12', working: false, name: '县庆' }] });
    const { actor } = reporting(createCaseMachine({ calendar }));
    expect(actor.getSnapshot().context.deadlines[0]).toMatchObject({ dueDate: '2026-10-14', dueAt: '2026-10-14T23:59:59.999+08:00', provisional: false });
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
    const [view] = selectDeadlines(actor.getSnapshot() as never, new Date(dueMs + 1000));
    expect(view).toMatchObject({ status: 'overdue', dueAt });
    expect(view).not.toHaveProperty('overdueAt');
    expect(actor.getSnapshot().context.deadlines[0]!.status).toBe('pending');
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
    expect(actor.getSnapshot().context.deadlines[0]).toMatchObject({ status: 'overdue', overdueAt: justAfter });
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
    expect(actor.getSnapshot().context.deadlines[0]).toMatchObject({ status: 'late', overdueAt: secondAfter, doneAt: iso(dueMs + 5000) });
    expect(actor.getSnapshot().output).toBeUndefined();
  });

  it('a met deadline stays met whenever it is read later', () => {
    const { actor } = reporting();
    accept(actor, ev('results.upload', market, secondBefore, { results: { summary: '按时' } }));
    expect(selectDeadlines(actor.getSnapshot() as never, iso(dueMs + 86_400_000))[0]!.status).toBe('met');
  });
});
