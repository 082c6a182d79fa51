/**
 * A county back end in one file: the case service of `linked-enforcement/server` behind the
 * county's single sign-on (JWT), with what the service leaves to its host — where cases and
 * documents are kept, the deadline sweep (预警, 超期) on a timer, and the SMS gateway for the
 * notifications. Who acts is always the token's unit or leader, never the request body.
 *
 * Run it with `LINKED_ENFORCEMENT_JWT_SECRET=<32 bytes or more> npx tsx examples/http-server/server.ts`
 * (PostgreSQL when `DATABASE_URL` is set, memory otherwise), then walk a case with the curl
 * commands of the README's "HTTP service".
 */
import { pathToFileURL } from 'node:url';
import { createCaseEngine, memoryBlobStore, type CaseEngine, type NotificationHandler, type SweepReport } from 'linked-enforcement';
import { createServer, jwtAuthenticator } from 'linked-enforcement/server';

/** What the back end is built from. */
export interface CountyBackEndOptions {
  /** The engine, with the county's store and blob store. */
  readonly engine: CaseEngine;
  /** The HS256 secret the single sign-on signs its tokens with (32 bytes or more); `jwtAuthenticator` also takes a `jwks` URL. */
  readonly secret: string;
  /** The `iss` every token must carry (default `siyang-sso`). */
  readonly issuer?: string;
  /** How often the deadlines are swept (default every minute). */
  readonly sweepEveryMs?: number;
  /** The SMS gateway: called once for every notification, from the durable outbox. */
  readonly onNotification?: NotificationHandler;
}

/** The case service with the county's sign-on, its deadline sweep and its SMS hook. */
export function countyBackEnd({ engine, secret, issuer = 'siyang-sso', sweepEveryMs = 60_000, onNotification }: CountyBackEndOptions) {
  const server = createServer({ engine, authenticate: jwtAuthenticator({ secret, issuer }), ...(onNotification === undefined ? {} : { onNotification }) });
  // A system job, not a request: the sweep marks passed deadlines overdue and sends reminders. Safe from several instances.
  const sweep = async (): Promise<SweepReport> => {
    const report = await engine.sweep();
    for (const failed of report.failed) console.warn(`sweep could not check ${failed.caseId}: ${failed.code}`);
    return report;
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    fetch: server.fetch,
    sweep,
    /** Listens (default 127.0.0.1:8080) and starts sweeping; resolves with the port. */
    async listen(port = 8080, hostname = '127.0.0.1'): Promise<number> {
      const listening = await server.listen({ port, hostname });
      timer ??= setInterval(() => void sweep().catch((error: unknown) => console.error('sweep failed', error)), sweepEveryMs);
      return listening.port;
    },
    async close(): Promise<void> {
      clearInterval(timer);
      timer = undefined;
      await server.close();
    },
  };
}

/** PostgreSQL (cases and documents in one database) when `DATABASE_URL` is set, memory otherwise. */
async function countyEngine(): Promise<CaseEngine> {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') return createCaseEngine({ blobs: memoryBlobStore() });
  const [{ default: pg }, { postgresStore, postgresBlobStore }] = await Promise.all([import('pg'), import('linked-enforcement/store/postgres')]);
  const pool = new pg.Pool({ connectionString: url });
  const store = postgresStore({ pool });
  const blobs = postgresBlobStore({ pool });
  await store.migrate();
  await blobs.migrate();
  return createCaseEngine({ store, blobs });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const secret = process.env.LINKED_ENFORCEMENT_JWT_SECRET;
  if (secret === undefined || secret.length < 32) {
    console.error('Set LINKED_ENFORCEMENT_JWT_SECRET to the sign-on secret (32 bytes or more).');
    process.exit(2);
  }
  const backEnd = countyBackEnd({
    engine: await countyEngine(),
    secret,
    onNotification: async (notification) => console.log(`✉ 短信 ${notification.kind} → ${JSON.stringify(notification.recipients)}: ${notification.message}`),
  });
  const port = await backEnd.listen(Number(process.env.PORT ?? 8080));
  console.log(`county back end on http://127.0.0.1:${port} (GET /openapi.json lists the routes)`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void backEnd.close().then(() => process.exit(0)));
}
