import { isLinkedEnforcementError, LinkedEnforcementError } from '../../errors.js';
import type { CaseStore } from '../types.js';

const writes = new Set<keyof CaseStore>(['create', 'commit', 'claimNotifications', 'settleNotifications']);

/**
 * `STORE_UNAVAILABLE` for whatever else a store threw (a dropped connection, a driver's
 * TypeError, a full disk): callers branch on `code`, never on a driver's error classes. A write's
 * outcome is `unknown` (the store may have applied it before failing), a read's `not-applied`.
 */
export function storeFailure(store: Pick<CaseStore, 'name'>, operation: string, error: unknown, write: boolean): LinkedEnforcementError {
  if (isLinkedEnforcementError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new LinkedEnforcementError('STORE_UNAVAILABLE', `The ${store.name} store failed in ${operation}: ${message}`, {
    context: { store: store.name, operation, retryable: false, outcome: write ? 'unknown' : 'not-applied' },
    cause: error,
  });
}

/** The store with every method's failures turned into `LinkedEnforcementError`s (see {@link storeFailure}). */
export function guardStore(store: CaseStore): CaseStore {
  const guarded: Record<string, unknown> = { name: store.name };
  for (const method of ['load', 'create', 'commit', 'audit', 'list', 'due', 'caseIds', 'claimNotifications', 'settleNotifications', 'notifications'] as const) {
    const call = store[method] as (...args: unknown[]) => Promise<unknown>;
    guarded[method] = async (...args: unknown[]) => {
      try {
        return await call.apply(store, args);
      } catch (error) {
        throw storeFailure(store, method, error, writes.has(method));
      }
    };
  }
  return guarded as unknown as CaseStore;
}
