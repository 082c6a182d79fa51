/**
 * A writer process against PostgreSQL, for tests that kill writers, terminate their backends or
 * restart the server under them. It sends `case.urge` events (each with a unique message
 * `<writer>-<n>`) to one case, or to a case picked at random among shared ones, through its own
 * engine and `pg` pool (set up as the README says), and prints one JSON line per step on stdout:
 *
 *   {"event":"ready"}
 *   {"event":"attempt","n":3,"caseId":"case-1"}
 *   {"event":"sent","n":3,"caseId":"case-1","message":"w1-3","version":7}
 *   {"event":"error","n":4,"code":"VERSION_CONFLICT","outcome":null,"retrying":true,"message":"…"}
 *   {"event":"delivering","id":"case-1/7/0","attempt":1}
 *   {"event":"delivered","id":"case-1/7/0","attempt":1}
 *   {"event":"untyped","n":5,"error":"…"}      (anything but a LinkedEnforcementError: a bug)
 *   {"event":"done"}
 *
 * With `journal`, it appends to that file, synchronously, every send it is about to try
 * (`{"kind":"attempt",…}`), every acknowledged send (`{"kind":"ack",…}`: the engine's answer was
 * received) and every notification its handler has handled (`{"kind":"delivered",…}`, written
 * when the handler's work is done): what a test checks against the database after killing it.
 * With `handlerDelayMs` the handler prints `{"event":"delivering","id":…}` and works that long
 * (a kill may land in the middle); with `handlerFailRate` it throws that often (the outbox
 * retries it later).
 *
 * It exits 0 when it has tried every send, 1 after an untyped error; a crash (the pool's error
 * event unhandled, an uncaught exception) exits otherwise, which is what such tests look for.
 *
 *   node --import tsx test/_lib/pgWriter.ts '{"prefix":"le_","caseId":"case-1","writer":"w1","sends":20}'
 */
import { appendFileSync, existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createCaseEngine, isLinkedEnforcementError, type CaseEngine, type NotificationHandler } from '../../src/index.js';
import { postgresStore } from '../../src/store/postgres/index.js';

/** What a writer does; see the module comment. */
export interface WriterOptions {
  readonly prefix: string;
  /** The case it writes to… */
  readonly caseId?: string;
  /** …or the shared cases it picks from at random, one per send. */
  readonly caseIds?: readonly string[];
  /** Its name, in every message it sends. */
  readonly writer: string;
  /** How many `case.urge` events to send. */
  readonly sends: number;
  /** Pin each send (`true`), or a random half of them (`'mixed'`), to the version a `get` just read (`expectedVersion`). */
  readonly pinned?: boolean | 'mixed';
  /** Send each with the idempotency key `<writer>-<n>`, and retry it while the store is unavailable (at most `retries` times). */
  readonly idempotencyKeys?: boolean;
  readonly retries?: number;
  /** A pinned send that lost its race: read the case again and retry (same key), at most this often (default 0). */
  readonly conflictRetries?: number;
  /** Print every notification the engine hands to `onNotification` right after a write. */
  readonly notify?: boolean;
  /** Deliver the outbox (`deliverNotifications`, `deliverLimit` at a time) after every send. */
  readonly deliver?: boolean;
  readonly deliverLimit?: number;
  /** A fixed clock (ISO instant); default the system clock… */
  readonly clock?: string;
  /** …or the system clock this far off (an instance whose clock runs ahead or behind). */
  readonly clockSkewMs?: number;
  readonly poolMax?: number;
  /** The unit the urges are addressed to (default `justice`). */
  readonly unit?: string;
  /** Where to append attempts, acknowledged sends and deliveries (JSON lines). */
  readonly journal?: string;
  /** Once ready, wait until this file exists before the first send (so that writers started one by one race from the start). */
  readonly startWhen?: string;
  /** How long the notification handler works on each notification (default 0). */
  readonly handlerDelayMs?: number;
  /**
   * A slow network: each statement waits up to this long (random) before it leaves and again after
   * its answer came, so a kill lands inside a send however fast the machine is — before the write
   * reached the server, or after it committed but before the engine heard so.
   */
  readonly queryDelayMs?: number;
  /** How often (0–1) the notification handler throws instead (default 0). */
  readonly handlerFailRate?: number;
}

const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function journal(options: WriterOptions, line: Record<string, unknown>): void {
  if (options.journal !== undefined) appendFileSync(options.journal, `${JSON.stringify({ writer: options.writer, ...line })}\n`);
}

async function send(engine: CaseEngine, options: WriterOptions, n: number): Promise<boolean> {
  const message = `${options.writer}-${n}`;
  const cases = options.caseIds ?? [options.caseId!];
  const caseId = cases[Math.floor(Math.random() * cases.length)]!;
  const pinned = options.pinned === 'mixed' ? Math.random() < 0.5 : options.pinned === true;
  let unavailable = 0;
  let conflicts = 0;
  journal(options, { kind: 'attempt', n, caseId, key: options.idempotencyKeys ? message : null, message, pinned });
  print({ event: 'attempt', n, caseId, pinned });
  for (;;) {
    try {
      const sendOptions = {
        ...(pinned ? { expectedVersion: (await engine.get(caseId)).version } : {}),
        ...(options.idempotencyKeys ? { idempotencyKey: message } : {}),
      };
      const result = await engine.send(caseId, { type: 'case.urge', by: { unit: 'command-center' }, unit: options.unit ?? 'justice', message }, sendOptions);
      journal(options, { kind: 'ack', n, caseId, key: sendOptions.idempotencyKey ?? null, message, version: result.version });
      print({ event: 'sent', n, caseId, message, version: result.version });
      return true;
    } catch (error) {
      if (!isLinkedEnforcementError(error)) {
        print({ event: 'untyped', n, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
        return false;
      }
      const retry =
        options.idempotencyKeys === true &&
        ((error.code === 'STORE_UNAVAILABLE' && unavailable++ < (options.retries ?? 50)) || (error.code === 'VERSION_CONFLICT' && pinned && conflicts++ < (options.conflictRetries ?? 0)));
      print({ event: 'error', n, caseId, code: error.code, outcome: error.context.outcome ?? null, retrying: retry, message: error.message });
      if (!retry) return true;
      await pause(error.code === 'STORE_UNAVAILABLE' ? Math.min(250, 20 + unavailable * 10) : 5);
    }
  }
}

/** `pool` with each query delayed by up to `delayMs` on the way there and on the way back (none at 0). */
function slowed(pool: pg.Pool, delayMs: number): pg.Pool {
  if (delayMs <= 0) return pool;
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  return Object.assign(Object.create(pool) as pg.Pool, {
    query: async (...args: unknown[]) => {
      await pause(Math.random() * delayMs);
      const answer = await query(...args);
      await pause(Math.random() * delayMs);
      return answer;
    },
  });
}

/** Runs one writer in this process. */
export async function runWriter(options: WriterOptions): Promise<number> {
  // Named, so a test can find (and terminate) its backends, also one still starting up.
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: options.poolMax ?? 2, application_name: `le-writer-${options.writer}` });
  // As the README says: idle clients can lose their connection, and an unhandled 'error' event ends the process.
  pool.on('error', (error) => print({ event: 'poolError', error: error.message }));
  const skew = options.clockSkewMs ?? 0;
  const clock = options.clock !== undefined ? { now: () => new Date(options.clock!) } : skew !== 0 ? { now: () => new Date(Date.now() + skew) } : undefined;
  const handler: NotificationHandler = async (_notification, meta) => {
    if ((options.handlerDelayMs ?? 0) > 0) {
      print({ event: 'delivering', id: meta.id, attempt: meta.attempt });
      await pause(options.handlerDelayMs!);
    }
    if (Math.random() < (options.handlerFailRate ?? 0)) {
      print({ event: 'handlerFailed', id: meta.id, attempt: meta.attempt });
      throw new Error(`the recipient's system did not answer (${meta.id})`);
    }
    journal(options, { kind: 'delivered', id: meta.id, attempt: meta.attempt });
    print({ event: 'delivered', id: meta.id, attempt: meta.attempt });
  };
  const engine = createCaseEngine({
    store: postgresStore({ pool: slowed(pool, options.queryDelayMs ?? 0), tablePrefix: options.prefix }),
    ...(clock === undefined ? {} : { clock }),
    ...(options.notify ? { onNotification: handler, onHookError: () => {} } : {}),
  });
  print({ event: 'ready' });
  for (const waitUntil = Date.now() + 300_000; options.startWhen !== undefined && !existsSync(options.startWhen) && Date.now() < waitUntil; ) await pause(10);
  let untyped = false;
  for (let n = 1; n <= options.sends; n++) {
    if (!(await send(engine, options, n))) untyped = true;
    if (options.deliver) {
      try {
        await engine.deliverNotifications(handler, { limit: options.deliverLimit ?? 100 });
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
