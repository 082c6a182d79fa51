/**
 * What the engine hands out — a case view, a send result, an outbox message, an audit entry —
 * as zod schemas: the source of their JSON Schemas (`linked-enforcement/schemas`). The engine
 * never parses its own output with them; `test/schemas.test-d.ts` proves that each describes
 * exactly its public type, and `test/schemas.test.ts` that real output validates.
 */
import { z } from 'zod';
import {
  caseDossierSchema,
  caseNotificationSchema,
  deadlineShape,
  historyShape,
  labelSchema,
  stageSchema,
  statePathSchema,
} from '../../machines/outputSchemas.js';
import { doc, named } from '../../machines/_lib/schemaDocs.js';
import { actorSchema, caseEventTypes, instantSchema, type CaseEventType } from '../../machines/schemas.js';
import { auditEntrySchema, sha256HexSchema } from './schemas.js';

const instant = (zh: string, en: string) => doc(instantSchema, zh, en);
const string = (zh: string, en: string) => doc(z.string(), zh, en);
const sha256 = (zh: string, en: string) => doc(sha256HexSchema, zh, en);
const version = (zh: string, en: string) => doc(z.number().int().min(1), zh, en);

export const deadlineViewSchema = named(
  z.object(deadlineShape),
  'DeadlineView',
  '时限（按引擎当前时间判断：已过截止时刻的 pending 显示为 overdue）',
  'A deadline as of the engine’s now: a pending one past its dueAt reads overdue',
);

export const historyViewSchema = named(
  z.object({
    ...historyShape,
    label: doc(labelSchema, '操作名称', 'The event’s name'),
    fromLabel: doc(labelSchema.optional(), '原状态名称', 'The name of the state it left'),
    toLabel: doc(labelSchema, '新状态名称', 'The name of the state it entered'),
  }),
  'HistoryView',
  '流转记录的一条，带中英文名称',
  'One history entry with its labels',
);

const caseViewShape = {
  caseId: string('案件编号', 'The case id'),
  title: string('案件标题', 'The case title'),
  version: version('版本：每次被接受的操作加 1，立案为 1', 'Accepted events so far: 1 after the opening'),
  state: doc(statePathSchema, '当前状态路径，如 enforcing.reporting', 'The state path, e.g. enforcing.reporting'),
  stage: stageSchema,
  stateLabel: doc(labelSchema, '当前状态名称', 'The state’s name'),
  stageLabel: doc(labelSchema, '当前阶段名称', 'The stage’s name'),
  status: doc(z.enum(['active', 'done']), '办理中（active）或已办结（done）', 'active, or done once the case reached a final state'),
  overdue: doc(z.boolean(), '按引擎当前时间有时限已逾期', 'Some deadline is overdue as of the engine’s now'),
  nextDueAt: doc(instantSchema.nullable(), '最近一个未到期时限的截止时刻（没有则为 null）', 'The earliest dueAt of a pending deadline, or null'),
  deadlines: doc(z.array(deadlineViewSchema), '时限', 'The deadlines'),
  history: doc(z.array(historyViewSchema), '流转记录', 'The history (流转记录)'),
  openedAt: instant('立案时间', 'When it was opened'),
  updatedAt: instant('最近一次操作的时间', 'The at of the newest event'),
  output: doc(caseDossierSchema.optional(), '办结案件的存档材料', 'The archive dossier of a closed case'),
};

export const caseViewSchema = named(z.object(caseViewShape), 'CaseView', '案件视图（纯 JSON）', 'A case as plain JSON');

export const sendResultSchema = named(
  z.object({ ...caseViewShape, notifications: doc(z.array(caseNotificationSchema), '本次操作发出的通知', 'The notifications this event emitted') }),
  'SendResult',
  '立案或操作的结果：新的案件视图及本次发出的通知',
  'What open and send return: the new case view and the notifications the event emitted',
);

export const outboxMessageSchema = named(
  z.object({
    id: string('通知编号 <案件编号>/<版本>/<序号>：重发时不变，接收方据此去重', '<caseId>/<version>/<index>: the same on every redelivery; drop repeats by it'),
    caseId: string('案件编号', 'The case id'),
    version: version('发出通知的案件版本', 'The case version whose event sent it'),
    index: doc(z.number().int().min(0), '在该次操作的通知中的序号（从 0 起）', 'Its position among the event’s notifications, from 0'),
    notification: caseNotificationSchema,
    createdAt: instant('写入发件箱的时间（引擎时钟）', 'When the event was recorded (the engine’s clock)'),
  }),
  'OutboxMessage',
  '发件箱中的一条通知及其编号',
  'One notification in the outbox, with its id',
);

/** The audit entry as `engine.history` hands it out, with the parts the stored-entry schema leaves loose described. */
export const auditEntryViewSchema = named(
  auditEntrySchema.extend({
    caseId: string('案件编号', 'The case id'),
    by: actorSchema,
    at: instant('操作时间', 'When it happened'),
    machineVersion: doc(z.number().int().min(0), '执行该操作的状态机版本', 'The machine release that applied the event'),
    prevHash: sha256('前一条的 SHA-256（立案为 64 个 0）', 'SHA-256 of the previous entry (64 zeros for the opening)'),
    recordedAt: instant('引擎写入的时间（at 可早于它：事后补录）', 'When the engine wrote it; at may lie before it'),
    snapshotDigest: sha256('该条产生的快照的 SHA-256（0.1 写入的条目没有）', 'SHA-256 of the snapshot it produced (absent in entries written by 0.1)').optional(),
    idempotencyKey: string('幂等键', 'The idempotency key it was sent with').optional(),
    requestHash: sha256('带幂等键的请求的 SHA-256', 'SHA-256 of the request sent with the idempotency key').optional(),
    version: version('该条产生的案件版本：立案为 1，其后连续', 'The case version it produced: 1 for the opening, then without gaps'),
    type: doc(z.enum(['case.open', ...historyShape.type.options]), '操作类型（case.open 为立案）', 'The event type (case.open for the opening)'),
    event: doc(
      z.record(z.string(), z.unknown()),
      '被接受的操作（立案为立案信息），其格式为 machineVersion 对应版本的格式',
      'The event as accepted (the opening input for case.open), in the shape of its machineVersion',
    ),
    from: historyShape.from,
    to: historyShape.to,
    notifications: doc(z.array(caseNotificationSchema), '该操作发出的通知', 'The notifications it emitted'),
  }),
  'AuditEntry',
  '审计日志的一条：被接受的操作、操作人、时间、结果及前一条的哈希',
  'One entry of the append-only audit log, chained by SHA-256',
);

export const inboxDeadlineSchema = named(
  z.object({
    ...deadlineShape,
    remainingWorkingDays: doc(
      z.number().int(),
      '剩余工作日：截止当天为 0；逾期后为负数（已逾期的工作日数，至少为 1）',
      'Working days left: 0 on the due day; negative once overdue (the working days since, at least 1)',
    ),
  }),
  'InboxDeadline',
  '待办事项最近的未完成时限（按引擎当前时间判断）',
  'The actor’s nearest open deadline in an inbox item, as of the engine’s now',
);

/** What an inbox and a done item both say of their case: which case, at which version, where it stands. */
const caseHeading = {
  caseId: string('案件编号', 'The case id'),
  version: version('案件版本', 'The case version'),
  title: string('案件标题', 'The case title'),
  itemNo: doc(z.number().int().min(1).nullable(), '事项编号（没有则为 null）', 'The catalog item, or null'),
  state: doc(statePathSchema, '当前状态路径', 'The state path'),
  stateLabel: doc(labelSchema, '当前状态名称', 'The state’s name'),
};

/** One item of `engine.inbox` (待办). */
export const inboxItemSchema = named(
  z.object({
    ...caseHeading,
    events: doc(
      z.array(z.enum(caseEventTypes as [CaseEventType, ...CaseEventType[]])),
      '该办理人现在可以发送的操作（按引擎当前时间）',
      'Every event type the actor may send now (as of the engine’s now)',
    ),
    waitingSince: instant('开始等待该办理人的时间', 'Since when the case has waited on the actor'),
    deadline: doc(inboxDeadlineSchema.nullable(), '该办理人最近的未完成时限（没有则为 null）', 'The actor’s nearest open deadline in the case, or null'),
  }),
  'InboxItem',
  '待办事项：等待该办理人办理下一步的案件',
  'One case in an actor’s inbox (待办): it owes the actor its next step',
);

/** One item of `engine.done` (已办). */
export const doneItemSchema = named(
  z.object({
    ...caseHeading,
    status: doc(z.enum(['active', 'done']), '办理状态：active 在办，done 已结束', 'active while in progress, done once in a final state'),
    lastActedAt: instant('该办理人最近一次操作的时间', 'The time of the actor’s latest event in the case'),
    events: doc(
      z.array(z.enum(caseEventTypes as [CaseEventType, ...CaseEventType[]])),
      '该办理人现在可以发送的操作（常为空）',
      'The event types the actor may send now (often none)',
    ),
  }),
  'DoneItem',
  '已办事项：该办理人办理过的案件',
  'One case in an actor’s done list (已办): it has acted on it',
);
