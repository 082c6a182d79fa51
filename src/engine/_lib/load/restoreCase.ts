import type { HistoryView } from '../../../../machines/selectors.js';
import { pathOfStateValue } from '../../../../machines/_lib/statePath.js';
import type { CaseStatePath, HistoryEntry } from '../../../../machines/types.js';
import { LinkedEnforcementError, type ErrorIssue } from '../../../errors.js';
import { toIssues } from '../../../_lib/validate.js';
import { caseEnvelopeSchema, type CaseEnvelope } from '../../schemas.js';
import type { CaseSummary } from '../../types.js';
import { nextDueAtOf, summaryOf } from '../caseSummary.js';
import { deepFreeze } from '../freezeJson.js';
import type { CaseMachineSnapshot, MachineInfo } from '../machineInfo.js';
import type { StepProgress } from '../stats/caseStats.js';
import { persistedSnapshotSchema, type PersistedSnapshot } from './snapshotSchema.js';
import { rebuildHistory, withHistory } from './storedHistory.js';

/**
 * The engine's copy of a stored case (one version of it), validated, migrated to the engine's
 * machine release and resolved. Deep-frozen and never changed: the next version is a new copy
 * that shares what did not change.
 */
export interface CaseCopy {
  readonly caseId: string;
  /** As stored (before any migration). */
  readonly envelope: CaseEnvelope;
  readonly version: number;
  /** The snapshot the engine's machine takes, with its whole history (migrated when the envelope is older). */
  readonly persisted: PersistedSnapshot;
  /** `persisted` resolved against the machine: what the selectors and views take. */
  readonly snapshot: CaseMachineSnapshot;
  readonly state: CaseStatePath;
  /**
   * How many of the first history entries the log cannot rebuild under the envelope's machine
   * release (entries written by an older one): format 2 keeps those in the stored snapshot.
   */
  readonly prefixLength: number;
  /** What the store indexes for this version. */
  readonly summary: CaseSummary;
  /** The history (流转记录) with labels, once a view was built: the next version's reuses them. */
  historyViews?: readonly HistoryView[];
  /** Where the case stands in its steps (统计), once a write needed it: the next version's statistics carry it on. */
  stepProgress?: StepProgress;
}

function incompatible(caseId: string, reason: string, details: Record<string, unknown>, issues: readonly ErrorIssue[] = [], cause?: unknown): never {
  throw new LinkedEnforcementError('INCOMPATIBLE_SNAPSHOT', `Case ${caseId}: the stored snapshot cannot be restored: ${reason}`, {
    context: { caseId, reason, ...details },
    issues,
    // An error without a cause has none (LinkedEnforcementError drops an undefined one).
    cause,
  });
}

/** Throws `INCOMPATIBLE_SNAPSHOT` for a stored case, with the envelope's versions in the context. */
export function incompatibleSnapshot(caseId: string, envelope: CaseEnvelope, reason: string, cause?: unknown): never {
  return incompatible(caseId, reason, { machineId: envelope.machineId, machineVersion: envelope.machineVersion, version: envelope.version }, [], cause);
}

function migrate(info: MachineInfo, caseId: string, envelope: CaseEnvelope, full: Record<string, unknown>): unknown {
  let snapshot: unknown = full;
  let at = envelope.machineVersion;
  const details = { machineVersion: envelope.machineVersion, expectedMachineVersion: info.machineVersion, version: envelope.version };
  while (at < info.machineVersion) {
    const step = info.migrations.get(at);
    if (step === undefined) incompatible(caseId, `it was saved by machine version ${at} and no migration starts there (engine: ${info.machineVersion})`, details);
    try {
      snapshot = step.migrate(snapshot as Readonly<Record<string, unknown>>, envelope);
    } catch (error) {
      incompatible(caseId, `the migration from machine version ${at} threw: ${error instanceof Error ? error.message : String(error)}`, details, [], error);
    }
    at = step.to;
  }
  return snapshot;
}

/**
 * How many leading log entries were not written by `machineVersion` (or cannot be read): their
 * history entries stay in the stored snapshot when the case is next written in format 2.
 */
function olderEntries(entries: readonly unknown[] | undefined, machineVersion: number, version: number): number {
  if (entries === undefined) return version;
  let count = 0;
  while (count < version && (entries[count] as { machineVersion?: unknown } | undefined)?.machineVersion !== machineVersion) count++;
  return count;
}

/** The history a copy already holds, and the hash of its newest entry: a reload then reads only the entries after it. */
export interface KnownHistory {
  readonly history: readonly HistoryEntry[];
  readonly auditHead: string;
  readonly prefixLength: number;
  /** The machine release of the envelope it was read from: a log written by another one is read whole. */
  readonly machineVersion: number;
}

/**
 * The stored snapshot with its whole history: as stored (format 1), or with the history rebuilt
 * from the log (format 2) — from `known` and the entries after it when the log continues it.
 */
function fullSnapshot(caseId: string, envelope: CaseEnvelope, entries: readonly unknown[] | undefined, known: KnownHistory | undefined, details: Record<string, unknown>) {
  if (envelope.format === undefined) {
    return { snapshot: envelope.snapshot, prefixLength: olderEntries(entries, envelope.machineVersion, envelope.version) };
  }
  const context = envelope.snapshot.context as { history?: unknown } | undefined;
  const prefix = context?.history;
  // A context that is not an object (stored data is JSON: null, text, a number…) has no history either.
  if (!Array.isArray(prefix)) return incompatible(caseId, 'its snapshot has no context with a history prefix', details);
  let history: readonly HistoryEntry[] | string;
  if (known === undefined) {
    history = rebuildHistory(prefix, entries, envelope.version, envelope.machineVersion);
  } else {
    // `entries` starts after the known history; the first one must chain onto it.
    const first = entries?.[0] as { prevHash?: unknown } | undefined;
    if (known.machineVersion !== envelope.machineVersion || known.prefixLength !== prefix.length || (first !== undefined && first.prevHash !== known.auditHead)) return undefined;
    history = rebuildHistory(known.history, entries, envelope.version, envelope.machineVersion, true);
  }
  if (typeof history === 'string') return incompatible(caseId, history, details);
  return { snapshot: withHistory(envelope.snapshot, history), prefixLength: prefix.length };
}

/**
 * Validates a stored envelope, puts its history back (format 2: from the audit log `entries`,
 * versions 1 up to the envelope's — or, given `known`, only those after it), migrates its
 * snapshot and checks it against the machine, without creating an actor: a bad snapshot is an
 * `INCOMPATIBLE_SNAPSHOT`, never a crash or an uncaught exception from XState.
 *
 * @returns The copy, or `undefined` when `known` does not continue into this log (read it whole).
 */
export function restoreCase(info: MachineInfo, caseId: string, raw: unknown, entries: readonly unknown[] | undefined, known?: KnownHistory): CaseCopy | undefined {
  const parsedEnvelope = caseEnvelopeSchema.safeParse(raw);
  if (!parsedEnvelope.success) incompatible(caseId, 'the envelope is malformed', {}, toIssues(parsedEnvelope.error, ['envelope']));
  const envelope = parsedEnvelope.data;
  const details = { machineId: envelope.machineId, machineVersion: envelope.machineVersion, version: envelope.version };
  if (envelope.machineId !== info.machine.id) incompatible(caseId, `it belongs to machine "${envelope.machineId}", not "${info.machine.id}"`, details);
  if (envelope.machineVersion > info.machineVersion) {
    incompatible(caseId, `it was saved by machine version ${envelope.machineVersion}, newer than this engine's ${info.machineVersion}`, { ...details, expectedMachineVersion: info.machineVersion });
  }
  const full = fullSnapshot(caseId, envelope, entries, known, details);
  if (full === undefined) return undefined;
  const parsed = persistedSnapshotSchema.safeParse(migrate(info, caseId, envelope, full.snapshot));
  if (!parsed.success) incompatible(caseId, 'the snapshot does not match the case machine', details, toIssues(parsed.error, ['snapshot']));
  const persisted = deepFreeze(parsed.data as unknown as PersistedSnapshot);
  const { context } = persisted;
  const state = pathOfStateValue(persisted.value);
  const resting = info.restingStates.get(state);
  const problems: string[] = [];
  if (resting === undefined) problems.push(`the machine has no state "${state}" a case can rest in`);
  else if (resting.final !== (persisted.status === 'done')) problems.push(`status "${persisted.status}" does not fit state "${state}"`);
  if (persisted.status === 'done' && persisted.output === undefined) problems.push('a closed case has no output (dossier)');
  if (context.caseId !== caseId) problems.push(`its context is case "${context.caseId}"`);
  if (context.history.length !== envelope.version) problems.push(`its history has ${context.history.length} entries for version ${envelope.version}`);
  if (context.history.some((entry, index) => entry.seq !== index)) problems.push('its history is not numbered 0, 1, 2…');
  // The context schema takes no empty history.
  const last = context.history.at(-1)!;
  if (last.to !== state) problems.push(`its history ends in "${last.to}", not in the state "${state}"`);
  if (envelope.machineVersion === info.machineVersion && envelope.nextDueAt !== nextDueAtOf(context)) {
    problems.push(`its nextDueAt (${envelope.nextDueAt}) is not the earliest pending deadline (${nextDueAtOf(context)})`);
  }
  if (problems.length > 0) incompatible(caseId, problems.join('; '), details);
  const snapshot = resolveSnapshot(info, persisted, details);
  return { caseId, envelope, version: envelope.version, persisted, snapshot, state, prefixLength: full.prefixLength, summary: summaryOf(snapshot, envelope.version) };
}

/** The restored snapshot as a machine snapshot (for the selectors), without an actor. */
function resolveSnapshot(info: MachineInfo, persisted: PersistedSnapshot, details: Record<string, unknown>): CaseMachineSnapshot {
  try {
    return info.machine.resolveState({
      value: persisted.value as never,
      context: persisted.context,
      status: persisted.status,
      // XState takes an absent output as undefined (`output: config.output`).
      output: persisted.output as never,
    });
  } catch (error) {
    return incompatible(persisted.context.caseId, `the machine refused it: ${error instanceof Error ? error.message : String(error)}`, details, [], error);
  }
}
