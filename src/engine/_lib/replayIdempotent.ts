import { z } from 'zod';
import { pathOfStateValue } from '../../../machines/_lib/statePath.js';
import { isLinkedEnforcementError, LinkedEnforcementError } from '../../errors.js';
import { auditEntrySchema, sha256HexSchema, type AuditEntry } from '../schemas.js';
import type { SendResult, SendResultData } from '../types.js';
import { sha256Of } from './canonicalJson.js';
import { summaryOf } from './caseSummary.js';
import type { Attempt } from './decide/prepareEvent.js';
import { caseNotFound } from './engineErrors.js';
import type { EngineContext } from './engineContext.js';
import { isStill } from './load/loadCase.js';
import { restoreCase, type CaseCopy } from './load/restoreCase.js';
import { headOf } from './load/storedHistory.js';
import { replayLog } from './replay.js';
import { readClock } from './clock.js';
import { replayedResultOf, viewDataOf, type ViewSource } from './view/caseView.js';

const idempotencyRecordSchema = z.object({
  key: z.string(),
  requestHash: sha256HexSchema,
  version: z.number().int().min(1),
  result: z.record(z.string(), z.unknown()).nullish(),
});

/** `INCOMPATIBLE_SNAPSHOT` for an idempotency record that does not hold up. */
function corruptRecord(caseId: string, key: string, reason: string): never {
  throw new LinkedEnforcementError('INCOMPATIBLE_SNAPSHOT', `Case ${caseId}: the idempotency record "${key}" cannot be replayed: ${reason}`, {
    context: { caseId, table: 'case_idempotency', idempotencyKey: key, reason },
  });
}

/**
 * A retry with a known key: the first result, rebuilt from the log (replaying it up to the
 * version the key wrote when the case has moved on, checked against that entry's snapshot
 * digest, which it must hold), or, for records of 0.1, as stored. Reads the whole log: retries are rare.
 *
 * @param raw - The record as the store handed it back (checked here).
 */
export async function replayIdempotent(ctx: EngineContext, caseId: string, attempt: Attempt, raw: unknown): Promise<SendResult> {
  const key = attempt.idempotencyKey!;
  const checked = idempotencyRecordSchema.safeParse(raw);
  if (!checked.success || checked.data.key !== key) return corruptRecord(caseId, key, 'the record is malformed');
  const record = checked.data;
  if (record.requestHash !== attempt.requestHash) {
    throw new LinkedEnforcementError('INVALID_INPUT', `Invalid options: idempotency key "${record.key}" was used for another event on case ${caseId}`, {
      context: { argument: 'options', caseId, idempotencyKey: record.key, version: record.version },
      issues: [{ code: 'custom', path: ['options', 'idempotencyKey'], message: 'already used for another event' }],
    });
  }
  const loaded = (await ctx.store.load(caseId, { logFrom: 1 })) ?? caseNotFound(caseId);
  const current = (): CaseCopy => {
    const held = ctx.cache.get(caseId);
    return held !== undefined && isStill(loaded.envelope, held) ? held : ctx.cache.put(restoreCase(ctx.info, caseId, loaded.envelope, loaded.entries)!);
  };
  if (record.result !== undefined && record.result !== null) {
    const result = record.result as unknown as SendResultData;
    if (result.caseId !== caseId || result.version !== record.version) return corruptRecord(caseId, key, `its stored result is not version ${record.version} of the case`);
    let now: { version: number; snapshot?: CaseCopy['snapshot'] } = { version: record.version };
    try {
      const copy = current();
      now = { version: copy.version, snapshot: copy.snapshot };
    } catch (error) {
      if (!isLinkedEnforcementError(error, 'INCOMPATIBLE_SNAPSHOT')) throw error;
    }
    return replayedResultOf(result, now, readClock(ctx.clock), ctx.info.remindBefore);
  }
  const copy = current();
  if (record.version > copy.version) return corruptRecord(caseId, key, `it names version ${record.version}, beyond the case's ${copy.version}`);
  const entries: AuditEntry[] = [];
  for (const [index, rawEntry] of (loaded.entries ?? []).slice(0, record.version).entries()) {
    const entry = auditEntrySchema.safeParse(rawEntry);
    if (!entry.success || entry.data.version !== index + 1) return corruptRecord(caseId, key, `audit entry ${index + 1} is malformed`);
    entries.push(entry.data);
  }
  const entry = entries[record.version - 1];
  if (entry === undefined) return corruptRecord(caseId, key, `the log has no entry ${record.version}`);
  if (entry.idempotencyKey !== key || (entry.requestHash !== undefined && entry.requestHash !== record.requestHash)) {
    return corruptRecord(caseId, key, `the log entry of version ${record.version} was not written for this key and request`);
  }
  let source: ViewSource = copy;
  if (record.version !== copy.version) {
    if (entries.some((logged) => logged.machineVersion !== ctx.info.machineVersion)) {
      return corruptRecord(caseId, key, `version ${record.version} was written by another machine release and cannot be rebuilt by this one`);
    }
    // The engine writes a digest with every entry of its release (only 0.1's, refused just above, have none), as verifyAudit holds too.
    if (entry.snapshotDigest === undefined) return corruptRecord(caseId, key, `the log entry of version ${record.version} holds no snapshot digest to check the rebuilt result against`);
    const rebuilt = replayLog(ctx.info, entries, record.version, copy.persisted.context.deadlines, () => {});
    // A replay of record.version (at least one) entries that did not stop has its last run.
    const last = rebuilt.stopped === undefined ? rebuilt.last! : undefined;
    if (last === undefined || entry.snapshotDigest !== sha256Of(headOf(last.persisted as never, 0))) {
      return corruptRecord(caseId, key, `replaying the log to version ${record.version} does not give the snapshot that version recorded`);
    }
    const { snapshot, persisted } = last;
    source = { version: record.version, snapshot, persisted: persisted as never, state: pathOfStateValue(snapshot.value), summary: summaryOf(snapshot, record.version) };
  }
  const data: SendResultData = { ...viewDataOf(source, new Date(entry.recordedAt)), notifications: entry.notifications };
  return replayedResultOf(data, copy, readClock(ctx.clock), ctx.info.remindBefore);
}
