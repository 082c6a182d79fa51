/**
 * The page's client of the package's HTTP server (`linked-enforcement/server`, mounted at `/api`
 * by server.ts) and of the demo's clock (`/dev/clock`). Who acts goes in the development
 * authenticator's headers; a refusal comes back as an RFC 9457 problem, thrown as {@link ApiProblem}.
 */
import type { Actor, DocumentReference } from 'linked-enforcement';

/** An `application/problem+json` answer: `title` is Chinese, `detail` English, `detailZh` Chinese. */
export interface Problem {
  readonly status: number;
  readonly title: string;
  readonly code?: string;
  readonly detail?: string;
  readonly detailZh?: string;
}

/** A refusal (or failure) of a request, with its problem body. */
export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.code ?? ''} ${problem.detail ?? problem.title}`);
  }
}

/**
 * The development authenticator's headers for `by` (`X-Actor-Unit`, or `X-Actor-Leader: post:name`),
 * percent-encoded: header values are Latin-1 and a leader's name is Chinese.
 *
 * @example
 * actorHeaders({ leader: { name: '李副县长', post: 'inCharge' } })
 * //=> { 'x-actor-leader': 'inCharge:%E6%9D%8E%E5%89%AF%E5%8E%BF%E9%95%BF' }
 */
export function actorHeaders(by: Actor): Record<string, string> {
  if ('unit' in by) return { 'x-actor-unit': encodeURIComponent(by.unit) };
  if ('leader' in by) return { 'x-actor-leader': `${by.leader.post}:${encodeURIComponent(by.leader.name)}` };
  return {};
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    const body = (await response.json()) as Partial<Problem>;
    return { ...body, status: response.status, title: body.title ?? response.statusText };
  } catch {
    return { status: response.status, title: response.statusText || '请求失败' };
  }
}

/** A request as `by`; the answer's body (JSON, text or bytes) or a thrown {@link ApiProblem}. */
export async function request(path: string, by: Actor | undefined, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { ...(by === undefined ? {} : actorHeaders(by)), ...(init.headers as Record<string, string> | undefined) } });
  } catch (error) {
    throw new ApiProblem({ status: 0, title: '无法连接服务器', detail: String(error) });
  }
  if (!response.ok) throw new ApiProblem(await problemOf(response));
  return response;
}

export const getJson = async <T>(path: string, by?: Actor): Promise<T> => (await (await request(path, by)).json()) as T;

export const postJson = async <T>(path: string, by: Actor | undefined, body: unknown, headers: Record<string, string> = {}): Promise<T> =>
  (await (await request(path, by, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })).json()) as T;

/** `/api/cases/SY-2026-001`. */
export const casePath = (caseId: string, tail = '') => `/api/cases/${encodeURIComponent(caseId)}${tail}`;

/**
 * Uploads each file into the server's blob store (`POST /documents?name=…`, the bytes as the body
 * with the file's media type) and returns their references `{ name, sha256, size, mediaType }`,
 * which an event's `documents` then carries: the engine refuses a reference it does not hold.
 */
export async function uploadDocuments(files: readonly File[], by: Actor): Promise<DocumentReference[]> {
  return Promise.all(
    files.map(async (file) => {
      const response = await request(`/api/documents?name=${encodeURIComponent(file.name)}`, by, {
        method: 'POST',
        headers: { 'content-type': file.type === '' ? 'application/octet-stream' : file.type },
        body: file,
      });
      return (await response.json()) as DocumentReference;
    }),
  );
}

/** `/api/documents/<sha256>?mediaType=&size=&name=`: where a stored document is read back. */
export const documentPath = (ref: DocumentReference) => `/api/documents/${ref.sha256}?${new URLSearchParams({ mediaType: ref.mediaType, size: String(ref.size), name: ref.name }).toString()}`;
