/**
 * A county back end embedding the engine: open / send / get / list / sweep over JSON on
 * `node:http`, the way another county system would. Run it with
 * `npx tsx examples/http-server/server.ts` and try `curl localhost:8080/cases`.
 *
 * Who acts (`by`) comes from the request body here so the example stays small; a real deployment
 * takes it from its own authentication and never trusts the body for it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createCaseEngine, isLinkedEnforcementError, type CaseEngine, type ErrorCode } from 'linked-enforcement';

/** How each error code reads over HTTP. */
const statusOf: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  INVALID_EVENT: 400,
  INVALID_DATE: 400,
  INVALID_CATALOG: 400,
  UNKNOWN_ITEM: 400,
  UNKNOWN_UNIT: 400,
  LOCALITY_REQUIRED: 400,
  OUT_OF_COVERAGE: 400,
  NOT_ALLOWED: 403,
  CASE_NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  INCOMPATIBLE_SNAPSHOT: 500,
  STORE_UNAVAILABLE: 503,
  BLOB_NOT_FOUND: 404,
  BLOB_CORRUPT: 500,
};

const MAX_BODY_BYTES = 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly context?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** A path segment, percent-decoded; `%E0%A4%A` is the client's mistake (400), not ours (500). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'INVALID_INPUT', `the path segment "${segment}" is not valid URL encoding (percent-encoded UTF-8)`, { segment });
  }
}

/** `?name=true|false`, or undefined when absent; anything else is refused, never read as false. */
function integerParameter(url: URL, name: string): number | undefined {
  const value = url.searchParams.get(name);
  if (value === null) return undefined;
  if (/^[1-9][0-9]{0,5}$/u.test(value)) return Number(value);
  throw new HttpError(400, 'INVALID_INPUT', `query parameter ${name} must be a positive whole number, not "${value}"`, { parameter: name, value });
}

function booleanParameter(url: URL, name: string): boolean | undefined {
  const value = url.searchParams.get(name);
  if (value === null) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new HttpError(400, 'INVALID_INPUT', `query parameter ${name} must be true or false, not "${value}"`, { parameter: name, value, accepted: ['true', 'false'] });
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'INVALID_INPUT', 'request body over 1 MiB');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'INVALID_INPUT', 'request body is not JSON');
  }
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function versionFrom(request: IncomingMessage): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const version = Number(String(header).replace(/"/g, ''));
  if (!Number.isInteger(version) || version < 0) throw new HttpError(400, 'INVALID_INPUT', 'If-Match must be a case version number');
  return version;
}

/**
 * Routes:
 * - `POST /cases` — open a case (body: the case input, with `by`: who opens it; 403 when they may not)
 * - `GET /cases?state=&unit=&overdue=true|false&origin=&itemNo=&openedFrom=&openedTo=&limit=&cursor=` — one page of the list:
 *   `{ items, nextCursor, failed }` (pass `nextCursor` back as `cursor` for the next page)
 * - `GET /cases/:id` — one case view
 * - `POST /cases/:id/events` — send an event; `If-Match: <version>` and `Idempotency-Key` headers
 * - `GET /cases/:id/history` — the audit log
 * - `GET /cases/:id/audit` — verify the hash chain
 * - `GET /cases/:id/allowed-events?unit=…` — what that unit may do now
 * - `POST /sweep` — mark passed deadlines overdue
 */
export function createCaseServer(engine: CaseEngine): Server {
  return createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const parts = url.pathname.split('/').filter(Boolean).map(decodeSegment);
      const route = `${request.method} /${parts.map((part, index) => (index === 1 ? ':id' : part)).join('/')}`;
      const caseId = parts[1] ?? '';
      switch (route) {
        case 'POST /cases':
          return reply(response, 201, await engine.open((await readJson(request)) as never));
        case 'GET /cases': {
          const overdue = booleanParameter(url, 'overdue');
          const itemNo = integerParameter(url, 'itemNo');
          const limit = integerParameter(url, 'limit');
          const text = (name: string) => (url.searchParams.has(name) ? { [name]: url.searchParams.get(name) } : {});
          const query = {
            ...text('state'),
            ...text('unit'),
            ...text('origin'),
            ...text('openedFrom'),
            ...text('openedTo'),
            ...text('cursor'),
            ...(overdue === undefined ? {} : { overdue }),
            ...(itemNo === undefined ? {} : { itemNo }),
            ...(limit === undefined ? {} : { limit }),
          };
          // The engine checks every filter (INVALID_INPUT → 400).
          return reply(response, 200, await engine.list(query as never));
        }
        case 'GET /cases/:id':
          return reply(response, 200, await engine.get(caseId));
        case 'POST /cases/:id/events': {
          const expectedVersion = versionFrom(request);
          const idempotencyKey = request.headers['idempotency-key'];
          const options = {
            ...(expectedVersion === undefined ? {} : { expectedVersion }),
            ...(typeof idempotencyKey === 'string' ? { idempotencyKey } : {}),
          };
          return reply(response, 200, await engine.send(caseId, (await readJson(request)) as never, options));
        }
        case 'GET /cases/:id/history':
          return reply(response, 200, await engine.history(caseId));
        case 'GET /cases/:id/audit':
          return reply(response, 200, await engine.verifyAudit(caseId));
        case 'GET /cases/:id/allowed-events': {
          const unit = url.searchParams.get('unit');
          if (!unit) throw new HttpError(400, 'INVALID_INPUT', 'give ?unit=<unit id>');
          return reply(response, 200, await engine.allowedEvents(caseId, { unit }));
        }
        case 'POST /sweep':
          return reply(response, 200, await engine.sweep());
        default:
          throw new HttpError(404, 'NOT_FOUND', `no route ${request.method} ${url.pathname}`);
      }
    } catch (error) {
      if (error instanceof HttpError) {
        return reply(response, error.status, { error: { code: error.code, message: error.message, ...(error.context === undefined ? {} : { context: error.context }) } });
      }
      if (isLinkedEnforcementError(error)) {
        return reply(response, statusOf[error.code], { error: { code: error.code, message: error.message, context: error.context, issues: error.issues } });
      }
      console.error(error);
      return reply(response, 500, { error: { code: 'INTERNAL', message: 'internal error' } });
    }
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = Number(process.env.PORT ?? 8080);
  const engine = createCaseEngine({ onNotification: (n) => console.log(`✉ ${n.kind} → ${JSON.stringify(n.recipients)}: ${n.message}`) });
  createCaseServer(engine).listen(port, '127.0.0.1', () => console.log(`linked-enforcement example back end on http://127.0.0.1:${port}`));
}
