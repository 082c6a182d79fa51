import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { z } from 'zod';
import type { DocumentReference } from '../../../machines/schemas.js';
import { LinkedEnforcementError } from '../../errors.js';
import { parseArgument } from '../../_lib/validate.js';
import { blobNotFound, checkedPut, checkedRef, verifiedBytes } from '../../blobs/_lib/blobInput.js';
import { blobLimitsShape, limitsOf } from '../../blobs/blobLimits.js';
import type { BlobStore, BlobStoreOptions } from '../../blobs/types.js';

/** The options of `fileBlobStore`. */
export interface FileBlobStoreOptions extends BlobStoreOptions {
  /** The directory the files are kept under (created when missing). */
  readonly root: string;
}

const optionsSchema = z.object({ root: z.string().trim().min(1, 'must not be empty').max(4096), ...blobLimitsShape }).strict();

const missing = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as { code?: unknown } | null)?.code as string);

function diskFailure(error: unknown, operation: string, path: string): LinkedEnforcementError {
  const code = (error as { code?: unknown } | null)?.code;
  const retryable = ['EAGAIN', 'EBUSY', 'EMFILE', 'ENFILE', 'EINTR', 'ENOSPC', 'EIO'].includes(code as string);
  return new LinkedEnforcementError('STORE_UNAVAILABLE', `The file blob store failed in ${operation} (${path}): ${error instanceof Error ? error.message : String(error)}`, {
    context: { store: 'files', operation, path, retryable, outcome: operation === 'put' ? 'unknown' : 'not-applied', ...(typeof code === 'string' ? { errno: code } : {}) },
    cause: error,
  });
}

/**
 * A blob store (文件存储) on the filesystem, content-addressed: a file lives at
 * `<root>/<type>/<subtype>/<first two hex digits>/<sha256>`, every part of which comes from a
 * checked reference (hex digits, and media-type parts that start with a letter or digit), so no
 * name or reference can reach outside `root`. A file is written to a temporary file in the same
 * directory, flushed, then renamed into place: readers see the whole file or none, and a crash
 * leaves at most a stray `.tmp` file. Several processes may share the root.
 *
 * @param options - `root`, `maxBytes` (default 20 MiB), `mediaTypes` (default `defaultBlobMediaTypes`).
 * @returns The store.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` for malformed options.
 * @example
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * const blobs = fileBlobStore({ root: mkdtempSync(`${tmpdir()}/blobs-`) });
 * const ref = await blobs.put(new TextEncoder().encode('%PDF-1.7'), { name: '检查记录.pdf', mediaType: 'application/pdf' });
 * new TextDecoder().decode(await blobs.get(ref))
 * //=> '%PDF-1.7'
 */
export function fileBlobStore(options: FileBlobStoreOptions): BlobStore {
  const parsed = parseArgument(optionsSchema, options, 'options');
  const root = resolve(parsed.root);
  const limits = limitsOf(parsed);
  const pathOf = (ref: DocumentReference): string => {
    const [type, subtype] = ref.mediaType.split('/') as [string, string];
    const path = join(root, type, subtype, ref.sha256.slice(0, 2), ref.sha256);
    // The reference was checked; this only makes sure no change to those checks can ever walk out of root.
    if (!path.startsWith(root + sep)) throw new LinkedEnforcementError('INVALID_INPUT', `Invalid ref: it points outside the blob store's root`, { context: { argument: 'ref' } });
    return path;
  };
  const sizeAt = async (path: string): Promise<number | undefined> => {
    try {
      const info = await stat(path);
      return info.isFile() ? info.size : undefined;
    } catch (error) {
      if (missing(error)) return undefined;
      throw diskFailure(error, 'has', path);
    }
  };
  return {
    limits,
    async put(bytes, meta) {
      const { bytes: copy, ref } = checkedPut(bytes, meta, limits);
      const path = pathOf(ref);
      // Stored already, and still whole: nothing to write. A damaged copy is replaced.
      if ((await sizeAt(path)) === ref.size) {
        try {
          verifiedBytes(await readFile(path), ref, 'files');
          return ref;
        } catch (error) {
          if (!(error instanceof LinkedEnforcementError) && !missing(error)) throw diskFailure(error, 'put', path);
        }
      }
      const directory = join(path, '..');
      const temporary = join(directory, `.${ref.sha256}.${randomUUID()}.tmp`);
      try {
        await mkdir(directory, { recursive: true });
        const handle = await open(temporary, 'wx', 0o644);
        try {
          await handle.writeFile(copy);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temporary, path);
      } catch (error) {
        await unlink(temporary).catch(() => undefined);
        throw diskFailure(error, 'put', path);
      }
      return ref;
    },
    async get(ref) {
      const checked = checkedRef(ref);
      const path = pathOf(checked);
      let stored: Uint8Array;
      try {
        stored = await readFile(path);
      } catch (error) {
        if (missing(error)) return blobNotFound(checked, 'files');
        throw diskFailure(error, 'get', path);
      }
      return verifiedBytes(stored, checked, 'files');
    },
    async has(ref) {
      const checked = checkedRef(ref);
      return (await sizeAt(pathOf(checked))) === checked.size;
    },
  };
}
