/**
 * SHA-256 as the audit chain and the stored documents read it: node:crypto's one-shot `hash`
 * where Node has it, and `createHash` on the Node 20 releases before it (20.12), each giving the
 * FIPS 180-4 digest. Written against the mutants the older suites did not reach.
 */
import nodeCrypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256Bytes, sha256BytesJs, sha256Hex, sha256Js } from '../src/engine/_lib/sha256.js';

const withoutHash = Object.getOwnPropertyDescriptor(nodeCrypto, 'hash');
afterEach(() => {
  if (withoutHash !== undefined) Object.defineProperty(nodeCrypto, 'hash', withoutHash);
});

describe('sha256Hex', () => {
  // FIPS 180-2 appendix B.1, and a text beyond ASCII (hashed as UTF-8).
  const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

  it('gives the FIPS 180-4 digest with node:crypto’s hash', () => {
    expect(sha256Hex('abc')).toBe(abc);
    expect(sha256Hex('联动执法')).toBe(sha256Js('联动执法'));
  });

  it('gives the same with createHash where node:crypto has no hash (Node 20 before 20.12)', () => {
    delete (nodeCrypto as { hash?: unknown }).hash;
    expect((nodeCrypto as { hash?: unknown }).hash).toBeUndefined();
    expect(sha256Hex('abc')).toBe(abc);
    expect(sha256Hex('联动执法')).toBe(sha256Js('联动执法'));
  });

  it('gives the same in plain JavaScript (browsers, older Node) at every padding boundary and over many blocks', () => {
    for (const length of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000]) {
      const text = '联'.repeat(Math.floor(length / 3)) + 'x'.repeat(length % 3);
      expect(new TextEncoder().encode(text).length).toBe(length);
      expect(sha256Js(text), `${length} bytes`).toBe(nodeCrypto.createHash('sha256').update(text).digest('hex'));
      const bytes = Uint8Array.from({ length }, (_, index) => (index * 37 + 11) % 256);
      expect(sha256BytesJs(bytes), `${length} bytes`).toBe(nodeCrypto.createHash('sha256').update(bytes).digest('hex'));
      expect(sha256Bytes(bytes)).toBe(sha256BytesJs(bytes));
    }
  });
});
