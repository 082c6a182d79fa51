import { isLinkedEnforcementError, LinkedEnforcementError } from '../../errors.js';
import type { CaseStore, DoneStoreRow, InboxStoreRow } from '../types.js';
import { caseIdsAnswer, caseRows, malformedAnswer, statsAnswer } from './storeAnswers.js';

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
  // One async function per method, no closures per call: load and commit run on every send.
  return {
    name: store.name,
    async load(caseId, options) {
      try {
        const loaded = await store.load(caseId, options);
        if (loaded !== undefined && (typeof loaded !== 'object' || loaded === null)) throw malformedAnswer(store, 'load', `not a stored case or undefined but ${loaded === null ? 'null' : typeof loaded}`, false);
        return loaded;
      } catch (error) {
        throw storeFailure(store, 'load', error, false);
      }
    },
    async create(write) {
      try {
        return await store.create(write);
      } catch (error) {
        throw storeFailure(store, 'create', error, true);
      }
    },
    async commit(write, expectedVersion) {
      try {
        return await store.commit(write, expectedVersion);
      } catch (error) {
        throw storeFailure(store, 'commit', error, true);
      }
    },
    async audit(caseId) {
      try {
        return await store.audit(caseId);
      } catch (error) {
        throw storeFailure(store, 'audit', error, false);
      }
    },
    async list(query) {
      try {
        return caseRows(store, 'list', await store.list(query), [{ name: 'openedAt' }]);
      } catch (error) {
        throw storeFailure(store, 'list', error, false);
      }
    },
    async claimDue(claim) {
      try {
        return caseIdsAnswer(store, 'claimDue', await store.claimDue(claim), true);
      } catch (error) {
        throw storeFailure(store, 'claimDue', error, true);
      }
    },
    async caseIds(options) {
      try {
        return caseIdsAnswer(store, 'caseIds', await store.caseIds(options));
      } catch (error) {
        throw storeFailure(store, 'caseIds', error, false);
      }
    },
    async claimNotifications(claim) {
      try {
        return await store.claimNotifications(claim);
      } catch (error) {
        throw storeFailure(store, 'claimNotifications', error, true);
      }
    },
    async settleNotifications(settlements) {
      try {
        return await store.settleNotifications(settlements);
      } catch (error) {
        throw storeFailure(store, 'settleNotifications', error, true);
      }
    },
    async notifications(query) {
      try {
        return await store.notifications(query);
      } catch (error) {
        throw storeFailure(store, 'notifications', error, false);
      }
    },
    async inbox(query) {
      try {
        return caseRows<InboxStoreRow>(store, 'inbox', await requireMethod(store, 'inbox').call(store, query), [{ name: 'dueAt', nullable: true }, { name: 'waitingSince' }]);
      } catch (error) {
        throw storeFailure(store, 'inbox', error, false);
      }
    },
    async done(query) {
      try {
        return caseRows<DoneStoreRow>(store, 'done', await requireMethod(store, 'done').call(store, query), [{ name: 'lastActedAt' }]);
      } catch (error) {
        throw storeFailure(store, 'done', error, false);
      }
    },
    async unindexedCases(limit) {
      try {
        return caseIdsAnswer(store, 'unindexedCases', await requireMethod(store, 'unindexedCases').call(store, limit));
      } catch (error) {
        throw storeFailure(store, 'unindexedCases', error, false);
      }
    },
    async indexCase(summary) {
      try {
        return await requireMethod(store, 'indexCase').call(store, summary);
      } catch (error) {
        throw storeFailure(store, 'indexCase', error, true);
      }
    },
    ...(typeof store.stats !== 'function' || typeof store.statsBacklog !== 'function' || typeof store.backfillStats !== 'function'
      ? {}
      : {
          async stats(query) {
            try {
              return statsAnswer(store, await store.stats!(query));
            } catch (error) {
              throw storeFailure(store, 'stats', error, false);
            }
          },
          async statsBacklog(options) {
            try {
              return caseIdsAnswer(store, 'statsBacklog', await store.statsBacklog!(options));
            } catch (error) {
              throw storeFailure(store, 'statsBacklog', error, false);
            }
          },
          async backfillStats(caseId, write) {
            try {
              return await store.backfillStats!(caseId, write);
            } catch (error) {
              throw storeFailure(store, 'backfillStats', error, true);
            }
          },
        }),
  };
}

type OptionalMethod = 'inbox' | 'done' | 'unindexedCases' | 'indexCase';

/** A 0.4 method of the store, or `STORE_UNAVAILABLE` saying the store predates the inbox (待办/已办) index. */
function requireMethod<Name extends OptionalMethod>(store: CaseStore, name: Name): NonNullable<CaseStore[Name]> {
  const method = store[name];
  if (typeof method === 'function') return method as NonNullable<CaseStore[Name]>;
  throw new LinkedEnforcementError('STORE_UNAVAILABLE', `The ${store.name} store has no ${name}(): it keeps no inbox index (待办/已办), which CaseStore 0.4 adds`, {
    context: { store: store.name, operation: name, retryable: false, outcome: 'not-applied', reason: `the store has no ${name}() (CaseStore 0.4)` },
  });
}
