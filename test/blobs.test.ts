/**
 * The blob stores (文件存储) for legal documents: memory, filesystem and PostgreSQL behave alike —
 * content-addressed references, every read re-hashed, bad input refused with nothing stored.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BLOB_BYTES, defaultBlobMediaTypes, isLinkedEnforcementError, type DocumentReference } from 'linked-enforcement';
import { fileBlobStore } from '../src/store/files/index.js';
import { blobHarnesses, filePathOf } from './_lib/blobHarness.js';

const encode = (text: string) => new TextEncoder().encode(text);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const pdf = encode('%PDF-1.7 检查记录');
const refOf = (bytes: Uint8Array, name = '检查记录.pdf', mediaType = 'application/pdf'): DocumentReference => ({ name, sha256: sha256(bytes), size: bytes.length, mediaType });

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isLinkedEnforcementError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('the default limits', () => {
  it('are 20 MiB and the media types county offices file documents as', () => {
    expect(DEFAULT_MAX_BLOB_BYTES).toBe(20 * 1024 * 1024);
    expect(defaultBlobMediaTypes).toEqual([
      'application/pdf',
      'application/ofd',
      'image/jpeg',
      'image/png',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/zip',
    ]);
  });
});

describe.each(blobHarnesses().map((harness) => [harness.name, harness] as const))('the %s blob store', (_, harness) => {
  it.skipIf(harness.skip)('puts bytes and returns their reference: lowercase SHA-256, size in bytes, the media type and the name', async () => {
    const blobs = await harness.create();
    const ref = await blobs.put(pdf, { name: '检查记录.pdf', mediaType: 'application/pdf' });
    expect(ref).toEqual(refOf(pdf));
    expect(ref.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await blobs.has(ref)).toBe(true);
    expect(await blobs.get(ref)).toEqual(pdf);
    expect(blobs.limits).toEqual({ maxBytes: DEFAULT_MAX_BLOB_BYTES, mediaTypes: defaultBlobMediaTypes });
  });

  it.skipIf(harness.skip)('keeps what it was given: changing the caller’s bytes afterwards changes nothing stored', async () => {
    const blobs = await harness.create();
    const bytes = encode('%PDF-1.7 会变的文件');
    const ref = await blobs.put(bytes, { name: 'a.pdf', mediaType: 'application/pdf' });
    bytes[0] = 0;
    expect(new TextDecoder().decode(await blobs.get(ref))).toBe('%PDF-1.7 会变的文件');
  });

  it.skipIf(harness.skip)('is content-addressed: the same bytes under two names are one file; the name is not part of the identity, the media type is', async () => {
    const blobs = await harness.create();
    const first = await blobs.put(pdf, { name: '检查记录.pdf', mediaType: 'application/pdf' });
    const again = await blobs.put(Buffer.from(pdf), { name: '副本.pdf', mediaType: 'application/pdf' });
    expect(again).toEqual({ ...first, name: '副本.pdf' });
    expect(await blobs.has({ ...first, name: '任何名称.pdf' })).toBe(true);
    expect(await blobs.has({ ...first, mediaType: 'image/png' })).toBe(false);
    expect(await blobs.has({ ...first, size: first.size + 1 })).toBe(false);
    expect((await rejection(blobs.get({ ...first, mediaType: 'image/png' }))).code).toBe('BLOB_NOT_FOUND');
    // Its hash with another size: no such file exists (the stored one is whole), so not found — not corrupt.
    for (const size of [first.size + 1, first.size - 1]) {
      expect(await rejection(blobs.get({ ...first, size })), String(size)).toMatchObject({ code: 'BLOB_NOT_FOUND', context: { sha256: first.sha256, size } });
    }
    expect(await blobs.get(first)).toEqual(pdf);
  });

  it.skipIf(harness.skip)('answers BLOB_NOT_FOUND for a file it never stored, naming it', async () => {
    const blobs = await harness.create();
    const error = await rejection(blobs.get(refOf(encode('never stored'))));
    expect(error).toMatchObject({ code: 'BLOB_NOT_FOUND', context: { name: '检查记录.pdf', sha256: sha256(encode('never stored')) } });
    expect(error.messageZh).toBe('文件不存在：文件存储中没有“检查记录.pdf”');
  });

  it.skipIf(harness.skip)('refuses bad input with a typed error naming every problem, and stores nothing', async () => {
    const blobs = await harness.create({ maxBytes: 16, mediaTypes: ['application/pdf', 'image/png'] });
    const big = encode('%PDF-1.7 seventeen!');
    const cases: [unknown, unknown, string[]][] = [
      [big, { name: '大文件.pdf', mediaType: 'application/pdf' }, ['bytes: must be at most 16 bytes (it has 19)']],
      [pdf.slice(0, 8), { name: 'x.ofd', mediaType: 'application/ofd' }, ["meta.mediaType: must be one of the blob store's media types: application/pdf, image/png"]],
      [pdf.slice(0, 8), { name: '  ', mediaType: 'application/pdf' }, ['meta.name: must not be empty']],
      [pdf.slice(0, 8), { name: '../../etc/passwd', mediaType: 'application/pdf' }, ['meta.name: must be a file name: no control characters, no / or \\']],
      [pdf.slice(0, 8), { name: 'a.pdf', mediaType: 'Application/PDF' }, ['meta.mediaType: must be a media type in lowercase, e.g. application/pdf']],
      [pdf.slice(0, 8), { name: 'a.pdf', mediaType: '../x' }, ['meta.mediaType: must be a media type in lowercase, e.g. application/pdf']],
      [new Uint8Array(0), { name: 'empty.pdf', mediaType: 'application/pdf' }, ['bytes: must not be an empty file']],
      ['%PDF', { name: 'a.pdf', mediaType: 'application/pdf' }, ['bytes: must be bytes (a Uint8Array or Buffer)']],
      [new Uint16Array(4), { name: 'a.pdf', mediaType: 'application/pdf', extra: 1 }, ['bytes: must be bytes (a Uint8Array or Buffer)', 'meta: Unrecognized key: "extra"']],
    ];
    for (const [bytes, meta, problems] of cases) {
      const error = await rejection(blobs.put(bytes as Uint8Array, meta as never));
      expect(error.code, JSON.stringify(meta)).toBe('INVALID_INPUT');
      expect(error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual(problems);
      if (bytes instanceof Uint8Array && bytes.length > 0) expect(await blobs.has(refOf(bytes, 'x.pdf', 'application/pdf'))).toBe(false);
    }
    expect(await blobs.has(refOf(big, 'x.pdf'))).toBe(false);
    // A reference that is not one: a hash in capitals or cut short, a size of 0, a name with a path.
    for (const ref of [
      { ...refOf(pdf), sha256: sha256(pdf).toUpperCase() },
      { ...refOf(pdf), sha256: sha256(pdf).slice(1) },
      { ...refOf(pdf), size: 0 },
      { ...refOf(pdf), mediaType: 'application/../../x' },
      { ...refOf(pdf), extra: true },
      '检查记录.pdf',
    ]) {
      expect((await rejection(blobs.get(ref as never))).code).toBe('INVALID_INPUT');
      expect((await rejection(blobs.has(ref as never))).code).toBe('INVALID_INPUT');
    }
  });

  // The memory store has no outside to tamper with: the test is for the stores that do.
  if (harness.swap !== undefined) it.skipIf(harness.skip)('re-hashes on every read: a swapped file is BLOB_CORRUPT, naming what it hashes to now', async () => {
    const blobs = await harness.create();
    const ref = await blobs.put(pdf, { name: '检查记录.pdf', mediaType: 'application/pdf' });
    const forged = encode('%PDF-1.7 伪造记录');
    expect(forged.length).toBe(pdf.length);
    await harness.swap!(blobs, ref, forged);
    // `has` reads no bytes: same size, so it still says yes; `get` is what verifies.
    expect(await blobs.has(ref)).toBe(true);
    const error = await rejection(blobs.get(ref));
    expect(error).toMatchObject({ code: 'BLOB_CORRUPT', context: { name: '检查记录.pdf', sha256: ref.sha256, actualSha256: sha256(forged) } });
    expect(error.messageZh).toContain('“检查记录.pdf”的内容与其 SHA-256 摘要不符');
    // Putting the real file again repairs it.
    await blobs.put(pdf, { name: '检查记录.pdf', mediaType: 'application/pdf' });
    expect(await blobs.get(ref)).toEqual(pdf);
    // A copy cut short no longer hashes to the reference: corrupt, whatever size the reference gives.
    await harness.swap!(blobs, ref, pdf.slice(0, 4));
    for (const size of [ref.size, 4]) {
      expect(await rejection(blobs.get({ ...ref, size })), String(size)).toMatchObject({ code: 'BLOB_CORRUPT', context: { size, actualSize: 4 } });
    }
  });
});

describe('the filesystem blob store', () => {
  it('keeps each file at <root>/<type>/<subtype>/<2 hex>/<sha256>, written through a temporary file it renames into place', async () => {
    const root = mkdtempSync(join(tmpdir(), 'le-blobs-'));
    const blobs = fileBlobStore({ root });
    const ref = await blobs.put(pdf, { name: '检查记录.pdf', mediaType: 'application/pdf' });
    const path = filePathOf(root, ref);
    expect(path).toBe(join(root, 'application', 'pdf', ref.sha256.slice(0, 2), ref.sha256));
    expect(readFileSync(path)).toEqual(Buffer.from(pdf));
    expect(readdirSync(join(root, 'application', 'pdf', ref.sha256.slice(0, 2)))).toEqual([ref.sha256]);
    // Nothing outside root, whatever the name says.
    await blobs.put(pdf, { name: '..', mediaType: 'application/pdf' });
    expect(readdirSync(root)).toEqual(['application']);
  });

  it('a file cut short on disk is BLOB_CORRUPT; a file gone is BLOB_NOT_FOUND and has() says no', async () => {
    const root = mkdtempSync(join(tmpdir(), 'le-blobs-'));
    const blobs = fileBlobStore({ root });
    const ref = await blobs.put(pdf, { name: '检查记录.pdf', mediaType: 'application/pdf' });
    writeFileSync(filePathOf(root, ref), pdf.slice(0, 5));
    expect(await blobs.has(ref)).toBe(false);
    expect((await rejection(blobs.get(ref))).context).toMatchObject({ actualSize: 5 });
    const other = await blobs.put(encode('%PDF-1.7 other'), { name: 'b.pdf', mediaType: 'application/pdf' });
    (await import('node:fs')).rmSync(filePathOf(root, other));
    expect(await blobs.has(other)).toBe(false);
    expect((await rejection(blobs.get(other))).code).toBe('BLOB_NOT_FOUND');
  });

  it('checks its options: a root, limits in range, media types in lowercase', () => {
    const codeOf = (options: unknown) => {
      try {
        fileBlobStore(options as never);
        return 'none';
      } catch (error) {
        return isLinkedEnforcementError(error) ? error.code : String(error);
      }
    };
    expect(codeOf({})).toBe('INVALID_INPUT');
    expect(codeOf({ root: '' })).toBe('INVALID_INPUT');
    expect(codeOf({ root: '/tmp', maxBytes: 0 })).toBe('INVALID_INPUT');
    expect(codeOf({ root: '/tmp', mediaTypes: ['PDF'] })).toBe('INVALID_INPUT');
    expect(codeOf({ root: '/tmp', mediaTypes: [] })).toBe('INVALID_INPUT');
    expect(codeOf({ root: '/tmp', other: 1 })).toBe('INVALID_INPUT');
    expect(codeOf({ root: join(tmpdir(), 'le-blobs-unused'), maxBytes: 10, mediaTypes: ['text/plain'] })).toBe('none');
    expect(existsSync(join(tmpdir(), 'le-blobs-unused'))).toBe(false);
  });
});

describe.skipIf(process.env.DATABASE_URL === undefined)('the PostgreSQL blob store’s table', () => {
  it('is handed to an owner role, and the application role may read, insert and repair but never delete', async () => {
    const { default: pg } = await import('pg');
    const { postgresBlobStore } = await import('../src/store/postgres/index.js');
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    pool.on('error', () => {});
    const prefix = `lebr_${Date.now().toString(36)}_`;
    try {
      await pool.query('DO $$ BEGIN CREATE ROLE le_blob_owner NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$');
      await pool.query('DO $$ BEGIN CREATE ROLE le_blob_app NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$');
      const blobs = postgresBlobStore({ pool, tablePrefix: prefix });
      await blobs.migrate({ ownerRole: 'le_blob_owner', appRole: 'le_blob_app' });
      await blobs.migrate({ ownerRole: 'le_blob_owner', appRole: 'le_blob_app' });
      const { rows } = await pool.query(
        `SELECT tableowner, has_table_privilege('le_blob_app', $1, 'SELECT') AS s, has_table_privilege('le_blob_app', $1, 'INSERT') AS i,
           has_table_privilege('le_blob_app', $1, 'UPDATE') AS u, has_table_privilege('le_blob_app', $1, 'DELETE') AS d FROM pg_tables WHERE tablename = $1`,
        [blobs.table],
      );
      expect(rows).toEqual([{ tableowner: 'le_blob_owner', s: true, i: true, u: true, d: false }]);
      expect((await rejection(blobs.migrate({ appRole: 'x"; DROP TABLE y; --' })) ).code).toBe('INVALID_INPUT');
    } finally {
      await pool.query(`DROP TABLE IF EXISTS ${prefix}blobs`);
      await pool.end();
    }
  });
});
