import { z } from 'zod';
import { LinkedEnforcementError } from '../../errors.js';
import { beijingIso } from '../../_lib/beijingTime.js';
import { parseArgument } from '../../_lib/validate.js';
import { sha256Hex } from '../../engine/_lib/sha256.js';
import type { CaseStore, CaseWrite, NotificationStatus, OutboxRecord, StoreQuery, WriteOutcome } from '../../engine/types.js';
import { pgFailure } from './pgErrors.js';
import { postgresSchema, schemaOptionsSchema, tableNames, tablePrefixSchema, type PostgresSchemaOptions } from './schema.js';

/** One result row, column name to value. */
export type Row = Record<string, unknown>;

/** What the store needs of a `pg` pool or client: `query`. */
export interface PgQueryable {
  /** Runs one parameterised statement (`$1`, `$2`…). */
  query(text: string, values?: unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>;
}

/**
 * A client checked out of a `pg` pool.
 *
 * @deprecated The store no longer checks clients out: every write is one statement through
 * `pool.query`. Kept so code that names the type still compiles.
 */
export interface PgPoolClient extends PgQueryable {
  /** `release(error)` destroys the connection instead of returning it to the pool. */
  release(destroy?: Error | boolean): void;
  /** Listens for the connection dropping while checked out. */
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Stops listening, before the client goes back to the pool. */
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * A `pg` `Pool` (or anything with its `query`). The store never creates or ends it, and never
 * checks a client out: each operation is one `pool.query`, whose client the pool guards.
 */
export type PgPool = PgQueryable;

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
  /**
   * Creates the tables, indexes and the append-only trigger if missing (upgrading a 0.1 database
   * in place); safe to run from several instances at once. With `ownerRole` and `appRole`, hands
   * the tables to the owner and grants the application role only what the engine needs.
   *
   * @throws {LinkedEnforcementError} `INVALID_INPUT` for a bad role name; `STORE_UNAVAILABLE` when the script fails (e.g. a role that does not exist).
   */
  migrate(options?: Omit<PostgresSchemaOptions, 'tablePrefix'>): Promise<void>;
}

const optionsSchema = z
  .object({
    pool: z.custom<PgPool>((value) => typeof value === 'object' && value !== null && typeof (value as PgPool).query === 'function', 'must be a pg Pool'),
    tablePrefix: tablePrefixSchema.optional(),
  })
  .strict();

/** JSON that PostgreSQL handed back as text (`::text`, whatever type parsers the pool has), or `undefined` when it is not JSON. */
function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return text === null ? undefined : text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A stored instant as the engine writes them (Beijing time), whatever time zone the session has. */
const instant = (value: unknown): string | null => (typeof value === 'string' ? beijingIso(new Date(Date.parse(value))) : null);

const statusFilter: Record<NotificationStatus, string> = {
  pending: 'delivered_at IS NULL AND failed_at IS NULL',
  delivered: 'delivered_at IS NOT NULL',
  failed: 'failed_at IS NOT NULL',
};

/**
 * The PostgreSQL store, on the caller's `pg` pool. Every write is one statement (data-modifying
 * `WITH`): the case row is updated only `WHERE version = expected` (a row version, so of two
 * racing writers exactly one wins), and the audit entry, the idempotency record and the outbox
 * rows are inserted by the same statement — all or nothing, with no transaction held open
 * between round trips and no client checked out of the pool. Several app instances can share
 * one database.
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

  /** One statement, its failure typed (see `pgFailure`). */
  async function run(operation: string, write: boolean, caseId: string | undefined, text: string, values: unknown[] = []) {
    try {
      return await pool.query(text, values);
    } catch (error) {
      throw pgFailure(error, { operation, write, ...(caseId === undefined ? {} : { caseId }) });
    }
  }

  const versionOf = async (caseId: string): Promise<number | null> => {
    const { rows } = await run('commit', false, caseId, `SELECT version FROM ${t.cases} WHERE case_id = $1`, [caseId]);
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
    JSON.stringify(write.entry),
    write.idempotency?.key ?? null,
    write.idempotency?.requestHash ?? null,
    write.idempotency?.result === undefined ? null : JSON.stringify(write.idempotency.result),
    // Parallel arrays, not one JSON document: PostgreSQL's JSON functions refuse a \u0000 that json columns keep.
    write.outbox.map((message) => message.id),
    write.outbox.map((message) => message.index),
    write.outbox.map((message) => JSON.stringify(message.notification)),
    write.outbox.map((message) => message.createdAt),
  ];

  /** What every write appends, all `FROM written` (the case row the statement wrote, if any). */
  const appended = `
    logged AS (
      INSERT INTO ${t.log} (case_id, version, entry) SELECT case_id, version, $14::json FROM written
    ),
    keyed AS (
      INSERT INTO ${t.idempotency} (case_id, key, version, request_hash, result)
      SELECT case_id, $15::text, version, $16::text, $17::json FROM written WHERE $15::text IS NOT NULL
    ),
    queued AS (
      INSERT INTO ${t.outbox} (id, case_id, version, notification_index, notification, created_at, next_attempt_at)
      SELECT m.id, w.case_id, w.version, m.index, m.notification, m.created_at, m.created_at
        FROM written w, unnest($18::text[], $19::int[], $20::json[], $21::timestamptz[]) AS m (id, index, notification, created_at)
    )
    SELECT count(*)::int AS written FROM written`;

  /** A unique violation names the row a forged or duplicated write left in the way. */
  async function write(operation: 'create' | 'commit', text: string, values: unknown[], record: CaseWrite): Promise<WriteOutcome> {
    try {
      const { rows } = await pool.query(text, values);
      if (Number(rows[0]?.written) === 1) return { ok: true };
    } catch (error) {
      const constraint = (error as { code?: unknown; constraint?: unknown }).code === '23505' ? String((error as { constraint?: unknown }).constraint) : undefined;
      if (constraint === `${t.idempotency}_pkey`) return { ok: false, actualVersion: await versionOf(record.caseId) };
      if (constraint === `${t.log}_pkey` || constraint === `${t.outbox}_pkey`) {
        const table = constraint === `${t.log}_pkey` ? 'case_log' : 'case_outbox';
        const reason = `${t[table === 'case_log' ? 'log' : 'outbox']} already holds a row for version ${record.entry.version}, which the case has not reached: a forged or duplicated row (run verifyAudit)`;
        throw new LinkedEnforcementError('INCOMPATIBLE_SNAPSHOT', `Case ${record.caseId}: cannot write version ${record.entry.version}: ${reason}`, {
          context: { caseId: record.caseId, table, version: record.entry.version, reason },
          cause: error,
        });
      }
      throw pgFailure(error, { operation, write: true, caseId: record.caseId });
    }
    return { ok: false, actualVersion: await versionOf(record.caseId) };
  }

  const logOf = (from: string, upTo: string) =>
    `(SELECT COALESCE(json_agg(l.entry ORDER BY l.version), '[]'::json)::text FROM ${t.log} l WHERE l.case_id = c.case_id AND l.version >= ${from} AND l.version <= ${upTo})`;

  const recordJson = (alias: string) => `json_build_object(
      'id', ${alias}.id, 'caseId', ${alias}.case_id, 'version', ${alias}.version, 'index', ${alias}.notification_index,
      'notification', ${alias}.notification, 'createdAt', ${alias}.created_at,
      'status', CASE WHEN ${alias}.delivered_at IS NOT NULL THEN 'delivered' WHEN ${alias}.failed_at IS NOT NULL THEN 'failed' ELSE 'pending' END,
      'attempts', ${alias}.attempts, 'nextAttemptAt', ${alias}.next_attempt_at, 'leaseUntil', ${alias}.lease_until,
      'deliveredAt', ${alias}.delivered_at, 'failedAt', ${alias}.failed_at, 'lastError', ${alias}.last_error)::text`;

  const toRecord = (text: unknown): OutboxRecord => {
    const raw = parseJson(text) as Record<string, unknown>;
    return {
      ...(raw as unknown as OutboxRecord),
      createdAt: instant(raw.createdAt)!,
      nextAttemptAt: instant(raw.nextAttemptAt)!,
      leaseUntil: instant(raw.leaseUntil),
      deliveredAt: instant(raw.deliveredAt),
      failedAt: instant(raw.failedAt),
    };
  };
  const byDue = (a: OutboxRecord, b: OutboxRecord) =>
    Date.parse(a.nextAttemptAt) - Date.parse(b.nextAttemptAt) || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : a.version - b.version || a.index - b.index);

  return {
    name: 'postgres',
    tables: t,

    async migrate(migrateOptions = {}) {
      const roles = parseArgument(schemaOptionsSchema.omit({ tablePrefix: true }), migrateOptions, 'options');
      // One advisory lock per prefix, so instances starting together do not race on CREATE … IF NOT EXISTS.
      // One simple query: PostgreSQL runs its statements as one transaction, on a client the pool guards.
      const lock = Number.parseInt(sha256Hex(`linked-enforcement:${tablePrefix}`).slice(0, 8), 16) | 0;
      await run('migrate', true, undefined, `SELECT pg_advisory_xact_lock(${lock});\n${postgresSchema({ tablePrefix, ...roles })}`);
    },

    async load(caseId, loadOptions = {}) {
      const { rows } = await run(
        'load',
        false,
        caseId,
        `SELECT c.envelope::text AS envelope,
                CASE WHEN $3::int IS NULL THEN NULL ELSE ${logOf('$3::int', 'c.version')} END AS entries,
                i.key, i.request_hash, i.version AS idempotent_version, i.result::text AS result
           FROM ${t.cases} c LEFT JOIN ${t.idempotency} i ON i.case_id = c.case_id AND i.key = $2
          WHERE c.case_id = $1`,
        [caseId, loadOptions.idempotencyKey ?? null, loadOptions.logFrom ?? null],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      const entries = row.entries === null || row.entries === undefined ? undefined : parseJson(row.entries);
      const idempotency =
        row.key === null || row.key === undefined
          ? undefined
          : {
              key: String(row.key),
              requestHash: String(row.request_hash),
              version: Number(row.idempotent_version),
              ...(row.result === null || row.result === undefined ? {} : { result: parseJson(row.result) }),
            };
      return {
        envelope: parseJson(row.envelope),
        ...(Array.isArray(entries) ? { entries } : {}),
        ...(idempotency === undefined ? {} : { idempotency }),
      };
    },

    async create(record) {
      const text = `WITH written AS (
          INSERT INTO ${t.cases} (case_id, version, machine_id, machine_version, envelope, state, stage, status, units, next_due_at, has_overdue, opened_at, updated_at)
          VALUES ($1, $2, $3, $4, $5::json, $6, $7, $8, $9::text[], $10::timestamptz, $11, $12::timestamptz, $13::timestamptz)
          ON CONFLICT (case_id) DO NOTHING
          RETURNING case_id, version
        ),${appended}`;
      return write('create', text, caseColumns(record), record);
    },

    async commit(record, expectedVersion) {
      const text = `WITH written AS (
          UPDATE ${t.cases}
             SET version = $2, machine_id = $3, machine_version = $4, envelope = $5::json, state = $6, stage = $7, status = $8,
                 units = $9::text[], next_due_at = $10::timestamptz, has_overdue = $11, opened_at = $12::timestamptz, updated_at = $13::timestamptz
           WHERE case_id = $1 AND version = $22
          RETURNING case_id, version
        ),${appended}`;
      return write('commit', text, [...caseColumns(record), expectedVersion], record);
    },

    async audit(caseId) {
      // One statement, so the envelope, the columns and the log come from the same snapshot of the database.
      const { rows } = await run(
        'audit',
        false,
        caseId,
        `SELECT c.envelope::text AS envelope,
                json_build_object('caseId', c.case_id, 'version', c.version, 'state', c.state, 'stage', c.stage, 'status', c.status, 'units', c.units,
                                  'nextDueAt', c.next_due_at, 'hasOverdue', c.has_overdue, 'openedAt', c.opened_at, 'updatedAt', c.updated_at)::text AS summary,
                (SELECT COALESCE(json_agg(l.entry ORDER BY l.version), '[]'::json)::text FROM ${t.log} l WHERE l.case_id = c.case_id) AS entries,
                (SELECT COALESCE(json_agg(json_build_object('key', i.key, 'requestHash', i.request_hash, 'version', i.version) ORDER BY i.key), '[]'::json)::text
                   FROM ${t.idempotency} i WHERE i.case_id = c.case_id) AS idempotency
           FROM ${t.cases} c WHERE c.case_id = $1`,
        [caseId],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      const entries = parseJson(row.entries);
      const summary = parseJson(row.summary) as Record<string, unknown>;
      for (const field of ['nextDueAt', 'openedAt', 'updatedAt']) summary[field] = instant(summary[field]);
      return { envelope: parseJson(row.envelope), entries: Array.isArray(entries) ? entries : [], summary, idempotency: (parseJson(row.idempotency) as unknown[] | undefined) ?? [] };
    },

    async list(query: StoreQuery) {
      const { rows } = await run(
        'list',
        false,
        undefined,
        `SELECT c.case_id, c.envelope::text AS envelope, ${logOf('1', 'c.version')} AS entries
           FROM ${t.cases} c
          WHERE ($1::text IS NULL OR c.state = $1 OR c.stage = $1)
            AND ($2::text IS NULL OR c.units @> ARRAY[$2::text])
            AND ($3::boolean IS NULL OR (c.has_overdue OR COALESCE(c.next_due_at < $4::timestamptz, false)) = $3)
          ORDER BY c.case_id COLLATE "C"`,
        [query.state ?? null, query.unit ?? null, query.overdue ?? null, query.now],
      );
      return rows.map((row) => {
        const entries = parseJson(row.entries);
        return { caseId: String(row.case_id), envelope: parseJson(row.envelope), ...(Array.isArray(entries) ? { entries } : {}) };
      });
    },

    async due(now, limit) {
      const { rows } = await run('due', false, undefined, `SELECT case_id FROM ${t.cases} WHERE next_due_at < $1::timestamptz ORDER BY next_due_at, case_id COLLATE "C" LIMIT $2`, [now, limit]);
      return rows.map((row) => String(row.case_id));
    },

    async caseIds({ after, limit }) {
      const { rows } = await run(
        'caseIds',
        false,
        undefined,
        `SELECT case_id FROM ${t.cases} WHERE ($1::text IS NULL OR case_id COLLATE "C" > $1::text) ORDER BY case_id COLLATE "C" LIMIT $2`,
        [after ?? null, limit],
      );
      return rows.map((row) => String(row.case_id));
    },

    async claimNotifications(claim) {
      // Claim and lease in one statement; SKIP LOCKED lets several engines claim side by side.
      const { rows } = await run(
        'claimNotifications',
        true,
        undefined,
        `WITH due AS (
            SELECT id, attempts FROM ${t.outbox}
             WHERE delivered_at IS NULL AND failed_at IS NULL
               AND next_attempt_at <= $1::timestamptz
               AND (lease_until IS NULL OR lease_until <= $1::timestamptz)
               AND ($5::text[] IS NULL OR id = ANY ($5::text[]))
             ORDER BY next_attempt_at, case_id, version, notification_index
             LIMIT $3
             FOR UPDATE SKIP LOCKED
          ),
          parked AS (
            UPDATE ${t.outbox} o
               SET failed_at = $1::timestamptz, lease_until = NULL, lease_token = NULL,
                   last_error = 'gave up: its delivery was interrupted ' || o.attempts || ' times' || COALESCE(' (last error: ' || o.last_error || ')', '')
              FROM due WHERE o.id = due.id AND due.attempts >= $6
          )
          UPDATE ${t.outbox} o SET attempts = o.attempts + 1, lease_until = $2::timestamptz, lease_token = $4
            FROM due WHERE o.id = due.id AND due.attempts < $6
          RETURNING ${recordJson('o')} AS record`,
        [claim.now, claim.leaseUntil, claim.limit, claim.token, claim.ids === undefined ? null : [...claim.ids], claim.maxAttempts],
      );
      return rows.map((row) => toRecord(row.record)).sort(byDue);
    },

    async settleNotifications(settlements) {
      if (settlements.length === 0) return [];
      const { rows } = await run(
        'settleNotifications',
        true,
        undefined,
        `UPDATE ${t.outbox} o
            SET delivered_at = CASE WHEN s.outcome = 'delivered' THEN s.at ELSE o.delivered_at END,
                failed_at = CASE WHEN s.outcome = 'failed' THEN s.at ELSE o.failed_at END,
                next_attempt_at = COALESCE(s.next_attempt_at, o.next_attempt_at),
                last_error = COALESCE(s.error, o.last_error),
                lease_until = NULL, lease_token = NULL
           FROM json_to_recordset($1::json) AS s(id text, token text, outcome text, at timestamptz, next_attempt_at timestamptz, error text)
          WHERE o.id = s.id AND o.lease_token = s.token AND o.delivered_at IS NULL AND o.failed_at IS NULL
          RETURNING o.id`,
        [JSON.stringify(settlements.map((s) => ({ id: s.id, token: s.token, outcome: s.outcome, at: s.at, next_attempt_at: s.nextAttemptAt ?? null, error: s.error ?? null })))],
      );
      return rows.map((row) => String(row.id));
    },

    async notifications(query) {
      const order = query.status === 'pending' ? 'next_attempt_at, case_id, version, notification_index' : 'created_at, case_id, version, notification_index';
      const { rows } = await run(
        'notifications',
        false,
        undefined,
        `SELECT ${recordJson('o')} AS record FROM ${t.outbox} o WHERE ${statusFilter[query.status]} AND ($1::text IS NULL OR o.case_id = $1) ORDER BY ${order} LIMIT $2`,
        [query.caseId ?? null, query.limit],
      );
      return rows.map((row) => toRecord(row.record));
    },
  };
}
