import type { AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { parseArgument } from '../../_lib/validate.js';

const machineSchema = z.custom<AnyStateMachine>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { root?: unknown }).root === 'object' &&
    (value as { root: unknown }).root !== null &&
    (value as { root: { transitions?: unknown } }).root.transitions instanceof Map,
  'must be an XState machine (createMachine / setup().createMachine)',
);

/**
 * The `machine` argument, checked.
 *
 * @throws {LinkedEnforcementError} `INVALID_INPUT` when it is not an XState v5 machine.
 */
export function machineArgument(machine: unknown): AnyStateMachine {
  return parseArgument(machineSchema, machine, 'machine');
}
