/**
 * The stores the conformance suite runs against, and what it does to them behind the engine's
 * back: reopen (a restart), several instances, rewriting stored rows (a bad disk, an attacker),
 * a write that breaks part-way. Also for other suites that need a store of each kind.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { memoryStore, type CaseStore, type MemoryStore } from 'linked-enforcement';
import { postgresStore, type PgPool } from '../../src/store/postgres/index.js';

export type Json = Record<string, unknown>;

export interface StoredChange {
  envelope?: (envelope: Json) => unknown;
  entries?: (entries: Json[]) => Json[];
  /** The stored columns `list` and `sweep` read (PostgreSQL) or the memory store's summary. */
  summary?: (summary: Json) => Json;
  idempotency?: (records: Json[]) => Json[];
}

export interface StoreHarness {
  readonly name: string;
  readonly skip: boolean;
  /** A fresh, empty store. */
  create(): Promise<CaseStore>;
  /** A new store object on the same data: what an app instance sees after a restart. */
  reopen(store: CaseStore): Promise<CaseStore>;
  /** Several stores on the same data, as separate app instances. */
  instances(store: CaseStore, count: number): Promise<CaseStore[]>;
  /** Changes a case's stored data behind the engine's back (a bad disk, an attacker); returns the store to read it through. */
  rewrite(store: CaseStore, caseId: string, change: StoredChange): Promise<CaseStore>;
  /** A store on the same data whose next write breaks part-way. */
  crashing(store: CaseStore): Promise<{ store: CaseStore; crashed: () => boolean }>;
}

export function memoryHarness(): StoreHarness {
  return {
    name: 'memory',
    skip: false,
    create: async () => memoryStore(),
    reopen: async (store) => memoryStore({ data: (store as MemoryStore).toJSON() }),
    // One process: every "instance" shares the one store object, as an app's handlers do.
    instances: async (store, count) => Array.from({ length: count }, () => store),
    async rewrite(store, caseId, change) {
      const data = (store as MemoryStore).toJSON();
      const record = data.cases[caseId]!;
      const idempotency = Object.values(record.idempotency ?? {}) as unknown as Json[];
      data.cases[caseId] = {
        ...record,
        envelope: (change.envelope?.(record.envelope as Json) ?? record.envelope) as typeof record.envelope,
        audit: change.entries?.(record.audit) ?? record.audit,
        summary: (change.summary?.(record.summary as unknown as Json) ?? record.summary) as typeof record.summary,
        idempotency: Object.fromEntries((change.idempotency?.(idempotency) ?? idempotency).map((r) => [r.key as string, r])) as unknown as typeof record.idempotency,
      };
      return memoryStore({ data });
    },
    async crashing(store) {
      let crashed = false;
      // The real store's write, fed an audit entry JSON cannot hold: it throws after serialising the envelope.
      return {
        crashed: () => crashed,
        store: {
          ...store,
          name: 'memory (crashing)',
          commit: async (write, expectedVersion) => {
            crashed = true;
            return store.commit({ ...write, entry: { ...write.entry, notifications: [{ poison: 1n } as never] } }, expectedVersion);
          },
        },
      };
    },
  };
}

export function postgresHarness(url: string | undefined): StoreHarness {
  const pools: pg.Pool[] = [];
  const prefixes = new Set<string>();
  const prefixOf = new WeakMap<CaseStore, string>();
  const run = randomBytes(3).toString('hex');
  let count = 0;
  const newPool = (max = 4) => {
    const pool = new pg.Pool({ connectionString: url, max });
    pool.on('error', () => {}); // an idle client whose backend was terminated
    pools.push(pool);
    return pool;
  };
  const open = (prefix: string, pool: PgPool = newPool()) => {
    const store = postgresStore({ pool, tablePrefix: prefix });
    prefixOf.set(store, prefix);
    return store;
  };
  afterAll(async () => {
    if (url === undefined) return;
    const admin = newPool(1);
    for (const prefix of prefixes) await dropTables(admin, prefix);
    await Promise.all(pools.map((pool) => pool.end()));
  });
  return {
    name: 'postgres',
    skip: url === undefined,
    async create() {
      const prefix = `lec_${run}_${++count}_`;
      prefixes.add(prefix);
      const store = open(prefix);
      await store.migrate();
      return store;
    },
    reopen: async (store) => open(prefixOf.get(store)!),
    instances: async (store, n) => Array.from({ length: n }, () => open(prefixOf.get(store)!, newPool(2))),
    async rewrite(store, caseId, change) {
      const prefix = prefixOf.get(store)!;
      const client = await newPool(1).connect();
      try {
        await client.query('BEGIN');
        // The log's append-only trigger stops everyone but the table owner, who must switch it off first.
        await client.query(`ALTER TABLE ${prefix}case_log DISABLE TRIGGER USER`);
        if (change.envelope) {
          const { rows } = await client.query(`SELECT envelope FROM ${prefix}cases WHERE case_id = $1`, [caseId]);
          await client.query(`UPDATE ${prefix}cases SET envelope = $2::json WHERE case_id = $1`, [caseId, JSON.stringify(change.envelope(rows[0].envelope))]);
        }
        if (change.entries) {
          const { rows } = await client.query(`SELECT entry FROM ${prefix}case_log WHERE case_id = $1 ORDER BY version`, [caseId]);
          const entries = change.entries(rows.map((row) => row.entry as Json));
          await client.query(`DELETE FROM ${prefix}case_log WHERE case_id = $1`, [caseId]);
          for (const [index, entry] of entries.entries()) {
            await client.query(`INSERT INTO ${prefix}case_log (case_id, version, entry) VALUES ($1, $2, $3::json)`, [caseId, index + 1, JSON.stringify(entry)]);
          }
        }
        if (change.summary) {
          const { rows } = await client.query(
            `SELECT json_build_object('caseId', case_id, 'version', version, 'state', state, 'stage', stage, 'status', status, 'units', units,
               'nextDueAt', next_due_at, 'hasOverdue', has_overdue, 'openedAt', opened_at, 'updatedAt', updated_at) AS summary FROM ${prefix}cases WHERE case_id = $1`,
            [caseId],
          );
          const s = change.summary(rows[0].summary as Json);
          await client.query(
            `UPDATE ${prefix}cases SET version = $2, state = $3, stage = $4, status = $5, units = $6::text[], next_due_at = $7::timestamptz, has_overdue = $8,
               opened_at = $9::timestamptz, updated_at = $10::timestamptz WHERE case_id = $1`,
            [caseId, s.version, s.state, s.stage, s.status, s.units, s.nextDueAt, s.hasOverdue, s.openedAt, s.updatedAt],
          );
        }
        if (change.idempotency) {
          const { rows } = await client.query(`SELECT key, version, request_hash AS "requestHash" FROM ${prefix}case_idempotency WHERE case_id = $1 ORDER BY key`, [caseId]);
          const records = change.idempotency(rows as Json[]);
          await client.query(`DELETE FROM ${prefix}case_idempotency WHERE case_id = $1`, [caseId]);
          for (const record of records) {
            await client.query(`INSERT INTO ${prefix}case_idempotency (case_id, key, version, request_hash, result) VALUES ($1, $2, $3, $4, $5::json)`, [
              caseId, record.key, record.version, record.requestHash, record.result === undefined ? null : JSON.stringify(record.result),
            ]);
          }
        }
        await client.query(`ALTER TABLE ${prefix}case_log ENABLE TRIGGER USER`);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      return store;
    },
    async crashing(store) {
      const prefix = prefixOf.get(store)!;
      const real = open(prefix, newPool(2));
      const admin = newPool(2);
      let crashed = false;
      // The write is one statement. Hold the case row locked so it waits inside the server, then
      // kill its backend there (pg_terminate_backend), and let go of the lock.
      return {
        crashed: () => crashed,
        store: {
          ...real,
          name: 'postgres (crashing)',
          commit: async (write, expectedVersion) => {
            crashed = true;
            const locker = await admin.connect();
            try {
              await locker.query('BEGIN');
              await locker.query(`SELECT 1 FROM ${prefix}cases WHERE case_id = $1 FOR UPDATE`, [write.caseId]);
              const pending = real.commit(write, expectedVersion);
              pending.catch(() => {});
              for (let tries = 0; ; tries++) {
                const { rows } = await admin.query(
                  `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1 AND pid <> pg_backend_pid()`,
                  [`%UPDATE ${prefix}cases%`],
                );
                if (rows.length > 0) {
                  await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
                  break;
                }
                if (tries > 500) throw new Error('the write never waited on the lock');
                await new Promise((resolve) => setTimeout(resolve, 10));
              }
              await locker.query('ROLLBACK');
              return await pending;
            } finally {
              locker.release();
            }
          },
        },
      };
    },
  };
}

/** Drops a test prefix's tables. */
export async function dropTables(admin: pg.Pool, prefix: string) {
  // DDL of suites sharing the database (roles dropped, grants revoked) can deadlock with it: the server
  // aborts one side (40P01), which only has to try again.
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(`DROP TABLE IF EXISTS ${prefix}case_actors, ${prefix}case_participation, ${prefix}case_inbox_backlog, ${prefix}case_outbox, ${prefix}case_idempotency, ${prefix}case_units, ${prefix}case_stats, ${prefix}case_steps, ${prefix}case_log, ${prefix}cases CASCADE; DROP FUNCTION IF EXISTS ${prefix}case_log_append_only()`);
      break;
    } catch (error) {
      if ((error as { code?: unknown }).code !== '40P01' || attempt >= 5) throw error;
    }
  }
}

