import type { Hono } from 'hono';
import type { CaseEngine, InboxOptions } from '../../engine/types.js';
import type { ServerEnv } from '../_lib/env.js';
import { integerParameter, queryOf } from '../_lib/request.js';

const PAGE_PARAMETERS = ['limit', 'cursor'] as const;

/** `limit` (1–1000, as the engine takes it) and `cursor` of a 待办/已办 page; the engine checks the cursor. */
function pageOptions(query: Map<string, string>): InboxOptions {
  const limit = integerParameter(query, 'limit', { max: 1000 });
  const cursor = query.get('cursor');
  return { ...(limit === undefined ? {} : { limit }), ...(cursor === undefined ? {} : { cursor }) };
}

/**
 * The caller's own work lists: `GET /inbox` (待办 — the cases that owe the caller their next
 * step) and `GET /done` (已办 — the cases the caller acted on), one page each, `nextCursor` to go on.
 */
export function inboxRoutes(app: Hono<ServerEnv>, { engine }: { readonly engine: CaseEngine }): void {
  app.get('/inbox', async (c) => c.json(await engine.inbox(c.get('actor'), pageOptions(queryOf(c, PAGE_PARAMETERS)))));
  app.get('/done', async (c) => c.json(await engine.done(c.get('actor'), pageOptions(queryOf(c, PAGE_PARAMETERS)))));
}
