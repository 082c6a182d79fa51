import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { benchEngine } from '../bench/engine.js';
import { benchServer } from '../bench/server.js';

// Speed goals live in `npm run bench`, not here; this only keeps the benchmark runnable, since a
// change to the engine's rules once broke it unnoticed (it ran no event past the engine's clock).
describe('npm run bench', () => {
  it('drives its cases through the engine without a refusal', async () => {
    // Small sizes: this keeps the benchmark runnable in CI; the judged figures come from `npm run bench`.
    const result = await benchEngine({ cases: 4, historyLengths: [5, 20], historySends: 3, scale: [120, 360], scaleRounds: 2 });
    expect(result.targets.length).toBeGreaterThan(0);
    expect(result.scale?.targets.length).toBeGreaterThan(0);
    const url = process.env.DATABASE_URL;
    if (url === undefined) {
      expect(result.postgres).toBeUndefined();
      return;
    }
    // The server's durability, as the benchmark reports it beside its PostgreSQL figures, is the server's own.
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const { rows } = await pool.query(`SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sc, current_setting('full_page_writes') AS fpw`);
      const { fsync, sc, fpw } = rows[0] as { fsync: string; sc: string; fpw: string };
      expect(result.postgres?.server).toEqual({ fsync, synchronousCommit: sc, fullPageWrites: fpw, durable: fsync === 'on' && !['off', 'local'].includes(sc) });
    } finally {
      await pool.end();
    }
  }, 300_000);

  it('sends over HTTP and straight to the engine without a refusal', async () => {
    const result = await benchServer({ rounds: 1, sends: 16 });
    expect(result.targets).toHaveLength(2);
    expect(result.http.clients8).toBeGreaterThan(0);
  }, 120_000);
});
