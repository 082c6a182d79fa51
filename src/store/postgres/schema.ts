import { z } from 'zod';
import { parseArgument } from '../../_lib/validate.js';

/**
 * A table-name prefix: lower-case letters, digits and `_`, so it can be written into SQL as is.
 *
 * @example
 * tablePrefixSchema.safeParse('siyang_').success
 * //=> true
 */
export const tablePrefixSchema = z.string().regex(/^[a-z_][a-z0-9_]{0,30}$/u, 'must be lower-case letters, digits or _ (at most 31), not starting with a digit');

/**
 * A PostgreSQL role name the schema grants to: letters, digits, `_` and `-`, at most 63, so it
 * can be written into SQL (double-quoted) as is.
 *
 * @example
 * roleNameSchema.safeParse('le_app').success
 * //=> true
 */
export const roleNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,62}$/u, 'must be letters, digits, _ or - (at most 63), not starting with a digit or -');

/**
 * The tables a prefix names: `cases`, `case_log`, `case_idempotency`, `case_outbox`, `case_units`,
 * for 待办/已办 `case_actors`, `case_participation` and `case_inbox_backlog`, and for the
 * statistics `case_stats`.
 */
export function tableNames(prefix: string) {
  return {
    cases: `${prefix}cases`,
    log: `${prefix}case_log`,
    idempotency: `${prefix}case_idempotency`,
    outbox: `${prefix}case_outbox`,
    units: `${prefix}case_units`,
    actors: `${prefix}case_actors`,
    participation: `${prefix}case_participation`,
    inboxBacklog: `${prefix}case_inbox_backlog`,
    stats: `${prefix}case_stats`,
  } as const;
}

/** The options of `postgresSchema` and `store.migrate`. */
export interface PostgresSchemaOptions {
  /** In front of every table, index and function name (default `le_`). */
  readonly tablePrefix?: string;
  /**
   * The role that owns the tables (and the append-only trigger). The application should not log
   * in as it: only an owner can switch a trigger off. Default: whoever runs the script.
   */
  readonly ownerRole?: string;
  /**
   * The role the application logs in as: granted only what the engine does — the audit log
   * SELECT and INSERT; the cases and the outbox also UPDATE; the idempotency records SELECT and
   * INSERT; the unit index (`case_units`, derived from the cases) also UPDATE (the case's state
   * beside each unit) and DELETE, for a unit that leaves a case; the 待办 index (`case_actors`) also
   * DELETE, the 已办 index (`case_participation`) also UPDATE, the backlog of cases to index
   * (`case_inbox_backlog`) SELECT and DELETE; the statistics (`case_stats`, derived
   * from the cases) SELECT, INSERT and UPDATE. Nothing else may be deleted, and it cannot disable
   * the log's append-only trigger.
   */
  readonly appRole?: string;
}

export const schemaOptionsSchema = z.object({ tablePrefix: tablePrefixSchema.optional(), ownerRole: roleNameSchema.optional(), appRole: roleNameSchema.optional() }).strict();

/**
 * The PostgreSQL schema of the case store, as one idempotent SQL script (`CREATE … IF NOT
 * EXISTS`; a 0.1, 0.2 or 0.3 database is upgraded in place): the cases with their envelope and the columns
 * `list` and `sweep` query — each filter with an index in `list`'s order (newest opening first),
 * the units a case involves in `case_units` with the case's state and stage (a GIN index cannot give that order; an inbox is one index range), `next_due_at`
 * for `sweep` with its claim lease — the append-only audit log (a trigger refuses UPDATE, DELETE
 * and TRUNCATE), the idempotency records and the outbox (发件箱) of notifications with their
 * delivery state. Envelopes and entries are `json`, not `jsonb`: stored as written, so what was
 * hashed is what is kept, and `\u0000` in a text survives.
 *
 * @param options - `tablePrefix` (default `le_`); `ownerRole` and `appRole` for least privilege (see {@link PostgresSchemaOptions}).
 * @returns The SQL script; `store.migrate()` runs it. Hand it to a DBA or a migration tool instead if you prefer.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` for a malformed prefix or role name.
 * @example
 * postgresSchema({ tablePrefix: 'siyang_' }).includes('CREATE TABLE IF NOT EXISTS siyang_cases')
 * //=> true
 */
export function postgresSchema(options: PostgresSchemaOptions = {}): string {
  const { tablePrefix = 'le_', ownerRole, appRole } = parseArgument(schemaOptionsSchema, options, 'options');
  const t = tableNames(tablePrefix);
  const guard = `${tablePrefix}case_log_append_only`;
  const owner =
    ownerRole === undefined
      ? ''
      : [t.cases, t.log, t.idempotency, t.outbox, t.units, t.actors, t.participation, t.inboxBacklog, t.stats].map((table) => `ALTER TABLE ${table} OWNER TO "${ownerRole}";\n`).join('') + `ALTER FUNCTION ${guard}() OWNER TO "${ownerRole}";\n`;
  const grants =
    appRole === undefined
      ? ''
      : `REVOKE ALL ON ${t.cases}, ${t.log}, ${t.idempotency}, ${t.outbox}, ${t.units}, ${t.actors}, ${t.participation}, ${t.inboxBacklog}, ${t.stats} FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON ${t.cases} TO "${appRole}";
GRANT SELECT, INSERT ON ${t.log} TO "${appRole}";
GRANT SELECT, INSERT ON ${t.idempotency} TO "${appRole}";
GRANT SELECT, INSERT, UPDATE ON ${t.outbox} TO "${appRole}";
GRANT SELECT, INSERT, UPDATE, DELETE ON ${t.units} TO "${appRole}";
GRANT SELECT, INSERT, DELETE ON ${t.actors} TO "${appRole}";
GRANT SELECT, INSERT, UPDATE ON ${t.participation} TO "${appRole}";
GRANT SELECT, DELETE ON ${t.inboxBacklog} TO "${appRole}";
GRANT SELECT, INSERT, UPDATE ON ${t.stats} TO "${appRole}";
`;
  return `
CREATE TABLE IF NOT EXISTS ${t.cases} (
  case_id         text PRIMARY KEY,
  version         integer NOT NULL CHECK (version >= 1),
  machine_id      text NOT NULL,
  machine_version integer NOT NULL,
  envelope        json NOT NULL,
  state           text NOT NULL,
  stage           text NOT NULL,
  status          text NOT NULL,
  units           text[] NOT NULL DEFAULT '{}',
  next_due_at     timestamptz,
  has_overdue     boolean NOT NULL DEFAULT false,
  opened_at       timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
-- 0.2: the opening's origin and item (list filters) and sweep's claim lease; 0.1 rows take theirs from the envelope.
ALTER TABLE ${t.cases} ADD COLUMN IF NOT EXISTS origin text;
ALTER TABLE ${t.cases} ADD COLUMN IF NOT EXISTS item_no integer;
ALTER TABLE ${t.cases} ADD COLUMN IF NOT EXISTS due_lease_until timestamptz;
UPDATE ${t.cases} SET origin = envelope->'snapshot'->'context'->>'origin', item_no = (envelope->'snapshot'->'context'->>'itemNo')::integer WHERE origin IS NULL;
-- Every list filter has an index in list's order (newest opening first, then case id), so a page
-- costs the same at any number of cases; sweep claims by next_due_at.
DROP INDEX IF EXISTS ${t.cases}_state_idx;
DROP INDEX IF EXISTS ${t.cases}_units_idx;
DROP INDEX IF EXISTS ${t.cases}_next_due_at_idx;
CREATE INDEX IF NOT EXISTS ${t.cases}_opened_idx ON ${t.cases} (opened_at, case_id COLLATE "C");
CREATE INDEX IF NOT EXISTS ${t.cases}_stage_opened_idx ON ${t.cases} (stage, opened_at, case_id COLLATE "C") WHERE stage <> state;
CREATE INDEX IF NOT EXISTS ${t.cases}_origin_opened_idx ON ${t.cases} (origin, opened_at, case_id COLLATE "C");
CREATE INDEX IF NOT EXISTS ${t.cases}_item_opened_idx ON ${t.cases} (item_no, opened_at, case_id COLLATE "C") WHERE item_no IS NOT NULL;
CREATE INDEX IF NOT EXISTS ${t.cases}_overdue_opened_idx ON ${t.cases} (opened_at, case_id COLLATE "C") WHERE has_overdue;
-- What list checks on a case another index found (an inbox: a unit's cases in one state), without reading its row.
CREATE INDEX IF NOT EXISTS ${t.cases}_filters_idx ON ${t.cases} (case_id) INCLUDE (state, stage, origin, item_no, has_overdue, next_due_at);
CREATE INDEX IF NOT EXISTS ${t.cases}_due_idx ON ${t.cases} (next_due_at, case_id COLLATE "C") WHERE next_due_at IS NOT NULL;
-- 0.4: sweep claims by next_wake_at, the earlier of the next due time and the next reminder (预警)
-- not yet sent. Rows written before wake 1 ms after their due time (at it, a deadline is not yet overdue):
-- their pending deadlines are checked, not reminded.
ALTER TABLE ${t.cases} ADD COLUMN IF NOT EXISTS next_wake_at timestamptz;
DO $$
BEGIN
  IF to_regclass('${t.cases}_wake_idx') IS NULL THEN
    UPDATE ${t.cases} SET next_wake_at = next_due_at + interval '1 millisecond' WHERE next_wake_at IS NULL AND next_due_at IS NOT NULL;
    CREATE INDEX IF NOT EXISTS ${t.cases}_wake_idx ON ${t.cases} (next_wake_at, case_id COLLATE "C") WHERE next_wake_at IS NOT NULL;
  END IF;
END
$$;

-- The units a case involves, in list's order per unit (a GIN index on cases.units cannot give an order);
-- its key finds (or removes) a row by unit, opening time and case. Each row also holds the case's
-- state and stage, written by the same statement as the case, so an inbox (a unit's cases in one
-- state) is one range of one index, read without visiting the cases.
DO $$
BEGIN
  IF to_regclass('${t.units}') IS NULL THEN
    CREATE TABLE IF NOT EXISTS ${t.units} (
      unit       text NOT NULL,
      opened_at  timestamptz NOT NULL,
      case_id    text NOT NULL,
      state      text NOT NULL,
      stage      text NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS ${t.units}_key ON ${t.units} (unit, opened_at, case_id COLLATE "C");
    INSERT INTO ${t.units} (unit, opened_at, case_id, state, stage) SELECT u.unit, c.opened_at, c.case_id, c.state, c.stage FROM ${t.cases} c, unnest(c.units) AS u (unit) ON CONFLICT DO NOTHING;
  END IF;
  -- 0.3 kept the unit and the opening only: each row takes its case's state and stage (a row whose case is gone is dropped).
  IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = '${t.units}'::regclass AND attname = 'state' AND NOT attisdropped) THEN
    ALTER TABLE ${t.units} ADD COLUMN state text, ADD COLUMN stage text;
    UPDATE ${t.units} u SET state = c.state, stage = c.stage FROM ${t.cases} c WHERE c.case_id = u.case_id;
    DELETE FROM ${t.units} WHERE state IS NULL;
    ALTER TABLE ${t.units} ALTER COLUMN state SET NOT NULL, ALTER COLUMN stage SET NOT NULL;
  END IF;
END
$$;
-- An inbox (a unit's cases in one state) is one range of the state index. Archived cases, which
-- in a system of record become nearly all of them, are left out of it (and of the cases' state
-- index): a unit's archived cases are most of its range of the unit index, so a page of them is
-- found by walking that index from the newest and passing over the unit's open cases, whose number
-- is its workload, not its history. 0.3 and 0.4 development builds indexed every state: rebuilt.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_index i WHERE i.indexrelid = to_regclass('${t.units}_state_idx') AND i.indpred IS NULL) THEN
    DROP INDEX ${t.units}_state_idx;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_index i WHERE i.indexrelid = to_regclass('${t.cases}_state_opened_idx') AND i.indpred IS NULL) THEN
    DROP INDEX ${t.cases}_state_opened_idx;
  END IF;
END
$$;
CREATE INDEX IF NOT EXISTS ${t.cases}_state_opened_idx ON ${t.cases} (state, opened_at, case_id COLLATE "C") WHERE state <> 'archived';
CREATE INDEX IF NOT EXISTS ${t.units}_state_idx ON ${t.units} (unit, state, opened_at, case_id COLLATE "C") WHERE state <> 'archived';
CREATE INDEX IF NOT EXISTS ${t.units}_stage_idx ON ${t.units} (unit, stage, opened_at, case_id COLLATE "C") WHERE stage <> state;

-- 0.4: who owes each case its next step (待办) and who acted on it (已办), written by the same
-- statement as the case. due_at is 'infinity' for an actor without a deadline in the case, so one
-- btree orders the inbox by urgency (overdue and soonest due first, then longest waiting) and a
-- row comparison pages it. Cases stored before 0.4 wait in the backlog: the engine indexes them
-- from their snapshots (it alone knows who acts) on its first inbox or done call.
DO $$
BEGIN
  IF to_regclass('${t.actors}') IS NULL THEN
    CREATE TABLE IF NOT EXISTS ${t.actors} (
      actor          text NOT NULL,
      due_at         timestamptz NOT NULL,
      waiting_since  timestamptz NOT NULL,
      case_id        text NOT NULL
    );
    CREATE INDEX IF NOT EXISTS ${t.actors}_inbox_idx ON ${t.actors} (actor, due_at, waiting_since, case_id COLLATE "C");
    CREATE INDEX IF NOT EXISTS ${t.actors}_case_idx ON ${t.actors} (case_id);
    CREATE TABLE IF NOT EXISTS ${t.participation} (
      actor          text NOT NULL,
      last_acted_at  timestamptz NOT NULL,
      case_id        text NOT NULL,
      PRIMARY KEY (actor, case_id)
    );
    CREATE INDEX IF NOT EXISTS ${t.participation}_done_idx ON ${t.participation} (actor, last_acted_at, case_id COLLATE "C");
    CREATE TABLE IF NOT EXISTS ${t.inboxBacklog} (case_id text PRIMARY KEY);
    INSERT INTO ${t.inboxBacklog} (case_id) SELECT case_id FROM ${t.cases} ON CONFLICT DO NOTHING;
  END IF;
END
$$;
-- 0.4: the statistics (统计报表), derived by the engine and written with each event: per case the
-- columns a report groups and counts by, per step visit the working days it took. Cases stored
-- before get a row marked incomplete, which engine.stats fills from the case (only the engine has
-- the calendar that counts working days).
DO $$
BEGIN
  IF to_regclass('${t.stats}') IS NULL THEN
    CREATE TABLE IF NOT EXISTS ${t.stats} (
      case_id              text PRIMARY KEY,
      version              integer NOT NULL,
      opened_at            timestamptz NOT NULL,
      origin               text,
      item_no              integer,
      lead_unit            text,
      outcome              text,
      urges                integer NOT NULL DEFAULT 0,
      results_due_at       timestamptz,
      results_status       text,
      -- Step limits (环节办理时限): deadlines met, late and found overdue; the open one's due time while pending.
      steps_on_time        integer NOT NULL DEFAULT 0,
      steps_late           integer NOT NULL DEFAULT 0,
      steps_overdue        integer NOT NULL DEFAULT 0,
      step_due_at          timestamptz,
      archive_working_days integer,
      -- Per step (初审, 法制审核, 审批/同意, 派送, 执法, 汇总, in that order): the working days of the
      -- case's completed visits added up, and how many; a report reads these, never the visits.
      step_days            integer[] NOT NULL DEFAULT '{0,0,0,0,0,0}',
      step_visits          integer[] NOT NULL DEFAULT '{0,0,0,0,0,0}',
      complete             boolean NOT NULL DEFAULT true
    );
    INSERT INTO ${t.stats} (case_id, version, opened_at, origin, item_no, complete)
    SELECT case_id, version, opened_at, origin, item_no, false FROM ${t.cases} ON CONFLICT DO NOTHING;
  END IF;
END
$$;
-- 0.4 development builds kept a row per step visit (case_steps), which no query read: a report reads
-- the per-case totals above, and the visits are in the audit log (the history) for anyone who needs them.
DROP TABLE IF EXISTS ${tablePrefix}case_steps;
-- 0.4 development builds made case_stats before the step limits: their columns (no case had a step limit yet, so the defaults are right).
ALTER TABLE ${t.stats} ADD COLUMN IF NOT EXISTS steps_on_time integer NOT NULL DEFAULT 0,
                       ADD COLUMN IF NOT EXISTS steps_late integer NOT NULL DEFAULT 0,
                       ADD COLUMN IF NOT EXISTS steps_overdue integer NOT NULL DEFAULT 0,
                       ADD COLUMN IF NOT EXISTS step_due_at timestamptz;
-- A period's report is one range of this index, reading the rows it finds. The development builds'
-- indexes also held every column a report reads (an index-only scan), a second copy of each row
-- for a query run a few times a day: dropped, so a stored event costs fewer bytes.
DROP INDEX IF EXISTS ${t.stats}_opened_idx;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_index i WHERE i.indexrelid = to_regclass('${t.stats}_period_idx') AND i.indnatts > i.indnkeyatts) THEN
    DROP INDEX ${t.stats}_period_idx;
  END IF;
END
$$;
CREATE INDEX IF NOT EXISTS ${t.stats}_period_idx ON ${t.stats} (opened_at);
CREATE INDEX IF NOT EXISTS ${t.stats}_backlog_idx ON ${t.stats} (case_id COLLATE "C") WHERE NOT complete;

CREATE TABLE IF NOT EXISTS ${t.log} (
  case_id  text NOT NULL REFERENCES ${t.cases} (case_id),
  version  integer NOT NULL CHECK (version >= 1),
  entry    json NOT NULL,
  PRIMARY KEY (case_id, version)
);

CREATE TABLE IF NOT EXISTS ${t.idempotency} (
  case_id       text NOT NULL REFERENCES ${t.cases} (case_id),
  key           text NOT NULL,
  version       integer NOT NULL,
  request_hash  text NOT NULL,
  result        json,
  PRIMARY KEY (case_id, key)
);
-- 0.1 kept the whole result; 0.2 keeps the version and rebuilds the result from the log.
ALTER TABLE ${t.idempotency} ALTER COLUMN result DROP NOT NULL;

-- The outbox holds each notification's delivery state; the notification itself is read from its log entry.
CREATE TABLE IF NOT EXISTS ${t.outbox} (
  case_id            text NOT NULL,
  version            integer NOT NULL,
  notification_index integer NOT NULL,
  created_at         timestamptz NOT NULL,
  attempts           integer NOT NULL DEFAULT 0,
  next_attempt_at    timestamptz NOT NULL,
  lease_until        timestamptz,
  lease_token        text,
  delivered_at       timestamptz,
  failed_at          timestamptz,
  last_error         text,
  PRIMARY KEY (case_id, version, notification_index)
);
-- 0.2 kept each notification (and an id) in its outbox row: the log entry has it, the row is keyed by case, version and index.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = '${t.outbox}'::regclass AND attname = 'notification' AND NOT attisdropped) THEN
    ALTER TABLE ${t.outbox} DROP COLUMN id, DROP COLUMN notification, DROP CONSTRAINT IF EXISTS ${t.outbox}_case_id_fkey;
    ALTER TABLE ${t.outbox} ADD PRIMARY KEY (case_id, version, notification_index);
  END IF;
END
$$;
DROP INDEX IF EXISTS ${t.outbox}_case_idx;
-- The pending notifications by when they are next due: a claim takes the earliest (ties, a write's
-- few notifications, are put in key order by an incremental sort). 0.2 and 0.3 also kept the key in
-- this index, which doubled its size for nothing a claim needs.
DROP INDEX IF EXISTS ${t.outbox}_due_idx;
CREATE INDEX IF NOT EXISTS ${t.outbox}_next_idx ON ${t.outbox} (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;

CREATE OR REPLACE FUNCTION ${guard}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the case log % is append-only (%)', TG_TABLE_NAME, TG_OP;
END
$$;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '${guard}' AND tgrelid = '${t.log}'::regclass) THEN
    CREATE TRIGGER ${guard} BEFORE UPDATE OR DELETE ON ${t.log} FOR EACH ROW EXECUTE PROCEDURE ${guard}();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '${guard}_truncate' AND tgrelid = '${t.log}'::regclass) THEN
    CREATE TRIGGER ${guard}_truncate BEFORE TRUNCATE ON ${t.log} FOR EACH STATEMENT EXECUTE PROCEDURE ${guard}();
  END IF;
END
$$;
${owner}${grants}`;
}
