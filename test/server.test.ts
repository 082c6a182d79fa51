/**
 * `linked-enforcement/server` over HTTP (in process, through its Fetch handler, and on a socket
 * for the notification stream): every response checked against the server's own /openapi.json,
 * the concurrency, idempotency and malformed-input behaviours, authentication, and a fuzz that
 * finds no 500.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCaseEngine, LinkedEnforcementError, memoryBlobStore, memoryStore, type BlobStore, type CaseStore, type NotificationHandler } from 'linked-enforcement';
import { NotificationHub } from '../src/server/routes/notifications.js';
import { createServer, developmentAuthenticator, jwtAuthenticator, type CaseServer } from '../src/server/index.js';
import { JWT_SECRET, tokenFor, walkers, walkToArchive, type Caller } from './_lib/httpWalk.js';

const addFormats = ((addFormatsPlugin as { default?: unknown }).default ?? addFormatsPlugin) as typeof import('ajv-formats').default;
type Json = Record<string, unknown>;

/** A server on a memory store with a memory blob store (`blobs: null`: none, so no documents). */
function newServer(store: CaseStore = memoryStore(), blobs: BlobStore | null = memoryBlobStore()): CaseServer {
  return createServer({ engine: createCaseEngine({ store, ...(blobs === null ? {} : { blobs }) }), authenticate: jwtAuthenticator({ secret: JWT_SECRET, issuer: 'siyang-sso' }), onError: () => {} });
}

let server: CaseServer;
let openApi: Json;
const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
addFormats(ajv);
const validators = new Map<string, ValidateFunction>();
/** `METHOD template status` of every response checked. */
const checked = new Set<string>();

beforeAll(async () => {
  server = newServer();
  openApi = (await (await server.fetch(new Request('http://le.test/openapi.json'))).json()) as Json;
  // Each component as a schema of its own: the package's JSON Schema documents under their $id,
  // the others under an id made up here; a `#/components/schemas/X` reference points at that id.
  const components = (openApi.components as { schemas: Record<string, Json> }).schemas;
  for (const [name, schema] of Object.entries(components)) componentIds.set(name, typeof schema.$id === 'string' ? schema.$id : `https://le.test/components/${name}`);
  for (const [name, schema] of Object.entries(components)) ajv.addSchema({ ...(withComponentIds(schema) as Json), $id: componentIds.get(name) });
});

const componentIds = new Map<string, string>();
/** The schema with its `#/components/schemas/X` references pointing at X's id. */
function withComponentIds(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema), (key, value: unknown) =>
    key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/') ? componentIds.get(value.slice('#/components/schemas/'.length)) : value,
  );
}

/** The path template of the document that `path` matches. */
function templateOf(path: string): string | undefined {
  return Object.keys(openApi.paths as Json).find((template) => new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+').replace(/\./g, '\\.')}$`).test(path));
}

/** Checks a response against the document: the route, the status and the body's schema must be there. */
async function checkedResponse(method: string, path: string, response: Response): Promise<{ status: number; body: unknown; headers: Headers }> {
  const text = await response.text();
  const template = templateOf(new URL(path, 'http://le.test').pathname);
  const key = `${method} ${template} ${response.status}`;
  const operation = template === undefined ? undefined : ((openApi.paths as Record<string, Json>)[template]![method.toLowerCase()] as Json | undefined);
  if (operation !== undefined) {
    const answer = (operation.responses as Record<string, Json>)[String(response.status)];
    expect(answer, `${key} is not in /openapi.json`).toBeDefined();
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!;
    if (text !== '') {
      // A media type range (`*/*`: a document served as its own type) covers every type.
      const content = answer!.content as Record<string, { schema: Json }> | undefined;
      const media = content?.[type] ?? content?.[`${type.split('/')[0]}/*`] ?? content?.['*/*'];
      expect(media, `${key}: ${type} is not documented`).toBeDefined();
      let validate = validators.get(`${key} ${type}`);
      if (validate === undefined) {
        validate = ajv.compile(withComponentIds(media!.schema) as Json);
        validators.set(`${key} ${type}`, validate);
      }
      const body = type.endsWith('json') ? (JSON.parse(text) as unknown) : text;
      expect(validate(body) ? [] : validate.errors, `${key}: ${text.slice(0, 300)}`).toEqual([]);
    }
    checked.add(key);
  }
  const body = text === '' ? undefined : (response.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as unknown) : text;
  return { status: response.status, body, headers: response.headers };
}

/** A request through the server's Fetch handler as `who` (token claims; undefined: no token). */
async function request(method: string, path: string, who?: Json, body?: unknown, headers: Record<string, string> = {}, on: CaseServer = server, bytes?: Uint8Array) {
  const init: RequestInit = { method, headers: { ...(who === undefined ? {} : { authorization: `Bearer ${await tokenFor(who)}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  if (bytes !== undefined) init.body = bytes;
  return checkedResponse(method, path, await on.fetch(new Request(`http://le.test${path}`, init)));
}

const call: Caller = async (method, path, who, body, headers) => {
  const { status, body: answer, headers: responseHeaders } = await request(method, path, who, body, headers);
  return new Response(answer === undefined ? null : JSON.stringify(answer), { status, headers: responseHeaders });
};

const opening = (caseId: string) => ({ caseId, title: '城东农贸市场安全综合执法', itemNo: 1, origin: 'application', applicant: 'market-regulation' });

describe('the routes answer as /openapi.json says', () => {
  it('drives a case to the archive, each step pinned with If-Match, and reads it every way', async () => {
    const archived = await walkToArchive(call, 'walk-1');
    expect(archived).toMatchObject({ state: 'archived', status: 'done', version: 16, output: { outcome: 'archived' } });
    const got = await request('GET', '/cases/walk-1', walkers.center);
    expect(got).toMatchObject({ status: 200, body: { version: 16 } });
    expect(got.headers.get('etag')).toBe('"16"');
    expect((await request('GET', '/cases/walk-1', walkers.center, undefined, { 'if-none-match': '"16"' })).status).toBe(304);
    expect((await request('GET', '/cases/walk-1', walkers.center, undefined, { 'if-none-match': '"15"' })).status).toBe(200);
    const history = await request('GET', '/cases/walk-1/history', walkers.center);
    expect((history.body as Json[]).map((entry) => entry.type).slice(0, 3)).toEqual(['case.open', 'review.pass', 'legal.approve']);
    expect(await request('GET', '/cases/walk-1/audit', walkers.center)).toMatchObject({ status: 200, body: { ok: true, caseId: 'walk-1' } });
    expect(await request('GET', '/cases/walk-1/allowed-events', walkers.center)).toMatchObject({ status: 200, body: [] });
    const page = await request('GET', '/cases?state=archived&unit=market-regulation&overdue=false&origin=application&itemNo=1&limit=10', walkers.center);
    expect(page).toMatchObject({ status: 200, body: { items: [{ caseId: 'walk-1' }], nextCursor: null, failed: [] } });
  }, 30_000);

  it('pages the list with the cursor', async () => {
    for (const caseId of ['page-a', 'page-b', 'page-c']) expect((await request('POST', '/cases', walkers.market, opening(caseId))).status).toBe(201);
    const first = await request('GET', '/cases?state=preliminaryReview&limit=2', walkers.center);
    const { items, nextCursor } = first.body as { items: Json[]; nextCursor: string };
    expect(items).toHaveLength(2);
    const second = await request('GET', `/cases?state=preliminaryReview&limit=2&cursor=${encodeURIComponent(nextCursor)}`, walkers.center);
    const ids = [...items, ...(second.body as { items: Json[] }).items].map((view) => view.caseId);
    expect(new Set(ids)).toEqual(new Set(['page-a', 'page-b', 'page-c']));
  });

  it('prints the 案卷 of a closed case and highlights a case on the diagram', async () => {
    if ((await request('GET', '/cases/walk-1', walkers.center)).status === 404) await walkToArchive(call, 'walk-1');
    const page = await request('GET', '/cases/walk-1/dossier', walkers.market);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('etag')).toBe('"16"');
    expect(page.body).toMatch(/^<!DOCTYPE html>/);
    expect(page.body).toContain('城东农贸市场安全综合执法');
    expect(page.body).toContain('流转记录');
    const english = await request('GET', '/cases/walk-1/dossier?locale=en', walkers.center);
    expect(english.status).toBe(200);
    expect(english.body).toContain('lang="en"');
    expect(await request('GET', '/cases/walk-1/dossier?locale=fr', walkers.center)).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT', context: { parameter: 'locale' } } });
    expect(await request('GET', '/cases/walk-1/dossier?format=pdf', walkers.center)).toMatchObject({ status: 400 });
    expect(await request('GET', '/cases/walk-1/dossier')).toMatchObject({ status: 401 });
    expect(await request('POST', '/cases', walkers.market, opening('dossier-open'))).toMatchObject({ status: 201 });
    expect(await request('GET', '/cases/dossier-open/dossier', walkers.center)).toMatchObject({ status: 409, body: { code: 'INVALID_INPUT', context: { caseId: 'dossier-open', state: 'preliminaryReview', status: 'active' } } });
    for (const hostile of ['no-such-case', '%2E%2E', encodeURIComponent('<script>'), 'x'.repeat(3000), '%00']) {
      const refused = await request('GET', `/cases/${hostile}/dossier`, walkers.center);
      expect([400, 404], `${hostile.slice(0, 20)}: ${refused.status}`).toContain(refused.status);
      const diagram = await request('GET', `/diagram?format=mermaid&case=${hostile}`, walkers.center);
      expect([400, 404], `${hostile.slice(0, 20)}: ${diagram.status}`).toContain(diagram.status);
    }
    expect(await request('GET', '/cases/no-such-case/dossier', walkers.center)).toMatchObject({ status: 404, body: { code: 'CASE_NOT_FOUND' } });
    expect(await request('GET', '/diagram?case=no-such-case', walkers.center)).toMatchObject({ status: 404, body: { code: 'CASE_NOT_FOUND' } });
    // A case's diagram shows that case's state: signed in, as GET /cases/{caseId}.
    expect(await request('GET', '/diagram?case=walk-1')).toMatchObject({ status: 401 });
    const open = await request('GET', '/diagram?format=mermaid&case=dossier-open', walkers.market);
    expect(open.status).toBe(200);
    const currentLine = (text: string) => text.trimEnd().split('\n').at(-1)!;
    const plain = await request('GET', '/diagram?format=mermaid');
    expect(plain.body).not.toMatch(/class \S+ current/);
    expect(currentLine(open.body as string)).toMatch(/^\s*class \S+ current$/);
    const archived = await request('GET', '/diagram?format=mermaid&case=walk-1', walkers.market);
    expect(currentLine(archived.body as string)).not.toBe(currentLine(open.body as string));
    expect(archived.body).toMatch(/class \S+(,\S+)* visited/);
    const json = await request('GET', '/diagram?case=walk-1', walkers.market);
    expect(json).toMatchObject({ status: 200, body: { nodes: expect.any(Array), highlight: { caseId: 'walk-1', current: 'archived', visited: expect.arrayContaining(['preliminaryReview', 'legalReview']) } } });
    expect((await request('GET', '/diagram')).body).not.toHaveProperty('highlight');
  }, 30_000);

  it('answers the reference routes and health without a token', async () => {
    expect(await request('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok', store: 'memory', documents: true } });
    expect(await request('GET', '/calendar/add?date=2026-09-30&n=5')).toMatchObject({ status: 200, body: { date: '2026-10-13' } });
    expect(await request('GET', '/calendar/between?from=2026-09-30&to=2026-10-13')).toMatchObject({ status: 200, body: { workingDays: 5 } });
    expect(await request('GET', '/calendar/days/2026-10-10')).toMatchObject({ status: 200, body: { working: true, kind: 'makeupWorkday' } });
    expect(await request('GET', '/calendar/days/2026-02-30')).toMatchObject({ status: 400, body: { code: 'INVALID_DATE' } });
    expect(await request('GET', '/calendar/add?date=2026-09-30&n=999999')).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    expect(await request('GET', '/calendar/add?date=2099-12-30&n=3650')).toMatchObject({ status: 422, body: { code: 'OUT_OF_COVERAGE' } });
    const catalog = await request('GET', '/catalog');
    expect((catalog.body as { items: unknown[] }).items).toHaveLength(39);
    const mermaid = await request('GET', '/diagram?format=mermaid&lang=en');
    expect(mermaid.headers.get('content-type')).toContain('text/vnd.mermaid');
    expect(mermaid.body).toMatch(/^stateDiagram-v2/);
    expect(await request('GET', '/diagram')).toMatchObject({ status: 200, body: { nodes: expect.any(Array), edges: expect.any(Array) } });
    expect(await request('GET', '/openapi.json')).toMatchObject({ status: 200, body: { openapi: '3.1.0' } });
  });

  it('pages the caller’s 待办 and 已办 by following nextCursor', async () => {
    const own = newServer();
    for (const caseId of ['work-a', 'work-b', 'work-c']) expect((await request('POST', '/cases', walkers.market, opening(caseId), {}, own)).status).toBe(201);
    await request('POST', '/cases/work-a/events', walkers.center, { type: 'review.pass' }, {}, own);
    /** Every item of the list, one `limit`-sized page after another. */
    const follow = async (path: string, who: Json, limit: number) => {
      const pages: Json[][] = [];
      let cursor: string | null = null;
      do {
        const page = await request('GET', `${path}?limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, who, undefined, {}, own);
        expect(page.status).toBe(200);
        const body = page.body as { items: Json[]; nextCursor: string | null; failed: unknown[] };
        expect(body.failed).toEqual([]);
        pages.push(body.items);
        cursor = body.nextCursor;
      } while (cursor !== null && pages.length < 10);
      return pages;
    };
    // 初审 of work-b and work-c waits on the center; work-a went on to 法制审核 (司法局's 待办).
    const centerInbox = await follow('/inbox', walkers.center, 1);
    expect(centerInbox.map((page) => page.length)).toEqual([1, 1]);
    expect(new Set(centerInbox.flat().map((item) => item.caseId))).toEqual(new Set(['work-b', 'work-c']));
    expect(centerInbox.flat()[0]).toMatchObject({ state: 'preliminaryReview', events: expect.arrayContaining(['review.pass', 'review.reject']) });
    expect((await follow('/inbox', walkers.justice, 20)).flat()).toMatchObject([{ caseId: 'work-a', state: 'legalReview' }]);
    const marketDone = await follow('/done', walkers.market, 2);
    expect(marketDone.map((page) => page.length)).toEqual([2, 1]);
    expect(new Set(marketDone.flat().map((item) => item.caseId))).toEqual(new Set(['work-a', 'work-b', 'work-c']));
    expect((await follow('/done', walkers.center, 20)).flat()).toMatchObject([{ caseId: 'work-a', status: 'active', lastActedAt: expect.any(String) }]);
    expect(await request('GET', '/inbox', walkers.inCharge, undefined, {}, own)).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
  });

  it('gives the statistics to the command center and the county leaders, as JSON, CSV or XLSX', async () => {
    const own = newServer();
    for (const caseId of ['stat-a', 'stat-b']) await request('POST', '/cases', walkers.market, opening(caseId), {}, own);
    await request('POST', '/cases/stat-b/events', walkers.center, { type: 'review.reject', reason: '不属于联动执法事项' }, {}, own);
    const period = 'from=2000-01-01&to=2099-12-31';
    const report = await request('GET', `/stats?${period}&by=leadUnit`, walkers.center, undefined, {}, own);
    expect(report).toMatchObject({ status: 200, body: { by: 'leadUnit', rows: [{ key: 'market-regulation', label: '市场监管局', opened: 2, rejected: 1, inProgress: 1 }], total: { opened: 2 }, failed: [] } });
    expect(await request('GET', `/stats?${period}&by=month&format=json`, walkers.inCharge, undefined, {}, own)).toMatchObject({ status: 200, body: { by: 'month', total: { opened: 2 } } });
    expect(await request('GET', `/stats?${period}&by=origin`, { leader: { name: '王县长', post: 'principal' } }, undefined, {}, own)).toMatchObject({ status: 200, body: { rows: [{ key: 'application', opened: 2 }] } });
    /** The export checked against the document, and its bytes as sent. */
    const download = async (query: string) => {
      const response = await own.fetch(new Request(`http://le.test/stats?${query}`, { headers: { authorization: `Bearer ${await tokenFor(walkers.center)}` } }));
      const bytes = new Uint8Array(await response.clone().arrayBuffer());
      return { ...(await checkedResponse('GET', '/stats', response)), bytes };
    };
    const csv = await download(`${period}&by=leadUnit&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="stats_2000-01-01_2099-12-31_leadUnit.csv"; filename*=UTF-8''${encodeURIComponent('统计报表_2000-01-01_2099-12-31_leadUnit.csv')}`);
    expect([...csv.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the byte-order mark Excel needs to read UTF-8
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.bytes).split('\r\n');
    expect(lines[0]).toMatch(/^\uFEFF牵头单位,受理,/);
    expect(lines[1]).toMatch(/^市场监管局,2,0,1,/);
    const xlsx = await download(`${period}&by=item&format=xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toMatch(/^attachment; filename="stats_2000-01-01_2099-12-31_item\.xlsx"/);
    expect([...xlsx.bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]); // a ZIP, as every XLSX is
    // 附件2 gives the center "执法结果的汇总存档"; another unit would see every unit's cases: refused.
    for (const who of [walkers.market, walkers.justice]) {
      const refused = await request('GET', `/stats?${period}&by=leadUnit&format=csv`, who, undefined, {}, own);
      expect(refused).toMatchObject({ status: 403, body: { code: 'NOT_ALLOWED', context: { reason: 'statisticsReader', commandCenterUnit: 'command-center' }, detailZh: '不允许此操作：统计报表仅供县综合指挥调度中心和县领导查看' } });
    }
  });

  it('lets a county with another center unit name it', async () => {
    const own = createServer({ engine: createCaseEngine(), authenticate: jwtAuthenticator({ secret: JWT_SECRET, issuer: 'siyang-sso' }), commandCenterUnit: 'justice' });
    expect((await request('GET', '/stats?from=2026-01-01&to=2026-12-31&by=item', walkers.justice, undefined, {}, own)).status).toBe(200);
    expect((await request('GET', '/stats?from=2026-01-01&to=2026-12-31&by=item', walkers.center, undefined, {}, own)).status).toBe(403);
    expect(() => createServer({ engine: createCaseEngine(), authenticate: jwtAuthenticator({ secret: JWT_SECRET }), commandCenterUnit: ' ' })).toThrow(/commandCenterUnit/);
  });

  it('stores an uploaded document and gives it back with its type and name (法律文书)', async () => {
    const own = newServer();
    const bytes = new TextEncoder().encode('%PDF-1.7 现场检查记录');
    const name = '现场检查记录 "1".pdf';
    const uploaded = await request('POST', `/documents?name=${encodeURIComponent(name)}`, walkers.market, undefined, { 'content-type': 'Application/PDF; x=1' }, own, bytes);
    expect(uploaded).toMatchObject({ status: 201, body: { name, size: bytes.length, mediaType: 'application/pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const ref = uploaded.body as { sha256: string };
    const location = uploaded.headers.get('location')!;
    expect(location).toBe(`/documents/${ref.sha256}?mediaType=application%2Fpdf&size=${bytes.length}&name=${new URLSearchParams({ name }).toString().slice(5)}`);
    // Any signed-in caller reads it back, as any signed-in caller reads the case that refers to it.
    const read = await own.fetch(new Request(`http://le.test${location}`, { headers: { authorization: `Bearer ${await tokenFor(walkers.justice)}` } }));
    const got = new Uint8Array(await read.clone().arrayBuffer());
    expect(await checkedResponse('GET', location, read)).toMatchObject({ status: 200 });
    expect(got).toEqual(bytes);
    expect(read.headers.get('content-type')).toBe('application/pdf');
    expect(read.headers.get('content-disposition')).toBe(`attachment; filename="______ _1_.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`);
    expect(read.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await request('GET', location)).toMatchObject({ status: 401 });
    // Without a name the hash names the download; a reference of another size or type is no file of the store.
    const plain = await own.fetch(new Request(`http://le.test/documents/${ref.sha256}?mediaType=application/pdf&size=${bytes.length}`, { headers: { authorization: `Bearer ${await tokenFor(walkers.center)}` } }));
    expect(plain.headers.get('content-disposition')).toContain(`filename="${ref.sha256}"`);
    for (const query of [`mediaType=application/pdf&size=${bytes.length + 1}`, `mediaType=image/png&size=${bytes.length}`]) {
      expect(await request('GET', `/documents/${ref.sha256}?${query}`, walkers.center, undefined, {}, own)).toMatchObject({ status: 404, body: { code: 'BLOB_NOT_FOUND' } });
    }
    expect(await request('GET', `/documents/${'0'.repeat(64)}?mediaType=application/pdf&size=3&name=x.pdf`, walkers.center, undefined, {}, own)).toMatchObject({ status: 404, body: { code: 'BLOB_NOT_FOUND', detailZh: expect.stringContaining('x.pdf') } });
    for (const path of [`/documents/${ref.sha256.toUpperCase()}?mediaType=application/pdf&size=3`, `/documents/${ref.sha256}?size=3`, `/documents/${ref.sha256}?mediaType=application/pdf&size=0`, `/documents/${ref.sha256}?mediaType=application/pdf&size=1e3`, `/documents/${ref.sha256}?mediaType=PDF&size=3`, `/documents/${ref.sha256}?mediaType=application/pdf&size=3&name=a%2Fb`]) {
      expect(await request('GET', path, walkers.center, undefined, {}, own), path).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    }
  });

  it('refuses a document of another type (415), over the store’s limit (413), without a good name or bytes (400)', async () => {
    const own = newServer(memoryStore(), memoryBlobStore({ maxBytes: 16 }));
    const upload = (query: string, bytes: Uint8Array, headers: Record<string, string> = { 'content-type': 'application/pdf' }) => request('POST', `/documents${query}`, walkers.market, undefined, headers, own, bytes);
    const pdf = new TextEncoder().encode('%PDF-1.7');
    const html = await upload('?name=a.html', new TextEncoder().encode('<script>'), { 'content-type': 'text/html; charset=utf-8' });
    expect(html).toMatchObject({ status: 415, body: { code: 'INVALID_INPUT', context: { mediaType: 'text/html', accepted: expect.arrayContaining(['application/pdf', 'application/ofd']) } } });
    expect(await upload('?name=a.pdf', pdf, {})).toMatchObject({ status: 415, body: { code: 'INVALID_INPUT' } });
    expect(await upload('?name=big.pdf', new Uint8Array(17).fill(0x25))).toMatchObject({ status: 413, body: { code: 'INVALID_INPUT', context: { maxBytes: 16 }, detailZh: '输入有误：文件超过 16 字节的上限' } });
    // A body streamed without Content-Length is cut off at the limit too.
    const streamed = new ReadableStream<Uint8Array>({ start: (controller) => { for (let chunk = 0; chunk < 4; chunk++) controller.enqueue(new Uint8Array(8).fill(0x25)); controller.close(); } });
    const cut = await own.fetch(new Request('http://le.test/documents?name=s.pdf', { method: 'POST', body: streamed, duplex: 'half', headers: { 'content-type': 'application/pdf', authorization: `Bearer ${await tokenFor(walkers.market)}` } } as RequestInit));
    expect(await checkedResponse('POST', '/documents', cut)).toMatchObject({ status: 413 });
    for (const query of ['', '?name=', '?name=a%2Fb.pdf', `?name=${'x'.repeat(201)}`, '?name=a.pdf&name=b.pdf', '?name=a.pdf&size=3']) {
      expect(await upload(query, pdf), query).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    }
    expect(await upload('?name=empty.pdf', new Uint8Array(0))).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT', detailZh: '输入有误：上传的文件为空' } });
    expect(await request('POST', '/documents?name=a.pdf', undefined, undefined, { 'content-type': 'application/pdf' }, own, pdf)).toMatchObject({ status: 401 });
  });

  it('answers 404 for documents when the engine has no blob store', async () => {
    const bare = newServer(memoryStore(), null);
    expect(await request('GET', '/health', undefined, undefined, {}, bare)).toMatchObject({ body: { documents: false } });
    const upload = await request('POST', '/documents?name=a.pdf', walkers.market, undefined, { 'content-type': 'application/pdf' }, bare, new TextEncoder().encode('%PDF'));
    expect(upload).toMatchObject({ status: 404, body: { code: 'INVALID_INPUT', context: { reason: 'noBlobStore' } } });
    expect(await request('GET', `/documents/${'a'.repeat(64)}?mediaType=application/pdf&size=4`, walkers.market, undefined, {}, bare)).toMatchObject({ status: 404, body: { context: { reason: 'noBlobStore' } } });
  });

  it('accepts an event carrying an uploaded document and refuses one carrying a document never uploaded', async () => {
    const own = newServer();
    await request('POST', '/cases', walkers.market, opening('doc-1'), {}, own);
    await request('POST', '/cases/doc-1/events', walkers.center, { type: 'review.pass' }, {}, own);
    await request('POST', '/cases/doc-1/events', walkers.justice, { type: 'legal.approve' }, {}, own);
    await request('POST', '/cases/doc-1/events', walkers.inCharge, { type: 'leader.approve' }, {}, own);
    const dispatched = await request('POST', '/cases/doc-1/events', walkers.center, { type: 'task.dispatch', place: '城东农贸市场', startAt: new Date(Date.now() + 60_000).toISOString(), cooperating: ['public-security'] }, {}, own);
    expect(dispatched).toMatchObject({ status: 200 });
    const uploaded = await request('POST', `/documents?name=${encodeURIComponent('联动执法工作方案.pdf')}`, walkers.market, undefined, { 'content-type': 'application/pdf' }, own, new TextEncoder().encode('%PDF-1.7 工作方案'));
    const ref = uploaded.body as Json;
    const plan = (documents: Json[]) => ({
      type: 'plan.submit',
      plan: { division: [{ unit: 'market-regulation', duty: '食品安全检查' }, { unit: 'public-security', duty: '维持现场秩序' }], content: '检查食品安全和市场秩序', methods: '联合检查', steps: '部署、检查、复查', timeLimits: '一天内完成', contingency: '遇冲突由公安局现场处置', documents },
    });
    const unknown = { ...ref, sha256: 'f'.repeat(64) };
    const refused = await request('POST', '/cases/doc-1/events', walkers.market, plan([ref, unknown]), {}, own);
    expect(refused).toMatchObject({ status: 422, body: { code: 'INVALID_EVENT', issues: [{ path: ['event', 'plan', 'documents', 1] }] } });
    const accepted = await request('POST', '/cases/doc-1/events', walkers.market, plan([ref]), {}, own);
    expect(accepted).toMatchObject({ status: 200, body: { version: 6 } });
    expect(await request('GET', '/cases/doc-1/audit', walkers.center, undefined, {}, own)).toMatchObject({ body: { ok: true } });
  });

  it('every documented route was answered by the tests of this file', () => {
    const documented = Object.entries(openApi.paths as Record<string, Json>).flatMap(([template, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${template}`));
    const answered = new Set([...checked].map((key) => key.split(' ').slice(0, 2).join(' ')));
    // The notification stream is checked on a socket below (its body never ends).
    expect(documented.filter((route) => !answered.has(route) && route !== 'GET /notifications/stream')).toEqual([]);
  });
});

describe('concurrency and idempotency over HTTP', () => {
  it('lets one of eight writers pinned to the same version through; the others get 412 with both versions', async () => {
    await request('POST', '/cases', walkers.market, opening('race-1'));
    await request('POST', '/cases/race-1/events', walkers.center, { type: 'review.pass' });
    // 法制审核: the center may urge 司法局 any number of times, so every writer's event is allowed.
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, writer) => request('POST', '/cases/race-1/events', walkers.center, { type: 'case.urge', unit: 'justice', message: `w${writer}` }, { 'if-match': '"2"' })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 412, 412, 412, 412, 412, 412, 412]);
    const refused = answers.find((answer) => answer.status === 412)!;
    expect(refused.body).toMatchObject({ code: 'VERSION_CONFLICT', status: 412, context: { expectedVersion: 2, actualVersion: 3 }, title: '案件已被他人更新' });
    expect((await request('GET', '/cases/race-1', walkers.center)).body).toMatchObject({ version: 3 });
  });

  it('without If-Match, concurrent writers all land, one version each', async () => {
    await request('POST', '/cases', walkers.market, opening('race-2'));
    await request('POST', '/cases/race-2/events', walkers.center, { type: 'review.pass' });
    const answers = await Promise.all(Array.from({ length: 4 }, (_, writer) => request('POST', '/cases/race-2/events', walkers.center, { type: 'case.urge', unit: 'justice', message: `w${writer}` })));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect((await request('GET', '/cases/race-2', walkers.center)).body).toMatchObject({ version: 6 });
  });

  it('answers a retry with the same Idempotency-Key with the first result, and refuses the key for another event', async () => {
    await request('POST', '/cases', walkers.market, opening('idem-1'));
    const event = { type: 'review.pass', opinion: '符合' };
    const first = await request('POST', '/cases/idem-1/events', walkers.center, event, { 'idempotency-key': 'req-42' });
    const again = await request('POST', '/cases/idem-1/events', walkers.center, event, { 'idempotency-key': 'req-42' });
    expect(first.status).toBe(200);
    expect(again).toMatchObject({ status: 200, body: first.body });
    expect((await request('GET', '/cases/idem-1', walkers.center)).body).toMatchObject({ version: 2 });
    const reused = await request('POST', '/cases/idem-1/events', walkers.center, { type: 'case.urge', unit: 'justice' }, { 'idempotency-key': 'req-42' });
    expect(reused).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
  });
});

describe('refusals are problems, never 500', () => {
  beforeAll(async () => {
    await request('POST', '/cases', walkers.market, opening('bad-1'));
  });
  const big = `{"type":"case.urge","message":"${'x'.repeat(1024 * 1024)}"}`;
  const cases: [string, () => ReturnType<typeof request>, number, string][] = [
    ['no token', () => request('GET', '/cases'), 401, 'NOT_ALLOWED'],
    ['a body naming by', () => request('POST', '/cases/bad-1/events', walkers.center, { type: 'review.pass', by: { unit: 'command-center' } }), 400, 'INVALID_INPUT'],
    ['malformed JSON', () => request('POST', '/cases/bad-1/events', walkers.center, '{"type": "review.pass"'), 400, 'INVALID_INPUT'],
    ['a JSON array', () => request('POST', '/cases/bad-1/events', walkers.center, '[1]'), 400, 'INVALID_INPUT'],
    ['an empty body', () => request('POST', '/cases/bad-1/events', walkers.center, '', { 'content-type': 'application/json' }), 400, 'INVALID_INPUT'],
    ['a body that is not UTF-8', () => request('POST', '/cases/bad-1/events', walkers.center, undefined, { 'content-type': 'application/json' }, server, new Uint8Array([0x7b, 0xff, 0x7d])), 400, 'INVALID_INPUT'],
    ['a body that is not JSON', () => request('POST', '/cases/bad-1/events', walkers.center, 'type=review.pass', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'INVALID_INPUT'],
    ['an oversized body', () => request('POST', '/cases/bad-1/events', walkers.center, big), 413, 'INVALID_INPUT'],
    ['a broken URL encoding in the path', () => request('GET', '/cases/%E0%A4%A', walkers.center), 400, 'INVALID_INPUT'],
    ['a broken URL encoding in the query', () => request('GET', '/cases?unit=%E0%A4%A', walkers.center), 400, 'INVALID_INPUT'],
    ['overdue=yes', () => request('GET', '/cases?overdue=yes', walkers.center), 400, 'INVALID_INPUT'],
    ['an unknown query parameter', () => request('GET', '/cases?overdeu=true', walkers.center), 400, 'INVALID_INPUT'],
    ['a repeated query parameter', () => request('GET', '/cases?unit=justice&unit=health', walkers.center), 400, 'INVALID_INPUT'],
    ['limit=0', () => request('GET', '/cases?limit=0', walkers.center), 400, 'INVALID_INPUT'],
    ['itemNo=1e3', () => request('GET', '/cases?itemNo=1e3', walkers.center), 400, 'INVALID_INPUT'],
    ['an unknown state', () => request('GET', '/cases?state=flying', walkers.center), 400, 'INVALID_INPUT'],
    ['a cursor of nothing', () => request('GET', '/cases?cursor=abc', walkers.center), 400, 'INVALID_INPUT'],
    ['If-Match that is no version', () => request('POST', '/cases/bad-1/events', walkers.center, { type: 'review.pass' }, { 'if-match': 'W/"x", "y"' }), 400, 'INVALID_INPUT'],
    ['a stale If-Match', () => request('POST', '/cases/bad-1/events', walkers.center, { type: 'review.pass' }, { 'if-match': '"7"' }), 412, 'VERSION_CONFLICT'],
    ['an event the unit may not send', () => request('POST', '/cases/bad-1/events', walkers.justice, { type: 'review.pass' }), 403, 'NOT_ALLOWED'],
    ['a malformed event', () => request('POST', '/cases/bad-1/events', walkers.center, { type: 'review.reject', reason: '' }), 422, 'INVALID_EVENT'],
    ['an unknown case', () => request('GET', '/cases/nobody', walkers.center), 404, 'CASE_NOT_FOUND'],
    ['an existing case id', () => request('POST', '/cases', walkers.market, opening('bad-1')), 409, 'VERSION_CONFLICT'],
    ['an unknown route', () => request('GET', '/nowhere', walkers.center), 404, 'INVALID_INPUT'],
    ['a query on a route without one', () => request('GET', '/cases/bad-1?x=1', walkers.center), 400, 'INVALID_INPUT'],
    ['/inbox without a token', () => request('GET', '/inbox'), 401, 'NOT_ALLOWED'],
    ['/done without a token', () => request('GET', '/done'), 401, 'NOT_ALLOWED'],
    ['/stats without a token', () => request('GET', '/stats?from=2026-01-01&to=2026-12-31&by=item'), 401, 'NOT_ALLOWED'],
    ['/inbox?limit=0', () => request('GET', '/inbox?limit=0', walkers.center), 400, 'INVALID_INPUT'],
    ['/inbox?limit=1001', () => request('GET', '/inbox?limit=1001', walkers.center), 400, 'INVALID_INPUT'],
    ['/done?limit=ten', () => request('GET', '/done?limit=ten', walkers.center), 400, 'INVALID_INPUT'],
    ['/inbox with a cursor of nothing', () => request('GET', '/inbox?cursor=abc', walkers.center), 400, 'INVALID_INPUT'],
    ['/done with a cursor of nothing', () => request('GET', '/done?cursor=%7B%7D', walkers.center), 400, 'INVALID_INPUT'],
    ['/inbox with an unknown parameter', () => request('GET', '/inbox?unit=justice', walkers.center), 400, 'INVALID_INPUT'],
    ['/done with a repeated parameter', () => request('GET', '/done?limit=1&limit=2', walkers.center), 400, 'INVALID_INPUT'],
    ['/stats without by', () => request('GET', '/stats?from=2026-01-01&to=2026-12-31', walkers.center), 400, 'INVALID_INPUT'],
    ['/stats without from', () => request('GET', '/stats?to=2026-12-31&by=item', walkers.center), 400, 'INVALID_INPUT'],
    ['/stats?by=unit', () => request('GET', '/stats?from=2026-01-01&to=2026-12-31&by=unit', walkers.center), 400, 'INVALID_INPUT'],
    ['/stats?format=pdf', () => request('GET', '/stats?from=2026-01-01&to=2026-12-31&by=item&format=pdf', walkers.center), 400, 'INVALID_INPUT'],
    ['/stats with an impossible date', () => request('GET', '/stats?from=2026-02-30&to=2026-12-31&by=item', walkers.center), 400, 'INVALID_INPUT'],
    ['/stats with from after to', () => request('GET', '/stats?from=2026-12-31&to=2026-01-01&by=item', walkers.center), 400, 'INVALID_INPUT'],
    ['/stats with an unknown parameter', () => request('GET', '/stats?from=2026-01-01&to=2026-12-31&by=item&unit=justice', walkers.center), 400, 'INVALID_INPUT'],
    ['/stats for a unit other than the center', () => request('GET', '/stats?from=2026-01-01&to=2026-12-31&by=item', walkers.justice), 403, 'NOT_ALLOWED'],
  ];
  it.each(cases)('%s', async (_name, send, status, code) => {
    const answer = await send();
    expect(answer).toMatchObject({ status, body: { status, code, title: expect.any(String), detail: expect.any(String), detailZh: expect.any(String) } });
    expect(answer.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  });

  it('says in Chinese why a body may not name by', async () => {
    const answer = await request('POST', '/cases/bad-1/events', walkers.center, { type: 'review.pass', by: { unit: 'command-center' } });
    expect(answer.body).toMatchObject({ detailZh: '输入有误：请求体不得填写操作人 by，操作人由登录身份决定', context: { field: 'by' } });
  });

  it('answers 503 with Retry-After when the store is away', async () => {
    const store = memoryStore();
    const away = newServer({ ...store, name: 'away', load: () => Promise.reject(new Error('connection refused')), caseIds: () => Promise.reject(new Error('connection refused')) });
    const answer = await request('GET', '/cases/c1', walkers.center, undefined, {}, away);
    expect(answer).toMatchObject({ status: 503, body: { code: 'STORE_UNAVAILABLE' } });
    expect(answer.headers.get('retry-after')).toBe('1');
    expect((await request('GET', '/health', undefined, undefined, {}, away)).status).toBe(503);
  });

  it('finds no 500 among random methods, paths, headers and bodies', async () => {
    const segment = fc.oneof(fc.constantFrom('cases', 'bad-1', 'events', 'history', 'audit', 'allowed-events', 'dossier', 'calendar', 'days', 'add', 'diagram', 'catalog', 'notifications', 'inbox', 'done', 'stats', 'documents', 'ab'.repeat(32), '%', '%E0%A4%A', '..', '%2F'), fc.string({ maxLength: 8 }).map(encodeURIComponent));
    const query = fc.array(fc.tuple(fc.constantFrom('state', 'unit', 'overdue', 'limit', 'cursor', 'itemNo', 'date', 'n', 'format', 'from', 'to', 'by', 'name', 'mediaType', 'size', 'x'), fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('%ZZ', 'true', '-1', '2026-02-30', '2026-09-01', 'leadUnit', 'csv', 'xlsx', '1000', 'a.pdf', '%E6%A3%80.pdf', 'application/pdf', '0', '3'))), { maxLength: 3 });
    const body = fc.oneof(fc.constant(undefined), fc.json(), fc.string({ maxLength: 40 }), fc.record({ type: fc.constantFrom('review.pass', 'case.urge', 'x'), by: fc.anything() }, { requiredKeys: [] }).map((value) => JSON.stringify(value)));
    const headers = fc.dictionary(fc.constantFrom('if-match', 'if-none-match', 'idempotency-key', 'content-type', 'last-event-id'), fc.oneof(fc.string({ maxLength: 12 }).filter((value) => /^[\x20-\x7e]*$/.test(value)), fc.constantFrom('application/pdf', 'IMAGE/PNG; q=1', 'text/html')), { maxKeys: 3 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'), fc.array(segment, { minLength: 1, maxLength: 4 }), query, body, headers, fc.boolean(), async (method, segments, params, payload, extra, signed) => {
        const search = params.map(([name, value]) => `${name}=${value}`).join('&');
        const path = `/${segments.join('/')}${search === '' ? '' : `?${search}`}`;
        if (path.startsWith('/notifications')) return;
        const init: RequestInit = { method, headers: { ...(signed ? { authorization: `Bearer ${await tokenFor(walkers.center)}` } : {}), ...extra } };
        if (payload !== undefined && method !== 'GET') init.body = typeof payload === 'string' ? payload : JSON.stringify(payload);
        let response: Response;
        try {
          response = await server.fetch(new Request(`http://le.test${path}`, init));
        } catch {
          return; // a request the Fetch API itself refuses to build never reaches the server
        }
        const text = await response.text();
        expect(response.status, `${method} ${path} ${JSON.stringify(extra)} ${String(init.body).slice(0, 80)}: ${text.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: 400 },
    );
  }, 60_000);
});

describe('authentication', () => {
  it('refuses expired, wrongly signed, wrong-issuer and system tokens with 401', async () => {
    const refused = [
      await tokenFor(walkers.center, { expiresIn: '-1m' }),
      await tokenFor(walkers.center, { issuer: 'elsewhere' }),
      `${(await tokenFor(walkers.center)).slice(0, -4)}AAAA`,
      await tokenFor({ system: 'sweep' }),
      await tokenFor({ sub: 'someone' }),
    ];
    for (const token of refused) {
      const answer = await checkedResponse('GET', '/cases', await server.fetch(new Request('http://le.test/cases', { headers: { authorization: `Bearer ${token}` } })));
      expect(answer).toMatchObject({ status: 401, body: { code: 'NOT_ALLOWED' } });
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('never lets a token act as the system, whatever its claims mapping says', async () => {
    const lenient = createServer({ engine: createCaseEngine(), authenticate: jwtAuthenticator({ secret: JWT_SECRET, claims: () => ({ system: 'sweep' }) }) });
    const answer = await lenient.fetch(new Request('http://le.test/cases', { headers: { authorization: `Bearer ${await tokenFor(walkers.center)}` } }));
    expect(answer.status).toBe(401);
  });

  it('acts as the leader a token names', async () => {
    await request('POST', '/cases', walkers.market, opening('lead-1'));
    await request('POST', '/cases/lead-1/events', walkers.center, { type: 'review.pass' });
    await request('POST', '/cases/lead-1/events', walkers.justice, { type: 'legal.approve' });
    expect(await request('GET', '/cases/lead-1/allowed-events', walkers.inCharge)).toMatchObject({ body: expect.arrayContaining(['leader.approve']) });
    const approved = await request('POST', '/cases/lead-1/events', walkers.inCharge, { type: 'leader.approve' });
    expect(approved).toMatchObject({ status: 200, body: { state: 'dispatching' } });
  });

  it('refuses options it cannot work with', () => {
    expect(() => jwtAuthenticator({ secret: 'short' })).toThrow(LinkedEnforcementError);
    expect(() => jwtAuthenticator({})).toThrow(/exactly one of secret and jwks/);
    expect(() => createServer({ engine: createCaseEngine(), authenticate: undefined as never })).toThrow(/authenticate/);
  });

  it('in development mode takes the actor from the headers and warns when made', async () => {
    const warnings: string[] = [];
    const dev = createServer({ engine: createCaseEngine(), authenticate: developmentAuthenticator({ warn: (message) => warnings.push(message) }) });
    expect(warnings.join('')).toContain('WARNING: development mode');
    const headers = { 'x-actor-unit': 'market-regulation', 'content-type': 'application/json' };
    const opened = await dev.fetch(new Request('http://le.test/cases', { method: 'POST', headers, body: JSON.stringify(opening('dev-1')) }));
    expect(opened.status).toBe(201);
    const leader = { 'x-actor-leader': `inCharge:${encodeURIComponent('李副县长')}` };
    expect((await dev.fetch(new Request('http://le.test/cases/dev-1', { headers: leader }))).status).toBe(200);
    expect((await dev.fetch(new Request('http://le.test/cases/dev-1'))).status).toBe(401);
  });
});

describe('the notification hub', () => {
  it('hands a notification the outbox delivers again (a crash before settling) to the listeners once', async () => {
    const notification = { type: 'notification', kind: 'applicationReceived', caseId: 'c1', at: '2026-09-01T09:00:00.000+08:00', recipients: [walkers.center], message: '收到申请' } as const;
    const engine = {
      ...createCaseEngine(),
      deliverNotifications: async (handler: NotificationHandler) => {
        for (let attempt = 1; attempt <= 2; attempt++) await handler(notification, { id: 'c1/1/0', caseId: 'c1', version: 1, attempt });
        return { delivered: ['c1/1/0'], retried: [], failed: [] };
      },
    };
    const hub = new NotificationHub(engine);
    const received: string[] = [];
    hub.subscribe(undefined, (message) => received.push(message.id));
    await hub.drain();
    expect(received).toEqual(['c1/1/0']);
  });
});

describe('a server mounted without listen()', () => {
  /** A server as another framework mounts it (only its fetch is called), and a second engine on the same store: another process writing the same database. */
  function mounted() {
    const store = memoryStore();
    const received: string[] = [];
    const server = createServer({ engine: createCaseEngine({ store }), authenticate: jwtAuthenticator({ secret: JWT_SECRET, issuer: 'siyang-sso' }), onNotification: (_notification, meta) => void received.push(meta.id) });
    const other = createCaseEngine({ store });
    return { server, other, received, open: (caseId: string) => other.open({ ...opening(caseId), by: walkers.market } as Parameters<typeof other.open>[0]) };
  }

  it('polls the outbox from its first request, stops on close(), and start() starts it again', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const { server, received, open } = mounted();
      expect((await server.fetch(new Request('http://le.test/health'))).status).toBe(200);
      await open('mounted-1');
      await vi.advanceTimersByTimeAsync(1000);
      await vi.waitFor(() => expect(received).toEqual(['mounted-1/1/0']));
      await server.close();
      await open('mounted-2');
      await vi.advanceTimersByTimeAsync(5000);
      // A request after close() does not restart the polling; start() does.
      await server.fetch(new Request('http://le.test/health'));
      await vi.advanceTimersByTimeAsync(5000);
      expect(received).toEqual(['mounted-1/1/0']);
      server.start();
      await vi.waitFor(() => expect(received).toEqual(['mounted-1/1/0', 'mounted-2/1/0']));
      await server.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('start() delivers to onNotification before any request', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const { server, received, open } = mounted();
      server.start();
      await open('mounted-3');
      await vi.advanceTimersByTimeAsync(1000);
      await vi.waitFor(() => expect(received).toEqual(['mounted-3/1/0']));
      await server.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('streams another process’s notification to a client of the mounted app', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const { server, open } = mounted();
      const response = await server.fetch(new Request('http://le.test/notifications/stream', { headers: { authorization: `Bearer ${await tokenFor(walkers.center)}` } }));
      expect(response.status).toBe(200);
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      while (!text.includes('event: ready')) text += (await reader.read()).value ?? '';
      await open('mounted-4');
      await vi.advanceTimersByTimeAsync(1000);
      while (!text.includes('id: mounted-4/1/0')) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended: ${text}`);
        text += value;
      }
      await reader.cancel();
      await server.close();
    } finally {
      vi.useRealTimers();
    }
  }, 15_000);
});

describe('the notification stream', () => {
  let live: CaseServer;
  let base = '';
  beforeAll(async () => {
    live = newServer();
    base = `http://127.0.0.1:${(await live.listen()).port}`;
  });
  afterAll(() => live.close());

  /** Reads server-sent events until `count` notifications arrived; returns them and the reader. */
  async function openStream(who: Json, lastEventId?: string) {
    const response = await fetch(`${base}/notifications/stream`, { headers: { authorization: `Bearer ${await tokenFor(who)}`, ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }) } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    const events: { event: string; id?: string; data: string }[] = [];
    const until = async (done: () => boolean) => {
      while (!done()) {
        const { value, done: ended } = await reader.read();
        if (ended) throw new Error('stream ended');
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) => block.split('\n').find((line) => line.startsWith(`${name}:`))?.slice(name.length + 1).trim();
          if (field('event') !== undefined) events.push({ event: field('event')!, data: field('data') ?? '', ...(field('id') === undefined ? {} : { id: field('id')! }) });
        }
      }
    };
    await until(() => events.some((event) => event.event === 'ready' || event.event === 'reset'));
    return { events, until, close: () => reader.cancel() };
  }

  it('delivers each notification for the caller once to every connected client, and resumes after Last-Event-ID', async () => {
    const [first, second, other] = [await openStream(walkers.center), await openStream(walkers.center), await openStream(walkers.justice)];
    const open = (caseId: string) => fetch(`${base}/cases`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenPromise}` }, body: JSON.stringify(opening(caseId)) });
    const tokenPromise = await tokenFor(walkers.market);
    expect((await open('sse-1')).status).toBe(201);
    const notifications = (events: { event: string; id?: string; data: string }[]) => events.filter((event) => event.event === 'notification');
    await first.until(() => notifications(first.events).length >= 1);
    await second.until(() => notifications(second.events).length >= 1);
    const [received] = notifications(first.events);
    expect(received!.id).toBe('sse-1/1/0');
    expect(JSON.parse(received!.data)).toMatchObject({ caseId: 'sse-1', kind: 'applicationReceived', recipients: [walkers.center] });
    expect(notifications(second.events)).toEqual([received]);
    expect((await open('sse-2')).status).toBe(201);
    await first.until(() => notifications(first.events).length >= 2);
    expect(notifications(first.events).map((event) => event.id)).toEqual(['sse-1/1/0', 'sse-2/1/0']);
    // 司法局 is no recipient of an application's receipt; it is of the request for legal review.
    const passed = await fetch(`${base}/cases/sse-1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(walkers.center)}` }, body: JSON.stringify({ type: 'review.pass' }) });
    expect(passed.status).toBe(200);
    await other.until(() => notifications(other.events).length >= 1);
    expect(notifications(other.events).map((event) => event.id)).toEqual(['sse-1/2/0']);
    // A client back after sse-1 gets what followed it, and nothing twice.
    const resumed = await openStream(walkers.center, 'sse-1/1/0');
    await resumed.until(() => notifications(resumed.events).length >= 1);
    expect(notifications(resumed.events).map((event) => event.id)[0]).toBe('sse-2/1/0');
    expect(notifications(resumed.events).map((event) => event.id)).not.toContain('sse-1/1/0');
    const lost = await openStream(walkers.center, 'gone/1/0');
    expect(lost.events[0]).toMatchObject({ event: 'reset' });
    for (const stream of [first, second, other, resumed, lost]) await stream.close();
  }, 30_000);
});
