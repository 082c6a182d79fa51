import { isLinkedEnforcementError, type LinkedEnforcementError } from '../../src/errors.js';

/** What `run` throws; fails the test when it throws nothing. */
export function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** The LinkedEnforcementError `run` throws; fails the test on anything else. */
export function thrown(run: () => unknown): LinkedEnforcementError {
  const error = errorOf(run);
  if (isLinkedEnforcementError(error)) return error;
  throw error;
}

/** The code of the LinkedEnforcementError `run` throws, `'none'` when it returns. */
export function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return isLinkedEnforcementError(error) ? error.code : `not a LinkedEnforcementError: ${String(error)}`;
  }
  return 'none';
}

/** The LinkedEnforcementError `run` rejects with; fails the test on anything else. */
export async function rejectionOf(run: () => Promise<unknown>): Promise<LinkedEnforcementError> {
  try {
    await run();
  } catch (error) {
    if (isLinkedEnforcementError(error)) return error;
    throw error;
  }
  throw new Error('expected a LinkedEnforcementError, got none');
}
