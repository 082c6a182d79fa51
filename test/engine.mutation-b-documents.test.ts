/**
 * The engine's checks of the files an event refers to (README › Documents): a send naming a file
 * the blob store does not hold is refused, `verifyAudit` re-hashes every referenced file once and
 * reports each bad one as a `blob` problem of its entry; a blob store that fails is
 * `STORE_UNAVAILABLE` (operation `has` or `get`), and its own typed errors pass as they are.
 * Written against the mutants that survived the older suites.
 */
import { describe, expect, it, vi } from 'vitest';
import { createCaseEngine, LinkedEnforcementError, memoryBlobStore, memoryStore } from 'linked-enforcement';
import type { BlobStore } from '../src/blobs/types.js';
import { blobProblems, refuseUnstoredDocuments } from '../src/engine/_lib/documentChecks.js';
import type { AuditEntry } from '../src/engine/schemas.js';
import { bj, documentRef, ev, market } from './_lib/cases.js';
import { following, testClock, toReporting } from './_lib/engine.js';

/** A blob store whose `has` and `get` do what is given. */
const blobStore = (has: (ref: unknown) => Promise<boolean>, get: (ref: unknown) => Promise<unknown> = async () => new Uint8Array()) => ({ has: vi.fn(has), get: vi.fn(get) }) as unknown as BlobStore & { has: ReturnType<typeof vi.fn>; get: ReturnType<typeof vi.fn> };

const report = { type: 'unit.report', documents: [documentRef('现场照片.pdf')] };
const entry = (version: number, event: Record<string, unknown>) => ({ version, type: event.type, event }) as unknown as AuditEntry;

describe('refuseUnstoredDocuments', () => {
  it('refuses an event naming files the blob store does not hold: INVALID_EVENT naming each, by its place in the event', async () => {
    const [photo, minutes] = [documentRef('现场照片.pdf'), documentRef('笔录.pdf')];
    const upload = { type: 'results.upload', results: { summary: '检查商户120家', documents: [photo, documentRef('stored.pdf'), minutes] } };
    const error = await refuseUnstoredDocuments('c1', upload, blobStore(async (ref) => (ref as { name: string }).name === 'stored.pdf')).catch((thrown: unknown) => thrown);
    const message = (name: string) => `the blob store holds no file "${name}" with that SHA-256, size and media type (put it there first)`;
    const reason = `results.documents.0: ${message('现场照片.pdf')}; results.documents.2: ${message('笔录.pdf')}`;
    expect(error).toBeInstanceOf(LinkedEnforcementError);
    expect(error).toMatchObject({
      code: 'INVALID_EVENT',
      message: `Case c1: Invalid event: ${reason}`,
      context: {
        caseId: 'c1',
        type: 'results.upload',
        documents: ['现场照片.pdf', '笔录.pdf'],
        reason,
        reasonZh: '文件存储中没有“现场照片.pdf”、“笔录.pdf”（SHA-256 摘要、大小和类型须一致），请先上传文件',
      },
      issues: [
        { code: 'custom', path: ['event', 'results', 'documents', 0], message: message('现场照片.pdf') },
        { code: 'custom', path: ['event', 'results', 'documents', 2], message: message('笔录.pdf') },
      ],
    });
  });

  it('lets the blob store’s own LinkedEnforcementError through as it is', async () => {
    const own = new LinkedEnforcementError('STORE_UNAVAILABLE', 'the blob table is locked', { context: { store: 'postgres-blobs' } });
    const error = await refuseUnstoredDocuments('c1', report, blobStore(async () => Promise.reject(own))).catch((thrown: unknown) => thrown);
    expect(error).toBe(own);
  });

  it('reports any other failure as STORE_UNAVAILABLE in has, retryable, not applied, with the cause', async () => {
    const cause = new TypeError('socket hang up');
    const error = await refuseUnstoredDocuments('c1', report, blobStore(async () => Promise.reject(cause))).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(LinkedEnforcementError);
    expect(error).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: 'The blob store failed in has: socket hang up',
      context: { store: 'blobs', operation: 'has', retryable: true, outcome: 'not-applied' },
      cause,
    });
  });
});

describe('blobProblems', () => {
  it('reports any other failure of get as STORE_UNAVAILABLE in get', async () => {
    const cause = new Error('disk unplugged');
    const error = await blobProblems([entry(3, report)], blobStore(async () => true, async () => Promise.reject(cause))).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', message: 'The blob store failed in get: disk unplugged', context: { store: 'blobs', operation: 'get', retryable: true, outcome: 'not-applied' }, cause });
  });

  it('makes a reference the blob store refuses (INVALID_INPUT) a blob problem; one without a name (or a name that is no text) is reported by its place alone', async () => {
    const refused = new LinkedEnforcementError('INVALID_INPUT', 'Invalid ref: sha256 must be 64 hex digits', { context: { argument: 'ref' } });
    const blobs = blobStore(async () => true, async () => Promise.reject(refused));
    const problems = await blobProblems([entry(2, { type: 'plan.submit', plan: { documents: [{ sha256: 'nope' }, { name: '方案.pdf', sha256: 'nope2' }, { name: 42, sha256: 'nope3' }] } })], blobs);
    expect(problems).toStrictEqual([
      { kind: 'blob', version: 2, message: 'entry 2 (plan.submit) refers to plan.documents.0: Invalid ref: sha256 must be 64 hex digits', table: 'blobs' },
      { kind: 'blob', version: 2, message: 'entry 2 (plan.submit) refers to plan.documents.1 "方案.pdf": Invalid ref: sha256 must be 64 hex digits', table: 'blobs', field: '方案.pdf' },
      { kind: 'blob', version: 2, message: 'entry 2 (plan.submit) refers to plan.documents.2: Invalid ref: sha256 must be 64 hex digits', table: 'blobs' },
    ]);
  });

  it('re-hashes each file once, however many entries refer to it, and skips names from before documents were files', async () => {
    const blobs = blobStore(async () => true);
    const problems = await blobProblems([entry(2, report), entry(5, report), entry(6, { type: 'unit.report', documents: ['old-name.pdf'] })], blobs);
    expect(problems).toEqual([]);
    expect(blobs.get).toHaveBeenCalledTimes(1);
  });

  it('reports an empty place in the list of documents by its place', async () => {
    const missing = new LinkedEnforcementError('BLOB_NOT_FOUND', 'no such file', { context: {} });
    const blobs = blobStore(
      async () => true,
      async (ref) => (ref === undefined ? Promise.reject(missing) : new Uint8Array()),
    );
    const problems = await blobProblems([entry(4, { type: 'unit.report', documents: [undefined, documentRef('a.pdf')] })], blobs);
    expect(problems).toEqual([{ kind: 'blob', version: 4, message: 'entry 4 (unit.report) refers to documents.0: no such file', table: 'blobs' }]);
  });
});

describe('verifyAudit with a blob store', () => {
  it('adds each file problem to the verdict and keeps its note on why the log was not replayed', async () => {
    const files = memoryBlobStore();
    const trusting = Object.assign(Object.create(files) as BlobStore, { has: async () => true });
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:00'));
    await toReporting(following(createCaseEngine({ store, clock, blobs: trusting }), clock), 'c1');
    await following(createCaseEngine({ store, clock, blobs: trusting }), clock).send('c1', ev('results.upload', market, bj('2026-10-12 17:00'), { results: { summary: '检查商户120家', documents: [documentRef('处罚决定书.pdf')] } }));
    const later = createCaseEngine({ store, clock, blobs: trusting, machineVersion: 4, migrations: [{ from: 3, to: 4, migrate: (snapshot) => snapshot }] });
    const verdict = await later.verifyAudit('c1');
    expect(verdict.replayed).toBe(false);
    expect(verdict.replayNote).toBe("entry 1 was written by machine version 3; this engine's machine (version 4) cannot replay it: the chain and the digests were checked");
    expect(verdict.problems).toEqual([expect.objectContaining({ kind: 'blob', version: 8, table: 'blobs', field: '处罚决定书.pdf' })]);
  });
});
