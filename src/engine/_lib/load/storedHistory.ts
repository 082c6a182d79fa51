import { historyEntryOf, type HistorySource } from '../../../../machines/_lib/historyEntry.js';
import type { CaseStatePath, HistoryEntry } from '../../../../machines/types.js';

/**
 * Store format 2 keeps the history (流转记录) in the audit log only: the stored snapshot (the
 * "head", rewritten on every event) holds `context.history` cut down to the entries the log
 * cannot rebuild — those written by an older machine release, kept as migrated — and `output`
 * (a closed case's dossier) without its `history`. This module cuts and restores it.
 */

const NO_HISTORY: readonly HistoryEntry[] = Object.freeze([]);

type Snapshot = Readonly<Record<string, unknown>> & { readonly context: Readonly<Record<string, unknown>> & { readonly history: readonly HistoryEntry[] } };

/** The snapshot as format 2 stores it: the history cut to its first `prefixLength` entries, the dossier without history. */
export function headOf(persisted: Snapshot, prefixLength: number): Record<string, unknown> {
  // Stryker disable next-line ConditionalExpression: the shared empty history only saves an allocation on each write: slice(0, 0) is as empty
  const history = prefixLength === 0 ? NO_HISTORY : persisted.context.history.slice(0, prefixLength);
  const head: Record<string, unknown> = { ...persisted, context: { ...persisted.context, history } };
  const output = persisted.output as Record<string, unknown> | undefined;
  if (typeof output === 'object' && output !== null && 'history' in output) {
    const { history: _history, ...rest } = output;
    head.output = rest;
  }
  return head;
}

/** The snapshot with its whole history put back, in the context and in a closed case's dossier. */
export function withHistory(head: Readonly<Record<string, unknown>>, history: readonly HistoryEntry[]): Record<string, unknown> {
  const context = head.context as Record<string, unknown>;
  const output = head.output as Record<string, unknown> | undefined;
  return {
    ...head,
    context: { ...context, history },
    ...(typeof output === 'object' && output !== null ? { output: { ...output, history } } : {}),
  };
}

/** A log entry's fields the history is built from (checked by the caller). */
export interface LoggedEvent {
  readonly version: number;
  readonly type: string;
  readonly by: HistorySource['by'];
  readonly at: string;
  readonly from: string | null;
  readonly to: string;
  readonly event: Readonly<Record<string, unknown>>;
}

/** The history entry a log entry stands for: the same `historyEntryOf` the machine's `record` action calls. */
export function historyEntryOfLogged(entry: LoggedEvent): HistoryEntry {
  const source = (entry.type === 'case.open' ? { type: 'case.open', by: entry.by, at: entry.at } : entry.event) as unknown as HistorySource;
  return historyEntryOf(source, entry.from as CaseStatePath | null, entry.to as CaseStatePath, entry.version - 1);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The whole history of a format-2 case: the stored prefix (or a copy's known history), then one
 * entry per log entry up to the envelope's version, each of which must have been written by the
 * envelope's machine release.
 *
 * @param entries - Log entries, the first of which is version `prefix.length + 1` when `fromKnown`, else version 1.
 * @returns The history, or why it cannot be rebuilt.
 */
export function rebuildHistory(prefix: readonly unknown[], entries: readonly unknown[] | undefined, version: number, machineVersion: number, fromKnown = false): readonly HistoryEntry[] | string {
  if (prefix.length > version) return `its history prefix has ${prefix.length} entries for version ${version}`;
  if (prefix.length === version) return prefix as HistoryEntry[];
  if (entries === undefined) return 'the store handed back no audit log to rebuild its history from';
  const offset = fromKnown ? prefix.length : 0;
  const history = [...(prefix as HistoryEntry[])];
  for (let index = prefix.length; index < version; index++) {
    const entry = entries[index - offset];
    if (!isObject(entry)) return `audit entry ${index + 1} is missing or malformed`;
    if (entry.version !== index + 1) return `audit entry ${index + 1} says it is version ${String(entry.version)}`;
    if (entry.machineVersion !== machineVersion) {
      return `audit entry ${index + 1} was written by machine version ${String(entry.machineVersion)}, not the envelope's ${machineVersion}, and is not in the stored history`;
    }
    if (typeof entry.type !== 'string' || (entry.type !== 'case.open' && !isObject(entry.event))) return `audit entry ${index + 1} is malformed`;
    history.push(historyEntryOfLogged(entry as unknown as LoggedEvent));
  }
  return history;
}
