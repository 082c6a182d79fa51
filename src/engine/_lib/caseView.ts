import { stateLabels } from '../../../machines/labels.js';
import { machineRules } from '../../../machines/_lib/machineRules.js';
import { itemLeadOf } from '../../../machines/_lib/rules.js';
import { allowedEvents, selectDeadlines, selectHistory, type HistoryView } from '../../../machines/selectors.js';
import { pathOfStateValue } from '../../../machines/_lib/statePath.js';
import type { Actor, CaseEventType } from '../../../machines/schemas.js';
import type { CaseContext, CaseDossier, CaseStage } from '../../../machines/types.js';
import { LinkedEnforcementError } from '../../errors.js';
import { deepFreeze } from './freezeJson.js';
import type { CaseSummary, CaseView, CaseViewData, SendResult, SendResultData } from '../types.js';
import type { CaseMachineSnapshot } from './restore.js';

/** The earliest `dueAt` of a pending deadline, as written. */
export function nextDueAtOf(context: CaseContext): string | null {
  let next: string | null = null;
  for (const deadline of context.deadlines) {
    if (deadline.status === 'pending' && (next === null || Date.parse(deadline.dueAt) < Date.parse(next))) next = deadline.dueAt;
  }
  return next;
}

/** What the store indexes for `list` and `sweep`. */
export function summaryOf(snapshot: CaseMachineSnapshot, version: number): CaseSummary {
  const context = snapshot.context;
  const path = pathOfStateValue(snapshot.value);
  const stage = path.split('.')[0] as CaseStage;
  const units = new Set<string>();
  if (context.initiator !== undefined) units.add(context.initiator);
  // An emergency is the item's lead unit's to report or dispatch before any assignment names it.
  if (context.origin === 'emergency' || context.origin === 'emergencyRequest') {
    const lead = itemLeadOf(context, machineRules.get(snapshot.machine)!.catalog);
    if (lead !== undefined) units.add(lead);
  }
  if (context.assignment !== undefined) [context.assignment.lead, ...context.assignment.cooperating].forEach((participant) => units.add(participant.unit));
  return {
    caseId: context.caseId,
    version,
    state: path,
    stage,
    status: snapshot.status === 'done' ? 'done' : 'active',
    units: [...units],
    nextDueAt: nextDueAtOf(context),
    hasOverdue: context.deadlines.some((deadline) => deadline.status === 'overdue'),
    openedAt: context.openedAt,
    updatedAt: context.history.at(-1)!.at,
  };
}

/** The history views a case's runner built last time, to reuse for the entries the next version shares. */
export class HistoryViewMemo {
  entries: readonly object[] = [];
  views: readonly HistoryView[] = [];
}

/** `selectHistory(snapshot)`, labelling only the entries not in `memo` (the previous version's). */
function historyViewsOf(snapshot: CaseMachineSnapshot, memo?: HistoryViewMemo): readonly HistoryView[] {
  const history = snapshot.context.history;
  let shared = 0;
  if (memo !== undefined) while (shared < history.length && shared < memo.entries.length && memo.entries[shared] === history[shared]) shared++;
  const fresh = shared === history.length ? [] : selectHistory({ machine: snapshot.machine, value: snapshot.value, status: snapshot.status, context: { history: history.slice(shared) } });
  const views = shared === 0 ? fresh.map(deepFreeze) : [...memo!.views.slice(0, shared), ...fresh.map(deepFreeze)];
  if (memo !== undefined) {
    memo.entries = history;
    memo.views = views;
  }
  return views;
}

/** The plain-JSON view of a case at `version`, with deadlines as of `now`. */
export function viewDataOf(snapshot: CaseMachineSnapshot, version: number, now: Date, memo?: HistoryViewMemo): CaseViewData {
  const context = snapshot.context;
  // The path and the labels, not selectState: the snapshot is the engine's own, no need to check it again.
  const path = pathOfStateValue(snapshot.value);
  const stage = path.split('.')[0] as CaseStage;
  const deadlines = context.deadlines.length === 0 ? [] : selectDeadlines(snapshot, now);
  return {
    caseId: context.caseId,
    title: context.title,
    version,
    state: path,
    stage,
    stateLabel: stateLabels[path],
    stageLabel: stateLabels[stage],
    status: snapshot.status === 'done' ? 'done' : 'active',
    overdue: deadlines.some((deadline) => deadline.status === 'overdue'),
    nextDueAt: nextDueAtOf(context),
    deadlines,
    history: historyViewsOf(snapshot, memo),
    openedAt: context.openedAt,
    updatedAt: context.history.at(-1)!.at,
    ...(snapshot.status === 'done' && snapshot.output !== undefined ? { output: snapshot.output as CaseDossier } : {}),
  };
}

/** Adds the non-enumerable `allowedEvents(by)` that JSON and structuredClone leave out, and deep-freezes the view. */
export function withAllowedEvents<Data extends CaseViewData>(data: Data, allowed: (by: Actor) => CaseEventType[]): Data & CaseView {
  return deepFreeze(Object.defineProperty(data, 'allowedEvents', { value: allowed, enumerable: false, writable: false, configurable: false }) as Data & CaseView);
}

/** The case view (JSON plus `allowedEvents`) of a snapshot at `version`. */
export function caseViewOf(snapshot: CaseMachineSnapshot, version: number, now: Date): CaseView {
  return withAllowedEvents(viewDataOf(snapshot, version, now), (by) => allowedEvents(snapshot, by));
}

/** `caseViewOf` plus the notifications the event emitted; reuses `memo`'s history views. */
export function sendResultOf(snapshot: CaseMachineSnapshot, version: number, now: Date, notifications: SendResultData['notifications'], memo?: HistoryViewMemo): SendResult {
  return withAllowedEvents({ ...viewDataOf(snapshot, version, now, memo), notifications }, (by) => allowedEvents(snapshot, by));
}

/**
 * A replayed result (same idempotency key): its `allowedEvents` can only be answered while it
 * is still the case's current version.
 */
export function replayedResultOf(data: SendResultData, current: { readonly version: number; readonly snapshot?: CaseMachineSnapshot }): SendResult {
  const copy = structuredClone(data);
  return withAllowedEvents(copy, (by) => {
    if (current.snapshot !== undefined && current.version === data.version) return allowedEvents(current.snapshot, by);
    throw new LinkedEnforcementError('VERSION_CONFLICT', `Case ${data.caseId} moved on from version ${data.version} to ${current.version}: read it again for its allowed events`, {
      context: { caseId: data.caseId, expectedVersion: data.version, actualVersion: current.version },
    });
  });
}
