/**
 * The audit chain (审计日志) as `verifyAuditChain`'s TSDoc and the README state it, to the letter:
 * each problem's kind, version, table and message, the entries and head a verdict hands back, and
 * the checks of a case stored by 0.1 field by field. Written against the mutants that survived
 * the older suites.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { auditEntryHash, verifyAuditChain, type MemoryStoreData } from 'linked-enforcement';
import { bj } from './_lib/cases.js';
import { storedItem1Case } from './_lib/engine.js';
import { thrown } from './_lib/errors.js';
import { canonicalJson, frozenCanonicalJson } from '../src/engine/_lib/canonicalJson.js';

type Log = { envelope: Record<string, unknown>; entries: Record<string, unknown>[] };
let original: Log;

beforeAll(async () => {
  const { store } = await storedItem1Case(3, bj('2026-09-01 09:30'));
  const data = store.toJSON();
  original = { envelope: data.cases['case-1']!.envelope as Record<string, unknown>, entries: data.cases['case-1']!.audit };
});

const copy = (): Log => structuredClone(original);
const verify = (log: Log, caseId = 'case-1') => verifyAuditChain({ caseId, envelope: log.envelope, entries: log.entries });
const note = 'verifyAuditChain checks the chain and the stored snapshot; engine.verifyAudit also replays the log';
const chainBreak = (version: number) => ({ kind: 'chain', version, table: 'case_log', message: `entry ${version} does not hold the hash of the entry before it: that entry was edited, removed or moved` });

describe('verifyAuditChain, to the letter', () => {
  it('hands back the whole verdict of an untouched log', () => {
    const log = copy();
    expect(verify(log)).toEqual({ caseId: 'case-1', ok: true, problems: [], warnings: [], replayed: false, replayNote: note, entries: original.entries, head: original.envelope.auditHead });
  });

  it('names an entry of another case and the broken link after it, and hands back the entries before it', () => {
    const log = copy();
    log.entries[1]!.caseId = 'case-2';
    const verdict = verify(log);
    expect(verdict.problems).toEqual([{ kind: 'entry', version: 2, table: 'case_log', message: 'entry 2 belongs to case case-2' }, chainBreak(3)]);
    expect(verdict).toMatchObject({ ok: false, brokenAt: 2, reason: 'entry 2 belongs to case case-2', entries: [original.entries[0]], head: original.envelope.auditHead, warnings: [], replayed: false, replayNote: note });
  });

  it('names a misnumbered entry as a sequence problem, and hands back only the entries before it', () => {
    const log = copy();
    log.entries[1]!.version = 3;
    expect(verify(log).entries).toEqual([original.entries[0]]);
    expect(verify(log).problems).toEqual([
      { kind: 'sequence', version: 2, table: 'case_log', message: 'entry 2 says it is version 3: an entry was removed, inserted or moved' },
      chainBreak(3),
    ]);
  });

  it('says why an entry is malformed: at most five of its faults, and "entry" for one that is no object', () => {
    const log = copy();
    log.entries[1] = {} as never;
    const verdict = verify(log);
    expect(verdict.problems[0]).toMatchObject({ kind: 'entry', version: 2, table: 'case_log' });
    expect(verdict.problems[0]!.message).toMatch(/^entry 2 is malformed: caseId: .+/);
    expect(verdict.problems[0]!.message.split('; ')).toHaveLength(5);
    expect(verdict.entries).toEqual([original.entries[0]]);
    const nested = copy();
    nested.entries[1]!.notifications = ['not a notification'];
    expect(verify(nested).problems[0]!.message).toBe('entry 2 is malformed: notifications.0: must be a notification');
    const text = copy();
    text.entries[1] = 'entry two' as never;
    expect(verify(text).problems[0]!.message).toMatch(/^entry 2 is malformed: entry: .+/);
  });

  it('takes the head from the newest row even when it is malformed, and null for an empty log', () => {
    const log = copy();
    log.entries[3] = { note: 'not an entry' } as never;
    const verdict = verify(log);
    expect(verdict.head).toBe(auditEntryHash({ note: 'not an entry' }));
    expect(verdict.problems.at(-1)).toEqual({ kind: 'envelope', version: 4, table: 'cases', message: "entry 4 does not match the case's audit head: it was edited or replaced" });
    expect(verify({ ...copy(), entries: [] })).toMatchObject({ ok: false, head: null, entries: [], brokenAt: 1 });
    // The empty log is the problem; the envelope is not compared with a log that has no entries.
    expect(verify({ ...copy(), entries: [] }).problems).toEqual([{ kind: 'sequence', version: 1, table: 'case_log', message: 'the log is empty' }]);
  });

  it('reports an empty log under a malformed envelope as two problems, the envelope at no version', () => {
    expect(verify({ envelope: { version: 'x' }, entries: [] }).problems).toEqual([
      { kind: 'sequence', version: 1, table: 'case_log', message: 'the log is empty' },
      { kind: 'envelope', version: null, table: 'cases', message: 'the stored envelope is malformed, so the head of the log cannot be checked' },
    ]);
    expect(verify({ envelope: { version: 'x' }, entries: copy().entries }).problems).toEqual([
      { kind: 'envelope', version: 4, table: 'cases', message: 'the stored envelope is malformed, so the head of the log cannot be checked' },
    ]);
  });

  it('names an envelope behind its log at the first version it lacks, and checks nothing past it', () => {
    const log = copy();
    log.envelope.version = 2;
    expect(verify(log).problems).toEqual([{ kind: 'envelope', version: 3, table: 'cases', message: 'the log has 4 entries but the case is at version 2' }]);
    // Nor its snapshot against the newest entry's digest: the envelope is not that entry's.
    log.entries[3]!.snapshotDigest = 'c'.repeat(64);
    expect(verify(log).problems).toEqual([{ kind: 'envelope', version: 3, table: 'cases', message: 'the log has 4 entries but the case is at version 2' }]);
  });

  it('names a newest entry without a snapshot digest, and one whose digest is not the stored snapshot’s', () => {
    const undigested = copy();
    delete undigested.entries[3]!.snapshotDigest;
    undigested.envelope.auditHead = auditEntryHash(undigested.entries[3]);
    expect(verify(undigested).problems).toEqual([{ kind: 'snapshot', version: 4, table: 'cases', message: 'entry 4 holds no digest of the stored snapshot' }]);
    const other = copy();
    other.entries[3]!.snapshotDigest = 'a'.repeat(64);
    other.envelope.auditHead = auditEntryHash(other.entries[3]);
    expect(verify(other)).toMatchObject({ ok: false, brokenAt: 4, problems: [{ kind: 'snapshot', version: 4, table: 'cases', message: 'the stored snapshot is not the one entry 4 recorded (its SHA-256 differs): the case was changed outside the engine' }] });
  });

  it('auditEntryHash refuses what is not JSON data, saying why', () => {
    expect(thrown(() => auditEntryHash({ n: 1n }))).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Invalid entry: must be JSON data: canonical JSON cannot hold a bigint',
      context: { argument: 'entry' },
    });
  });

  it('refuses to vouch for a link it cannot hash: an entry nested deeper than 512 levels', () => {
    let nested: Record<string, unknown> = {};
    const deep = nested;
    for (let depth = 0; depth < 600; depth++) nested = nested.x = {};
    const middle = copy();
    (middle.entries[1]!.event as Record<string, unknown>).note = deep;
    const message = 'entry 2 cannot be hashed (it nests deeper than 512 levels or holds what JSON cannot), so the link to it cannot be checked';
    expect(verify(middle)).toMatchObject({ ok: false, brokenAt: 2, problems: [{ kind: 'entry', version: 2, table: 'case_log', message }], entries: [original.entries[0]] });
    const newest = copy();
    (newest.entries[3]!.event as Record<string, unknown>).note = deep;
    expect(verify(newest)).toMatchObject({ ok: false, brokenAt: 4, head: null });
  });
});

describe('verifyAuditChain on a case stored by 0.1 (format 1): its history (流转记录) against the log, field by field', () => {
  const v1 = JSON.parse(readFileSync(fileURLToPath(new URL('./fixtures/persisted/v1/cases.json', import.meta.url)), 'utf8')) as MemoryStoreData;
  const stored = (): Log => structuredClone({ envelope: v1.cases['fx-reporting']!.envelope, entries: v1.cases['fx-reporting']!.audit }) as Log;
  const historyOf = (log: Log) => (log.envelope.snapshot as { context: { history: Record<string, unknown>[] } }).context.history;
  const mismatchAt = (version: number) => [{ kind: 'snapshot', version, table: 'cases', message: `the stored snapshot's history (流转记录) differs from the log at version ${version}: the case was changed outside the engine` }];

  it.each([
    ['type', 'legal.return'],
    ['by', { unit: 'forged-unit' }],
    ['at', '2026-01-01T00:00:00+08:00'],
    ['from', 'returned'],
    ['to', 'rejected'],
  ])('catches a history entry whose %s differs from its log entry', (field, value) => {
    const log = stored();
    historyOf(log)[3]![field] = value;
    expect(verifyAuditChain({ caseId: 'fx-reporting', envelope: log.envelope, entries: log.entries }).problems).toEqual(mismatchAt(4));
  });

  it('catches a snapshot without a context or with a history that is no list, without throwing', () => {
    for (const snapshotOf of [(snapshot: Record<string, unknown>) => ({ ...snapshot, context: undefined }), (snapshot: Record<string, unknown>) => ({ ...snapshot, context: { ...(snapshot.context as object), history: null } })]) {
      const log = stored();
      log.envelope.snapshot = snapshotOf(log.envelope.snapshot as Record<string, unknown>);
      expect(verifyAuditChain({ caseId: 'fx-reporting', envelope: log.envelope, entries: log.entries }).problems).toEqual(mismatchAt(1));
    }
  });

  it('catches a history entry that is no object', () => {
    const log = stored();
    historyOf(log)[2] = null as never;
    expect(verifyAuditChain({ caseId: 'fx-reporting', envelope: log.envelope, entries: log.entries }).problems).toEqual(mismatchAt(3));
    const text = stored();
    historyOf(text)[2] = 'review.pass' as never;
    expect(verifyAuditChain({ caseId: 'fx-reporting', envelope: text.envelope, entries: text.entries }).problems).toEqual(mismatchAt(3));
    const number = stored();
    historyOf(number)[2] = 3 as never;
    expect(verifyAuditChain({ caseId: 'fx-reporting', envelope: number.envelope, entries: number.entries }).problems).toEqual(mismatchAt(3));
  });

  it('after a migration (the case stored by a newer machine release than its entries), checks only who acted and when', () => {
    const migrated = (change: (history: Record<string, unknown>[]) => void) => {
      const log = stored();
      log.envelope.machineVersion = 2;
      change(historyOf(log));
      return verifyAuditChain({ caseId: 'fx-reporting', envelope: log.envelope, entries: log.entries }).problems;
    };
    expect(migrated((history) => Object.assign(history[3]!, { type: 'renamed.event', from: 'renamedState', to: 'otherState' }))).toEqual([]);
    expect(migrated((history) => (history[3]!.by = { unit: 'forged-unit' }))).toEqual(mismatchAt(4));
    expect(migrated((history) => (history[3]!.at = '2026-01-01T00:00:00+08:00'))).toEqual(mismatchAt(4));
  });

  it('takes a history value canonical JSON cannot hold as differing', () => {
    const log = stored();
    historyOf(log)[3]!.by = 1n;
    expect(verifyAuditChain({ caseId: 'fx-reporting', envelope: log.envelope, entries: log.entries }).problems).toEqual(mismatchAt(4));
  });

  it('checks no history when the log is incomplete (the broken entry is the problem)', () => {
    const log = stored();
    log.entries[2]!.caseId = 'fx-other';
    historyOf(log)[5]!.by = { unit: 'forged-unit' };
    const problems = verifyAuditChain({ caseId: 'fx-reporting', envelope: log.envelope, entries: log.entries }).problems;
    expect(problems.map((problem) => problem.kind)).toEqual(['entry', 'chain']);
  });
});

/** `depth` arrays, one inside the other: the innermost at depth `depth - 1`. */
const nestedArrays = (depth: number): unknown => {
  let value: unknown = [];
  for (let level = 1; level < depth; level++) value = [value];
  return value;
};

const isDeepFrozen = (value: unknown): boolean =>
  typeof value !== 'object' || value === null || (Object.isFrozen(value) && Object.values(value).every(isDeepFrozen));

describe('canonical JSON, to the letter', () => {
  it('escapes every string as JSON.stringify does: quotes, backslashes, each control character, lone surrogates', () => {
    const awkward = ['"', '\\', ...Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)), '\u007f', '\ud800', '\udbff', '\udc00', '\udfff', '😀', 'plain'];
    for (const text of awkward) expect(canonicalJson({ [text]: text })).toBe(`{${JSON.stringify(text)}:${JSON.stringify(text)}}`);
  });

  it('leaves out functions and symbols in objects and writes them as null in arrays, as JSON does', () => {
    const value = { f: () => 1, s: Symbol('s'), u: undefined, kept: [() => 1, Symbol('s'), undefined, false] };
    expect(canonicalJson(value)).toBe('{"kept":[null,null,null,false]}');
    expect(canonicalJson(value)).toBe(JSON.stringify({ kept: value.kept }));
  });

  it('refuses, naming it, what JSON cannot hold', () => {
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow(new TypeError('canonical JSON cannot hold Infinity'));
    expect(() => canonicalJson(() => 1)).toThrow(new TypeError('canonical JSON cannot hold a function'));
    expect(() => canonicalJson(Symbol('s'))).toThrow(new TypeError('canonical JSON cannot hold a symbol'));
    expect(() => canonicalJson(undefined)).toThrow(new TypeError('canonical JSON cannot hold a undefined'));
    expect(() => canonicalJson({ n: 1n })).toThrow(new TypeError('canonical JSON cannot hold a bigint'));
  });

  it('holds nesting 512 levels deep and refuses one level more, also through toJSON', () => {
    expect(canonicalJson(nestedArrays(513))).toBe(`${'['.repeat(513)}${']'.repeat(513)}`);
    expect(() => canonicalJson(nestedArrays(514))).toThrow(new TypeError('canonical JSON cannot hold a cycle (or nesting this deep)'));
    const endless: { toJSON: () => unknown } = { toJSON: () => endless };
    expect(() => canonicalJson(endless)).toThrow(new TypeError('canonical JSON cannot hold a cycle (or nesting this deep)'));
  });

  it('writes what toJSON returns, and an empty object and array', () => {
    expect(canonicalJson({ b: { toJSON: () => ({ y: 1, x: [2] }) }, a: {}, c: [] })).toBe('{"a":{},"b":{"x":[2],"y":1},"c":[]}');
  });
});

describe('frozenCanonicalJson (what the engine writes and hashes), to the letter', () => {
  it('answers canonicalJson and deep-freezes the value, for any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const expected = canonicalJson(value);
        expect(frozenCanonicalJson(value)).toBe(expected);
        expect(isDeepFrozen(value)).toBe(true);
      }),
    );
  });

  it('drops undefined properties from the value itself and writes undefined array items as null', () => {
    const value: Record<string, unknown> = { b: undefined, a: [undefined, 1], c: { d: undefined, e: 'x' } };
    expect(frozenCanonicalJson(value)).toBe('{"a":[null,1],"c":{"e":"x"}}');
    expect(value).toStrictEqual({ a: [null, 1], c: { e: 'x' } });
    expect(Object.isFrozen(value) && Object.isFrozen(value.a) && Object.isFrozen(value.c)).toBe(true);
  });

  it('takes a frozen subtree as checked, and accepts objects without a prototype', () => {
    const frozen = Object.freeze({ z: 1, y: Object.freeze([true]) });
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { k: frozen });
    expect(frozenCanonicalJson(bare)).toBe('{"k":{"y":[true],"z":1}}');
    expect(Object.isFrozen(bare)).toBe(true);
  });

  it('refuses, naming it, what is not plain JSON', () => {
    const refusal = (text: string) => new TypeError(`a stored value must be JSON: ${text}`);
    expect(() => frozenCanonicalJson({ f: () => 1 })).toThrow(refusal('a function is not'));
    expect(() => frozenCanonicalJson([Symbol('s')])).toThrow(refusal('a symbol is not'));
    expect(() => frozenCanonicalJson(undefined)).toThrow(refusal('a undefined is not'));
    expect(() => frozenCanonicalJson({ n: 1n })).toThrow(refusal('a bigint is not'));
    expect(() => frozenCanonicalJson({ at: new Date(0) })).toThrow(refusal('a Date instance is not'));
    class Unnamed {}
    Object.defineProperty(Unnamed.prototype, 'constructor', { value: undefined });
    expect(() => frozenCanonicalJson(new Unnamed())).toThrow(refusal('a class instance is not'));
    expect(() => frozenCanonicalJson(Number.NaN)).toThrow(new TypeError('canonical JSON cannot hold NaN'));
  });

  it('holds nesting 512 levels deep and refuses one level more', () => {
    expect(frozenCanonicalJson(nestedArrays(513))).toBe(`${'['.repeat(513)}${']'.repeat(513)}`);
    expect(() => frozenCanonicalJson(nestedArrays(514))).toThrow(new TypeError('a stored value must be JSON: it nests too deep (a cycle?)'));
  });
});
