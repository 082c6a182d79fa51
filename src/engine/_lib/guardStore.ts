import { isLinkedEnforcementError, LinkedEnforcementError } from '../../errors.js';
import type { CaseStore } from '../types.js';

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
  const fail = (operation: keyof CaseStore, write: boolean) => (error: unknown) => {
    throw storeFailure(store, operation, error, write);
  };
  /** Calls a store method; a synchronous throw becomes a rejection like an asynchronous one. */
  const call = <T>(operation: keyof CaseStore, write: boolean, run: () => Promise<T>): Promise<T> => {
    try {
      return run().catch(fail(operation, write));
    } catch (error) {
      return Promise.reject(storeFailure(store, operation, error, write));
    }
  };
  return {
    name: store.name,
    load: (caseId, options) => call('load', false, () => store.load(caseId, options)),
    create: (write) => call('create', true, () => store.create(write)),
    commit: (write, expectedVersion) => call('commit', true, () => store.commit(write, expectedVersion)),
    audit: (caseId) => call('audit', false, () => store.audit(caseId)),
    list: (query) => call('list', false, () => store.list(query)),
    due: (now, limit) => call('due', false, () => store.due(now, limit)),
    caseIds: (options) => call('caseIds', false, () => store.caseIds(options)),
    claimNotifications: (claim) => call('claimNotifications', true, () => store.claimNotifications(claim)),
    settleNotifications: (settlements) => call('settleNotifications', true, () => store.settleNotifications(settlements)),
    notifications: (query) => call('notifications', false, () => store.notifications(query)),
  };
}
