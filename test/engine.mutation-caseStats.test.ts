/**
 * The statistics' building blocks (README › Statistics): which step (环节) each state counts for,
 * an instant's Beijing date, and working days counted the way a deadline counts them — by any
 * machine calendar, with or without `workingDaysBetween`, and `null` when it cannot answer.
 * Written against the mutants that survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { beijingDate, stepOfState, workingDaysElapsed } from '../src/engine/_lib/stats/caseStats.js';

/** A calendar with only deadline(): Monday to Friday working, no holidays. */
const weekdays = {
  deadline(start: string, workingDays: number) {
    const day = new Date(`${start.slice(0, 10)}T00:00:00Z`);
    for (let left = workingDays; left > 0; ) {
      day.setUTCDate(day.getUTCDate() + 1);
      if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) left--;
    }
    return { dueDate: day.toISOString().slice(0, 10) };
  },
};

describe('stepOfState', () => {
  it('counts each state for its step, and the waiting and final states for none', () => {
    const steps = Object.fromEntries(
      ['preliminaryReview', 'legalReview', 'dispatching', 'aggregating', 'leaderApproval', 'leaderConsent', 'leadReview', 'emergencyApproval', 'enforcing.planning', 'enforcing.executing', 'enforcing.reporting', 'returned', 'awaitingAmendment', 'archived', 'rejected'].map((state) => [state, stepOfState(state as never)]),
    );
    expect(steps).toEqual({
      preliminaryReview: 'preliminaryReview',
      legalReview: 'legalReview',
      dispatching: 'dispatching',
      aggregating: 'aggregating',
      leaderApproval: 'approval',
      leaderConsent: 'approval',
      leadReview: 'approval',
      emergencyApproval: 'approval',
      'enforcing.planning': 'enforcing',
      'enforcing.executing': 'enforcing',
      'enforcing.reporting': 'enforcing',
      returned: null,
      awaitingAmendment: null,
      archived: null,
      rejected: null,
    });
    expect(stepOfState(null)).toBeNull();
  });
});

describe('beijingDate', () => {
  it('reads the Beijing date of an instant in any offset', () => {
    expect(beijingDate('2026-09-01T23:59:59+08:00')).toBe('2026-09-01');
    expect(beijingDate('2026-09-01T16:00:00Z')).toBe('2026-09-02');
    expect(beijingDate('2026-09-01T15:59:59.999Z')).toBe('2026-09-01');
    expect(beijingDate('2026-09-01T10:00:00-08:00')).toBe('2026-09-02');
    expect(beijingDate('2026-09-01T00:30:00+09:00')).toBe('2026-08-31');
    // ECMAScript reads 24:00 as the next day's midnight.
    expect(beijingDate('2026-09-01T24:00:00+08:00')).toBe('2026-09-02');
  });
});

describe('workingDaysElapsed', () => {
  it('counts the working days after the first date up to and including the last, by deadline() alone', () => {
    const calendar = { deadline: weekdays.deadline };
    expect(workingDaysElapsed(calendar, '2026-09-04T09:00:00+08:00', '2026-09-04T18:00:00+08:00')).toBe(0);
    expect(workingDaysElapsed(calendar, '2026-09-04T09:00:00+08:00', '2026-09-07T09:00:00+08:00')).toBe(1);
    expect(workingDaysElapsed(calendar, '2026-09-04T09:00:00+08:00', '2026-09-11T09:00:00+08:00')).toBe(5);
    expect(workingDaysElapsed(calendar, '2026-09-05T09:00:00+08:00', '2026-09-06T09:00:00+08:00')).toBe(0);
  });

  it('asks workingDaysBetween when the calendar has it, never below 0, and once per pair of dates', () => {
    const asked: string[] = [];
    const calendar = {
      deadline: () => {
        throw new Error('not asked');
      },
      workingDaysBetween: (from: string, to: string) => (asked.push(`${from}/${to}`), from < to ? 3 : -2),
    };
    expect(workingDaysElapsed(calendar, '2026-09-01T09:00:00+08:00', '2026-09-04T09:00:00+08:00')).toBe(3);
    expect(workingDaysElapsed(calendar, '2026-09-01T10:00:00+08:00', '2026-09-04T11:00:00+08:00')).toBe(3);
    expect(workingDaysElapsed(calendar, '2026-09-04T09:00:00+08:00', '2026-09-01T09:00:00+08:00')).toBe(0);
    expect(asked).toEqual(['2026-09-01/2026-09-04', '2026-09-04/2026-09-01']);
  });

  it('is null when the calendar cannot answer for those dates', () => {
    const calendar = {
      deadline: () => {
        throw new RangeError('no holiday data for 2099');
      },
    };
    expect(workingDaysElapsed(calendar, '2099-09-01T09:00:00+08:00', '2099-09-04T09:00:00+08:00')).toBeNull();
  });
});
