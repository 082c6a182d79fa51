import type { DocumentReference } from '../../machines/schemas.js';

/** What `BlobStore.put` is told about a file: its name as people see it and its media type. */
export interface BlobMeta {
  /** The file name, e.g. `检查记录.pdf`: 1–200 characters, no control characters, no `/` or `\`. */
  readonly name: string;
  /** Its media type in lowercase, e.g. `application/pdf`; one of the store's `mediaTypes`. */
  readonly mediaType: string;
}

/** What a blob store takes: the largest file and the media types it accepts. */
export interface BlobLimits {
  /** The largest file in bytes (default `DEFAULT_MAX_BLOB_BYTES`, 20 MiB). */
  readonly maxBytes: number;
  /** The media types it accepts (default `defaultBlobMediaTypes`). */
  readonly mediaTypes: readonly string[];
}

/** The options every blob store takes: its limits. */
export interface BlobStoreOptions {
  /** The largest file in bytes, 1 byte to 2 GiB (default 20 MiB). */
  readonly maxBytes?: number;
  /** The media types it accepts, lowercase `type/subtype` (default `defaultBlobMediaTypes`). */
  readonly mediaTypes?: readonly string[];
}

/**
 * A content-addressed store of files (文件存储) for the legal documents (法律文书) cases refer to.
 * A file is kept under the SHA-256 of its bytes and its media type; the name is not part of its
 * identity (the same bytes put under two names are stored once). Give one to
 * `createCaseEngine({ blobs })` and the engine refuses an event whose document is not in it.
 *
 * Implementations: `memoryBlobStore()` (tests, a browser), `fileBlobStore({ root })`
 * (`linked-enforcement/store/files`) and `postgresBlobStore({ pool })`
 * (`linked-enforcement/store/postgres`).
 */
export interface BlobStore {
  /** The limits it enforces. */
  readonly limits: BlobLimits;
  /**
   * Stores the bytes and returns their reference `{ name, sha256, size, mediaType }`. Storing
   * the same bytes again is harmless. Bad input stores nothing.
   *
   * @throws {LinkedEnforcementError} `INVALID_INPUT` for bytes that are not a `Uint8Array`, an empty file, a file above `maxBytes`, a media type the store does not take or a bad name; `STORE_UNAVAILABLE` when the disk or database fails.
   */
  put(bytes: Uint8Array, meta: BlobMeta): Promise<DocumentReference>;
  /**
   * The file's bytes, re-hashed on every read.
   *
   * @throws {LinkedEnforcementError} `INVALID_INPUT` for a malformed reference; `BLOB_NOT_FOUND` (also for a stored hash with another `size`); `BLOB_CORRUPT` when the stored bytes no longer hash to `ref.sha256`; `STORE_UNAVAILABLE`.
   */
  get(ref: DocumentReference): Promise<Uint8Array>;
  /**
   * Whether a file with the reference's hash, size and media type is stored (not re-hashed: `get` does that).
   *
   * @throws {LinkedEnforcementError} `INVALID_INPUT` for a malformed reference; `STORE_UNAVAILABLE`.
   */
  has(ref: DocumentReference): Promise<boolean>;
}
