import type { Actor } from '../../../machines/schemas.js';

/** What the server's middleware puts on a request's context (Hono's `Env`): `c.get('actor')` in a route you add to `app`. */
export interface ServerEnv {
  Variables: {
    /** Who acts, as `authenticate` decided. */
    actor: Actor;
  };
}
