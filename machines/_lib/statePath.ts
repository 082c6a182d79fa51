import type { CaseStatePath } from '../types.js';

/**
 * The dotted path of a state value (`'legalReview'`, `{ enforcing: 'planning' }` →
 * `'enforcing.planning'`), unchecked: for snapshots the machine made or the engine restored
 * after checking them. The public `statePathOf` checks its argument first.
 */
export function pathOfStateValue(value: unknown): CaseStatePath {
  if (typeof value === 'string') return value as CaseStatePath;
  const [stage, child] = Object.entries(value as object)[0]!;
  return `${stage}.${pathOfStateValue(child)}` as CaseStatePath;
}
