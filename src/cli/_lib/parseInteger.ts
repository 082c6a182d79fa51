import { invalidInput } from '../../_lib/validate.js';

/**
 * A whole number written in decimal, such as `5`, `-3` or `+2`.
 *
 * @throws {LinkedEnforcementError} `INVALID_INPUT` naming `argument` for anything else.
 */
export function parseInteger(text: string, argument: string): number {
  const value = /^[+-]?\d+$/u.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) invalidInput(argument, `expected a whole number such as 5 or -3, got "${text}"`, { value: text });
  return value;
}
