import { defaultCalendar, type Acknowledgement, type DeadlineStatus, type DeadlineView } from 'linked-enforcement';
import { beijingDateOf, formatInstant } from './clock.js';
import { unitName } from './people.js';

const statusLabels: Readonly<Record<DeadlineStatus, string>> = {
  pending: '待上传 Pending',
  met: '按时完成 Met',
  late: '逾期完成 Done late',
  overdue: '已逾期 Overdue',
  missed: '未完成 Missed',
};

const acknowledgementLabels: Readonly<Record<DeadlineStatus, string>> = {
  pending: '待确认 Pending',
  met: '已确认 Confirmed',
  late: '逾期确认 Confirmed late',
  overdue: '逾期未确认 Overdue',
  missed: '始终未确认 Never confirmed',
};

function workingDaysLeft(deadline: DeadlineView, now: number): string | undefined {
  if (deadline.status !== 'pending') return undefined;
  try {
    const left = defaultCalendar.workingDaysBetween(beijingDateOf(now), deadline.dueDate);
    return `还剩 ${left} 个工作日（不含今天）${left} working day(s) left after today`;
  } catch {
    return undefined;
  }
}

export interface DeadlinePanelProps {
  readonly deadlines: readonly DeadlineView[];
  readonly now: number;
}

/** 时限: the results deadline (执法工作结束后5个工作日内上传), as the server judges it at its clock. */
export function DeadlinePanel({ deadlines: all, now }: DeadlinePanelProps) {
  const deadlines = all.filter((deadline) => deadline.kind === 'resultsUpload');
  return (
    <section className="panel" aria-label="时限 Deadline">
      <h2>
        执法结果上传时限 <span className="en">Results deadline</span>
      </h2>
      {deadlines.length === 0 ? (
        <p className="muted" data-testid="deadline-none">
          执法工作结束后起算，5个工作日内上传执法结果。
          <br />
          <span className="en">Starts when enforcement ends: results are due within 5 working days.</span>
        </p>
      ) : (
        deadlines.map((deadline) => (
          <dl key={`${deadline.kind}-${deadline.startedAt}`} className="facts" data-testid="deadline">
            <dt>状态 Status</dt>
            <dd>
              <span className={`badge badge-${deadline.status}`} data-testid="deadline-status">
                {statusLabels[deadline.status]}
              </span>
            </dd>
            <dt>截止 Due</dt>
            <dd data-testid="deadline-due">
              {deadline.dueDate} 23:59（北京时间 Beijing time）{deadline.provisional ? '· 含预估假期 provisional' : ''}
            </dd>
            <dt>责任单位 Unit</dt>
            <dd>{unitName(deadline.unit)}</dd>
            <dt>起算 Started</dt>
            <dd>
              {formatInstant(deadline.startedAt)} 执法结束 enforcement ended · {deadline.workingDays} 个工作日 working days
            </dd>
            {workingDaysLeft(deadline, now) === undefined ? null : (
              <>
                <dt>剩余 Left</dt>
                <dd>{workingDaysLeft(deadline, now)}</dd>
              </>
            )}
            {deadline.doneAt === undefined ? null : (
              <>
                <dt>上传 Uploaded</dt>
                <dd>{formatInstant(deadline.doneAt)}</dd>
              </>
            )}
            {deadline.overdueAt === undefined ? null : (
              <>
                <dt>逾期记录 Recorded overdue</dt>
                <dd>{formatInstant(deadline.overdueAt)}</dd>
              </>
            )}
          </dl>
        ))
      )}
    </section>
  );
}

export interface AcknowledgementPanelProps {
  /** All of the case's deadlines; the panel shows the acknowledgements. */
  readonly deadlines: readonly DeadlineView[];
  readonly acknowledgements: readonly Acknowledgement[];
}

/**
 * 确认接收任务: each cooperating unit confirms its task with the staff and equipment it sends
 * (配合单位 1–2), due by the time the dispatch set. A missing one never blocks the case.
 */
export function AcknowledgementPanel({ deadlines, acknowledgements }: AcknowledgementPanelProps) {
  const due = deadlines.filter((deadline) => deadline.kind === 'acknowledgement');
  if (due.length === 0) return null;
  return (
    <section className="panel" aria-label="确认接收任务 Acknowledgements">
      <h2>
        确认接收任务 <span className="en">Acknowledgements</span> <span className="count">{due.filter((d) => d.status === 'met' || d.status === 'late').length} / {due.length}</span>
      </h2>
      <p className="muted small">
        指定时间 Due by {formatInstant(due[0]!.dueAt)}（北京时间 Beijing time）
      </p>
      <ul className="acknowledgements">
        {due.map((deadline) => {
          const latest = acknowledgements.filter((a) => a.unit === deadline.unit).at(-1);
          return (
            <li key={deadline.unit} data-testid={`acknowledgement-${deadline.unit}`}>
              <span className={`badge badge-${deadline.status}`}>{acknowledgementLabels[deadline.status]}</span> {unitName(deadline.unit)}
              {latest === undefined ? null : (
                <span className="muted">
                  {' '}
                  · {latest.staff} 人 staff{latest.equipment === undefined ? '' : ` · ${latest.equipment}`}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
