import { defaultCalendar, type DeadlineStatus, type DeadlineView } from 'linked-enforcement';
import { beijingDateOf, formatInstant } from './clock.js';
import { unitName } from './people.js';

const statusLabels: Readonly<Record<DeadlineStatus, string>> = {
  pending: '待上传 Pending',
  met: '按时完成 Met',
  late: '逾期完成 Done late',
  overdue: '已逾期 Overdue',
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

/** 时限: the results deadline (执法工作结束后5个工作日内上传), read against the page clock. */
export function DeadlinePanel({ deadlines, now }: DeadlinePanelProps) {
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
