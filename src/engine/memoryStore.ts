import { z } from 'zod';
import { invalidInput, parseArgument } from '../_lib/validate.js';
import { freezeJson } from './_lib/freezeJson.js';
import { matchesQuery } from './_lib/matchesQuery.js';
import type { AuditEntry, CaseEnvelope } from './schemas.js';
import type { CaseStore, CaseSummary, CaseWrite, IdempotencyRecord, NotificationStatus, OutboxRecord, WriteOutcome } from './types.js';

/** One case as a memory store holds it: deep-frozen plain JSON, so nobody can change it through a reference. */
interface MemoryRecord {
  readonly version: number;
  readonly envelope: CaseEnvelope;
  readonly summary: CaseSummary;
  readonly audit: readonly AuditEntry[];
  readonly idempotency: ReadonlyMap<string, IdempotencyRecord>;
}

const FORMAT = 'linked-enforcement/memory-store@2';
const FORMAT_1 = 'linked-enforcement/memory-store@1';
/** Stored data nests a few levels; this much is not a store's JSON (and would overflow a recursive copy). */
const MAX_DATA_DEPTH = 64;

const object = z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'must be an object');
const caseDataSchema = z.object({
  envelope: z.record(z.string(), z.unknown()).and(z.object({ version: z.number().int().min(1) })),
  summary: z.custom<CaseSummary>((value) => typeof value === 'object' && value !== null && 'caseId' in value && 'units' in value, 'must be a case summary'),
  audit: z.array(z.record(z.string(), z.unknown())),
  // Keys are read with Object.keys below: a record schema would drop a key named `__proto__`.
  idempotency: object.optional(),
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

/** Refuses data nested deeper than stored cases ever are, without recursion (a 100 000-level value must not overflow the stack). */
function checkDepth(data: unknown): void {
  const seen = new Set<object>();
  const stack: [unknown, number][] = [[data, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    if (depth > MAX_DATA_DEPTH) invalidInput('options', `data: nests deeper than ${MAX_DATA_DEPTH} levels, which no stored case does`);
    seen.add(value);
    for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
}

const statusOf = (record: OutboxRecord): NotificationStatus => (record.deliveredAt !== null ? 'delivered' : record.failedAt !== null ? 'failed' : 'pending');
/** Oldest first: by when it is due, then case, version and position. */
const byDue = (a: OutboxRecord, b: OutboxRecord) =>
  Date.parse(a.nextAttemptAt) - Date.parse(b.nextAttemptAt) || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : a.version - b.version || a.index - b.index);
const byCreation = (a: OutboxRecord, b: OutboxRecord) =>
  Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : a.version - b.version || a.index - b.index);

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
  const outbox = new Map<string, OutboxRecord>();
  /** Which claim holds each leased notification: settling needs its token. */
  const leases = new Map<string, string>();
  const data = structuredClone(parsed.data);
  for (const caseId of Object.keys(data?.cases ?? {})) {
    const record = parseArgument(caseDataSchema, data!.cases[caseId], `options.data.cases.${caseId}`);
    const idempotency = new Map<string, IdempotencyRecord>();
    for (const key of Object.keys(record.idempotency ?? {})) idempotency.set(key, freezeJson(parseArgument(idempotencyRecordSchema, record.idempotency![key], 'options.data.idempotency')));
    cases.set(caseId, {
      version: record.envelope.version,
      envelope: freezeJson(record.envelope) as unknown as CaseEnvelope,
      summary: freezeJson(record.summary),
      audit: freezeJson(record.audit) as unknown as AuditEntry[],
      idempotency,
    });
  }
  for (const record of data?.outbox ?? []) outbox.set(record.id, freezeJson(record));

  /** Builds the whole new record and its outbox rows first (this is where a write can throw), then swaps them in. */
  const write = (record: CaseWrite, previous: MemoryRecord | undefined): void => {
    const messages = record.outbox.map(
      (message): OutboxRecord =>
        freezeJson({ ...message, status: 'pending', attempts: 0, nextAttemptAt: message.createdAt, leaseUntil: null, deliveredAt: null, failedAt: null, lastError: null }),
    );
    const next: MemoryRecord = {
      version: record.envelope.version,
      envelope: freezeJson(record.envelope),
      summary: freezeJson(record.summary),
      audit: [...(previous?.audit ?? []), freezeJson(record.entry)],
      idempotency:
        record.idempotency === undefined
          ? (previous?.idempotency ?? new Map())
          : new Map([...(previous?.idempotency ?? []), [record.idempotency.key, freezeJson(record.idempotency)]]),
    };
    if (messages.some((message) => outbox.has(message.id))) throw new Error(`the outbox already holds ${messages.find((message) => outbox.has(message.id))!.id}`);
    cases.set(record.caseId, next);
    for (const message of messages) outbox.set(message.id, message);
  };
  const update = (record: OutboxRecord, change: Partial<OutboxRecord>) => {
    const next = { ...record, ...change };
    outbox.set(record.id, freezeJson({ ...next, status: statusOf(next) }));
  };

  return {
    name: 'memory',
    async load(caseId, loadOptions = {}) {
      const record = cases.get(caseId);
      if (record === undefined) return undefined;
      const idempotency = loadOptions.idempotencyKey === undefined ? undefined : record.idempotency.get(loadOptions.idempotencyKey);
      const from = loadOptions.logFrom;
      const entries = from === undefined ? undefined : from <= 1 ? record.audit : record.audit.slice(from - 1, record.version);
      return { envelope: record.envelope, ...(entries === undefined ? {} : { entries }), ...(idempotency === undefined ? {} : { idempotency }) };
    },
    async create(record): Promise<WriteOutcome> {
      const existing = cases.get(record.caseId);
      if (existing !== undefined) return { ok: false, actualVersion: existing.version };
      write(record, undefined);
      return { ok: true };
    },
    async commit(record, expectedVersion): Promise<WriteOutcome> {
      const existing = cases.get(record.caseId);
      if (existing === undefined || existing.version !== expectedVersion) return { ok: false, actualVersion: existing?.version ?? null };
      write(record, existing);
      return { ok: true };
    },
    async audit(caseId) {
      const record = cases.get(caseId);
      if (record === undefined) return undefined;
      return { envelope: record.envelope, entries: record.audit, summary: record.summary, idempotency: [...record.idempotency.values()] };
    },
    async list(query) {
      return [...cases.keys()]
        .sort()
        .filter((caseId) => matchesQuery(cases.get(caseId)!.summary, query))
        .map((caseId) => ({ caseId, envelope: cases.get(caseId)!.envelope, entries: cases.get(caseId)!.audit }));
    },
    async due(now, limit) {
      const nowMs = Date.parse(now);
      return [...cases.values()]
        .filter((record) => record.summary.nextDueAt !== null && Date.parse(record.summary.nextDueAt) < nowMs)
        .sort((a, b) => Date.parse(a.summary.nextDueAt!) - Date.parse(b.summary.nextDueAt!) || (a.summary.caseId < b.summary.caseId ? -1 : 1))
        .slice(0, limit)
        .map((record) => record.summary.caseId);
    },
    async caseIds({ after, limit }) {
      return [...cases.keys()]
        .filter((caseId) => after === undefined || caseId > after)
        .sort()
        .slice(0, limit);
    },
    async claimNotifications(claim) {
      const now = Date.parse(claim.now);
      const wanted = claim.ids === undefined ? undefined : new Set(claim.ids);
      const due = [...(wanted === undefined ? outbox.values() : [...wanted].flatMap((id) => (outbox.has(id) ? [outbox.get(id)!] : [])))]
        .filter((record) => statusOf(record) === 'pending' && Date.parse(record.nextAttemptAt) <= now && (record.leaseUntil === null || Date.parse(record.leaseUntil) <= now))
        .sort(byDue)
        .slice(0, claim.limit);
      const claimed: OutboxRecord[] = [];
      for (const record of due) {
        if (record.attempts >= claim.maxAttempts) {
          update(record, { failedAt: claim.now, leaseUntil: null, lastError: `gave up: its delivery was interrupted ${record.attempts} times${record.lastError === null ? '' : ` (last error: ${record.lastError})`}` });
          continue;
        }
        update(record, { attempts: record.attempts + 1, leaseUntil: claim.leaseUntil });
        leases.set(record.id, claim.token);
        claimed.push(outbox.get(record.id)!);
      }
      return claimed;
    },
    async settleNotifications(settlements) {
      const settled: string[] = [];
      for (const settlement of settlements) {
        const record = outbox.get(settlement.id);
        if (record === undefined || leases.get(settlement.id) !== settlement.token || statusOf(record) !== 'pending') continue;
        leases.delete(settlement.id);
        update(record, {
          leaseUntil: null,
          ...(settlement.outcome === 'delivered' ? { deliveredAt: settlement.at } : {}),
          ...(settlement.outcome === 'failed' ? { failedAt: settlement.at } : {}),
          ...(settlement.nextAttemptAt === undefined ? {} : { nextAttemptAt: settlement.nextAttemptAt }),
          ...(settlement.error === undefined ? {} : { lastError: settlement.error }),
        });
        settled.push(settlement.id);
      }
      return settled;
    },
    async notifications(query) {
      return [...outbox.values()]
        .filter((record) => statusOf(record) === query.status && (query.caseId === undefined || record.caseId === query.caseId))
        .sort(query.status === 'pending' ? byDue : byCreation)
        .slice(0, query.limit);
    },
    toJSON() {
      const out: Record<string, MemoryCaseData> = {};
      for (const [caseId, record] of [...cases].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const idempotency: Record<string, IdempotencyRecord> = {};
        for (const [key, value] of record.idempotency) setOwn(idempotency, key, value);
        setOwn(out, caseId, structuredClone({ envelope: record.envelope as unknown as MemoryCaseData['envelope'], summary: record.summary, audit: record.audit as unknown as Record<string, unknown>[], idempotency }));
      }
      return { format: FORMAT, cases: out, outbox: structuredClone([...outbox.values()].sort(byCreation)) };
    },
  };
}
