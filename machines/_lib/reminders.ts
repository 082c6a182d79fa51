import { z } from 'zod';
import { defaultCalendar } from '../../src/calendar/index.js';
import type { CaseContext, CaseDeadline } from '../types.js';
import type { CaseRules } from './rules.js';

/** Reminders (预警) go out this many working days before the due day unless the engine says otherwise. */
export const DEFAULT_REMIND_BEFORE = 1;

/** The reminder rule, as the engine and `allowedEvents` take it: `{ beforeDueWorkingDays }` (an integer 0–30, default 1), or `false` for none. */
export const remindersOptionSchema = z.union(
  [z.literal(false), z.object({ beforeDueWorkingDays: z.number().int().min(0).max(30).default(DEFAULT_REMIND_BEFORE) }).strict()],
  { error: 'must be { beforeDueWorkingDays } (an integer 0–30) or false' },
);

/** A calendar that can count working days back from a due day: the machine's, or the default one for a machine given only `deadline()`. */
function countingCalendar(rules: CaseRules): Pick<typeof defaultCalendar, 'addWorkingDays'> {
  const calendar = rules.calendar as Partial<typeof defaultCalendar>;
  return typeof calendar.addWorkingDays === 'function' ? (calendar as typeof defaultCalendar) : defaultCalendar;
}

/**
 * When a deadline's reminder (预警) is due: the start (00:00 Beijing time) of the working day
 * `beforeDueWorkingDays` working days before its due day (0: the start of the due day itself).
 * A day outside the calendar's years reminds at the start of the due day.
 */
export function reminderAtMs(deadline: Pick<CaseDeadline, 'dueDate'>, beforeDueWorkingDays: number, rules: CaseRules): number {
  let day = deadline.dueDate;
  if (beforeDueWorkingDays > 0) {
    try {
      day = countingCalendar(rules).addWorkingDays(deadline.dueDate, -beforeDueWorkingDays);
    } catch {
      // Out of the calendar's coverage: the due day is the one day we know.
    }
  }
  return Date.parse(`${day}T00:00:00+08:00`);
}

/**
 * Whether `deadline` owes a reminder at `atMs`: pending, not yet reminded, its reminder time
 * come and its due time not yet passed (past it, `deadline.check` marks it overdue instead).
 */
export function remindsAt(deadline: CaseDeadline, beforeDueWorkingDays: number, rules: CaseRules, atMs: number): boolean {
  return deadline.status === 'pending' && deadline.remindedAt === undefined && atMs <= Date.parse(deadline.dueAt) && reminderAtMs(deadline, beforeDueWorkingDays, rules) <= atMs;
}

/** The deadlines `deadline.remind` with `beforeDueWorkingDays` records at `atMs`. */
export function remindedDeadlines(context: CaseContext, beforeDueWorkingDays: number, rules: CaseRules, at: string): CaseContext['deadlines'] {
  const atMs = Date.parse(at);
  return context.deadlines.map((deadline): CaseDeadline => (remindsAt(deadline, beforeDueWorkingDays, rules, atMs) ? { ...deadline, remindedAt: at } : deadline));
}

/**
 * The earliest reminder not yet sent, as ms (`Infinity` when none is owed): with `nextDueAt`,
 * when `sweep` must next look at the case. A reminder whose time has passed while its deadline is
 * still pending counts at its own time (the next sweep sends it).
 */
export function nextReminderMs(context: CaseContext, beforeDueWorkingDays: number | false, rules: CaseRules): number {
  if (beforeDueWorkingDays === false) return Number.POSITIVE_INFINITY;
  let next = Number.POSITIVE_INFINITY;
  for (const deadline of context.deadlines) {
    if (deadline.status !== 'pending' || deadline.remindedAt !== undefined) continue;
    next = Math.min(next, reminderAtMs(deadline, beforeDueWorkingDays, rules));
  }
  return next;
}
