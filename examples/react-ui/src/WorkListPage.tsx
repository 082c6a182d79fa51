import { eventLabels, type DoneItem, type InboxItem } from 'linked-enforcement';
import { useEffect, useState } from 'react';
import { ApiProblem, getJson, type Problem } from './api.js';
import { formatInstant } from './clock.js';
import { unitName, type Person } from './people.js';

/** `还剩 2 个工作日`, `今天到期`, `已逾期 3 个工作日`: an inbox deadline's remaining working days. */
export function remainingText(days: number): string {
  if (days > 0) return `还剩 ${days} 个工作日 ${days} working day(s) left`;
  if (days === 0) return '今天到期 Due today';
  return `已逾期 ${-days} 个工作日 ${-days} working day(s) overdue`;
}

export interface WorkListPageProps {
  readonly list: 'inbox' | 'done';
  readonly person: Person;
  /** The demo clock: the lists are read again when it moves. */
  readonly now: number;
  readonly onOpen: (caseId: string) => void;
}

/** 待办 (`GET /inbox`: most urgent first) or 已办 (`GET /done`: newest first) of the person picked. */
export function WorkListPage({ list, person, now, onOpen }: WorkListPageProps) {
  const [items, setItems] = useState<readonly (InboxItem | DoneItem)[]>();
  const [problem, setProblem] = useState<Problem>();
  useEffect(() => {
    let current = true;
    setItems(undefined);
    getJson<{ items: (InboxItem | DoneItem)[] }>(`/api/${list}?limit=100`, person.by).then(
      (page) => current && (setItems(page.items), setProblem(undefined)),
      (error: unknown) => current && error instanceof ApiProblem && setProblem(error.problem),
    );
    return () => {
      current = false;
    };
  }, [list, person, now]);
  const inbox = list === 'inbox';
  return (
    <section className="panel" aria-label={inbox ? '待办 Inbox' : '已办 Done'}>
      <h2>
        {inbox ? '待办' : '已办'} <span className="en">{inbox ? 'Inbox' : 'Done'}</span> — {person.zh}{' '}
        <span className="count" data-testid="worklist-count">
          {items?.length ?? '…'}
        </span>
      </h2>
      <p className="muted small">
        {inbox ? '等待您办理下一步的案件，最紧急的在前（GET /inbox）。' : '您办理过的案件，最近的在前（GET /done）。'}
        <span className="en">{inbox ? ' Cases that owe you their next step, most urgent first.' : ' Cases you acted on, newest first.'}</span>
      </p>
      {problem === undefined ? null : (
        <p className="refusal" role="alert">
          {problem.title}（{problem.code}）
        </p>
      )}
      {items === undefined || items.length > 0 ? null : (
        <p className="muted" data-testid="worklist-empty">
          {inbox ? '没有待办。Nothing waits for you.' : '没有已办。You have not acted on any case.'}
        </p>
      )}
      {items === undefined || items.length === 0 ? null : (
        <table className="history worklist" data-testid="worklist">
          <thead>
            <tr>
              <th>案件 Case</th>
              <th>当前步骤 Step</th>
              <th>{inbox ? '可办理 You may' : '可办理 You may now'}</th>
              <th>{inbox ? '等待自 Waiting since' : '最近办理 Last acted'}</th>
              {inbox ? <th>最近时限 Nearest deadline</th> : <th>状态 Status</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.caseId} data-testid="worklist-row" data-case={item.caseId}>
                <td>
                  <button type="button" className="link" data-testid={`open-${item.caseId}`} onClick={() => onOpen(item.caseId)}>
                    {item.caseId}
                  </button>
                  <div>{item.title}</div>
                </td>
                <td data-testid="worklist-state">
                  {item.stateLabel.zh} <span className="en">{item.stateLabel.en}</span>
                </td>
                <td>{item.events.map((type) => eventLabels[type].zh).join('、') || '—'}</td>
                <td className="nowrap">{formatInstant('waitingSince' in item ? item.waitingSince : item.lastActedAt)}</td>
                {'waitingSince' in item ? (
                  <td data-testid="worklist-deadline">
                    {item.deadline === null ? (
                      '—'
                    ) : (
                      <>
                        <span className={`badge badge-${item.deadline.status}`}>{remainingText(item.deadline.remainingWorkingDays)}</span>
                        <div className="small muted">
                          {item.deadline.dueDate} · {unitName(item.deadline.unit)}
                        </div>
                      </>
                    )}
                  </td>
                ) : (
                  <td>{item.status === 'done' ? '已结束 Closed' : '办理中 In progress'}</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
