import { z } from 'zod';
import { documentNameSchema, documentReferenceSchema, mediaTypeSchema, type DocumentReference } from '../../../machines/schemas.js';
import { LinkedEnforcementError, type ErrorIssue } from '../../errors.js';
import { sha256Bytes } from '../../engine/_lib/sha256.js';
import { toIssues, parseArgument } from '../../_lib/validate.js';
import { describeThrown, joinProblems } from '../../_lib/untrusted.js';
import type { BlobLimits } from '../types.js';

const metaSchema = z.object({ name: documentNameSchema, mediaType: mediaTypeSchema }).strict();

/** Whether `value` is a `Uint8Array` (a `Buffer` is one), also from another realm. */
function isBytes(value: unknown): value is Uint8Array {
  try {
    return ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]';
  } catch {
    return false;
  }
}

/** A file to store, checked against the store's limits, with its reference: a copy of the bytes, so a caller changing them later changes nothing stored. */
export interface CheckedPut {
  readonly bytes: Uint8Array;
  readonly ref: DocumentReference;
}

/**
 * Checks `put`'s arguments, reporting every problem at once.
 *
 * @throws {LinkedEnforcementError} `INVALID_INPUT`.
 */
export function checkedPut(bytes: unknown, meta: unknown, limits: BlobLimits): CheckedPut {
  const issues: ErrorIssue[] = [];
  let copy: Uint8Array | undefined;
  if (!isBytes(bytes)) issues.push({ code: 'invalid_type', path: ['bytes'], message: 'must be bytes (a Uint8Array or Buffer)' });
  else {
    try {
      copy = new Uint8Array(bytes);
    } catch (error) {
      issues.push({ code: 'unreadable', path: ['bytes'], message: `could not be read (${describeThrown(error)})` });
    }
    if (copy !== undefined && copy.length === 0) issues.push({ code: 'too_small', path: ['bytes'], message: 'must not be an empty file' });
    if (copy !== undefined && copy.length > limits.maxBytes) issues.push({ code: 'too_big', path: ['bytes'], message: `must be at most ${limits.maxBytes} bytes (it has ${copy.length})` });
  }
  let parsed: z.output<typeof metaSchema> | undefined;
  try {
    const result = metaSchema.safeParse(meta);
    if (result.success) parsed = result.data;
    else issues.push(...toIssues(result.error, ['meta'], meta));
  } catch (error) {
    issues.push({ code: 'unreadable', path: ['meta'], message: `could not be read (${describeThrown(error)})` });
  }
  if (parsed !== undefined && !limits.mediaTypes.includes(parsed.mediaType)) {
    issues.push({ code: 'invalid_value', path: ['meta', 'mediaType'], message: `must be one of the blob store's media types: ${limits.mediaTypes.join(', ')}` });
  }
  if (issues.length > 0 || copy === undefined || parsed === undefined) {
    const listed = joinProblems(issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`));
    throw new LinkedEnforcementError('INVALID_INPUT', `Invalid file to store: ${listed}`, {
      context: { argument: issues[0]?.path[0] ?? 'bytes', maxBytes: limits.maxBytes, ...(copy === undefined ? {} : { size: copy.length }) },
      issues,
    });
  }
  return { bytes: copy, ref: { name: parsed.name, sha256: sha256Bytes(copy), size: copy.length, mediaType: parsed.mediaType } };
}

/**
 * A reference given to `get` or `has`, checked.
 *
 * @throws {LinkedEnforcementError} `INVALID_INPUT`.
 */
export function checkedRef(ref: unknown): DocumentReference {
  return parseArgument(documentReferenceSchema, ref, 'ref');
}

const described = (ref: DocumentReference) => `"${ref.name}" (${ref.mediaType}, ${ref.size} bytes, sha256 ${ref.sha256})`;

/** `BLOB_NOT_FOUND` for a reference. */
export function blobNotFound(ref: DocumentReference, store: string): never {
  throw new LinkedEnforcementError('BLOB_NOT_FOUND', `The ${store} blob store holds no file ${described(ref)}`, {
    context: { store, name: ref.name, sha256: ref.sha256, size: ref.size, mediaType: ref.mediaType },
  });
}

/**
 * The stored bytes, when they are the referenced file (the same size and SHA-256), as a plain `Uint8Array`.
 *
 * @throws {LinkedEnforcementError} `BLOB_CORRUPT` naming what they hash to now; `BLOB_NOT_FOUND`
 * when they are whole (they hash to the reference) but the reference gives another size: no file
 * has that hash and that size.
 */
export function verifiedBytes(bytes: Uint8Array, ref: DocumentReference, store: string): Uint8Array {
  const actualSha256 = sha256Bytes(bytes);
  if (actualSha256 === ref.sha256) {
    // A plain Uint8Array over the same memory (not a Buffer): every store hands back the same type.
    if (bytes.length === ref.size) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return blobNotFound(ref, store);
  }
  throw new LinkedEnforcementError('BLOB_CORRUPT', `The ${store} blob store's copy of ${described(ref)} has ${bytes.length} bytes hashing to ${actualSha256}: it was changed or damaged after it was stored`, {
    context: { store, name: ref.name, sha256: ref.sha256, size: ref.size, mediaType: ref.mediaType, actualSha256, actualSize: bytes.length },
  });
}
