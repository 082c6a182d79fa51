import { stateLabels } from '../../../../machines/labels.js';
import { allowedEvents, deadlineViewOf, historyViewOf, type HistoryView } from '../../../../machines/selectors.js';
import type { Actor, CaseEventType } from '../../../../machines/schemas.js';
import type { CaseDossier } from '../../../../machines/types.js';
import { LinkedEnforcementError } from '../../../errors.js';
import type { CaseView, CaseViewData, SendResult, SendResultData } from '../../types.js';
import { deepFreeze } from '../freezeJson.js';
import type { CaseCopy } from '../load/restoreCase.js';
import type { CaseMachineSnapshot } from '../machineInfo.js';
import { instantMs } from '../../../_lib/instantMs.js';

/** What a view is built from: a copy of the case, or a version rebuilt by replaying its log. */
export type ViewSource = Pick<CaseCopy, 'version' | 'persisted' | 'snapshot' | 'state' | 'summary' | 'historyViews'>;

/**
 * The copy's history (流转记录) with labels, frozen, computed once per copy: the entries it
 * shares with `earlier` (the case's previous version, whose history it extends) reuse that
 * copy's views, so a long history is not labelled again on every event.
 */
export function historyViewsOf(copy: ViewSource, earlier?: ViewSource): readonly HistoryView[] {
  if (copy.historyViews !== undefined) return copy.historyViews;
  const history = copy.persisted.context.history;
  const known = earlier?.historyViews;
  const before = earlier?.persisted.context.history;
  // Shared when the new history holds the very entries of the old one (the machine appends to it).
  // (An empty `known` shares nothing either way; a longer one fails the last check, as `history` has no entry there.
  // `known` comes with `earlier`, and so does `before`.)
  const shared = known !== undefined && history[0] === before![0] && history[known.length - 1] === before![known.length - 1] ? known.length : 0;
  const views: HistoryView[] = shared === 0 ? [] : known!.slice();
  for (let index = shared; index < history.length; index++) views.push(deepFreeze(historyViewOf(history[index]!)));
  Object.freeze(views);
  copy.historyViews = views;
  return views;
}

/** The plain-JSON view of the copy, with deadlines as of `now`. */
export function viewDataOf(copy: ViewSource, now: Date, earlier?: ViewSource): CaseViewData {
  const { snapshot, state: path, summary } = copy;
  const context = snapshot.context;
  const nowMs = now.getTime();
  // A frozen deadline that is not overdue as of now is its own view (the engine froze it when it wrote it).
  // Stryker disable next-line EqualityOperator: at its due instant a deadline is still pending, its own view and deadlineViewOf's alike
  const deadlines = context.deadlines.map((deadline) => (Object.isFrozen(deadline) && (deadline.status !== 'pending' || instantMs(deadline.dueAt) >= nowMs) ? deadline : deadlineViewOf(deadline, nowMs)));
  return {
    caseId: context.caseId,
    title: context.title,
    version: copy.version,
    state: path,
    stage: summary.stage,
    stateLabel: stateLabels[path],
    stageLabel: stateLabels[summary.stage],
    status: summary.status,
    overdue: deadlines.some((deadline) => deadline.status === 'overdue'),
    nextDueAt: summary.nextDueAt,
    deadlines,
    history: historyViewsOf(copy, earlier) as HistoryView[],
    openedAt: context.openedAt,
    updatedAt: summary.updatedAt,
    // A closed case always has its dossier: the machine gives it, and a restored one without it is refused.
    ...(snapshot.status === 'done' ? { output: snapshot.output as CaseDossier } : {}),
  };
}

/** The engine's reminder rule as `allowedEvents` takes it. */
export const remindersRule = (remindBefore: number | false) => (remindBefore === false ? false : { beforeDueWorkingDays: remindBefore });

/** Adds the non-enumerable `allowedEvents(by)` that JSON and structuredClone leave out, and deep-freezes the view. */
export function withAllowedEvents<Data extends CaseViewData>(data: Data, allowed: (by: Actor) => CaseEventType[]): Data & CaseView {
  return deepFreeze(Object.defineProperty(data, 'allowedEvents', { value: allowed, enumerable: false, writable: false, configurable: false }) as Data & CaseView);
}

/** The case view (JSON plus `allowedEvents`) of the copy. */
export function caseViewOf(copy: ViewSource, now: Date, remindBefore: number | false): CaseView {
  const { snapshot } = copy;
  return withAllowedEvents(viewDataOf(copy, now), (by) => allowedEvents(snapshot, by, { now, reminders: remindersRule(remindBefore) }));
}

/** What `open` and `send` return: the view of the copy they wrote, with the notifications the event emitted. */
export function sendResultOf(copy: ViewSource, now: Date, notifications: SendResultData['notifications'], earlier: ViewSource | undefined, remindBefore: number | false): SendResult {
  const { snapshot } = copy;
  return withAllowedEvents({ ...viewDataOf(copy, now, earlier), notifications }, (by) => allowedEvents(snapshot, by, { now, reminders: remindersRule(remindBefore) }));
}

/**
 * A replayed result (same idempotency key): its `allowedEvents` can only be answered while it
 * is still the case's current version; judged at `now` (the engine's clock when it replayed).
 */
export function replayedResultOf(data: SendResultData, current: { readonly version: number; readonly snapshot?: CaseMachineSnapshot }, now: Date, remindBefore: number | false): SendResult {
  const copy = structuredClone(data);
  return withAllowedEvents(copy, (by) => {
    if (current.snapshot !== undefined && current.version === data.version) return allowedEvents(current.snapshot, by, { now, reminders: remindersRule(remindBefore) });
    throw new LinkedEnforcementError('VERSION_CONFLICT', `Case ${data.caseId} moved on from version ${data.version} to ${current.version}: read it again for its allowed events`, {
      context: { caseId: data.caseId, expectedVersion: data.version, actualVersion: current.version },
    });
  });
}
