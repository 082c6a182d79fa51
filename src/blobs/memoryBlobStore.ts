import type { DocumentReference } from '../../machines/schemas.js';
import { blobNotFound, checkedPut, checkedRef, verifiedBytes } from './_lib/blobInput.js';
import { parseBlobOptions } from './blobLimits.js';
import type { BlobStore, BlobStoreOptions } from './types.js';

const keyOf = (ref: DocumentReference) => `${ref.mediaType} ${ref.sha256}`;

/**
 * A blob store (文件存储) in memory: for tests, examples and a web UI that runs the engine in the
 * browser. Files are gone when the process ends.
 *
 * @param options - `maxBytes` (default 20 MiB) and `mediaTypes` (default {@link defaultBlobMediaTypes}).
 * @returns The store.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` for malformed options.
 * @example
 * const blobs = memoryBlobStore();
 * const ref = await blobs.put(new TextEncoder().encode('%PDF-1.7'), { name: '检查记录.pdf', mediaType: 'application/pdf' });
 * ref.size
 * //=> 8
 * await blobs.has(ref)
 * //=> true
 */
export function memoryBlobStore(options: BlobStoreOptions = {}): BlobStore {
  const limits = parseBlobOptions(options);
  const files = new Map<string, Uint8Array>();
  return {
    limits,
    async put(bytes, meta) {
      const checked = checkedPut(bytes, meta, limits);
      files.set(keyOf(checked.ref), checked.bytes);
      return checked.ref;
    },
    async get(ref) {
      const checked = checkedRef(ref);
      const stored = files.get(keyOf(checked));
      if (stored === undefined) return blobNotFound(checked, 'memory');
      return new Uint8Array(verifiedBytes(stored, checked, 'memory'));
    },
    async has(ref) {
      const checked = checkedRef(ref);
      return files.get(keyOf(checked))?.length === checked.size;
    },
  };
}
