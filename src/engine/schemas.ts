import { stateLabels } from '../../machines/labels.js';
import { z } from 'zod';
import { actorSchema, instantSchema, type CaseEvent, type CaseEventType, type CaseInput } from '../../machines/schemas.js';
import { identifierSchema } from './_lib/inputLimits.js';
import type { CaseNotification, CaseStage, CaseStatePath } from '../../machines/types.js';

/**
 * A case id, as the machine takes it: 1–128 letters, digits, or `. _ : -`.
 *
 * @example
 * caseIdSchema.safeParse('case 1').success
 * //=> false
 */
export const caseIdSchema = z.string().regex(/^[\w.:-]{1,128}$/u, 'must be 1–128 letters, digits, or . _ : -');

/** A SHA-256 digest as 64 lowercase hex digits. */
export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/u, 'must be a SHA-256 digest in lowercase hex');

/** The store format the engine writes: 2 keeps the history (流转记录) in the audit log, out of the snapshot. */
export const STORE_FORMAT = 2;

/**
 * How a case is stored (the 信封 around the machine's snapshot). `version` counts accepted
 * events (the opening is 1) and equals the length of the case's history and of its audit log;
 * `auditHead` is the SHA-256 of the newest audit entry, so the envelope pins the log's tail.
 * Store format 2 (`format: 2`) keeps the snapshot without its history: the engine rebuilds the
 * history from the log. An envelope without `format` is format 1 (0.1), history included.
 *
 * @example
 * caseEnvelopeSchema.safeParse((await store.load('c1'))!.envelope).success
 * //=> true
 */
export const caseEnvelopeSchema = z.object({
  /** The store format: 2, or absent for format 1 (written by 0.1). */
  format: z.literal(STORE_FORMAT).optional(),
  /** The machine's id (`linkedEnforcementCase`). */
  machineId: z.string().min(1),
  /** The release of the machine that wrote the snapshot; older ones go through the engine's migrations. */
  machineVersion: z.number().int().min(0),
  /**
   * `actor.getPersistedSnapshot()` as JSON, checked against the machine on every restore. In
   * format 2 its `context.history` holds only the entries the log cannot rebuild (those written
   * by an older machine release, migrated; usually none) and `output` has no `history`.
   */
  snapshot: z.record(z.string(), z.unknown()),
  version: z.number().int().min(1),
  /** The earliest `dueAt` of a pending deadline: what `sweep` looks at. */
  nextDueAt: instantSchema.nullable(),
  auditHead: sha256HexSchema,
});

/** A stored case: see {@link caseEnvelopeSchema}. */
export interface CaseEnvelope extends z.infer<typeof caseEnvelopeSchema> {}

/**
 * One entry of a case's append-only audit log (审计日志): every accepted event, who sent it and
 * when, what it did, and the SHA-256 of the entry before it (`prevHash`; 64 zeros for the
 * opening) — a hash chain that `verifyAudit` walks.
 *
 * @example
 * auditEntrySchema.safeParse((await engine.history('c1'))[0]).success
 * //=> true
 */
export const auditEntrySchema = z
  .object({
    caseId: caseIdSchema,
    /** The case version this entry produced: 1 for the opening, then 2, 3… without gaps. */
    version: z.number().int().min(1),
    type: z.custom<CaseEventType | 'case.open'>((value) => typeof value === 'string' && value.length > 0, 'must be an event type'),
    by: actorSchema,
    /** When it happened (the event's `at`). */
    at: instantSchema,
    /** The event as accepted, or the opening input for `case.open`. */
    event: z.custom<CaseEvent | CaseInput>((value) => typeof value === 'object' && value !== null, 'must be the event object'),
    from: z.custom<CaseStatePath | null>((value) => value === null || typeof value === 'string', 'must be a state path or null'),
    to: z.custom<CaseStatePath>((value) => typeof value === 'string', 'must be a state path'),
    /** The notifications the transition emitted (发送的通知), kept for the archive. */
    notifications: z.array(z.custom<CaseNotification>((value) => typeof value === 'object' && value !== null, 'must be a notification')),
    /** The machine release that applied the event. */
    machineVersion: z.number().int().min(0),
    /** SHA-256 of the canonical JSON of the previous entry. */
    prevHash: sha256HexSchema,
    /** When the engine wrote it (the engine's clock): `at` may lie before it (an event recorded after the fact). */
    recordedAt: instantSchema,
    /** SHA-256 of the canonical JSON of the stored snapshot this entry produced (format 2; absent in entries written by 0.1). */
    snapshotDigest: sha256HexSchema.optional(),
    idempotencyKey: z.string().optional(),
    /** SHA-256 of the request sent with `idempotencyKey`, so a stored idempotency record can be checked against the log. */
    requestHash: sha256HexSchema.optional(),
  })
  .strict();

/** One audit log entry: see {@link auditEntrySchema}. */
export interface AuditEntry extends z.infer<typeof auditEntrySchema> {}

/** The third argument of `engine.send`, checked. */
export const sendOptionsSchema = z
  .object({
    /** Refuse with `VERSION_CONFLICT` unless the case is at exactly this version. */
    expectedVersion: z.number().int().min(1).optional(),
    /** A retry with the same key applies the event once and returns the first result. Scoped to the case; 1–200 characters, no control characters. */
    idempotencyKey: identifierSchema.optional(),
  })
  .strict();

/** `engine.send`'s options: `expectedVersion`, `idempotencyKey`. */
export interface SendOptions extends z.infer<typeof sendOptionsSchema> {}

/** The filters of `engine.list`; all given ones must hold. */
export const listQuerySchema = z
  .object({
    /** A state path (`enforcing.reporting`) or a top-level stage (`enforcing`). */
    state: z
      .custom<CaseStatePath | CaseStage>((value) => typeof value === 'string' && Object.hasOwn(stateLabels, value), `must be a state path or stage: ${Object.keys(stateLabels).join(', ')}`)
      .optional(),
    /** A unit taking part: the initiator, the lead or a cooperating unit (in an emergency, the item's lead unit from the opening). */
    unit: identifierSchema.optional(),
    /** Cases with (or, for `false`, without) a deadline overdue as of the engine's now. */
    overdue: z.boolean().optional(),
  })
  .strict();

/** `engine.list`'s filters: `state`, `unit`, `overdue`. */
export interface ListQuery extends z.infer<typeof listQuerySchema> {}
