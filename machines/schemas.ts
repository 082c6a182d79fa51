import { z } from 'zod';
import { doc, named } from './_lib/schemaDocs.js';

const text = z.string().trim().min(1, 'must not be empty');
/** An instant with its offset (`Z` or `+08:00`): a time without one is ambiguous on a server outside Beijing. */
export const instantSchema = named(
  z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant with an offset, e.g. 2026-09-30T18:00:00+08:00' }),
  'Instant',
  '带时区偏移的 ISO 8601 时间，如 2026-09-30T18:00:00+08:00',
  'An ISO 8601 instant with its offset (Z or +08:00), e.g. 2026-09-30T18:00:00+08:00',
);

/** The posts of a county leader: 县主要领导 (`principal`) and 分管县领导 (`inCharge`). */
export const leaderPosts = ['principal', 'inCharge'] as const;

/** A county leader: 县主要领导 (`principal`) or 分管县领导 (`inCharge`). */
export const leaderSchema = named(
  z.object({
    name: doc(text, '县领导姓名', 'The leader’s name'),
    post: doc(z.enum(leaderPosts), '职务：principal 县主要领导，inCharge 分管县领导', 'The post: principal (县主要领导) or inCharge (分管县领导)'),
  }),
  'Leader',
  '县领导',
  'A county leader',
);

/** Who acts: a unit (单位), a county leader (县领导), or an automatic check (`system`). */
export const actorSchema = named(
  z.union([
    z.object({ unit: doc(text, '单位编号（清单中的单位 id，或 locality:<乡镇街道名>）', 'A unit id of the catalog, or locality:<township name>') }).strict(),
    z.object({ leader: leaderSchema }).strict(),
    z.object({ system: doc(text, '自动检查的名称，如 sweep', 'The name of an automatic check, e.g. sweep') }).strict(),
  ]),
  'Actor',
  '操作人：单位、县领导或系统',
  'Who acts: a unit, a county leader, or the system',
);

const common = {
  caseId: doc(z.string().regex(/^[\w.:-]{1,128}$/u, 'must be 1–128 letters, digits, or . _ : -'), '案件编号：1–128 位字母、数字或 . _ : -', 'The case id: 1–128 letters, digits or . _ : -'),
  title: doc(text, '案件标题', 'The case title'),
  /** The high-frequency item (附件3) the case falls under; its units are the default participants. */
  itemNo: doc(z.number().int().positive(), '高频事项编号（附件3），其单位为默认参与单位', 'The high-frequency item (附件3); its units are the default participants').optional(),
  /** When the case started. */
  at: doc(instantSchema, '立案时间', 'When the case started'),
  /** Who opens the case: opening is an act, and the machine checks that `by` may open this origin. */
  by: actorSchema,
};
/** The item an emergency is about: its lead unit (牵头单位) is the one who reports or is asked to. */
const requiredItemNo = doc(z.number().int().positive(), '高频事项编号（附件3）：由其牵头单位上报或受理', 'The high-frequency item (附件3): its lead unit reports or is asked');
const origin = <Origin extends string>(value: Origin, zh: string, en: string) => doc(z.literal(value), `立案来源：${zh}`, `How the case starts: ${en}`);

/** How a case starts (附件1, 附件2): an application, a leader's assignment, the center's own need, an emergency, or a request for one. */
export const caseInputSchema = z.discriminatedUnion('origin', [
  z.object({
    ...common,
    /** 县直部门、乡镇通过综合指挥调度平台提出联动执法申请: `by.unit` must be the applicant. */
    origin: origin('application', '县直部门、乡镇提出联动执法申请', 'an application by a county department or township'),
    /** The applying unit: a catalog unit id, or `locality:<name>` for a township or sub-district outside the catalog. */
    applicant: doc(text, '申请单位：清单中的单位编号，或 locality:<乡镇街道名>；须与立案人一致', 'The applying unit: a catalog unit id or locality:<name>; also by.unit'),
    description: doc(text, '申请事项说明', 'What the application is about').optional(),
  }),
  z.object({
    ...common,
    /** 县主要领导、分管县领导交办: recorded by the center or by that leader; the center dispatches directly. */
    origin: origin('leaderAssignment', '县主要领导、分管县领导交办', 'assigned by a county leader'),
    leader: leaderSchema,
    instruction: doc(text, '交办内容', 'What the leader assigned'),
  }),
  z.object({
    ...common,
    /** 因工作需要: the center starts it with the in-charge leader's consent (报经分管县领导同意). */
    origin: origin('centerInitiated', '综合指挥调度中心因工作需要', 'the command center’s own need'),
    reason: doc(text, '工作需要的理由', 'Why the center needs it'),
  }),
  z.object({
    ...common,
    itemNo: requiredItemNo,
    /** 突发事件: the item's lead unit reports to the county party committee and government (牵头单位 5 及时上报县委县政府). */
    origin: origin('emergency', '突发事件，牵头单位上报县委县政府', 'an emergency the item’s lead unit reports'),
    /** The reporting unit: the item's lead unit, and `by.unit`. */
    reporter: doc(text, '报告单位：事项牵头单位，须与立案人一致', 'The reporting unit: the item’s lead unit, also by.unit'),
    description: doc(text, '突发事件情况', 'What happened'),
  }),
  z.object({
    ...common,
    itemNo: requiredItemNo,
    /** 配合单位 3: a cooperating unit that handled a matter first asks the lead unit to organize joint enforcement (提请牵头单位组织开展联动执法). */
    origin: origin('emergencyRequest', '配合单位先行受理后提请牵头单位组织联动执法', 'a cooperating unit asks the lead unit'),
    /** The requesting unit: a cooperating unit of the item, and `by.unit`. */
    reporter: doc(text, '提请单位：事项的配合单位，须与立案人一致', 'The requesting unit: a cooperating unit of the item, also by.unit'),
    description: doc(text, '先行受理的情况', 'What the unit handled first'),
  }),
]);

/** 64 lowercase hex digits: a SHA-256 digest as blob stores and the audit log write it. */
export const sha256Schema = named(
  z.string().regex(/^[0-9a-f]{64}$/u, 'must be a SHA-256 digest in lowercase hex'),
  'Sha256',
  'SHA-256 摘要：64 位小写十六进制数字',
  'A SHA-256 digest: 64 lowercase hex digits',
);

/**
 * A media type as `type/subtype` in lowercase (RFC 6838 names, no parameters), e.g.
 * `application/pdf`. Each part starts with a letter or digit, so neither is ever `.` or `..`.
 */
export const mediaTypeSchema = named(
  z.string().regex(/^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/u, 'must be a media type in lowercase, e.g. application/pdf'),
  'MediaType',
  '文件类型（小写的 type/subtype，如 application/pdf）',
  'A media type in lowercase, e.g. application/pdf',
);

// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
const fileNameCharacters = /^[^\u0000-\u001F\u007F/\\\uD800-\uDFFF]*$/u;
/** A document's file name as people see it: 1–200 characters, no control characters, no path separators, no lone UTF-16 surrogates (with the `u` flag only an unpaired one is in that range). */
export const documentNameSchema = text
  .max(200, 'must be at most 200 characters')
  .regex(fileNameCharacters, 'must be a file name: no control characters, no / or \\');

/**
 * A legal document (法律文书) kept in a blob store: its file name, the SHA-256 of its bytes, its
 * size in bytes and its media type. What `BlobStore.put` returns and events carry; the engine
 * (with `blobs`) refuses an event whose reference is not in the store.
 */
export const documentReferenceSchema = named(
  z
    .object({
      name: doc(documentNameSchema, '文件名', 'The file name'),
      sha256: doc(sha256Schema, '文件内容的 SHA-256 摘要（64 位小写十六进制）', 'SHA-256 of the bytes: 64 lowercase hex digits'),
      size: doc(z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), '文件大小（字节）', 'Its size in bytes'),
      mediaType: doc(mediaTypeSchema, '文件类型，如 application/pdf', 'Its media type, e.g. application/pdf'),
    })
    .strict(),
  'DocumentReference',
  '法律文书引用：文件名、SHA-256 摘要、大小和类型，文件本身存于文件存储',
  'A legal document kept in a blob store: name, SHA-256, size and media type',
);

const documentReferences = (zh: string, en: string) =>
  doc(z.array(documentReferenceSchema).max(100, 'must list at most 100 documents'), `${zh}（文件引用，见 DocumentReference）`, `${en} (references to stored files)`);

export const unitRefInputSchema = named(
  z.union([
    doc(text, '单位编号、名称或别名', 'A unit id, name or alias'),
    z
      .object({
        unit: doc(text, '单位编号、名称或别名', 'A unit id, name or alias'),
        as: doc(text, '以何种身份（别名）参加，如 网信办', 'The capacity (alias) it acts in, e.g. 网信办').optional(),
      })
      .strict(),
  ]),
  'UnitRefInput',
  '派送任务中指定的单位',
  'A unit named in a dispatch',
);

/** One unit's duty in the work plan (职责分工): `unit` is a participant's id as the dispatch assigned it. */
export const planDivisionSchema = named(
  z
    .object({
      unit: doc(text, '参与单位编号（与派送任务一致）', 'A participant’s unit id, as the dispatch assigned it'),
      duty: doc(text, '该单位的职责', 'Its duty'),
    })
    .strict(),
  'PlanDivision',
  '职责分工中一个单位的职责',
  'One unit’s duty in the work plan',
);

/**
 * The lead unit's work plan (联动执法工作方案, 附件2 牵头单位 1): it must 明确 each unit's duty
 * (every cooperating unit among them), the work, the methods, the steps, the time limits and the
 * contingency plan.
 */
export const planSchema = named(
  z
    .object({
      /** 概要 (optional). */
      summary: doc(text, '概要', 'Summary').optional(),
      /** 各联动执法单位职责分工: one entry per participating unit; every cooperating unit appears. */
      division: doc(
        z.array(planDivisionSchema).min(1, 'must give each participating unit its duty'),
        '各联动执法单位职责分工：每个参与单位一项，每个配合单位都须列出',
        'Each participating unit’s duty; every cooperating unit appears',
      ),
      /** 工作内容 */
      content: doc(text, '工作内容', 'The work'),
      /** 执法方式 */
      methods: doc(text, '执法方式', 'Enforcement methods'),
      /** 步骤 */
      steps: doc(text, '步骤', 'Steps'),
      /** 时限 */
      timeLimits: doc(text, '时限', 'Time limits'),
      /** 突发事件应急处理预案 */
      contingency: doc(text, '突发事件应急处理预案', 'Contingency plan for emergencies'),
      /** The plan's files (方案文本、附图…), kept in the blob store. */
      documents: documentReferences('方案附件', 'The plan’s files').optional(),
    })
    .strict(),
  'WorkPlan',
  '联动执法工作方案（附件2 牵头单位 1）',
  'The lead unit’s work plan (附件2 牵头单位 1)',
);

/** The results the lead unit uploads (执法结果, 附件2 牵头单位 6), with its review and lessons (牵头单位 7). */
export const resultsSchema = named(
  z.object({
    summary: doc(text, '执法结果概要', 'Summary of the results'),
    /** Figures the county reports on: inspections, cases opened, penalties… */
    figures: doc(z.record(z.string(), z.union([z.number(), z.string()])), '统计数据：检查户数、立案数、罚款等', 'Figures: inspections, cases opened, penalties…').optional(),
    documents: documentReferences('执法文书', 'Documents').optional(),
    /** 研讨和总结: what went well, what to improve (附件2 牵头单位 7). */
    lessons: doc(text, '研讨和总结', 'Lessons: what went well, what to improve').optional(),
  }),
  'EnforcementResults',
  '执法结果（附件2 牵头单位 6、7）',
  'The results the lead unit uploads (附件2 牵头单位 6, 7)',
);

const base = {
  by: actorSchema,
  at: doc(instantSchema, '操作时间', 'When it happened'),
};
const reason = (zh: string, en: string) => doc(text, zh, en);
const opinion = doc(text, '意见', 'Opinion').optional();
const eventType = <Type extends string>(value: Type, zh: string) => doc(z.literal(value), `操作类型：${zh}`, `The event type: ${value}`);

/** Every event a case takes, each with who acts (`by`) and when (`at`). */
export const caseEventSchema = z.discriminatedUnion('type', [
  z.object({ type: eventType('review.pass', '初审通过'), ...base, opinion, note: doc(text, '说明：法制审核退回后再次送审时，写明中心补充了什么', 'After 法制审核退回: what the center supplemented').optional() }).strict(),
  z.object({ type: eventType('review.reject', '驳回申请'), ...base, reason: reason('驳回理由', 'Why it is rejected') }).strict(),
  z.object({ type: eventType('legal.approve', '法制审核通过'), ...base, opinion }).strict(),
  z.object({ type: eventType('legal.return', '法制审核退回'), ...base, reason: reason('退回理由', 'Why it is returned') }).strict(),
  z.object({ type: eventType('amendment.request', '退回补正'), ...base, reason: reason('需补正的内容', 'What to amend') }).strict(),
  z.object({ type: eventType('application.resubmit', '补正后重新提交'), ...base, note: doc(text, '补正说明', 'What was amended').optional() }).strict(),
  z.object({ type: eventType('application.withdraw', '撤回申请'), ...base, reason: reason('撤回理由', 'Why it is withdrawn') }).strict(),
  z.object({ type: eventType('emergency.report', '上报县委县政府'), ...base, description: doc(text, '上报的情况', 'What is reported').optional() }).strict(),
  z.object({ type: eventType('emergency.decline', '不予上报'), ...base, reason: reason('不予上报的理由', 'Why it is not reported') }).strict(),
  z.object({ type: eventType('leader.approve', '批准同意'), ...base, opinion }).strict(),
  z.object({ type: eventType('leader.deny', '不予批准'), ...base, reason: reason('不予批准的理由', 'Why it is denied') }).strict(),
  z
    .object({
      type: eventType('task.dispatch', '派送任务'),
      ...base,
      lead: doc(unitRefInputSchema.optional(), '牵头单位（默认：事项的牵头单位）', 'The lead unit (default: the item’s)'),
      /** Why the lead is not the catalog item's (required then, refused otherwise). */
      leadChangeReason: doc(text, '更换牵头单位的理由（更换事项牵头单位时必填）', 'Why the lead is not the item’s (required then, refused otherwise)').optional(),
      cooperating: doc(z.array(unitRefInputSchema), '配合单位（默认：事项的配合单位）', 'The cooperating units (default: the item’s)').optional(),
      place: doc(text, '集合地点', 'Where the units meet'),
      startAt: doc(instantSchema, '集合时间：不早于派送时间', 'When the units meet: not before the dispatch'),
      locality: doc(
        z.union([
          text,
          z
            .object({
              name: doc(text, '乡镇或街道名称', 'The township or sub-district'),
              kind: doc(z.enum(['township', 'subDistrict']), '类别：township 乡镇，subDistrict 街道', 'township or subDistrict'),
              id: doc(text, '单位编号', 'Its unit id').optional(),
            })
            .strict(),
        ]),
        '属地乡镇（街道）',
        'The township or sub-district for 属地',
      ).optional(),
    })
    .strict(),
  z
    .object({
      type: eventType('unit.acknowledge', '确认接收任务'),
      ...base,
      staff: doc(z.number().int().min(1).max(10_000), '派出的行政执法人员人数', 'How many enforcement staff it sends'),
      equipment: doc(text, '装备、技术等执法保障', 'Equipment and technical support').optional(),
    })
    .strict(),
  z.object({ type: eventType('plan.submit', '提交工作方案'), ...base, plan: planSchema }).strict(),
  z
    .object({
      type: eventType('meeting.record', '召开联席会议'),
      ...base,
      heldAt: doc(instantSchema, '会议召开时间', 'When the meeting was held'),
      attendees: doc(z.array(text).min(1, 'must name who attended'), '参会人员或单位', 'Who attended'),
      decisions: doc(text, '会议决定', 'What was decided'),
    })
    .strict(),
  z.object({ type: eventType('info.publish', '发布联动执法信息'), ...base, text: doc(text, '发布的信息', 'The information published') }).strict(),
  z.object({ type: eventType('enforcement.end', '执法工作结束'), ...base, note: doc(text, '说明', 'Note').optional() }).strict(),
  z
    .object({
      type: eventType('unit.report', '报送法律文书'),
      ...base,
      summary: doc(text, '报送的法律文书概要', 'What the unit reports'),
      documents: documentReferences('法律文书', 'Legal documents').optional(),
      suggestions: doc(text, '完善和加强联动执法的意见建议', 'Suggestions to improve joint enforcement').optional(),
    })
    .strict(),
  z.object({ type: eventType('results.upload', '上传执法结果'), ...base, results: resultsSchema }).strict(),
  z.object({ type: eventType('case.archive', '汇总存档'), ...base, summary: doc(text, '存档说明', 'Archive summary').optional() }).strict(),
  z
    .object({
      type: eventType('case.urge', '催办'),
      ...base,
      unit: doc(text, '被催办的单位编号', 'The unit urged'),
      message: doc(text, '催办内容', 'The message').optional(),
    })
    .strict(),
  z.object({ type: eventType('deadline.check', '时限检查'), ...base }).strict(),
  z
    .object({
      type: eventType('deadline.remind', '时限预警'),
      ...base,
      beforeDueWorkingDays: doc(z.number().int().min(0).max(30), '提前几个工作日预警（引擎的 reminders 设置）', 'How many working days before the due day the reminder is due (the engine option reminders)'),
    })
    .strict(),
]);

// The types below are written out rather than `z.infer`red so that editors and the API reference
// show them by name, with a comment on every member; test/machine.test-d.ts checks that each one
// is exactly what its schema parses to.

/** A county leader and their post. */
export interface Leader {
  name: string;
  post: LeaderPost;
}
/** `principal` (县主要领导) or `inCharge` (分管县领导). */
export type LeaderPost = (typeof leaderPosts)[number];
/** Who sends an event: a unit (单位), a county leader (县领导), or an automatic check (`system`, e.g. the deadline sweeper). */
export type Actor = { unit: string } | { leader: Leader } | { system: string };

/**
 * What a case starts with (`createActor(machine, { input })`): one shape per origin (附件1,
 * 附件2). Every one says who opens it (`by`): opening is an act, and the machine refuses
 * (`NOT_ALLOWED`) an actor that may not open this origin.
 */
export type CaseInput =
  /** 县直部门、乡镇通过综合指挥调度平台提出联动执法申请: an application; `by.unit` is the applicant. */
  | {
      origin: 'application';
      caseId: string;
      title: string;
      /** The high-frequency item (附件3) the case falls under; its units are the default participants. */
      itemNo?: number;
      /** When the case started: an instant with its offset. */
      at: string;
      /** Who opens it: the applicant itself. */
      by: Actor;
      /** The applying unit: a catalog unit id, or `locality:<name>` for a township or sub-district outside the catalog. */
      applicant: string;
      description?: string;
    }
  /** 县主要领导、分管县领导交办: recorded by the center (`by`) or by that leader; the center dispatches directly. */
  | { origin: 'leaderAssignment'; caseId: string; title: string; itemNo?: number; at: string; by: Actor; leader: Leader; instruction: string }
  /** 因工作需要: the center (`by`) starts it with the in-charge leader's consent (报经分管县领导同意). */
  | { origin: 'centerInitiated'; caseId: string; title: string; itemNo?: number; at: string; by: Actor; reason: string }
  /** 突发事件: the item's lead unit (`reporter`, `by`) reports to the county party committee and government (附件2 牵头单位 5). */
  | { origin: 'emergency'; caseId: string; title: string; itemNo: number; at: string; by: Actor; reporter: string; description: string }
  /** 配合单位 3: a cooperating unit of the item (`reporter`, `by`) asks its lead unit to organize joint enforcement. */
  | { origin: 'emergencyRequest'; caseId: string; title: string; itemNo: number; at: string; by: Actor; reporter: string; description: string };
/** How a case started: `application`, `leaderAssignment`, `centerInitiated`, `emergency` or `emergencyRequest`. */
export type CaseOrigin = CaseInput['origin'];

/** One unit's duty in a work plan (职责分工). */
export interface PlanDivision {
  /** A participant's unit id, as the dispatch assigned it (`market-regulation`, `locality:王集镇`). */
  unit: string;
  duty: string;
}

/**
 * The lead unit's work plan (联动执法工作方案, 附件2 牵头单位 1): every part the seed says the plan
 * must 明确 is required.
 */
export interface WorkPlan {
  /** 概要 */
  summary?: string;
  /** 各联动执法单位职责分工: every cooperating unit appears, the lead may. */
  division: PlanDivision[];
  /** 工作内容 */
  content: string;
  /** 执法方式 */
  methods: string;
  /** 步骤 */
  steps: string;
  /** 时限 */
  timeLimits: string;
  /** 突发事件应急处理预案 */
  contingency: string;
  /** The plan's files (方案文本、附图…), kept in the blob store. */
  documents?: DocumentReference[];
}
/** The results the lead unit uploads (执法结果, 附件2 牵头单位 6). */
export interface EnforcementResults {
  summary: string;
  /** Figures the county reports on: inspections, cases opened, penalties… */
  figures?: Record<string, number | string>;
  /** 执法文书, kept in the blob store. */
  documents?: DocumentReference[];
  /** 研讨和总结: what went well, what to improve (附件2 牵头单位 7). */
  lessons?: string;
}
/**
 * A legal document (法律文书) kept in a blob store: what `BlobStore.put` returns and events carry.
 * `sha256` is 64 lowercase hex digits, `size` in bytes.
 */
export interface DocumentReference {
  /** The file name as people see it, e.g. `检查记录.pdf`. */
  name: string;
  sha256: string;
  size: number;
  /** e.g. `application/pdf`. */
  mediaType: string;
}
/** A unit named in a dispatch: its id, name or alias, or `{ unit, as }`. */
export type UnitRefInput = string | { unit: string; as?: string };

/**
 * Any event a case takes, each with who acts (`by`) and when (`at`, an instant with its offset).
 * The Chinese names are {@link eventLabels}.
 */
export type CaseEvent =
  /** 初审通过 (the center): on to legal review; after 法制审核退回, with a `note` saying what the center supplemented. */
  | { type: 'review.pass'; by: Actor; at: string; opinion?: string; note?: string }
  /** 驳回申请 (the center), at preliminary review or after legal review returned it. */
  | { type: 'review.reject'; by: Actor; at: string; reason: string }
  /** 法制审核通过 (the legal-review unit): on to the county leader; the center is told the result. */
  | { type: 'legal.approve'; by: Actor; at: string; opinion?: string }
  /** 法制审核退回 (the legal-review unit): back to the center. */
  | { type: 'legal.return'; by: Actor; at: string; reason: string }
  /** 退回补正 (the center): the applicant amends its application. */
  | { type: 'amendment.request'; by: Actor; at: string; reason: string }
  /** 补正后重新提交 (the applicant): back to preliminary review. */
  | { type: 'application.resubmit'; by: Actor; at: string; note?: string }
  /** 撤回申请 (the initiator), until a county leader has approved. */
  | { type: 'application.withdraw'; by: Actor; at: string; reason: string }
  /** 上报县委县政府 (the item's lead unit): reports a cooperating unit's emergency request. */
  | { type: 'emergency.report'; by: Actor; at: string; description?: string }
  /** 不予上报 (the item's lead unit): declines a cooperating unit's emergency request. */
  | { type: 'emergency.decline'; by: Actor; at: string; reason: string }
  /** 批准同意 (a county leader; for a center-initiated case the in-charge leader or the principal leader). */
  | { type: 'leader.approve'; by: Actor; at: string; opinion?: string }
  /** 不予批准 (the same leader). */
  | { type: 'leader.deny'; by: Actor; at: string; reason: string }
  /**
   * 派送任务 (the center; in an emergency also the item's lead unit): the lead and cooperating
   * units (default: the catalog item's), where (地点) and when (时间) they meet; `locality` names
   * the township or sub-district for 属地. Replacing the catalog's lead needs `leadChangeReason`.
   */
  | {
      type: 'task.dispatch';
      by: Actor;
      at: string;
      lead?: UnitRefInput;
      leadChangeReason?: string;
      cooperating?: UnitRefInput[];
      place: string;
      startAt: string;
      locality?: string | { name: string; kind: 'township' | 'subDistrict'; id?: string };
    }
  /** 确认接收任务 (a cooperating unit): the staff and equipment it sends (附件2 配合单位 1–2). */
  | { type: 'unit.acknowledge'; by: Actor; at: string; staff: number; equipment?: string }
  /** 提交工作方案 (the lead unit), again to revise it while enforcing. */
  | { type: 'plan.submit'; by: Actor; at: string; plan: WorkPlan }
  /** 召开联席会议 (the lead unit): a joint meeting held at `heldAt` (附件2 牵头单位 2). */
  | { type: 'meeting.record'; by: Actor; at: string; heldAt: string; attendees: string[]; decisions: string }
  /** 发布联动执法信息 (the lead unit), to every participant (附件2 牵头单位 4). */
  | { type: 'info.publish'; by: Actor; at: string; text: string }
  /** 执法工作结束 (the lead unit): starts the results deadline (5 working days by default). */
  | { type: 'enforcement.end'; by: Actor; at: string; note?: string }
  /** 报送法律文书 (a cooperating unit) to the lead unit, with its suggestions (配合单位 4–5). */
  | { type: 'unit.report'; by: Actor; at: string; summary: string; documents?: DocumentReference[]; suggestions?: string }
  /** 上传执法结果 (the lead unit). */
  | { type: 'results.upload'; by: Actor; at: string; results: EnforcementResults }
  /** 汇总存档 (the center): closes the case. */
  | { type: 'case.archive'; by: Actor; at: string; summary?: string }
  /** 催办 (the center, anyone; the lead unit, its cooperating units): urges `unit` to act. */
  | { type: 'case.urge'; by: Actor; at: string; unit: string; message?: string }
  /** 时限检查 (the timekeeper): marks deadlines past due as overdue. */
  | { type: 'deadline.check'; by: Actor; at: string }
  /** 时限预警 (the system clock): records `remindedAt` on each pending deadline whose reminder is due, `beforeDueWorkingDays` working days before its due day. */
  | { type: 'deadline.remind'; by: Actor; at: string; beforeDueWorkingDays: number };
/** The `type` of a {@link CaseEvent}, e.g. `review.pass`. */
export type CaseEventType =
  | 'review.pass'
  | 'review.reject'
  | 'legal.approve'
  | 'legal.return'
  | 'amendment.request'
  | 'application.resubmit'
  | 'application.withdraw'
  | 'emergency.report'
  | 'emergency.decline'
  | 'leader.approve'
  | 'leader.deny'
  | 'task.dispatch'
  | 'unit.acknowledge'
  | 'plan.submit'
  | 'meeting.record'
  | 'info.publish'
  | 'enforcement.end'
  | 'unit.report'
  | 'results.upload'
  | 'case.archive'
  | 'case.urge'
  | 'deadline.check'
  | 'deadline.remind';

/** Every event type a case takes, in the order of {@link caseEventSchema}. */
export const caseEventTypes = caseEventSchema.options.map((option) => option.shape.type.value) as CaseEventType[];
