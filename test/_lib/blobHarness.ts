/**
 * The blob stores the blob and document suites run against, and what they do to a stored file
 * behind the store's back (a bad disk, someone swapping a file).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { memoryBlobStore, type BlobStore, type BlobStoreOptions, type DocumentReference } from 'linked-enforcement';
import { fileBlobStore } from '../../src/store/files/index.js';
import { postgresBlobStore, type PostgresBlobStore } from '../../src/store/postgres/index.js';

export interface BlobHarness {
  readonly name: string;
  readonly skip: boolean;
  /** A fresh, empty store. */
  create(options?: BlobStoreOptions): Promise<BlobStore>;
  /** Replaces the stored bytes of `ref` behind the store's back; `undefined` when this store cannot be reached from outside (memory). */
  readonly swap?: (store: BlobStore, ref: DocumentReference, bytes: Uint8Array) => Promise<void>;
}

export const memoryBlobHarness = (): BlobHarness => ({ name: 'memory', skip: false, create: async (options = {}) => memoryBlobStore(options) });

export function fileBlobHarness(): BlobHarness {
  const roots: string[] = [];
  const rootOf = new WeakMap<BlobStore, string>();
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });
  return {
    name: 'files',
    skip: false,
    async create(options = {}) {
      const root = mkdtempSync(join(tmpdir(), 'le-blobs-'));
      roots.push(root);
      const store = fileBlobStore({ root, ...options });
      rootOf.set(store, root);
      return store;
    },
    async swap(store, ref, bytes) {
      const [type, subtype] = ref.mediaType.split('/');
      writeFileSync(join(rootOf.get(store)!, type!, subtype!, ref.sha256.slice(0, 2), ref.sha256), bytes);
    },
  };
}

/** The path a file blob store keeps `ref` at, under `root`. */
export const filePathOf = (root: string, ref: DocumentReference) => {
  const [type, subtype] = ref.mediaType.split('/');
  return join(root, type!, subtype!, ref.sha256.slice(0, 2), ref.sha256);
};

export function postgresBlobHarness(url: string | undefined): BlobHarness {
  const pools: pg.Pool[] = [];
  const tables: string[] = [];
  const run = randomBytes(3).toString('hex');
  let count = 0;
  const newPool = () => {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    pool.on('error', () => {});
    pools.push(pool);
    return pool;
  };
  afterAll(async () => {
    if (url === undefined) return;
    const admin = newPool();
    for (const table of tables) await admin.query(`DROP TABLE IF EXISTS ${table}`);
    await Promise.all(pools.map((pool) => pool.end()));
  });
  return {
    name: 'postgres',
    skip: url === undefined,
    async create(options = {}) {
      const store = postgresBlobStore({ pool: newPool(), tablePrefix: `leb_${run}_${++count}_`, ...options });
      tables.push(store.table);
      await store.migrate();
      return store;
    },
    async swap(store, ref, bytes) {
      const { table } = store as PostgresBlobStore;
      // Same length, so the row's own check (size = octet_length) holds: only a re-hash can tell.
      await newPool().query(`UPDATE ${table} SET bytes = $3, size = $4 WHERE sha256 = $1 AND media_type = $2`, [ref.sha256, ref.mediaType, Buffer.from(bytes), bytes.length]);
    },
  };
}

/** Every blob store, PostgreSQL's when `DATABASE_URL` is set. */
export const blobHarnesses = (url = process.env.DATABASE_URL): BlobHarness[] => [memoryBlobHarness(), fileBlobHarness(), postgresBlobHarness(url)];
