import { useState } from 'react';
import { CaseWorkspace, caseInput } from './CaseWorkspace.js';

/** The page: a header and one case; "新案件 New case" starts over. */
export function App() {
  const [run, setRun] = useState(0);
  return (
    <div className="page">
      <header className="topbar">
        <div>
          <h1>
            泗阳县联动执法 <span className="en">Siyang joint law enforcement</span>
          </h1>
          <div className="subtitle">
            {caseInput.caseId} · {caseInput.title} · 事项1 农贸市场安全方面的综合执法 <span className="en">Item 1, farmers’ market safety</span>
          </div>
        </div>
        <button type="button" data-testid="new-case" onClick={() => setRun(run + 1)}>
          新案件 New case
        </button>
      </header>
      <CaseWorkspace key={run} />
      <footer className="footer">
        linked-enforcement · XState <code>caseMachine</code> with <code>@xstate/react</code> — 页面只显示 <code>allowedEvents</code> 返回的操作 · the page offers only what{' '}
        <code>allowedEvents</code> returns
      </footer>
    </div>
  );
}
