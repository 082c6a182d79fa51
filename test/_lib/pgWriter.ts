/**
 * A writer process against PostgreSQL, for tests that kill writers, terminate their backends or
 * restart the server under them. It sends `case.urge` events (each with a unique message
 * `<writer>-<n>`) to one case through its own engine and `pg` pool (set up as the README says),
 * and prints one JSON line per outcome on stdout:
 *
 *   {"event":"ready"}
 *   {"event":"sent","n":3,"message":"w1-3","version":7}
 *   {"event":"error","n":4,"code":"VERSION_CONFLICT","outcome":null,"message":"…"}
 *   {"event":'delivered',"id":"case-1/7/0","attempt":1}
 *   {"event":"untyped","n":5,"error":"…"}      (anything but a LinkedEnforcementError: a bug)
 *   {"event":"done"}
 *
 * It exits 0 when it has tried every send, 1 after an untyped error; a crash (the pool's error
 * event unhandled, an uncaught exception) exits otherwise, which is what such tests look for.
 *
 *   node --import tsx test/_lib/pgWriter.ts '{"prefix":"le_","caseId":"case-1","writer":"w1","sends":20}'
 */
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createCaseEngine, isLinkedEnforcementError, type CaseEngine } from '../../src/index.js';
import { postgresStore } from '../../src/store/postgres/index.js';

/** What a writer does; see the module comment. */
export interface WriterOptions {
  readonly prefix: string;
  readonly caseId: string;
  /** Its name, in every message it sends. */
  readonly writer: string;
  /** How many `case.urge` events to send. */
  readonly sends: number;
  /** Pin each send to the version a `get` just read (`expectedVersion`). */
  readonly pinned?: boolean;
  /** Send each with the idempotency key `<writer>-<n>`, and retry it while the store is unavailable (at most `retries` times). */
  readonly idempotencyKeys?: boolean;
  readonly retries?: number;
  /** Print every notification the engine hands to `onNotification` right after a write. */
  readonly notify?: boolean;
  /** Deliver the outbox (`deliverNotifications`) after every send. */
  readonly deliver?: boolean;
  /** A fixed clock (ISO instant); default the system clock. */
  readonly clock?: string;
  readonly poolMax?: number;
  /** The unit the urges are addressed to (default `justice`). */
  readonly unit?: string;
}

const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

async function send(engine: CaseEngine, options: WriterOptions, n: number): Promise<boolean> {
  const message = `${options.writer}-${n}`;
  for (let attempt = 0; ; attempt++) {
    try {
      const sendOptions = {
        ...(options.pinned ? { expectedVersion: (await engine.get(options.caseId)).version } : {}),
        ...(options.idempotencyKeys ? { idempotencyKey: message } : {}),
      };
      const result = await engine.send(options.caseId, { type: 'case.urge', by: { unit: 'command-center' }, unit: options.unit ?? 'justice', message }, sendOptions);
      print({ event: 'sent', n, message, version: result.version });
      return true;
    } catch (error) {
      if (!isLinkedEnforcementError(error)) {
        print({ event: 'untyped', n, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
        return false;
      }
      const retry = options.idempotencyKeys === true && error.code === 'STORE_UNAVAILABLE' && attempt < (options.retries ?? 50);
      print({ event: 'error', n, code: error.code, outcome: error.context.outcome ?? null, retrying: retry, message: error.message });
      if (!retry) return true;
      await new Promise((resolve) => setTimeout(resolve, 20 + attempt * 10));
    }
  }
}

/** Runs one writer in this process. */
export async function runWriter(options: WriterOptions): Promise<number> {
  // Named, so a test can find (and terminate) its backends, also one still starting up.
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: options.poolMax ?? 2, application_name: `le-writer-${options.writer}` });
  // As the README says: idle clients can lose their connection, and an unhandled 'error' event ends the process.
  pool.on('error', (error) => print({ event: 'poolError', error: error.message }));
  const clock = options.clock === undefined ? undefined : { now: () => new Date(options.clock!) };
  const engine = createCaseEngine({
    store: postgresStore({ pool, tablePrefix: options.prefix }),
    ...(clock === undefined ? {} : { clock }),
    ...(options.notify ? { onNotification: (_notification, meta) => void print({ event: 'delivered', id: meta.id, attempt: meta.attempt }), onHookError: () => {} } : {}),
  });
  print({ event: 'ready' });
  let untyped = false;
  for (let n = 1; n <= options.sends; n++) {
    if (!(await send(engine, options, n))) untyped = true;
    if (options.deliver) {
      try {
        await engine.deliverNotifications((_notification, meta) => void print({ event: 'delivered', id: meta.id, attempt: meta.attempt }));
      } catch (error) {
        if (!isLinkedEnforcementError(error)) untyped = true;
        print({ event: isLinkedEnforcementError(error) ? 'error' : 'untyped', code: isLinkedEnforcementError(error) ? error.code : null, message: String(error) });
      }
    }
  }
  print({ event: 'done' });
  await pool.end().catch(() => {});
  return untyped ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runWriter(JSON.parse(process.argv[2] ?? '{}') as WriterOptions);
}
