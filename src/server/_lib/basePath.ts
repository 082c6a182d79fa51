/** `basePath`: '' or `/segment…` without a trailing slash, no `.` or `..` segment. */
const BASE_PATH = /^(?:\/[A-Za-z0-9._~-]+)*$/;
const DOT_SEGMENT = /\/\.{1,2}(?:\/|$)/;

/** What a base path must look like, for the refusals of `createServer` and `serve --base-path`. */
export const basePathRule = "a path such as /api or /county/api (segments of letters, digits and -._~, no . or .. segment, no trailing slash), or '' for the root";

/** Whether `value` is a base path the server can be mounted under (see {@link basePathRule}). */
export function isBasePath(value: unknown): value is string {
  return typeof value === 'string' && BASE_PATH.test(value) && !DOT_SEGMENT.test(value);
}
