import type { CaseEvent, CaseInput, HistoryView } from 'linked-enforcement';
import { formatInstant } from './clock.js';
import { historyDetails } from './historyDetails.js';
import { nameOf } from './people.js';

/** 流转记录: every accepted event, oldest first; `events[seq]` is the event entry `seq` recorded (the audit log's), for its details. */
export function HistoryTable({ history, events = [] }: { history: readonly HistoryView[]; events?: readonly (CaseEvent | CaseInput | undefined)[] }) {
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
              <td data-testid="history-details">{historyDetails(entry, events[entry.seq])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
