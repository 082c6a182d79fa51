/**
 * The shapes a case machine hands out — notifications, the history, deadlines, the archive
 * dossier — as zod schemas: the source of their JSON Schemas (`linked-enforcement/schemas`).
 * The machine never parses its own output with them; `test/schemas.test-d.ts` proves that each
 * one describes exactly its public type in `machines/types.ts`, and `test/schemas.test.ts` that
 * real output validates.
 */
import { z } from 'zod';
import { doc, named } from './_lib/schemaDocs.js';
import { stateLabels } from './labels.js';
import { limitedSteps } from './_lib/stepLimits.js';
import { actorSchema, caseEventTypes, documentReferenceSchema, instantSchema, leaderSchema, planSchema, resultsSchema } from './schemas.js';
import type { CaseStage, CaseStatePath, DeadlineKind, DeadlineStatus, FinalStage, NotificationKind } from './types.js';

const instant = (zh: string, en: string) => doc(instantSchema, zh, en);
const string = (zh: string, en: string) => doc(z.string(), zh, en);
const strings = (zh: string, en: string) => doc(z.array(z.string()), zh, en);

/** Every state path a case rests in (`legalReview`, `enforcing.planning`…). */
export const caseStatePaths = Object.keys(stateLabels).filter((key) => key !== 'enforcing') as [CaseStatePath, ...CaseStatePath[]];
/** Every top-level state. */
export const caseStages = Object.keys(stateLabels).filter((key) => !key.includes('.')) as [CaseStage, ...CaseStage[]];
/** The final states. */
export const finalStages = ['archived', 'rejected', 'notApproved', 'declined', 'withdrawn'] as const satisfies readonly FinalStage[];
export const notificationKinds = [
  'applicationReceived',
  'emergencyRequested',
  'emergencyReported',
  'emergencyDeclined',
  'rejected',
  'legalReviewRequested',
  'returnedByLegalReview',
  'returnedForAmendment',
  'approvalRequested',
  'approved',
  'notApproved',
  'dispatched',
  'taskAcknowledged',
  'infoPublished',
  'urged',
  'unitReported',
  'resultsUploaded',
  'deadlineOverdue',
  'deadlineApproaching',
  'archived',
  'withdrawn',
] as const satisfies readonly NotificationKind[];

export const statePathSchema = doc(z.enum(caseStatePaths), '状态路径，如 legalReview、enforcing.planning', 'A state path, e.g. legalReview or enforcing.planning');
export const stageSchema = doc(z.enum(caseStages), '顶层状态（阶段）', 'A top-level state (stage)');
const historyTypeSchema = doc(z.enum(['case.open', ...caseEventTypes]), '操作类型（case.open 为立案）', 'The event type (case.open for the opening)');

export const labelSchema = named(
  z.object({ zh: string('中文名称', 'The Chinese name'), en: string('英文名称', 'The English name') }),
  'Label',
  '中英文名称',
  'A name in Chinese and English',
);

export const caseParticipantSchema = named(
  z.object({
    unit: string('单位编号，属地乡镇（街道）为 locality:<名称>', 'A catalog unit id, or locality:<name> for a township or sub-district'),
    label: string('单位名称（清单名称或乡镇街道名）', 'What to call it: the catalog label or the locality’s name'),
    as: string('以何种身份参加（别名）', 'The capacity (alias) it acts in').optional(),
    placeholder: string('所替代的占位名称（属地街道、属地乡镇（街道））', 'The placeholder it stands in for (属地街道 / 属地乡镇（街道）)').optional(),
  }),
  'CaseParticipant',
  '参与案件的单位（派送任务时确定）',
  'A unit taking part in a case, as dispatched',
);

export const caseAssignmentSchema = named(
  z.object({
    lead: caseParticipantSchema,
    cooperating: doc(z.array(caseParticipantSchema), '配合单位', 'The cooperating units'),
    place: string('集合地点', 'Where the units meet'),
    startAt: instant('集合时间', 'When the units meet'),
    dispatchedAt: instant('派送时间', 'When it was dispatched'),
    dispatchedBy: doc(actorSchema.optional(), '派送人：综合指挥调度中心，突发事件中也可为事项牵头单位（0.2.0 以前派送的案件没有）', 'Who dispatched: the center, or in an emergency the item’s lead unit (absent before 0.2.0)'),
    leadChangeReason: string('更换事项牵头单位的理由', 'Why the lead is not the catalog item’s').optional(),
  }),
  'CaseAssignment',
  '派送任务确定的单位、地点和时间（lead 为牵头单位）',
  'The units a dispatch assigned (lead: the lead unit), where and when they meet',
);

export const recipientSchema = named(
  z.union([
    z.object({ unit: string('单位编号', 'A unit id') }),
    z.object({ leader: leaderSchema }),
    z.object({ group: doc(z.enum(['countyLeaders', 'inChargeLeaders']), '群组：countyLeaders 县领导，inChargeLeaders 分管县领导', 'countyLeaders or inChargeLeaders') }),
  ]),
  'Recipient',
  '通知的接收方：单位、县领导或县领导群组',
  'Who a notification goes to: a unit, a leader, or a group of leaders',
);

const deadlineKindSchema = doc(
  z.enum(['resultsUpload', 'acknowledgement', 'step'] as const satisfies readonly DeadlineKind[]),
  '时限类别：resultsUpload 执法结果上传（5个工作日），acknowledgement 配合单位确认接收任务（集合时间前），step 环节办理时限（县里设定的工作日数）',
  'What it is for: resultsUpload (5 working days), acknowledgement (by the time set) or step (a step’s limit in working days, as the county set it)',
);
const limitedStepSchema = doc(
  z.enum(limitedSteps),
  '环节：preliminaryReview 初审，legalReview 法制审核，approval 审批/同意，dispatching 派送，workPlan 工作方案，aggregating 汇总',
  'The step: preliminaryReview, legalReview, approval (approval or consent), dispatching, workPlan or aggregating',
);
export const deadlineStatusSchema = doc(
  z.enum(['pending', 'met', 'late', 'overdue', 'missed'] as const satisfies readonly DeadlineStatus[]),
  '状态：pending 未到期，met 按时完成，late 逾期完成，overdue 已逾期未完成，missed 未完成且不再需要',
  'pending, met (on time), late (done after), overdue (found past it, not done) or missed (never done, no longer due)',
);

const deadlineShape = {
  kind: deadlineKindSchema,
  unit: string(
    '负责的单位编号（审批/同意环节为上报并跟进的县综合指挥调度中心）',
    'The unit it binds (for an approval or consent, the command center, which reported it to the leaders and follows it up)',
  ),
  step: doc(limitedStepSchema.optional(), '环节办理时限所属的环节', 'A step limit’s step'),
  state: doc(statePathSchema.optional(), '环节办理时限开始计时的状态（审批/同意有四种）', 'A step limit’s state: the one whose entry started it'),
  responsible: doc(
    z.array(recipientSchema).optional(),
    '环节办理时限的责任方：须办理本环节的单位、名单上的县领导或县领导群组',
    'A step limit’s responsible party: who must act for the case to leave the step — a unit, leaders on the roster, or a group of leaders',
  ),
  startedAt: instant('开始计时的时间（执法工作结束、派送任务或进入环节）', 'When the clock started (enforcement ended; the task was dispatched; the step was entered)'),
  workingDays: doc(z.number().int().min(0), '计算的工作日数（确认接收任务为 0）', 'Working days counted (0 for an acknowledgement)'),
  dueDate: doc(z.iso.date(), '最后一天（北京时间日期）', 'The last day, a Beijing calendar date'),
  dueAt: instant('截止时刻：按时即不晚于此刻', 'On time means at or before this instant'),
  provisional: doc(z.boolean(), '计算中用到了预估的节假日安排', 'Some day counted was an estimated holiday arrangement'),
  status: deadlineStatusSchema,
  doneAt: instant('完成时间', 'When it was met (or met late)').optional(),
  overdueAt: instant('发现逾期的时间', 'When a check found it overdue').optional(),
  remindedAt: instant('发出预警的时间', 'When its reminder (预警) was sent').optional(),
  missedAt: instant('变为 missed 的时间', 'When it became missed').optional(),
};
export const caseDeadlineSchema = named(z.object(deadlineShape), 'CaseDeadline', '时限', 'A time limit');

const historyShape = {
  seq: doc(z.number().int().min(0), '序号：立案为 0，其后 1、2、3…连续', '0 for the opening, then 1, 2, 3… without gaps'),
  type: historyTypeSchema,
  by: actorSchema,
  at: instant('操作时间', 'When it happened'),
  from: doc(statePathSchema.nullable(), '原状态（立案为 null）', 'The state it left (null for the opening)'),
  to: doc(statePathSchema, '新状态', 'The state it entered'),
  reason: string('理由', 'Reason').optional(),
  opinion: string('意见', 'Opinion').optional(),
  note: string('说明', 'Note').optional(),
  unit: string('被催办的单位', 'The unit an urge was addressed to').optional(),
  leadChangeReason: string('更换牵头单位的理由', 'Why a dispatch replaced the catalog’s lead unit').optional(),
};
export const historyEntrySchema = named(z.object(historyShape), 'HistoryEntry', '流转记录的一条', 'One accepted event in the history (流转记录)');

export const opinionSchema = named(
  z.object({
    kind: doc(
      z.enum(['preliminaryReview', 'legalReview', 'leadReview', 'leader']),
      '环节：preliminaryReview 初审，legalReview 法制审核，leadReview 牵头单位研究，leader 县领导审批',
      'Which review: preliminaryReview, legalReview, leadReview (the lead unit on an emergency request) or leader',
    ),
    by: actorSchema,
    at: instant('时间', 'When'),
    decision: doc(
      z.enum(['pass', 'approve', 'return', 'reject', 'deny', 'report', 'decline']),
      '决定：pass 通过，approve 同意，return 退回，reject 驳回，deny 不予批准，report 上报，decline 不予上报',
      'The decision',
    ),
    text: string('意见或理由', 'The opinion or reason').optional(),
  }),
  'Opinion',
  '审核或审批意见',
  'A review or approval decision and its opinion',
);

export const legacyDocumentSchema = named(
  z.object({ name: string('文件名（0.4.0 以前仅记录名称，无文件）', 'The name (before 0.4.0 only names were recorded, no file)') }),
  'LegacyDocument',
  '0.4.0 以前仅按名称记录的文书',
  'A document recorded by name only, before 0.4.0',
);
const recordedDocuments = (zh: string, en: string) =>
  doc(z.array(z.union([documentReferenceSchema, legacyDocumentSchema])), `${zh}：文件引用，或 0.4.0 以前记录的名称`, `${en}: references to stored files, or names recorded before 0.4.0`);

export const unitReportSchema = named(
  z.object({
    unit: string('报送的配合单位', 'The cooperating unit'),
    at: instant('报送时间', 'When it reported'),
    summary: string('法律文书概要', 'What it reported'),
    documents: recordedDocuments('法律文书', 'Legal documents'),
    afterUpload: doc(z.boolean(), '在牵头单位上传执法结果之后报送', 'Sent after the lead uploaded the results'),
    suggestions: string('完善和加强联动执法的意见建议', 'Suggestions to improve joint enforcement').optional(),
  }),
  'UnitReport',
  '配合单位报送的法律文书（附件2 配合单位 4–5）',
  'A cooperating unit’s legal documents reported to the lead unit (附件2 配合单位 4–5)',
);

export const acknowledgementSchema = named(
  z.object({
    unit: string('确认的配合单位', 'The cooperating unit'),
    at: instant('确认时间', 'When it acknowledged'),
    staff: doc(z.number().int().min(1), '派出的行政执法人员人数', 'How many enforcement staff it sends'),
    equipment: string('装备、技术等执法保障', 'Equipment and technical support').optional(),
  }),
  'Acknowledgement',
  '配合单位确认接收任务（附件2 配合单位 1–2）',
  'A cooperating unit’s confirmation of its task (附件2 配合单位 1–2)',
);

export const meetingSchema = named(
  z.object({
    by: actorSchema,
    at: instant('记录时间', 'When it was recorded'),
    heldAt: instant('召开时间', 'When it was held'),
    attendees: strings('参会人员或单位', 'Who attended'),
    decisions: string('会议决定', 'What was decided'),
  }),
  'Meeting',
  '联动执法联席会议（附件2 牵头单位 2）',
  'A joint meeting the lead unit held (附件2 牵头单位 2)',
);

export const publicationSchema = named(
  z.object({ by: actorSchema, at: instant('发布时间', 'When it was published'), text: string('发布的信息', 'The information') }),
  'Publication',
  '统一发布的联动执法信息（附件2 牵头单位 4）',
  'Information the lead unit published to every participant (附件2 牵头单位 4)',
);

export const uploadedResultsSchema = named(
  resultsSchema.extend({
    documents: recordedDocuments('执法文书', 'Documents').optional(),
    at: instant('上传时间', 'When the results were uploaded'),
    missingReports: strings('上传时尚未报送法律文书的配合单位', 'Cooperating units whose report had not arrived at the upload'),
  }),
  'UploadedResults',
  '上传的执法结果',
  'The results the lead unit uploaded',
);

export const urgeSchema = named(
  z.object({
    unit: string('被催办的单位', 'The unit urged'),
    at: instant('催办时间', 'When'),
    by: actorSchema,
    message: string('催办内容', 'The message').optional(),
  }),
  'Urge',
  '催办',
  'An urge (催办)',
);

const originDetail = <Origin extends string>(origin: Origin) => doc(z.literal(origin), '立案来源', 'How the case started');
export const caseOriginDetailsSchema = named(
  z.discriminatedUnion('origin', [
    z.object({ origin: originDetail('application'), applicant: string('申请单位', 'The applying unit'), description: string('申请事项说明', 'What the application is about').optional() }),
    z.object({ origin: originDetail('leaderAssignment'), leader: leaderSchema, instruction: string('交办内容', 'What the leader assigned') }),
    z.object({ origin: originDetail('centerInitiated'), reason: string('工作需要的理由', 'Why the center needs it') }),
    z.object({ origin: originDetail('emergency'), reporter: string('报告单位', 'The reporting unit'), description: string('突发事件情况', 'What happened') }),
    z.object({ origin: originDetail('emergencyRequest'), reporter: string('提请单位', 'The requesting unit'), description: string('先行受理的情况', 'What the unit handled first') }),
  ]),
  'CaseOriginDetails',
  '立案来源及立案时填写的内容',
  'How a case started, as the input gave it',
);

const revision = doc(z.number().int().min(1), '修订次数：1、2…', 'Its revision: 1, 2, …');
export const recordedWorkPlanSchema = named(
  planSchema.extend({ at: instant('提交时间', 'When it was submitted'), revision }),
  'RecordedWorkPlan',
  '已提交的工作方案',
  'A work plan as recorded',
);
export const legacyWorkPlanSchema = named(
  z.object({
    machineVersion: doc(z.literal(1), '0.2.0 以前（状态机版本 1）记录的方案', 'Recorded before 0.2.0 (machine version 1)'),
    summary: string('概要', 'Summary'),
    division: string('职责分工（自由文本）', 'The division of duties, free text').optional(),
    content: string('工作内容', 'The work').optional(),
    methods: string('执法方式', 'Enforcement methods').optional(),
    steps: string('步骤', 'Steps').optional(),
    timeLimit: string('时限', 'Time limit').optional(),
    contingency: string('应急处理预案', 'Contingency plan').optional(),
    at: instant('提交时间', 'When it was submitted'),
    revision,
  }),
  'LegacyWorkPlan',
  '0.2.0 以前记录的工作方案，原样保留',
  'A work plan recorded before 0.2.0, kept as written',
);
const anyPlanSchema = doc(z.union([recordedWorkPlanSchema, legacyWorkPlanSchema]), '工作方案（最新修订）', 'The work plan (its latest revision)');

export const caseNotificationSchema = named(
  z.object({
    type: doc(z.literal('notification'), '固定为 notification', 'Always notification'),
    kind: doc(z.enum(notificationKinds), '通知类别', 'What it is about'),
    caseId: string('案件编号', 'The case id'),
    at: instant('引起通知的操作时间', 'When the event that sent it happened'),
    recipients: doc(z.array(recipientSchema), '接收方（各出现一次，按首次出现顺序）', 'Its recipients, each once, in order of first appearance'),
    message: string('中文通知内容，可直接发送', 'The message in Chinese, ready to send'),
  }),
  'CaseNotification',
  '案件发出的通知',
  'A notification a case emits for the county’s messaging to deliver',
);

export const caseDossierSchema = named(
  z.object({
    caseId: string('案件编号', 'The case id'),
    title: string('案件标题', 'The case title'),
    itemNo: doc(z.number().int().positive(), '高频事项编号（附件3）', 'The high-frequency item (附件3)').optional(),
    origin: caseOriginDetailsSchema,
    outcome: doc(z.enum(finalStages), '结果：archived 存档，rejected 驳回，notApproved 未批准，declined 不予上报，withdrawn 撤回', 'How it ended: archived, rejected, notApproved, declined or withdrawn'),
    openedAt: instant('立案时间', 'When it was opened'),
    closedAt: instant('办结时间', 'When it closed'),
    closingReason: string('驳回、不予批准、不予上报或撤回的理由', 'Why it was rejected, not approved, declined or withdrawn').optional(),
    assignment: doc(caseAssignmentSchema.optional(), '派送任务确定的单位', 'The units a dispatch assigned'),
    opinions: doc(z.array(opinionSchema), '审核、审批意见', 'Review and approval opinions'),
    plan: anyPlanSchema.optional(),
    acknowledgements: doc(z.array(acknowledgementSchema), '配合单位确认接收任务', 'Acknowledgements of the task'),
    meetings: doc(z.array(meetingSchema), '联席会议', 'Joint meetings'),
    publications: doc(z.array(publicationSchema), '发布的联动执法信息', 'Information published'),
    reports: doc(z.array(unitReportSchema), '配合单位报送的法律文书', 'Cooperating units’ reports'),
    results: doc(uploadedResultsSchema.optional(), '执法结果', 'The results uploaded'),
    deadlines: doc(z.array(caseDeadlineSchema), '时限', 'The deadlines'),
    deadlinesMet: doc(z.boolean(), '各时限均按时完成', 'Every deadline was met on time'),
    urges: doc(z.array(urgeSchema), '催办', 'Urges'),
    summary: string('存档说明', 'The archive summary').optional(),
    history: doc(z.array(historyEntrySchema), '流转记录', 'The history (流转记录)'),
  }),
  'CaseDossier',
  '存档材料：办结案件的全部记录',
  'The archive dossier (存档材料) a closed case outputs',
);

export { deadlineShape, historyShape };
