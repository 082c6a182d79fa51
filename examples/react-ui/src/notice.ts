import type { CaseEventType, EventRefusal, HistoryView } from 'linked-enforcement';

/**
 * What the page says about the last attempt to act: the case recorded it (已记录), or refused it
 * (未能提交) — never both, and nothing while a new attempt is under way.
 */
export type Notice<Refusal = EventRefusal> =
  | { readonly kind: 'recorded'; readonly text: string }
  | { readonly kind: 'refused'; readonly eventType: CaseEventType; readonly at: string; readonly refusal: Refusal };

/**
 * What happens to the notice: an attempt starts (the old notice goes), the case records it, or
 * refuses it. `Refusal` is what the refusal is: `explainEvent`'s answer, or the server's problem
 * (the React example's page); `at` is what it was given for (a time, or a case version and time).
 */
export type NoticeAction<Refusal = EventRefusal> =
  | { readonly kind: 'attempt' }
  | { readonly kind: 'recorded'; readonly entry: Pick<HistoryView, 'label' | 'toLabel'> }
  | { readonly kind: 'refused'; readonly eventType: CaseEventType; readonly at: string; readonly refusal: Refusal };

/**
 * The notice reducer (`useReducer(noticeReducer, undefined)`): each action replaces the notice, so
 * a refusal is never shown beside the 已记录 of an earlier attempt, nor the other way round.
 *
 * @example
 * noticeReducer({ kind: 'recorded', text: '✓ 已记录…' }, { kind: 'attempt' })
 * //=> undefined
 */
export function noticeReducer<Refusal = EventRefusal>(_previous: Notice<Refusal> | undefined, action: NoticeAction<Refusal>): Notice<Refusal> | undefined {
  switch (action.kind) {
    case 'attempt':
      return undefined;
    case 'recorded':
      return { kind: 'recorded', text: `✓ 已记录 Recorded: ${action.entry.label.zh} ${action.entry.label.en} → ${action.entry.toLabel.zh} ${action.entry.toLabel.en}` };
    case 'refused':
      return { kind: 'refused', eventType: action.eventType, at: action.at, refusal: action.refusal };
  }
}

/** The 已记录 text to show, if the notice is one. */
export const recordedText = <Refusal>(notice: Notice<Refusal> | undefined): string | undefined => (notice?.kind === 'recorded' ? notice.text : undefined);

/**
 * The refusal the form of `eventType` shows: the notice's, while the page clock still reads the
 * time it was given for (once the clock moves, the answer may differ).
 */
export function refusalFor<Refusal = EventRefusal>(notice: Notice<Refusal> | undefined, eventType: CaseEventType, at: string): Refusal | undefined {
  return notice?.kind === 'refused' && notice.eventType === eventType && notice.at === at ? notice.refusal : undefined;
}
