import { invalidInput } from '../../_lib/validate.js';
import type { PgQueryable, PgQueryConfig, Row } from './postgresStore.js';

/**
 * What {@link pglitePool} needs of a PGlite database (`@electric-sql/pglite`): its `query` (one
 * parameterised statement) and `exec` (a script of several). Typed by shape, so this package
 * loads PGlite only where the caller does.
 */
export interface PGliteLike {
  /** Runs one statement with `$1`, `$2`… parameters. */
  query(text: string, values?: unknown[], options?: { readonly rowMode?: 'object' }): Promise<{ readonly rows: unknown[]; readonly affectedRows?: number }>;
  /** Runs a script of several statements without parameters. */
  exec(text: string): Promise<readonly { readonly rows: unknown[]; readonly affectedRows?: number }[]>;
}

/**
 * A `pg`-pool face on an embedded PostgreSQL (PGlite, 嵌入式数据库), for `postgresStore`: the
 * store runs the very SQL it runs on a server. A statement with parameters goes to PGlite's
 * `query` (prepared statement names are dropped: PGlite is one connection and caches plans
 * itself); a parameterless script (the store's `migrate`, several statements) to `exec`, as one
 * transaction like `pg`'s simple query. PGlite runs one statement at a time and queues the
 * rest, so the store's one-statement writes stay atomic.
 *
 * @param db - A PGlite database (`await PGlite.create(dataDir)`).
 * @returns A pool for `postgresStore({ pool })`.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` when `db` has no `query` and `exec`.
 * @example
 * import { PGlite } from '@electric-sql/pglite';
 * const store = postgresStore({ pool: pglitePool(await PGlite.create('./data')) });
 * await store.migrate();
 * store.name
 * //=> 'postgres'
 */
export function pglitePool(db: PGliteLike): PgQueryable {
  if (typeof db !== 'object' || db === null || typeof db.query !== 'function' || typeof db.exec !== 'function') {
    invalidInput('db', 'must be a PGlite database (with query and exec)');
  }
  return {
    async query(statement: string | PgQueryConfig, values?: unknown[]) {
      const text = typeof statement === 'string' ? statement : statement.text;
      const parameters = typeof statement === 'string' ? values : (statement.values ?? values);
      if (parameters === undefined || parameters.length === 0) {
        if (!/\$\d/.test(text)) {
          const results = await db.exec(text);
          const last = results.at(-1);
          return { rows: (last?.rows ?? []) as Row[], rowCount: last?.affectedRows ?? last?.rows.length ?? 0 };
        }
      }
      const result = await db.query(text, parameters ?? []);
      return { rows: result.rows as Row[], rowCount: result.affectedRows ?? result.rows.length };
    },
  };
}
