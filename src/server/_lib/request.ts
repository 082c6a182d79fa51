import type { Context } from 'hono';
import { badRequest, httpProblem } from './problem.js';

/** Percent-decodes a path or query part; a broken escape (`%E0%A4%A`) is the client's mistake: 400. */
export function checkUrlEncoding(url: string): void {
  const { pathname, search } = new URL(url);
  for (const [part, text] of [
    ['path', pathname],
    ['query', search.replace(/\+/g, ' ')],
  ] as const) {
    try {
      decodeURIComponent(text);
    } catch {
      throw badRequest(`the request ${part} is not valid URL encoding (percent-encoded UTF-8)`, { part, text: text.slice(0, 200) }, `输入有误：请求${part === 'path' ? '路径' : '参数'}的 URL 编码无效`);
    }
  }
}

/**
 * The query parameters, each given at most once and each one the route knows: an unknown or
 * repeated one is refused rather than ignored (a typo would silently widen a list).
 */
export function queryOf(c: Context, known: readonly string[]): Map<string, string> {
  const params = new URL(c.req.url).searchParams;
  const result = new Map<string, string>();
  for (const [name, value] of params) {
    if (!known.includes(name)) throw badRequest(`unknown query parameter "${name}"; this route takes ${known.length === 0 ? 'none' : known.join(', ')}`, { parameter: name, accepted: known }, `输入有误：不认识的查询参数“${name}”`);
    if (result.has(name)) throw badRequest(`query parameter "${name}" is given more than once`, { parameter: name }, `输入有误：查询参数“${name}”重复`);
    result.set(name, value);
  }
  return result;
}

/** `true`/`false`; anything else (`yes`, `1`, empty) is refused, never read as false. */
export function booleanParameter(query: Map<string, string>, name: string): boolean | undefined {
  const value = query.get(name);
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw badRequest(`query parameter ${name} must be true or false, not "${value.slice(0, 100)}"`, { parameter: name, value: value.slice(0, 100), accepted: ['true', 'false'] }, `输入有误：查询参数 ${name} 只能是 true 或 false`);
}

/** A whole number in decimal digits (no sign, no exponent), else 400. */
export function integerParameter(query: Map<string, string>, name: string, { min = 1, max = 1_000_000 } = {}): number | undefined {
  const value = query.get(name);
  if (value === undefined) return undefined;
  const number = /^-?[0-9]{1,7}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(number) || number < min || number > max) {
    throw badRequest(`query parameter ${name} must be a whole number from ${min} to ${max}, not "${value.slice(0, 100)}"`, { parameter: name, value: value.slice(0, 100), min, max }, `输入有误：查询参数 ${name} 须为 ${min} 到 ${max} 的整数`);
  }
  return number;
}

/** One of `choices`, else 400. */
export function choiceParameter<Choice extends string>(query: Map<string, string>, name: string, choices: readonly Choice[]): Choice | undefined {
  const value = query.get(name);
  if (value === undefined) return undefined;
  if ((choices as readonly string[]).includes(value)) return value as Choice;
  throw badRequest(`query parameter ${name} must be one of ${choices.join(', ')}, not "${value.slice(0, 100)}"`, { parameter: name, value: value.slice(0, 100), accepted: choices }, `输入有误：查询参数 ${name} 只能是 ${choices.join('、')}`);
}

/** A required text parameter. */
export function requiredParameter(query: Map<string, string>, name: string): string {
  const value = query.get(name);
  if (value === undefined) throw badRequest(`query parameter ${name} is required`, { parameter: name }, `输入有误：缺少查询参数 ${name}`);
  return value;
}

/**
 * The raw request body: at most `maxBytes` — a larger `Content-Length` is refused before
 * anything is read, and a body that grows past it is cancelled there (`tooLarge()` is thrown).
 */
export async function bodyBytes(c: Context, maxBytes: number, tooLarge: () => Error): Promise<Uint8Array> {
  const declared = c.req.header('content-length');
  // Stryker disable next-line ConditionalExpression: without the header, Number(undefined) is NaN, never over the limit.
  if (declared !== undefined && Number(declared) > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const body = c.req.raw.body;
  if (body !== null) {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}

/**
 * The JSON body as an object: at most `maxBytes` (413 past it, read no further), UTF-8, JSON,
 * an object; a content type other than JSON is 415.
 */
export async function jsonObjectBody(c: Context, maxBytes: number): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type');
  // Stryker disable next-line MethodExpression: the Fetch API's Headers strip the whitespace around a value already.
  if (type !== undefined && !/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type.trim())) {
    throw httpProblem(415, 'INVALID_INPUT', `the request body must be application/json, not "${type.slice(0, 100)}"`, { contentType: type.slice(0, 100) }, {}, '输入有误：请求体须为 JSON（application/json）');
  }
  const tooLarge = () => httpProblem(413, 'INVALID_INPUT', `the request body is over ${maxBytes} bytes`, { maxBytes }, {}, `输入有误：请求体超过 ${maxBytes} 字节`);
  const bytes = await bodyBytes(c, maxBytes, tooLarge);
  if (bytes.length === 0) throw badRequest('the request needs a JSON object body', {}, '输入有误：请求体须为 JSON 对象');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw badRequest('the request body is not UTF-8', {}, '输入有误：请求体不是 UTF-8 编码');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badRequest(`the request body is not JSON: ${(error as Error).message.slice(0, 200)}`, {}, '输入有误：请求体不是有效的 JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('the request body must be a JSON object', {}, '输入有误：请求体须为 JSON 对象');
  return value as Record<string, unknown>;
}

/**
 * `If-Match: "7"` → 7 (the case's ETag is its version); `*` or no header → undefined. Two
 * tags, a weak tag or anything else is 400: a write pinned to a version must name one.
 */
export function ifMatchVersion(c: Context): number | undefined {
  const header = c.req.header('if-match');
  // Stryker disable next-line MethodExpression: the Fetch API's Headers strip the whitespace around a value already.
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*"?([0-9]{1,9})"?\s*$/.exec(header);
  if (match === null) throw badRequest(`If-Match must be one case version as an ETag, e.g. "3", not ${JSON.stringify(header.slice(0, 100))}`, { header: header.slice(0, 100) }, '输入有误：If-Match 须为一个案件版本，如 "3"');
  return Number(match[1]);
}

/** The ETag of a case at `version`. */
export const etagOf = (version: number) => `"${version}"`;

/** Whether `If-None-Match` names the case's current ETag (or `*`). */
export function noneMatches(c: Context, version: number): boolean {
  const header = c.req.header('if-none-match');
  if (header === undefined) return false;
  const tags = header.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  return tags.includes('*') || tags.includes(etagOf(version));
}
