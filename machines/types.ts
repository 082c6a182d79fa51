import type { MetaObject, NonReducibleUnknown, StateMachine } from 'xstate';
import type { Role } from './_lib/rules.js';
import type { Actor, CaseEvent, CaseEventType, CaseInput, CaseOrigin, DocumentReference, EnforcementResults, Leader, WorkPlan } from './schemas.js';

/** The top-level states; their names are part of the public API (persisted, shown, queried). */
export type CaseStage =
  | 'preliminaryReview'
  | 'legalReview'
  | 'returned'
  | 'awaitingAmendment'
  | 'leaderApproval'
  | 'leaderConsent'
  | 'leadReview'
  | 'emergencyApproval'
  | 'dispatching'
  | 'enforcing'
  | 'aggregating'
  | 'archived'
  | 'rejected'
  | 'notApproved'
  | 'declined'
  | 'withdrawn';

/** The sub-states of `enforcing` (执法). */
export type EnforcingStep = 'planning' | 'executing' | 'reporting';

/** A state as a dotted path: `legalReview`, `enforcing.planning`. */
export type CaseStatePath = Exclude<CaseStage, 'enforcing'> | `enforcing.${EnforcingStep}`;

/**
 * A snapshot's `value`: a top-level state, or `{ enforcing: step }` while enforcing.
 * `opening` lasts no longer than the start of an actor: it routes the case by its origin.
 */
export type CaseStateValue = Exclude<CaseStage, 'enforcing'> | 'opening' | { enforcing: EnforcingStep };

/**
 * The states a case ends in: archived (存档), rejected (驳回), not approved (未批准), an emergency
 * request the lead unit declined (不予上报) or withdrawn (撤回).
 */
export type FinalStage = 'archived' | 'rejected' | 'notApproved' | 'declined' | 'withdrawn';

/** A unit taking part in a case, as dispatched. */
export interface CaseParticipant {
  /** A catalog unit id, or `locality:<name>` for a township or sub-district resolved from 属地…. */
  readonly unit: string;
  /** What to call it: the catalog label (统战部（民宗局）) or the locality's name. */
  readonly label: string;
  readonly as?: string;
  /** The placeholder it stands in for (属地街道 / 属地乡镇（街道）). */
  readonly placeholder?: string;
}

/** The units a dispatch assigned (派送任务), where and when they meet. */
export interface CaseAssignment {
  readonly lead: CaseParticipant;
  readonly cooperating: readonly CaseParticipant[];
  /** Where (地点) and when (时间) the units meet to enforce together. */
  readonly place: string;
  readonly startAt: string;
  readonly dispatchedAt: string;
  /** Who dispatched: the center, or in an emergency the item's lead unit. Absent in cases dispatched before 0.2.0. */
  readonly dispatchedBy?: Actor;
  /** Why the lead is not the catalog item's (the dispatch must say so when it replaces it). */
  readonly leadChangeReason?: string;
}

/**
 * `pending`, `met` (done on time), `late` (done after it), `overdue` (found past it, not done)
 * or `missed` (never done, and no longer due: a cooperating unit that had not acknowledged its
 * task when enforcement ended).
 */
export type DeadlineStatus = 'pending' | 'met' | 'late' | 'overdue' | 'missed';

/** What a deadline is for. */
export type DeadlineKind =
  /** 执法工作结束后5个工作日内上传执法结果 (附件2 牵头单位 6): the lead unit's. */
  | 'resultsUpload'
  /** 按照指定的时间: a cooperating unit confirms its task (staff, equipment) by the dispatch's `startAt`. */
  | 'acknowledgement'
  /** A step's time limit (环节办理时限) the county set (`createCaseMachine({ stepLimits })`), counted from entering the step. */
  | 'step';

/**
 * A step a county may limit in working days (`createCaseMachine({ stepLimits })`): 初审
 * (`preliminaryReview`), 法制审核 (`legalReview`), 审批/同意 (`approval`: 县领导审批, 分管县领导同意,
 * 牵头单位研究, 突发事件报县委县政府审核), 派送 (`dispatching`), the work plan (`workPlan`, 起草工作方案)
 * and 汇总 (`aggregating`).
 */
export type LimitedStep = 'preliminaryReview' | 'legalReview' | 'approval' | 'dispatching' | 'workPlan' | 'aggregating';

/** A time limit: the results upload (working days, by the calendar), an acknowledgement (by `startAt`) or a step's limit (working days). */
export interface CaseDeadline {
  readonly kind: DeadlineKind;
  /** The unit it binds; for a step that leaders decide (审批/同意), the command center, which reported it to them and follows it up. */
  readonly unit: string;
  /** A step limit's step (环节). */
  readonly step?: LimitedStep;
  /** A step limit's state: the one whose entry started it (审批/同意 is one of four). */
  readonly state?: CaseStatePath;
  /** A step limit's responsible party (责任方): who must act for the case to leave the step — a unit, leaders on the roster, or a group of leaders. */
  readonly responsible?: readonly Recipient[];
  /** The instant the clock started (enforcement ended; the task was dispatched; the step was entered). */
  readonly startedAt: string;
  /** Working days counted (0 for an acknowledgement, due at the dispatch's `startAt`). */
  readonly workingDays: number;
  /** The last day, a Beijing calendar date. */
  readonly dueDate: string;
  /** On time means at or before this instant: the end of `dueDate` in Beijing time, or the dispatch's `startAt`. */
  readonly dueAt: string;
  /** Some day counted was an estimated holiday arrangement. */
  readonly provisional: boolean;
  readonly status: DeadlineStatus;
  /** When it was met (or met late). */
  readonly doneAt?: string;
  /** When a check found it overdue. */
  readonly overdueAt?: string;
  /** When the sweep sent its reminder (预警, `deadline.remind`): at most one per deadline. Absent before 0.4. */
  readonly remindedAt?: string;
  /** When it became `missed`. */
  readonly missedAt?: string;
}

/** One accepted event in the case's history (流转记录). */
export interface HistoryEntry {
  /** 0 for the opening, then 1, 2, 3… without gaps. */
  readonly seq: number;
  readonly type: CaseEventType | 'case.open';
  readonly by: Actor;
  readonly at: string;
  /** `null` for the opening. */
  readonly from: CaseStatePath | null;
  readonly to: CaseStatePath;
  readonly reason?: string;
  readonly opinion?: string;
  readonly note?: string;
  /** The unit an urge (催办) was addressed to. */
  readonly unit?: string;
  /** Why a dispatch replaced the catalog's lead unit. */
  readonly leadChangeReason?: string;
}

/** A review or approval decision and its opinion (审核意见); `leadReview` is the lead unit's on an emergency request. */
export interface Opinion {
  readonly kind: 'preliminaryReview' | 'legalReview' | 'leadReview' | 'leader';
  readonly by: Actor;
  readonly at: string;
  readonly decision: 'pass' | 'approve' | 'return' | 'reject' | 'deny' | 'report' | 'decline';
  readonly text?: string;
}

/**
 * A document a case recorded by name only, before documents were files (0.3 and earlier, machine
 * version 2 and below): the 2 → 3 migration turns each stored name into `{ name }`. It has no
 * bytes and no hash; new events always carry a {@link DocumentReference}.
 */
export interface LegacyDocument {
  readonly name: string;
}

/** A document as a case recorded it: a reference to a stored file, or a name from before 0.4.0. */
export type RecordedDocument = DocumentReference | LegacyDocument;

/** A cooperating unit's legal documents reported to the lead unit (附件2 配合单位 4). */
export interface UnitReport {
  readonly unit: string;
  readonly at: string;
  readonly summary: string;
  readonly documents: readonly RecordedDocument[];
  /** Sent after the lead uploaded the results. */
  readonly afterUpload: boolean;
  /** 完善和加强联动执法的意见建议 (附件2 配合单位 5). */
  readonly suggestions?: string;
}

/** A cooperating unit's confirmation of its task (附件2 配合单位 1–2): the staff and equipment it sends. */
export interface Acknowledgement {
  readonly unit: string;
  readonly at: string;
  /** 行政执法人员: how many it sends. */
  readonly staff: number;
  /** 装备、技术等执法保障. */
  readonly equipment?: string;
}

/** A joint meeting the lead unit held (联动执法联席会议, 附件2 牵头单位 2). */
export interface Meeting {
  readonly by: Actor;
  /** When it was recorded. */
  readonly at: string;
  /** When it was held. */
  readonly heldAt: string;
  readonly attendees: readonly string[];
  readonly decisions: string;
}

/** Information the lead unit published to every participant (统一发布联动执法信息, 附件2 牵头单位 4). */
export interface Publication {
  readonly by: Actor;
  readonly at: string;
  readonly text: string;
}

/** The results the lead unit uploaded, with when and which reports were missing. */
export interface UploadedResults extends Omit<EnforcementResults, 'documents'> {
  /** 执法文书: references to stored files (legacy names in results uploaded before 0.4.0). */
  readonly documents?: readonly RecordedDocument[];
  readonly at: string;
  /** Cooperating units whose report (附件2 配合单位 4) had not arrived when the results were uploaded. */
  readonly missingReports: readonly string[];
}

/** An urge (催办) the command center or the lead unit sent. */
export interface Urge {
  readonly unit: string;
  readonly at: string;
  readonly by: Actor;
  readonly message?: string;
}

/** How a case started, as the input gave it. */
export type CaseOriginDetails =
  | { readonly origin: 'application'; readonly applicant: string; readonly description?: string }
  | { readonly origin: 'leaderAssignment'; readonly leader: Leader; readonly instruction: string }
  | { readonly origin: 'centerInitiated'; readonly reason: string }
  | { readonly origin: 'emergency'; readonly reporter: string; readonly description: string }
  | { readonly origin: 'emergencyRequest'; readonly reporter: string; readonly description: string };

/** A work plan as recorded: the plan, when, and its revision (1, 2, …). */
export type RecordedWorkPlan = WorkPlan & { readonly at: string; readonly revision: number };

/**
 * A work plan recorded before 0.2.0 (machine version 1), kept as written: its parts were
 * optional and `division` was free text. The v1 → v2 migration marks it `machineVersion: 1`;
 * a revision submitted now replaces it with a {@link RecordedWorkPlan}.
 */
export interface LegacyWorkPlan {
  readonly machineVersion: 1;
  readonly summary: string;
  readonly division?: string;
  readonly content?: string;
  readonly methods?: string;
  readonly steps?: string;
  readonly timeLimit?: string;
  readonly contingency?: string;
  readonly at: string;
  readonly revision: number;
}

/** Everything a case holds: what the machine's context is, persisted with its snapshot. */
export interface CaseContext {
  readonly caseId: string;
  readonly title: string;
  readonly itemNo?: number;
  readonly origin: CaseOrigin;
  readonly originDetails: CaseOriginDetails;
  /** The unit that may resubmit or withdraw: the applicant, the reporter, or the center for its own cases. */
  readonly initiator?: string;
  readonly openedAt: string;
  /** Times the applicant amended and resubmitted. */
  readonly resubmissions: number;
  readonly opinions: readonly Opinion[];
  readonly assignment?: CaseAssignment;
  readonly plan?: RecordedWorkPlan | LegacyWorkPlan;
  readonly enforcementEndedAt?: string;
  readonly acknowledgements: readonly Acknowledgement[];
  readonly meetings: readonly Meeting[];
  readonly publications: readonly Publication[];
  readonly reports: readonly UnitReport[];
  readonly results?: UploadedResults;
  readonly deadlines: readonly CaseDeadline[];
  readonly urges: readonly Urge[];
  readonly archiveSummary?: string;
  readonly closingReason?: string;
  readonly history: readonly HistoryEntry[];
}

/** Who a notification goes to. `countyLeaders` is whoever the county routes approvals to. */
export type Recipient = { readonly unit: string } | { readonly leader: Leader } | { readonly group: 'countyLeaders' | 'inChargeLeaders' };

/** What a {@link CaseNotification} is about. */
export type NotificationKind =
  | 'applicationReceived'
  | 'emergencyRequested'
  | 'emergencyReported'
  | 'emergencyDeclined'
  | 'rejected'
  | 'legalReviewRequested'
  | 'returnedByLegalReview'
  | 'returnedForAmendment'
  | 'approvalRequested'
  | 'approved'
  | 'notApproved'
  | 'dispatched'
  | 'taskAcknowledged'
  | 'infoPublished'
  | 'urged'
  | 'unitReported'
  | 'resultsUploaded'
  | 'deadlineOverdue'
  | 'deadlineApproaching'
  | 'archived'
  | 'withdrawn';

/** Emitted by the machine (`actor.on('notification', …)`) for the county's messaging to deliver. */
export interface CaseNotification {
  readonly type: 'notification';
  readonly kind: NotificationKind;
  readonly caseId: string;
  readonly at: string;
  readonly recipients: readonly Recipient[];
  /** The message in Chinese, ready to send. */
  readonly message: string;
}

/** How a case ended: one of the final states. */
export type CaseOutcome = FinalStage;

/** The archive dossier (存档材料): what a final state outputs. */
export interface CaseDossier {
  readonly caseId: string;
  readonly title: string;
  readonly itemNo?: number;
  readonly origin: CaseOriginDetails;
  readonly outcome: CaseOutcome;
  readonly openedAt: string;
  readonly closedAt: string;
  readonly closingReason?: string;
  readonly assignment?: CaseAssignment;
  readonly opinions: readonly Opinion[];
  readonly plan?: CaseContext['plan'];
  readonly acknowledgements: readonly Acknowledgement[];
  readonly meetings: readonly Meeting[];
  readonly publications: readonly Publication[];
  readonly reports: readonly UnitReport[];
  readonly results?: UploadedResults;
  readonly deadlines: readonly CaseDeadline[];
  /** Each deadline's verdict: met on time or not. */
  readonly deadlinesMet: boolean;
  readonly urges: readonly Urge[];
  readonly summary?: string;
  readonly history: readonly HistoryEntry[];
}

/** The machine's named actions and their parameters (see `createCaseMachine`). */
type CaseMachineAction =
  | { type: 'record'; params: { from: CaseStatePath; to: CaseStatePath } }
  | { type: 'storeOpinion'; params: { kind: Opinion['kind']; decision: Opinion['decision'] } }
  | { type: 'storeClosingReason'; params: NonReducibleUnknown }
  | { type: 'countResubmission'; params: NonReducibleUnknown }
  | { type: 'assignUnits'; params: NonReducibleUnknown }
  | { type: 'storeAcknowledgement'; params: NonReducibleUnknown }
  | { type: 'storePlan'; params: NonReducibleUnknown }
  | { type: 'storeMeeting'; params: NonReducibleUnknown }
  | { type: 'storePublication'; params: NonReducibleUnknown }
  | { type: 'closeAcknowledgements'; params: NonReducibleUnknown }
  | { type: 'startResultsClock'; params: NonReducibleUnknown }
  | { type: 'storeReport'; params: NonReducibleUnknown }
  | { type: 'storeResults'; params: NonReducibleUnknown }
  | { type: 'storeUrge'; params: NonReducibleUnknown }
  | { type: 'markOverdue'; params: NonReducibleUnknown }
  | { type: 'markReminded'; params: NonReducibleUnknown }
  | { type: 'storeArchiveSummary'; params: NonReducibleUnknown }
  | { type: 'enterStep'; params: { state: CaseStatePath } }
  | { type: 'leaveStep'; params: { state: CaseStatePath } }
  | { type: 'notify'; params: { kind: NotificationKind } }
  | { type: 'announceOpening'; params: NonReducibleUnknown };

/** The machine's named guards: `actedBy` checks who sends an event, `openedAs` routes a new case. */
type CaseMachineGuard = { type: 'actedBy'; params: { role: Role } } | { type: 'openedAs'; params: { origin: CaseOrigin } };

/* eslint-disable @typescript-eslint/no-empty-object-type -- `{}` is how XState's types write "no child actors" and "a state without sub-states". */
/** The machine's states as XState types them (`ToStateSchema`): their ids and nesting. */
type CaseStateSchema = {
  id: 'linkedEnforcementCase';
  states: {
    opening: {};
    preliminaryReview: {};
    legalReview: {};
    returned: {};
    awaitingAmendment: {};
    leaderApproval: {};
    leaderConsent: {};
    leadReview: {};
    emergencyApproval: {};
    dispatching: {};
    enforcing: { states: { planning: {}; executing: {}; reporting: {} } };
    aggregating: {};
    archived: {};
    rejected: {};
    notApproved: {};
    declined: {};
    withdrawn: {};
  };
};

/**
 * The type of the case machine ({@link caseMachine}, or one built by {@link createCaseMachine}):
 * an XState v5 `StateMachine` with {@link CaseContext} as its context, {@link CaseEvent} as its
 * events, {@link CaseInput} as its input, {@link CaseNotification} as what it emits,
 * {@link CaseDossier} as its output and {@link CaseStateValue} as a snapshot's `value`.
 * `createActor(machine)` infers each of them.
 *
 * @example
 * const actor = createActor(caseMachine, {
 *   input: { caseId: 'c1', title: '农贸市场联合检查', itemNo: 1, origin: 'application', applicant: 'market-regulation', by: { unit: 'market-regulation' }, at: '2026-09-01T09:00:00+08:00' },
 * });
 * actor.on('notification', (notification) => console.log(notification.message));
 * actor.start().getSnapshot().value
 * //=> 'preliminaryReview'
 *
 * @noInheritDoc
 */
// An interface rather than an alias so that editors and the API reference show its name, not its 15 type arguments.
export interface CaseMachine
  extends StateMachine<
    CaseContext,
    CaseEvent,
    {},
    never,
    CaseMachineAction,
    CaseMachineGuard,
    never,
    CaseStateValue,
    string,
    CaseInput | void,
    CaseDossier,
    CaseNotification,
    MetaObject,
    CaseStateSchema,
    MetaObject
  > {}
/* eslint-enable @typescript-eslint/no-empty-object-type */
