import type { Actor, CaseEventType } from '../schemas.js';
import type { CaseStatePath, HistoryEntry } from '../types.js';

/** What a history entry is built from: an accepted (parsed) event, or the opening's type, actor and time. */
export interface HistorySource {
  readonly type: CaseEventType | 'case.open';
  readonly by: Actor;
  readonly at: string;
  readonly reason?: string;
  readonly opinion?: string;
  readonly note?: string;
  readonly unit?: string;
  readonly leadChangeReason?: string;
}

/**
 * One entry of the case's history (流转记录). The machine's `record` action and the engine (which
 * rebuilds the history from the audit log on every restore) both call this, so the two cannot
 * drift apart.
 *
 * @param source - The accepted event, or `{ type: 'case.open', by, at }` for the opening.
 * @param from - The state before (`null` for the opening).
 * @param to - The state after.
 * @param seq - The entry's position: 0 for the opening, then 1, 2, 3…
 */
export function historyEntryOf(source: HistorySource, from: CaseStatePath | null, to: CaseStatePath, seq: number): HistoryEntry {
  return {
    seq,
    type: source.type,
    by: source.by,
    at: source.at,
    from,
    to,
    ...(source.type === 'case.open' || source.reason === undefined ? {} : { reason: source.reason }),
    ...(source.type === 'case.open' || source.opinion === undefined ? {} : { opinion: source.opinion }),
    ...(source.type === 'case.open' || source.note === undefined ? {} : { note: source.note }),
    ...(source.type === 'case.urge' ? { unit: source.unit } : {}),
    ...(source.type === 'task.dispatch' && source.leadChangeReason !== undefined ? { leadChangeReason: source.leadChangeReason } : {}),
  };
}
