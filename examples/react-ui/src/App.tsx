import { useCallback, useEffect, useState } from 'react';
import { ApiProblem, getJson, postJson, type Problem } from './api.js';
import { CaseWorkspace, type CaseReading } from './CaseWorkspace.js';
import { ClockBar } from './ClockBar.js';
import { people } from './people.js';
import { PersonPicker } from './PersonPicker.js';
import { StatsPage } from './StatsPage.js';
import { WorkListPage } from './WorkListPage.js';

/** The pages, by the URL's hash: `#/case/SY-2026-001`, `#/inbox`, `#/done`, `#/stats`. */
export type Route = { readonly page: 'case'; readonly caseId: string } | { readonly page: 'inbox' | 'done' | 'stats' };

/** The case the page opens first (seeded by the server). */
export const FIRST_CASE = 'SY-2026-001';

/** The route a hash names; anything else is the first case. */
export function routeOf(hash: string): Route {
  const [, page = '', id] = hash.replace(/^#/, '').split('/');
  if (page === 'inbox' || page === 'done' || page === 'stats') return { page };
  return { page: 'case', caseId: page === 'case' && id !== undefined && id !== '' ? decodeURIComponent(id) : FIRST_CASE };
}

const hashOf = (route: Route) => (route.page === 'case' ? `#/case/${encodeURIComponent(route.caseId)}` : `#/${route.page}`);

const tabs = [
  { page: 'case', zh: '案件', en: 'Case' },
  { page: 'inbox', zh: '待办', en: 'Inbox' },
  { page: 'done', zh: '已办', en: 'Done' },
  { page: 'stats', zh: '统计', en: 'Statistics' },
] as const;

/** The page: the demo clock, who you are, and the case, 待办, 已办 or 统计. */
export function App() {
  const [route, setRoute] = useState(() => routeOf(location.hash));
  const [lastCase, setLastCase] = useState(route.page === 'case' ? route.caseId : FIRST_CASE);
  const [personKey, setPersonKey] = useState('command-center');
  const [now, setNow] = useState<number>();
  const [reading, setReading] = useState<CaseReading>();

  useEffect(() => {
    const follow = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  useEffect(() => {
    if (route.page === 'case') setLastCase(route.caseId);
  }, [route]);
  useEffect(() => {
    void getJson<{ now: string }>('/dev/clock').then(({ now: iso }) => setNow(Date.parse(iso)));
  }, []);

  const go = (next: Route) => {
    location.hash = hashOf(next);
  };
  const moveClock = async (body: { to: string } | { advanceMs: number }): Promise<Problem | undefined> => {
    try {
      const answer = await postJson<{ now: string }>('/dev/clock', undefined, body);
      setNow(Date.parse(answer.now));
      return undefined;
    } catch (error) {
      if (error instanceof ApiProblem) return error.problem;
      throw error;
    }
  };
  const onRead = useCallback((next: CaseReading | undefined) => setReading(next), []);

  const person = people.find((candidate) => candidate.key === personKey) ?? people[0]!;
  const onCase = route.page === 'case';
  const pending = onCase && reading !== undefined ? new Map([...reading.allowed].map(([key, types]) => [key, types.length])) : undefined;
  return (
    <div className="page">
      <header className="topbar">
        <div>
          <h1>
            泗阳县联动执法 <span className="en">Siyang joint law enforcement</span>
          </h1>
          <div className="subtitle">
            linked-enforcement 服务端 + React · <span className="en">the package’s HTTP server (/api) and this page, one process: npm run ui</span>
          </div>
        </div>
        <nav className="tabs" aria-label="页面 Pages">
          {tabs.map((tab) => (
            <button
              key={tab.page}
              type="button"
              data-testid={`tab-${tab.page}`}
              aria-current={route.page === tab.page ? 'page' : undefined}
              onClick={() => go(tab.page === 'case' ? { page: 'case', caseId: lastCase } : { page: tab.page })}
            >
              {tab.zh} <span className="en">{tab.en}</span>
            </button>
          ))}
        </nav>
      </header>
      {now === undefined ? null : <ClockBar now={now} onMove={moveClock} />}
      <div className="layout">
        <PersonPicker people={people} selected={person.key} onSelect={setPersonKey} {...(onCase && reading !== undefined ? { context: reading.facts } : {})} {...(pending === undefined ? {} : { pending })} />
        <main className="main">
          {now === undefined ? null : route.page === 'case' ? (
            <CaseWorkspace caseId={route.caseId} person={person} now={now} onRead={onRead} />
          ) : route.page === 'stats' ? (
            <StatsPage person={person} now={now} />
          ) : (
            <WorkListPage list={route.page} person={person} now={now} onOpen={(caseId) => go({ page: 'case', caseId })} />
          )}
        </main>
      </div>
      <footer className="footer">
        linked-enforcement · <code>createServer</code> from <code>linked-enforcement/server</code> at <code>/api</code> — 页面只显示服务器允许的操作 · the page offers only what{' '}
        <code>GET /cases/{'{id}'}/allowed-events</code> returns
      </footer>
    </div>
  );
}
