import type { Context, Hono } from 'hono';
import { documentNameSchema, mediaTypeSchema, sha256Schema, type DocumentReference } from '../../../machines/schemas.js';
import { blobNotFound } from '../../blobs/_lib/blobInput.js';
import type { BlobStore } from '../../blobs/types.js';
import { parseArgument } from '../../_lib/validate.js';
import type { ServerEnv } from '../_lib/env.js';
import { badRequest, httpProblem } from '../_lib/problem.js';
import { bodyBytes, queryOf, requiredParameter } from '../_lib/request.js';

/** What the document routes need from the server: the engine's blob store, if it has one. */
export interface DocumentRouteOptions {
  readonly blobs: BlobStore | undefined;
  /** The server's path prefix (`''` at the root): `Location` headers carry it. */
  readonly basePath: string;
}

/** Where the document of `ref` is read back, under the server's `basePath`: its hash in the path, the rest of its reference in the query. */
export function documentLocation(ref: DocumentReference, basePath = ''): string {
  const query = new URLSearchParams({ mediaType: ref.mediaType, size: String(ref.size), name: ref.name });
  return `${basePath}/documents/${ref.sha256}?${query.toString()}`;
}

/** The blob store, or 404: without one the server offers no documents, as for any route it does not have. */
function storeOf(blobs: BlobStore | undefined): BlobStore {
  if (blobs !== undefined) return blobs;
  throw httpProblem(404, 'INVALID_INPUT', 'this server keeps no documents: its engine was made without a blob store (createCaseEngine({ blobs }))', { reason: 'noBlobStore' }, {}, '输入有误：本服务未配置文件存储，不能上传或下载法律文书');
}

/** The media type of the request body, lowercase and without parameters (`Application/PDF; x=y` → `application/pdf`), or 415 when the store does not take it. */
function uploadedMediaType(c: Context<ServerEnv>, blobs: BlobStore): string {
  const header = c.req.header('content-type');
  const mediaType = header?.split(';')[0]!.trim().toLowerCase() ?? '';
  if (!blobs.limits.mediaTypes.includes(mediaType)) {
    throw httpProblem(
      415,
      'INVALID_INPUT',
      header === undefined ? `a document needs a Content-Type: one of ${blobs.limits.mediaTypes.join(', ')}` : `the blob store takes no "${mediaType.slice(0, 100)}" documents; it takes ${blobs.limits.mediaTypes.join(', ')}`,
      { mediaType: mediaType.slice(0, 100), accepted: blobs.limits.mediaTypes },
      {},
      `输入有误：不接受此类文件（${mediaType.slice(0, 100) || '未注明 Content-Type'}），可上传 PDF、OFD、JPEG、PNG、Word、Excel 或 ZIP 等`,
    );
  }
  return mediaType;
}

/** `size` as a whole number of bytes, 1 or more. */
function sizeParameter(query: Map<string, string>): number {
  const value = requiredParameter(query, 'size');
  const size = /^[1-9][0-9]{0,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(size)) throw badRequest(`query parameter size must be the file's size in bytes (a whole number from 1), not "${value.slice(0, 100)}"`, { parameter: 'size', value: value.slice(0, 100) }, '输入有误：查询参数 size 须为文件大小（字节数，正整数）');
  return size;
}

/** The attachment header: an ASCII name for old clients (non-ASCII characters and quotes replaced), the real one as RFC 6266 `filename*`. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The document routes (法律文书): upload a file into the engine's blob store (`POST /documents`)
 * and read one back (`GET /documents/{sha256}`). Any signed-in caller may do both, as any
 * signed-in caller may read a case and the references its events carry.
 */
export function documentRoutes(app: Hono<ServerEnv>, { blobs, basePath }: DocumentRouteOptions): void {
  app.post('/documents', async (c) => {
    const store = storeOf(blobs);
    const query = queryOf(c, ['name']);
    // The name is checked before the body is read: a wrong one costs no upload.
    const name = parseArgument(documentNameSchema, requiredParameter(query, 'name'), 'name');
    const mediaType = uploadedMediaType(c, store);
    const { maxBytes } = store.limits;
    const tooLarge = () => httpProblem(413, 'INVALID_INPUT', `the document is over the blob store's limit of ${maxBytes} bytes`, { maxBytes }, {}, `输入有误：文件超过 ${maxBytes} 字节的上限`);
    const bytes = await bodyBytes(c, maxBytes, tooLarge);
    if (bytes.length === 0) throw badRequest('the request body is the document: it is empty', { size: 0 }, '输入有误：上传的文件为空');
    const ref = await store.put(bytes, { name, mediaType });
    return c.json(ref, 201, { location: documentLocation(ref, basePath) });
  });

  app.get('/documents/:sha256', async (c) => {
    const store = storeOf(blobs);
    const query = queryOf(c, ['mediaType', 'size', 'name']);
    const sha256 = parseArgument(sha256Schema, c.req.param('sha256'), 'sha256');
    const mediaType = parseArgument(mediaTypeSchema, requiredParameter(query, 'mediaType'), 'mediaType');
    const size = sizeParameter(query);
    const name = parseArgument(documentNameSchema, query.get('name') ?? sha256, 'name');
    const ref = { name, sha256, size, mediaType };
    // A reference the store does not hold (another size or type too) is the server's 404, named as such; a held one is re-hashed by get.
    if (!(await store.has(ref))) blobNotFound(ref, "server's");
    const bytes = await store.get(ref);
    const body = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    return c.body(body, 200, {
      'content-type': mediaType,
      'content-disposition': attachment(name),
      // The bytes of a hash never change; they are the caller's to keep, not a shared cache's.
      'cache-control': 'private, max-age=31536000, immutable',
      etag: `"${sha256}"`,
      'x-content-type-options': 'nosniff',
    });
  });
}
