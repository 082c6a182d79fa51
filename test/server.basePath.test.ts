/**
 * `createServer({ basePath })`: the service mounted below the root of a server of one's own —
 * its routes, the public paths, the `Location` headers and the OpenAPI document's `servers`.
 */
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { createCaseEngine, memoryBlobStore } from 'linked-enforcement';
import { createServer, developmentAuthenticator, type CaseServer } from '../src/server/index.js';
import { thrown } from './_lib/errors.js';

const opening = { caseId: 'c1', title: '城东农贸市场安全综合执法', itemNo: 1, origin: 'application', applicant: 'market-regulation' };
const market = { 'x-actor-unit': 'market-regulation' };
const servers: CaseServer[] = [];

function mounted(basePath?: string): { server: CaseServer; fetch: (path: string, init?: RequestInit) => Promise<Response> } {
  const server = createServer({
    engine: createCaseEngine({ blobs: memoryBlobStore() }),
    authenticate: developmentAuthenticator({ warn: () => {} }),
    onError: () => {},
    ...(basePath === undefined ? {} : { basePath }),
  });
  servers.push(server);
  // A server of one's own: its page at /, the case service beside it.
  const parent = new Hono();
  parent.get('/', (c) => c.text('county portal'));
  parent.route('/', server.app);
  return { server, fetch: async (path, init) => parent.fetch(new Request(`http://le.test${path}`, init)) };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('createServer({ basePath })', () => {
  it('serves every route under the path, public ones without signing in, and leaves the rest of the server alone', async () => {
    const { fetch } = mounted('/api');
    expect(await (await fetch('/')).text()).toBe('county portal');
    expect((await fetch('/api/health')).status).toBe(200);
    expect((await fetch('/api/catalog')).status).toBe(200);
    expect((await fetch('/api/cases')).status).toBe(401);
    expect((await fetch('/api/cases', { headers: market })).status).toBe(200);
    // The routes are not at the root any more (the parent's own 404 answers there).
    expect((await fetch('/health')).status).toBe(404);
    expect((await fetch('/cases', { headers: market })).status).toBe(404);
    // Handed the requests whole (server.fetch), an unknown route under the path is the service's problem, with the whole path.
    const { server } = mounted('/api');
    expect(await (await server.fetch(new Request('http://le.test/api/nothing', { headers: market }))).json()).toMatchObject({ code: 'INVALID_INPUT', instance: '/api/nothing' });
    expect(await (await server.fetch(new Request('http://le.test/api/cases/c9', { headers: market }))).json()).toMatchObject({ code: 'CASE_NOT_FOUND', instance: '/api/cases/c9' });
    // A path that only starts like the base path is not under it.
    expect((await fetch('/apix/health')).status).toBe(404);
  });

  it('puts the path in Location headers: a created case and an uploaded document are read back where they say', async () => {
    const { fetch } = mounted('/county/api');
    const created = await fetch('/county/api/cases', { method: 'POST', headers: { ...market, 'content-type': 'application/json' }, body: JSON.stringify(opening) });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/county/api/cases/c1');
    expect(await (await fetch(created.headers.get('location')!, { headers: market })).json()).toMatchObject({ caseId: 'c1', version: 1 });

    const bytes = new TextEncoder().encode('%PDF-1.7 检查记录');
    const uploaded = await fetch('/county/api/documents?name=a.pdf', { method: 'POST', headers: { ...market, 'content-type': 'application/pdf' }, body: bytes });
    expect(uploaded.status).toBe(201);
    const location = uploaded.headers.get('location')!;
    expect(location).toMatch(/^\/county\/api\/documents\/[0-9a-f]{64}\?mediaType=application%2Fpdf&size=\d+&name=a\.pdf$/);
    expect(new Uint8Array(await (await fetch(location, { headers: market })).arrayBuffer())).toEqual(bytes);
  });

  it('names the path as the OpenAPI document’s server; without it the document and the headers are as before', async () => {
    const under = mounted('/api');
    expect(under.server.openApi.servers).toEqual([{ url: '/api' }]);
    expect(await (await under.fetch('/api/openapi.json')).json()).toMatchObject({ servers: [{ url: '/api' }] });
    const root = mounted();
    expect(root.server.openApi).not.toHaveProperty('servers');
    const created = await root.fetch('/cases', { method: 'POST', headers: { ...market, 'content-type': 'application/json' }, body: JSON.stringify(opening) });
    expect(created.headers.get('location')).toBe('/cases/c1');
  });

  it('refuses a path it could not serve: INVALID_INPUT naming options.basePath', () => {
    for (const basePath of ['/', 'api', '/api/', '/a//b', '/a/../b', '/./api', '/a b', '/api?x=1', '/案件', 42]) {
      expect(thrown(() => createServer({ engine: createCaseEngine(), authenticate: developmentAuthenticator({ warn: () => {} }), basePath: basePath as string })), String(basePath)).toMatchObject({
        code: 'INVALID_INPUT',
        context: { argument: 'options.basePath' },
      });
    }
  });
});
