/**
 * `linked-enforcement/server`: what the README and /openapi.json promise that test/server.test.ts
 * left unstated, found by mutation testing (`npm run mutate -- src/server`): the document routes'
 * headers and limits at their exact boundaries, the options createServer refuses, which paths
 * are public, and the problems' codes, contexts and Chinese details.
 */
import { createCaseEngine, LinkedEnforcementError, memoryBlobStore, memoryStore, type BlobStore, type CaseEngine, type CaseStore, type NotificationHandler } from 'linked-enforcement';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServer, developmentAuthenticator, jwtAuthenticator, type CaseServer, type ServerOptions } from '../src/server/index.js';
import { isRecipient, NotificationHub } from '../src/server/routes/notifications.js';
import { JWT_SECRET, tokenFor, walkers } from './_lib/httpWalk.js';

type Json = Record<string, unknown>;
const authenticate = jwtAuthenticator({ secret: JWT_SECRET, issuer: 'siyang-sso' });

function serverOn({ store = memoryStore(), blobs = memoryBlobStore() as BlobStore | null, ...options }: { store?: CaseStore; blobs?: BlobStore | null } & Partial<ServerOptions> = {}): CaseServer {
  const engine = createCaseEngine({ store, ...(blobs === null ? {} : { blobs }) });
  return createServer({ engine, authenticate, onError: () => {}, ...options });
}

/** One request through the Fetch handler as `who` (undefined: no token); the body read as JSON when it is JSON. */
async function send(server: CaseServer, method: string, path: string, who: Json | undefined, { headers = {}, body }: { headers?: Record<string, string>; body?: RequestInit['body'] } = {}) {
  const init: RequestInit = { method, headers: { ...(who === undefined ? {} : { authorization: `Bearer ${await tokenFor(who)}` }), ...headers } };
  if (body !== undefined) init.body = body;
  const response = await server.fetch(new Request(`http://le.test${path}`, init));
  const type = response.headers.get('content-type') ?? '';
  const json = type.includes('json') ? ((await response.clone().json()) as Json) : undefined;
  return { status: response.status, headers: response.headers, json, bytes: new Uint8Array(await response.arrayBuffer()) };
}

const pdfType = { 'content-type': 'application/pdf' };
const bytesOf = (text: string) => new TextEncoder().encode(text);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the document routes (法律文书)', () => {
  it('serves a document with its ETag, a private immutable Cache-Control and nosniff', async () => {
    const server = serverOn();
    const bytes = bytesOf('%PDF-1.7 询问笔录');
    const uploaded = await send(server, 'POST', '/documents?name=a.pdf', walkers.market, { headers: pdfType, body: bytes });
    expect(uploaded.status).toBe(201);
    const ref = uploaded.json as { sha256: string; size: number; mediaType: string; name: string };
    expect(ref).toEqual({ name: 'a.pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: bytes.length, mediaType: 'application/pdf' });
    expect(uploaded.headers.get('location')).toBe(`/documents/${ref.sha256}?mediaType=application%2Fpdf&size=${bytes.length}&name=a.pdf`);
    const read = await send(server, 'GET', uploaded.headers.get('location')!, walkers.center);
    expect(read.status).toBe(200);
    expect(read.bytes).toEqual(bytes);
    expect(read.headers.get('etag')).toBe(`"${ref.sha256}"`);
    expect(read.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(read.headers.get('x-content-type-options')).toBe('nosniff');
    expect(read.headers.get('content-type')).toBe('application/pdf');
    expect(read.headers.get('content-disposition')).toBe(`attachment; filename="a.pdf"; filename*=UTF-8''a.pdf`);
  });

  it('gives old clients an ASCII file name: printable ASCII kept, quotes, percent signs and the rest replaced', async () => {
    const server = serverOn();
    const name = 'a ~b%c"d·e.pdf';
    const uploaded = await send(server, 'POST', `/documents?name=${encodeURIComponent(name)}`, walkers.market, { headers: pdfType, body: bytesOf('%PDF') });
    expect(uploaded.status, JSON.stringify(uploaded.json)).toBe(201);
    const read = await send(server, 'GET', uploaded.headers.get('location')!, walkers.center);
    expect(read.headers.get('content-disposition')).toBe(`attachment; filename="a ~b_c_d_e.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`);
  });

  it('takes a document of exactly the store’s limit and refuses one byte more, declared or streamed (413)', async () => {
    const server = serverOn({ blobs: memoryBlobStore({ maxBytes: 16 }) });
    const atLimit = await send(server, 'POST', '/documents?name=16.pdf', walkers.market, { headers: pdfType, body: new Uint8Array(16).fill(0x25) });
    expect(atLimit).toMatchObject({ status: 201, json: { size: 16 } });
    const over = await send(server, 'POST', '/documents?name=17.pdf', walkers.market, { headers: pdfType, body: new Uint8Array(17).fill(0x25) });
    expect(over).toMatchObject({
      status: 413,
      json: { status: 413, code: 'INVALID_INPUT', detail: "the document is over the blob store's limit of 16 bytes", detailZh: '输入有误：文件超过 16 字节的上限', context: { maxBytes: 16 } },
    });
    // A Content-Length over the limit is refused before the body is read; one at the limit is not.
    const declaredOver = await send(server, 'POST', '/documents?name=d.pdf', walkers.market, { headers: { ...pdfType, 'content-length': '17' }, body: new Uint8Array(3).fill(0x25) });
    expect(declaredOver).toMatchObject({ status: 413, json: { context: { maxBytes: 16 } } });
  });

  it('names a missing or refused Content-Type in its 415', async () => {
    const server = serverOn();
    const missing = await send(server, 'POST', '/documents?name=a.pdf', walkers.market, { body: bytesOf('%PDF') });
    // A Uint8Array body carries no Content-Type of its own.
    expect(missing).toMatchObject({
      status: 415,
      json: { code: 'INVALID_INPUT', detail: expect.stringMatching(/^a document needs a Content-Type: one of application\/pdf, /), detailZh: expect.stringContaining('未注明 Content-Type'), context: { mediaType: '' } },
    });
    const long = `text/${'x'.repeat(200)}`;
    const refused = await send(server, 'POST', '/documents?name=a.pdf', walkers.market, { headers: { 'content-type': `${long}; charset=utf-8` }, body: bytesOf('%PDF') });
    expect(refused).toMatchObject({ status: 415, json: { detail: expect.stringMatching(new RegExp(`^the blob store takes no "${long.slice(0, 100)}" documents; it takes application/pdf, `)), detailZh: expect.stringContaining(`（${long.slice(0, 100)}）`), context: { mediaType: long.slice(0, 100) } } });
    // A type the store takes, in capitals and with parameters, is stored under its plain lowercase name.
    const png = await send(server, 'POST', '/documents?name=a.png', walkers.market, { headers: { 'content-type': ' IMAGE/PNG ; q=1' }, body: bytesOf('png') });
    expect(png).toMatchObject({ status: 201, json: { mediaType: 'image/png' } });
  });

  it('refuses an empty document and a server without a blob store in words', async () => {
    const server = serverOn();
    const empty = await send(server, 'POST', '/documents?name=a.pdf', walkers.market, { headers: pdfType, body: new Uint8Array(0) });
    expect(empty).toMatchObject({ status: 400, json: { detail: 'the request body is the document: it is empty', context: { size: 0 } } });
    expect(await send(server, 'POST', '/documents?name=a.pdf', walkers.market, { headers: pdfType })).toMatchObject({ status: 400, json: { context: { size: 0 } } });
    const bare = serverOn({ blobs: null });
    const none = await send(bare, 'POST', '/documents?name=a.pdf', walkers.market, { headers: pdfType, body: bytesOf('%PDF') });
    expect(none).toMatchObject({
      status: 404,
      json: { detail: 'this server keeps no documents: its engine was made without a blob store (createCaseEngine({ blobs }))', detailZh: '输入有误：本服务未配置文件存储，不能上传或下载法律文书', context: { reason: 'noBlobStore' } },
    });
  });

  it('reads size as a whole number of bytes from 1, up to 16 digits', async () => {
    const server = serverOn();
    const uploaded = await send(server, 'POST', '/documents?name=a.pdf', walkers.market, { headers: pdfType, body: bytesOf('%PDF') });
    const { sha256 } = uploaded.json as { sha256: string };
    const get = (size: string) => send(server, 'GET', `/documents/${sha256}?mediaType=application/pdf&size=${size}`, walkers.center);
    expect((await get('4')).status).toBe(200);
    for (const size of ['04', '-4', '+4', '4.0', ' 4', '4 ', '0', '', '12345678901234567']) {
      expect(await get(encodeURIComponent(size)), size).toMatchObject({
        status: 400,
        json: { detail: `query parameter size must be the file's size in bytes (a whole number from 1), not "${size}"`, detailZh: '输入有误：查询参数 size 须为文件大小（字节数，正整数）', context: { parameter: 'size', value: size } },
      });
    }
    // Sixteen digits are a size (of no file here), seventeen are not; past 2^53 no size is exact.
    expect(await get('1234567890123456')).toMatchObject({ status: 404, json: { code: 'BLOB_NOT_FOUND' } });
    expect(await get('9999999999999999')).toMatchObject({ status: 400 });
    expect(await get(`1${'0'.repeat(5)}`)).toMatchObject({ status: 404 });
    const long = '9'.repeat(150);
    expect(await get(long)).toMatchObject({ status: 400, json: { detail: `query parameter size must be the file's size in bytes (a whole number from 1), not "${long.slice(0, 100)}"`, context: { value: long.slice(0, 100) } } });
  });

  it('names the argument a bad name, hash or media type is in', async () => {
    const server = serverOn();
    expect(await send(server, 'POST', '/documents?name=a%2Fb.pdf', walkers.market, { headers: pdfType, body: bytesOf('%PDF') })).toMatchObject({ status: 400, json: { context: { argument: 'name' } } });
    expect(await send(server, 'POST', '/documents', walkers.market, { headers: pdfType, body: bytesOf('%PDF') })).toMatchObject({ status: 400, json: { detail: 'query parameter name is required', context: { parameter: 'name' } } });
    const hash = 'a'.repeat(64);
    expect(await send(server, 'GET', `/documents/${hash.toUpperCase()}?mediaType=application/pdf&size=4`, walkers.center)).toMatchObject({ status: 400, json: { context: { argument: 'sha256' } } });
    expect(await send(server, 'GET', `/documents/${hash}?mediaType=PDF&size=4`, walkers.center)).toMatchObject({ status: 400, json: { context: { argument: 'mediaType' } } });
    expect(await send(server, 'GET', `/documents/${hash}?size=4`, walkers.center)).toMatchObject({ status: 400, json: { context: { parameter: 'mediaType' } } });
    expect(await send(server, 'GET', `/documents/${hash}?mediaType=application/pdf`, walkers.center)).toMatchObject({ status: 400, json: { context: { parameter: 'size' } } });
    expect(await send(server, 'GET', `/documents/${hash}?mediaType=application/pdf&size=4&name=a%2Fb`, walkers.center)).toMatchObject({ status: 400, json: { context: { argument: 'name' } } });
    // A reference the store does not hold is named in the 404, the server's store with it.
    expect(await send(server, 'GET', `/documents/${hash}?mediaType=application/pdf&size=4&name=x.pdf`, walkers.center)).toMatchObject({
      status: 404,
      json: { code: 'BLOB_NOT_FOUND', context: { store: "server's", name: 'x.pdf', sha256: hash, size: 4, mediaType: 'application/pdf' } },
    });
  });

  it('takes only the query parameters of each document route', async () => {
    const server = serverOn();
    const upload = await send(server, 'POST', '/documents?name=a.pdf&mediaType=application/pdf', walkers.market, { headers: pdfType, body: bytesOf('%PDF') });
    expect(upload).toMatchObject({ status: 400, json: { context: { parameter: 'mediaType', accepted: ['name'] } } });
    const read = await send(server, 'GET', `/documents/${'a'.repeat(64)}?mediaType=application/pdf&size=4&sha256=x`, walkers.center);
    expect(read).toMatchObject({ status: 400, json: { context: { parameter: 'sha256', accepted: ['mediaType', 'size', 'name'] } } });
  });
});

describe('createServer', () => {
  const engine = createCaseEngine();
  const refusal = (options: unknown) => {
    try {
      createServer(options as ServerOptions);
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('refuses options it cannot work with, naming the option', () => {
    const object = 'Invalid options: must be an object with engine and authenticate';
    const caseEngine = 'Invalid options.engine: must be a case engine (createCaseEngine)';
    const unitId = 'Invalid options.commandCenterUnit: must be a unit id';
    const positive = (name: string) => `Invalid options.${name}: must be a positive whole number`;
    const cases: [unknown, string][] = [
      [undefined, object],
      [null, object],
      ['engine', object],
      [{ authenticate }, caseEngine],
      [{ engine: null, authenticate }, caseEngine],
      [{ engine: 'engine', authenticate }, caseEngine],
      [{ engine: { ...engine, send: undefined }, authenticate }, caseEngine],
      [{ engine, authenticate: 'token' }, 'Invalid options.authenticate: must be a function (request) => actor'],
      [{ engine, authenticate, commandCenterUnit: '' }, unitId],
      [{ engine, authenticate, commandCenterUnit: '  ' }, unitId],
      [{ engine, authenticate, commandCenterUnit: 7 }, unitId],
      [{ engine, authenticate, maxBodyBytes: 0 }, positive('maxBodyBytes')],
      [{ engine, authenticate, maxBodyBytes: 1.5 }, positive('maxBodyBytes')],
      [{ engine, authenticate, pollMs: 0 }, positive('pollMs')],
      [{ engine, authenticate, pollMs: Number.NaN }, positive('pollMs')],
      [{ engine, authenticate, heartbeatMs: -1 }, positive('heartbeatMs')],
    ];
    for (const [options, message] of cases) {
      const error = refusal(options);
      expect(error, message).toBeInstanceOf(LinkedEnforcementError);
      expect((error as LinkedEnforcementError).code, message).toBe('INVALID_INPUT');
      expect((error as LinkedEnforcementError).message, JSON.stringify(options)).toBe(message);
    }
    for (const options of [{ engine, authenticate, maxBodyBytes: 1, pollMs: 1, heartbeatMs: 1 }, { engine, authenticate, commandCenterUnit: 'center' }]) {
      expect(refusal(options), JSON.stringify(options)).toBeUndefined();
    }
  });

  it('reads bodies up to 1 MiB by default: one byte more is 413', async () => {
    const server = serverOn();
    const urge = (length: number) => {
      const start = '{"type":"case.urge","message":"';
      return `${start}${'x'.repeat(length - start.length - 2)}"}`;
    };
    const path = '/cases/nobody/events';
    const headers = { 'content-type': 'application/json' };
    // At the limit the body is read (and the event is checked); past it, it is refused unread.
    expect(await send(server, 'POST', path, walkers.center, { headers, body: urge(1024 * 1024) })).toMatchObject({ status: 422, json: { code: 'INVALID_EVENT' } });
    expect(await send(server, 'POST', path, walkers.center, { headers, body: urge(1024 * 1024 + 1) })).toMatchObject({ status: 413, json: { context: { maxBytes: 1024 * 1024 } } });
  }, 30_000);

  it('reads its maxBodyBytes for JSON bodies', async () => {
    const server = serverOn({ maxBodyBytes: 20 });
    const headers = { 'content-type': 'application/json' };
    const body = '{"type":"case.urge"}';
    expect(body).toHaveLength(20);
    expect(await send(server, 'POST', '/cases/nobody/events', walkers.center, { headers, body })).toMatchObject({ status: 422, json: { code: 'INVALID_EVENT' } });
    expect(await send(server, 'POST', '/cases/nobody/events', walkers.center, { headers, body: `${body} ` })).toMatchObject({ status: 413, json: { detail: 'the request body is over 20 bytes', context: { maxBytes: 20 } } });
  });

  it('answers /health with the store, the machine version and whether it keeps documents, and takes no query', async () => {
    const server = serverOn();
    const health = await send(server, 'GET', '/health', undefined);
    expect(health).toMatchObject({ status: 200, json: { status: 'ok', store: 'memory', machineVersion: expect.any(Number), documents: true } });
    expect((health.json as Json).machineVersion).toBe(createCaseEngine().machineVersion);
    expect(await send(server, 'GET', '/health?x=1', undefined)).toMatchObject({ status: 400, json: { context: { parameter: 'x', accepted: [] } } });
    expect(await send(server, 'GET', '/openapi.json?x=1', undefined)).toMatchObject({ status: 400, json: { context: { parameter: 'x', accepted: [] } } });
    expect(await send(server, 'GET', '/openapi.json', undefined)).toMatchObject({ status: 200, json: server.openApi });
  });

  it('answers 503 naming the store when /health finds it away', async () => {
    const store = memoryStore();
    const server = serverOn({ store: { ...store, name: 'away', caseIds: () => Promise.reject(new Error('connection refused')) } });
    const answer = await send(server, 'GET', '/health', undefined);
    expect(answer).toMatchObject({ status: 503, json: { code: 'STORE_UNAVAILABLE', detail: 'the away store does not answer', context: { store: 'away', retryable: true } } });
    expect(answer.headers.get('retry-after')).toBe('1');
  });

  it('names the route it does not have in its 404', async () => {
    const server = serverOn();
    const answer = await send(server, 'DELETE', '/cases', walkers.center);
    expect(answer).toMatchObject({ status: 404, json: { code: 'INVALID_INPUT', detail: 'no route DELETE /cases', detailZh: '输入有误：没有这个接口', context: { method: 'DELETE' }, instance: '/cases' } });
    expect(answer.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    // A long path is named by its first 200 characters.
    const long = `/${'x'.repeat(300)}`;
    expect(await send(server, 'GET', long, walkers.center)).toMatchObject({ status: 404, json: { detail: `no route GET ${long.slice(0, 200)}` } });
  });

  it('lets anyone read the public paths, and only those', async () => {
    const server = serverOn();
    for (const path of ['/health', '/openapi.json', '/catalog', '/calendar/days/2026-09-01', '/diagram']) {
      expect((await send(server, 'GET', path, undefined)).status, path).toBeLessThan(401);
    }
    // Only the diagram asks for a token when it names a case; another public path with ?case= is a bad query (400), not a 401.
    expect(await send(server, 'GET', '/catalog?case=c1', undefined)).toMatchObject({ status: 400, json: { context: { parameter: 'case' } } });
    // Near misses are not public: without a token they are 401, before the router says 404.
    for (const path of ['/healthz', '/x/health', '/openapi.jsonx', '/openapiXjson', '/catalogs', '/calendar', '/diagrams', '/x/catalog', '/diagram?case=c1', '/documents/x']) {
      const answer = await send(server, 'GET', path, undefined);
      expect(answer, path).toMatchObject({
        status: 401,
        json: { code: 'NOT_ALLOWED', detail: 'authentication required: send a valid Authorization: Bearer <JWT>', detailZh: '未认证：请在 Authorization 头中提供有效的令牌（Bearer JWT）', context: { reason: 'unauthenticated' } },
      });
      expect(answer.headers.get('www-authenticate'), path).toBe('Bearer');
    }
  });

  it('refuses a request whose authenticator throws or names no valid actor with 401', async () => {
    const engine = createCaseEngine();
    const actors: unknown[] = [undefined, null, { unit: '' }, { leader: 'nobody' }, 'market-regulation'];
    for (const actor of actors) {
      const server = createServer({ engine, authenticate: () => actor as never });
      expect((await server.fetch(new Request('http://le.test/cases'))).status, JSON.stringify(actor)).toBe(401);
    }
    const throwing = createServer({
      engine,
      authenticate: () => {
        throw new Error('bad token');
      },
    });
    expect((await throwing.fetch(new Request('http://le.test/cases'))).status).toBe(401);
    const rejecting = createServer({ engine, authenticate: () => Promise.reject(new Error('bad token')) });
    expect((await rejecting.fetch(new Request('http://le.test/cases'))).status).toBe(401);
    const unit = createServer({ engine, authenticate: () => ({ unit: 'command-center' }) });
    expect((await unit.fetch(new Request('http://le.test/cases'))).status).toBe(200);
  });

  it('reports a failure that is the server’s to onError, by default console.error, and shows nothing of it', async () => {
    const failing = (): CaseEngine => ({ ...createCaseEngine(), list: () => Promise.reject(new Error('secret detail')) }) as CaseEngine;
    const reported: unknown[] = [];
    const own = createServer({ engine: failing(), authenticate: () => ({ unit: 'command-center' }), onError: (error) => reported.push(error) });
    const answer = await own.fetch(new Request('http://le.test/cases'));
    expect(answer.status).toBe(500);
    expect(await answer.text()).not.toContain('secret detail');
    expect(reported).toEqual([expect.objectContaining({ message: 'secret detail' })]);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const plain = createServer({ engine: failing(), authenticate: () => ({ unit: 'command-center' }) });
    expect((await plain.fetch(new Request('http://le.test/cases'))).status).toBe(500);
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ message: 'secret detail' }));
  });

  it('listens on 127.0.0.1 on a free port by default, answers there, and closes', async () => {
    const server = serverOn();
    const { port, server: http } = await server.listen();
    try {
      expect(port).toBeGreaterThan(0);
      expect(http.address()).toMatchObject({ address: '127.0.0.1', port });
      const answer = await fetch(`http://127.0.0.1:${port}/health`);
      expect(answer.status).toBe(200);
    } finally {
      await server.close();
    }
    expect(http.listening).toBe(false);
    // A second close() has nothing left to close.
    await server.close();
  });
});

describe('request parsing (src/server/_lib/request.ts)', () => {
  const opening = (caseId: string) => ({ caseId, title: '城东农贸市场安全综合执法', itemNo: 1, origin: 'application', applicant: 'market-regulation' });
  const json = { 'content-type': 'application/json' };

  it('names the part of the URL whose percent-encoding is broken', async () => {
    const server = serverOn();
    expect(await send(server, 'GET', '/cases/%E0%A4%A', walkers.center)).toMatchObject({
      status: 400,
      json: { detail: 'the request path is not valid URL encoding (percent-encoded UTF-8)', detailZh: '输入有误：请求路径的 URL 编码无效', context: { part: 'path', text: '/cases/%E0%A4%A' } },
    });
    expect(await send(server, 'GET', '/cases?unit=a+%E0%A4%A', walkers.center)).toMatchObject({
      status: 400,
      json: { detail: 'the request query is not valid URL encoding (percent-encoded UTF-8)', detailZh: '输入有误：请求参数的 URL 编码无效', context: { part: 'query', text: '?unit=a %E0%A4%A' } },
    });
    const long = `/cases/${'a'.repeat(300)}%E0%A4%A`;
    expect(await send(server, 'GET', long, walkers.center)).toMatchObject({ status: 400, json: { context: { text: long.slice(0, 200) } } });
    // A plus sign in the query is a space, and a well-encoded one passes.
    expect(await send(server, 'GET', '/cases?unit=a+b%20c', walkers.center)).toMatchObject({ status: 200 });
  });

  it('refuses unknown and repeated query parameters in words', async () => {
    const server = serverOn();
    expect(await send(server, 'GET', '/cases?overdeu=true', walkers.center)).toMatchObject({
      json: { detail: expect.stringMatching(/^unknown query parameter "overdeu"; this route takes state, unit, overdue, /), detailZh: '输入有误：不认识的查询参数“overdeu”', context: { parameter: 'overdeu' } },
    });
    expect(await send(server, 'GET', '/catalog?x=1', undefined)).toMatchObject({ json: { detail: 'unknown query parameter "x"; this route takes none' } });
    expect(await send(server, 'GET', '/cases?unit=a&unit=b', walkers.center)).toMatchObject({
      json: { detail: 'query parameter "unit" is given more than once', detailZh: '输入有误：查询参数“unit”重复', context: { parameter: 'unit' } },
    });
    expect(await send(server, 'GET', '/calendar/add?n=1', undefined)).toMatchObject({ status: 400, json: { detail: 'query parameter date is required', detailZh: '输入有误：缺少查询参数 date', context: { parameter: 'date' } } });
  });

  it('reads true and false, and nothing else, as a boolean', async () => {
    const server = serverOn();
    expect((await send(server, 'GET', '/cases?overdue=true', walkers.center)).status).toBe(200);
    expect((await send(server, 'GET', '/cases?overdue=false', walkers.center)).status).toBe(200);
    const long = 'y'.repeat(150);
    for (const value of ['yes', 'TRUE', '1', '', long]) {
      expect(await send(server, 'GET', `/cases?overdue=${value}`, walkers.center), value).toMatchObject({
        status: 400,
        json: { detail: `query parameter overdue must be true or false, not "${value.slice(0, 100)}"`, detailZh: '输入有误：查询参数 overdue 只能是 true 或 false', context: { parameter: 'overdue', value: value.slice(0, 100), accepted: ['true', 'false'] } },
      });
    }
  });

  it('reads a whole number within its bounds, both ends included', async () => {
    const server = serverOn();
    const add = (n: string) => send(server, 'GET', `/calendar/add?date=2026-09-30&n=${n}`, undefined);
    expect(await add('0')).toMatchObject({ status: 200, json: { start: '2026-09-30', n: 0 } });
    expect(await add('-3650')).toMatchObject({ status: 200, json: { n: -3650 } });
    expect(await add('3650')).toMatchObject({ status: 200, json: { n: 3650 } });
    expect(await add('-1')).toMatchObject({ status: 200, json: { n: -1, date: '2026-09-29' } });
    for (const n of ['3651', '-3651', '1.0', '1e2', '+1', '12345678', 'ten', '']) {
      expect(await add(encodeURIComponent(n)), n).toMatchObject({
        status: 400,
        json: { detail: `query parameter n must be a whole number from -3650 to 3650, not "${n}"`, detailZh: '输入有误：查询参数 n 须为 -3650 到 3650 的整数', context: { parameter: 'n', value: n, min: -3650, max: 3650 } },
      });
    }
    // A list's limit runs from 1 to 500; a page of 待办 from 1 to 1000.
    expect((await send(server, 'GET', '/cases?limit=500', walkers.center)).status).toBe(200);
    expect((await send(server, 'GET', '/cases?limit=1', walkers.center)).status).toBe(200);
    expect(await send(server, 'GET', '/cases?limit=501', walkers.center)).toMatchObject({ status: 400, json: { context: { min: 1, max: 500 } } });
    expect((await send(server, 'GET', '/inbox?limit=1000', walkers.center)).status).toBe(200);
    expect(await send(server, 'GET', '/done?limit=1001', walkers.center)).toMatchObject({ status: 400, json: { context: { min: 1, max: 1000 } } });
  });

  it('names the choices of a parameter', async () => {
    const server = serverOn();
    expect(await send(server, 'GET', '/diagram?format=svg', undefined)).toMatchObject({
      status: 400,
      json: { detail: 'query parameter format must be one of mermaid, json, not "svg"', detailZh: '输入有误：查询参数 format 只能是 mermaid、json', context: { parameter: 'format', value: 'svg', accepted: ['mermaid', 'json'] } },
    });
  });

  it('reads If-Match as one version, with or without quotes and spaces; * or none pins nothing', async () => {
    const server = serverOn();
    await send(server, 'POST', '/cases', walkers.market, { headers: json, body: JSON.stringify(opening('m-1')) });
    const passed = await send(server, 'POST', '/cases/m-1/events', walkers.center, { headers: { ...json, 'if-match': ' "1" ' }, body: JSON.stringify({ type: 'review.pass' }) });
    expect(passed).toMatchObject({ status: 200, json: { version: 2 } });
    expect(passed.headers.get('etag')).toBe('"2"');
    const urge = (ifMatch: string | undefined) => send(server, 'POST', '/cases/m-1/events', walkers.center, { headers: { ...json, ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }) }, body: JSON.stringify({ type: 'case.urge', unit: 'justice', message: '请尽快审核' }) });
    expect(await urge('2')).toMatchObject({ status: 200, json: { version: 3 } });
    expect(await urge(' * ')).toMatchObject({ status: 200, json: { version: 4 } });
    expect(await urge(undefined)).toMatchObject({ status: 200, json: { version: 5 } });
    expect(await urge('"4"')).toMatchObject({ status: 412, json: { code: 'VERSION_CONFLICT' } });
    for (const header of ['W/"5"', '"5", "6"', '"x"', '1234567890', '']) {
      expect(await urge(header), header).toMatchObject({
        status: 400,
        json: { detail: `If-Match must be one case version as an ETag, e.g. "3", not ${JSON.stringify(header)}`, detailZh: '输入有误：If-Match 须为一个案件版本，如 "3"', context: { header } },
      });
    }
  });

  it('answers 304 when If-None-Match names the current ETag, weak, in a list or as *', async () => {
    const server = serverOn();
    const opened = await send(server, 'POST', '/cases', walkers.market, { headers: json, body: JSON.stringify(opening('m-2')) });
    expect(opened).toMatchObject({ status: 201, json: { version: 1 } });
    expect(opened.headers.get('etag')).toBe('"1"');
    expect(opened.headers.get('location')).toBe('/cases/m-2');
    const get = (ifNoneMatch: string) => send(server, 'GET', '/cases/m-2', walkers.center, { headers: { 'if-none-match': ifNoneMatch } });
    for (const header of ['"1"', 'W/"1"', '"0", "1"', ' "7" ,W/"1"', '*']) {
      const answer = await get(header);
      expect(answer.status, header).toBe(304);
      expect(answer.headers.get('etag'), header).toBe('"1"');
    }
    for (const header of ['"2"', '1', '"1', 'W/"2"', '"W/1"']) {
      const answer = await get(header);
      expect(answer.status, header).toBe(200);
      expect(answer.headers.get('etag')).toBe('"1"');
    }
  });
});

describe('the server’s notification delivery and its socket', () => {
  const opening = (caseId: string) => ({ caseId, title: '城东农贸市场安全综合执法', itemNo: 1, origin: 'application', applicant: 'market-regulation' });

  /** A server polling the outbox every `pollMs`, and another engine on its store (another process). */
  function polled(pollMs: number) {
    const store = memoryStore();
    const received: string[] = [];
    const server = createServer({ engine: createCaseEngine({ store }), authenticate, pollMs, onNotification: (_notification, meta) => void received.push(meta.id) });
    const other = createCaseEngine({ store });
    return { server, received, open: (caseId: string) => other.open({ ...opening(caseId), by: walkers.market } as Parameters<typeof other.open>[0]) };
  }

  it('delivers the notifications of its own writes at once, not at the next poll', async () => {
    const { server, received } = polled(3_600_000);
    try {
      expect((await send(server, 'GET', '/health', undefined)).status).toBe(200);
      const opened = await send(server, 'POST', '/cases', walkers.market, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(opening('now-1')) });
      expect(opened.status).toBe(201);
      await vi.waitFor(() => expect(received).toEqual(['now-1/1/0']), { timeout: 10_000 });
      const passed = await send(server, 'POST', '/cases/now-1/events', walkers.center, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'review.pass' }) });
      expect(passed.status).toBe(200);
      await vi.waitFor(() => expect(received).toContain('now-1/2/0'), { timeout: 10_000 });
    } finally {
      await server.close();
    }
  });

  it('polls the outbox from listen() on, before any request, and again after close() and listen()', async () => {
    const { server, received, open } = polled(20);
    try {
      await server.listen();
      await open('listen-1');
      await vi.waitFor(() => expect(received).toEqual(['listen-1/1/0']), { timeout: 10_000 });
      await server.close();
      await open('listen-2');
      await server.listen();
      await vi.waitFor(() => expect(received).toEqual(['listen-1/1/0', 'listen-2/1/0']), { timeout: 10_000 });
    } finally {
      await server.close();
    }
  });

  it('rejects listen() on a port another server holds', async () => {
    const first = serverOn();
    const second = serverOn();
    try {
      const { port } = await first.listen({ hostname: '127.0.0.1' });
      await expect(second.listen({ port, hostname: '127.0.0.1' })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('ends open notification streams on close()', async () => {
    const server = serverOn();
    const { port } = await server.listen();
    const response = await fetch(`http://127.0.0.1:${port}/notifications/stream`, { headers: { authorization: `Bearer ${await tokenFor(walkers.center)}` } });
    expect(response.status).toBe(200);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('event: ready')) text += (await reader.read()).value ?? '';
    await server.close();
    // The stream ends (or breaks off) once the server has closed.
    const ended = await reader.read().then(
      ({ done }) => done,
      () => true,
    );
    expect(ended).toBe(true);
  }, 15_000);
});

describe('the authenticators (src/server/authenticate.ts)', () => {
  const bearer = (token: string, scheme = 'Bearer') => new Request('http://le.test/cases', { headers: { authorization: `${scheme} ${token}` } });
  const sign = (claims: Json, { alg = 'HS256', secret = JWT_SECRET, issuer, audience }: { alg?: string; secret?: string; issuer?: string; audience?: string } = {}) => {
    let jwt = new SignJWT(claims).setProtectedHeader({ alg }).setIssuedAt().setExpirationTime('1h');
    if (issuer !== undefined) jwt = jwt.setIssuer(issuer);
    if (audience !== undefined) jwt = jwt.setAudience(audience);
    return jwt.sign(new TextEncoder().encode(secret));
  };
  const refusalOf = (make: () => unknown) => {
    try {
      make();
    } catch (error) {
      return (error as Error).message;
    }
    return undefined;
  };

  it('jwtAuthenticator refuses options it cannot work with, naming the option', () => {
    const secret = JWT_SECRET;
    const cases: [unknown, string][] = [
      [null, 'Invalid options: must be an object with a secret or a jwks'],
      ['secret', 'Invalid options: must be an object with a secret or a jwks'],
      [{}, 'Invalid options: give exactly one of secret and jwks'],
      [{ secret, jwks: 'https://sso.example/jwks.json' }, 'Invalid options: give exactly one of secret and jwks'],
      [{ secret, issuer: '' }, 'Invalid options.issuer: must be a non-empty string'],
      [{ secret, issuer: 7 }, 'Invalid options.issuer: must be a non-empty string'],
      [{ secret, audience: '' }, 'Invalid options.audience: must be a non-empty string'],
      [{ secret, claims: 'unit' }, 'Invalid options.claims: must be a function'],
      [{ secret: 'x'.repeat(31) }, 'Invalid options.secret: must be at least 32 bytes (a string or a Uint8Array)'],
      [{ secret: new Uint8Array(31) }, 'Invalid options.secret: must be at least 32 bytes (a string or a Uint8Array)'],
      [{ secret: 32 }, 'Invalid options.secret: must be at least 32 bytes (a string or a Uint8Array)'],
      [{ jwks: 'not a url' }, 'Invalid options.jwks: must be a URL or a key function'],
    ];
    for (const [options, message] of cases) expect(refusalOf(() => jwtAuthenticator(options as never)), JSON.stringify(options)).toBe(message);
    for (const options of [{ secret: 'x'.repeat(32) }, { secret: new Uint8Array(32) }, { jwks: 'https://sso.example/jwks.json', issuer: 'sso', audience: 'le' }, { jwks: new URL('https://sso.example/jwks.json') }, { jwks: () => Promise.resolve(new Uint8Array(32)) }]) {
      expect(refusalOf(() => jwtAuthenticator(options as never))).toBeUndefined();
    }
  });

  it('reads a Bearer token in any case of the scheme, with spaces around, and nothing else', async () => {
    const verify = jwtAuthenticator({ secret: JWT_SECRET });
    const token = await sign(walkers.center);
    expect(await verify(bearer(token))).toEqual({ unit: 'command-center' });
    expect(await verify(bearer(`${token}  `, 'bearer  '))).toEqual({ unit: 'command-center' });
    for (const request of [bearer(token, 'Basic'), bearer(`${token} x`), bearer(token, 'xBearer'), bearer('', 'Bearer'), new Request('http://le.test/')]) {
      expect(await verify(request)).toBeUndefined();
    }
  });

  it('maps a unit claim or a leader claim to the actor, and nothing else', async () => {
    const verify = jwtAuthenticator({ secret: JWT_SECRET });
    expect(await verify(bearer(await sign(walkers.inCharge)))).toEqual({ leader: { name: '李副县长', post: 'inCharge' } });
    for (const claims of [{ unit: 7 }, { leader: null }, { leader: 'inCharge' }, { sub: 'someone' }, { system: 'sweep' }]) {
      expect(await verify(bearer(await sign(claims))), JSON.stringify(claims)).toBeUndefined();
    }
    const custom = jwtAuthenticator({ secret: JWT_SECRET, claims: (payload) => (typeof payload.sub === 'string' ? { unit: payload.sub } : undefined) });
    expect(await custom(bearer(await sign({ sub: 'justice' })))).toEqual({ unit: 'justice' });
  });

  it('checks the issuer, the audience and the algorithm (HS256 by default with a secret)', async () => {
    const strict = jwtAuthenticator({ secret: JWT_SECRET, issuer: 'sso', audience: 'le' });
    expect(await strict(bearer(await sign(walkers.center, { issuer: 'sso', audience: 'le' })))).toEqual({ unit: 'command-center' });
    expect(await strict(bearer(await sign(walkers.center, { issuer: 'sso' })))).toBeUndefined();
    expect(await strict(bearer(await sign(walkers.center, { issuer: 'sso', audience: 'other' })))).toBeUndefined();
    expect(await strict(bearer(await sign(walkers.center, { audience: 'le' })))).toBeUndefined();
    const hs512 = await sign(walkers.center, { alg: 'HS512' });
    expect(await jwtAuthenticator({ secret: JWT_SECRET })(bearer(hs512))).toBeUndefined();
    expect(await jwtAuthenticator({ secret: JWT_SECRET, algorithms: ['HS512'] })(bearer(hs512))).toEqual({ unit: 'command-center' });
  });

  it('verifies tokens of an identity provider’s key set (RS256 and ES256 by default)', async () => {
    for (const alg of ['RS256', 'ES256']) {
      const { publicKey, privateKey } = await generateKeyPair(alg);
      const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), alg }] });
      const token = await new SignJWT(walkers.justice).setProtectedHeader({ alg }).setExpirationTime('1h').sign(privateKey);
      expect(await jwtAuthenticator({ jwks })(bearer(token)), alg).toEqual({ unit: 'justice' });
      expect(await jwtAuthenticator({ jwks, algorithms: ['PS256'] })(bearer(token)), alg).toBeUndefined();
    }
  });

  it('developmentAuthenticator reads one of its two headers, percent-decoded, and warns on console.warn by default', async () => {
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const dev = developmentAuthenticator();
    expect(warned).toHaveBeenCalledWith(expect.stringContaining('WARNING: development mode'));
    const headers = (values: Record<string, string>) => new Request('http://le.test/', { headers: values });
    expect(await dev(headers({ 'x-actor-unit': encodeURIComponent('locality:泗阳') }))).toEqual({ unit: 'locality:泗阳' });
    expect(await dev(headers({ 'x-actor-leader': `principal:${encodeURIComponent('王县长')}` }))).toEqual({ leader: { post: 'principal', name: '王县长' } });
    const refused: Record<string, string>[] = [{ 'x-actor-unit': 'justice', 'x-actor-leader': 'inCharge:x' }, { 'x-actor-unit': '%E0%A4%A' }, { 'x-actor-leader': 'inCharge:%E0%A4%A' }, { 'x-actor-leader': 'nobody' }, {}];
    for (const values of refused) {
      expect(await dev(headers(values)), JSON.stringify(values)).toBeUndefined();
    }
  });
});

describe('the notification hub and stream (src/server/routes/notifications.ts)', () => {
  const inCharge = { leader: { name: '李副县长', post: 'inCharge' } } as const;
  const principal = { leader: { name: '王县长', post: 'principal' } } as const;

  it('names who receives a notification: a unit by id, a leader by name and post, a group by post', () => {
    expect(isRecipient({ unit: 'justice' }, [{ unit: 'justice' }])).toBe(true);
    expect(isRecipient({ unit: 'justice' }, [{ unit: 'health' }])).toBe(false);
    expect(isRecipient(inCharge, [{ unit: 'justice' }])).toBe(false);
    expect(isRecipient({ unit: 'justice' }, [{ leader: inCharge.leader }, { group: 'countyLeaders' }])).toBe(false);
    expect(isRecipient(inCharge, [{ leader: { name: '李副县长', post: 'inCharge' } }])).toBe(true);
    expect(isRecipient(inCharge, [{ leader: { name: '李副县长', post: 'principal' } }])).toBe(false);
    expect(isRecipient(inCharge, [{ leader: { name: '张副县长', post: 'inCharge' } }])).toBe(false);
    expect(isRecipient(principal, [{ group: 'countyLeaders' }])).toBe(true);
    expect(isRecipient(principal, [{ group: 'inChargeLeaders' }])).toBe(false);
    expect(isRecipient(inCharge, [{ group: 'inChargeLeaders' }])).toBe(true);
    expect(isRecipient(principal, [{ unit: 'justice' }, { group: 'countyLeaders' }])).toBe(true);
    expect(isRecipient(principal, [])).toBe(false);
  });

  /** An engine whose outbox hands out `sizes[i]` notifications on its i-th drain call, recording each call's options. */
  function scriptedEngine(sizes: number[]) {
    const calls: unknown[] = [];
    let next = 0;
    const engine = {
      ...createCaseEngine(),
      deliverNotifications: async (handler: NotificationHandler, options?: unknown) => {
        calls.push(options);
        const size = sizes[calls.length - 1] ?? 0;
        const delivered: string[] = [];
        for (let index = 0; index < size; index++) {
          const id = `c${next++}/1/0`;
          await handler({ type: 'notification', kind: 'applicationReceived', caseId: 'c', at: '2026-09-01T09:00:00.000+08:00', recipients: [{ unit: 'command-center' }], message: '收到申请' }, { id, caseId: 'c', version: 1, attempt: 1 });
          delivered.push(id);
        }
        return { delivered, retried: [], failed: [] };
      },
    } as CaseEngine;
    return { engine, calls };
  }

  it('drains the outbox a hundred at a time until a page is short', async () => {
    const full = scriptedEngine([100, 100, 99, 7]);
    await new NotificationHub(full.engine).drain();
    expect(full.calls).toEqual([{ limit: 100 }, { limit: 100 }, { limit: 100 }]);
    const short = scriptedEngine([99, 5]);
    await new NotificationHub(short.engine).drain();
    expect(short.calls).toHaveLength(1);
  });

  it('drains once more when asked while draining, and keeps going after the store fails', async () => {
    const { engine, calls } = scriptedEngine([1, 1, 1]);
    const hub = new NotificationHub(engine);
    const received: string[] = [];
    hub.subscribe(undefined, (message) => received.push(message.id));
    await Promise.all([hub.drain(), hub.drain(), hub.drain()]);
    expect(calls).toHaveLength(2);
    expect(received).toEqual(['c0/1/0', 'c1/1/0']);
    let fail = true;
    const flaky = {
      ...engine,
      deliverNotifications: async (handler: NotificationHandler, options?: { limit?: number }) => {
        if (fail) throw new Error('store away');
        return engine.deliverNotifications(handler, options);
      },
    } as CaseEngine;
    const again = new NotificationHub(flaky);
    await expect(again.drain()).resolves.toBeUndefined();
    fail = false;
    await again.drain();
    expect(calls).toHaveLength(3);
  });

  it('keeps the last `replay` notifications to resume from, and forgets older ones', async () => {
    const { engine } = scriptedEngine([5]);
    const hub = new NotificationHub(engine, { replay: 3 });
    await hub.drain();
    expect(hub.subscribe('c1/1/0', () => {})).toMatchObject({ resumed: false, backlog: [] });
    expect(hub.subscribe('c2/1/0', () => {}).backlog.map((message) => message.id)).toEqual(['c3/1/0', 'c4/1/0']);
    expect(hub.subscribe('c4/1/0', () => {})).toMatchObject({ resumed: true, backlog: [] });
    expect(hub.subscribe(undefined, () => {})).toMatchObject({ resumed: true, backlog: [] });
    const { engine: many } = scriptedEngine([100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 1]);
    const byDefault = new NotificationHub(many);
    await byDefault.drain();
    expect(byDefault.subscribe('c0/1/0', () => {}).resumed).toBe(false);
    expect(byDefault.subscribe('c1/1/0', () => {}).backlog).toHaveLength(999);
  });

  it('stops listening when unsubscribed', async () => {
    const { engine } = scriptedEngine([1, 1]);
    const hub = new NotificationHub(engine);
    const received: string[] = [];
    const { stop } = hub.subscribe(undefined, (message) => received.push(message.id));
    await hub.drain();
    stop();
    await hub.drain();
    expect(received).toEqual(['c0/1/0']);
  });

  it('sends a keep-alive comment on an idle stream every heartbeatMs, and tells a client it cannot resume to reload', async () => {
    const server = serverOn({ heartbeatMs: 20 });
    const { port } = await server.listen();
    try {
      const open = async (headers: Record<string, string>) => {
        const response = await fetch(`http://127.0.0.1:${port}/notifications/stream`, { headers: { authorization: `Bearer ${await tokenFor(walkers.center)}`, ...headers } });
        return { response, reader: response.body!.pipeThrough(new TextDecoderStream()).getReader() };
      };
      const idle = await open({});
      expect(idle.response.headers.get('content-type')).toContain('text/event-stream');
      let text = '';
      while (!text.includes(': keep-alive\n\n')) text += (await idle.reader.read()).value ?? '';
      expect(text).toMatch(/^event: ready\ndata: \{\}\nretry: 3000\n\n/);
      await idle.reader.cancel();
      const lost = await open({ 'last-event-id': 'gone/1/0' });
      let reset = '';
      while (!reset.includes('event: ready')) reset += (await lost.reader.read()).value ?? '';
      expect(reset).toMatch(/^event: reset\ndata: \{"lastEventId":"gone\/1\/0","reason":"not kept any more: reload the lists"\}\n\n/);
      await lost.reader.cancel();
      expect((await fetch(`http://127.0.0.1:${port}/notifications/stream?x=1`, { headers: { authorization: `Bearer ${await tokenFor(walkers.center)}` } })).status).toBe(400);
    } finally {
      await server.close();
    }
  }, 15_000);
});

describe('the case routes (src/server/routes/cases.ts)', () => {
  const opening = (caseId: string) => ({ caseId, title: '城东农贸市场安全综合执法', itemNo: 1, origin: 'application', applicant: 'market-regulation' });
  const json = { 'content-type': 'application/json' };

  it('passes each list filter to the engine', async () => {
    const server = serverOn();
    expect((await send(server, 'POST', '/cases', walkers.market, { headers: json, body: JSON.stringify(opening('f-1')) })).status).toBe(201);
    const ids = async (query: string) => {
      const answer = await send(server, 'GET', `/cases?${query}`, walkers.center);
      expect(answer.status, `${query}: ${JSON.stringify(answer.json)}`).toBe(200);
      return (answer.json as { items: { caseId: string }[] }).items.map((item) => item.caseId);
    };
    expect(await ids('state=preliminaryReview')).toEqual(['f-1']);
    for (const query of ['state=archived', 'unit=justice', 'origin=leaderAssignment', 'itemNo=2', 'overdue=true', 'openedFrom=2099-01-01T00:00:00%2B08:00', 'openedTo=2000-01-01T00:00:00%2B08:00']) {
      expect(await ids(query), query).toEqual([]);
    }
    for (const query of ['unit=market-regulation', 'origin=application', 'itemNo=1', 'overdue=false', 'openedFrom=2000-01-01T00:00:00%2B08:00', 'openedTo=2099-12-31T00:00:00%2B08:00', 'limit=1']) {
      expect(await ids(query), query).toEqual(['f-1']);
    }
    expect(await send(server, 'GET', '/cases?cursor=abc', walkers.center)).toMatchObject({ status: 400 });
  });

  it('refuses a dossier of an open case with 409, in words', async () => {
    const server = serverOn();
    await send(server, 'POST', '/cases', walkers.market, { headers: json, body: JSON.stringify(opening('d-1')) });
    expect(await send(server, 'GET', '/cases/d-1/dossier', walkers.center)).toMatchObject({
      status: 409,
      json: { code: 'INVALID_INPUT', detail: 'case "d-1" is still open (state preliminaryReview): only a closed case has a dossier', detailZh: '输入有误：案件仍在办理中（初审），办结后才有案卷' },
    });
  });

  it('answers a stale If-Match with 412 and both versions, and a body naming by in words', async () => {
    const server = serverOn();
    await send(server, 'POST', '/cases', walkers.market, { headers: json, body: JSON.stringify(opening('v-1')) });
    const stale = await send(server, 'POST', '/cases/v-1/events', walkers.center, { headers: { ...json, 'if-match': '"3"' }, body: JSON.stringify({ type: 'review.pass' }) });
    expect(stale).toMatchObject({ status: 412, json: { status: 412, code: 'VERSION_CONFLICT', context: { caseId: 'v-1' } } });
    expect(JSON.stringify(stale.json)).toMatch(/"3"|:3\b/);
    const named = await send(server, 'POST', '/cases', walkers.market, { headers: json, body: JSON.stringify({ ...opening('v-2'), by: walkers.market }) });
    expect(named).toMatchObject({ status: 400, json: { detail: 'the request body may not name "by": who acts is the authenticated caller (Authorization header)', context: { field: 'by' } } });
  });
});

describe('problems (src/server/_lib/problem.ts)', () => {
  /** A server whose engine's list throws `error`, reporting to `reported`. */
  function failingWith(error: unknown) {
    const reported: unknown[] = [];
    const engine = { ...createCaseEngine(), list: () => Promise.reject(error) } as CaseEngine;
    const server = createServer({ engine, authenticate: () => ({ unit: 'command-center' }), onError: (failure) => reported.push(failure) });
    return { server, reported };
  }

  it('answers the library’s errors with their status and the request path, reporting only those that are the server’s', async () => {
    const missing = failingWith(new LinkedEnforcementError('CASE_NOT_FOUND', 'no case c1', { context: { caseId: 'c1' } }));
    const notFound = await send(missing.server, 'GET', '/cases', undefined);
    expect(notFound).toMatchObject({ status: 404, json: { status: 404, code: 'CASE_NOT_FOUND', detail: 'no case c1', instance: '/cases', context: { caseId: 'c1' } } });
    expect(notFound.headers.get('retry-after')).toBeNull();
    expect(missing.reported).toEqual([]);
    const away = failingWith(new LinkedEnforcementError('STORE_UNAVAILABLE', 'the store is away'));
    const unavailable = await send(away.server, 'GET', '/cases', undefined);
    expect(unavailable).toMatchObject({ status: 503, json: { code: 'STORE_UNAVAILABLE', instance: '/cases' } });
    expect(unavailable.headers.get('retry-after')).toBe('1');
    expect(away.reported).toEqual([]);
    const corrupt = new LinkedEnforcementError('BLOB_CORRUPT', 'the stored file changed');
    const broken = failingWith(corrupt);
    expect(await send(broken.server, 'GET', '/cases', undefined)).toMatchObject({ status: 500, json: { status: 500, code: 'BLOB_CORRUPT', instance: '/cases' } });
    expect(broken.reported).toEqual([corrupt]);
  });

  it('answers anything else with a bare 500 that shows nothing of it', async () => {
    const { server, reported } = failingWith(new TypeError('secret detail'));
    const answer = await send(server, 'GET', '/cases?limit=2', undefined);
    expect(answer).toMatchObject({ status: 500, json: { type: 'about:blank', title: '服务器内部错误', status: 500, detail: 'internal error', instance: '/cases' } });
    expect(Object.keys(answer.json!).sort()).toEqual(['detail', 'instance', 'status', 'title', 'type']);
    expect(answer.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(reported).toEqual([expect.objectContaining({ message: 'secret detail' })]);
  });
});

describe('request bodies and parameters in words (src/server/_lib/request.ts)', () => {
  const events = '/cases/nobody/events';

  it('refuses a JSON body of another type, empty, not UTF-8 or over the limit, saying which', async () => {
    const server = serverOn({ maxBodyBytes: 20 });
    const type = `text/plain; ${'x'.repeat(150)}`;
    expect(await send(server, 'POST', events, walkers.center, { headers: { 'content-type': type }, body: '{}' })).toMatchObject({
      status: 415,
      json: { detail: `the request body must be application/json, not "${type.slice(0, 100)}"`, detailZh: '输入有误：请求体须为 JSON（application/json）', context: { contentType: type.slice(0, 100) } },
    });
    const json = { 'content-type': 'application/json' };
    expect(await send(server, 'POST', events, walkers.center, { headers: json, body: '' })).toMatchObject({ status: 400, json: { detail: 'the request needs a JSON object body', detailZh: '输入有误：请求体须为 JSON 对象' } });
    expect(await send(server, 'POST', events, walkers.center, { headers: json, body: new Uint8Array([0x7b, 0xff, 0x7d]) })).toMatchObject({ status: 400, json: { detail: 'the request body is not UTF-8', detailZh: '输入有误：请求体不是 UTF-8 编码' } });
    expect(await send(server, 'POST', events, walkers.center, { headers: json, body: `{"type":"${'x'.repeat(30)}"}` })).toMatchObject({ status: 413, json: { detailZh: '输入有误：请求体超过 20 字节' } });
    expect(await send(server, 'POST', events, walkers.center, { headers: json, body: '{"type": x}' })).toMatchObject({ status: 400, json: { detail: expect.stringMatching(/^the request body is not JSON: ./), detailZh: '输入有误：请求体不是有效的 JSON' } });
    for (const body of ['[]', '7', 'null', '"text"']) {
      expect(await send(server, 'POST', events, walkers.center, { headers: json, body }), body).toMatchObject({ status: 400, json: { detail: 'the request body must be a JSON object', detailZh: '输入有误：请求体须为 JSON 对象' } });
    }
    const header = `"${'1'.repeat(150)}"`;
    expect(await send(server, 'POST', events, walkers.center, { headers: { ...json, 'if-match': header }, body: '{}' })).toMatchObject({
      status: 400,
      json: { detail: `If-Match must be one case version as an ETag, e.g. "3", not ${JSON.stringify(header.slice(0, 100))}`, context: { header: header.slice(0, 100) } },
    });
    // A declared Content-Length at the limit is read; one over it is refused unread.
    const body = '{"type":"case.urge"}';
    expect(await send(server, 'POST', events, walkers.center, { headers: { ...json, 'content-length': '20' }, body })).toMatchObject({ status: 422 });
    expect(await send(server, 'POST', events, walkers.center, { headers: { ...json, 'content-length': '21' }, body })).toMatchObject({ status: 413 });
  });

  it('reads a body as JSON when it says application/json, a +json type, or no type at all', async () => {
    const server = serverOn();
    const body = '{"type":"review.pass"}';
    for (const type of ['application/json', 'Application/JSON; charset=utf-8', 'application/json ; charset=utf-8', 'application/vnd.siyang+json', 'application/a+json']) {
      expect(await send(server, 'POST', events, walkers.center, { headers: { 'content-type': type }, body }), type).toMatchObject({ status: 404, json: { code: 'CASE_NOT_FOUND' } });
    }
    // A byte body carries no Content-Type: it is read as JSON.
    expect(await send(server, 'POST', events, walkers.center, { body: new TextEncoder().encode(body) })).toMatchObject({ status: 404, json: { code: 'CASE_NOT_FOUND' } });
    for (const type of ['x-application/json', 'text/json', 'application/jsonp', 'application/+json', 'application/json-seq']) {
      expect(await send(server, 'POST', events, walkers.center, { headers: { 'content-type': type }, body }), type).toMatchObject({ status: 415 });
    }
  });

  it('names a long wrong parameter value by its first 100 characters', async () => {
    const server = serverOn();
    const long = '9'.repeat(150);
    expect(await send(server, 'GET', `/calendar/add?date=2026-09-30&n=${long}`, undefined)).toMatchObject({
      status: 400,
      json: { detail: `query parameter n must be a whole number from -3650 to 3650, not "${long.slice(0, 100)}"`, context: { value: long.slice(0, 100) } },
    });
    const format = 'x'.repeat(150);
    expect(await send(server, 'GET', `/diagram?format=${format}`, undefined)).toMatchObject({
      status: 400,
      json: { detail: `query parameter format must be one of mermaid, json, not "${format.slice(0, 100)}"`, context: { value: format.slice(0, 100) } },
    });
  });

  it('takes a document whose declared Content-Length is exactly the store’s limit', async () => {
    const server = serverOn({ blobs: memoryBlobStore({ maxBytes: 16 }) });
    expect(await send(server, 'POST', '/documents?name=16.pdf', walkers.market, { headers: { ...pdfType, 'content-length': '16' }, body: new Uint8Array(16).fill(0x25) })).toMatchObject({ status: 201 });
  });
});
