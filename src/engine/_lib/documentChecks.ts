import type { DocumentReference } from '../../../machines/schemas.js';
import type { BlobStore } from '../../blobs/types.js';
import { isLinkedEnforcementError, LinkedEnforcementError, type ErrorIssue } from '../../errors.js';
import { describeThrown, joinProblems } from '../../_lib/untrusted.js';
import type { AuditEntry } from '../schemas.js';
import type { AuditProblem } from '../types.js';

/** A document an event carries, and where in the event. */
export interface CarriedDocument {
  readonly path: readonly (string | number)[];
  readonly ref: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The documents an event carries: `unit.report`'s `documents`, `results.upload`'s
 * `results.documents` and `plan.submit`'s `plan.documents`. Reads any value (a stored entry's
 * event too) without throwing on its shape.
 */
export function documentsOf(event: unknown): CarriedDocument[] {
  if (!isObject(event)) return [];
  const listAt = (path: readonly string[]): CarriedDocument[] => {
    let current: unknown = event;
    for (const key of path) current = isObject(current) ? current[key] : undefined;
    return Array.isArray(current) ? current.map((ref, index) => ({ path: [...path, index], ref })) : [];
  };
  switch (event.type) {
    case 'unit.report':
      return listAt(['documents']);
    case 'results.upload':
      return listAt(['results', 'documents']);
    case 'plan.submit':
      return listAt(['plan', 'documents']);
    default:
      return [];
  }
}

/** A blob store's failure as ours: one that throws something else is unavailable, not a reason to refuse the caller's event. */
function blobFailure(error: unknown, operation: string): LinkedEnforcementError {
  if (isLinkedEnforcementError(error)) return error;
  return new LinkedEnforcementError('STORE_UNAVAILABLE', `The blob store failed in ${operation}: ${describeThrown(error)}`, {
    context: { store: 'blobs', operation, retryable: true, outcome: 'not-applied' },
    cause: error,
  });
}

/**
 * Refuses an event (checked by its schema) whose documents the blob store does not hold with
 * the same hash, size and media type: `INVALID_EVENT` naming each such document.
 *
 * @throws {LinkedEnforcementError} `INVALID_EVENT`; `STORE_UNAVAILABLE` when the blob store fails.
 */
export async function refuseUnstoredDocuments(caseId: string, event: { readonly type: string }, blobs: BlobStore): Promise<void> {
  const issues: ErrorIssue[] = [];
  const missing: string[] = [];
  for (const { path, ref } of documentsOf(event)) {
    const document = ref as DocumentReference;
    let stored: boolean;
    try {
      stored = await blobs.has(document);
    } catch (error) {
      throw blobFailure(error, 'has');
    }
    if (stored) continue;
    missing.push(document.name);
    issues.push({
      code: 'custom',
      path: ['event', ...path],
      message: `the blob store holds no file "${document.name}" with that SHA-256, size and media type (put it there first)`,
    });
  }
  if (issues.length === 0) return;
  const reason = joinProblems(issues.map((issue) => `${issue.path.slice(1).join('.')}: ${issue.message}`));
  throw new LinkedEnforcementError('INVALID_EVENT', `Case ${caseId}: Invalid event: ${reason}`, {
    context: { caseId, type: event.type, documents: missing, reason, reasonZh: `文件存储中没有${missing.map((name) => `“${name}”`).join('、')}（SHA-256 摘要、大小和类型须一致），请先上传文件` },
    issues,
  });
}

/**
 * Re-hashes every file the log's entries refer to (once per file): a file swapped or damaged in
 * the blob store, or missing from it, or a reference no store could hold, is a `blob` problem of
 * the entry that refers to it.
 *
 * @throws {LinkedEnforcementError} `STORE_UNAVAILABLE` when the blob store fails (its answer says nothing about the files).
 */
export async function blobProblems(entries: readonly AuditEntry[], blobs: BlobStore): Promise<AuditProblem[]> {
  const problems: AuditProblem[] = [];
  const verdicts = new Map<string, string | undefined>();
  for (const entry of entries) {
    for (const { path, ref } of documentsOf(entry.event)) {
      // A name alone: an event of machine version 2 or earlier, from before documents were files.
      if (typeof ref === 'string') continue;
      const key = String(JSON.stringify(ref));
      if (!verdicts.has(key)) {
        let verdict: string | undefined;
        try {
          await blobs.get(ref as DocumentReference);
        } catch (error) {
          if (isLinkedEnforcementError(error, 'BLOB_CORRUPT') || isLinkedEnforcementError(error, 'BLOB_NOT_FOUND') || isLinkedEnforcementError(error, 'INVALID_INPUT')) verdict = error.message;
          else throw blobFailure(error, 'get');
        }
        verdicts.set(key, verdict);
      }
      const verdict = verdicts.get(key);
      if (verdict !== undefined) {
        const name = isObject(ref) && typeof ref.name === 'string' ? ref.name : undefined;
        problems.push({
          kind: 'blob',
          version: entry.version,
          message: `entry ${entry.version} (${entry.type}) refers to ${path.join('.')}${name === undefined ? '' : ` "${name}"`}: ${verdict}`,
          table: 'blobs',
          ...(name === undefined ? {} : { field: name }),
        });
      }
    }
  }
  return problems;
}
