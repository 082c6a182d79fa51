import type { AnyStateNode } from 'xstate';
import type { CaseMachine } from '../../../machines/createCaseMachine.js';
import { pathOfStateValue } from '../../../machines/_lib/statePath.js';
import type { CaseStatePath } from '../../../machines/types.js';
import { LinkedEnforcementError, type ErrorIssue } from '../../errors.js';
import { toIssues } from '../../_lib/validate.js';
import { caseEnvelopeSchema, type CaseEnvelope } from '../schemas.js';
import type { CaseMigration } from '../types.js';
import { nextDueAtOf } from './caseView.js';
import { persistedSnapshotSchema, type PersistedSnapshot } from './snapshotSchema.js';
import { rebuildHistory, withHistory } from './storedHistory.js';

/** The restored machine snapshot, as the selectors take it. */
export type CaseMachineSnapshot = ReturnType<CaseMachine['resolveState']>;

/** A machine with what restoring needs to know about it, computed once per engine. */
export interface MachineInfo {
  readonly machine: CaseMachine;
  readonly machineVersion: number;
  readonly migrations: ReadonlyMap<number, CaseMigration>;
  /** Every state a case can rest in (not the transient `opening`), and whether it is final. */
  readonly restingStates: ReadonlyMap<string, { readonly final: boolean }>;
}

/** What restoring needs to know about a machine: its resting states and the migrations by starting version (a later one from the same version wins). */
export function describeMachine(machine: CaseMachine, machineVersion: number, migrations: readonly CaseMigration[]): MachineInfo {
  const restingStates = new Map<string, { final: boolean }>();
  const walk = (node: AnyStateNode): void => {
    const children = Object.values(node.states ?? {});
    if (children.length === 0 && node.path.length > 0 && node.always === undefined) {
      restingStates.set(node.path.join('.'), { final: node.type === 'final' && node.path.length === 1 });
    }
    children.forEach(walk);
  };
  walk(machine.root);
  return { machine, machineVersion, migrations: new Map(migrations.map((migration) => [migration.from, migration])), restingStates };
}

/** A stored case, validated, migrated to the engine's machine release and resolved. */
export interface RestoredCase {
  /** As stored (before any migration). */
  readonly envelope: CaseEnvelope;
  /** The snapshot the engine's machine takes, with its whole history (migrated when the envelope is older). */
  readonly persisted: PersistedSnapshot;
  readonly state: CaseStatePath;
  /**
   * How many of the first history entries the log cannot rebuild under the envelope's machine
   * release (entries written by an older one): format 2 keeps those in the stored snapshot.
   */
  readonly prefixLength: number;
}

function incompatible(caseId: string, reason: string, details: Record<string, unknown>, issues: readonly ErrorIssue[] = [], cause?: unknown): never {
  throw new LinkedEnforcementError('INCOMPATIBLE_SNAPSHOT', `Case ${caseId}: the stored snapshot cannot be restored: ${reason}`, {
    context: { caseId, reason, ...details },
    issues,
    ...(cause === undefined ? {} : { cause }),
  });
}

function migrate(info: MachineInfo, caseId: string, envelope: CaseEnvelope, full: Record<string, unknown>): unknown {
  let snapshot: unknown = full;
  let at = envelope.machineVersion;
  const details = { machineVersion: envelope.machineVersion, expectedMachineVersion: info.machineVersion, version: envelope.version };
  if (at > info.machineVersion) incompatible(caseId, `it was saved by machine version ${at}, newer than this engine's ${info.machineVersion}`, details);
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

/** Throws `INCOMPATIBLE_SNAPSHOT` for a stored case, with the envelope's versions in the context. */
export function incompatibleSnapshot(caseId: string, envelope: CaseEnvelope, reason: string, cause?: unknown): never {
  return incompatible(caseId, reason, { machineId: envelope.machineId, machineVersion: envelope.machineVersion, version: envelope.version }, [], cause);
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

/**
 * The stored snapshot with its whole history: as stored (format 1), or with the history rebuilt
 * from the log (format 2).
 */
function fullSnapshot(caseId: string, envelope: CaseEnvelope, entries: readonly unknown[] | undefined, details: Record<string, unknown>) {
  if (envelope.format === undefined) {
    return { snapshot: envelope.snapshot, prefixLength: olderEntries(entries, envelope.machineVersion, envelope.version) };
  }
  const context = envelope.snapshot.context as { history?: unknown } | undefined;
  const prefix = context?.history;
  if (typeof context !== 'object' || context === null || !Array.isArray(prefix)) return incompatible(caseId, 'its snapshot has no context with a history prefix', details);
  const history = rebuildHistory(prefix, entries, envelope.version, envelope.machineVersion);
  if (typeof history === 'string') return incompatible(caseId, history, details);
  return { snapshot: withHistory(envelope.snapshot, history), prefixLength: prefix.length };
}

/**
 * Validates a stored envelope, puts its history back (format 2: from the audit log `entries`,
 * versions 1 up to the envelope's), migrates its snapshot and checks it against the machine,
 * without creating an actor: a bad snapshot is an `INCOMPATIBLE_SNAPSHOT`, never a crash or an
 * uncaught exception from XState.
 */
export function restoreCase(info: MachineInfo, caseId: string, raw: unknown, entries?: readonly unknown[]): RestoredCase {
  const parsedEnvelope = caseEnvelopeSchema.safeParse(raw);
  if (!parsedEnvelope.success) incompatible(caseId, 'the envelope is malformed', {}, toIssues(parsedEnvelope.error, ['envelope']));
  const envelope = parsedEnvelope.data;
  const details = { machineId: envelope.machineId, machineVersion: envelope.machineVersion, version: envelope.version };
  if (envelope.machineId !== info.machine.id) incompatible(caseId, `it belongs to machine "${envelope.machineId}", not "${info.machine.id}"`, details);

  if (envelope.machineVersion > info.machineVersion) {
    incompatible(caseId, `it was saved by machine version ${envelope.machineVersion}, newer than this engine's ${info.machineVersion}`, { ...details, expectedMachineVersion: info.machineVersion });
  }
  const { snapshot: full, prefixLength } = fullSnapshot(caseId, envelope, entries, details);
  const parsed = persistedSnapshotSchema.safeParse(migrate(info, caseId, envelope, full));
  if (!parsed.success) incompatible(caseId, 'the snapshot does not match the case machine', details, toIssues(parsed.error, ['snapshot']));
  const persisted = parsed.data as unknown as PersistedSnapshot;
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
  if (context.history.at(-1)?.to !== state) problems.push(`its history ends in "${context.history.at(-1)?.to}", not in the state "${state}"`);
  if (envelope.machineVersion === info.machineVersion && envelope.nextDueAt !== nextDueAtOf(context)) {
    problems.push(`its nextDueAt (${envelope.nextDueAt}) is not the earliest pending deadline (${nextDueAtOf(context)})`);
  }
  if (problems.length > 0) incompatible(caseId, problems.join('; '), details);

  return { envelope, persisted, state, prefixLength };
}

/** The restored case as a machine snapshot (for the selectors), without an actor. */
export function resolveSnapshot(info: MachineInfo, restored: RestoredCase): CaseMachineSnapshot {
  const { persisted, envelope } = restored;
  try {
    return info.machine.resolveState({
      value: persisted.value as never,
      context: persisted.context,
      status: persisted.status,
      ...(persisted.output === undefined ? {} : { output: persisted.output as never }),
    });
  } catch (error) {
    const details = { machineId: envelope.machineId, machineVersion: envelope.machineVersion, version: envelope.version };
    return incompatible(persisted.context.caseId, `the machine refused it: ${error instanceof Error ? error.message : String(error)}`, details, [], error);
  }
}
