import type { CaseMachine } from '../../machines/createCaseMachine.js';
import type { BlobStore } from '../blobs/types.js';
import type { Label } from '../../machines/labels.js';
import type { Actor, CaseEvent, CaseEventType, CaseInput, CaseOrigin } from '../../machines/schemas.js';
import type { DeadlineView, HistoryView } from '../../machines/selectors.js';
import type { CaseDossier, CaseNotification, CaseStage, CaseStatePath } from '../../machines/types.js';
import type { AuditEntry, CaseEnvelope, ListQuery, SendOptions } from './schemas.js';
import type { CaseStatsWrite, StatsGroupTotals, StatsQuery, StatsReport, StatsStoreQuery } from './statsTypes.js';

export type { AuditEntry, CaseEnvelope, ListQuery, SendOptions } from './schemas.js';
export type * from './statsTypes.js';

/** What a store indexes for `list` and `sweep`, derived by the engine from the snapshot on every write. */
export interface CaseSummary {
  readonly caseId: string;
  readonly version: number;
  readonly state: CaseStatePath;
  readonly stage: CaseStage;
  readonly status: 'active' | 'done';
  /** The initiator, the lead and the cooperating units (for a cooperating unit's request, 配合单位提请, the item's lead unit from the opening; otherwise the lead from the dispatch). */
  readonly units: readonly string[];
  readonly nextDueAt: string | null;
  /**
   * When `sweep` must next look at the case: the earlier of `nextDueAt` and the next reminder
   * (预警) not yet sent, by the engine's `reminders` rule; `null` for none. Absent in summaries
   * written before 0.4: a store then wakes the case at `nextDueAt`.
   */
  readonly nextWakeAt?: string | null;
  /** Some deadline's status is `overdue` (a `deadline.check` recorded it). */
  readonly hasOverdue: boolean;
  /** How the case started (立案方式). */
  readonly origin: CaseOrigin;
  /** The catalog item (事项编号), `null` for a case without one. */
  readonly itemNo: number | null;
  /** When the case was opened: `list` pages in this order, newest first. */
  readonly openedAt: string;
  /** The `at` of the newest event. */
  readonly updatedAt: string;
  /**
   * Who owes the next step (待办), for `engine.inbox`: each actor key with since when the case has
   * waited on it and its nearest open deadline. Absent in summaries written before 0.4 (the
   * engine indexes those cases on its first `inbox` or `done`).
   */
  readonly actors?: readonly CaseActorEntry[];
  /** Who has acted on the case (已办), for `engine.done`: each actor key with the `at` of its latest event. Absent before 0.4. */
  readonly participants?: readonly CaseParticipantEntry[];
}

/** One actor a case waits on (待办), as a store indexes it. */
export interface CaseActorEntry {
  /** `unit:<id>`, `leader:principal`, `leader:inCharge`, or `leader:<name>` when the machine has a roster of leaders. */
  readonly actor: string;
  /** Since when the case has waited on this actor. */
  readonly waitingSince: string;
  /** The `dueAt` of the actor's nearest open (pending or overdue) deadline in the case, or `null`. */
  readonly dueAt: string | null;
}

/** One actor that has acted on a case (已办), as a store indexes it. */
export interface CaseParticipantEntry {
  /** `unit:<id>`; a county leader under both `leader:<post>` and `leader:<name>`. */
  readonly actor: string;
  /** The `at` of its latest event in the case. */
  readonly lastActedAt: string;
}

/**
 * What an idempotency key produced: the version its request wrote. A retry with the key rebuilds
 * that version's result from the audit log (whose entry carries the key and the request hash).
 */
export interface IdempotencyRecord {
  readonly key: string;
  /** SHA-256 of the event as the caller sent it: a reused key with another event is refused. */
  readonly requestHash: string;
  readonly version: number;
  /**
   * The whole result: written by 0.1, and by 0.2 only for a case whose older history the log
   * cannot rebuild (entries of an older machine release).
   */
  readonly result?: SendResultData;
}

/** One notification of an accepted event, as the write puts it in the outbox (发件箱). */
export interface OutboxMessage {
  /** `<caseId>/<version>/<index>`: stable, the same on every redelivery (a receiver drops repeats by it). */
  readonly id: string;
  readonly caseId: string;
  readonly version: number;
  /** Its position among the event's notifications, from 0. */
  readonly index: number;
  readonly notification: CaseNotification;
  /** When the event was recorded (the engine's clock): the first delivery is due then. */
  readonly createdAt: string;
}

/** Where a notification is: waiting (or being delivered), delivered, or parked after `maxAttempts`. */
export type NotificationStatus = 'pending' | 'delivered' | 'failed';

/** A notification in the outbox with its delivery state. Instants are the engine's clock. */
export interface OutboxRecord extends OutboxMessage {
  readonly status: NotificationStatus;
  /** Deliveries started so far (a crashed one counts). */
  readonly attempts: number;
  /** Not delivered before this instant (backoff after a failure). */
  readonly nextAttemptAt: string;
  /** Claimed by an engine until then; after it, another may take it. */
  readonly leaseUntil: string | null;
  readonly deliveredAt: string | null;
  readonly failedAt: string | null;
  /** The last handler error, as text. */
  readonly lastError: string | null;
}

/** Everything one `open` or `send` writes, together or not at all. */
export interface CaseWrite {
  readonly caseId: string;
  readonly envelope: CaseEnvelope;
  readonly summary: CaseSummary;
  readonly entry: AuditEntry;
  readonly idempotency?: IdempotencyRecord;
  /** The event's notifications, into the outbox in the same write. */
  readonly outbox: readonly OutboxMessage[];
  /**
   * The summary of the version this write replaces, as the engine holds it (absent for
   * `create`). A `commit` only lands on exactly that version, so a store may update its indexes
   * from the difference without reading first.
   */
  readonly previous?: CaseSummary;
  /**
   * The envelope as canonical JSON, its snapshot being the very text the entry's
   * `snapshotDigest` was computed from. A store that keeps JSON text (the PostgreSQL store's
   * `json` columns) writes it as it is instead of serializing the envelope again.
   */
  readonly envelopeJson?: string;
  /** The case's statistics (统计) and the step visits the event opened or closed, stored in the same write. */
  readonly stats?: CaseStatsWrite;
}

/**
 * A store's answer to a write: written, or refused because the case is at another version
 * (`null`: no case) or, with `idempotencyKeyTaken`, because the write's idempotency key already
 * has a record (a retry of an earlier request: the engine looks the key up and replays it).
 */
export type WriteOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly actualVersion: number | null; readonly idempotencyKeyTaken?: boolean };

/** Where a page of `list` starts: after this case in the list's order (newest opening first, then case id, descending). */
export interface ListPosition {
  readonly openedAt: string;
  readonly caseId: string;
}

/**
 * `list`'s filters as a store applies them. A `state` filter naming a stage with steps of its
 * own (`enforcing`) arrives as `stage`; any other as `state`.
 */
export interface StoreQuery {
  /** A state path, or a top-level state without steps. */
  readonly state?: string;
  /** A top-level state with steps (`enforcing`): every step matches. */
  readonly stage?: string;
  readonly unit?: string;
  readonly origin?: CaseOrigin;
  readonly itemNo?: number;
  /** Opened at or after this instant. */
  readonly openedFrom?: string;
  /** Opened before this instant. */
  readonly openedTo?: string;
  /** With (or without) a deadline overdue at `now`: `hasOverdue`, or `nextDueAt` before `now`. */
  readonly overdue?: boolean;
  /** The engine's now. */
  readonly now: string;
  /** Continue after this position (exclusive). */
  readonly after?: ListPosition;
  /** At most this many cases. */
  readonly limit: number;
}

/** `claimDue`'s request: lease up to `limit` cases whose wake time (`nextWakeAt`, else `nextDueAt`) has come by `now` to the caller. */
export interface DueClaim {
  /** What is due: a wake time at or before this instant (0.3 stores: `nextDueAt` before it; a reminder then goes out a moment later). */
  readonly now: string;
  /** The engine's clock: a lease that ended before it no longer holds a case. */
  readonly clockNow: string;
  /** Until when the claimed cases are left to the caller (another `claimDue` skips them). */
  readonly leaseUntil: string;
  readonly limit: number;
}

/** A stored case as a store hands it back: the envelope and (when asked) audit entries, checked by the engine. */
export interface StoredCase {
  readonly envelope: unknown;
  /** Audit entries from version `logFrom` up to the envelope's version, in order. */
  readonly entries?: readonly unknown[];
}

/** `claimNotifications`' request: lease up to `limit` due notifications to the caller's `token`. */
export interface NotificationClaim {
  /** The engine's now: due means `nextAttemptAt <= now` and no unexpired lease. */
  readonly now: string;
  readonly leaseUntil: string;
  /** A fresh random token; settling needs it, so a late settle after another claim changes nothing. */
  readonly token: string;
  readonly limit: number;
  /** A due notification already started this many times is parked as failed instead of claimed. */
  readonly maxAttempts: number;
  /** Only these ids (the engine delivering a write's own notifications). */
  readonly ids?: readonly string[];
}

/** How a claimed notification's delivery ended. */
export interface NotificationSettlement {
  readonly id: string;
  readonly token: string;
  readonly outcome: 'delivered' | 'retry' | 'failed';
  /** The engine's now. */
  readonly at: string;
  /** For `retry`: when to try again. */
  readonly nextAttemptAt?: string;
  /** For `retry` and `failed`: what the handler threw. */
  readonly error?: string;
}

/** `notifications`' filters. */
export interface NotificationQuery {
  readonly status: NotificationStatus;
  readonly caseId?: string;
  readonly limit: number;
}

/**
 * Where the engine keeps cases. The engine does the workflow and validation; a store only has
 * to be atomic: each `create`/`commit` writes the envelope, the summary, the audit entry, the
 * idempotency record and the outbox messages together or not at all, and `commit` only when the
 * stored version is `expectedVersion` (compare-and-set). Values handed back are validated again
 * by the engine. A method that fails throws; the engine reports anything but a
 * `LinkedEnforcementError` as `STORE_UNAVAILABLE`.
 */
export interface CaseStore {
  /** `memory`, `postgres`, …: for messages and benchmarks. */
  readonly name: string;
  /**
   * The stored envelope; with `logFrom`, its audit entries from that version up to the
   * envelope's (store format 2 rebuilds the history from them); with `idempotencyKey`, that
   * key's record when there is one.
   */
  load(caseId: string, options?: { readonly idempotencyKey?: string; readonly logFrom?: number }): Promise<(StoredCase & { readonly idempotency?: unknown }) | undefined>;
  /** Writes a new case at version 1; refused when the id exists. */
  create(write: CaseWrite): Promise<WriteOutcome>;
  /** Writes the next version when the stored one is still `expectedVersion`. */
  commit(write: CaseWrite, expectedVersion: number): Promise<WriteOutcome>;
  /**
   * Everything `verifyAudit` checks, read as one consistent snapshot: the envelope, the whole
   * audit log in version order (also rows beyond the envelope's version), the stored summary
   * (the columns `list` and `sweep` use; instants as ISO strings) and the idempotency records.
   */
  audit(caseId: string): Promise<{ readonly envelope: unknown; readonly entries: readonly unknown[]; readonly summary?: unknown; readonly idempotency?: readonly unknown[] } | undefined>;
  /**
   * Up to `query.limit` cases matching every filter given (see `matchesQuery`), newest opening
   * first (then case id, descending, by UTF-16 code unit / `COLLATE "C"`), after `query.after`;
   * each with its whole log. Should cost the same at any number of cases: an index per filter.
   */
  list(query: StoreQuery): Promise<readonly (StoredCase & { readonly caseId: string; readonly openedAt: string })[]>;
  /**
   * Claims up to `claim.limit` cases whose `nextDueAt` is before `claim.now`, earliest first,
   * skipping cases another claim holds; leases them until `claim.leaseUntil` (a write to the case
   * ends its lease). Safe from several engines at once: each case goes to one of them.
   */
  claimDue(claim: DueClaim): Promise<readonly string[]>;
  /** Case ids after `after` (by UTF-16 code unit / `COLLATE "C"`), at most `limit`: what `verifyAll` walks. */
  caseIds(options: { readonly after?: string; readonly limit: number }): Promise<readonly string[]>;
  /** Leases due notifications to `claim.token`, oldest due first; parks those out of attempts. Safe from several engines at once. */
  claimNotifications(claim: NotificationClaim): Promise<readonly OutboxRecord[]>;
  /** Records how deliveries ended; ignores a settlement whose token no longer holds the lease. Returns the ids settled. */
  settleNotifications(settlements: readonly NotificationSettlement[]): Promise<readonly string[]>;
  /** Notifications with the given status, oldest first. */
  notifications(query: NotificationQuery): Promise<readonly OutboxRecord[]>;
  /**
   * 待办 (0.4): up to `limit` cases waiting on `query.actor`, most urgent first (soonest `dueAt`,
   * no deadline last, then longest waiting, then case id), after `query.after`, with their
   * envelope and log as `list` gives them. Optional: `engine.inbox` on a store without it fails
   * with `STORE_UNAVAILABLE`.
   */
  inbox?(query: InboxStoreQuery): Promise<readonly InboxStoreRow[]>;
  /** 已办 (0.4): up to `limit` cases `query.actor` acted on, newest `lastActedAt` first, after `query.after`. Optional, as `inbox`. */
  done?(query: DoneStoreQuery): Promise<readonly DoneStoreRow[]>;
  /** Up to `limit` ids of cases written before 0.4, whose actors are not indexed yet. */
  unindexedCases?(limit: number): Promise<readonly string[]>;
  /** Indexes the actors and participants of `summary` (the case as restored) when the case is still at `summary.version`; whether it did. */
  indexCase?(summary: CaseSummary): Promise<boolean>;
  /**
   * Statistics (统计报表): the counts and sums of the cases opened in [`from`, `to`), per group,
   * from what the writes stored (`CaseWrite.stats`), without reading cases. Optional for a store
   * of one's own: `engine.stats` refuses a store without it.
   */
  stats?(query: StatsStoreQuery): Promise<readonly StatsGroupTotals[]>;
  /** Ids (after `after`, by code unit) of cases written before the store kept statistics: `engine.stats` brings them up to date first. */
  statsBacklog?(options: { readonly after?: string; readonly limit: number }): Promise<readonly string[]>;
  /** Stores every statistic of a case written before the store kept them, unless the case has moved past `write.stats.version`. */
  backfillStats?(caseId: string, write: CaseStatsWrite): Promise<void>;
}

/** A page of 待办 as `engine.inbox` asks a store for it. */
export interface InboxStoreQuery {
  /** An actor key: `unit:<id>`, `leader:principal`, `leader:inCharge`, `leader:<name>`. */
  readonly actor: string;
  readonly after?: { readonly dueAt: string | null; readonly waitingSince: string; readonly caseId: string };
  readonly limit: number;
}

/** One case of a 待办 page: where it sorts, and the case as `list` gives it. */
export interface InboxStoreRow extends StoredCase {
  readonly caseId: string;
  readonly dueAt: string | null;
  readonly waitingSince: string;
}

/** A page of 已办 as `engine.done` asks a store for it. */
export interface DoneStoreQuery {
  readonly actor: string;
  readonly after?: { readonly lastActedAt: string; readonly caseId: string };
  readonly limit: number;
}

/** One case of a 已办 page. */
export interface DoneStoreRow extends StoredCase {
  readonly caseId: string;
  readonly lastActedAt: string;
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
  /** The release of `machine` written into every envelope (default `CASE_MACHINE_VERSION`, 3, this release's). */
  readonly machineVersion?: number;
  /**
   * Steps from older `machineVersion`s to `machineVersion`. The case machine's own (1 → 2 → 3) are
   * built in; one given here from the same version replaces the built-in one.
   */
  readonly migrations?: readonly CaseMigration[];
  /**
   * Where the legal documents (法律文书) events refer to are kept. With it, `send` refuses
   * (`INVALID_EVENT`) an event carrying a document the store does not hold with the same hash,
   * size and media type, and `verifyAudit` re-hashes every file the log refers to. Without it,
   * references are checked for their shape only.
   */
  readonly blobs?: BlobStore;
  /** Default: the system clock. Tests inject one and never wait for real time. */
  readonly clock?: Clock;
  /** Who `sweep` sends `deadline.check` and `deadline.remind` as (default `{ system: 'sweep' }`). */
  readonly sweeper?: Extract<Actor, { system: string }>;
  /**
   * Reminders (预警): `sweep` sends `deadline.remind` once per pending deadline, at the start
   * (00:00 Beijing time) of the working day `beforeDueWorkingDays` working days before its due
   * day by the machine's calendar (0: the due day itself), and the case emits one
   * `deadlineApproaching` notification to the responsible unit and the command center.
   * Default `{ beforeDueWorkingDays: 1 }`; an integer 0–30; `false` turns reminders off.
   */
  readonly reminders?: { readonly beforeDueWorkingDays?: number } | false;
  /**
   * Called for every notification of an accepted event, after the write is stored: the engine
   * delivers the write's own notifications from the outbox at once. One that throws (or one
   * left by a crash) stays in the outbox for `deliverNotifications()`, which uses this hook as
   * its default handler. At least once: drop repeats by `meta.id`.
   */
  readonly onNotification?: NotificationHandler;
  /** Called when `onNotification` throws right after a write; the write stands either way (default: `console.error`). */
  readonly onHookError?: (error: unknown, notification: CaseNotification) => void;
  /** How often `send` without `expectedVersion` reloads and retries after losing a race (default 10). */
  readonly maxAttempts?: number;
  /**
   * How far ahead of the engine's clock a caller's `at` (and `sweep(now)`) may lie (default
   * 120 000, two minutes): servers' clocks drift a little, a date years ahead would lock the case.
   */
  readonly maxClockSkewMs?: number;
  /** Notification delivery from the outbox; see {@link DeliveryOptions}. */
  readonly delivery?: DeliveryOptions;
}

/** How the outbox is delivered; every field has a default. */
export interface DeliveryOptions {
  /** Deliveries started before a notification is parked as failed (default 8). */
  readonly maxAttempts?: number;
  /** The wait after the first failure, doubled after each next one (default 1 000 ms). */
  readonly baseDelayMs?: number;
  /** The longest wait between attempts (default 3 600 000 ms, an hour). */
  readonly maxDelayMs?: number;
  /** How long a claim holds a notification, and how long a handler may take before it counts as failed (default 60 000 ms). */
  readonly leaseMs?: number;
}

/** Who a delivered notification is, for a receiver that drops repeats. */
export interface NotificationMeta {
  /** `<caseId>/<version>/<index>`: the same on every redelivery. */
  readonly id: string;
  readonly caseId: string;
  readonly version: number;
  /** 1 for the first delivery, then 2, 3… */
  readonly attempt: number;
}

/** Sends one notification (SMS, the platform's inbox…); throwing (or rejecting) means "try again later". */
export type NotificationHandler = (notification: CaseNotification, meta: NotificationMeta) => void | Promise<void>;

/** What one `deliverNotifications` call did. */
export interface DeliveryReport {
  /** Ids delivered. */
  readonly delivered: readonly string[];
  /** Ids whose handler threw, to be tried again at `nextAttemptAt`. */
  readonly retried: readonly { readonly id: string; readonly attempts: number; readonly nextAttemptAt: string; readonly error: string }[];
  /** Ids parked as failed: their handler threw on the last allowed attempt. */
  readonly failed: readonly { readonly id: string; readonly attempts: number; readonly error: string }[];
}

/** The actor's nearest open deadline in an inbox item, as of the engine's clock. */
export interface InboxDeadline extends DeadlineView {
  /**
   * Working days left until `dueDate` (Beijing calendar, the machine's working-day calendar):
   * 0 on the due day; negative once the deadline has passed — the working days since, at least 1.
   */
  readonly remainingWorkingDays: number;
}

/** What an inbox and a done item both say of their case: which case, at which version, where it stands. */
export interface CaseHeading {
  readonly caseId: string;
  readonly version: number;
  readonly title: string;
  /** The catalog item (事项编号), `null` for a case without one. */
  readonly itemNo: number | null;
  readonly state: CaseStatePath;
  /** The state's Chinese and English name, e.g. `{ zh: '法制审核', en: 'Legal review' }`. */
  readonly stateLabel: Label;
}

/** One case in an actor's 待办 (`engine.inbox`): a case that owes it the next step. */
export interface InboxItem extends CaseHeading {
  /** Every event type the actor may send now (as `allowedEvents` at the engine's clock), the steps it owes among them. */
  readonly events: readonly CaseEventType[];
  /** Since when the case has waited on the actor. */
  readonly waitingSince: string;
  /** The actor's nearest open deadline in the case (a unit's acknowledgement or results deadline, or a step limit it or — for a leaders' decision — any leader who may take it must keep), or `null`. */
  readonly deadline: InboxDeadline | null;
}

/** One case in an actor's 已办 (`engine.done`): a case it has acted on. */
export interface DoneItem extends CaseHeading {
  readonly status: 'active' | 'done';
  /** The `at` of the actor's latest event in the case. */
  readonly lastActedAt: string;
  /** The event types the actor may send now (often none). */
  readonly events: readonly CaseEventType[];
}

/** A page of `engine.inbox`: its items, the cursor of the next page (`null` on the last), and cases that could not be read. */
export interface InboxPage {
  readonly items: InboxItem[];
  readonly nextCursor: string | null;
  readonly failed: ListFailure[];
}

/** A page of `engine.done`. */
export interface DonePage {
  readonly items: DoneItem[];
  readonly nextCursor: string | null;
  readonly failed: ListFailure[];
}

/** The options of `engine.inbox` and `engine.done`. */
export interface InboxOptions {
  /** Cases per page, 1–1000 (default 20). */
  readonly limit?: number;
  /** `nextCursor` of the previous page, as it was handed out. */
  readonly cursor?: string;
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

/** One case `sweep` found overdue (or, in `reminded`, reminded of deadlines coming due). */
export interface OverdueCase {
  readonly caseId: string;
  readonly version: number;
  /** The deadlines that became overdue (in `reminded`: the deadlines reminded). */
  readonly deadlines: readonly DeadlineView[];
  readonly notifications: readonly CaseNotification[];
}

/** A case `list` matched but could not restore (e.g. `INCOMPATIBLE_SNAPSHOT`): the page goes on without it. */
export interface ListFailure {
  readonly caseId: string;
  readonly code: string;
  readonly message: string;
}

/** One page of `engine.list`. */
export interface CasePage {
  /** The cases' views, newest opening first. */
  readonly items: CaseView[];
  /** Pass it as `cursor` for the next page; `null` after the last. */
  readonly nextCursor: string | null;
  /** Cases of this page that could not be restored (run `verifyAudit` on them). */
  readonly failed: ListFailure[];
}

/** What `sweep` did. */
export interface SweepReport {
  readonly now: string;
  readonly overdue: readonly OverdueCase[];
  /** Cases reminded (预警) of deadlines coming due: the deadlines reminded, with the `deadlineApproaching` notifications sent. */
  readonly reminded: readonly OverdueCase[];
  /** Cases it could not check (e.g. `INCOMPATIBLE_SNAPSHOT`); the others were still swept. */
  readonly failed: readonly { readonly caseId: string; readonly code: string; readonly message: string }[];
}

/** What kind of disagreement an audit found (see the README's audit section). */
export type AuditProblemKind = 'entry' | 'sequence' | 'chain' | 'envelope' | 'snapshot' | 'replay' | 'column' | 'idempotency' | 'calendar' | 'blob';

/** One thing `verifyAudit` found. `version` names the log entry (or the stored case's version) it concerns. */
export interface AuditProblem {
  readonly kind: AuditProblemKind;
  readonly version: number | null;
  readonly message: string;
  /** The table (PostgreSQL) or record the problem is in: `case_log`, `cases`, `case_idempotency`… */
  readonly table?: string;
  /** The stored column, or the idempotency key. */
  readonly field?: string;
}

/**
 * `verifyAudit`'s verdict. `head` is the newest entry's SHA-256: anchor it outside the database.
 * `ok` is false when there is any problem; `warnings` (deadlines computed from calendar data that
 * has changed since) do not make it false. `brokenAt` and `reason` repeat the first problem.
 */
export interface AuditVerification {
  readonly caseId: string;
  readonly ok: boolean;
  readonly problems: readonly AuditProblem[];
  readonly warnings: readonly AuditProblem[];
  /** Whether the log was replayed through this engine's machine (not for logs with entries of an older machine release). */
  readonly replayed: boolean;
  /** Why it was not replayed (or where the replay stopped). */
  readonly replayNote?: string;
  /** The well-formed entries, oldest first. */
  readonly entries: readonly AuditEntry[];
  /** SHA-256 of the newest entry, or `null` for an empty log. */
  readonly head: string | null;
  /** The version of the first problem (`ok: false` only). */
  readonly brokenAt?: number;
  /** The message of the first problem (`ok: false` only). */
  readonly reason?: string;
}

/** One page of `verifyAll`. */
export interface AuditSweep {
  readonly cases: readonly AuditVerification[];
  /** Pass it as `cursor` for the next page; `null` after the last case. */
  readonly nextCursor: string | null;
}

/**
 * The case engine made by `createCaseEngine`. Every method validates its arguments, and a call
 * that fails changes nothing that is stored.
 */
export interface CaseEngine {
  readonly store: CaseStore;
  /** The blob store (文件存储) given as `createCaseEngine({ blobs })`, if any: where the documents its events refer to are kept (the HTTP server's `POST /documents` stores into it). */
  readonly blobs?: BlobStore;
  readonly machine: CaseMachine;
  readonly machineVersion: number;

  /**
   * Opens a case (立案) at version 1.
   *
   * @param input - The opening input (`caseInputSchema`); `at` defaults to the clock's now, and may not lie more than `maxClockSkewMs` ahead of it.
   * @returns The case view at version 1, with the notifications the opening emitted.
   * @throws {LinkedEnforcementError} `INVALID_INPUT` for bad input (also an `at` ahead of the clock or outside 2000–2099);
   * `NOT_ALLOWED` when `input.by` may not open this origin (context: `caseId`, `type: 'case.open'`, `origin`, `by`, `reason`);
   * `VERSION_CONFLICT` when the id exists (`expectedVersion: 0`); `STORE_UNAVAILABLE`.
   * @example
   * (await engine.open({ caseId: 'c1', title: '农贸市场联合检查', itemNo: 1, origin: 'application', applicant: 'market-regulation', by: { unit: 'market-regulation' } })).version
   * //=> 1
   */
  open(input: CaseOpenInput): Promise<SendResult>;

  /**
   * Applies one event, atomically: the new snapshot, the version bump, the audit entry and the
   * notifications (into the outbox) are stored together or not at all. Without `expectedVersion`
   * a lost race is retried on the fresh case (up to `maxAttempts`, re-stamped); with it, a lost
   * race is a `VERSION_CONFLICT`.
   *
   * @param caseId - The case.
   * @param event - The event (`caseEventSchema`); `by` is required. Leave `at` out: the engine stamps it after loading the case,
   * with the later of its clock and the case's last event. A given `at` may not lie more than `maxClockSkewMs` ahead of the clock.
   * @param options - `expectedVersion` (compare-and-set) and `idempotencyKey` (a retry returns the first result).
   * @returns The new case view, with the notifications the event emitted.
   * @throws {LinkedEnforcementError} `CASE_NOT_FOUND`; `INVALID_EVENT` (with the zod issues); `NOT_ALLOWED` (who, what, which state, why);
   * `VERSION_CONFLICT` (expected and actual version); `INCOMPATIBLE_SNAPSHOT`; `INVALID_INPUT` for a bad id or options, or a reused idempotency key;
   * `STORE_UNAVAILABLE` (with `retryable` and `outcome`: `not-applied`, or `unknown` when the store's answer was lost — retry with the same idempotency key).
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
   * One page of the cases matching every filter given, newest opening first (then by case id,
   * descending). Keyset pagination: pass `nextCursor` back as `cursor` for the next page; a case
   * is on exactly one page however many cases are opened meanwhile. A case that cannot be
   * restored is reported in `failed` instead of failing the page.
   *
   * @param query - `state` (path or stage), `unit` (taking part), `overdue` (as of the clock's now), `origin`, `itemNo`,
   * `openedFrom` (inclusive) and `openedTo` (exclusive); `limit` (default 50, at most 500) and `cursor`.
   * @returns `{ items, nextCursor, failed }`; `nextCursor` is `null` after the last page.
   * @throws {LinkedEnforcementError} `INVALID_INPUT` for a bad query, a limit above 500 or a cursor of another query; `STORE_UNAVAILABLE`.
   * @example
   * (await engine.list({ unit: 'fire-rescue', overdue: true })).items.map((view) => view.caseId)
   * //=> ['c1']
   */
  list(query?: ListQuery): Promise<CasePage>;

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
   * 待办: the open cases that owe `actor` their next step — a decision, the dispatch, the plan,
   * an acknowledgement or report not yet made, the end of enforcement, the results, the archive,
   * an amendment — most urgent first: overdue, then soonest due, then longest waiting. Optional
   * acts (催办, 发布信息, 会议记录, 撤回) do not put a case here; `deadline.check` is the sweep's.
   * Served by the store's index of who owes each case its next step (no case is loaded but the
   * page's). A county leader is matched by post, or by name when the machine has a roster.
   *
   * @param actor - A unit (`{ unit }`) or a county leader (`{ leader: { name, post } }`).
   * @param options - `limit` (1–1000, default 20) and `cursor` (the previous page's `nextCursor`).
   * @returns `{ items, nextCursor, failed }`.
   * @throws {LinkedEnforcementError} `INVALID_INPUT` for a bad actor (or the system), limit or cursor; `STORE_UNAVAILABLE` for a store without an inbox index, or one answering what `CaseStore` does not allow.
   * @example
   * (await engine.inbox({ unit: 'justice' })).items.map((item) => [item.caseId, item.events])
   * //=> [['c1', ['legal.approve', 'legal.return']]]
   */
  inbox(actor: Actor, options?: InboxOptions): Promise<InboxPage>;

  /**
   * 已办: the cases `actor` has acted on (a leader: under its post, or its name with a roster), newest first.
   *
   * @param actor - A unit or a county leader.
   * @param options - `limit` and `cursor`, as for `inbox`.
   * @returns `{ items, nextCursor, failed }`.
   * @throws {LinkedEnforcementError} `INVALID_INPUT` for a bad actor, limit or cursor; `STORE_UNAVAILABLE` for a store without an inbox index, or one answering what `CaseStore` does not allow.
   * @example
   * (await engine.done({ unit: 'command-center' })).items.map((item) => item.caseId)
   * //=> ['c1']
   */
  done(actor: Actor, options?: InboxOptions): Promise<DonePage>;

  /**
   * Sends `deadline.remind` (预警, as `sweeper`) to every case owing a reminder by the `reminders`
   * option, and `deadline.check` to every case whose next deadline has passed, earliest first,
   * using the store's wake index (`next_wake_at`). Safe to run from several instances:
   * each overdue case is checked once. One case failing does not stop the others. The check is
   * stamped at `now`, or at the case's last event when that is later (a clock behind another's).
   *
   * @param now - The instant to judge by (default: the clock's now); at most `maxClockSkewMs` ahead of the clock.
   * @returns What became overdue and what was reminded (with the notifications sent), and the cases that failed.
   * @throws {LinkedEnforcementError} `INVALID_INPUT` for a bad `now`, one ahead of the clock, or one outside 2000–2099.
   * @example
   * (await engine.sweep()).overdue.map((o) => o.caseId)
   * //=> ['c1']
   */
  sweep(now?: Date | string): Promise<SweepReport>;

  /**
   * Checks everything stored about the case (审计): the hash chain; each entry's digest of the
   * snapshot it produced; a replay of the logged events through this engine's machine from the
   * opening input, compared step by step with the log and at the end with the stored snapshot
   * and every stored column derived from it (state, units, next due time, version…); and each
   * idempotency record against the entry it names; with the engine's `blobs`, each file the log
   * refers to, re-hashed (a swapped, damaged or missing file is a `blob` problem). Never throws on
   * a malformed stored row: it becomes a problem.
   *
   * @param caseId - The case.
   * @returns `{ ok, problems, warnings, replayed, entries, head }`; `brokenAt` and `reason` repeat the first problem.
   * @throws {LinkedEnforcementError} `CASE_NOT_FOUND`, `INVALID_INPUT`, `STORE_UNAVAILABLE`.
   * @example
   * (await engine.verifyAudit('c1')).ok
   * //=> true
   */
  verifyAudit(caseId: string): Promise<AuditVerification>;

  /**
   * `verifyAudit` for every case, one page at a time, by case id.
   *
   * @param options - `limit` (default 100, at most 1 000) and the previous page's `nextCursor`.
   * @returns The verdicts and the cursor of the next page (`null` after the last).
   * @throws {LinkedEnforcementError} `INVALID_INPUT` for bad options; `STORE_UNAVAILABLE`.
   * @example
   * (await engine.verifyAll({ limit: 50 })).cases.every((verdict) => verdict.ok)
   * //=> true
   */
  verifyAll(options?: { readonly limit?: number; readonly cursor?: string }): Promise<AuditSweep>;

  /**
   * Delivers due notifications from the outbox (发件箱): claims up to `limit` (several engines may
   * call it at once: each notification goes to one of them at a time), awaits `handler` for each
   * in order, and marks it delivered. A handler that throws (or takes longer than `leaseMs`) gets
   * it again after a backoff, until `maxAttempts`; then it is parked as `failed`. At least once:
   * the receiver drops repeats by `meta.id`. Call it from the same timer as `sweep`.
   *
   * @param handler - Sends one notification (default: `onNotification`).
   * @param options - `limit` (default 100, at most 1 000).
   * @returns The ids delivered, retried and parked.
   * @throws {LinkedEnforcementError} `INVALID_INPUT` without a handler or for bad options; `STORE_UNAVAILABLE`.
   * @example
   * (await engine.deliverNotifications(async (n, meta) => sms.send(meta.id, n.recipients, n.message))).delivered
   * //=> ['c1/1/0']
   */
  deliverNotifications(handler?: NotificationHandler, options?: { readonly limit?: number }): Promise<DeliveryReport>;

  /**
   * The notifications waiting in the outbox (or, with `status`, the parked or delivered ones), oldest first.
   *
   * @param options - `status` (default `pending`), `caseId`, `limit` (default 100, at most 1 000).
   * @returns The outbox records with their delivery state.
   * @throws {LinkedEnforcementError} `INVALID_INPUT` for bad options; `STORE_UNAVAILABLE`.
   * @example
   * (await engine.pendingNotifications({ status: 'failed' })).map((record) => record.lastError)
   * //=> ['SMS gateway down']
   */
  pendingNotifications(options?: { readonly status?: NotificationStatus; readonly caseId?: string; readonly limit?: number }): Promise<OutboxRecord[]>;

  /**
   * Statistics (统计报表) of the cases opened from `from` to `to` (Beijing dates, both included),
   * grouped by lead unit, item, opening month or origin: outcomes, results on time / late /
   * overdue (as of the engine's clock) with the on-time rate, urges, and average working days
   * (by the machine's calendar) from opening to archive and per step. Aggregated by the store
   * (SQL on PostgreSQL), never by loading the cases; cases stored before the store kept
   * statistics are brought up to date first, once.
   *
   * @param query - `from`, `to` (`YYYY-MM-DD`, Beijing) and `by` (`leadUnit`, `item`, `month`, `origin`).
   * @returns `{ from, to, by, now, rows, total, failed }`; rows ordered by key, the group without a key last.
   * @throws {LinkedEnforcementError} `INVALID_INPUT` for a bad query (a malformed date, `from` after `to`, an unknown grouping)
   * or a store without statistics; `STORE_UNAVAILABLE`.
   * @example
   * (await engine.stats({ from: '2026-09-01', to: '2026-09-30', by: 'leadUnit' })).rows.map((row) => [row.label, row.opened])
   * //=> [['市场监管局', 1]]
   */
  stats(query: StatsQuery): Promise<StatsReport>;
}
