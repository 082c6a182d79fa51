import type { Actor, AuditEntry, CaseEvent, CaseEventType, CaseInput, CaseViewData, SendResultData } from 'linked-enforcement';
import { useCallback, useEffect, useReducer, useState } from 'react';
import { ActionsPanel } from './ActionsPanel.js';
import { ApiProblem, casePath, getJson, postJson, type Problem } from './api.js';
import { caseFactsOf, type CaseFacts } from './caseFacts.js';
import { CaseDetails, Notifications } from './CaseDetails.js';
import { AcknowledgementPanel, DeadlinePanel } from './DeadlinePanel.js';
import { FlowchartPanel } from './FlowchartPanel.js';
import { HistoryTable } from './HistoryTable.js';
import { noticeReducer, recordedText, type Notice, type NoticeAction } from './notice.js';
import { people, type Person } from './people.js';
import { StepPanel } from './StepPanel.js';

/** Events that do not move a case forward: they do not make someone "the one the case waits for". */
const sideEvents: ReadonlySet<CaseEventType> = new Set(['case.urge', 'deadline.check', 'deadline.remind', 'application.withdraw']);

/** What the page read of one case: the view, its facts, and what each person may send now. */
export interface CaseReading {
  readonly view: CaseViewData;
  readonly facts: CaseFacts;
  /** The event each history entry recorded, by its seq: the audit log's (entry `seq` is the log's version `seq + 1`). */
  readonly events: readonly (CaseEvent | CaseInput)[];
  readonly allowed: ReadonlyMap<string, readonly CaseEventType[]>;
}

/** Reads the case view and its audit log as `reader`, and every person's allowed events, from the server. */
async function readCase(caseId: string, reader: Actor): Promise<CaseReading> {
  const [view, log, allowed] = await Promise.all([
    getJson<CaseViewData>(casePath(caseId), reader),
    getJson<AuditEntry[]>(casePath(caseId, '/history'), reader),
    Promise.all(people.map(async (person) => [person.key, await getJson<CaseEventType[]>(casePath(caseId, '/allowed-events'), person.by)] as const)),
  ]);
  return { view, facts: caseFactsOf(log), events: log.map((entry) => entry.event), allowed: new Map(allowed) };
}

export interface CaseWorkspaceProps {
  readonly caseId: string;
  readonly person: Person;
  /** The demo clock (epoch ms); the case is read again when it moves. */
  readonly now: number;
  /** Tells the page what the case says of each person (their roles, how many actions they have). */
  readonly onRead: (reading: CaseReading | undefined) => void;
}

/** 案件: one case, read from the server and driven through it by whoever the user picks. */
export function CaseWorkspace({ caseId, person, now, onRead }: CaseWorkspaceProps) {
  const [reading, setReading] = useState<CaseReading>();
  const [failure, setFailure] = useState<Problem>();
  const [notice, dispatchNotice] = useReducer(noticeReducer<Problem>, undefined as Notice<Problem> | undefined);

  const reload = useCallback(async () => {
    try {
      const next = await readCase(caseId, person.by);
      setReading(next);
      setFailure(undefined);
      onRead(next);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      setFailure(error.problem);
      onRead(undefined);
    }
  }, [caseId, person, onRead]);

  useEffect(() => {
    void reload();
  }, [reload, now]);

  if (failure !== undefined) {
    return (
      <p className="refusal" role="alert" data-testid="case-failure">
        {failure.title}（{failure.code ?? failure.status}）：{failure.detailZh ?? failure.detail}
      </p>
    );
  }
  if (reading === undefined || reading.view.caseId !== caseId) return <p className="muted">读取中… Loading…</p>;
  const { view, facts, allowed } = reading;

  /** `POST /cases/{id}/events` pinned to the version shown (If-Match): a stale page is refused (412), never applied. */
  const send = async (event: Record<string, unknown>): Promise<Problem | undefined> => {
    try {
      const result = await postJson<SendResultData>(casePath(caseId, '/events'), person.by, event, { 'if-match': `"${view.version}"` });
      const last = result.history.at(-1);
      if (last !== undefined) dispatchNotice({ kind: 'recorded', entry: last });
      await reload();
      return undefined;
    } catch (error) {
      if (error instanceof ApiProblem) return error.problem;
      throw error;
    }
  };

  const waitingFor = people.filter((candidate) => (allowed.get(candidate.key) ?? []).some((type) => !sideEvents.has(type))).map((candidate) => candidate.zh);
  const state = { path: view.state, stage: view.stage, label: view.stateLabel, stageLabel: view.stageLabel, final: view.status === 'done' };
  return (
    <>
      <div className="case-heading">
        <h2 data-testid="case-title">
          {view.caseId} · {view.title}
        </h2>
        <span className="muted small">
          第 {view.version} 版 version {view.version} · <code>GET /api/cases/{view.caseId}</code>
        </span>
      </div>
      <StepPanel state={state} history={view.history} waitingFor={waitingFor} />
      {recordedText(notice) === undefined ? null : (
        <p className="notice" role="status" data-testid="notice">
          {recordedText(notice)}
        </p>
      )}
      <div className="columns">
        <ActionsPanel
          facts={facts}
          version={view.version}
          person={person}
          allowed={allowed.get(person.key) ?? []}
          now={now}
          onSend={send}
          notice={notice}
          onNotice={dispatchNotice as (action: NoticeAction<Problem>) => void}
          // A refusal is an answer about this version of the case at this time: either moving makes it stale.
          at={`${view.version}@${now}`}
        />
        <div className="stack">
          <DeadlinePanel deadlines={view.deadlines} now={now} />
          <AcknowledgementPanel deadlines={view.deadlines} acknowledgements={facts.acknowledgements} />
          <CaseDetails context={facts} by={person.by} />
        </div>
      </div>
      <HistoryTable history={view.history} events={reading.events} />
      <FlowchartPanel caseId={caseId} version={view.version} by={person.by} />
      <Notifications notifications={facts.notifications} />
    </>
  );
}
