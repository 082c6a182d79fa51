/**
 * `linked-enforcement/store/files` — the blob store (文件存储) for legal documents on the
 * filesystem (Node only).
 *
 * @module linked-enforcement/store/files
 */
export { fileBlobStore } from './fileBlobStore.js';
export type { FileBlobStoreOptions } from './fileBlobStore.js';
