import type { Actor, CaseNotification } from 'linked-enforcement';
import { documentPath } from './api.js';
import { saveDownload } from './download.js';
import { participantsOf, type CaseFacts } from './caseFacts.js';
import { formatInstant } from './clock.js';
import { unitName } from './people.js';

/** 案件信息: what the case holds so far (assignment, plan, reports, results, archive). */
export function CaseDetails({ context, by }: { context: CaseFacts; by: Actor }) {
  const { assignment, plan, results } = context;
  const item = context.itemNo === undefined ? undefined : participantsOf(context.itemNo);
  const reported = new Set(context.reports.map((report) => report.unit));
  const cooperating = assignment?.cooperating ?? [];
  // Each document is a reference to a file (its name, size, SHA-256); a case from before 0.4.0 may hold names only.
  const files = [...(plan?.documents ?? []), ...context.reports.flatMap((report) => report.documents), ...(results?.documents ?? [])];
  return (
    <section className="panel" aria-label="案件信息 Case details">
      <h2>
        案件信息 <span className="en">Case details</span>
      </h2>
      <dl className="facts">
        <dt>事项 Item</dt>
        <dd>
          {context.itemNo ?? '—'} {item?.item.name}
        </dd>
        <dt>申请单位 Applicant</dt>
        <dd>{context.initiator === undefined ? '—' : unitName(context.initiator)}</dd>
        <dt>牵头单位 Lead</dt>
        <dd>{assignment?.lead.label ?? (item === undefined ? '—' : `${item.lead.label}（待派送 not yet dispatched）`)}</dd>
        <dt>地点与时间 Where, when</dt>
        <dd>{assignment === undefined ? '—' : `${assignment.place} · ${formatInstant(assignment.startAt)}`}</dd>
        <dt>工作方案 Work plan</dt>
        <dd>{plan === undefined ? '—' : `${plan.summary ?? plan.content}（第${plan.revision}版 revision ${plan.revision}）`}</dd>
        <dt>法律文书 Reports</dt>
        <dd data-testid="reports">
          {assignment === undefined ? (
            '—'
          ) : (
            <>
              {reported.size} / {cooperating.length}{' '}
              {cooperating.map((participant) => (
                <span key={participant.unit} className={`tag ${reported.has(participant.unit) ? 'tag-done' : ''}`}>
                  {reported.has(participant.unit) ? '✓ ' : ''}
                  {participant.label}
                </span>
              ))}
            </>
          )}
        </dd>
        {files.length === 0 ? null : (
          <>
            <dt>文书文件 Files</dt>
            <dd data-testid="documents">
              {files.map((document, index) =>
                'sha256' in document ? (
                  // Read back from the server's blob store (GET /documents/{sha256}), which checks the hash.
                  <button key={index} type="button" className="tag link" title={`sha256 ${document.sha256}`} data-testid="document" onClick={() => void saveDownload(documentPath(document), by, document.name)}>
                    📎 {document.name}
                  </button>
                ) : (
                  <span key={index} className="tag" title="0.4.0 以前仅记录名称 name only">
                    📎 {document.name}
                  </span>
                ),
              )}
            </dd>
          </>
        )}
        <dt>执法结果 Results</dt>
        <dd>
          {results === undefined
            ? '—'
            : `${results.summary}${results.missingReports.length > 0 ? `（未报送 missing: ${results.missingReports.map(unitName).join('、')}）` : ''}`}
        </dd>
        {context.archiveSummary === undefined ? null : (
          <>
            <dt>存档 Archive</dt>
            <dd>{context.archiveSummary}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

/** 通知: what the case's events emitted for the county's messaging to deliver (kept in the audit log). */
export function Notifications({ notifications }: { notifications: readonly CaseNotification[] }) {
  const latest = notifications.slice(-4).reverse();
  return (
    <section className="panel" aria-label="通知 Notifications">
      <h2>
        通知 <span className="en">Notifications</span> <span className="count">{notifications.length}</span>
      </h2>
      {latest.length === 0 ? (
        <p className="muted">—</p>
      ) : (
        <ul className="notifications">
          {latest.map((notification, index) => (
            <li key={`${notification.at}-${notification.kind}-${index}`}>
              <span className="nowrap muted">{formatInstant(notification.at)}</span> {notification.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
