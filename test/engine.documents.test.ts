/**
 * 法律文书 as files: the engine with a blob store refuses an event naming a document the store does
 * not hold, records the references in the hashed log, and `verifyAudit` re-hashes every file the
 * log refers to — on the memory and PostgreSQL case stores, with each blob store.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryBlobStore, type BlobStore, type CaseEngine, type CaseStore, type DocumentReference } from 'linked-enforcement';
import { fileBlobHarness, memoryBlobHarness, postgresBlobHarness, type BlobHarness } from './_lib/blobHarness.js';
import { applicationInput, bj, center, documentBytes, ev, fire, inCharge, item1Plan, justice, market, police } from './_lib/cases.js';
import { following, testClock } from './_lib/engine.js';
import { memoryHarness, postgresHarness, type Json, type StoreHarness } from './_lib/storeHarness.js';

const url = process.env.DATABASE_URL;
const setups: [string, StoreHarness, BlobHarness][] = [
  ['memory store, memory blobs', memoryHarness(), memoryBlobHarness()],
  ['memory store, file blobs', memoryHarness(), fileBlobHarness()],
  ['PostgreSQL store, PostgreSQL blobs', postgresHarness(url), postgresBlobHarness(url)],
];

const put = (blobs: BlobStore, name: string, mediaType = 'application/pdf') => blobs.put(documentBytes(name), { name, mediaType });

async function rejection(promise: Promise<unknown>): Promise<{ code: string; issues: { path: unknown[]; message: string }[]; context: Record<string, unknown>; messageZh: string }> {
  try {
    await promise;
  } catch (error) {
    return error as never;
  }
  throw new Error('expected a rejection');
}

describe.each(setups)('%s', (_, stores, files) => {
  const skip = stores.skip || files.skip;
  const setup = async () => {
    const store = await stores.create();
    const blobs = await files.create();
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(createCaseEngine({ store, blobs, clock }), clock);
    return { store, blobs, clock, engine };
  };
  /** An item-1 case with a plan that has a file, driven to the results deadline. */
  const toReporting = async (engine: CaseEngine, blobs: BlobStore, caseId: string) => {
    const planFile = await put(blobs, '联动执法工作方案.pdf');
    await engine.open(applicationInput({ caseId }));
    await engine.send(caseId, ev('review.pass', center, bj('2026-09-01 10:00')));
    await engine.send(caseId, ev('legal.approve', justice, bj('2026-09-02 10:00')));
    await engine.send(caseId, ev('leader.approve', inCharge, bj('2026-09-03 10:00')));
    await engine.send(caseId, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    await engine.send(caseId, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan({ documents: [planFile] }) }));
    await engine.send(caseId, ev('enforcement.end', market, bj('2026-09-30 18:00')));
    return planFile;
  };

  it.skipIf(skip)('records the files of a plan, a report and the results, and the dossier lists them', async () => {
    const { engine, blobs } = await setup();
    const planFile = await toReporting(engine, blobs, 'doc-1');
    const report = [await put(blobs, '消防检查记录.pdf'), await put(blobs, '现场照片.jpg', 'image/jpeg')];
    await engine.send('doc-1', ev('unit.report', fire, bj('2026-10-08 10:00'), { summary: '检查记录', documents: report }));
    const decision = await put(blobs, '行政处罚决定书.pdf');
    await engine.send('doc-1', ev('results.upload', market, bj('2026-10-12 17:00'), { results: { summary: '检查商户120家', documents: [decision] } }));
    const archived = await engine.send('doc-1', ev('case.archive', center, bj('2026-10-14 09:00')));
    expect(archived.output).toMatchObject({ plan: { documents: [planFile] }, reports: [{ unit: 'fire-rescue', documents: report }], results: { documents: [decision] } });
    expect(await engine.verifyAudit('doc-1')).toMatchObject({ ok: true, replayed: true, problems: [] });
    // The references are in the logged events, so the hash chain covers them.
    const logged = (await engine.history('doc-1')).find((entry) => entry.type === 'unit.report')!;
    expect((logged.event as { documents: unknown }).documents).toEqual(report);
  });

  it.skipIf(skip)('refuses (INVALID_EVENT) an event naming a file the store does not hold — never put, another size or media type — and writes nothing', async () => {
    const { engine, blobs } = await setup();
    await toReporting(engine, blobs, 'doc-2');
    const stored = await put(blobs, '检查记录.pdf');
    const never: DocumentReference = { ...stored, name: '未上传.pdf', sha256: 'a'.repeat(64) };
    const before = await engine.get('doc-2');
    const error = await rejection(
      engine.send('doc-2', ev('unit.report', fire, bj('2026-10-08 10:00'), { summary: '检查记录', documents: [stored, never, { ...stored, size: stored.size + 1 }, { ...stored, mediaType: 'image/png' }] })),
    );
    expect(error.code).toBe('INVALID_EVENT');
    expect(error.issues.map((issue) => issue.path)).toEqual([
      ['event', 'documents', 1],
      ['event', 'documents', 2],
      ['event', 'documents', 3],
    ]);
    expect(error.issues[0]!.message).toBe('the blob store holds no file "未上传.pdf" with that SHA-256, size and media type (put it there first)');
    expect(error.context).toMatchObject({ caseId: 'doc-2', type: 'unit.report', documents: ['未上传.pdf', '检查记录.pdf', '检查记录.pdf'] });
    expect(error.messageZh).toContain('文件存储中没有“未上传.pdf”');
    const results = await rejection(engine.send('doc-2', ev('results.upload', market, bj('2026-10-12 17:00'), { results: { summary: 'x', documents: [never] } })));
    expect(results).toMatchObject({ code: 'INVALID_EVENT', issues: [{ path: ['event', 'results', 'documents', 0] }] });
    const plan = await rejection(engine.send('doc-2', ev('plan.submit', market, bj('2026-10-08 10:00'), { plan: item1Plan({ documents: [never] }) })));
    expect(plan).toMatchObject({ code: 'INVALID_EVENT', issues: [{ path: ['event', 'plan', 'documents', 0] }] });
    // A name alone is not a reference (the migration note in the README says what to send instead).
    const named = await rejection(engine.send('doc-2', ev('unit.report', fire, bj('2026-10-08 10:00'), { summary: '检查记录', documents: ['检查记录'] as never })));
    expect(named).toMatchObject({ code: 'INVALID_EVENT', issues: [{ path: ['event', 'documents', 0] }] });
    expect((await engine.get('doc-2')).version).toBe(before.version);
    expect((await engine.send('doc-2', ev('unit.report', fire, bj('2026-10-08 10:00'), { summary: '检查记录', documents: [stored] }))).version).toBe(before.version + 1);
  });

  // A memory blob store has no outside to tamper with: the test is for the stores that do.
  if (files.swap !== undefined) it.skipIf(skip)('verifyAudit re-hashes each file the log refers to: a swapped file is a blob problem of the entry that refers to it', async () => {
    const { engine, blobs } = await setup();
    await toReporting(engine, blobs, 'doc-3');
    const record = await put(blobs, '检查记录.pdf');
    const sent = await engine.send('doc-3', ev('unit.report', fire, bj('2026-10-08 10:00'), { summary: '检查记录', documents: [record] }));
    expect(await engine.verifyAudit('doc-3')).toMatchObject({ ok: true, problems: [] });
    const forged = documentBytes('检查记录.pdf').map((byte, index) => (index === 9 ? byte ^ 1 : byte));
    await files.swap!(blobs, record, forged);
    const verdict = await engine.verifyAudit('doc-3');
    expect(verdict).toMatchObject({ ok: false, brokenAt: sent.version, replayed: true });
    expect(verdict.problems).toEqual([
      expect.objectContaining({ kind: 'blob', version: sent.version, table: 'blobs', field: '检查记录.pdf', message: expect.stringMatching(/^entry \d+ \(unit\.report\) refers to documents\.0 "检查记录\.pdf": .*changed or damaged/) }),
    ]);
    expect((await engine.verifyAll()).cases.find((c) => c.caseId === 'doc-3')).toMatchObject({ ok: false });
  });

  it.skipIf(skip)('a reference changed in the log (pointing at another stored file) breaks the hash chain: the next entry no longer follows it', async () => {
    const { engine, blobs, store, clock } = await setup();
    await toReporting(engine, blobs, 'doc-4');
    const record = await put(blobs, '检查记录.pdf');
    const other = await put(blobs, '另一份记录.pdf');
    const sent = await engine.send('doc-4', ev('unit.report', fire, bj('2026-10-08 10:00'), { summary: '检查记录', documents: [record] }));
    await engine.send('doc-4', ev('results.upload', market, bj('2026-10-12 17:00'), { results: { summary: '检查商户120家' } }));
    const swapped = (entries: Json[]) =>
      entries.map((entry) => (entry.version === sent.version ? { ...entry, event: { ...(entry.event as Json), documents: [{ ...other, name: '检查记录.pdf' }] } } : entry));
    const tampered: CaseStore = await stores.rewrite(store, 'doc-4', { entries: swapped });
    const verdict = await createCaseEngine({ store: tampered, blobs, clock }).verifyAudit('doc-4');
    expect(verdict).toMatchObject({ ok: false, brokenAt: sent.version + 1 });
    expect(verdict.problems[0]).toMatchObject({ kind: 'chain', version: sent.version + 1 });
  });
});

describe('the engine’s blobs option', () => {
  it('must be a blob store', () => {
    expect(() => createCaseEngine({ blobs: {} as never })).toThrow(/options\.blobs: must be a blob store/);
  });

  it('without it, references are checked for their shape only', async () => {
    const clock = testClock(bj('2026-09-01 09:00'));
    const engine = following(createCaseEngine({ clock }), clock);
    await engine.open(applicationInput({ caseId: 'no-blobs' }));
    await engine.send('no-blobs', ev('review.pass', center, bj('2026-09-01 10:00')));
    await engine.send('no-blobs', ev('legal.approve', justice, bj('2026-09-02 10:00')));
    await engine.send('no-blobs', ev('leader.approve', inCharge, bj('2026-09-03 10:00')));
    await engine.send('no-blobs', ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东', startAt: bj('2026-09-29 09:00') }));
    const unstored: DocumentReference = { name: '方案.pdf', sha256: 'b'.repeat(64), size: 10, mediaType: 'application/pdf' };
    expect((await engine.send('no-blobs', ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan({ documents: [unstored] }) }))).state).toBe('enforcing.executing');
    const malformed = await rejection(engine.send('no-blobs', ev('plan.submit', police, bj('2026-09-10 10:00'), { plan: item1Plan({ documents: [{ ...unstored, sha256: 'B'.repeat(64) }] }) })));
    expect(malformed).toMatchObject({ code: 'INVALID_EVENT', issues: [{ path: ['event', 'plan', 'documents', 0, 'sha256'], message: 'must be a SHA-256 digest in lowercase hex' }] });
  });

  it('a blob store that throws something of its own is STORE_UNAVAILABLE, and nothing is written', async () => {
    const clock = testClock(bj('2026-09-01 09:00'));
    const blobs = memoryBlobStore();
    const broken: BlobStore = { ...blobs, has: async () => { throw new Error('disk on fire'); } };
    const engine = following(createCaseEngine({ blobs: broken, clock }), clock);
    await engine.open(applicationInput({ caseId: 'broken' }));
    await engine.send('broken', ev('review.pass', center, bj('2026-09-01 10:00')));
    await engine.send('broken', ev('legal.approve', justice, bj('2026-09-02 10:00')));
    await engine.send('broken', ev('leader.approve', inCharge, bj('2026-09-03 10:00')));
    await engine.send('broken', ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东', startAt: bj('2026-09-29 09:00') }));
    const file = await put(blobs, '方案.pdf');
    const error = await rejection(engine.send('broken', ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan({ documents: [file] }) })));
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', context: { store: 'blobs', operation: 'has' } });
    expect((await engine.get('broken')).state).toBe('enforcing.planning');
  });
});
