/**
 * `linked-enforcement/schemas` — JSON Schema (2020-12) documents of what the engine takes and
 * hands out, for systems not written in TypeScript (a Java back end, a low-code platform) and for
 * validating at a boundary: each field described in Chinese and English. They are made from the
 * library's zod schemas when the package is built; importing this entry loads no zod. The same
 * documents are files in the package: `linked-enforcement/schemas/<name>.schema.json`.
 *
 * @module linked-enforcement/schemas
 */
import type { CaseEventType } from '../../machines/schemas.js';
import auditEntry from './json/audit-entry.schema.json';
import caseDossier from './json/case-dossier.schema.json';
import caseEventInput from './json/case-event-input.schema.json';
import caseNotification from './json/case-notification.schema.json';
import caseOpenInput from './json/case-open-input.schema.json';
import caseView from './json/case-view.schema.json';
import doneItem from './json/done-item.schema.json';
import inboxItem from './json/inbox-item.schema.json';
import reviewPassEvent from './json/events/review.pass.schema.json';
import reviewRejectEvent from './json/events/review.reject.schema.json';
import legalApproveEvent from './json/events/legal.approve.schema.json';
import legalReturnEvent from './json/events/legal.return.schema.json';
import amendmentRequestEvent from './json/events/amendment.request.schema.json';
import applicationResubmitEvent from './json/events/application.resubmit.schema.json';
import applicationWithdrawEvent from './json/events/application.withdraw.schema.json';
import emergencyReportEvent from './json/events/emergency.report.schema.json';
import emergencyDeclineEvent from './json/events/emergency.decline.schema.json';
import leaderApproveEvent from './json/events/leader.approve.schema.json';
import leaderDenyEvent from './json/events/leader.deny.schema.json';
import taskDispatchEvent from './json/events/task.dispatch.schema.json';
import unitAcknowledgeEvent from './json/events/unit.acknowledge.schema.json';
import planSubmitEvent from './json/events/plan.submit.schema.json';
import meetingRecordEvent from './json/events/meeting.record.schema.json';
import infoPublishEvent from './json/events/info.publish.schema.json';
import enforcementEndEvent from './json/events/enforcement.end.schema.json';
import unitReportEvent from './json/events/unit.report.schema.json';
import resultsUploadEvent from './json/events/results.upload.schema.json';
import caseArchiveEvent from './json/events/case.archive.schema.json';
import caseUrgeEvent from './json/events/case.urge.schema.json';
import deadlineCheckEvent from './json/events/deadline.check.schema.json';
import documentReference from './json/document-reference.schema.json';
import deadlineRemindEvent from './json/events/deadline.remind.schema.json';
import outboxMessage from './json/outbox-message.schema.json';
import problemDetails from './json/problem-details.schema.json';
import sendResult from './json/send-result.schema.json';
import statsReport from './json/stats-report.schema.json';
import statsRow from './json/stats-row.schema.json';

/** A JSON Schema 2020-12 document: `$id` names it (`urn:linked-enforcement:schema:<name>`), `$defs` holds its named parts. */
export interface JsonSchemaDocument {
  readonly $schema: string;
  /** `urn:linked-enforcement:schema:<name>`, e.g. `urn:linked-enforcement:schema:case-view`. */
  readonly $id: string;
  /** The TypeScript type it describes, e.g. `CaseView`. */
  readonly title: string;
  /** In Chinese and English: `中文 — English`. */
  readonly description: string;
  readonly [keyword: string]: unknown;
}

const document = (json: object) => json as JsonSchemaDocument;

/**
 * The opening input `engine.open` takes (立案信息): one shape per `origin`, `by` required, `at`
 * optional (the engine stamps it).
 *
 * @example
 * caseOpenInputJsonSchema.$id
 * //=> 'urn:linked-enforcement:schema:case-open-input'
 */
export const caseOpenInputJsonSchema: JsonSchemaDocument = document(caseOpenInput);

/**
 * Any event `engine.send` takes: `oneOf` the {@link caseEventInputJsonSchemas}, told apart by `type`.
 *
 * @example
 * caseEventInputJsonSchema.title
 * //=> 'CaseEventInput'
 */
export const caseEventInputJsonSchema: JsonSchemaDocument = document(caseEventInput);

/**
 * Each event `engine.send` takes, by its `type`; `at` is optional (the engine stamps it).
 *
 * @example
 * caseEventInputJsonSchemas['review.reject'].title
 * //=> 'ReviewRejectEvent'
 */
export const caseEventInputJsonSchemas: Readonly<Record<CaseEventType, JsonSchemaDocument>> = {
  'review.pass': document(reviewPassEvent),
  'review.reject': document(reviewRejectEvent),
  'legal.approve': document(legalApproveEvent),
  'legal.return': document(legalReturnEvent),
  'amendment.request': document(amendmentRequestEvent),
  'application.resubmit': document(applicationResubmitEvent),
  'application.withdraw': document(applicationWithdrawEvent),
  'emergency.report': document(emergencyReportEvent),
  'emergency.decline': document(emergencyDeclineEvent),
  'leader.approve': document(leaderApproveEvent),
  'leader.deny': document(leaderDenyEvent),
  'task.dispatch': document(taskDispatchEvent),
  'unit.acknowledge': document(unitAcknowledgeEvent),
  'plan.submit': document(planSubmitEvent),
  'meeting.record': document(meetingRecordEvent),
  'info.publish': document(infoPublishEvent),
  'enforcement.end': document(enforcementEndEvent),
  'unit.report': document(unitReportEvent),
  'results.upload': document(resultsUploadEvent),
  'case.archive': document(caseArchiveEvent),
  'case.urge': document(caseUrgeEvent),
  'deadline.check': document(deadlineCheckEvent),
  'deadline.remind': document(deadlineRemindEvent),
};

/**
 * A legal document's reference `{ name, sha256, size, mediaType }` (法律文书引用): what
 * `BlobStore.put` returns and `unit.report`, `results.upload` and `plan.submit` carry.
 *
 * @example
 * documentReferenceJsonSchema.required
 * //=> ['name', 'sha256', 'size', 'mediaType']
 */
export const documentReferenceJsonSchema: JsonSchemaDocument = document(documentReference);

/** A case view (`engine.get`, `engine.list`): plain JSON, with the archive dossier once closed. */
export const caseViewJsonSchema: JsonSchemaDocument = document(caseView);

/** What `engine.open` and `engine.send` return: the case view and the notifications the event emitted. */
export const sendResultJsonSchema: JsonSchemaDocument = document(sendResult);

/** One item of `engine.inbox` (待办): a case that owes the actor its next step, the events it may send, since when it waits, its nearest deadline. */
export const inboxItemJsonSchema: JsonSchemaDocument = document(inboxItem);

/** One item of `engine.done` (已办): a case the actor has acted on, when it last did, the events it may send now. */
export const doneItemJsonSchema: JsonSchemaDocument = document(doneItem);

/** A notification a case emits (`send`'s `notifications`, an audit entry's), in Chinese, ready to deliver. */
export const caseNotificationJsonSchema: JsonSchemaDocument = document(caseNotification);

/** A notification in the outbox with its id (`<caseId>/<version>/<index>`: drop repeats by it). */
export const outboxMessageJsonSchema: JsonSchemaDocument = document(outboxMessage);

/** The archive dossier (存档材料) a closed case outputs (`view.output`). */
export const caseDossierJsonSchema: JsonSchemaDocument = document(caseDossier);

/** One entry of a case's audit log (`engine.history`). */
export const auditEntryJsonSchema: JsonSchemaDocument = document(auditEntry);

/** An error as an HTTP problem body (RFC 9457): what `toProblemDetails` makes. */
export const problemDetailsJsonSchema: JsonSchemaDocument = document(problemDetails);

/**
 * One row of the statistics (统计报表, `engine.stats`): outcomes, results on time / late /
 * overdue, the on-time rate, urges and average working days.
 *
 * @example
 * statsRowJsonSchema.title
 * //=> 'StatsRow'
 */
export const statsRowJsonSchema: JsonSchemaDocument = document(statsRow);

/** What `engine.stats` returns: the query, the rows, the total and the cases it could not count. */
export const statsReportJsonSchema: JsonSchemaDocument = document(statsReport);

/**
 * Every document by its name (the file name without `.schema.json`; events are `events/<type>`),
 * e.g. to serve them or to add them all to a validator.
 *
 * @example
 * Object.keys(jsonSchemas).length
 * //=> 37
 */
export const jsonSchemas: Readonly<Record<string, JsonSchemaDocument>> = {
  'case-open-input': caseOpenInputJsonSchema,
  'case-event-input': caseEventInputJsonSchema,
  ...Object.fromEntries(Object.entries(caseEventInputJsonSchemas).map(([type, schema]) => [`events/${type}`, schema])),
  'document-reference': documentReferenceJsonSchema,
  'case-view': caseViewJsonSchema,
  'send-result': sendResultJsonSchema,
  'inbox-item': inboxItemJsonSchema,
  'done-item': doneItemJsonSchema,
  'case-notification': caseNotificationJsonSchema,
  'outbox-message': outboxMessageJsonSchema,
  'case-dossier': caseDossierJsonSchema,
  'audit-entry': auditEntryJsonSchema,
  'problem-details': problemDetailsJsonSchema,
  'stats-row': statsRowJsonSchema,
  'stats-report': statsReportJsonSchema,
};
