import { isLinkedEnforcementError, LinkedEnforcementError } from '../../../errors.js';
import type { CaseStore, CaseWrite, WriteOutcome } from '../../types.js';
import { sha256Of } from '../canonicalJson.js';

/**
 * Writes (compare-and-set on `expectedVersion`; 0 creates), and when the store's answer was lost
 * (`STORE_UNAVAILABLE`, outcome `unknown`), reads whether the write is there: the entry at its
 * version with its hash.
 */
export async function writeCase(store: CaseStore, write: CaseWrite, expectedVersion: number): Promise<WriteOutcome> {
  try {
    return expectedVersion === 0 ? await store.create(write) : await store.commit(write, expectedVersion);
  } catch (error) {
    if (!isLinkedEnforcementError(error, 'STORE_UNAVAILABLE') || error.context.outcome !== 'unknown') throw error;
    let written: boolean;
    try {
      const after = await store.load(write.caseId, { logFrom: write.entry.version });
      written = after?.entries !== undefined && after.entries.length > 0 && sha256Of(after.entries[0]) === write.envelope.auditHead;
    } catch {
      throw error;
    }
    if (written) return { ok: true };
    throw new LinkedEnforcementError('STORE_UNAVAILABLE', `${error.message} (checked: it was not applied)`, { context: { ...error.context, outcome: 'not-applied', retryable: true }, cause: error.cause });
  }
}
