import type { Context, Hono } from 'hono';
import { renderDossierHtml } from '../../dossier/renderDossierHtml.js';
import { isLinkedEnforcementError } from '../../errors.js';
import type { CaseEngine, CaseEventInput, CaseOpenInput, ListQuery } from '../../engine/types.js';
import type { ServerEnv } from '../_lib/env.js';
import { badRequest, httpProblem } from '../_lib/problem.js';
import { booleanParameter, choiceParameter, etagOf, ifMatchVersion, integerParameter, jsonObjectBody, noneMatches, queryOf } from '../_lib/request.js';

/** What the case routes need from the server. */
export interface CaseRouteOptions {
  readonly engine: CaseEngine;
  readonly maxBodyBytes: number;
  /** Called after every accepted write (the notification stream drains the outbox). */
  readonly afterWrite: () => void;
  /** The server's path prefix (`''` at the root): `Location` headers carry it. */
  readonly basePath: string;
}

/** The request body, refused when it names who acts: that is `authenticate`'s to say. */
async function bodyWithoutActor(c: Context<ServerEnv>, maxBodyBytes: number): Promise<Record<string, unknown>> {
  const body = await jsonObjectBody(c, maxBodyBytes);
  if (Object.hasOwn(body, 'by')) {
    throw badRequest('the request body may not name "by": who acts is the authenticated caller (Authorization header)', { field: 'by' }, '输入有误：请求体不得填写操作人 by，操作人由登录身份决定');
  }
  return body;
}

const caseIdOf = (c: Context<ServerEnv>) => c.req.param('caseId') ?? '';

const LIST_PARAMETERS = ['state', 'unit', 'overdue', 'origin', 'itemNo', 'openedFrom', 'openedTo', 'limit', 'cursor'] as const;

/**
 * The case routes (案件): open, list, get, send an event, history, audit verification, allowed
 * events, and the printable 案卷 of a closed case.
 */
export function caseRoutes(app: Hono<ServerEnv>, { engine, maxBodyBytes, afterWrite, basePath }: CaseRouteOptions): void {
  app.post('/cases', async (c) => {
    queryOf(c, []);
    const body = await bodyWithoutActor(c, maxBodyBytes);
    const result = await engine.open({ ...body, by: c.get('actor') } as CaseOpenInput);
    afterWrite();
    return c.json(result, 201, { etag: etagOf(result.version), location: `${basePath}/cases/${encodeURIComponent(result.caseId)}` });
  });

  app.get('/cases', async (c) => {
    const query = queryOf(c, LIST_PARAMETERS);
    const text = (name: 'state' | 'unit' | 'origin' | 'openedFrom' | 'openedTo' | 'cursor') => (query.has(name) ? { [name]: query.get(name) } : {});
    const overdue = booleanParameter(query, 'overdue');
    const itemNo = integerParameter(query, 'itemNo');
    const limit = integerParameter(query, 'limit', { max: 500 });
    const listQuery = {
      ...text('state'),
      ...text('unit'),
      ...text('origin'),
      ...text('openedFrom'),
      ...text('openedTo'),
      ...text('cursor'),
      ...(overdue === undefined ? {} : { overdue }),
      ...(itemNo === undefined ? {} : { itemNo }),
      ...(limit === undefined ? {} : { limit }),
    } as ListQuery;
    return c.json(await engine.list(listQuery));
  });

  app.get('/cases/:caseId', async (c) => {
    queryOf(c, []);
    const view = await engine.get(caseIdOf(c));
    if (noneMatches(c, view.version)) return c.body(null, 304, { etag: etagOf(view.version) });
    return c.json(view, 200, { etag: etagOf(view.version) });
  });

  app.post('/cases/:caseId/events', async (c) => {
    queryOf(c, []);
    const caseId = caseIdOf(c);
    const expectedVersion = ifMatchVersion(c);
    const idempotencyKey = c.req.header('idempotency-key');
    const body = await bodyWithoutActor(c, maxBodyBytes);
    const options = { ...(expectedVersion === undefined ? {} : { expectedVersion }), ...(idempotencyKey === undefined ? {} : { idempotencyKey }) };
    try {
      const result = await engine.send(caseId, { ...body, by: c.get('actor') } as CaseEventInput, options);
      afterWrite();
      return c.json(result, 200, { etag: etagOf(result.version) });
    } catch (error) {
      // A stale If-Match is the precondition failing (RFC 9110): 412, with the versions in the context.
      if (expectedVersion !== undefined && isLinkedEnforcementError(error, 'VERSION_CONFLICT')) {
        throw httpProblem(412, 'VERSION_CONFLICT', error.message, { ...error.context });
      }
      throw error;
    }
  });

  app.get('/cases/:caseId/history', async (c) => {
    queryOf(c, []);
    return c.json(await engine.history(caseIdOf(c)));
  });

  // Whoever may read the case (GET /cases/{caseId}: any signed-in caller) may print its 案卷.
  app.get('/cases/:caseId/dossier', async (c) => {
    const query = queryOf(c, ['locale']);
    const locale = choiceParameter(query, 'locale', ['zh-CN', 'en'] as const) ?? 'zh-CN';
    const caseId = caseIdOf(c);
    const view = await engine.get(caseId);
    // An open case has no 案卷 yet: the request is fine, the case is not there yet (409, as RFC 9110 puts it).
    if (view.output === undefined) {
      throw httpProblem(409, 'INVALID_INPUT', `case "${caseId}" is still open (state ${view.state}): only a closed case has a dossier`, { caseId, state: view.state, status: view.status }, {}, `输入有误：案件仍在办理中（${view.stateLabel.zh}），办结后才有案卷`);
    }
    const page = renderDossierHtml(view.output, { locale, history: await engine.history(caseId) });
    return c.body(page, 200, { 'content-type': 'text/html; charset=utf-8', etag: etagOf(view.version) });
  });

  app.get('/cases/:caseId/audit', async (c) => {
    queryOf(c, []);
    return c.json(await engine.verifyAudit(caseIdOf(c)));
  });

  app.get('/cases/:caseId/allowed-events', async (c) => {
    queryOf(c, []);
    return c.json(await engine.allowedEvents(caseIdOf(c), c.get('actor')));
  });
}
