import { describe, expectTypeOf, it } from 'vitest';
import {
  createWorkCalendar,
  defaultCalendar,
  isPlainDate,
  toPlainDate,
  type DayInfo,
  type DayKind,
  type Deadline,
  type PlainDate,
  type WorkCalendar,
} from '../src/calendar/index.js';

describe('calendar types', () => {
  it('brands PlainDate', () => {
    expectTypeOf(toPlainDate('2026-09-30')).toEqualTypeOf<PlainDate>();
    expectTypeOf<PlainDate>().toExtend<string>();
    // @ts-expect-error a plain string is not known to be a real date
    const unchecked: PlainDate = '2026-09-30';
    void unchecked;
    const value: unknown = '2026-09-30';
    if (isPlainDate(value)) expectTypeOf(value).toEqualTypeOf<PlainDate>();
  });

  it('types the calendar', () => {
    expectTypeOf(createWorkCalendar()).toEqualTypeOf<WorkCalendar>();
    expectTypeOf(defaultCalendar.deadline('2026-09-29T17:00:00Z', 5)).toEqualTypeOf<Deadline>();
    expectTypeOf(defaultCalendar.deadline(new Date(), 5).dueDate).toEqualTypeOf<PlainDate>();
    expectTypeOf(defaultCalendar.addWorkingDays('2026-09-30', 5)).toEqualTypeOf<PlainDate>();
    expectTypeOf(defaultCalendar.dayInfo('2026-10-01')).toEqualTypeOf<DayInfo>();
    expectTypeOf<DayInfo['kind']>().toEqualTypeOf<DayKind>();
    expectTypeOf(defaultCalendar.coverage).toEqualTypeOf<{ readonly firstYear: number; readonly lastYear: number }>();
  });

  it('rejects what cannot be a date or an option', () => {
    // @ts-expect-error numbers are not dates
    defaultCalendar.isWorkingDay(20260930);
    // @ts-expect-error beyondCoverage is 'estimate' or 'throw'
    createWorkCalendar({ beyondCoverage: 'guess' });
    // @ts-expect-error an override says whether the day is worked
    createWorkCalendar({ overrides: [{ date: '2026-06-01' }] });
    // @ts-expect-error the count is a number
    defaultCalendar.addWorkingDays('2026-09-30', '5');
  });
});
