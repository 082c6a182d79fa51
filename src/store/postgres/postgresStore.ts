import { z } from 'zod';
import { LinkedEnforcementError } from '../../errors.js';
import { beijingIso } from '../../_lib/beijingTime.js';
import { parseArgument } from '../../_lib/validate.js';
import { sha256Hex } from '../../engine/_lib/sha256.js';
import { checkWakeAt, sameActors, sameUnits } from '../../engine/_lib/caseSummary.js';
import { STATS_STEPS } from '../../engine/_lib/stats/caseStats.js';
import type { CaseStatsWrite, CaseStore, CaseWrite, NotificationStatus, OutboxRecord, StatsGroupTotals, StoreQuery, WriteOutcome } from '../../engine/types.js';
import { pgFailure } from './pgErrors.js';
import { postgresSchema, schemaOptionsSchema, tableNames, tablePrefixSchema, type PostgresSchemaOptions } from './schema.js';

/** One result row, column name to value. */
export type Row = Record<string, unknown>;

/** A statement with a name, as `pg` prepares it (once per connection) and then only executes it. */
export interface PgQueryConfig {
  readonly name?: string;
  readonly text: string;
  readonly values?: unknown[];
}

/**
 * What the store needs of a `pg` pool or client: `query`, with a statement's text and values, or
 * (unless `preparedStatements: false`) with `pg`'s query config `{ name, text, values }`.
 */
export interface PgQueryable {
  /** Runs one parameterised statement (`$1`, `$2`…). */
  query(text: string | PgQueryConfig, values?: unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>;
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
  /**
   * Name each statement, so `pg` prepares it once per connection and the server skips parsing
   * and planning it on every call (default `true`). Turn it off behind a pooler that cannot keep
   * prepared statements (PgBouncer in transaction mode), or for a `pool` whose `query` takes only text.
   */
  readonly preparedStatements?: boolean;
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
    preparedStatements: z.boolean().optional(),
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
  const { pool, tablePrefix = 'le_', preparedStatements = true } = parseArgument(optionsSchema, options, 'options');
  const t = tableNames(tablePrefix);
  const names = new Map<string, string>();

  /**
   * The statement as `pool.query` gets it: named (prepared once per connection) unless turned off
   * or `planned` — a query on a range (due times, openings) is planned for its values on every
   * call, as a generic plan of a prepared statement could scan where an index serves.
   */
  function statement(text: string, values: unknown[], planned = false): [string | PgQueryConfig, unknown[] | undefined] {
    if (!preparedStatements || planned) return [text, values];
    let name = names.get(text);
    if (name === undefined) {
      name = `le_${sha256Hex(text).slice(0, 24)}`;
      names.set(text, name);
    }
    return [{ name, text, values }, undefined];
  }

  /** One statement, its failure typed (see `pgFailure`). */
  async function run(operation: string, write: boolean, caseId: string | undefined, text: string, values: unknown[] = [], planned = false) {
    try {
      return await pool.query(...statement(text, values, planned));
    } catch (error) {
      throw pgFailure(error, { operation, write, ...(caseId === undefined ? {} : { caseId }) });
    }
  }

  const versionOf = async (caseId: string): Promise<number | null> => {
    const { rows } = await run('commit', false, caseId, `SELECT version FROM ${t.cases} WHERE case_id = $1`, [caseId]);
    return rows.length === 0 ? null : Number(rows[0]!.version);
  };

  /** The units to take out of and put into the unit index: all of them for a new case, else what changed since `previous`. */
  const unitChanges = (write: CaseWrite): [string[], string[]] => {
    const before = write.previous?.units ?? [];
    const after = write.summary.units;
    if (write.previous !== undefined && sameUnits(before, after)) return [[], []];
    return [before.filter((unit) => !after.includes(unit)), after.filter((unit) => !before.includes(unit))];
  };

  /** When sweep must next look at the case (next_wake_at): its next reminder or check; a summary from before 0.4 has only nextDueAt, checked 1 ms after it. */
  const wakeOf = (write: CaseWrite): string | null =>
    write.summary.nextWakeAt !== undefined ? write.summary.nextWakeAt : write.summary.nextDueAt === null ? null : checkWakeAt(write.summary.nextDueAt);

  const caseColumns = (write: CaseWrite): unknown[] => [
    write.caseId,
    write.envelope.version,
    write.envelope.machineId,
    write.envelope.machineVersion,
    write.envelopeJson ?? JSON.stringify(write.envelope),
    write.summary.state,
    write.summary.stage,
    write.summary.status,
    [...write.summary.units],
    write.summary.nextDueAt,
    write.summary.hasOverdue,
    write.summary.openedAt,
    write.summary.updatedAt,
    // The entry as built (the machine's key order), so a replayed result reads as the first did; its hash is of its canonical JSON.
    JSON.stringify(write.entry),
    write.idempotency?.key ?? null,
    write.idempotency?.requestHash ?? null,
    write.idempotency?.result === undefined ? null : JSON.stringify(write.idempotency.result),
    // The outbox rows: the notifications themselves are in the entry; a write's messages share their creation time.
    write.outbox[0]?.createdAt ?? null,
    write.outbox.length,
    write.summary.origin,
    write.summary.itemNo,
    ...unitChanges(write),
  ];

  /**
   * A write's statistics as the JSON its statement reads: the case's columns. The step visits it
   * opened or closed are not stored (no query reads them; the audit log holds the history they come from).
   */
  const statsColumns = (stats: CaseStatsWrite | undefined): unknown[] => {
    if (stats === undefined) return [null];
    const s = stats.stats;
    return [
      JSON.stringify({
        version: s.version,
        opened_at: s.openedAt,
        origin: s.origin,
        item_no: s.itemNo,
        lead_unit: s.leadUnit,
        outcome: s.outcome,
        urges: s.urges,
        results_due_at: s.resultsDueAt,
        results_status: s.resultsStatus,
        steps_on_time: s.stepsOnTime,
        steps_late: s.stepsLate,
        steps_overdue: s.stepsOverdue,
        step_due_at: s.stepDueAt,
        archive_working_days: s.archiveWorkingDays,
        step_days: STATS_STEPS.map((step) => s.stepTotals[step].sum),
        step_visits: STATS_STEPS.map((step) => s.stepTotals[step].count),
      }),
    ];
  };

  /**
   * The upsert of the statistics from the JSON in parameter `$a` (the case's columns), `FROM
   * written`. A case written before the statistics existed stays incomplete (its earlier visits
   * are missing from its totals) until engine.stats fills it.
   */
  const statsCtes = (a: number, from: string, complete: { readonly inserted: boolean; readonly updated: string }) => `
    statted AS (
      INSERT INTO ${t.stats} AS s (case_id, version, opened_at, origin, item_no, lead_unit, outcome, urges, results_due_at, results_status,
                                   steps_on_time, steps_late, steps_overdue, step_due_at, archive_working_days, step_days, step_visits, complete)
      SELECT w.case_id, x.version, x.opened_at, x.origin, x.item_no, x.lead_unit, x.outcome, x.urges, x.results_due_at, x.results_status,
             x.steps_on_time, x.steps_late, x.steps_overdue, x.step_due_at, x.archive_working_days, x.step_days, x.step_visits,
             ${complete.inserted}
        FROM ${from} w, json_to_record($${a}::json) AS x (version integer, opened_at timestamptz, origin text, item_no integer, lead_unit text, outcome text, urges integer,
                                                        results_due_at timestamptz, results_status text, steps_on_time integer, steps_late integer, steps_overdue integer,
                                                        step_due_at timestamptz, archive_working_days integer, step_days integer[], step_visits integer[])
       WHERE x.version IS NOT NULL
      ON CONFLICT (case_id) DO UPDATE
        SET version = EXCLUDED.version, opened_at = EXCLUDED.opened_at, origin = EXCLUDED.origin, item_no = EXCLUDED.item_no, lead_unit = EXCLUDED.lead_unit,
            outcome = EXCLUDED.outcome, urges = EXCLUDED.urges, results_due_at = EXCLUDED.results_due_at, results_status = EXCLUDED.results_status,
            steps_on_time = EXCLUDED.steps_on_time, steps_late = EXCLUDED.steps_late, steps_overdue = EXCLUDED.steps_overdue, step_due_at = EXCLUDED.step_due_at,
            archive_working_days = EXCLUDED.archive_working_days, step_days = EXCLUDED.step_days, step_visits = EXCLUDED.step_visits, complete = ${complete.updated}
        WHERE s.version <= EXCLUDED.version
    ),`;

  /**
   * Who owes the case its next step and who acted (待办/已办), as parameters after the case's own
   * (`base` is the first): the actors are rewritten only when they changed; the sender's keys
   * take the event's time.
   */
  const dutyColumns = (write: CaseWrite): unknown[] => {
    const actors = write.summary.actors ?? [];
    const acted = write.summary.participants?.filter((entry) => entry.lastActedAt === write.summary.updatedAt) ?? [];
    return [
      write.previous === undefined || !sameActors(write.previous.actors, write.summary.actors),
      actors.map((entry) => entry.actor),
      actors.map((entry) => entry.dueAt ?? 'infinity'),
      actors.map((entry) => entry.waitingSince),
      acted.map((entry) => entry.actor),
      write.summary.updatedAt,
    ];
  };
  /**
   * The case's own rows of the unit index, matched on `case_units`' whole key. The key holds
   * `case_id COLLATE "C"` (keyset pages in a stable order): compared in any other collation, the
   * case id cannot bound the index scan, and every case the unit opened at that instant is read.
   */
  const ownUnitRows = (unitRow: string, caseRow: string) => `${unitRow}.opened_at = ${caseRow}.opened_at AND ${unitRow}.case_id = ${caseRow}.case_id COLLATE "C"`;
  const dutyWrites = (base: number) => `
    unowed AS (
      DELETE FROM ${t.actors} a USING written w WHERE $${base}::boolean AND a.case_id = w.case_id
    ),
    owed AS (
      INSERT INTO ${t.actors} (actor, due_at, waiting_since, case_id)
      SELECT x.actor, x.due_at, x.waiting_since, w.case_id FROM written w, unnest($${base + 1}::text[], $${base + 2}::timestamptz[], $${base + 3}::timestamptz[]) AS x (actor, due_at, waiting_since)
       WHERE $${base}::boolean
    ),
    acted AS (
      INSERT INTO ${t.participation} (actor, last_acted_at, case_id)
      SELECT x.actor, $${base + 5}::timestamptz, w.case_id FROM written w, unnest($${base + 4}::text[]) AS x (actor)
      ON CONFLICT (actor, case_id) DO UPDATE SET last_acted_at = GREATEST(${t.participation}.last_acted_at, excluded.last_acted_at)
    ),`;

  /** What every write appends, all `FROM written` (the case row the statement wrote, if any). */
  const appended = (statsFrom: number, inserted: boolean) => `${statsCtes(statsFrom, 'written', { inserted, updated: 's.complete' })}
    logged AS (
      INSERT INTO ${t.log} (case_id, version, entry) SELECT case_id, version, $14::json FROM written
    ),
    keyed AS (
      INSERT INTO ${t.idempotency} (case_id, key, version, request_hash, result)
      SELECT case_id, $15::text, version, $16::text, $17::json FROM written WHERE $15::text IS NOT NULL
    ),
    queued AS (
      INSERT INTO ${t.outbox} (case_id, version, notification_index, created_at, next_attempt_at)
      SELECT w.case_id, w.version, m.index, $18::timestamptz, $18::timestamptz FROM written w, generate_series(0, $19::integer - 1) AS m (index)
    ),
    unlisted AS (
      DELETE FROM ${t.units} u USING written w WHERE u.unit = ANY ($22::text[]) AND ${ownUnitRows('u', 'w')}
    ),
    listed AS (
      INSERT INTO ${t.units} (unit, opened_at, case_id, state, stage) SELECT x.unit, w.opened_at, w.case_id, $6, $7 FROM written w, unnest($23::text[]) AS x (unit)
    ),
    restated AS (
      UPDATE ${t.units} u SET state = $6, stage = $7 FROM written w
       WHERE u.unit = ANY ($9::text[]) AND ${ownUnitRows('u', 'w')} AND (u.state <> $6 OR u.stage <> $7)
    )
    SELECT count(*)::int AS written FROM written`;

  const createText = `WITH written AS (
          INSERT INTO ${t.cases} (case_id, version, machine_id, machine_version, envelope, state, stage, status, units, next_due_at, has_overdue, opened_at, updated_at, origin, item_no, next_wake_at)
          VALUES ($1, $2, $3, $4, $5::json, $6, $7, $8, $9::text[], $10::timestamptz, $11, $12::timestamptz, $13::timestamptz, $20, $21, $31::timestamptz)
          ON CONFLICT (case_id) DO NOTHING
          RETURNING case_id, version, opened_at
        ),${dutyWrites(24)}${appended(30, true)}`;
  const commitText = `WITH written AS (
          UPDATE ${t.cases}
             SET version = $2, machine_id = $3, machine_version = $4, envelope = $5::json, state = $6, stage = $7, status = $8,
                 units = $9::text[], next_due_at = $10::timestamptz, has_overdue = $11, opened_at = $12::timestamptz, updated_at = $13::timestamptz,
                 origin = $20, item_no = $21, due_lease_until = NULL, next_wake_at = $32::timestamptz
           WHERE case_id = $1 AND version = $24
          RETURNING case_id, version, opened_at
        ),${dutyWrites(25)}${appended(31, false)}`;

  /** A unique violation names the row a forged or duplicated write left in the way. */
  async function write(operation: 'create' | 'commit', text: string, values: unknown[], record: CaseWrite): Promise<WriteOutcome> {
    try {
      const { rows } = await pool.query(...statement(text, values));
      if (Number(rows[0]?.written) === 1) return { ok: true };
    } catch (error) {
      const constraint = (error as { code?: unknown; constraint?: unknown }).code === '23505' ? String((error as { constraint?: unknown }).constraint) : undefined;
      // The key of an earlier request: the engine looks it up and replays that request's result.
      if (constraint === `${t.idempotency}_pkey`) return { ok: false, actualVersion: await versionOf(record.caseId), idempotencyKeyTaken: true };
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

  /** An outbox row as JSON, without its notification (read from the entry: see `toRecord`). */
  const recordJson = (alias: string) => `json_build_object(
      'caseId', ${alias}.case_id, 'version', ${alias}.version, 'index', ${alias}.notification_index, 'createdAt', ${alias}.created_at,
      'status', CASE WHEN ${alias}.delivered_at IS NOT NULL THEN 'delivered' WHEN ${alias}.failed_at IS NOT NULL THEN 'failed' ELSE 'pending' END,
      'attempts', ${alias}.attempts, 'nextAttemptAt', ${alias}.next_attempt_at, 'leaseUntil', ${alias}.lease_until,
      'deliveredAt', ${alias}.delivered_at, 'failedAt', ${alias}.failed_at, 'lastError', ${alias}.last_error)::text AS record,
      (SELECT l.entry::text FROM ${t.log} l WHERE l.case_id = ${alias}.case_id AND l.version = ${alias}.version) AS entry`;

  /** An outbox record from its row and its log entry, whose notifications it points into (parsed here: PostgreSQL's JSON functions refuse a \u0000 that json columns keep). */
  const toRecord = (row: Row): OutboxRecord => {
    const raw = parseJson(row.record) as Record<string, unknown>;
    const entry = parseJson(row.entry) as { notifications?: unknown[] } | undefined;
    const id = `${String(raw.caseId)}/${String(raw.version)}/${String(raw.index)}`;
    return {
      id,
      ...(raw as unknown as Omit<OutboxRecord, 'id' | 'notification'>),
      notification: entry?.notifications?.[raw.index as number] as OutboxRecord['notification'],
      createdAt: instant(raw.createdAt)!,
      nextAttemptAt: instant(raw.nextAttemptAt)!,
      leaseUntil: instant(raw.leaseUntil),
      deliveredAt: instant(raw.deliveredAt),
      failedAt: instant(raw.failedAt),
    };
  };
  /** A notification id `<caseId>/<version>/<index>` as its key (case ids hold no `/`). */
  const idParts = (id: string): [string, number, number] => {
    const [index, version] = [id.lastIndexOf('/'), id.lastIndexOf('/', id.lastIndexOf('/') - 1)];
    return [id.slice(0, version), Number(id.slice(version + 1, index)), Number(id.slice(index + 1))];
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
      try {
        // Several statements in one simple query: never prepared.
        await pool.query(`SELECT pg_advisory_xact_lock(${lock});\n${postgresSchema({ tablePrefix, ...roles })}`);
      } catch (error) {
        throw pgFailure(error, { operation: 'migrate', write: true });
      }
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
      return write('create', createText, [...caseColumns(record), ...dutyColumns(record), ...statsColumns(record.stats), wakeOf(record)], record);
    },

    async commit(record, expectedVersion) {
      return write('commit', commitText, [...caseColumns(record), expectedVersion, ...dutyColumns(record), ...statsColumns(record.stats), wakeOf(record)], record);
    },

    async audit(caseId) {
      // One statement, so the envelope, the columns and the log come from the same snapshot of the database.
      const { rows } = await run(
        'audit',
        false,
        caseId,
        `SELECT c.envelope::text AS envelope,
                json_build_object('caseId', c.case_id, 'version', c.version, 'state', c.state, 'stage', c.stage, 'status', c.status, 'units', c.units,
                                  'nextDueAt', c.next_due_at, 'hasOverdue', c.has_overdue, 'origin', c.origin, 'itemNo', c.item_no,
                                  'openedAt', c.opened_at, 'updatedAt', c.updated_at,
                                  'unitIndex', (SELECT COALESCE(json_agg(x.unit ORDER BY x.unit), '[]'::json) FROM unnest(c.units) AS x (unit)
                                                 WHERE EXISTS (SELECT 1 FROM ${t.units} u WHERE u.unit = x.unit AND ${ownUnitRows('u', 'c')})),
                                  'unitIndexStates', (SELECT COALESCE(json_agg(json_build_array(u.unit, u.state, u.stage) ORDER BY u.unit), '[]'::json)
                                                        FROM unnest(c.units) AS x (unit) JOIN ${t.units} u ON u.unit = x.unit AND ${ownUnitRows('u', 'c')}))::text AS summary,
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
      const values: unknown[] = [];
      const param = (value: unknown, type = '') => {
        values.push(value);
        return `$${values.length}${type}`;
      };
      // By unit: the unit index drives the page in its own order; otherwise the case row's index for the filter.
      const byUnit = query.unit !== undefined;
      const [at, id] = byUnit ? ['u.opened_at', 'u.case_id'] : ['c.opened_at', 'c.case_id'];
      const where: string[] = [];
      if (byUnit) where.push(`u.unit = ${param(query.unit)}`);
      // A unit's cases in a state (an inbox): the unit index holds each case's state and stage, so it serves the whole page.
      const on = byUnit ? 'u' : 'c';
      if (query.state !== undefined) where.push(`${on}.state = ${param(query.state)}`);
      // The stage indexes hold only cases in a stage with steps (stage <> state): say so, for the planner to use them.
      if (query.stage !== undefined) where.push(`${on}.stage = ${param(query.stage)} AND ${on}.stage <> ${on}.state`);
      if (query.origin !== undefined) where.push(`c.origin = ${param(query.origin)}`);
      if (query.itemNo !== undefined) where.push(`c.item_no = ${param(query.itemNo, '::integer')}`);
      if (query.openedFrom !== undefined) where.push(`${at} >= ${param(query.openedFrom, '::timestamptz')}`);
      if (query.openedTo !== undefined) where.push(`${at} < ${param(query.openedTo, '::timestamptz')}`);
      if (query.after !== undefined) where.push(`(${at}, ${id} COLLATE "C") < (${param(query.after.openedAt, '::timestamptz')}, ${param(query.after.caseId, '::text')} COLLATE "C")`);
      const now = query.overdue === undefined ? '' : param(query.now, '::timestamptz');
      if (query.overdue === false) where.push(`NOT c.has_overdue AND (c.next_due_at IS NULL OR c.next_due_at >= ${now})`);
      const limit = param(query.limit, '::integer');
      const order = `ORDER BY ${at} DESC, ${id} COLLATE "C" DESC LIMIT ${limit}`;
      const page = (extra: string) => {
        const conditions = [...where, extra].filter((condition) => condition !== '');
        // The case row is joined only when a condition reads it.
        const from = !byUnit ? `${t.cases} c` : conditions.some((condition) => condition.includes('c.')) ? `${t.units} u JOIN ${t.cases} c ON c.case_id = u.case_id` : `${t.units} u`;
        return `SELECT ${id} AS case_id, ${at} AS opened_at FROM ${from} WHERE ${conditions.join(' AND ') || 'true'} ${order}`;
      };
      // Overdue: marked so (an index of its own), or past due and not yet checked (few, when sweeps run): one page of each, merged.
      const pageSql = query.overdue === true ? `(${page('c.has_overdue')}) UNION (${page(`NOT c.has_overdue AND c.next_due_at < ${now}`)})` : page('');
      const { rows } = await run(
        'list',
        false,
        undefined,
        `SELECT c.case_id, (extract(epoch FROM p.opened_at) * 1000)::bigint AS opened_ms, c.envelope::text AS envelope, ${logOf('1', 'c.version')} AS entries
           FROM (${pageSql}) p JOIN ${t.cases} c ON c.case_id = p.case_id
          ORDER BY p.opened_at DESC, p.case_id COLLATE "C" DESC LIMIT ${limit}`,
        values,
        true,
      );
      return rows.map((row) => {
        const entries = parseJson(row.entries);
        return { caseId: String(row.case_id), openedAt: beijingIso(new Date(Number(row.opened_ms))), envelope: parseJson(row.envelope), ...(Array.isArray(entries) ? { entries } : {}) };
      });
    },

    async inbox(query) {
      const after = query.after === undefined ? '' : `AND (a.due_at, a.waiting_since, a.case_id COLLATE "C") > ($3::timestamptz, $4::timestamptz, $5::text COLLATE "C")`;
      const { rows } = await run(
        'inbox',
        false,
        undefined,
        `SELECT p.case_id, CASE WHEN p.due_at = 'infinity' THEN NULL ELSE (extract(epoch FROM p.due_at) * 1000)::bigint END AS due_ms,
                (extract(epoch FROM p.waiting_since) * 1000)::bigint AS waiting_ms, c.envelope::text AS envelope, ${logOf('1', 'c.version')} AS entries
           FROM (SELECT a.case_id, a.due_at, a.waiting_since FROM ${t.actors} a
                  WHERE a.actor = $1 ${after}
                  ORDER BY a.due_at, a.waiting_since, a.case_id COLLATE "C" LIMIT $2) p
           JOIN ${t.cases} c ON c.case_id = p.case_id
          ORDER BY p.due_at, p.waiting_since, p.case_id COLLATE "C"`,
        [query.actor, query.limit, ...(query.after === undefined ? [] : [query.after.dueAt ?? 'infinity', query.after.waitingSince, query.after.caseId])],
        true,
      );
      return rows.map((row) => {
        const entries = parseJson(row.entries);
        return {
          caseId: String(row.case_id),
          dueAt: row.due_ms === null ? null : beijingIso(new Date(Number(row.due_ms))),
          waitingSince: beijingIso(new Date(Number(row.waiting_ms))),
          envelope: parseJson(row.envelope),
          ...(Array.isArray(entries) ? { entries } : {}),
        };
      });
    },

    async done(query) {
      const after = query.after === undefined ? '' : `AND (a.last_acted_at, a.case_id COLLATE "C") < ($3::timestamptz, $4::text COLLATE "C")`;
      const { rows } = await run(
        'done',
        false,
        undefined,
        `SELECT p.case_id, (extract(epoch FROM p.last_acted_at) * 1000)::bigint AS acted_ms, c.envelope::text AS envelope, ${logOf('1', 'c.version')} AS entries
           FROM (SELECT a.case_id, a.last_acted_at FROM ${t.participation} a
                  WHERE a.actor = $1 ${after}
                  ORDER BY a.last_acted_at DESC, a.case_id COLLATE "C" DESC LIMIT $2) p
           JOIN ${t.cases} c ON c.case_id = p.case_id
          ORDER BY p.last_acted_at DESC, p.case_id COLLATE "C" DESC`,
        [query.actor, query.limit, ...(query.after === undefined ? [] : [query.after.lastActedAt, query.after.caseId])],
        true,
      );
      return rows.map((row) => {
        const entries = parseJson(row.entries);
        return { caseId: String(row.case_id), lastActedAt: beijingIso(new Date(Number(row.acted_ms))), envelope: parseJson(row.envelope), ...(Array.isArray(entries) ? { entries } : {}) };
      });
    },

    async unindexedCases(limit) {
      const { rows } = await run('unindexedCases', false, undefined, `SELECT case_id FROM ${t.inboxBacklog} ORDER BY case_id LIMIT $1`, [limit]);
      return rows.map((row) => String(row.case_id));
    },

    async indexCase(summary) {
      const actors = summary.actors ?? [];
      const participants = summary.participants ?? [];
      // The case row is locked at its version, so a write racing this one either waits for it or makes it index nothing.
      const { rows } = await run(
        'indexCase',
        true,
        summary.caseId,
        `WITH current AS (
            SELECT case_id FROM ${t.cases} WHERE case_id = $1 AND version = $2 FOR UPDATE
          ),
          unowed AS (DELETE FROM ${t.actors} a USING current c WHERE a.case_id = c.case_id),
          owed AS (
            INSERT INTO ${t.actors} (actor, due_at, waiting_since, case_id)
            SELECT x.actor, x.due_at, x.waiting_since, c.case_id FROM current c, unnest($3::text[], $4::timestamptz[], $5::timestamptz[]) AS x (actor, due_at, waiting_since)
          ),
          acted AS (
            INSERT INTO ${t.participation} (actor, last_acted_at, case_id)
            SELECT x.actor, x.at, c.case_id FROM current c, unnest($6::text[], $7::timestamptz[]) AS x (actor, at)
            ON CONFLICT (actor, case_id) DO UPDATE SET last_acted_at = GREATEST(${t.participation}.last_acted_at, excluded.last_acted_at)
          ),
          indexed AS (DELETE FROM ${t.inboxBacklog} b USING current c WHERE b.case_id = c.case_id)
          SELECT count(*)::int AS indexed FROM current`,
        [
          summary.caseId,
          summary.version,
          actors.map((entry) => entry.actor),
          actors.map((entry) => entry.dueAt ?? 'infinity'),
          actors.map((entry) => entry.waitingSince),
          participants.map((entry) => entry.actor),
          participants.map((entry) => entry.lastActedAt),
        ],
      );
      return Number(rows[0]?.indexed) === 1;
    },

    async claimDue(claim) {
      // Claim and lease in one statement; SKIP LOCKED lets several engines claim side by side without waiting.
      const { rows } = await run(
        'claimDue',
        true,
        undefined,
        `WITH due AS (
            SELECT case_id FROM ${t.cases}
             WHERE next_wake_at <= $1::timestamptz AND (due_lease_until IS NULL OR due_lease_until <= $2::timestamptz)
             ORDER BY next_wake_at, case_id COLLATE "C"
             LIMIT $4
             FOR UPDATE SKIP LOCKED
          )
          UPDATE ${t.cases} c SET due_lease_until = $3::timestamptz FROM due WHERE c.case_id = due.case_id
          RETURNING c.case_id, (extract(epoch FROM c.next_wake_at) * 1000)::bigint AS due_ms`,
        [claim.now, claim.clockNow, claim.leaseUntil, claim.limit],
        true,
      );
      return rows
        .map((row) => ({ caseId: String(row.case_id), due: Number(row.due_ms) }))
        .sort((a, b) => a.due - b.due || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0))
        .map((row) => row.caseId);
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
      // Given ids (a write's own notifications) are found by key, the others in due order.
      const ids = claim.ids?.map(idParts);
      const candidates =
        ids === undefined
          ? `SELECT case_id, version, notification_index, attempts FROM ${t.outbox}
              WHERE delivered_at IS NULL AND failed_at IS NULL
                AND next_attempt_at <= $1::timestamptz
                AND (lease_until IS NULL OR lease_until <= $1::timestamptz)
              ORDER BY next_attempt_at, case_id, version, notification_index
              LIMIT $3
              FOR UPDATE SKIP LOCKED`
          : `SELECT o.case_id, o.version, o.notification_index, o.attempts
               FROM ${t.outbox} o JOIN unnest($6::text[], $7::integer[], $8::integer[]) AS k (case_id, version, notification_index)
                 ON (o.case_id, o.version, o.notification_index) = (k.case_id, k.version, k.notification_index)
              WHERE o.delivered_at IS NULL AND o.failed_at IS NULL
                AND o.next_attempt_at <= $1::timestamptz
                AND (o.lease_until IS NULL OR o.lease_until <= $1::timestamptz)
              ORDER BY o.next_attempt_at, o.case_id, o.version, o.notification_index
              LIMIT $3
              FOR UPDATE OF o SKIP LOCKED`;
      const { rows } = await run(
        'claimNotifications',
        true,
        undefined,
        `WITH due AS (${candidates}),
          parked AS (
            UPDATE ${t.outbox} o
               SET failed_at = $1::timestamptz, lease_until = NULL, lease_token = NULL,
                   last_error = 'gave up: its delivery was interrupted ' || o.attempts || ' times' || COALESCE(' (last error: ' || o.last_error || ')', '')
              FROM due WHERE (o.case_id, o.version, o.notification_index) = (due.case_id, due.version, due.notification_index) AND due.attempts >= $5
          )
          UPDATE ${t.outbox} o SET attempts = o.attempts + 1, lease_until = $2::timestamptz, lease_token = $4
            FROM due WHERE (o.case_id, o.version, o.notification_index) = (due.case_id, due.version, due.notification_index) AND due.attempts < $5
          RETURNING ${recordJson('o')}`,
        [
          claim.now,
          claim.leaseUntil,
          claim.limit,
          claim.token,
          claim.maxAttempts,
          ...(ids === undefined ? [] : [ids.map((id) => id[0]), ids.map((id) => id[1]), ids.map((id) => id[2])]),
        ],
        ids === undefined,
      );
      return rows.map(toRecord).sort(byDue);
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
           FROM json_to_recordset($1::json) AS s(case_id text, version integer, notification_index integer, token text, outcome text, at timestamptz, next_attempt_at timestamptz, error text)
          WHERE (o.case_id, o.version, o.notification_index) = (s.case_id, s.version, s.notification_index)
            AND o.lease_token = s.token AND o.delivered_at IS NULL AND o.failed_at IS NULL
          RETURNING o.case_id, o.version, o.notification_index`,
        [
          JSON.stringify(
            settlements.map((s) => {
              const [caseId, version, index] = idParts(s.id);
              return { case_id: caseId, version, notification_index: index, token: s.token, outcome: s.outcome, at: s.at, next_attempt_at: s.nextAttemptAt ?? null, error: s.error ?? null };
            }),
          ),
        ],
      );
      return rows.map((row) => `${String(row.case_id)}/${String(row.version)}/${String(row.notification_index)}`);
    },

    async stats(query) {
      const key = {
        leadUnit: 's.lead_unit',
        item: 's.item_no::text',
        origin: 's.origin',
        // Beijing is UTC+8 all year: the month of the instant 8 hours on, in UTC.
        month: `to_char((s.opened_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')`,
      }[query.by];
      const { rows } = await run(
        'stats',
        false,
        undefined,
        `SELECT ${key} AS key, count(*) AS opened,
                count(*) FILTER (WHERE s.outcome = 'archived') AS archived,
                count(*) FILTER (WHERE s.outcome = 'rejected') AS rejected,
                count(*) FILTER (WHERE s.outcome = 'notApproved') AS not_approved,
                count(*) FILTER (WHERE s.outcome = 'withdrawn') AS withdrawn,
                count(*) FILTER (WHERE s.outcome = 'declined') AS declined,
                count(*) FILTER (WHERE s.results_status = 'met') AS on_time,
                count(*) FILTER (WHERE s.results_status = 'late') AS late,
                count(*) FILTER (WHERE s.results_status = 'overdue' OR (s.results_status = 'pending' AND s.outcome IS NULL AND s.results_due_at < $3::timestamptz)) AS overdue,
                COALESCE(sum(s.steps_on_time), 0) AS steps_on_time, COALESCE(sum(s.steps_late), 0) AS steps_late,
                COALESCE(sum(s.steps_overdue), 0) + count(*) FILTER (WHERE s.step_due_at < $3::timestamptz) AS steps_overdue,
                COALESCE(sum(s.urges), 0) AS urges,
                COALESCE(sum(s.archive_working_days), 0) AS archive_sum, count(s.archive_working_days) AS archive_count,
                ${STATS_STEPS.map((_, index) => `COALESCE(sum(s.step_days[${index + 1}]), 0) AS step_days_${index}, COALESCE(sum(s.step_visits[${index + 1}]), 0) AS step_visits_${index}`).join(',\n                ')}
           FROM ${t.stats} s
          WHERE s.opened_at >= $1::timestamptz AND s.opened_at < $2::timestamptz
          GROUP BY 1`,
        [query.from, query.to, query.now],
        true,
      );
      return rows.map((row): StatsGroupTotals => {
        const steps = STATS_STEPS.map((step, index) => [step, { sum: Number(row[`step_days_${index}`]), count: Number(row[`step_visits_${index}`]) }] as const);
        return {
          key: row.key === null ? null : query.by === 'item' ? Number(row.key) : String(row.key),
          opened: Number(row.opened),
          archived: Number(row.archived),
          rejected: Number(row.rejected),
          notApproved: Number(row.not_approved),
          withdrawn: Number(row.withdrawn),
          declined: Number(row.declined),
          resultsOnTime: Number(row.on_time),
          resultsLate: Number(row.late),
          resultsOverdue: Number(row.overdue),
          stepsOnTime: Number(row.steps_on_time),
          stepsLate: Number(row.steps_late),
          stepsOverdue: Number(row.steps_overdue),
          urges: Number(row.urges),
          archiveDays: { sum: Number(row.archive_sum), count: Number(row.archive_count) },
          steps: Object.fromEntries(steps.filter(([, sum]) => sum.count > 0)),
        };
      });
    },

    async statsBacklog({ after, limit }) {
      const { rows } = await run(
        'statsBacklog',
        false,
        undefined,
        `SELECT case_id FROM ${t.stats} WHERE NOT complete AND ($1::text IS NULL OR case_id COLLATE "C" > $1::text) ORDER BY case_id COLLATE "C" LIMIT $2`,
        [after ?? null, limit],
      );
      return rows.map((row) => String(row.case_id));
    },

    async backfillStats(caseId, statsWrite) {
      // Only while the case is at the version the statistics were derived from (a write since keeps it in the backlog).
      await run(
        'backfillStats',
        true,
        caseId,
        `WITH current AS (SELECT case_id FROM ${t.cases} WHERE case_id = $1 AND version = $2),${statsCtes(3, 'current', { inserted: true, updated: 'true' })}
          done AS (SELECT 1)
          SELECT count(*)::int AS written FROM current`,
        [caseId, statsWrite.stats.version, ...statsColumns(statsWrite)],
      );
    },

    async notifications(query) {
      const order = query.status === 'pending' ? 'next_attempt_at, case_id, version, notification_index' : 'created_at, case_id, version, notification_index';
      const { rows } = await run(
        'notifications',
        false,
        undefined,
        `SELECT ${recordJson('o')} FROM ${t.outbox} o WHERE ${statusFilter[query.status]} AND ($1::text IS NULL OR o.case_id = $1) ORDER BY ${order} LIMIT $2`,
        [query.caseId ?? null, query.limit],
      );
      return rows.map(toRecord);
    },
  };
}
