import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCaseEngine } from '../../engine/index.js';
import type { BlobStore } from '../../blobs/types.js';
import { memoryBlobStore } from '../../blobs/memoryBlobStore.js';
import type { CaseStore } from '../../engine/types.js';
import { postgresBlobStore } from '../../store/postgres/postgresBlobStore.js';
import { pglitePool } from '../../store/postgres/pglitePool.js';
import { postgresStore } from '../../store/postgres/postgresStore.js';
import { basePathRule, isBasePath } from '../../server/_lib/basePath.js';
import { createServer } from '../../server/createServer.js';
import { developmentAuthenticator, jwtAuthenticator, type Authenticator } from '../../server/authenticate.js';
import type { CliIo } from '../_lib/io.js';
import { UsageError } from '../_lib/usageError.js';

/** The text of `linked-enforcement serve --help`. */
export const serveHelpText = `linked-enforcement serve — 案件服务（HTTP + OpenAPI）/ the case service over HTTP

用法 Usage: linked-enforcement serve [选项 options]

选项 Options:
  --port <n>              端口（默认 8080；0 为任一空闲端口）/ port (default 8080; 0: any free one)
  --host <addr>           监听地址（默认 127.0.0.1）/ address to listen on (default 127.0.0.1)
  --base-path <path>      服务挂在此路径下，如 /api（默认根路径）/ serve below this path, e.g. /api (default: the root)
  --data-dir <dir>        内置 PostgreSQL（PGlite）的数据目录，默认 ./linked-enforcement-data；重启后案件仍在
                          the embedded PostgreSQL's (PGlite) data directory (default ./linked-enforcement-data): cases survive a restart
  --database-url <url>    使用 PostgreSQL 服务器（需安装 pg）/ use a PostgreSQL server (needs the pg package)
  --memory                仅存于内存，退出即丢失（试用）/ keep cases in memory only, lost on exit (for tries)
  --jwt-issuer <iss>      令牌须带的 iss / the iss every token must carry
  --jwt-audience <aud>    令牌须带的 aud / the aud every token must carry
  --jwt-jwks <url>        身份提供方的公钥集 / the identity provider's key set (RS256, ES256…)
  --dev-auth              开发模式：操作人取自请求头 X-Actor-Unit，不认证 / development mode: the actor from the X-Actor-Unit header, unchecked
  -h, --help              显示本帮助 / show this help

认证 Authentication: 环境变量 LINKED_ENFORCEMENT_JWT_SECRET（至少 32 字节）或 --jwt-jwks 启用 JWT（Authorization: Bearer）；
  都未给出时为开发模式（只可监听本机）。
  The LINKED_ENFORCEMENT_JWT_SECRET environment variable (32 bytes or more, HS256) or --jwt-jwks turns on JWTs
  (Authorization: Bearer); without either the server runs in development mode, on a loopback address only.
  Claims: { "unit": "fire-rescue" } or { "leader": { "name": "…", "post": "inCharge" } }.

示例 Examples:
  LINKED_ENFORCEMENT_JWT_SECRET=… linked-enforcement serve --port 8080
  linked-enforcement serve --memory --dev-auth
  linked-enforcement serve --memory --dev-auth --base-path /api
`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

interface ServeFlags {
  readonly port: number;
  readonly host: string;
  /** '' (the root) or a path such as `/api`: every route, the OpenAPI document's `servers` and `Location` below it. */
  readonly basePath: string;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly memory: boolean;
  readonly devAuth: boolean;
  readonly jwtIssuer?: string;
  readonly jwtAudience?: string;
  readonly jwtJwks?: string;
  readonly help: boolean;
}

/** @throws {UsageError} For an unknown option, a bad port or base path, or two stores at once. */
export function parseServeFlags(argv: readonly string[]): ServeFlags {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'base-path': { type: 'string' },
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
        memory: { type: 'boolean' },
        'dev-auth': { type: 'boolean' },
        'jwt-issuer': { type: 'string' },
        'jwt-audience': { type: 'string' },
        'jwt-jwks': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(`serve 的选项有误：${(error as Error).message}`, `serve: ${(error as Error).message}`);
  }
  const portText = values.port ?? '8080';
  if (!/^[0-9]{1,5}$/.test(portText) || Number(portText) > 65_535) throw new UsageError(`--port 须为 0–65535 的整数，而不是“${portText}”`, `--port must be a whole number 0–65535, not "${portText}"`);
  const basePath = values['base-path'] ?? '';
  if (!isBasePath(basePath)) {
    throw new UsageError(`--base-path 须为 /api、/county/api 这样的路径（字母、数字及 -._~，不以 / 结尾），而不是“${basePath}”`, `--base-path must be ${basePathRule}, not "${basePath}"`);
  }
  const stores = [values.memory === true, values['database-url'] !== undefined, values['data-dir'] !== undefined].filter(Boolean).length;
  if (stores > 1) throw new UsageError('--memory、--database-url、--data-dir 只能选一个', 'give at most one of --memory, --database-url and --data-dir');
  return {
    port: Number(portText),
    host: values.host ?? '127.0.0.1',
    basePath,
    dataDir: values['data-dir'] ?? 'linked-enforcement-data',
    ...(values['database-url'] === undefined ? {} : { databaseUrl: values['database-url'] }),
    memory: values.memory === true,
    devAuth: values['dev-auth'] === true,
    ...(values['jwt-issuer'] === undefined ? {} : { jwtIssuer: values['jwt-issuer'] }),
    ...(values['jwt-audience'] === undefined ? {} : { jwtAudience: values['jwt-audience'] }),
    ...(values['jwt-jwks'] === undefined ? {} : { jwtJwks: values['jwt-jwks'] }),
    help: values.help === true,
  };
}

/** Creates the PGlite database in `dataDir` and closes it: nothing outside this call keeps the instance. */
async function createDatabase(PGlite: typeof import('@electric-sql/pglite').PGlite, dataDir: string, options: { readonly startParams: string[] }): Promise<void> {
  await (await PGlite.create(dataDir, options)).close();
}

/**
 * A full garbage collection now, so the closed creating instance's WebAssembly memory (some 400 MB)
 * goes before the serving instance starts: V8 counts it as outside its heap and, measured, kept it
 * in one start of two. Through V8's own `gc`, exposed as `--expose-gc` would.
 */
function collectGarbage(): void {
  try {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  } catch {
    // Only memory is at stake: without it the old instance goes with a later collection.
  }
}

/** The store the flags name, the blob store for the documents (法律文书) beside it, and how to close them. */
async function openStore(flags: ServeFlags): Promise<{ store: CaseStore | undefined; blobs: BlobStore; description: string; close: () => Promise<void> }> {
  if (flags.memory) return { store: undefined, blobs: memoryBlobStore(), description: 'memory (lost on exit)', close: async () => {} };
  if (flags.databaseUrl !== undefined) {
    let pg: { Pool: typeof import('pg').Pool };
    try {
      const module = await import('pg');
      pg = (module as { default?: typeof pg }).default ?? module;
    } catch {
      throw new UsageError('--database-url 需要安装 pg：npm install pg', '--database-url needs the pg package: npm install pg');
    }
    const pool = new pg.Pool({ connectionString: flags.databaseUrl });
    const store = postgresStore({ pool });
    const blobs = postgresBlobStore({ pool });
    await store.migrate();
    await blobs.migrate();
    return { store, blobs, description: `postgres ${new URL(flags.databaseUrl).host}`, close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const dataDir = resolve(flags.dataDir);
  // 16 MB of shared buffers rather than PostgreSQL's 128 MB: a county's cases fit, and the
  // process keeps about 150 MB less (README "serve: storage, start-up and memory").
  const options = { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'] };
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    // Creating the database (initdb) grows the WebAssembly memory by some 400 MB that it never
    // gives back: create it with an instance of its own, drop and collect that, serve from a second one.
    await createDatabase(PGlite, dataDir, options);
    await new Promise((resolveTick) => setImmediate(resolveTick));
    collectGarbage();
  }
  const db = await PGlite.create(dataDir, options);
  const pool = pglitePool(db);
  const store = postgresStore({ pool, preparedStatements: false });
  // The files in the same database as the cases: one directory to back up, written as the cases are.
  const blobs = postgresBlobStore({ pool });
  await store.migrate();
  await blobs.migrate();
  return { store, blobs, description: `embedded PostgreSQL (PGlite) in ${dataDir}`, close: () => db.close() };
}

/**
 * `linked-enforcement serve`: the case service until SIGINT or SIGTERM.
 *
 * @returns The exit code (0 after a clean stop).
 * @throws {UsageError} For a wrong command line.
 */
export async function serveCommand(argv: readonly string[], io: CliIo, signals: NodeJS.EventEmitter = process): Promise<number> {
  const flags = parseServeFlags(argv);
  if (flags.help) {
    io.stdout.write(serveHelpText);
    return 0;
  }
  const secret = process.env.LINKED_ENFORCEMENT_JWT_SECRET;
  let authenticate: Authenticator;
  if (flags.devAuth || (secret === undefined && flags.jwtJwks === undefined)) {
    if (!LOOPBACK.has(flags.host)) {
      throw new UsageError('开发模式只能监听本机地址；请设置 LINKED_ENFORCEMENT_JWT_SECRET 或 --jwt-jwks', 'development mode listens on a loopback address only; set LINKED_ENFORCEMENT_JWT_SECRET or --jwt-jwks');
    }
    authenticate = developmentAuthenticator({ warn: (message) => io.stderr.write(`${message}\n`) });
  } else {
    authenticate = jwtAuthenticator({
      ...(flags.jwtJwks === undefined ? { secret: secret! } : { jwks: flags.jwtJwks }),
      ...(flags.jwtIssuer === undefined ? {} : { issuer: flags.jwtIssuer }),
      ...(flags.jwtAudience === undefined ? {} : { audience: flags.jwtAudience }),
    });
  }
  const { store, blobs, description, close } = await openStore(flags);
  const engine = createCaseEngine(store === undefined ? { blobs } : { store, blobs });
  const server = createServer({ engine, authenticate, basePath: flags.basePath, onError: (error) => io.stderr.write(`内部错误 Internal error: ${String((error as Error)?.stack ?? error)}\n`) });
  const { port } = await server.listen({ port: flags.port, hostname: flags.host });
  const host = flags.host.includes(':') ? `[${flags.host}]` : flags.host;
  io.stdout.write(`linked-enforcement serving http://${host}:${port}${flags.basePath} (store: ${description}; ready ${Math.round(process.uptime() * 1000)} ms after the process started)\n`);
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    signals.once('SIGINT', stop);
    signals.once('SIGTERM', stop);
  });
  await server.close();
  await close();
  io.stdout.write('linked-enforcement stopped\n');
  return 0;
}
