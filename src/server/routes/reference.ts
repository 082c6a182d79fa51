import type { Hono } from 'hono';
import { defaultCalendar } from '../../calendar/index.js';
import { siyangCatalog } from '../../catalog.js';
import { toDiagramJson, toMermaid } from '../../diagram/index.js';
import type { CaseEngine } from '../../engine/types.js';
import type { ServerEnv } from '../_lib/env.js';
import { choiceParameter, integerParameter, queryOf, requiredParameter } from '../_lib/request.js';

/** The reference routes, open to every caller: the catalog (清单), working days (工作日) and the workflow diagram (流程图). */
export function referenceRoutes(app: Hono<ServerEnv>, { engine }: { readonly engine: CaseEngine }): void {
  app.get('/catalog', (c) => {
    queryOf(c, []);
    return c.json({ units: siyangCatalog.units, items: siyangCatalog.items });
  });

  app.get('/calendar/days/:date', (c) => {
    queryOf(c, []);
    return c.json(defaultCalendar.dayInfo(c.req.param('date')));
  });

  app.get('/calendar/add', (c) => {
    const query = queryOf(c, ['date', 'n']);
    const date = requiredParameter(query, 'date');
    requiredParameter(query, 'n');
    const days = integerParameter(query, 'n', { min: -3650, max: 3650 })!;
    return c.json({ start: date, n: days, date: defaultCalendar.addWorkingDays(date, days) });
  });

  app.get('/calendar/between', (c) => {
    const query = queryOf(c, ['from', 'to']);
    const [from, to] = [requiredParameter(query, 'from'), requiredParameter(query, 'to')];
    return c.json({ from, to, workingDays: defaultCalendar.workingDaysBetween(from, to) });
  });

  // With ?case= the diagram shows where that case has been and rests (流程图高亮); the server
  // asks for a token then, as GET /cases/{caseId} does (see createServer).
  app.get('/diagram', async (c) => {
    const query = queryOf(c, ['format', 'lang', 'case']);
    const format = choiceParameter(query, 'format', ['mermaid', 'json'] as const) ?? 'json';
    const language = choiceParameter(query, 'lang', ['zh', 'en'] as const) ?? 'zh';
    const caseId = query.get('case');
    const view = caseId === undefined ? undefined : await engine.get(caseId);
    const highlight = view === undefined ? undefined : { value: view.state, context: { history: view.history.map(({ from, to }) => ({ from, to })) } };
    if (format === 'json') {
      const diagram = toDiagramJson(engine.machine);
      if (view === undefined) return c.json(diagram);
      const visited = [...new Set(view.history.flatMap(({ from, to }) => (from === null ? [to] : [from, to])))];
      return c.json({ ...diagram, highlight: { caseId: view.caseId, current: view.state, visited } });
    }
    return c.body(toMermaid(engine.machine, { language, ...(highlight === undefined ? {} : { highlight }) }), 200, { 'content-type': 'text/vnd.mermaid; charset=utf-8' });
  });
}
