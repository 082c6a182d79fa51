import type { CaseStore } from '../../types.js';
import { caseNotFound } from '../engineErrors.js';
import type { MachineInfo } from '../machineInfo.js';
import type { CaseCache } from './CaseCache.js';
import { restoreCase, type CaseCopy } from './restoreCase.js';

/** What `loadCase` read: the current copy, and the idempotency record stored for the key asked about. */
export interface Loaded {
  readonly copy: CaseCopy;
  readonly idempotency?: unknown;
}

/** Whether the stored envelope is still the copy's version: same version, same audit head (checked without parsing it). */
export function isStill(raw: unknown, copy: CaseCopy): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { version?: unknown }).version === copy.version && (raw as { auditHead?: unknown }).auditHead === copy.envelope.auditHead;
}

/**
 * Reads the case as stored now, through the engine's copy: with a copy, only the log entries
 * after it (one read, whose size is what changed); an envelope still at the copy's version keeps
 * the copy as it is, unvalidated again; a log that does not continue the copy (rewritten behind
 * the engine's back) is read whole, and a store older than the copy (restored from a backup) is
 * taken as it is, the copy dropped. Keeps what it read in the cache.
 *
 * @throws {LinkedEnforcementError} `CASE_NOT_FOUND`, `INCOMPATIBLE_SNAPSHOT`, `STORE_UNAVAILABLE`.
 */
export async function loadCase(info: MachineInfo, store: CaseStore, cache: CaseCache, caseId: string, options: { readonly base?: CaseCopy; readonly idempotencyKey?: string } = {}): Promise<Loaded> {
  const { base, idempotencyKey } = options;
  const key = idempotencyKey === undefined ? {} : { idempotencyKey };
  const loaded = await store.load(caseId, { logFrom: base === undefined ? 1 : base.version + 1, ...key });
  if (loaded === undefined) {
    cache.drop(caseId);
    return caseNotFound(caseId);
  }
  const idempotency = loaded.idempotency === null ? undefined : loaded.idempotency;
  if (base !== undefined) {
    if (isStill(loaded.envelope, base)) return { copy: base, idempotency };
    // A newer version may continue the copy; restoreCase says whether it does (not when another machine release wrote either).
    const copy = ((loaded.envelope as { version?: unknown } | null)?.version as number) > base.version
      ? restoreCase(info, caseId, loaded.envelope, loaded.entries, {
          history: base.persisted.context.history,
          auditHead: base.envelope.auditHead,
          prefixLength: base.prefixLength,
          machineVersion: base.envelope.machineVersion,
        })
      : undefined;
    if (copy !== undefined) return { copy: cache.put(copy), idempotency };
    // The store went back behind the copy it once held (restored from a backup, a crash losing an
    // unsynced commit) or holds another history at this version: its copy stands, not the engine's.
    cache.drop(caseId);
    return loadCase(info, store, cache, caseId, key);
  }
  return { copy: cache.put(restoreCase(info, caseId, loaded.envelope, loaded.entries)!), idempotency };
}
