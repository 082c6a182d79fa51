import type { StatsGrouping, StatsReport, StatsRow } from 'linked-enforcement';
import { useEffect, useState } from 'react';
import { ApiProblem, getJson, type Problem } from './api.js';
import { saveDownload } from './download.js';
import type { Person } from './people.js';

const groupings: readonly { by: StatsGrouping; zh: string; en: string }[] = [
  { by: 'leadUnit', zh: '按牵头单位', en: 'Lead unit' },
  { by: 'item', zh: '按事项', en: 'Item' },
  { by: 'month', zh: '按月份', en: 'Month' },
  { by: 'origin', zh: '按立案方式', en: 'Origin' },
];

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);
const days = (value: number | null) => (value === null ? '—' : value.toFixed(1));

const columns: readonly { zh: string; en: string; value: (row: StatsRow) => string | number }[] = [
  { zh: '受理', en: 'Opened', value: (row) => row.opened },
  { zh: '存档', en: 'Archived', value: (row) => row.archived },
  { zh: '驳回', en: 'Rejected', value: (row) => row.rejected },
  { zh: '在办', en: 'In progress', value: (row) => row.inProgress },
  { zh: '按时', en: 'On time', value: (row) => row.resultsOnTime },
  { zh: '逾期完成', en: 'Late', value: (row) => row.resultsLate },
  { zh: '超期未传', en: 'Overdue', value: (row) => row.resultsOverdue },
  { zh: '按时率', en: 'On-time rate', value: (row) => percent(row.onTimeRate) },
  { zh: '催办', en: 'Urges', value: (row) => row.urges },
  { zh: '平均办结（工作日）', en: 'Avg. working days to archive', value: (row) => days(row.avgWorkingDaysToArchive) },
];

/** 统计报表 (`GET /stats`): for the command center and the county leaders; others see the server's 403. */
export function StatsPage({ person, now }: { person: Person; now: number }) {
  const [by, setBy] = useState<StatsGrouping>('leadUnit');
  const [from, setFrom] = useState('2026-01-01');
  const [to, setTo] = useState('2026-12-31');
  const [report, setReport] = useState<StatsReport>();
  const [problem, setProblem] = useState<Problem>();
  const query = `/api/stats?from=${from}&to=${to}&by=${by}`;
  useEffect(() => {
    let current = true;
    getJson<StatsReport>(query, person.by).then(
      (answer) => current && (setReport(answer), setProblem(undefined)),
      (error: unknown) => current && error instanceof ApiProblem && (setReport(undefined), setProblem(error.problem)),
    );
    return () => {
      current = false;
    };
  }, [query, person, now]);
  const fail = (error: unknown) => error instanceof ApiProblem && setProblem(error.problem);
  return (
    <section className="panel" aria-label="统计报表 Statistics">
      <h2>
        统计报表 <span className="en">Statistics</span> — {person.zh}
      </h2>
      <div className="stats-controls">
        {groupings.map((grouping) => (
          <button key={grouping.by} type="button" aria-pressed={grouping.by === by} data-testid={`stats-by-${grouping.by}`} onClick={() => setBy(grouping.by)}>
            {grouping.zh} <span className="en">{grouping.en}</span>
          </button>
        ))}
        <label>
          从 From <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
        </label>
        <label>
          到 To <input type="date" value={to} onChange={(event) => setTo(event.target.value)} />
        </label>
        <button type="button" data-testid="stats-csv" onClick={() => void saveDownload(`${query}&format=csv`, person.by, 'stats.csv').catch(fail)}>
          下载 CSV
        </button>
        <button type="button" data-testid="stats-xlsx" onClick={() => void saveDownload(`${query}&format=xlsx`, person.by, 'stats.xlsx').catch(fail)}>
          下载 Excel (XLSX)
        </button>
      </div>
      {problem === undefined ? null : (
        <p className="refusal" role="alert" data-testid="stats-problem">
          <strong>{problem.title}</strong>（{problem.status} {problem.code}）：{problem.detailZh} <span className="en">{problem.detail}</span>
        </p>
      )}
      {report === undefined ? null : (
        <>
          <table className="history stats" data-testid="stats-table">
            <thead>
              <tr>
                <th>{groupings.find((grouping) => grouping.by === report.by)?.zh.replace('按', '')}</th>
                {columns.map((column) => (
                  <th key={column.en}>
                    {column.zh} <span className="en">{column.en}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...report.rows, report.total].map((row, index) => (
                <tr key={`${row.key}-${index}`} data-testid={index === report.rows.length ? 'stats-total' : 'stats-row'} className={index === report.rows.length ? 'total' : ''}>
                  <td>{index === report.rows.length ? '合计 Total' : row.label}</td>
                  {columns.map((column) => (
                    <td key={column.en}>{column.value(row)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            统计时刻 As of {report.now.slice(0, 16).replace('T', ' ')} · {report.from} – {report.to}
          </p>
        </>
      )}
    </section>
  );
}
