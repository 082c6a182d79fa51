import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { actorSchema } from '../../machines/schemas.js';
import { siyangCatalog } from '../catalog.js';
import { LinkedEnforcementError } from '../errors.js';
import type { CaseEngine, NotificationHandler } from '../engine/types.js';
import { invalidInput } from '../_lib/validate.js';
import type { Authenticator } from './authenticate.js';
import { basePathRule, isBasePath } from './_lib/basePath.js';
import type { ServerEnv } from './_lib/env.js';
import { httpProblem, problemResponse } from './_lib/problem.js';
import { checkUrlEncoding, queryOf } from './_lib/request.js';
import { openApiDocument } from './openapi.js';
import { caseRoutes } from './routes/cases.js';
import { documentRoutes } from './routes/documents.js';
import { inboxRoutes } from './routes/inbox.js';
import { NotificationHub, notificationRoutes } from './routes/notifications.js';
import { referenceRoutes } from './routes/reference.js';
import { statsRoutes } from './routes/stats.js';

/** The options of {@link createServer}. */
export interface ServerOptions {
  /** The case engine the routes drive. The server delivers its outbox (发件箱) to the notification stream. */
  readonly engine: CaseEngine;
  /** Who acts for a request: `jwtAuthenticator(…)`, `developmentAuthenticator()` or your own. */
  readonly authenticate: Authenticator;
  /** The largest request body (default 1 MiB): a larger one is 413. */
  readonly maxBodyBytes?: number;
  /** Also called for every notification the server takes from the outbox (an SMS gateway…). */
  readonly onNotification?: NotificationHandler;
  /** How often the outbox is polled for other processes' writes (default 1 000 ms). */
  readonly pollMs?: number;
  /** A comment line on idle notification streams this often (default 15 000 ms), so proxies keep them open. */
  readonly heartbeatMs?: number;
  /** Where a failure that is the server's (a 500) is reported (default `console.error`). */
  readonly onError?: (error: unknown) => void;
  /**
   * The command center's unit id (综合指挥调度中心), which reads the statistics with the county
   * leaders (default: the Siyang catalog's `roles.commandCenter`; pass yours with a catalog of your own).
   */
  readonly commandCenterUnit?: string;
  /**
   * The path the routes live under when the app is mounted below the root of a server of your own
   * (e.g. `/api`: `GET /api/cases/c1`, `Location: /api/cases/c1`); default `''`, the root.
   * Segments of letters, digits and `-._~`; no trailing slash.
   */
  readonly basePath?: string;
}

/** What {@link createServer} returns. */
export interface CaseServer {
  /** The Hono app: mount it in another app, or call `app.request(…)` in tests. */
  readonly app: Hono<ServerEnv>;
  /** The Fetch API handler (Node 20's `Request` → `Response`), for any runtime. */
  readonly fetch: (request: Request) => Promise<Response>;
  /** The OpenAPI 3.1 document served at `<basePath>/openapi.json` (with `servers: [{ url: basePath }]` below the root). */
  readonly openApi: Record<string, unknown>;
  /** Listens on Node's HTTP server (`hostname` default `127.0.0.1`, `port` 0 for any free one); starts delivering notifications. */
  listen(options?: { readonly port?: number; readonly hostname?: string }): Promise<{ readonly port: number; readonly server: ServerType }>;
  /**
   * Starts delivering notifications (polling the outbox every `pollMs`) without listening: for
   * the app mounted in a server of your own, so `onNotification` and the streams get other
   * processes' writes from start-up on. The first request the app answers starts it too.
   */
  start(): void;
  /** Stops delivering notifications and closes the listening server (open streams end). Requests after it do not restart the polling; `start()` or `listen()` does. */
  close(): Promise<void>;
}

/** Routes any caller may read, signed in or not (paths below `basePath`). */
const PUBLIC_PATHS = /^\/(?:health|openapi\.json|catalog|calendar\/.*|diagram)$/;

/**
 * The HTTP service of the case engine (`linked-enforcement/server`, on Hono): the case routes
 * (with the printable 案卷 of a closed case), the legal documents (法律文书: upload and read back, when the engine has `blobs`), the caller's 待办 and 已办, the statistics (统计报表: JSON, CSV or XLSX), the caller's
 * notifications as server-sent events, the catalog, working days, the diagram (highlighted for a case),
 * `/health` and `/openapi.json`. Who acts comes from `authenticate` (never from the body);
 * every refusal is an RFC 9457 problem (`application/problem+json`) with the error code, its
 * context and a Chinese title; bad input is 4xx, never 500.
 *
 * @param options - `engine`, `authenticate`, and the optional limits and `basePath`.
 * @returns The app, its `fetch`, the OpenAPI document, `listen`, `start` and `close`.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` without an engine or an authenticator, for a bad limit, an empty `commandCenterUnit` or a malformed `basePath`.
 * @example
 * const server = createServer({ engine: createCaseEngine(), authenticate: jwtAuthenticator({ secret }) });
 * const { port } = await server.listen({ port: 8080 });
 * port
 * //=> 8080
 */
export function createServer(options: ServerOptions): CaseServer {
  if (typeof options !== 'object' || options === null) invalidInput('options', 'must be an object with engine and authenticate');
  const { engine, authenticate, commandCenterUnit = siyangCatalog.roles.commandCenter, maxBodyBytes = 1024 * 1024, pollMs = 1000, heartbeatMs = 15_000, onError = (error: unknown) => console.error(error) } = options;
  if (typeof engine !== 'object' || engine === null || typeof engine.send !== 'function') invalidInput('options.engine', 'must be a case engine (createCaseEngine)');
  if (typeof authenticate !== 'function') invalidInput('options.authenticate', 'must be a function (request) => actor');
  if (typeof commandCenterUnit !== 'string' || commandCenterUnit.trim() === '') invalidInput('options.commandCenterUnit', 'must be a unit id');
  const basePath = options.basePath ?? '';
  if (!isBasePath(basePath)) invalidInput('options.basePath', `must be ${basePathRule}`);
  for (const [name, value] of Object.entries({ maxBodyBytes, pollMs, heartbeatMs })) {
    if (!Number.isInteger(value) || value < 1) invalidInput(`options.${name}`, 'must be a positive whole number');
  }
  // Stryker disable next-line ConditionalExpression: the hub calls onNotification with ?.: passing it as undefined is the same as leaving it out.
  const hub = new NotificationHub(engine, { pollMs, ...(options.onNotification === undefined ? {} : { onNotification: options.onNotification }) });
  const openApi = basePath === '' ? openApiDocument() : { ...openApiDocument(), servers: [{ url: basePath }] };
  // Hono's basePath prefixes every route; the app still answers (404) a path outside it.
  const app = basePath === '' ? new Hono<ServerEnv>() : (new Hono<ServerEnv>().basePath(basePath) as unknown as Hono<ServerEnv>);

  app.onError((error, c) => problemResponse(c, error, onError));
  app.notFound((c) => problemResponse(c, httpProblem(404, 'INVALID_INPUT', `no route ${c.req.method} ${new URL(c.req.url).pathname.slice(0, 200)}`, { method: c.req.method }, {}, '输入有误：没有这个接口'), onError));

  // Polling the outbox starts with listen(), start() or the first request: an app mounted in
  // another server (never listening itself) still delivers other processes' notifications.
  let stopped = false;
  app.use(async (c, next) => {
    if (!stopped) hub.start();
    checkUrlEncoding(c.req.url);
    const url = new URL(c.req.url);
    const path = url.pathname.slice(basePath.length);
    // The diagram highlighted for a case shows that case's state: read as the case itself is, signed in.
    if (url.pathname.startsWith(basePath) && PUBLIC_PATHS.test(path) && !(path === '/diagram' && url.searchParams.has('case'))) return next();
    let actor: unknown;
    try {
      actor = await authenticate(c.req.raw);
      // Stryker disable next-line BlockStatement: when authenticate throws, actor was never assigned and is undefined already.
    } catch {
      actor = undefined;
    }
    // Stryker disable next-line ConditionalExpression: the schema refuses undefined too, so the check only spares a parse.
    const parsed = actor === undefined ? undefined : actorSchema.safeParse(actor);
    if (parsed === undefined || !parsed.success) {
      throw httpProblem(401, 'NOT_ALLOWED', 'authentication required: send a valid Authorization: Bearer <JWT>', { reason: 'unauthenticated' }, { 'www-authenticate': 'Bearer' }, '未认证：请在 Authorization 头中提供有效的令牌（Bearer JWT）');
    }
    c.set('actor', parsed.data);
    return next();
  });

  app.get('/health', async (c) => {
    queryOf(c, []);
    // One cheap read proves the store answers; a store that is away is a 503 from the error handler.
    try {
      // Stryker disable next-line ObjectLiteral: any read proves the store answers; the limit only keeps it cheap.
      await engine.store.caseIds({ limit: 1 });
    } catch (error) {
      throw new LinkedEnforcementError('STORE_UNAVAILABLE', `the ${engine.store.name} store does not answer`, { context: { store: engine.store.name, retryable: true }, cause: error });
    }
    return c.json({ status: 'ok', store: engine.store.name, machineVersion: engine.machineVersion, documents: engine.blobs !== undefined });
  });
  app.get('/openapi.json', (c) => {
    queryOf(c, []);
    return c.json(openApi);
  });
  caseRoutes(app, { engine, maxBodyBytes, afterWrite: () => void hub.drain(), basePath });
  inboxRoutes(app, { engine });
  statsRoutes(app, { engine, commandCenterUnit });
  notificationRoutes(app, hub, { heartbeatMs });
  referenceRoutes(app, { engine });
  documentRoutes(app, { blobs: engine.blobs, basePath });

  let listening: ServerType | undefined;
  return {
    app,
    fetch: async (request) => app.fetch(request),
    openApi,
    listen({ port = 0, hostname = '127.0.0.1' } = {}) {
      // Stryker disable next-line BooleanLiteral: hub.start() below starts the polling either way; only close() stops it, and close() sets stopped again.
      stopped = false;
      hub.start();
      return new Promise((resolve, reject) => {
        const server = serve({ fetch: app.fetch, port, hostname }, (info) => resolve({ port: info.port, server }));
        server.once('error', reject);
        listening = server;
      });
    },
    start() {
      // Stryker disable next-line BooleanLiteral: as in listen(): hub.start() starts the polling, which only close() stops.
      stopped = false;
      hub.start();
    },
    async close() {
      stopped = true;
      hub.stop();
      const server = listening;
      listening = undefined;
      if (server === undefined) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Stryker disable next-line OptionalChaining: listen() makes a node:http server, which has closeAllConnections on Node 20; ?. guards other ServerTypes.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
