import type { Actor } from '../../../machines/schemas.js';

/** What the server's middleware puts on a request's context. */
export interface ServerEnv {
  Variables: {
    /** Who acts, as `authenticate` decided. */
    actor: Actor;
  };
}
