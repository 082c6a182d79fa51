import { z } from 'zod';
import { parseArgument } from '../_lib/validate.js';
import { canonicalJson, sha256Of } from './_lib/canonicalJson.js';
import { auditEntrySchema, caseEnvelopeSchema, caseIdSchema, type AuditEntry } from './schemas.js';
import type { AuditVerification } from './types.js';

/**
 * The `prevHash` of a case's first entry (立案): 64 zeros.
 *
 * @example
 * (await engine.history('c1'))[0].prevHash === GENESIS_HASH
 * //=> true
 */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The SHA-256 of an audit entry's canonical JSON (sorted keys, no whitespace): what the next
 * entry stores as `prevHash` and the envelope as `auditHead`.
 *
 * @param entry - An audit entry, as stored.
 * @returns 64 lowercase hex digits.
 * @throws {TypeError} when the entry holds something JSON cannot (a BigInt, a cycle).
 * @example
 * auditEntryHash(entries[0]) === entries[1].prevHash
 * //=> true
 */
export function auditEntryHash(entry: unknown): string {
  return sha256Of(entry);
}

const argumentsSchema = z.object({
  caseId: caseIdSchema,
  envelope: z.unknown(),
  entries: z.array(z.unknown()),
});

/**
 * Walks a case's hash chain: each entry must be well formed, belong to the case, carry the next
 * version and the SHA-256 of the entry before it; the envelope must be at the last entry's
 * version and pin its hash (`auditHead`), and the stored snapshot's history (流转记录) must
 * tell the same story as the log — who, when, and (for entries of the snapshot's machine
 * release) which event from which state to which. An edited, removed, inserted or reordered
 * entry breaks the chain at the first entry that no longer fits. Pure, so an archive can
 * verify an exported log without the engine.
 *
 * @param log - The case id, its stored envelope and its audit entries in log order.
 * @returns `{ ok: true, entries, head }`, or `{ ok: false, brokenAt, reason }` with the version (1-based position) where it breaks.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` when `caseId` is malformed or `entries` is not an array.
 * @example
 * verifyAuditChain({ caseId: 'case-1', envelope, entries })
 * //=> { ok: true, entries: [...], head: '9f86d0…' }
 * verifyAuditChain({ caseId: 'case-1', envelope, entries: [entries[0], entries[2]] })
 * //=> { ok: false, brokenAt: 2, reason: 'entry 2 says it is version 3: an entry was removed, inserted or moved' }
 */
export function verifyAuditChain(log: { readonly caseId: string; readonly envelope: unknown; readonly entries: readonly unknown[] }): AuditVerification {
  const { caseId, envelope: rawEnvelope, entries: raw } = parseArgument(argumentsSchema, log, 'log');
  const entries: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (const [index, candidate] of raw.entries()) {
    const position = index + 1;
    const parsed = auditEntrySchema.safeParse(candidate);
    if (!parsed.success) {
      const problem = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'entry'}: ${issue.message}`).join('; ');
      return { ok: false, brokenAt: position, reason: `entry ${position} is malformed: ${problem}` };
    }
    const entry = parsed.data;
    if (entry.caseId !== caseId) return { ok: false, brokenAt: position, reason: `entry ${position} belongs to case ${entry.caseId}` };
    if (entry.version !== position) {
      return { ok: false, brokenAt: position, reason: `entry ${position} says it is version ${entry.version}: an entry was removed, inserted or moved` };
    }
    if (entry.prevHash !== prevHash) {
      return { ok: false, brokenAt: position, reason: `entry ${position} does not hold the hash of the entry before it: that entry was edited, removed or moved` };
    }
    prevHash = auditEntryHash(candidate);
    entries.push(entry);
  }
  if (entries.length === 0) return { ok: false, brokenAt: 1, reason: 'the log is empty' };
  const envelope = caseEnvelopeSchema.safeParse(rawEnvelope);
  const last = entries.length;
  if (!envelope.success) return { ok: false, brokenAt: last, reason: 'the stored envelope is malformed, so the head of the log cannot be checked' };
  if (envelope.data.version !== last) {
    return { ok: false, brokenAt: Math.min(last, envelope.data.version) + 1, reason: `the log has ${last} entries but the case is at version ${envelope.data.version}` };
  }
  if (envelope.data.auditHead !== prevHash) {
    return { ok: false, brokenAt: last, reason: `entry ${last} does not match the case's audit head: it was edited or replaced` };
  }
  const differs = historyMismatch(envelope.data.snapshot, entries, envelope.data.machineVersion);
  if (differs !== undefined) {
    return { ok: false, brokenAt: differs, reason: `the stored snapshot's history (流转记录) differs from the log at version ${differs}: the case was changed outside the engine` };
  }
  return { ok: true, entries, head: prevHash };
}

/** The first version whose history entry in the snapshot does not match the log, if any. */
function historyMismatch(snapshot: Record<string, unknown>, entries: readonly AuditEntry[], machineVersion: number): number | undefined {
  const history = (snapshot.context as { history?: unknown } | undefined)?.history;
  if (!Array.isArray(history)) return 1;
  for (const [index, entry] of entries.entries()) {
    const recorded = history[index] as Record<string, unknown> | undefined;
    if (recorded === undefined) return index + 1;
    // A migration may rename events and states; who acted and when never change.
    const same = entry.machineVersion === machineVersion ? ['type', 'by', 'at', 'from', 'to'] : ['by', 'at'];
    if (same.some((field) => canonicalJson(recorded[field]) !== canonicalJson(entry[field as keyof AuditEntry]))) return index + 1;
  }
  return history.length === entries.length ? undefined : entries.length + 1;
}
