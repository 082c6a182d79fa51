import type { CaseDeadline, HistoryEntry } from '../../../machines/types.js';
import { checkAuditChain, verdictOf } from '../auditChain.js';
import type { AuditEntry } from '../schemas.js';
import type { AuditProblem, AuditVerification, CaseSummary } from '../types.js';
import { canonicalJson, sha256Of } from './canonicalJson.js';
import { nextDueAtOf, sameUnits, summaryOf } from './caseSummary.js';
import { replayLog } from './replay.js';
import type { MachineInfo } from './machineInfo.js';
import { headOf, historyEntryOfLogged, rebuildHistory, withHistory } from './load/storedHistory.js';

/** What a store hands `verifyAudit`: see `CaseStore.audit`. */
export interface StoredAudit {
  readonly envelope: unknown;
  readonly entries: readonly unknown[];
  readonly summary?: unknown;
  readonly idempotency?: readonly unknown[];
}

const canonical = (value: unknown): string | undefined => {
  try {
    return canonicalJson(value);
  } catch {
    // Not data canonical JSON can hold: no answer (written so, no mutant of this block is equivalent).
  }
  return undefined;
};
/** Whether stored data `a` (anything) is the engine's own value `b` (what the replay gives, or a schema-checked field: always JSON). */
const same = (a: unknown, b: unknown) => canonical(a) === canonicalJson(b);
/** A stored time (`a`: anything a store hands back) against the replayed case's (`b`: an instant, or null, which parses to NaN). */
const sameInstant = (a: unknown, b: unknown) => a === b || (typeof a === 'string' && Date.parse(a) === Date.parse(String(b)));
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The whole audit of one stored case (see `CaseEngine.verifyAudit`): the chain and the stored
 * snapshot's digest, a replay of the log through the machine checked entry by entry, the
 * replayed case against the stored snapshot and columns, and the idempotency records against the
 * log. Every malformed row becomes a problem; nothing here throws on stored data.
 */
export function verifyStoredCase(info: MachineInfo, caseId: string, given: StoredAudit): AuditVerification {
  // What a store hands back is data: even its containers are checked before anything walks them.
  const stored = {
    ...given,
    entries: Array.isArray(given.entries) ? given.entries : [],
    ...(given.idempotency === undefined ? {} : { idempotency: Array.isArray(given.idempotency) ? given.idempotency : [given.idempotency] }),
  };
  const chain = checkAuditChain(caseId, stored.envelope, stored.entries);
  const problems = [...chain.problems];
  if (!Array.isArray(given.entries)) problems.unshift({ kind: 'entry', version: null, message: 'the store handed back no list of log entries', table: 'case_log' });
  const warnings: AuditProblem[] = [];
  const replay = replayStored(info, caseId, chain, stored, problems, warnings);
  checkIdempotency(stored, chain.entries, problems);
  return verdictOf(caseId, { problems, warnings, entries: chain.entries, head: chain.head }, replay);
}

function replayStored(info: MachineInfo, caseId: string, chain: ReturnType<typeof checkAuditChain>, stored: StoredAudit, problems: AuditProblem[], warnings: AuditProblem[]) {
  const { entries, envelope } = chain;
  const older = entries.find((entry) => entry.machineVersion !== info.machineVersion);
  if (older !== undefined) {
    return { replayed: false, note: `entry ${older.version} was written by machine version ${older.machineVersion}; this engine's machine (version ${info.machineVersion}) cannot replay it: the chain and the digests were checked` };
  }
  const storedBy = `the case is stored by machine version ${envelope?.machineVersion}; this engine replays version ${info.machineVersion}`;
  if (envelope !== undefined && envelope.machineVersion < info.machineVersion) return { replayed: false, note: storedBy };
  // A case stored by a newer release (an upgrade rewrote its envelope) whose log is all this engine's: the log is
  // replayed (else a forged head marked newer would pass unchecked), the stored case is not compared.
  const newer = envelope !== undefined && envelope.machineVersion > info.machineVersion;
  if (envelope !== undefined && envelope.machineId !== info.machine.id) {
    problems.push({ kind: 'envelope', version: envelope.version, message: `the case belongs to machine "${envelope.machineId}", not "${info.machine.id}"`, table: 'cases' });
    return { replayed: false, note: 'the case belongs to another machine' };
  }
  // The stored deadlines stand in for today's calendar only when the log's digest vouches for them.
  const recorded = chain.headVouched ? deadlinesOf(envelope!.snapshot) : undefined;
  const result = replayLog(info, entries, entries.length, recorded, (entry, run) => {
    const problem = (message: string) => problems.push({ kind: 'replay', version: entry.version, message, table: 'case_log' });
    // onStep comes only after an entry the machine recorded: its history then holds entry.version entries.
    const replayed = run.snapshot.context.history[entry.version - 1]!;
    if (!same(historyEntryOfLogged(entry as never), replayed)) {
      problem(`entry ${entry.version} records ${describe(historyEntryOfLogged(entry as never))}, but replaying the log gives ${describe(replayed)}`);
    }
    if (entry.type !== 'case.open') {
      const event = entry.event as { type?: unknown; by?: unknown; at?: unknown };
      if (event.type !== entry.type || !same(event.by, entry.by) || event.at !== entry.at) problem(`entry ${entry.version}'s type, by or at differs from its event's`);
    }
    if (!same(entry.notifications, run.notifications)) problem(`entry ${entry.version}'s notifications are not the ones the machine sends when replaying it`);
    // The engine writes a digest with every entry of its release (only 0.1's entries, never replayed, have none).
    if (entry.snapshotDigest !== sha256Of(headOf(run.persisted as never, 0))) {
      problem(
        entry.snapshotDigest === undefined
          ? `entry ${entry.version} holds no snapshot digest, which the engine writes with every entry it replays`
          : `entry ${entry.version}'s snapshot digest is not the snapshot the machine produces when replaying the log`,
      );
    }
  });
  warnings.push(...result.warnings);
  if (result.stopped !== undefined) problems.push({ ...result.stopped, table: 'case_log' });
  // A replay that stopped replayed fewer steps than there are entries: its last run is no stored case's.
  const last = chain.complete && result.steps === entries.length ? result.last : undefined;
  if (!newer && last !== undefined && envelope !== undefined && envelope.version === entries.length) compareStored(caseId, last, envelope, entries, stored.summary, problems);
  const note =
    result.stopped !== undefined
      ? `the replay stopped at entry ${result.stopped.version}`
      : !chain.complete
        ? 'the replay stopped at the first malformed or misplaced entry'
        : newer
          ? `${storedBy}: its log was replayed, the stored case not compared with it`
          : undefined;
  // verdictOf leaves replayNote out when the note is undefined.
  return { replayed: true, note };
}

/** The replayed case against the stored snapshot, its `nextDueAt` and the stored columns. */
function compareStored(
  caseId: string,
  last: NonNullable<ReturnType<typeof replayLog>['last']>,
  envelope: NonNullable<ReturnType<typeof checkAuditChain>['envelope']>,
  entries: readonly AuditEntry[],
  summary: unknown,
  problems: AuditProblem[],
): void {
  const version = entries.length;
  const snapshot = storedFullSnapshot(envelope, entries);
  if (typeof snapshot === 'string') {
    problems.push({ kind: 'snapshot', version, message: `the stored snapshot's history cannot be rebuilt from the log (${snapshot}): the case was changed outside the engine`, table: 'cases' });
  } else if (!same(snapshot, last.persisted)) {
    problems.push({ kind: 'snapshot', version, message: 'the stored snapshot is not the case the log replays to: the case was changed outside the engine', table: 'cases' });
  }
  const expected = summaryOf(last.snapshot, version);
  if (envelope.nextDueAt !== nextDueAtOf(last.snapshot.context)) {
    problems.push({ kind: 'envelope', version, message: `the envelope's nextDueAt (${envelope.nextDueAt}) is not the replayed case's (${expected.nextDueAt})`, table: 'cases', field: 'nextDueAt' });
  }
  if (summary === undefined) return;
  if (!isObject(summary)) {
    problems.push({ kind: 'column', version, message: 'the stored columns of the case are malformed', table: 'cases' });
    return;
  }
  const checks: [keyof CaseSummary, (a: unknown, b: unknown) => boolean][] = [
    ['caseId', Object.is],
    ['version', Object.is],
    ['state', Object.is],
    ['stage', Object.is],
    ['status', Object.is],
    ['units', same],
    ['nextDueAt', sameInstant],
    ['hasOverdue', Object.is],
    ['origin', Object.is],
    ['itemNo', Object.is],
    ['openedAt', sameInstant],
    ['updatedAt', sameInstant],
  ];
  // The units a store indexes `list({ unit })` by, when it keeps them apart from the case (PostgreSQL's case_units).
  if (summary.unitIndex !== undefined && !(Array.isArray(summary.unitIndex) && sameUnits(summary.unitIndex as string[], expected.units))) {
    problems.push({
      kind: 'column',
      version,
      message: `the unit index (${canonical(summary.unitIndex) ?? 'unreadable'}) is not the replayed case's units (${canonical(expected.units)}): ${caseId} would be listed wrongly by unit`,
      table: 'case_units',
      field: 'units',
    });
  }
  // The state and stage the unit index keeps beside each unit (PostgreSQL's case_units), which an inbox (a unit's cases in a state) reads.
  if (summary.unitIndexStates !== undefined) {
    const rows = Array.isArray(summary.unitIndexStates) ? (summary.unitIndexStates as unknown[]) : [undefined];
    const wrong = rows.filter((row) => !(Array.isArray(row) && row[1] === expected.state && row[2] === expected.stage));
    if (wrong.length > 0) {
      problems.push({
        kind: 'column',
        version,
        message: `the unit index holds another state for ${canonical(wrong) ?? 'unreadable rows'} than the replayed case's (${expected.state}): ${caseId} would be listed in the wrong inbox`,
        table: 'case_units',
        field: 'state',
      });
    }
  }
  for (const [field, equal] of checks) {
    if (!equal(summary[field], expected[field])) {
      problems.push({
        kind: 'column',
        version,
        message: `the stored ${field} (${canonical(summary[field]) ?? 'unreadable'}) is not the replayed case's (${canonical(expected[field])}): ${caseId} would be listed or swept wrongly`,
        table: 'cases',
        field,
      });
    }
  }
}

/** The stored snapshot with its whole history, as the engine restores it (without checking it against the machine), or why its history cannot be rebuilt. */
function storedFullSnapshot(envelope: NonNullable<ReturnType<typeof checkAuditChain>['envelope']>, entries: readonly AuditEntry[]): Record<string, unknown> | string {
  if (envelope.format === undefined) return envelope.snapshot;
  const prefix = (envelope.snapshot.context as { history?: unknown } | undefined)?.history;
  if (!Array.isArray(prefix)) return 'its context holds no history prefix';
  const history = rebuildHistory(prefix, entries, envelope.version, envelope.machineVersion);
  return typeof history === 'string' ? history : withHistory(envelope.snapshot, history);
}

/** Each idempotency record must name an entry that carries its key (and request hash); each key in the log must have its record. */
function checkIdempotency(stored: StoredAudit, entries: readonly AuditEntry[], problems: AuditProblem[]): void {
  if (stored.idempotency === undefined) return;
  const problem = (message: string, key?: string) => problems.push({ kind: 'idempotency', version: null, message, table: 'case_idempotency', ...(key === undefined ? {} : { field: key }) });
  const keys = new Set<string>();
  for (const record of stored.idempotency) {
    if (!isObject(record) || typeof record.key !== 'string' || typeof record.requestHash !== 'string' || !Number.isInteger(record.version)) {
      problem('an idempotency record is malformed');
      continue;
    }
    keys.add(record.key);
    const entry = entries[(record.version as number) - 1];
    if (entry === undefined || entry.idempotencyKey !== record.key) {
      problem(`the idempotency record "${record.key}" names version ${String(record.version)}, whose log entry does not carry that key: a retry would be answered with a result that was never produced`, record.key);
    } else if (entry.requestHash !== undefined && entry.requestHash !== record.requestHash) {
      problem(`the idempotency record "${record.key}" holds another request hash than its log entry (version ${entry.version})`, record.key);
    }
  }
  for (const entry of entries) {
    if (entry.idempotencyKey !== undefined && !keys.has(entry.idempotencyKey)) {
      problems.push({ kind: 'idempotency', version: entry.version, message: `entry ${entry.version} was sent with idempotency key "${entry.idempotencyKey}", which has no record: a retry would apply it again`, table: 'case_idempotency', field: entry.idempotencyKey });
    }
  }
}

function deadlinesOf(snapshot: unknown): readonly CaseDeadline[] | undefined {
  const deadlines = isObject(snapshot) && isObject(snapshot.context) ? snapshot.context.deadlines : undefined;
  return Array.isArray(deadlines) && deadlines.every(isObject) ? (deadlines as unknown as CaseDeadline[]) : undefined;
}

function describe(entry: HistoryEntry): string {
  return `${String(entry.type)} by ${canonical(entry.by)} at ${String(entry.at)} from ${String(entry.from)} to ${String(entry.to)}`;
}
