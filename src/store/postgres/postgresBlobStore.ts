import { z } from 'zod';
import type { DocumentReference } from '../../../machines/schemas.js';
import { parseArgument } from '../../_lib/validate.js';
import { blobNotFound, checkedPut, checkedRef, verifiedBytes } from '../../blobs/_lib/blobInput.js';
import { blobLimitsShape, limitsOf } from '../../blobs/blobLimits.js';
import type { BlobStore, BlobStoreOptions } from '../../blobs/types.js';
import { sha256Hex } from '../../engine/_lib/sha256.js';
import { pgFailure } from './pgErrors.js';
import type { PgPool } from './postgresStore.js';
import { roleNameSchema, tablePrefixSchema } from './schema.js';

/** The options of `postgresBlobStore`. */
export interface PostgresBlobStoreOptions extends BlobStoreOptions {
  /** The application's `pg` pool. */
  readonly pool: PgPool;
  /** In front of the table name (default `le_`): the table is `<prefix>blobs`. */
  readonly tablePrefix?: string;
}

/** The PostgreSQL blob store. */
export interface PostgresBlobStore extends BlobStore {
  /** Its table, e.g. `le_blobs`. */
  readonly table: string;
  /**
   * Creates its table if missing (`<prefix>blobs`: `sha256`, `media_type`, `size`, `bytes bytea`,
   * `stored_at`; the key is the hash and the media type); safe to run from several instances at
   * once. With `ownerRole` and `appRole` (as `postgresStore`'s `migrate`), hands the table to the
   * owner and grants the application role `SELECT, INSERT, UPDATE` (a put repairs a damaged row), never `DELETE`.
   *
   * @throws {LinkedEnforcementError} `INVALID_INPUT` for a bad role name; `STORE_UNAVAILABLE` when the script fails.
   */
  migrate(options?: { readonly ownerRole?: string; readonly appRole?: string }): Promise<void>;
}

const optionsSchema = z
  .object({
    pool: z.custom<PgPool>((value) => typeof value === 'object' && value !== null && typeof (value as PgPool).query === 'function', 'must be a pg Pool'),
    tablePrefix: tablePrefixSchema.optional(),
    ...blobLimitsShape,
  })
  .strict();

/** The bytes node-postgres hands back for a `bytea` (a Buffer), or `undefined` for anything else. */
const bytesOf = (value: unknown): Uint8Array | undefined => (value instanceof Uint8Array ? value : undefined);

/**
 * A blob store (文件存储) in PostgreSQL: each file one row of `<prefix>blobs` with its bytes as
 * `bytea`, keyed by its SHA-256 and media type. `put` is one `INSERT … ON CONFLICT DO NOTHING`
 * (storing the same file again writes nothing); `get` re-hashes what it reads. Keep files small
 * (the default limit is 20 MiB): a row is read whole.
 *
 * @param options - `pool` (a `pg` `Pool`), `tablePrefix` (default `le_`), `maxBytes`, `mediaTypes`.
 * @returns The store; run `await blobs.migrate()` once at start-up.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` for malformed options.
 * @example
 * import pg from 'pg';
 * const blobs = postgresBlobStore({ pool: new pg.Pool({ connectionString: process.env.DATABASE_URL }) });
 * await blobs.migrate();
 * blobs.table
 * //=> 'le_blobs'
 */
export function postgresBlobStore(options: PostgresBlobStoreOptions): PostgresBlobStore {
  const { pool, tablePrefix = 'le_', ...rest } = parseArgument(optionsSchema, options, 'options');
  const limits = limitsOf(rest);
  const table = `${tablePrefix}blobs`;
  const query = async (operation: string, write: boolean, text: string, values?: unknown[]) => {
    try {
      // Without values, several statements run as one simple query (migrate's lock and table).
      return await (values === undefined ? pool.query(text) : pool.query(text, values));
    } catch (error) {
      throw pgFailure(error, { operation: `blobs.${operation}`, write });
    }
  };
  const key = (ref: DocumentReference) => [ref.sha256, ref.mediaType];
  return {
    limits,
    table,
    async migrate(migrateOptions = {}) {
      const { ownerRole, appRole } = parseArgument(z.object({ ownerRole: roleNameSchema.optional(), appRole: roleNameSchema.optional() }).strict(), migrateOptions, 'options');
      const roles = [
        ...(ownerRole === undefined ? [] : [`ALTER TABLE ${table} OWNER TO "${ownerRole}";`]),
        ...(appRole === undefined ? [] : [`REVOKE ALL ON ${table} FROM "${appRole}";`, `GRANT SELECT, INSERT, UPDATE ON ${table} TO "${appRole}";`]),
      ].join('\n');
      const lock = Number.parseInt(sha256Hex(`linked-enforcement:${table}`).slice(0, 8), 16) | 0;
      await query(
        'migrate',
        true,
        `SELECT pg_advisory_xact_lock(${lock});
        CREATE TABLE IF NOT EXISTS ${table} (
          sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
          media_type text NOT NULL,
          size bigint NOT NULL CHECK (size > 0),
          bytes bytea NOT NULL,
          stored_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (sha256, media_type),
          CHECK (octet_length(bytes) = size)
        );
        ${roles}`,
      );
    },
    async put(bytes, meta) {
      const { bytes: copy, ref } = checkedPut(bytes, meta, limits);
      // A row already there under this key may have been damaged since: a put of the good bytes repairs it.
      await query(
        'put',
        true,
        `INSERT INTO ${table} (sha256, media_type, size, bytes) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sha256, media_type) DO UPDATE SET bytes = EXCLUDED.bytes, size = EXCLUDED.size
         WHERE ${table}.size <> EXCLUDED.size OR sha256(${table}.bytes) <> sha256(EXCLUDED.bytes)`,
        [ref.sha256, ref.mediaType, ref.size, Buffer.from(copy.buffer, copy.byteOffset, copy.byteLength)],
      );
      return ref;
    },
    async get(ref) {
      const checked = checkedRef(ref);
      const { rows } = await query('get', false, `SELECT bytes FROM ${table} WHERE sha256 = $1 AND media_type = $2`, key(checked));
      if (rows.length === 0) return blobNotFound(checked, 'postgres');
      const stored = bytesOf(rows[0]!.bytes);
      return verifiedBytes(stored ?? new Uint8Array(0), checked, 'postgres');
    },
    async has(ref) {
      const checked = checkedRef(ref);
      const { rows } = await query('has', false, `SELECT size FROM ${table} WHERE sha256 = $1 AND media_type = $2`, key(checked));
      return rows.length > 0 && Number(rows[0]!.size) === checked.size;
    },
  };
}
