import { z } from 'zod';
import { describeThrown } from '../_lib/untrusted.js';
import { invalidInput, parseArgument } from '../_lib/validate.js';
import { isLinkedEnforcementError, LinkedEnforcementError } from '../errors.js';
import { freezeJson } from './_lib/freezeJson.js';
import { CaseIndexes } from './_lib/memory/CaseIndexes.js';
import { StatsIndex } from './_lib/memory/StatsIndex.js';
import { DutyIndexes } from './_lib/memory/DutyIndexes.js';
import { MemoryOutbox } from './_lib/MemoryOutbox.js';
import type { AuditEntry, CaseEnvelope } from './schemas.js';
import type { CaseStats, CaseStepVisit, CaseStore, CaseSummary, CaseWrite, IdempotencyRecord, OutboxRecord, WriteOutcome } from './types.js';

/**
 * One case as a memory store holds it: deep-frozen plain JSON, so nobody can change it through a
 * reference. The log and the idempotency records only grow: a write appends to them (handing
 * out frozen copies), so a write costs the same however long the case's history.
 */
interface MemoryRecord {
  readonly version: number;
  readonly envelope: CaseEnvelope;
  readonly summary: CaseSummary;
  readonly audit: AuditEntry[];
  readonly idempotency: Map<string, IdempotencyRecord>;
}

const FORMAT = 'linked-enforcement/memory-store@2';
const FORMAT_1 = 'linked-enforcement/memory-store@1';
/** Stored data nests a few levels; this much is not a store's JSON (and would overflow a recursive copy). */
const MAX_DATA_DEPTH = 64;

const object = z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'must be an object');
const caseDataSchema = z.object({
  envelope: z.record(z.string(), z.unknown()).and(z.object({ version: z.number().int().min(1) })),
  summary: z.custom<CaseSummary>((value) => typeof value === 'object' && value !== null && 'caseId' in value && 'units' in value, 'must be a case summary'),
  // Entries are checked where they are read (restore, verifyAudit): one bad row must not refuse the whole store.
  audit: z.array(z.unknown()),
  // Keys are read with Object.keys below: a record schema would drop a key named `__proto__`.
  idempotency: object.optional(),
  // Absent in data written before 0.4: engine.stats derives them from the case.
  stats: z.object({ stats: object, steps: z.array(object) }).optional(),
});
const idempotencyRecordSchema = z.custom<IdempotencyRecord>((value) => typeof value === 'object' && value !== null, 'must be an idempotency record');
const outboxRecordSchema = z.custom<OutboxRecord>(
  (value) => typeof value === 'object' && value !== null && typeof (value as OutboxRecord).id === 'string' && typeof (value as OutboxRecord).caseId === 'string',
  'must be an outbox record',
);
const dataSchema = z
  .object({
    format: z.enum([FORMAT, FORMAT_1]),
    cases: object,
    outbox: z.array(outboxRecordSchema).optional(),
  })
  .strict();

/** One case in a memory store's JSON. */
export interface MemoryCaseData {
  envelope: Record<string, unknown> & { version: number };
  summary: CaseSummary;
  audit: Record<string, unknown>[];
  idempotency?: Record<string, IdempotencyRecord>;
  /** The case's statistics (统计) and step visits; absent in data written before 0.4. */
  stats?: { stats: CaseStats; steps: CaseStepVisit[] };
}

/**
 * Everything a memory store holds, as JSON: `store.toJSON()` writes it (format `@2`),
 * `memoryStore({ data })` reads it back (also `@1`, written by 0.1, which had no outbox).
 */
export interface MemoryStoreData {
  format: typeof FORMAT | typeof FORMAT_1;
  cases: Record<string, MemoryCaseData>;
  /** The outbox (发件箱): every notification with its delivery state. */
  outbox?: OutboxRecord[];
}

/** The options of `memoryStore`. */
export interface MemoryStoreOptions {
  /** Cases to start with, e.g. a file written from `store.toJSON()` or committed test fixtures. */
  readonly data?: MemoryStoreData;
}

/** The embedded store: a `CaseStore` and its contents as JSON. */
export interface MemoryStore extends CaseStore {
  /** A deep copy of every case, its audit log, its idempotency records and the outbox. */
  toJSON(): MemoryStoreData & { format: typeof FORMAT; outbox: OutboxRecord[] };
}

/** An own property, also for the key `__proto__` (plain assignment would set the prototype instead). */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A summary of data written before `origin` and `itemNo` were indexed (0.1, and 0.2 before they
 * were): both read from the stored snapshot's context, as PostgreSQL's migration backfills them.
 */
function withOpening(summary: CaseSummary, envelope: Record<string, unknown>): CaseSummary {
  if (summary.origin !== undefined && summary.itemNo !== undefined) return summary;
  const context = ((envelope.snapshot as Record<string, unknown> | undefined)?.context ?? {}) as Record<string, unknown>;
  return { ...summary, origin: context.origin as CaseSummary['origin'], itemNo: typeof context.itemNo === 'number' ? context.itemNo : null };
}

const isInstant = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));
const isEntryList = (value: unknown, valid: (entry: Record<string, unknown>) => boolean): boolean =>
  // `?.`: an entry that is null has no actor (the data was cloned, so no entry is a function).
  Array.isArray(value) && value.every((entry) => typeof (entry as Record<string, unknown> | null)?.actor === 'string' && valid(entry as Record<string, unknown>));

/**
 * The summary with its 待办/已办 index only when both lists are well formed: data written before
 * 0.4 has none, and a spoilt one is dropped, so the engine indexes the case again from its
 * snapshot on its next `inbox` or `done` rather than page on wrong keys.
 */
function withDutyIndex(summary: CaseSummary): CaseSummary {
  const { actors, participants, ...rest } = summary;
  const indexed =
    isEntryList(actors, (entry) => isInstant(entry.waitingSince) && (entry.dueAt === null || isInstant(entry.dueAt))) &&
    isEntryList(participants, (entry) => isInstant(entry.lastActedAt));
  return indexed ? summary : rest;
}

/** The summary without a spoilt `nextWakeAt` (not an instant nor null): the case then wakes at `nextDueAt`, as data written before 0.4 does. */
function withWakeTime(summary: CaseSummary): CaseSummary {
  const { nextWakeAt, ...rest } = summary;
  // Without one (data written before 0.4) `rest` holds the same fields: a copy of a clone, at load only.
  return nextWakeAt === null || isInstant(nextWakeAt) ? summary : rest;
}

/**
 * Refuses data nested deeper than stored cases ever are, without recursion (a 100 000-level value
 * must not overflow the stack), and data that throws when read (a Proxy's trap, a getter).
 */
function checkDepth(data: unknown): void {
  const seen = new Set<object>();
  const stack: [unknown, number][] = [[data, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    if (depth > MAX_DATA_DEPTH) invalidInput('options', `data: nests deeper than ${MAX_DATA_DEPTH} levels, which no stored case does`);
    seen.add(value);
    let children: unknown[];
    try {
      children = Object.values(value);
    } catch (error) {
      return invalidInput('options', `could not be read (${describeThrown(error)})`);
    }
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a value that is not an object, pushed, is skipped when popped; the test only keeps the stack small
    for (const child of children) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
}

/** A deep copy of the data handed in, so that nobody changes the store through it: it must be what JSON holds. */
function copyOf<T>(data: T): T {
  try {
    return structuredClone(data);
  } catch (error) {
    return invalidInput('options', `data: must be a memory store's JSON (${describeThrown(error)})`);
  }
}

/**
 * The embedded store, for the demo, tests and UIs. Every write checks the version and swaps in
 * the whole new record (and its outbox messages) in one synchronous step, so concurrent async
 * sends are compare-and-set atomic, and a write that throws part-way (data JSON cannot hold)
 * leaves the case as it was. Holds plain JSON, as a database would, deep-frozen: it keeps the
 * objects it is given (and freezes them) and hands out frozen ones, so nothing can change a
 * stored case behind its back. Keys live in `Map`s, so any case id or idempotency key (even
 * `__proto__`) survives `toJSON()` and a reload.
 *
 * @param options - `data` to start with (default: empty).
 * @returns The store; pass it to `createCaseEngine({ store })`.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` when `data` is not a memory store's JSON.
 * @example
 * const store = memoryStore();
 * const engine = createCaseEngine({ store });
 * await engine.open(input);
 * Object.keys(store.toJSON().cases)
 * //=> ['case-1']
 */
export function memoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  checkDepth(options);
  const parsed = parseArgument(z.object({ data: dataSchema.optional() }).strict(), options, 'options');
  const cases = new Map<string, MemoryRecord>();
  const indexes = new CaseIndexes();
  const duties = new DutyIndexes();
  /** Cases a `claimDue` leased, until when (ms). */
  const leases = new Map<string, number>();
  const outbox = new MemoryOutbox();
  const statsIndex = new StatsIndex();
  const data = copyOf(parsed.data);
  try {
    for (const caseId of Object.keys(data?.cases ?? {})) {
      const record = parseArgument(caseDataSchema, data!.cases[caseId], `options.data.cases.${caseId}`);
      // The indexes file a case under its summary's id: one under another key would list an id that loads nothing.
      if (record.summary.caseId !== caseId) {
        invalidInput(`options.data.cases.${caseId}`, `summary.caseId must be the id the case is stored under (${JSON.stringify(caseId)}), not ${JSON.stringify(record.summary.caseId) ?? String(record.summary.caseId)}`);
      }
      const idempotency = new Map<string, IdempotencyRecord>();
      for (const key of Object.keys(record.idempotency ?? {})) idempotency.set(key, freezeJson(parseArgument(idempotencyRecordSchema, record.idempotency![key], 'options.data.idempotency')));
      const summary = freezeJson(withWakeTime(withDutyIndex(withOpening(record.summary, record.envelope))));
      cases.set(caseId, {
        version: record.envelope.version,
        envelope: freezeJson(record.envelope) as unknown as CaseEnvelope,
        summary,
        audit: (record.audit as unknown as AuditEntry[]).map((entry) => freezeJson(entry)),
        idempotency,
      });
      indexes.update(undefined, summary);
      if (record.stats === undefined) statsIndex.markBacklog(caseId);
      else {
        // (A disable comment must lead a statement: Stryker does not see one placed before an `else`.)
        // Stryker disable next-line BooleanLiteral: the case's first write in a new store, with no visits to merge and no backlog entry to clear
        statsIndex.write(caseId, freezeJson({ stats: record.stats.stats as unknown as CaseStats, steps: record.stats.steps as unknown as CaseStepVisit[], complete: true }));
      }
      duties.update(undefined, summary);
    }
    outbox.load(data?.outbox ?? []);
  } catch (error) {
    // What freezeJson refuses: a value JSON cannot hold (a Set, a Date, NaN) deep inside a case or the outbox.
    if (isLinkedEnforcementError(error)) throw error;
    invalidInput('options', `data: must be a memory store's JSON (${describeThrown(error)})`);
  }

  /**
   * Checks and freezes everything first (this is where a write can throw), then swaps the new
   * record in, appends the entry and the key, and moves the case in the indexes, in one
   * synchronous step.
   */
  const write = (record: CaseWrite, previous: MemoryRecord | undefined): WriteOutcome => {
    const version = record.envelope.version;
    // What a database's primary keys refuse: a second row for the same log version or outbox message.
    if ((previous?.audit.length ?? 0) !== version - 1 || (record.outbox.length > 0 && outbox.has(record.caseId, version))) {
      const table = (previous?.audit.length ?? 0) !== version - 1 ? 'case_log' : 'case_outbox';
      const reason = `the ${table === 'case_log' ? 'log' : 'outbox'} already holds a row for version ${version}, which the case has not reached: a forged or duplicated row (run verifyAudit)`;
      throw new LinkedEnforcementError('INCOMPATIBLE_SNAPSHOT', `Case ${record.caseId}: cannot write version ${version}: ${reason}`, { context: { caseId: record.caseId, table, version, reason } });
    }
    // A retry of a request already written: the engine looks the key up and replays it.
    if (record.idempotency !== undefined && previous?.idempotency.has(record.idempotency.key)) return { ok: false, actualVersion: previous.version, idempotencyKeyTaken: true };
    const envelope = freezeJson(record.envelope);
    const summary = freezeJson(record.summary);
    const entry = freezeJson(record.entry);
    const key = record.idempotency === undefined ? undefined : freezeJson(record.idempotency);
    const messages = freezeJson([...record.outbox]);
    const stats = record.stats === undefined ? undefined : freezeJson(record.stats);
    const audit = previous?.audit ?? [];
    const idempotency = previous?.idempotency ?? new Map<string, IdempotencyRecord>();
    audit.push(entry);
    if (key !== undefined) idempotency.set(key.key, key);
    cases.set(record.caseId, { version, envelope, summary, audit, idempotency });
    indexes.update(previous?.summary, summary);
    if (stats === undefined) statsIndex.markBacklog(record.caseId);
    else statsIndex.write(record.caseId, stats);
    duties.update(previous?.summary, summary);
    leases.delete(record.caseId);
    outbox.add(messages);
    return { ok: true };
  };

  return {
    name: 'memory',
    async load(caseId, loadOptions = {}) {
      const record = cases.get(caseId);
      if (record === undefined) return undefined;
      const idempotency = loadOptions.idempotencyKey === undefined ? undefined : record.idempotency.get(loadOptions.idempotencyKey);
      const from = loadOptions.logFrom;
      const entries = from === undefined ? undefined : Object.freeze(record.audit.slice(Math.max(from, 1) - 1, record.version));
      return { envelope: record.envelope, ...(entries === undefined ? {} : { entries }), ...(idempotency === undefined ? {} : { idempotency }) };
    },
    async create(record): Promise<WriteOutcome> {
      const existing = cases.get(record.caseId);
      if (existing !== undefined) return { ok: false, actualVersion: existing.version };
      return write(record, undefined);
    },
    async commit(record, expectedVersion): Promise<WriteOutcome> {
      const existing = cases.get(record.caseId);
      if (existing === undefined || existing.version !== expectedVersion) return { ok: false, actualVersion: existing?.version ?? null };
      return write(record, existing);
    },
    async audit(caseId) {
      const record = cases.get(caseId);
      if (record === undefined) return undefined;
      return { envelope: record.envelope, entries: Object.freeze([...record.audit]), summary: record.summary, idempotency: [...record.idempotency.values()] };
    },
    async list(query) {
      return indexes.list(query, (caseId) => cases.get(caseId)!.summary).map((caseId) => {
        const record = cases.get(caseId)!;
        return { caseId, openedAt: record.summary.openedAt, envelope: record.envelope, entries: Object.freeze([...record.audit]) };
      });
    },
    async inbox(query) {
      return duties.inbox(query).map((caseId) => {
        const record = cases.get(caseId)!;
        const entry = record.summary.actors!.find((candidate) => candidate.actor === query.actor)!;
        return { caseId, dueAt: entry.dueAt, waitingSince: entry.waitingSince, envelope: record.envelope, entries: Object.freeze([...record.audit]) };
      });
    },
    async done(query) {
      return duties.done(query).map((caseId) => {
        const record = cases.get(caseId)!;
        const entry = record.summary.participants!.find((candidate) => candidate.actor === query.actor)!;
        return { caseId, lastActedAt: entry.lastActedAt, envelope: record.envelope, entries: Object.freeze([...record.audit]) };
      });
    },
    async unindexedCases(limit) {
      return [...duties.unindexed].slice(0, limit);
    },
    async indexCase(summary) {
      const record = cases.get(summary.caseId);
      if (record === undefined || record.version !== summary.version) return false;
      const indexed = freezeJson({ ...record.summary, actors: summary.actors, participants: summary.participants });
      cases.set(summary.caseId, { ...record, summary: indexed });
      duties.update(record.summary, indexed);
      return true;
    },
    async claimDue(claim) {
      const clockMs = Date.parse(claim.clockNow);
      const until = Date.parse(claim.leaseUntil);
      const claimed = indexes.wakeBy(Date.parse(claim.now), (caseId) => (leases.get(caseId) ?? Number.NEGATIVE_INFINITY) <= clockMs, claim.limit);
      for (const caseId of claimed) leases.set(caseId, until);
      return claimed;
    },
    async caseIds({ after, limit }) {
      return indexes.caseIds(after, limit);
    },
    async claimNotifications(claim) {
      return outbox.claim(claim);
    },
    async settleNotifications(settlements) {
      return outbox.settle(settlements);
    },
    async notifications(query) {
      return outbox.list(query);
    },
    async stats(query) {
      return statsIndex.totals(query);
    },
    async statsBacklog({ after, limit }) {
      return statsIndex.pending(after, limit);
    },
    async backfillStats(caseId, statsWrite) {
      // Only on the version it was derived from: a write since then left the case in the backlog for the next report.
      if (cases.get(caseId)?.version === statsWrite.stats.version) statsIndex.write(caseId, freezeJson({ ...statsWrite, complete: true }));
    },
    toJSON() {
      const out: Record<string, MemoryCaseData> = {};
      // Ids in code-unit order (what `sort()` compares), as PostgreSQL's `COLLATE "C"` lists them.
      for (const caseId of [...cases.keys()].sort()) {
        const record = cases.get(caseId)!;
        const idempotency: Record<string, IdempotencyRecord> = {};
        for (const [key, value] of record.idempotency) setOwn(idempotency, key, value);
        const stats = statsIndex.complete(caseId) ? statsIndex.get(caseId) : undefined;
        setOwn(
          out,
          caseId,
          structuredClone({
            envelope: record.envelope as unknown as MemoryCaseData['envelope'],
            summary: record.summary,
            audit: record.audit as unknown as Record<string, unknown>[],
            idempotency,
            ...(stats === undefined ? {} : { stats: { stats: stats.stats, steps: [...stats.steps.values()] } }),
          }),
        );
      }
      return { format: FORMAT, cases: out, outbox: structuredClone(outbox.all()) };
    },
  };
}
