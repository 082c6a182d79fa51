/**
 * `linked-enforcement/store/postgres` — the case store on PostgreSQL, through the application's
 * own `pg` pool (an optional peer dependency: only this entry point needs it).
 *
 * @module linked-enforcement/store/postgres
 */
export { postgresStore } from './postgresStore.js';
export { pglitePool } from './pglitePool.js';
export type { PGliteLike } from './pglitePool.js';
export type { PgPool, PgPoolClient, PgQueryable, PgQueryConfig, PostgresStore, PostgresStoreOptions, Row } from './postgresStore.js';
export { postgresSchema, roleNameSchema, tablePrefixSchema } from './schema.js';
export type { PostgresSchemaOptions } from './schema.js';
export { postgresBlobStore } from './postgresBlobStore.js';
export type { PostgresBlobStore, PostgresBlobStoreOptions } from './postgresBlobStore.js';
