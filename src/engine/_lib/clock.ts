import { instantSchema } from '../../../machines/schemas.js';
import { LinkedEnforcementError } from '../../errors.js';
import { beijingIso } from '../../_lib/beijingTime.js';
import { parseArgument } from '../../_lib/validate.js';
import type { Clock } from '../types.js';

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/** The clock's now, checked. */
export function readClock(clock: Clock): Date {
  const now = clock.now();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new LinkedEnforcementError('INVALID_INPUT', 'Invalid clock: now() must return a valid Date', { context: { argument: 'clock' } });
  }
  return now;
}

/** `now` as a Date and as the instant string events carry (a string is kept as written). */
export function instantArgument(now: Date | string, argument: string): { readonly date: Date; readonly iso: string } {
  if (now instanceof Date) {
    if (Number.isNaN(now.getTime())) throw new LinkedEnforcementError('INVALID_INPUT', `Invalid ${argument}: an invalid Date`, { context: { argument } });
    return { date: now, iso: beijingIso(now) };
  }
  const iso = parseArgument(instantSchema, now, argument);
  return { date: new Date(iso), iso };
}
