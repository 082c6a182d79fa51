import { z } from 'zod';
import { parseArgument } from '../_lib/validate.js';
import { freezeJson } from './_lib/freezeJson.js';
import { matchesQuery } from './_lib/matchesQuery.js';
import type { AuditEntry, CaseEnvelope } from './schemas.js';
import type { CaseStore, CaseSummary, CaseWrite, IdempotencyRecord, WriteOutcome } from './types.js';

/** One case as a memory store holds it: deep-frozen plain JSON, so nobody can change it through a reference. */
interface MemoryRecord {
  readonly version: number;
  readonly envelope: CaseEnvelope;
  readonly summary: CaseSummary;
  readonly audit: readonly AuditEntry[];
  readonly idempotency: ReadonlyMap<string, IdempotencyRecord>;
}

const caseDataSchema = z.object({
  envelope: z.record(z.string(), z.unknown()).and(z.object({ version: z.number().int().min(1) })),
  summary: z.custom<CaseSummary>((value) => typeof value === 'object' && value !== null && 'caseId' in value && 'units' in value, 'must be a case summary'),
  audit: z.array(z.record(z.string(), z.unknown())),
  idempotency: z.record(z.string(), z.custom<IdempotencyRecord>((value) => typeof value === 'object' && value !== null, 'must be an idempotency record')).optional(),
});

const dataSchema = z.object({ format: z.literal('linked-enforcement/memory-store@1'), cases: z.record(z.string(), caseDataSchema) }).strict();

/** Everything a memory store holds, as JSON: `store.toJSON()` writes it, `memoryStore({ data })` reads it back. */
export type MemoryStoreData = z.input<typeof dataSchema>;

/** The options of `memoryStore`. */
export interface MemoryStoreOptions {
  /** Cases to start with, e.g. a file written from `store.toJSON()` or committed test fixtures. */
  readonly data?: MemoryStoreData;
}

/** The embedded store: a `CaseStore` and its contents as JSON. */
export interface MemoryStore extends CaseStore {
  /** A deep copy of every case, its audit log and its idempotency records. */
  toJSON(): MemoryStoreData;
}

/**
 * The embedded store, for the demo, tests and UIs. Every write checks the version and swaps in
 * the whole new record in one synchronous step, so concurrent async sends are compare-and-set
 * atomic, and a write that throws part-way (data JSON cannot hold) leaves the case as it was.
 * Holds plain JSON, as a database would, deep-frozen: it keeps the objects it is given (and
 * freezes them) and hands out frozen ones, so nothing can change a stored case behind its back.
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
  const parsed = parseArgument(z.object({ data: dataSchema.optional() }).strict(), options, 'options');
  const cases = new Map<string, MemoryRecord>();
  for (const [caseId, data] of Object.entries(structuredClone(parsed.data?.cases ?? {}))) {
    cases.set(caseId, {
      version: data.envelope.version,
      envelope: freezeJson(data.envelope) as unknown as CaseEnvelope,
      summary: freezeJson(data.summary),
      audit: freezeJson(data.audit) as unknown as AuditEntry[],
      idempotency: new Map(Object.entries(freezeJson(data.idempotency ?? {}))),
    });
  }

  /** Builds the whole new record first (this is where a write can throw), then swaps it in. */
  const write = (record: CaseWrite, previous: MemoryRecord | undefined): void => {
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
    cases.set(record.caseId, next);
  };

  return {
    name: 'memory',
    async load(caseId, loadOptions = {}) {
      const record = cases.get(caseId);
      if (record === undefined) return undefined;
      const idempotency = loadOptions.idempotencyKey === undefined ? undefined : record.idempotency.get(loadOptions.idempotencyKey);
      return { envelope: record.envelope, ...(idempotency === undefined ? {} : { idempotency }) };
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
      return record === undefined ? undefined : { envelope: record.envelope, entries: record.audit };
    },
    async list(query) {
      return [...cases.keys()]
        .sort()
        .filter((caseId) => matchesQuery(cases.get(caseId)!.summary, query))
        .map((caseId) => ({ caseId, envelope: cases.get(caseId)!.envelope }));
    },
    async due(now, limit) {
      const nowMs = Date.parse(now);
      return [...cases.values()]
        .filter((record) => record.summary.nextDueAt !== null && Date.parse(record.summary.nextDueAt) < nowMs)
        .sort((a, b) => Date.parse(a.summary.nextDueAt!) - Date.parse(b.summary.nextDueAt!) || (a.summary.caseId < b.summary.caseId ? -1 : 1))
        .slice(0, limit)
        .map((record) => record.summary.caseId);
    },
    toJSON() {
      const out: MemoryStoreData = { format: 'linked-enforcement/memory-store@1', cases: {} };
      for (const [caseId, record] of [...cases].sort(([a], [b]) => (a < b ? -1 : 1))) {
        out.cases[caseId] = structuredClone({
          envelope: record.envelope as unknown as MemoryStoreData['cases'][string]['envelope'],
          summary: record.summary,
          audit: record.audit as unknown as Record<string, unknown>[],
          idempotency: Object.fromEntries(record.idempotency),
        });
      }
      return out;
    },
  };
}
