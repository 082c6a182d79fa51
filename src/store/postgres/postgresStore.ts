import { z } from 'zod';
import { parseArgument } from '../../_lib/validate.js';
import { sha256Hex } from '../../engine/_lib/sha256.js';
import type { CaseStore, CaseWrite, IdempotencyRecord, StoreQuery, WriteOutcome } from '../../engine/types.js';
import { postgresSchema, tableNames, tablePrefixSchema } from './schema.js';

/** One result row, column name to value. */
export type Row = Record<string, unknown>;

/** What the store needs of a `pg` client: `query`, and the connection's `error` event. */
export interface PgQueryable {
  /** Runs one parameterised statement (`$1`, `$2`…). */
  query(text: string, values?: unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>;
}

/** A client checked out of a `pg` pool. */
export interface PgPoolClient extends PgQueryable {
  /** `release(error)` destroys the connection instead of returning it to the pool. */
  release(destroy?: Error | boolean): void;
  /** Listens for the connection dropping while checked out. */
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Stops listening, before the client goes back to the pool. */
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

/** A `pg` `Pool` (or anything shaped like one). The store never creates or ends it. */
export interface PgPool extends PgQueryable {
  /** Checks out a client for a transaction. */
  connect(): Promise<PgPoolClient>;
}

/** The options of `postgresStore`. */
export interface PostgresStoreOptions {
  /** The application's `pg` pool. */
  readonly pool: PgPool;
  /** In front of every table name (default `le_`), e.g. one prefix per county on a shared database. */
  readonly tablePrefix?: string;
}

/** The PostgreSQL case store. */
export interface PostgresStore extends CaseStore {
  /** The tables it uses. */
  readonly tables: ReturnType<typeof tableNames>;
  /** Creates the tables, indexes and the append-only trigger if missing; safe to run from several instances at once. */
  migrate(): Promise<void>;
}

const optionsSchema = z
  .object({
    pool: z.custom<PgPool>(
      (value) => typeof value === 'object' && value !== null && typeof (value as PgPool).connect === 'function' && typeof (value as PgPool).query === 'function',
      'must be a pg Pool',
    ),
    tablePrefix: tablePrefixSchema.optional(),
  })
  .strict();

/** A `json` column as pg's default parser gives it (an object), or as text under a custom parser. */
const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

/**
 * The PostgreSQL store, on the caller's `pg` pool. Every write is one transaction: the case row
 * is updated only `WHERE version = expected` (a row version, so of two racing writers exactly one
 * wins), and the audit entry and idempotency record are inserted with it — all or nothing, also
 * when the connection drops half-way. Several app instances can share one database.
 *
 * @param options - `pool` (a `pg` `Pool`) and `tablePrefix` (default `le_`).
 * @returns The store; run `await store.migrate()` once at start-up, then pass it to `createCaseEngine({ store })`.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` for a missing pool or a malformed prefix.
 * @example
 * import pg from 'pg';
 * const store = postgresStore({ pool: new pg.Pool({ connectionString: process.env.DATABASE_URL }) });
 * await store.migrate();
 * const engine = createCaseEngine({ store });
 * store.tables.cases
 * //=> 'le_cases'
 */
export function postgresStore(options: PostgresStoreOptions): PostgresStore {
  const { pool, tablePrefix = 'le_' } = parseArgument(optionsSchema, options, 'options');
  const t = tableNames(tablePrefix);

  /** Runs `work` in a transaction on one client; commits only when it says so. A broken connection is destroyed, never pooled. */
  async function transaction<T>(work: (client: PgPoolClient) => Promise<{ readonly commit: boolean; readonly value: T }>): Promise<T> {
    const client = await pool.connect();
    let broken: Error | undefined;
    const onError = (error: Error) => (broken ??= error);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const { commit, value } = await work(client);
      await client.query(commit ? 'COMMIT' : 'ROLLBACK');
      return value;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken ??= rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw error;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  const versionOf = async (client: PgQueryable, caseId: string): Promise<number | null> => {
    const { rows } = await client.query(`SELECT version FROM ${t.cases} WHERE case_id = $1`, [caseId]);
    return rows.length === 0 ? null : Number(rows[0]!.version);
  };

  const caseColumns = (write: CaseWrite): unknown[] => [
    write.caseId,
    write.envelope.version,
    write.envelope.machineId,
    write.envelope.machineVersion,
    JSON.stringify(write.envelope),
    write.summary.state,
    write.summary.stage,
    write.summary.status,
    [...write.summary.units],
    write.summary.nextDueAt,
    write.summary.hasOverdue,
    write.summary.openedAt,
    write.summary.updatedAt,
  ];

  async function appendLog(client: PgQueryable, write: CaseWrite): Promise<void> {
    await client.query(`INSERT INTO ${t.log} (case_id, version, entry) VALUES ($1, $2, $3::json)`, [write.caseId, write.entry.version, JSON.stringify(write.entry)]);
    if (write.idempotency !== undefined) {
      const { key, requestHash, version, result } = write.idempotency;
      await client.query(`INSERT INTO ${t.idempotency} (case_id, key, version, request_hash, result) VALUES ($1, $2, $3, $4, $5::json)`, [
        write.caseId,
        key,
        version,
        requestHash,
        JSON.stringify(result),
      ]);
    }
  }

  return {
    name: 'postgres',
    tables: t,

    async migrate() {
      // One advisory lock per prefix, so instances starting together do not race on CREATE … IF NOT EXISTS.
      const lock = Number.parseInt(sha256Hex(`linked-enforcement:${tablePrefix}`).slice(0, 8), 16) | 0;
      await transaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [lock]);
        await client.query(postgresSchema({ tablePrefix }));
        return { commit: true, value: undefined };
      });
    },

    async load(caseId, loadOptions = {}) {
      const { rows } = await pool.query(
        `SELECT c.envelope, i.key, i.request_hash, i.version AS idempotent_version, i.result
           FROM ${t.cases} c LEFT JOIN ${t.idempotency} i ON i.case_id = c.case_id AND i.key = $2
          WHERE c.case_id = $1`,
        [caseId, loadOptions.idempotencyKey ?? null],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      const idempotency: IdempotencyRecord | undefined =
        row.key === null || row.key === undefined
          ? undefined
          : { key: String(row.key), requestHash: String(row.request_hash), version: Number(row.idempotent_version), result: json(row.result) as IdempotencyRecord['result'] };
      return { envelope: json(row.envelope), ...(idempotency === undefined ? {} : { idempotency }) };
    },

    async create(write): Promise<WriteOutcome> {
      return transaction<WriteOutcome>(async (client) => {
        const inserted = await client.query(
          `INSERT INTO ${t.cases} (case_id, version, machine_id, machine_version, envelope, state, stage, status, units, next_due_at, has_overdue, opened_at, updated_at)
           VALUES ($1, $2, $3, $4, $5::json, $6, $7, $8, $9::text[], $10::timestamptz, $11, $12::timestamptz, $13::timestamptz)
           ON CONFLICT (case_id) DO NOTHING`,
          caseColumns(write),
        );
        if (inserted.rowCount !== 1) return { commit: false, value: { ok: false, actualVersion: await versionOf(client, write.caseId) } };
        await appendLog(client, write);
        return { commit: true, value: { ok: true } };
      });
    },

    async commit(write, expectedVersion): Promise<WriteOutcome> {
      return transaction<WriteOutcome>(async (client) => {
        const updated = await client.query(
          `UPDATE ${t.cases}
              SET version = $2, machine_id = $3, machine_version = $4, envelope = $5::json, state = $6, stage = $7, status = $8,
                  units = $9::text[], next_due_at = $10::timestamptz, has_overdue = $11, opened_at = $12::timestamptz, updated_at = $13::timestamptz
            WHERE case_id = $1 AND version = $14`,
          [...caseColumns(write), expectedVersion],
        );
        if (updated.rowCount !== 1) return { commit: false, value: { ok: false, actualVersion: await versionOf(client, write.caseId) } };
        await appendLog(client, write);
        return { commit: true, value: { ok: true } };
      });
    },

    async audit(caseId) {
      // One statement, so the envelope and the log come from the same snapshot of the database.
      const { rows } = await pool.query(
        `SELECT c.envelope,
                COALESCE((SELECT json_agg(l.entry ORDER BY l.version) FROM ${t.log} l WHERE l.case_id = c.case_id), '[]'::json) AS entries
           FROM ${t.cases} c WHERE c.case_id = $1`,
        [caseId],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return { envelope: json(row.envelope), entries: json(row.entries) as unknown[] };
    },

    async list(query: StoreQuery) {
      const { rows } = await pool.query(
        `SELECT case_id, envelope FROM ${t.cases}
          WHERE ($1::text IS NULL OR state = $1 OR stage = $1)
            AND ($2::text IS NULL OR $2 = ANY (units))
            AND ($3::boolean IS NULL OR (has_overdue OR COALESCE(next_due_at < $4::timestamptz, false)) = $3)
          ORDER BY case_id COLLATE "C"`,
        [query.state ?? null, query.unit ?? null, query.overdue ?? null, query.now],
      );
      return rows.map((row) => ({ caseId: String(row.case_id), envelope: json(row.envelope) }));
    },

    async due(now, limit) {
      const { rows } = await pool.query(
        `SELECT case_id FROM ${t.cases} WHERE next_due_at < $1::timestamptz ORDER BY next_due_at, case_id COLLATE "C" LIMIT $2`,
        [now, limit],
      );
      return rows.map((row) => String(row.case_id));
    },
  };
}
