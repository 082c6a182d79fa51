/**
 * `linked-enforcement` — Siyang County's 联动执法 + 综合指挥 procedure as an explicit,
 * inspectable workflow.
 *
 * @module linked-enforcement
 */
export { LinkedEnforcementError, errorCodes, errorTitles, isLinkedEnforcementError, localizedIssueLine } from './errors.js';
export type { ErrorCode, ErrorIssue, LinkedEnforcementErrorOptions, MessageLocale } from './errors.js';
export { errorStatuses, toProblemDetails } from './problemDetails.js';
export type { ProblemDetails, ProblemIssue } from './problemDetails.js';
export { defineCatalog, siyangCatalog, unitKinds } from './catalog.js';
export type {
  Catalog,
  CatalogData,
  CatalogShape,
  Item,
  ItemData,
  LocalityInput,
  Participant,
  Participants,
  ParticipantsOptions,
  PartyDuties,
  PartyDutiesData,
  SearchResult,
  ShapeOf,
  SiyangCatalog,
  SiyangItemNo,
  SiyangUnitId,
  Unit,
  UnitData,
  UnitKind,
  UnitRef,
  UnitRefData,
} from './catalog.js';
export { createWorkCalendar, defaultCalendar, isPlainDate, toPlainDate } from './calendar/index.js';
export type {
  BeyondCoverage,
  CalendarOverride,
  Coverage,
  DateInput,
  DayInfo,
  DayKind,
  Deadline,
  HolidayName,
  PlainDate,
  StatutoryHolidayName,
  WorkCalendar,
  WorkCalendarOptions,
} from './calendar/index.js';
export { caseMachine } from '../machines/caseMachine.js';
export { CASE_MACHINE_ID, createCaseMachine, dossierOf, parseCaseInput } from '../machines/createCaseMachine.js';
export type { CaseMachineOptions, CountyLeader } from '../machines/createCaseMachine.js';
export { roles } from '../machines/_lib/rules.js';
export type { DeadlineCalendar, Role } from '../machines/_lib/rules.js';
export { eventLabels, labelOfState, originLabels, stateLabels } from '../machines/labels.js';
export type { Label } from '../machines/labels.js';
export {
  actorSchema,
  caseEventSchema,
  caseEventTypes,
  caseInputSchema,
  documentReferenceSchema,
  instantSchema,
  leaderPosts,
  leaderSchema,
  planDivisionSchema,
  planSchema,
  resultsSchema,
} from '../machines/schemas.js';
export type {
  Actor,
  CaseEvent,
  CaseEventType,
  CaseInput,
  CaseOrigin,
  DocumentReference,
  EnforcementResults,
  Leader,
  LeaderPost,
  PlanDivision,
  UnitRefInput,
  WorkPlan,
} from '../machines/schemas.js';
export { allowedEvents, explainEvent, selectDeadlines, selectHistory, selectState, statePathOf } from '../machines/selectors.js';
export type { AllowedEventsOptions, CaseSnapshotLike, CaseStateView, DeadlineView, EventRefusal, HistoryView } from '../machines/selectors.js';
export type {
  Acknowledgement,
  CaseAssignment,
  CaseContext,
  CaseDeadline,
  CaseDossier,
  CaseMachine,
  CaseNotification,
  CaseOriginDetails,
  CaseOutcome,
  CaseParticipant,
  CaseStage,
  CaseStatePath,
  CaseStateValue,
  DeadlineKind,
  DeadlineStatus,
  EnforcingStep,
  FinalStage,
  HistoryEntry,
  LegacyDocument,
  LegacyWorkPlan,
  Meeting,
  NotificationKind,
  Opinion,
  Publication,
  Recipient,
  RecordedDocument,
  RecordedWorkPlan,
  UnitReport,
  UploadedResults,
  Urge,
} from '../machines/types.js';
export { DEFAULT_MAX_BLOB_BYTES, defaultBlobMediaTypes } from './blobs/blobLimits.js';
export { memoryBlobStore } from './blobs/memoryBlobStore.js';
export type { BlobLimits, BlobMeta, BlobStore, BlobStoreOptions } from './blobs/types.js';
export { toDiagramJson, toMermaid } from './diagram/index.js';
export type { DiagramEdge, DiagramGuard, DiagramJson, DiagramNode, DiagramStateType, ToMermaidOptions } from './diagram/index.js';
export { renderDossierHtml } from './dossier/renderDossierHtml.js';
export type { RenderDossierOptions } from './dossier/renderDossierHtml.js';
export {
  CASE_MACHINE_VERSION,
  GENESIS_HASH,
  auditEntryHash,
  auditEntrySchema,
  caseEnvelopeSchema,
  createCaseEngine,
  memoryStore,
  statsGroupingSchema,
  statsQuerySchema,
  statsReportSchema,
  statsRowSchema,
  statsStepSchema,
  verifyAuditChain,
} from './engine/index.js';
export type {
  AuditEntry,
  AuditProblem,
  AuditProblemKind,
  AuditSweep,
  AuditVerification,
  CaseEngine,
  CaseEngineOptions,
  CaseEnvelope,
  CaseActorEntry,
  CaseEventInput,
  CaseMigration,
  CaseOpenInput,
  CasePage,
  CaseParticipantEntry,
  CaseStore,
  CaseStats,
  CaseStatsWrite,
  CaseStepVisit,
  CaseSummary,
  CaseView,
  CaseViewData,
  CaseWrite,
  Clock,
  DeliveryOptions,
  DeliveryReport,
  DoneItem,
  DonePage,
  DoneStoreQuery,
  DoneStoreRow,
  DueClaim,
  IdempotencyRecord,
  InboxDeadline,
  InboxItem,
  InboxOptions,
  InboxPage,
  InboxStoreQuery,
  InboxStoreRow,
  ListFailure,
  ListPosition,
  ListQuery,
  MemoryCaseData,
  MemoryStore,
  MemoryStoreData,
  MemoryStoreOptions,
  NotificationClaim,
  NotificationHandler,
  NotificationMeta,
  NotificationQuery,
  NotificationSettlement,
  NotificationStatus,
  OutboxMessage,
  OutboxRecord,
  OverdueCase,
  SendOptions,
  SendResult,
  SendResultData,
  StatsGrouping,
  StatsGroupTotals,
  StatsQuery,
  StatsReport,
  StatsRow,
  StatsStep,
  StatsStoreQuery,
  StatsSum,
  StoreQuery,
  StoredCase,
  SweepReport,
  WriteOutcome,
} from './engine/index.js';
