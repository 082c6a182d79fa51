import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { canonicalJson, sha256Of } from '../src/engine/_lib/canonicalJson.js';
import { sha256Hex, sha256Js } from '../src/engine/_lib/sha256.js';
import { auditEntryHash, auditEntrySchema, createCaseEngine, GENESIS_HASH, memoryStore, verifyAuditChain, type AuditEntry, type MemoryStoreData } from 'linked-enforcement';
import { applicationInput, bj, center, ev, inCharge, justice, market } from './_lib/cases.js';

type Log = { envelope: Record<string, unknown>; entries: Record<string, unknown>[] };
let data: MemoryStoreData;
let original: Log;

beforeAll(async () => {
  const store = memoryStore();
  const engine = createCaseEngine({ store, clock: { now: () => new Date(bj('2026-09-01 09:30')) } });
  await engine.open(applicationInput());
  await engine.send('case-1', ev('review.pass', center, bj('2026-09-01 10:00')));
  await engine.send('case-1', ev('legal.approve', justice, bj('2026-09-02 10:00')));
  await engine.send('case-1', ev('leader.approve', inCharge, bj('2026-09-03 10:00')));
  await engine.send('case-1', ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东', startAt: bj('2026-09-29 09:00') }));
  await engine.send('case-1', ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: { summary: '方案' } }));
  data = store.toJSON();
  original = { envelope: data.cases['case-1']!.envelope as Record<string, unknown>, entries: data.cases['case-1']!.audit };
});

const copy = (): Log => structuredClone(original);
const verify = (log: Log) => verifyAuditChain({ caseId: 'case-1', envelope: log.envelope, entries: log.entries });

describe('the audit hash chain (审计日志)', () => {
  it('verifies an untouched log; each entry holds the SHA-256 of the one before; the envelope pins the head', () => {
    const result = verify(copy());
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.entries.map((entry) => entry.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.entries[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < result.entries.length; i++) expect(result.entries[i]!.prevHash).toBe(auditEntryHash(result.entries[i - 1]));
    expect(result.head).toBe(original.envelope.auditHead);
    expect(result.head).toBe(auditEntryHash(result.entries.at(-1)));
  });

  it('engine.verifyAudit agrees, on the same store data', async () => {
    const engine = createCaseEngine({ store: memoryStore({ data }) });
    expect(await engine.verifyAudit('case-1')).toMatchObject({ ok: true, head: original.envelope.auditHead });
  });

  it.each([
    ['the opening', 0, 2],
    ['a middle entry', 2, 4],
    ['the newest entry', 5, 6],
  ])('detects an edit of %s', (_what, index, brokenAt) => {
    const log = copy();
    (log.entries[index] as { by: unknown }).by = { unit: 'forged-unit' };
    expect(verify(log)).toMatchObject({ ok: false, brokenAt });
  });

  it('detects an edit of a single character deep inside an entry (the notification text)', () => {
    const log = copy();
    const notifications = log.entries[1]!.notifications as { message: string }[];
    notifications[0]!.message = notifications[0]!.message.replace('初审', '终审');
    expect(verify(log)).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringContaining('edited, removed or moved') });
  });

  it.each([
    ['the opening', 0, 1],
    ['a middle entry', 3, 4],
    ['the newest entry', 5, 6],
  ])('detects the removal of %s', (_what, index, brokenAt) => {
    const log = copy();
    log.entries.splice(index, 1);
    expect(verify(log)).toMatchObject({ ok: false, brokenAt });
  });

  it('detects a removal even when the later entries are renumbered to close the gap', () => {
    const log = copy();
    log.entries.splice(2, 1);
    log.entries.slice(2).forEach((entry) => (entry.version = (entry.version as number) - 1));
    log.envelope.version = 5;
    expect(verify(log)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('detects reordered entries, with or without their version numbers swapped back', () => {
    const swapped = copy();
    [swapped.entries[2], swapped.entries[3]] = [swapped.entries[3]!, swapped.entries[2]!];
    expect(verify(swapped)).toMatchObject({ ok: false, brokenAt: 3 });
    const renumbered = copy();
    [renumbered.entries[2], renumbered.entries[3]] = [renumbered.entries[3]!, renumbered.entries[2]!];
    renumbered.entries[2]!.version = 3;
    renumbered.entries[3]!.version = 4;
    expect(verify(renumbered)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('detects an inserted entry and an entry from another case', () => {
    const inserted = copy();
    inserted.entries.push({ ...inserted.entries[5]!, version: 7, prevHash: auditEntryHash(inserted.entries[5]) });
    expect(verify(inserted)).toMatchObject({ ok: false, brokenAt: 7, reason: 'the log has 7 entries but the case is at version 6' });
    const foreign = copy();
    foreign.entries[1]!.caseId = 'case-2';
    expect(verify(foreign)).toMatchObject({ ok: false, brokenAt: 2, reason: 'entry 2 belongs to case case-2' });
  });

  it('detects a stored snapshot whose history (流转记录) no longer tells the log’s story, and a malformed entry', () => {
    const changed = copy();
    const history = (changed.envelope.snapshot as { context: { history: { by: unknown }[] } }).context.history;
    history[3]!.by = { leader: { name: '王县长', post: 'principal' } };
    expect(verify(changed)).toMatchObject({ ok: false, brokenAt: 4, reason: expect.stringContaining('changed outside the engine') });
    const shortened = copy();
    (shortened.envelope.snapshot as { context: { history: unknown[] } }).context.history.pop();
    expect(verify(shortened)).toMatchObject({ ok: false, brokenAt: 6 });
    const malformed = copy();
    delete malformed.entries[4]!.prevHash;
    expect(verify(malformed)).toMatchObject({ ok: false, brokenAt: 5, reason: expect.stringContaining('malformed') });
    expect(verify({ ...copy(), entries: [] })).toEqual({ ok: false, brokenAt: 1, reason: 'the log is empty' });
  });

  it('cannot catch an attacker who rewrites the whole chain and the envelope — which is why `head` should be anchored outside the database', () => {
    const forged = copy();
    (forged.entries[1] as { recordedAt: string }).recordedAt = bj('2026-09-01 10:05');
    for (let i = 2; i < forged.entries.length; i++) forged.entries[i]!.prevHash = auditEntryHash(forged.entries[i - 1]);
    forged.envelope.auditHead = auditEntryHash(forged.entries.at(-1));
    const result = verify(forged);
    expect(result.ok).toBe(true);
    expect(result.ok && result.head).not.toBe(original.envelope.auditHead);
  });

  it('checks its arguments', () => {
    expect(() => verifyAuditChain({ caseId: 'case-1', envelope: {}, entries: 'x' as never })).toThrow(/Invalid log/);
    expect(() => verifyAuditChain({ caseId: '', envelope: {}, entries: [] })).toThrow(/Invalid log/);
  });

  // Every field of an entry, changed to another well-formed value: in a middle entry the change
  // shows where the chain first stops fitting; in the newest one, at the envelope's audit head.
  const tamperings: [field: string, change: (entry: Record<string, unknown>) => void][] = [
    ['caseId', (entry) => (entry.caseId = 'case-2')],
    ['version', (entry) => (entry.version = (entry.version as number) + 1)],
    ['type', (entry) => (entry.type = 'legal.return')],
    ['by', (entry) => (entry.by = { unit: 'forged-unit' })],
    ['at', (entry) => (entry.at = bj('2026-09-02 11:00'))],
    ['event (its payload)', (entry) => ((entry.event as Record<string, unknown>).opinion = '伪造的意见')],
    ['from', (entry) => (entry.from = 'returned')],
    ['to', (entry) => (entry.to = 'rejected')],
    ['notifications', (entry) => (entry.notifications = [...(entry.notifications as unknown[]), { type: 'notification', kind: 'urged', caseId: 'case-1', at: entry.at, recipients: [{ unit: 'justice' }], message: '伪造的通知' }])],
    ['machineVersion', (entry) => (entry.machineVersion = (entry.machineVersion as number) + 1)],
    ['prevHash', (entry) => (entry.prevHash = 'f'.repeat(64))],
    ['recordedAt', (entry) => (entry.recordedAt = bj('2026-09-02 10:30'))],
    ['idempotencyKey (added)', (entry) => (entry.idempotencyKey = 'forged-retry')],
  ];

  it('has a tampering case for every field of an audit entry', () => {
    const fields = tamperings.map(([field]) => field.split(' ')[0]).sort();
    expect(fields).toEqual(Object.keys(auditEntrySchema.shape).sort());
  });

  it.each(tamperings)('detects a change of %s in a middle entry', (field, change) => {
    const log = copy();
    change(log.entries[2]!);
    const result = verify(log);
    const reasons: Record<string, [number, string]> = {
      caseId: [3, 'entry 3 belongs to case case-2'],
      version: [3, 'entry 3 says it is version 4: an entry was removed, inserted or moved'],
      prevHash: [3, 'entry 3 does not hold the hash of the entry before it: that entry was edited, removed or moved'],
    };
    const [brokenAt, reason] = reasons[field] ?? [4, 'entry 4 does not hold the hash of the entry before it: that entry was edited, removed or moved'];
    expect(result).toEqual({ ok: false, brokenAt, reason });
  });

  it.each(tamperings.filter(([field]) => !['caseId', 'version', 'prevHash'].includes(field)))('detects a change of %s in the newest entry', (_field, change) => {
    const log = copy();
    change(log.entries[5]!);
    expect(verify(log)).toEqual({ ok: false, brokenAt: 6, reason: "entry 6 does not match the case's audit head: it was edited or replaced" });
  });

  it('detects a field added to an entry as malformed', () => {
    const log = copy();
    log.entries[2]!.comment = '后加的备注';
    expect(verify(log)).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringMatching(/^entry 3 is malformed: /) });
  });

  it('records every entry with the schema fields and nothing else', () => {
    const entry = original.entries[4] as AuditEntry;
    expect(Object.keys(entry).sort()).toEqual(['at', 'by', 'caseId', 'event', 'from', 'machineVersion', 'notifications', 'prevHash', 'recordedAt', 'to', 'type', 'version']);
    expect(entry.prevHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('canonical JSON', () => {
  const json = fc.jsonValue({ maxDepth: 4 });

  it('does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
        expect(sha256Of(reversed)).toBe(sha256Of(record));
      }),
    );
  });

  it('round-trips through JSON.parse to the same value and the same string', () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it('sorts keys by UTF-16 code unit, drops undefined like JSON, and refuses what JSON cannot hold', () => {
    expect(canonicalJson({ b: 1, a: [undefined, 'x'], 中: true, Z: null, c: undefined })).toBe('{"Z":null,"a":[null,"x"],"b":1,"中":true}');
    expect(canonicalJson({ at: new Date('2026-01-01T00:00:00Z') })).toBe('{"at":"2026-01-01T00:00:00.000Z"}');
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow(/cycle/);
    const shared = { x: 1 };
    expect(canonicalJson([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });
});

describe('SHA-256', () => {
  const nodeSha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

  it('is node:crypto’s here, and the JavaScript fallback (for browsers) agrees with it', () => {
    expect(sha256Js('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Js('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const length of [55, 56, 63, 64, 65, 119, 120, 1000]) expect(sha256Js('a'.repeat(length))).toBe(nodeSha('a'.repeat(length)));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(sha256Js(text)).toBe(nodeSha(text));
        expect(sha256Hex(text)).toBe(nodeSha(text));
      }),
    );
    expect(sha256Js('联动执法「城东」😀')).toBe(nodeSha('联动执法「城东」😀'));
  });
});

describe('the audit chain against a damaged envelope or snapshot', () => {
  it('says what is wrong with a malformed entry, field by field', () => {
    const log = copy();
    delete log.entries[2]!.prevHash;
    log.entries[2]!.version = 0;
    const result = verify(log);
    expect(result).toMatchObject({ ok: false, brokenAt: 3 });
    expect(!result.ok && result.reason).toMatch(/^entry 3 is malformed: (version|prevHash): .+; (version|prevHash): .+$/);
  });

  it('stops at a malformed envelope, a snapshot without history, and a history longer than the log', () => {
    expect(verify({ ...copy(), envelope: { version: 6 } })).toEqual({ ok: false, brokenAt: 6, reason: 'the stored envelope is malformed, so the head of the log cannot be checked' });
    const noHistory = copy();
    (noHistory.envelope.snapshot as { context: Record<string, unknown> }).context = { history: 'none' };
    expect(verify(noHistory)).toMatchObject({ ok: false, brokenAt: 1 });
    const longer = copy();
    const history = (longer.envelope.snapshot as { context: { history: unknown[] } }).context.history;
    history.push(history.at(-1));
    expect(verify(longer)).toMatchObject({ ok: false, brokenAt: 7, reason: expect.stringContaining('differs from the log at version 7') });
  });
});
