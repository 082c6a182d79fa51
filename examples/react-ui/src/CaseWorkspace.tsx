import { useActorRef, useSelector } from '@xstate/react';
import {
  allowedEvents,
  caseMachine,
  selectDeadlines,
  selectHistory,
  selectState,
  type CaseEvent,
  type CaseEventType,
  type CaseInput,
  type CaseNotification,
} from 'linked-enforcement';
import { useLayoutEffect, useMemo, useReducer, useState } from 'react';
import { ActionsPanel } from './ActionsPanel.js';
import { CaseDetails, Notifications } from './CaseDetails.js';
import { ClockBar } from './ClockBar.js';
import { instantOf } from './clock.js';
import { AcknowledgementPanel, DeadlinePanel } from './DeadlinePanel.js';
import { HistoryTable } from './HistoryTable.js';
import { noticeReducer, recordedText } from './notice.js';
import { people, ITEM_NO } from './people.js';
import { PersonPicker } from './PersonPicker.js';
import { StepPanel } from './StepPanel.js';

/** The case the page opens: 市场监管局 applies for item 1 (农贸市场安全方面的综合执法). */
export const caseInput: CaseInput = {
  caseId: 'SY-2026-001',
  title: '城东农贸市场安全综合执法',
  itemNo: ITEM_NO,
  origin: 'application',
  applicant: 'market-regulation',
  by: { unit: 'market-regulation' },
  description: '国庆前对城东农贸市场开展消防、食品安全和市场秩序联合检查',
  at: '2026-09-01T09:00:00+08:00',
};

/** Events that do not move a case forward: they do not make someone "the one the case waits for". */
const sideEvents: ReadonlySet<CaseEventType> = new Set(['case.urge', 'deadline.check', 'deadline.remind', 'application.withdraw']);

/** One case on `caseMachine`, driven from the page by whoever the user picks. */
export function CaseWorkspace() {
  const actorRef = useActorRef(caseMachine, { input: caseInput });
  const snapshot = useSelector(actorRef, (current) => current);
  const [now, setNow] = useState(() => Date.parse(caseInput.at));
  const [personKey, setPersonKey] = useState('command-center');
  const [notifications, setNotifications] = useState<readonly CaseNotification[]>([]);
  const [notice, dispatchNotice] = useReducer(noticeReducer, undefined);
  // The event each history entry recorded (by its seq), for the 流转记录's details: what the audit log keeps.
  const [events, setEvents] = useState<readonly (CaseEvent | CaseInput)[]>([caseInput]);

  // A layout effect subscribes before useActorRef's effect starts the actor, so the opening notice is kept too.
  useLayoutEffect(() => {
    const subscription = actorRef.on('notification', (notification) => setNotifications((list) => [...list, notification]));
    return () => subscription.unsubscribe();
  }, [actorRef]);

  const person = people.find((candidate) => candidate.key === personKey) ?? people[0]!;
  const state = selectState(snapshot);
  const history = selectHistory(snapshot);
  const deadlines = selectDeadlines(snapshot, new Date(now));
  const allowed = useMemo(() => new Map(people.map((candidate) => [candidate.key, allowedEvents(snapshot, candidate.by)])), [snapshot]);
  const pending = new Map([...allowed].map(([key, types]) => [key, types.length]));
  const waitingFor = people.filter((candidate) => allowed.get(candidate.key)!.some((type) => !sideEvents.has(type))).map((candidate) => candidate.zh);

  const send = (event: unknown): boolean => {
    const before = actorRef.getSnapshot().context.history.length;
    actorRef.send(event as CaseEvent);
    const after = selectHistory(actorRef.getSnapshot());
    const last = after.at(-1);
    if (after.length === before || last === undefined) return false;
    setEvents((list) => [...list.slice(0, last.seq), event as CaseEvent]);
    dispatchNotice({ kind: 'recorded', entry: last });
    return true;
  };

  return (
    <>
      <ClockBar now={now} onChange={setNow} />
      <div className="layout">
        <PersonPicker people={people} selected={person.key} onSelect={setPersonKey} context={snapshot.context} pending={pending} />
        <main className="main">
          <StepPanel state={state} history={history} waitingFor={waitingFor} />
          {recordedText(notice) === undefined ? null : (
            <p className="notice" role="status" data-testid="notice">
              {recordedText(notice)}
            </p>
          )}
          <div className="columns">
            <ActionsPanel snapshot={snapshot} person={person} allowed={allowed.get(person.key) ?? []} now={now} at={instantOf(now)} onSend={send} notice={notice} onNotice={dispatchNotice} />
            <div className="stack">
              <DeadlinePanel deadlines={deadlines} now={now} />
              <AcknowledgementPanel deadlines={deadlines} acknowledgements={snapshot.context.acknowledgements} />
              <CaseDetails context={snapshot.context} />
            </div>
          </div>
          <HistoryTable history={history} events={events} />
          <Notifications notifications={notifications} />
        </main>
      </div>
    </>
  );
}
