/**
 * `linked-enforcement/server` — the case engine as an HTTP service (on Hono): routes, an OpenAPI
 * 3.1 document, authentication (JWT or, for tries, headers), RFC 9457 problems and the
 * notification stream. `linked-enforcement serve` runs it.
 *
 * @module linked-enforcement/server
 */
export { createServer } from './createServer.js';
export type { CaseServer, ServerOptions } from './createServer.js';
export { developmentAuthenticator, jwtAuthenticator } from './authenticate.js';
export type { Authenticator, DevelopmentAuthenticatorOptions, JwtAuthenticatorOptions } from './authenticate.js';
export { openApiDocument } from './openapi.js';
export type { ServerEnv } from './_lib/env.js';
export { isRecipient } from './routes/notifications.js';
