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

/** The tables a prefix names: `cases`, `case_log`, `case_idempotency`. */
export function tableNames(prefix: string) {
  return {
    cases: `${prefix}cases`,
    log: `${prefix}case_log`,
    idempotency: `${prefix}case_idempotency`,
  } as const;
}

/**
 * The PostgreSQL schema of the case store, as one idempotent SQL script (`CREATE … IF NOT
 * EXISTS`): the cases with their envelope and the columns `list` and `sweep` query (an index on
 * `next_due_at`), the append-only audit log (a trigger refuses UPDATE, DELETE and TRUNCATE), and
 * the idempotency records. Envelopes and entries are `json`, not `jsonb`: stored as written, so
 * what was hashed is what is kept, and `\u0000` in a text survives.
 *
 * @param options - `tablePrefix` (default `le_`) in front of every table, index and function name.
 * @returns The SQL script; `store.migrate()` runs it. Hand it to a DBA or a migration tool instead if you prefer.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` for a malformed prefix.
 * @example
 * postgresSchema({ tablePrefix: 'siyang_' }).includes('CREATE TABLE IF NOT EXISTS siyang_cases')
 * //=> true
 */
export function postgresSchema(options: { readonly tablePrefix?: string } = {}): string {
  const { tablePrefix = 'le_' } = parseArgument(z.object({ tablePrefix: tablePrefixSchema.optional() }).strict(), options, 'options');
  const t = tableNames(tablePrefix);
  const guard = `${tablePrefix}case_log_append_only`;
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
CREATE INDEX IF NOT EXISTS ${t.cases}_next_due_at_idx ON ${t.cases} (next_due_at) WHERE next_due_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS ${t.cases}_state_idx ON ${t.cases} (state);
CREATE INDEX IF NOT EXISTS ${t.cases}_units_idx ON ${t.cases} USING gin (units);

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
  result        json NOT NULL,
  PRIMARY KEY (case_id, key)
);

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
`;
}
