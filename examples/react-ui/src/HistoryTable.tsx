import type { HistoryView } from 'linked-enforcement';
import { formatInstant } from './clock.js';
import { nameOf, unitName } from './people.js';

/** 流转记录: every accepted event, oldest first. */
export function HistoryTable({ history }: { history: readonly HistoryView[] }) {
  return (
    <section className="panel" aria-label="流转记录 History">
      <h2>
        流转记录 <span className="en">History</span> <span className="count">{history.length}</span>
      </h2>
      <table className="history" data-testid="history">
        <thead>
          <tr>
            <th>#</th>
            <th>
              时间 <span className="en">Time</span>
            </th>
            <th>
              操作人 <span className="en">By</span>
            </th>
            <th>
              操作 <span className="en">Action</span>
            </th>
            <th>
              流转 <span className="en">From → to</span>
            </th>
            <th>
              意见 / 理由 <span className="en">Details</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {history.map((entry) => (
            <tr key={entry.seq} data-testid="history-row">
              <td>{entry.seq}</td>
              <td className="nowrap">{formatInstant(entry.at)}</td>
              <td>{nameOf(entry.by)}</td>
              <td>
                {entry.label.zh} <span className="en">{entry.label.en}</span>
              </td>
              <td>
                {entry.fromLabel === undefined ? '' : `${entry.fromLabel.zh} → `}
                {entry.toLabel.zh}
              </td>
              <td>{[entry.unit === undefined ? undefined : `催办 ${unitName(entry.unit)}`, entry.opinion, entry.reason, entry.note].filter(Boolean).join('；')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
