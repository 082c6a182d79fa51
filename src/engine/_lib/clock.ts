import { instantSchema } from '../../../machines/schemas.js';
import { LinkedEnforcementError } from '../../errors.js';
import { beijingIso } from '../../_lib/beijingTime.js';
import { dateMsOf, describeThrown } from '../../_lib/untrusted.js';
import { invalidInput, parseArgument } from '../../_lib/validate.js';
import type { Clock } from '../types.js';

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/** The first instant the engine takes: 2000-01-01 00:00 Beijing time (the calendar's data starts in 2000s). */
export const EARLIEST_INSTANT = Date.parse('2000-01-01T00:00:00+08:00');
/** The first instant it no longer takes: 2100-01-01 00:00 Beijing time (the calendar's horizon). */
export const END_OF_TIME = Date.parse('2100-01-01T00:00:00+08:00');

/** Why the engine cannot keep or reason about the instant `ms`, or `undefined`. */
export function outsideWindow(ms: number): string | undefined {
  if (ms >= EARLIEST_INSTANT && ms < END_OF_TIME) return undefined;
  return 'must lie in 2000–2099 (Beijing time): the years the engine stores and the calendar reasons about';
}

/** The clock's now, checked: a valid Date inside the engine's years. */
export function readClock(clock: Clock): Date {
  let ms: number | undefined;
  try {
    ms = dateMsOf(clock.now());
  } catch (error) {
    throw new LinkedEnforcementError('INVALID_INPUT', `Invalid clock: now() threw (${describeThrown(error)})`, { context: { argument: 'clock' }, cause: error });
  }
  if (ms === undefined || Number.isNaN(ms)) {
    throw new LinkedEnforcementError('INVALID_INPUT', 'Invalid clock: now() must return a valid Date', { context: { argument: 'clock' } });
  }
  const now = new Date(ms);
  const problem = outsideWindow(ms);
  if (problem !== undefined) {
    throw new LinkedEnforcementError('INVALID_INPUT', `Invalid clock: now() returned ${now.toISOString()}, which ${problem}`, { context: { argument: 'clock', now: now.toISOString() } });
  }
  return now;
}

/**
 * Why a caller-supplied instant (an event's or input's `at`, `sweep`'s `now`) is refused, or
 * `undefined`: outside the engine's years, or more than `maxSkewMs` ahead of the engine's clock
 * (a date years ahead would lock the case: nothing may be dated before a case's last event).
 */
export function untimely(at: string, now: Date, maxSkewMs: number): string | undefined {
  const ms = Date.parse(at);
  const window = outsideWindow(ms);
  if (window !== undefined) return `${at} ${window}`;
  if (ms > now.getTime() + maxSkewMs) return `${at} is ahead of the engine's clock (${beijingIso(now)}) by more than ${maxSkewMs} ms`;
  return undefined;
}

/**
 * `now` as a Date and as the instant string events carry (a string is kept as written), checked
 * against the window and the clock.
 */
export function instantArgument(now: Date | string, argument: string, clockNow: Date, maxSkewMs: number): { readonly date: Date; readonly iso: string } {
  let iso: string;
  const ms = dateMsOf(now);
  if (ms !== undefined) {
    if (Number.isNaN(ms)) invalidInput(argument, 'an invalid Date');
    const date = new Date(ms);
    const window = outsideWindow(ms);
    if (window !== undefined) invalidInput(argument, `${date.toISOString()} ${window}`, { [argument]: date.toISOString() });
    iso = beijingIso(date);
  } else {
    iso = parseArgument(instantSchema, now, argument);
  }
  const problem = untimely(iso, clockNow, maxSkewMs);
  // `clockNow`, not `now`: sweep's argument is itself called `now`, and its refused value must stay in the context.
  if (problem !== undefined) invalidInput(argument, problem, { [argument]: iso, clockNow: beijingIso(clockNow) });
  return { date: new Date(iso), iso };
}
