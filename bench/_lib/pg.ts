/** PostgreSQL helpers for the benchmarks: pools that are ended, a fresh table prefix, and dropping what a prefix made. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface PgBench {
  readonly prefix: string;
  pool(max: number): pg.Pool;
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
