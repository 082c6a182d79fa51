import { z } from 'zod';
import { describeThrown } from '../_lib/untrusted.js';
import { invalidInput, parseArgument, safeParseOf } from '../_lib/validate.js';
import { canonicalJson, sha256Of } from './_lib/canonicalJson.js';
import { auditEntrySchema, caseEnvelopeSchema, caseIdSchema, type AuditEntry, type CaseEnvelope } from './schemas.js';
import type { AuditProblem, AuditVerification } from './types.js';

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
 * @throws {LinkedEnforcementError} `INVALID_INPUT` when the entry is not JSON data (a BigInt, `NaN`, a cycle, a function, nesting deeper than 512, a value that throws when read).
 * @example
 * auditEntryHash(entries[0]) === entries[1].prevHash
 * //=> true
 */
export function auditEntryHash(entry: unknown): string {
  try {
    return sha256Of(entry);
  } catch (error) {
    return invalidInput('entry', `must be JSON data: ${describeThrown(error)}`);
  }
}

/** `auditEntryHash`, or `undefined` for a stored value canonical JSON cannot hold (nesting 512 deep). */
function hashOrUndefined(value: unknown): string | undefined {
  try {
    return sha256Of(value);
  } catch {
    // Not data canonical JSON can hold: no answer (written so, no mutant of this block is equivalent).
  }
  return undefined;
}

const argumentsSchema = z.object({
  caseId: caseIdSchema,
  envelope: z.unknown(),
  entries: z.array(z.unknown()),
});

/** What the chain check found, for the engine's fuller audit to go on from. */
export interface ChainCheck {
  readonly problems: AuditProblem[];
  /** The well-formed entries in log order (a malformed one is left out). */
  readonly entries: AuditEntry[];
  /** Whether every stored row was a well-formed entry of this case, numbered 1…n. */
  readonly complete: boolean;
  readonly envelope?: CaseEnvelope;
  readonly head: string | null;
  /** Whether the stored snapshot matches the digest the newest entry holds (format 2). */
  readonly headVouched: boolean;
}

/** The chain check itself; see {@link verifyAuditChain}. */
export function checkAuditChain(caseId: string, rawEnvelope: unknown, raw: readonly unknown[]): ChainCheck {
  const problems: AuditProblem[] = [];
  const entries: AuditEntry[] = [];
  const problem = (kind: AuditProblem['kind'], version: number | null, message: string) => problems.push({ kind, version, message, table: kind === 'envelope' || kind === 'snapshot' ? 'cases' : 'case_log' });
  let prevHash: string | undefined = GENESIS_HASH;
  let complete = true;
  for (const [index, candidate] of raw.entries()) {
    const position = index + 1;
    const hash = hashOrUndefined(candidate);
    const parsed = safeParseOf(auditEntrySchema, candidate);
    if (!parsed.success) {
      const detail = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.map(String).join('.') || 'entry'}: ${issue.message}`).join('; ');
      problem('entry', position, `entry ${position} is malformed: ${detail}`);
      complete = false;
      prevHash = hash;
      continue;
    }
    const entry = parsed.data;
    if (entry.caseId !== caseId) {
      problem('entry', position, `entry ${position} belongs to case ${entry.caseId}`);
      complete = false;
    } else if (entry.version !== position) {
      problem('sequence', position, `entry ${position} says it is version ${entry.version}: an entry was removed, inserted or moved`);
      complete = false;
    } else if (prevHash !== undefined && entry.prevHash !== prevHash) {
      problem('chain', position, `entry ${position} does not hold the hash of the entry before it: that entry was edited, removed or moved`);
    }
    if (hash === undefined) {
      // Its successor's link cannot be checked: an edit that nests a field 513 deep would pass.
      problem('entry', position, `entry ${position} cannot be hashed (it nests deeper than 512 levels or holds what JSON cannot), so the link to it cannot be checked`);
      complete = false;
    }
    prevHash = hash;
    if (complete) entries.push(entry);
  }
  const head = raw.length === 0 ? null : (prevHash ?? null);
  if (raw.length === 0) problem('sequence', 1, 'the log is empty');
  const envelope = safeParseOf(caseEnvelopeSchema, rawEnvelope);
  let headVouched = false;
  if (!envelope.success) {
    problem('envelope', raw.length || null, 'the stored envelope is malformed, so the head of the log cannot be checked');
  } else if (raw.length > 0) {
    const stored = envelope.data;
    const last = raw.length;
    if (stored.version !== last) {
      problem('envelope', Math.min(last, stored.version) + 1, `the log has ${last} entries but the case is at version ${stored.version}`);
    } else if (stored.auditHead !== head) {
      problem('envelope', last, `entry ${last} does not match the case's audit head: it was edited or replaced`);
    }
    // A stored case is never older than an entry written for it: an envelope marked older would
    // make verifyAudit skip the replay as "another machine version's case".
    const newestMachine = entries.reduce((max, entry) => Math.max(max, entry.machineVersion), 0);
    if (stored.machineVersion < newestMachine) {
      problem('envelope', last, `the case is stored by machine version ${stored.machineVersion}, older than the log's entries (version ${newestMachine}): the envelope was edited`);
    }
    // Undefined unless every row up to the newest was a well-formed entry of this case.
    const newest = entries[last - 1];
    if (stored.format !== undefined) {
      const digest = hashOrUndefined(stored.snapshot);
      if (newest === undefined || stored.version !== last) {
        // Reported above: the newest entry is missing or malformed.
      } else if (newest.snapshotDigest === undefined) {
        problem('snapshot', last, `entry ${last} holds no digest of the stored snapshot`);
      } else if (newest.snapshotDigest !== digest) {
        problem('snapshot', last, `the stored snapshot is not the one entry ${last} recorded (its SHA-256 differs): the case was changed outside the engine`);
      } else {
        headVouched = true;
      }
    } else if (complete) {
      const differs = historyMismatch(stored.snapshot, entries, stored.machineVersion);
      if (differs !== undefined) {
        problem('snapshot', differs, `the stored snapshot's history (流转记录) differs from the log at version ${differs}: the case was changed outside the engine`);
      }
    }
  }
  return { problems, entries, complete, ...(envelope.success ? { envelope: envelope.data } : {}), head, headVouched };
}

/** An audit verdict from its problems. */
export function verdictOf(caseId: string, check: { readonly problems: readonly AuditProblem[]; readonly warnings?: readonly AuditProblem[]; readonly entries: readonly AuditEntry[]; readonly head: string | null }, replay: { readonly replayed: boolean; readonly note?: string }): AuditVerification {
  const first = check.problems[0];
  return {
    caseId,
    ok: first === undefined,
    problems: check.problems,
    warnings: check.warnings ?? [],
    replayed: replay.replayed,
    ...(replay.note === undefined ? {} : { replayNote: replay.note }),
    entries: check.entries,
    head: check.head,
    ...(first === undefined ? {} : { brokenAt: first.version ?? 1, reason: first.message }),
  };
}

/**
 * Walks a case's hash chain: each entry must be well formed, belong to the case, carry the next
 * version and the SHA-256 of the entry before it; the envelope must be at the last entry's
 * version and pin its hash (`auditHead`); and the stored snapshot must be the one the newest
 * entry recorded (its `snapshotDigest`; for a case stored by 0.1, its history must tell the
 * log's story — who, when, which event from which state to which). An edited, removed,
 * inserted or reordered entry breaks the chain at the first entry that no longer fits. Pure, so
 * an archive can verify an exported log without the engine; `engine.verifyAudit` adds a replay
 * of the log through the machine and a check of the stored columns.
 *
 * @param log - The case id, its stored envelope and its audit entries in log order.
 * @returns The verdict (`replayed: false`); every malformed row is a problem, never a throw.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` when `caseId` is malformed or `entries` is not an array.
 * @example
 * verifyAuditChain({ caseId: 'case-1', envelope, entries }).ok
 * //=> true
 * verifyAuditChain({ caseId: 'case-1', envelope, entries: [entries[0], entries[2]] }).reason
 * //=> 'entry 2 says it is version 3: an entry was removed, inserted or moved'
 */
export function verifyAuditChain(log: { readonly caseId: string; readonly envelope: unknown; readonly entries: readonly unknown[] }): AuditVerification {
  const { caseId, envelope, entries } = parseArgument(argumentsSchema, log, 'log');
  const check = checkAuditChain(caseId, envelope, entries);
  return verdictOf(caseId, check, { replayed: false, note: 'verifyAuditChain checks the chain and the stored snapshot; engine.verifyAudit also replays the log' });
}

/** The first version whose history entry in a format-1 snapshot does not match the log, if any. */
function historyMismatch(snapshot: Record<string, unknown>, entries: readonly AuditEntry[], machineVersion: number): number | undefined {
  const history = (snapshot.context as { history?: unknown } | undefined)?.history;
  if (!Array.isArray(history)) return 1;
  for (const [index, entry] of entries.entries()) {
    const recorded = history[index] as Record<string, unknown> | null | undefined;
    // Anything else that is no history entry (a string, a number) has none of its fields: it differs below.
    if (recorded === undefined || recorded === null) return index + 1;
    // A migration may rename events and states; who acted and when never change.
    const same = entry.machineVersion === machineVersion ? ['type', 'by', 'at', 'from', 'to'] : ['by', 'at'];
    if (same.some((field) => safeCanonical(recorded[field]) !== safeCanonical(entry[field as keyof AuditEntry]))) return index + 1;
  }
  return history.length === entries.length ? undefined : entries.length + 1;
}

const safeCanonical = (value: unknown) => {
  try {
    return canonicalJson(value);
  } catch {
    // Not data canonical JSON can hold: no answer (written so, no mutant of this block is equivalent).
  }
  return undefined;
};
