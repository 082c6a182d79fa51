import { LinkedEnforcementError } from '../../errors.js';

/** `CASE_NOT_FOUND` for `caseId`. */
export function caseNotFound(caseId: string): never {
  throw new LinkedEnforcementError('CASE_NOT_FOUND', `No case ${caseId}`, { context: { caseId } });
}

/** `VERSION_CONFLICT`: the case is not at the version the write was based on. */
export function versionConflict(caseId: string, expectedVersion: number, actualVersion: number | null, reason: string, extra: Record<string, unknown> = {}): never {
  throw new LinkedEnforcementError('VERSION_CONFLICT', `Case ${caseId}: ${reason} (expected version ${expectedVersion}, found ${actualVersion ?? 'none'})`, {
    context: { caseId, expectedVersion, actualVersion, reason, ...extra },
  });
}
