/**
 * `npm run ui`: one Node process serving the React page and the package's HTTP server on one
 * origin — the page under `/`, the case service (`createServer` from `linked-enforcement/server`)
 * under `/api`, and the demo's clock under `/dev/clock`.
 *
 * - `npm run ui` — Vite in middleware mode: the page is compiled on request, edits reload it;
 * - `npm run ui -- --static` — the files `vite build examples/react-ui` wrote (dist/), as a county
 *   would deploy them (the browser test does this); `--port 5173` (default), `--host 127.0.0.1`.
 *
 * Who acts comes from the `X-Actor-Unit` / `X-Actor-Leader` headers the page's person picker sets
 * (`developmentAuthenticator`): anyone who reaches this server can act as any unit, so it listens
 * on 127.0.0.1 only. Cases are kept in memory and seeded (seed.ts); a restart starts over.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { createCaseEngine, memoryBlobStore } from 'linked-enforcement';
import { createServer, developmentAuthenticator } from 'linked-enforcement/server';
import { devClockRoutes, forwardClock } from './devClock.js';
import { SEED_START, seedCases } from './seed.js';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The options of {@link startUiServer}. */
export interface UiServerOptions {
  /** Default 5173; 0 for any free port. */
  readonly port?: number;
  readonly host?: string;
  /** Serve the built page from this folder (`vite build examples/react-ui` → dist/) instead of Vite's middleware. */
  readonly staticDir?: string;
  /** Where a development warning goes (default `console.warn`). */
  readonly warn?: (message: string) => void;
}

/** The media types of a built Vite page's files (also the test's static server for the inspector page). */
export const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** The built page's files; any other path is the page itself (it routes with the URL's hash). */
function staticFiles(dir: string) {
  const base = resolve(dir);
  return async (pathname: string): Promise<Response> => {
    const file = resolve(base, `.${decodeURIComponent(pathname)}`);
    const target = file.startsWith(base + sep) && existsSync(file) && extname(file) !== '' ? file : join(base, 'index.html');
    const body = await readFile(target);
    return new Response(body, { headers: { 'content-type': contentTypes[extname(target)] ?? 'application/octet-stream' } });
  };
}

/**
 * Builds the engine (memory store, blob store, the demo's forward-only clock), seeds it, and serves
 * the page, `/api` and `/dev/clock` on one port.
 *
 * @returns The URL, and `close()`.
 */
export async function startUiServer(options: UiServerOptions = {}): Promise<{ readonly url: string; readonly close: () => Promise<void> }> {
  const { port = 5173, host = '127.0.0.1', staticDir, warn } = options;
  const clock = forwardClock(SEED_START);
  const engine = createCaseEngine({ clock, blobs: memoryBlobStore() });
  await seedCases(engine, clock);
  const api = createServer({ engine, authenticate: developmentAuthenticator(warn === undefined ? {} : { warn }), basePath: '/api' });

  const app = new Hono();
  app.route('/', devClockRoutes(clock, engine));
  // The service's routes (/cases, /inbox…) under /api beside the page: handed the requests whole, so its Location headers say /api too.
  app.all('/api/*', (c) => api.fetch(c.req.raw));
  if (staticDir !== undefined) {
    const files = staticFiles(staticDir);
    app.get('*', (c) => files(new URL(c.req.url).pathname));
  }
  const listener = getRequestListener(app.fetch);

  let closeVite = async () => {};
  let http: Server;
  if (staticDir === undefined) {
    const { createServer: createViteServer } = await import('vite');
    const page: { middleware?: (request: IncomingMessage, response: ServerResponse) => void } = {};
    http = createHttpServer((request, response) => {
      const path = request.url ?? '/';
      if (path.startsWith('/api/') || path.startsWith('/dev/') || page.middleware === undefined) void listener(request, response);
      else page.middleware(request, response);
    });
    // Hot reload over this same server and port, not one of Vite's own.
    const vite = await createViteServer({ configFile: join(root, 'vite.config.ts'), server: { middlewareMode: true, hmr: { server: http } }, appType: 'spa' });
    page.middleware = vite.middlewares;
    closeVite = () => vite.close();
  } else {
    http = createHttpServer((request, response) => void listener(request, response));
  }
  await new Promise<void>((ready, failed) => {
    http.once('error', failed);
    http.listen(port, host, ready);
  });
  const { port: bound } = http.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}/`,
    async close() {
      await api.close();
      await closeVite();
      await new Promise<void>((closed) => {
        http.close(() => closed());
        http.closeAllConnections();
      });
    },
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const valueOf = (name: string) => {
    const index = args.indexOf(name);
    return index === -1 ? undefined : args[index + 1];
  };
  const port = Number(valueOf('--port') ?? 5173);
  const staticDir = args.includes('--static') ? join(root, 'dist') : undefined;
  if (staticDir !== undefined && !existsSync(join(staticDir, 'index.html'))) {
    console.error('No built page: run `npx vite build examples/react-ui` first.');
    process.exit(1);
  }
  const { url } = await startUiServer({ port, host: valueOf('--host') ?? '127.0.0.1', ...(staticDir === undefined ? {} : { staticDir }) });
  console.log(`泗阳县联动执法 demo: ${url}  (API ${url}api/openapi.json)`);
}
