import { z } from 'zod';
import { mediaTypeSchema } from '../../machines/schemas.js';
import { parseArgument } from '../_lib/validate.js';
import type { BlobLimits, BlobStoreOptions } from './types.js';

/**
 * The largest file a blob store takes by default: 20 MiB (20 × 1024 × 1024 bytes), room for a
 * scanned multi-page 处罚决定书 while keeping one file well inside a request and a `bytea` value.
 *
 * @example
 * DEFAULT_MAX_BLOB_BYTES
 * //=> 20971520
 */
export const DEFAULT_MAX_BLOB_BYTES = 20 * 1024 * 1024;

/**
 * The media types a blob store takes by default — what county offices file legal documents as:
 * PDF, OFD (版式文档, GB/T 33190), JPEG and PNG scans, Word and Excel (old and new formats) and
 * ZIP. No HTML, SVG or scripts: a stored file may be opened in a browser.
 *
 * @example
 * defaultBlobMediaTypes.includes('application/pdf')
 * //=> true
 */
export const defaultBlobMediaTypes: readonly string[] = Object.freeze([
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

/** Blob store options: the limits, and whatever else a store takes (its own keys are checked by its own schema). */
export const blobLimitsShape = {
  maxBytes: z.number().int().min(1).max(2 ** 31).optional(),
  mediaTypes: z.array(mediaTypeSchema).min(1, 'must name at least one media type').max(1000).optional(),
};

/** The limits from checked options. */
export function limitsOf(options: BlobStoreOptions): BlobLimits {
  return Object.freeze({
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BLOB_BYTES,
    mediaTypes: Object.freeze([...new Set(options.mediaTypes ?? defaultBlobMediaTypes)]),
  });
}

/** Checks the options of a store that takes only the limits. */
export function parseBlobOptions(options: unknown): BlobLimits {
  return limitsOf(parseArgument(z.object(blobLimitsShape).strict(), options ?? {}, 'options'));
}
