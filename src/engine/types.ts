import type { CaseMachine } from '../../machines/createCaseMachine.js';
import type { Label } from '../../machines/labels.js';
import type { Actor, CaseEvent, CaseEventType, CaseInput } from '../../machines/schemas.js';
import type { DeadlineView, HistoryView } from '../../machines/selectors.js';
import type { CaseDossier, CaseNotification, CaseStage, CaseStatePath } from '../../machines/types.js';
import type { AuditEntry, CaseEnvelope, ListQuery, SendOptions } from './schemas.js';

export type { AuditEntry, CaseEnvelope, ListQuery, SendOptions } from './schemas.js';

/** What a store indexes for `list` and `sweep`, derived by the engine from the snapshot on every write. */
export interface CaseSummary {
  readonly caseId: string;
  readonly version: number;
  readonly state: CaseStatePath;
  readonly stage: CaseStage;
  readonly status: 'active' | 'done';
  /** The initiator, the lead and the cooperating units (in an emergency, the item's lead unit from the start). */
  readonly units: readonly string[];
  readonly nextDueAt: string | null;
  /** Some deadline's status is `overdue` (a `deadline.check` recorded it). */
  readonly hasOverdue: boolean;
  readonly openedAt: string;
  /** The `at` of the newest event. */
  readonly updatedAt: string;
}

/** A stored `send` result, replayed for a retry with the same idempotency key. */
export interface IdempotencyRecord {
  readonly key: string;
  /** SHA-256 of the event as the caller sent it: a reused key with another event is refused. */
  readonly requestHash: string;
  readonly version: number;
  readonly result: SendResultData;
}

/** Everything one `open` or `send` writes, together or not at all. */
export interface CaseWrite {
  readonly caseId: string;
  readonly envelope: CaseEnvelope;
  readonly summary: CaseSummary;
  readonly entry: AuditEntry;
  readonly idempotency?: IdempotencyRecord;
}

/** A store's answer to a write: written, or refused because the case is at another version (`null`: no case). */
export type WriteOutcome = { readonly ok: true } | { readonly ok: false; readonly actualVersion: number | null };

/** A store's filters: `list`'s query with the instant `overdue` is judged at. */
export interface StoreQuery extends ListQuery {
  readonly now: string;
}

/**
 * Where the engine keeps cases. The engine does the workflow and validation; a store only has
 * to be atomic: each `create`/`commit` writes the envelope, the summary, the audit entry and the
 * idempotency record together or not at all, and `commit` only when the stored version is
 * `expectedVersion` (compare-and-set). Values handed back are validated again by the engine.
 */
export interface CaseStore {
  /** `memory`, `postgres`, …: for messages and benchmarks. */
  readonly name: string;
  /** The stored envelope, and the idempotency record for `idempotencyKey` when there is one. */
  load(caseId: string, options?: { readonly idempotencyKey?: string }): Promise<{ readonly envelope: unknown; readonly idempotency?: IdempotencyRecord } | undefined>;
  /** Writes a new case at version 1; refused when the id exists. */
  create(write: CaseWrite): Promise<WriteOutcome>;
  /** Writes the next version when the stored one is still `expectedVersion`. */
  commit(write: CaseWrite, expectedVersion: number): Promise<WriteOutcome>;
  /** The envelope and the whole audit log in log order, read as one consistent snapshot. */
  audit(caseId: string): Promise<{ readonly envelope: unknown; readonly entries: readonly unknown[] } | undefined>;
  /** The cases matching every filter given (see `matchesQuery`), by case id. */
  list(query: StoreQuery): Promise<readonly { readonly caseId: string; readonly envelope: unknown }[]>;
  /** Ids of cases whose `nextDueAt` is before `now`, earliest first. */
  due(now: string, limit: number): Promise<readonly string[]>;
}

/** Turns a snapshot saved by an older machine release into one the next release takes. */
export interface CaseMigration {
  /** The `machineVersion` it reads. */
  readonly from: number;
  /** The `machineVersion` it produces (greater than `from`). */
  readonly to: number;
  /**
   * Returns the new persisted snapshot; must not mutate its argument. Runs on every read of an
   * old envelope: the stored case is rewritten only by its next accepted event.
   */
  readonly migrate: (snapshot: Readonly<Record<string, unknown>>, envelope: Readonly<CaseEnvelope>) => unknown;
}

/** Where the engine gets the time: for `at` defaults, `sweep`, overdue views and `recordedAt`. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The options of `createCaseEngine`; every one has a default. */
export interface CaseEngineOptions {
  /** Where cases live (default: a new `memoryStore()`). */
  readonly store?: CaseStore;
  /** The case machine (default: Siyang's `caseMachine`). */
  readonly machine?: CaseMachine;
  /** The release of `machine` written into every envelope (default `CASE_MACHINE_VERSION`, 2, this release's). */
  readonly machineVersion?: number;
  /**
   * Steps from older `machineVersion`s to `machineVersion`. The case machine's own (1 → 2) are
   * built in; one given here from the same version replaces the built-in one.
   */
  readonly migrations?: readonly CaseMigration[];
  /** Default: the system clock. Tests inject one and never wait for real time. */
  readonly clock?: Clock;
  /** Who `sweep` sends `deadline.check` as (default `{ system: 'sweep' }`). */
  readonly sweeper?: Extract<Actor, { system: string }>;
  /** Called for every notification of an accepted event, after it is stored. */
  readonly onNotification?: (notification: CaseNotification, meta: { readonly caseId: string; readonly version: number }) => void | Promise<void>;
  /** Called when `onNotification` throws; the write stands either way (default: `console.error`). */
  readonly onHookError?: (error: unknown, notification: CaseNotification) => void;
  /** How often `send` without `expectedVersion` reloads and retries after losing a race (default 10). */
  readonly maxAttempts?: number;
}

/** A case as plain JSON, ready to send to a UI. */
export interface CaseViewData {
  readonly caseId: string;
  readonly title: string;
  readonly version: number;
  /** The state path, e.g. `enforcing.reporting`. */
  readonly state: CaseStatePath;
  readonly stage: CaseStage;
  readonly stateLabel: Label;
  readonly stageLabel: Label;
  /** `done` once the case reached a final state. */
  readonly status: 'active' | 'done';
  /** Some deadline is overdue as of the engine's now. */
  readonly overdue: boolean;
  readonly nextDueAt: string | null;
  /** As of the engine's now: a pending deadline past due reads `overdue`. */
  readonly deadlines: readonly DeadlineView[];
  /** The machine's 流转记录, with labels. */
  readonly history: readonly HistoryView[];
  readonly openedAt: string;
  readonly updatedAt: string;
  /** The archive dossier (存档材料) of a closed case. */
  readonly output?: CaseDossier;
}

/**
 * A case view. `allowedEvents(by)` is a non-enumerable method judged on this view's version:
 * `JSON.stringify` and `structuredClone` leave it out, so the view stays plain JSON.
 */
export interface CaseView extends CaseViewData {
  /** The event types `by` may send to this version of the case. */
  allowedEvents(by: Actor): CaseEventType[];
}

/** What `open` and `send` return: the new case view and the notifications the event emitted. */
export interface SendResultData extends CaseViewData {
  readonly notifications: readonly CaseNotification[];
}

/** `SendResultData` with the view's `allowedEvents(by)`. */
export interface SendResult extends SendResultData, CaseView {}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event for `engine.send`: `at` may be left out (the engine's clock fills it in). */
export type CaseEventInput = DistributiveOmit<CaseEvent, 'at'> & { readonly at?: string };

/** The opening input for `engine.open`: `by` is required (opening is an act), `at` may be left out. */
export type CaseOpenInput = DistributiveOmit<CaseInput, 'at'> & { readonly at?: string };

/** One case `sweep` found overdue. */
export interface OverdueCase {
  readonly caseId: string;
  readonly version: number;
  /** The deadlines that became overdue. */
  readonly deadlines: readonly DeadlineView[];
  readonly notifications: readonly CaseNotification[];
}

/** What `sweep` did. */
export interface SweepReport {
  readonly now: string;
  readonly overdue: readonly OverdueCase[];
  /** Cases it could not check (e.g. `INCOMPATIBLE_SNAPSHOT`); the others were still swept. */
  readonly failed: readonly { readonly caseId: string; readonly code: string; readonly message: string }[];
}

/** `verifyAudit`'s verdict. `head` is the newest entry's SHA-256: anchor it outside the database. */
export type AuditVerification =
  | { readonly ok: true; readonly entries: readonly AuditEntry[]; readonly head: string }
  | { readonly ok: false; readonly brokenAt: number; readonly reason: string };

/**
 * The case engine made by `createCaseEngine`. Every method validates its arguments, and a call
 * that fails changes nothing that is stored.
 */
export interface CaseEngine {
  readonly store: CaseStore;
  readonly machine: CaseMachine;
  readonly machineVersion: number;

  /**
   * Opens a case (立案) at version 1.
   *
   * @param input - The opening input (`caseInputSchema`); `at` defaults to the clock's now.
   * @returns The case view at version 1, with the notifications the opening emitted.
   * @throws {LinkedEnforcementError} `INVALID_INPUT` for bad input; `NOT_ALLOWED` when `input.by` may not open this origin
   * (context: `caseId`, `type: 'case.open'`, `origin`, `by`, `reason`); `VERSION_CONFLICT` when the id exists (`expectedVersion: 0`).
   * @example
   * (await engine.open({ caseId: 'c1', title: '农贸市场联合检查', itemNo: 1, origin: 'application', applicant: 'market-regulation', by: { unit: 'market-regulation' } })).version
   * //=> 1
   */
  open(input: CaseOpenInput): Promise<SendResult>;

  /**
   * Applies one event, atomically: the new snapshot, the version bump and the audit entry are
   * stored together or not at all. Without `expectedVersion` a lost race is retried on the
   * fresh case (up to `maxAttempts`); with it, a lost race is a `VERSION_CONFLICT`.
   *
   * @param caseId - The case.
   * @param event - The event (`caseEventSchema`); `by` is required, `at` defaults to the clock's now.
   * @param options - `expectedVersion` (compare-and-set) and `idempotencyKey` (a retry returns the first result).
   * @returns The new case view, with the notifications the event emitted.
   * @throws {LinkedEnforcementError} `CASE_NOT_FOUND`; `INVALID_EVENT` (with the zod issues); `NOT_ALLOWED` (who, what, which state, why);
   * `VERSION_CONFLICT` (expected and actual version); `INCOMPATIBLE_SNAPSHOT`; `INVALID_INPUT` for a bad id or options, or a reused idempotency key.
   * @example
   * const view = await engine.send('c1', { type: 'review.pass', by: { unit: 'command-center' } }, { expectedVersion: 1 });
   * [view.version, view.state]
   * //=> [2, 'legalReview']
   */
  send(caseId: string, event: CaseEventInput, options?: SendOptions): Promise<SendResult>;

  /**
   * The case as stored now.
   *
   * @param caseId - The case.
   * @returns Its view; deadlines as of the clock's now.
   * @throws {LinkedEnforcementError} `CASE_NOT_FOUND`, `INCOMPATIBLE_SNAPSHOT`, `INVALID_INPUT`.
   * @example
   * (await engine.get('c1')).stateLabel.zh
   * //=> '法制审核'
   */
  get(caseId: string): Promise<CaseView>;

  /**
   * The cases matching every filter given, by case id.
   *
   * @param query - `state` (path or stage), `unit` (taking part), `overdue` (as of the clock's now).
   * @returns Their views.
   * @throws {LinkedEnforcementError} `INVALID_INPUT` for a bad query; `INCOMPATIBLE_SNAPSHOT` naming the first case that cannot be restored.
   * @example
   * (await engine.list({ unit: 'fire-rescue', overdue: true })).map((view) => view.caseId)
   * //=> ['c1']
   */
  list(query?: ListQuery): Promise<CaseView[]>;

  /**
   * The case's audit log (审计日志): every accepted event with its payload, notifications and hashes, oldest first.
   *
   * @param caseId - The case.
   * @returns The entries as stored (run `verifyAudit` to check them).
   * @throws {LinkedEnforcementError} `CASE_NOT_FOUND`; `INCOMPATIBLE_SNAPSHOT` when an entry is malformed.
   * @example
   * (await engine.history('c1')).map((entry) => entry.type)
   * //=> ['case.open', 'review.pass']
   */
  history(caseId: string): Promise<AuditEntry[]>;

  /**
   * The event types `by` may send to the case as stored now (what a UI draws buttons for).
   *
   * @param caseId - The case.
   * @param by - The actor.
   * @returns The allowed event types.
   * @throws {LinkedEnforcementError} `CASE_NOT_FOUND`, `INCOMPATIBLE_SNAPSHOT`, `INVALID_INPUT` for a bad actor.
   * @example
   * await engine.allowedEvents('c1', { unit: 'justice' })
   * //=> ['legal.approve', 'legal.return']
   */
  allowedEvents(caseId: string, by: Actor): Promise<CaseEventType[]>;

  /**
   * Sends `deadline.check` (as `sweeper`) to every case whose next deadline has passed,
   * earliest first, using the store's `next_due_at` index. Safe to run from several instances:
   * each overdue case is checked once. One case failing does not stop the others.
   *
   * @param now - The instant to judge by (default: the clock's now).
   * @returns What became overdue (with the notifications sent), and the cases that failed.
   * @throws {LinkedEnforcementError} `INVALID_INPUT` for a bad `now`.
   * @example
   * (await engine.sweep('2026-10-14T09:00:00+08:00')).overdue.map((o) => o.caseId)
   * //=> ['c1']
   */
  sweep(now?: Date | string): Promise<SweepReport>;

  /**
   * Checks the case's audit log: the hash chain, the envelope's pin on its newest entry, and the
   * stored history against it (see `verifyAuditChain`).
   *
   * @param caseId - The case.
   * @returns `{ ok: true, entries, head }` or `{ ok: false, brokenAt, reason }`.
   * @throws {LinkedEnforcementError} `CASE_NOT_FOUND`, `INVALID_INPUT`.
   * @example
   * (await engine.verifyAudit('c1')).ok
   * //=> true
   */
  verifyAudit(caseId: string): Promise<AuditVerification>;
}
