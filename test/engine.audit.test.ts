import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { canonicalJson, sha256Of } from '../src/engine/_lib/canonicalJson.js';
import { sha256Hex, sha256Js } from '../src/engine/_lib/sha256.js';
import { auditEntryHash, auditEntrySchema, createCaseEngine, GENESIS_HASH, memoryStore, verifyAuditChain, type AuditEntry, type MemoryStoreData } from 'linked-enforcement';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { applicationInput, bj, center, ev, inCharge } from './_lib/cases.js';
import { createCaseMachine } from '../machines/createCaseMachine.js';
import { following, storedItem1Case, testClock, toReporting } from './_lib/engine.js';

type Log = { envelope: Record<string, unknown>; entries: Record<string, unknown>[] };
let data: MemoryStoreData;
let original: Log;

beforeAll(async () => {
  const { store } = await storedItem1Case(5, bj('2026-09-01 09:30'));
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

  it('detects a stored snapshot that is not the one the newest entry recorded (its digest), and a malformed entry', () => {
    const changed = copy();
    // Another unit given the lead's rights, in the stored snapshot only.
    (changed.envelope.snapshot as { context: { assignment: { lead: { unit: string } } } }).context.assignment.lead.unit = 'public-security';
    expect(verify(changed)).toMatchObject({ ok: false, brokenAt: 6, problems: [expect.objectContaining({ kind: 'snapshot', table: 'cases' })] });
    const malformed = copy();
    delete malformed.entries[4]!.prevHash;
    expect(verify(malformed)).toMatchObject({ ok: false, brokenAt: 5, reason: expect.stringContaining('malformed') });
    expect(verify({ ...copy(), entries: [] })).toMatchObject({ ok: false, brokenAt: 1, reason: 'the log is empty' });
  });

  it('for a case stored by 0.1 (format 1), checks the stored history (流转记录) against the log', () => {
    const v1 = JSON.parse(readFileSync(fileURLToPath(new URL('./fixtures/persisted/v1/cases.json', import.meta.url)), 'utf8')) as MemoryStoreData;
    const stored = (): Log => structuredClone({ envelope: v1.cases['fx-reporting']!.envelope, entries: v1.cases['fx-reporting']!.audit }) as Log;
    const check = (log: Log) => verifyAuditChain({ caseId: 'fx-reporting', envelope: log.envelope, entries: log.entries });
    expect(check(stored())).toMatchObject({ ok: true });
    const changed = stored();
    const history = (changed.envelope.snapshot as { context: { history: { by: unknown }[] } }).context.history;
    history[3]!.by = { leader: { name: '王县长', post: 'principal' } };
    expect(check(changed)).toMatchObject({ ok: false, brokenAt: 4, reason: expect.stringContaining('changed outside the engine') });
    const shortened = stored();
    (shortened.envelope.snapshot as { context: { history: unknown[] } }).context.history.pop();
    expect(check(shortened)).toMatchObject({ ok: false, brokenAt: 8 });
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
    ['snapshotDigest', (entry) => (entry.snapshotDigest = 'e'.repeat(64))],
    ['idempotencyKey (added)', (entry) => (entry.idempotencyKey = 'forged-retry')],
    ['requestHash (added)', (entry) => (entry.requestHash = 'd'.repeat(64))],
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
    expect(result).toMatchObject({ ok: false, brokenAt, reason });
  });

  it.each(tamperings.filter(([field]) => !['caseId', 'version', 'prevHash'].includes(field)))('detects a change of %s in the newest entry', (_field, change) => {
    const log = copy();
    change(log.entries[5]!);
    expect(verify(log)).toMatchObject({ ok: false, brokenAt: 6, reason: "entry 6 does not match the case's audit head: it was edited or replaced" });
  });

  it('detects a field added to an entry as malformed', () => {
    const log = copy();
    log.entries[2]!.comment = '后加的备注';
    expect(verify(log)).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringMatching(/^entry 3 is malformed: /) });
  });

  it('records every entry with the schema fields and nothing else', () => {
    const entry = original.entries[4] as AuditEntry;
    expect(Object.keys(entry).sort()).toEqual(['at', 'by', 'caseId', 'event', 'from', 'machineVersion', 'notifications', 'prevHash', 'recordedAt', 'snapshotDigest', 'to', 'type', 'version']);
    expect(entry.prevHash).toMatch(/^[0-9a-f]{64}$/);
    expect(entry.snapshotDigest).toMatch(/^[0-9a-f]{64}$/);
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
  // Any code points, lone surrogates included, drawn from each UTF-8 length (1–4 bytes) and from
  // the surrogates, up to 300 of them (several 64-byte blocks). It covers what
  // `fc.string({ unit: 'binary' })` does, which costs seconds to build (it tabulates all of
  // Unicode) and made this test time out on a busy machine.
  const codePoint = fc.oneof(
    fc.integer({ min: 0, max: 0x7f }),
    fc.integer({ min: 0x80, max: 0x7ff }),
    fc.integer({ min: 0x800, max: 0xffff }),
    fc.integer({ min: 0xd800, max: 0xdfff }),
    fc.integer({ min: 0x1_0000, max: 0x10_ffff }),
  );
  const anyText = fc.array(codePoint, { maxLength: 300 }).map((codePoints) => String.fromCodePoint(...codePoints));

  it('is node:crypto’s here, and the JavaScript fallback (for browsers) agrees with it', () => {
    expect(sha256Js('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Js('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const length of [55, 56, 63, 64, 65, 119, 120, 1000]) expect(sha256Js('a'.repeat(length))).toBe(nodeSha('a'.repeat(length)));
    fc.assert(
      fc.property(anyText, (text) => {
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

  it('stops at a malformed envelope; a stored snapshot whose history was emptied or lengthened is not the one the newest entry recorded', () => {
    expect(verify({ ...copy(), envelope: { version: 6 } })).toMatchObject({ ok: false, brokenAt: 6, reason: 'the stored envelope is malformed, so the head of the log cannot be checked' });
    const noHistory = copy();
    (noHistory.envelope.snapshot as { context: Record<string, unknown> }).context = { history: 'none' };
    const changedOutside = { ok: false, brokenAt: 6, problems: [expect.objectContaining({ kind: 'snapshot', message: expect.stringContaining('its SHA-256 differs') })] };
    expect(verify(noHistory)).toMatchObject(changedOutside);
    const longer = copy();
    const history = (longer.envelope.snapshot as { context: { history: unknown[] } }).context.history;
    history.push(history.at(-1));
    expect(verify(longer)).toMatchObject(changedOutside);
  });

  it('catches an envelope marked with an older machine version than its entries, which would have made verifyAudit skip the replay', async () => {
    const log = copy();
    const written = log.envelope.machineVersion as number;
    expect(log.entries.every((entry) => entry.machineVersion === written)).toBe(true);
    log.envelope.machineVersion = written - 1;
    expect(verify(log)).toMatchObject({
      ok: false,
      brokenAt: 6,
      problems: [{ kind: 'envelope', version: 6, message: `the case is stored by machine version ${written - 1}, older than the log's entries (version ${written}): the envelope was edited` }],
    });
    const forged = structuredClone(data);
    (forged.cases['case-1']!.envelope as unknown as { machineVersion: number }).machineVersion = written - 1;
    expect(await createCaseEngine({ store: memoryStore({ data: forged }) }).verifyAudit('case-1')).toMatchObject({ ok: false, brokenAt: 6 });
    // A newer envelope than its entries is how a case reads after an upgrade: not a problem by itself.
    const upgraded = copy();
    upgraded.envelope.machineVersion = written + 1;
    expect(verify(upgraded)).toMatchObject({ ok: true });
  });

  it('in a case stored by 0.1 (format 1, no snapshot digest), stops at a snapshot without history and at a history longer than the log', () => {
    const v1 = JSON.parse(readFileSync(fileURLToPath(new URL('./fixtures/persisted/v1/cases.json', import.meta.url)), 'utf8')) as MemoryStoreData;
    const stored = (): Log => structuredClone({ envelope: v1.cases['fx-reporting']!.envelope, entries: v1.cases['fx-reporting']!.audit }) as Log;
    const check = (log: Log) => verifyAuditChain({ caseId: 'fx-reporting', envelope: log.envelope, entries: log.entries });
    const noHistory = stored();
    (noHistory.envelope.snapshot as { context: Record<string, unknown> }).context.history = 'none';
    expect(check(noHistory)).toMatchObject({ ok: false, brokenAt: 1, reason: expect.stringContaining('differs from the log at version 1') });
    const longer = stored();
    const history = (longer.envelope.snapshot as { context: { history: unknown[] } }).context.history;
    const logLength = longer.entries.length;
    history.push(history.at(-1));
    expect(check(longer)).toMatchObject({ ok: false, brokenAt: logLength + 1, reason: expect.stringContaining(`differs from the log at version ${logLength + 1}`) });
  });
});

describe('replaying a log whose deadlines came from estimated holiday data', () => {
  const deadlineOn = (dueDate: string, provisional: boolean) => ({ deadline: () => ({ dueDate, dueAt: `${dueDate}T23:59:59.999+08:00`, provisional }) });

  it('is a `calendar` warning, not a problem, when today’s calendar answers differently; an edited deadline is still a problem', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 09:30'));
    // Written while 2026's holidays were estimated; read after the official notice moved the day.
    const estimated = following(createCaseEngine({ store, clock, machine: createCaseMachine({ calendar: deadlineOn('2026-10-13', true) }) }), clock);
    await toReporting(estimated, 'case-1');
    expect(await estimated.verifyAudit('case-1')).toMatchObject({ ok: true, replayed: true, warnings: [] });
    const official = createCaseEngine({ store, clock, machine: createCaseMachine({ calendar: deadlineOn('2026-10-14', false) }) });
    const verdict = await official.verifyAudit('case-1');
    expect(verdict).toMatchObject({ ok: true, replayed: true, problems: [] });
    expect(verdict.warnings).toEqual([expect.objectContaining({ kind: 'calendar', message: expect.stringContaining('recorded as 2026-10-13 (estimated (provisional) holiday data); the calendar now says 2026-10-14') })]);
    expect((await official.get('case-1')).deadlines.find((deadline) => deadline.kind === 'resultsUpload')).toMatchObject({ dueDate: '2026-10-13', provisional: true });

    const data = store.toJSON();
    const snapshot = data.cases['case-1']!.envelope.snapshot as { context: { deadlines: { kind: string; dueDate: string }[] } };
    snapshot.context.deadlines.find((deadline) => deadline.kind === 'resultsUpload')!.dueDate = '2027-10-13';
    const edited = await createCaseEngine({ store: memoryStore({ data }), clock, machine: createCaseMachine({ calendar: deadlineOn('2026-10-14', false) }) }).verifyAudit('case-1');
    expect(edited).toMatchObject({ ok: false, problems: expect.arrayContaining([expect.objectContaining({ kind: 'snapshot' })]) });
  });
});

describe('replaying openings with the rules of machine version 2', () => {
  it('catches an opening by someone who may not open it, even in a log whose chain and head were rewritten to match', async () => {
    const forged = structuredClone(data);
    const record = forged.cases['case-1']!;
    // 公安局 "applies" for 市场监管局's item: the opening the machine refuses (only the applicant itself applies).
    const police = { unit: 'public-security' };
    Object.assign(record.audit[0]!, { by: police, event: { ...(record.audit[0]!.event as object), by: police } });
    for (let i = 1; i < record.audit.length; i++) record.audit[i]!.prevHash = auditEntryHash(record.audit[i - 1]);
    (record.envelope as unknown as { auditHead: string }).auditHead = auditEntryHash(record.audit.at(-1));
    const verdict = await createCaseEngine({ store: memoryStore({ data: forged }) }).verifyAudit('case-1');
    expect(verdict).toMatchObject({ ok: false, replayed: true });
    expect(verdict.problems).toEqual([
      expect.objectContaining({ kind: 'replay', version: 1, message: expect.stringMatching(/failed on entry 1 \(case\.open\).*by\.unit must be "market-regulation"/u) }),
    ]);
  });
});

describe('replaying a log that holds what the engine never writes', () => {
  it('stops at an entry whose event is beyond the input limits (a plan division of a million entries), naming it, before the machine reads it', async () => {
    const forged = structuredClone(data);
    const record = forged.cases['case-1']!;
    const planEntry = record.audit[5]!;
    expect(planEntry.type).toBe('plan.submit');
    const event = planEntry.event as { plan: { division: unknown[] } };
    event.plan.division = new Array(1_000_000).fill({ unit: 'market-regulation', duty: '牵头' });
    for (let i = 6; i < record.audit.length; i++) record.audit[i]!.prevHash = auditEntryHash(record.audit[i - 1]);
    (record.envelope as unknown as { auditHead: string }).auditHead = auditEntryHash(record.audit.at(-1));
    const verdict = await createCaseEngine({ store: memoryStore({ data: forged }) }).verifyAudit('case-1');
    expect(verdict).toMatchObject({ ok: false, replayed: true });
    expect(verdict.problems).toContainEqual(
      expect.objectContaining({ kind: 'replay', version: 6, message: expect.stringMatching(/^entry 6 \(plan\.submit\) holds what the engine never writes: event(\.plan\.division)?: /u) }),
    );
  }, 60_000);
});

describe('replaying a machine with a leader roster (createCaseMachine({ leaders }))', () => {
  const roster = [
    { name: '张县长', post: 'principal', oversees: [] },
    { name: '李副县长', post: 'inCharge', oversees: ['fire-rescue', 'emergency-management'] },
    { name: '王副县长', post: 'inCharge', oversees: ['market-regulation'] },
  ] as const;

  it('replays with every rule of the engine’s machine, its roster too, also when the recorded deadlines stand in for the calendar', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-11-02 09:00'));
    const machine = createCaseMachine({ leaders: roster });
    const engine = following(createCaseEngine({ store, clock, machine }), clock);
    // With a roster, the consent request goes to the in-charge leader overseeing item 39's lead unit, not to every in-charge leader.
    const opened = await engine.open({ caseId: 'ci-1', title: '冬季火灾防控', itemNo: 39, origin: 'centerInitiated', reason: '冬季火灾防控', at: bj('2026-11-02 09:00'), by: center });
    expect(opened.notifications[0]!.recipients).toEqual([inCharge]);
    await engine.send('ci-1', ev('leader.approve', inCharge, bj('2026-11-02 10:00')));
    const dispatched = await engine.send('ci-1', ev('task.dispatch', center, bj('2026-11-03 10:00'), { place: '城东', startAt: bj('2026-11-10 09:00') }));
    expect(dispatched.deadlines.length).toBeGreaterThan(0);
    expect(await engine.verifyAudit('ci-1')).toMatchObject({ ok: true, replayed: true, problems: [], warnings: [] });
  });
});

describe('verifyAudit on whatever a store hands back', () => {
  it('never throws, whatever the shape: every oddity is a problem', async () => {
    const store = memoryStore();
    const clock = testClock(bj('2026-09-01 10:30'));
    await createCaseEngine({ store, clock }).open(applicationInput());
    for (const odd of [
      { envelope: 'a string', entries: 'not a list', summary: 7, idempotency: { key: 1 } },
      { envelope: null, entries: [null, 1, 'x'], summary: null, idempotency: [null, 'x', { key: 'k', requestHash: 'h', version: 99 }] },
      { envelope: { format: 2 }, entries: [{ caseId: 'case-1', version: 1 }] },
    ]) {
      const weird = { ...store, audit: async () => odd } as never;
      const verdict = await createCaseEngine({ store: weird, clock }).verifyAudit('case-1');
      expect(verdict.ok, JSON.stringify(odd)).toBe(false);
      expect(verdict.problems.length).toBeGreaterThan(0);
    }
  });
});

describe('replay stops, naming the entry (entry N …)', () => {
  /** The store data with the case's log edited by `edit`, its chain and head rewritten to match (an attacker with the database). */
  const forgedWith = (edit: (audit: MemoryStoreData['cases'][string]['audit']) => void) => {
    const forged = structuredClone(data);
    const record = forged.cases['case-1']!;
    edit(record.audit);
    record.audit[0]!.prevHash = GENESIS_HASH;
    for (let i = 1; i < record.audit.length; i++) record.audit[i]!.prevHash = auditEntryHash(record.audit[i - 1]);
    (record.envelope as unknown as { auditHead: string }).auditHead = auditEntryHash(record.audit.at(-1));
    return forged;
  };
  const replayProblemsOf = async (forged: MemoryStoreData) => {
    const verdict = await createCaseEngine({ store: memoryStore({ data: forged }) }).verifyAudit('case-1');
    expect(verdict).toMatchObject({ ok: false, replayed: true });
    return verdict.problems.filter((problem) => problem.kind === 'replay');
  };

  it('at a log that does not start with the opening (case.open)', async () => {
    const forged = forgedWith((audit) => {
      audit.shift();
      audit.forEach((entry, index) => (entry.version = index + 1));
    });
    expect(await replayProblemsOf(forged)).toEqual([{ kind: 'replay', table: 'case_log', version: 1, message: 'entry 1 is not the opening (case.open) the replay starts from' }]);
  });

  it('at a second opening (case.open)', async () => {
    const forged = forgedWith((audit) => {
      audit[1] = { ...structuredClone(audit[0]!), version: 2 };
    });
    expect(await replayProblemsOf(forged)).toEqual([{ kind: 'replay', table: 'case_log', version: 2, message: 'entry 2 is a second opening (case.open)' }]);
  });

  it('at an entry the machine refuses, with the selectors’ reason', async () => {
    const forged = forgedWith((audit) => {
      const police = { unit: 'public-security' };
      Object.assign(audit[2]!, { by: police, event: { ...(audit[2]!.event as object), by: police } });
    });
    const problems = await replayProblemsOf(forged);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'replay', version: 3 });
    expect(problems[0]!.message).toMatch(/^the machine refuses entry 3 \(legal\.approve\) when replaying the log: .*法制审核部门/u);
  });

  it('at an entry beyond the input limits, naming the field’s whole path', async () => {
    const forged = forgedWith((audit) => {
      const unit = { unit: 'u'.repeat(201) };
      Object.assign(audit[2]!, { by: unit, event: { ...(audit[2]!.event as object), by: unit } });
    });
    expect(await replayProblemsOf(forged)).toEqual([
      { kind: 'replay', table: 'case_log', version: 3, message: 'entry 3 (legal.approve) holds what the engine never writes: event.by.unit: must be at most 200 characters (it has 201)' },
    ]);
  });
});
