/** PostgreSQL helpers for the benchmarks: pools that are ended, a fresh table prefix, and dropping what a prefix made. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server settings a commit's cost rests on: what `SHOW` says of each. */
export interface Durability {
  readonly fsync: string;
  readonly synchronousCommit: string;
  readonly fullPageWrites: string;
  /** Whether a commit waits for its WAL to reach the disk (fsync and synchronous_commit both on), as a system of record's server does. */
  readonly durable: boolean;
}

export interface PgBench {
  readonly prefix: string;
  pool(max: number): pg.Pool;
  /** The server's durability settings (a throw-away test server, `npm run db:start`, runs without fsync). */
  durability(): Promise<Durability>;
  /** Drops every table and function the prefix made, and ends the pools. */
  close(): Promise<void>;
}

export function pgBench(url: string, label: string): PgBench {
  const prefix = `bench_${label}_${randomBytes(3).toString('hex')}_`;
  const pools: pg.Pool[] = [];
  const pool = (max: number) => {
    const created = new pg.Pool({ connectionString: url, max });
    created.on('error', () => {});
    pools.push(created);
    return created;
  };
  return {
    prefix,
    pool,
    async durability() {
      const admin = pool(1);
      const setting = async (name: string) => String((await admin.query(`SELECT current_setting($1) AS value`, [name])).rows[0].value);
      const fsync = await setting('fsync');
      const synchronousCommit = await setting('synchronous_commit');
      const fullPageWrites = await setting('full_page_writes');
      return { fsync, synchronousCommit, fullPageWrites, durable: fsync === 'on' && synchronousCommit !== 'off' && synchronousCommit !== 'local' };
    },
    async close() {
      const admin = pool(1);
      // DDL of suites sharing the database (roles dropped, grants revoked) can deadlock with it: the
      // server aborts one side (40P01), which only has to try again.
      const retried = async (sql: string, values?: unknown[]) => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await admin.query(sql, values);
          } catch (error) {
            if ((error as { code?: unknown }).code !== '40P01' || attempt >= 5) throw error;
          }
        }
      };
      try {
        const { rows } = await admin.query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND starts_with(tablename, $1)`, [prefix]);
        if (rows.length > 0) await retried(`DROP TABLE IF EXISTS ${rows.map((row) => row.tablename as string).join(', ')} CASCADE`);
        const functions = await admin.query(`SELECT proname FROM pg_proc WHERE starts_with(proname, $1)`, [prefix]);
        for (const row of functions.rows) await retried(`DROP FUNCTION IF EXISTS ${row.proname as string}() CASCADE`);
      } finally {
        await Promise.all(pools.map((created) => created.end()));
      }
    },
  };
}
