import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { actorSchema, type Actor } from '../../machines/schemas.js';
import { invalidInput } from '../_lib/validate.js';

/**
 * Decides who acts for a request (认证): the actor, or `undefined` (or a throw) when the request
 * is not recognised — the server answers 401 and never reads who acts from the body.
 */
export type Authenticator = (request: Request) => Actor | undefined | Promise<Actor | undefined>;

/** The options of {@link jwtAuthenticator}: a `secret` (HS256…) or a `jwks` (RS256, ES256…), not both. */
export interface JwtAuthenticatorOptions {
  /** The shared secret of HMAC-signed tokens (at least 32 bytes). */
  readonly secret?: string | Uint8Array;
  /** The URL of the identity provider's key set (`…/.well-known/jwks.json`), or a key function from `jose`. */
  readonly jwks?: URL | string | JWTVerifyGetKey;
  /** The `iss` every token must carry. */
  readonly issuer?: string;
  /** The `aud` every token must carry. */
  readonly audience?: string;
  /** Accepted algorithms (default: `HS256` with a secret; `RS256`, `ES256`, `PS256`, `EdDSA` with a key set). */
  readonly algorithms?: readonly string[];
  /**
   * The actor of a verified token's claims, `undefined` to refuse it. Default: a `unit` claim
   * (`{ unit }`), else a `leader` claim `{ name, post }` (`{ leader }`).
   */
  readonly claims?: (payload: JWTPayload) => Actor | undefined;
}

/** The default claims mapping: `unit: "fire-rescue"` or `leader: { name, post }`. */
function actorOfClaims(payload: JWTPayload): Actor | undefined {
  if (typeof payload.unit === 'string') return { unit: payload.unit };
  if (typeof payload.leader === 'object' && payload.leader !== null) return { leader: payload.leader as never };
  return undefined;
}

/** A `Bearer` token of the `Authorization` header, or undefined. */
function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  const match = header === null ? null : /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * An {@link Authenticator} that verifies a JSON Web Token (`Authorization: Bearer …`) with
 * `jose` — signature, expiry, `iss` and `aud` — and maps its claims to the actor (a unit or a
 * county leader; tokens may not act as the system).
 *
 * @param options - `secret` or `jwks`, `issuer`, `audience`, `algorithms`, `claims`.
 * @returns The authenticator for `createServer`.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` without exactly one of `secret` and `jwks`, or with a secret under 32 bytes.
 * @example
 * const authenticate = jwtAuthenticator({ secret: process.env.JWT_SECRET!, issuer: 'siyang-sso' });
 * typeof authenticate
 * //=> 'function'
 */
export function jwtAuthenticator(options: JwtAuthenticatorOptions): Authenticator {
  if (typeof options !== 'object' || options === null) invalidInput('options', 'must be an object with a secret or a jwks');
  const { secret, jwks, issuer, audience, claims = actorOfClaims } = options;
  if ((secret === undefined) === (jwks === undefined)) invalidInput('options', 'give exactly one of secret and jwks');
  for (const key of ['issuer', 'audience'] as const) {
    if (options[key] !== undefined && (typeof options[key] !== 'string' || options[key] === '')) invalidInput(`options.${key}`, 'must be a non-empty string');
  }
  if (typeof claims !== 'function') invalidInput('options.claims', 'must be a function');
  let key: Uint8Array | JWTVerifyGetKey;
  if (secret !== undefined) {
    const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
    if (!(bytes instanceof Uint8Array) || bytes.byteLength < 32) invalidInput('options.secret', 'must be at least 32 bytes (a string or a Uint8Array)');
    key = bytes;
  } else if (typeof jwks === 'function') {
    key = jwks;
  } else {
    let url: URL;
    try {
      url = new URL(String(jwks));
    } catch {
      invalidInput('options.jwks', 'must be a URL or a key function');
    }
    key = createRemoteJWKSet(url);
  }
  const algorithms = [...(options.algorithms ?? (secret !== undefined ? ['HS256'] : ['RS256', 'ES256', 'PS256', 'EdDSA']))];
  const verifyOptions = { algorithms, ...(issuer === undefined ? {} : { issuer }), ...(audience === undefined ? {} : { audience }) };
  return async (request) => {
    const token = bearerToken(request);
    if (token === undefined) return undefined;
    try {
      const { payload } = typeof key === 'function' ? await jwtVerify(token, key, verifyOptions) : await jwtVerify(token, key, verifyOptions);
      const actor = claims(payload);
      const parsed = actorSchema.safeParse(actor);
      // A token speaks for a person or a unit, never for the system's own checks.
      return parsed.success && !('system' in parsed.data) ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  };
}

/** The options of {@link developmentAuthenticator}. */
export interface DevelopmentAuthenticatorOptions {
  /** Where the warning goes (default `console.warn`). */
  readonly warn?: (message: string) => void;
}

/**
 * For trying the server on one's own machine only (开发模式): the actor from headers, unchecked —
 * `X-Actor-Unit: fire-rescue` (percent-encoded UTF-8), or `X-Actor-Leader: inCharge:<name, percent-encoded>`. Prints a
 * warning when made: anyone who can reach the server can act as any unit.
 *
 * @param options - `warn`: where the warning goes.
 * @returns The authenticator for `createServer`.
 * @example
 * const authenticate = developmentAuthenticator({ warn: () => {} });
 * await authenticate(new Request('http://localhost/', { headers: { 'x-actor-unit': 'justice' } }))
 * //=> { unit: 'justice' }
 */
export function developmentAuthenticator(options: DevelopmentAuthenticatorOptions = {}): Authenticator {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  warn(
    '警告：开发模式，操作人取自请求头 X-Actor-Unit / X-Actor-Leader，未经认证，切勿用于生产。\nWARNING: development mode: the actor comes from the X-Actor-Unit / X-Actor-Leader headers, unchecked; anyone who reaches this server can act as any unit. Never use it in production.',
  );
  return (request) => {
    const unit = request.headers.get('x-actor-unit');
    const leader = request.headers.get('x-actor-leader');
    let actor: unknown;
    try {
      // Header values are Latin-1: a township (locality:泗阳…) or a leader's name comes percent-encoded.
      if (unit !== null && leader === null) actor = { unit: decodeURIComponent(unit) };
      else if (leader !== null && unit === null) {
        const separator = leader.indexOf(':');
        actor = { leader: { post: leader.slice(0, separator), name: decodeURIComponent(leader.slice(separator + 1)) } };
      }
    } catch {
      return undefined;
    }
    const parsed = actorSchema.safeParse(actor);
    return parsed.success && !('system' in parsed.data) ? parsed.data : undefined;
  };
}
