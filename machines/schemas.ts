import { z } from 'zod';

const text = z.string().trim().min(1, 'must not be empty');
/** An instant with its offset (`Z` or `+08:00`): a time without one is ambiguous on a server outside Beijing. */
export const instantSchema = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant with an offset, e.g. 2026-09-30T18:00:00+08:00' });

/** The posts of a county leader: 县主要领导 (`principal`) and 分管县领导 (`inCharge`). */
export const leaderPosts = ['principal', 'inCharge'] as const;

/** A county leader: 县主要领导 (`principal`) or 分管县领导 (`inCharge`). */
export const leaderSchema = z.object({ name: text, post: z.enum(leaderPosts) });

/** Who acts: a unit (单位), a county leader (县领导), or an automatic check (`system`). */
export const actorSchema = z.union([
  z.object({ unit: text }).strict(),
  z.object({ leader: leaderSchema }).strict(),
  z.object({ system: text }).strict(),
]);

const common = {
  caseId: z.string().regex(/^[\w.:-]{1,128}$/u, 'must be 1–128 letters, digits, or . _ : -'),
  title: text,
  /** The high-frequency item (附件3) the case falls under; its units are the default participants. */
  itemNo: z.number().int().positive().optional(),
  /** When the case started. */
  at: instantSchema,
  /** Who opens the case: opening is an act, and the machine checks that `by` may open this origin. */
  by: actorSchema,
};
/** The item an emergency is about: its lead unit (牵头单位) is the one who reports or is asked to. */
const requiredItemNo = z.number().int().positive();

/** How a case starts (附件1, 附件2): an application, a leader's assignment, the center's own need, an emergency, or a request for one. */
export const caseInputSchema = z.discriminatedUnion('origin', [
  z.object({
    ...common,
    /** 县直部门、乡镇通过综合指挥调度平台提出联动执法申请: `by.unit` must be the applicant. */
    origin: z.literal('application'),
    /** The applying unit: a catalog unit id, or `locality:<name>` for a township or sub-district outside the catalog. */
    applicant: text,
    description: text.optional(),
  }),
  z.object({
    ...common,
    /** 县主要领导、分管县领导交办: recorded by the center or by that leader; the center dispatches directly. */
    origin: z.literal('leaderAssignment'),
    leader: leaderSchema,
    instruction: text,
  }),
  z.object({
    ...common,
    /** 因工作需要: the center starts it with the in-charge leader's consent (报经分管县领导同意). */
    origin: z.literal('centerInitiated'),
    reason: text,
  }),
  z.object({
    ...common,
    itemNo: requiredItemNo,
    /** 突发事件: the item's lead unit reports to the county party committee and government (牵头单位 5 及时上报县委县政府). */
    origin: z.literal('emergency'),
    /** The reporting unit: the item's lead unit, and `by.unit`. */
    reporter: text,
    description: text,
  }),
  z.object({
    ...common,
    itemNo: requiredItemNo,
    /** 配合单位 3: a cooperating unit that handled a matter first asks the lead unit to organize joint enforcement (提请牵头单位组织开展联动执法). */
    origin: z.literal('emergencyRequest'),
    /** The requesting unit: a cooperating unit of the item, and `by.unit`. */
    reporter: text,
    description: text,
  }),
]);

export const unitRefInputSchema = z.union([text, z.object({ unit: text, as: text.optional() }).strict()]);

/** One unit's duty in the work plan (职责分工): `unit` is a participant's id as the dispatch assigned it. */
export const planDivisionSchema = z.object({ unit: text, duty: text }).strict();

/**
 * The lead unit's work plan (联动执法工作方案, 附件2 牵头单位 1): it must 明确 each unit's duty
 * (every cooperating unit among them), the work, the methods, the steps, the time limits and the
 * contingency plan.
 */
export const planSchema = z
  .object({
    /** 概要 (optional). */
    summary: text.optional(),
    /** 各联动执法单位职责分工: one entry per participating unit; every cooperating unit appears. */
    division: z.array(planDivisionSchema).min(1, 'must give each participating unit its duty'),
    /** 工作内容 */
    content: text,
    /** 执法方式 */
    methods: text,
    /** 步骤 */
    steps: text,
    /** 时限 */
    timeLimits: text,
    /** 突发事件应急处理预案 */
    contingency: text,
  })
  .strict();

/** The results the lead unit uploads (执法结果, 附件2 牵头单位 6), with its review and lessons (牵头单位 7). */
export const resultsSchema = z.object({
  summary: text,
  /** Figures the county reports on: inspections, cases opened, penalties… */
  figures: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
  documents: z.array(text).optional(),
  /** 研讨和总结: what went well, what to improve (附件2 牵头单位 7). */
  lessons: text.optional(),
});

const base = { by: actorSchema, at: instantSchema };

/** Every event a case takes, each with who acts (`by`) and when (`at`). */
export const caseEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('review.pass'), ...base, opinion: text.optional(), note: text.optional() }).strict(),
  z.object({ type: z.literal('review.reject'), ...base, reason: text }).strict(),
  z.object({ type: z.literal('legal.approve'), ...base, opinion: text.optional() }).strict(),
  z.object({ type: z.literal('legal.return'), ...base, reason: text }).strict(),
  z.object({ type: z.literal('amendment.request'), ...base, reason: text }).strict(),
  z.object({ type: z.literal('application.resubmit'), ...base, note: text.optional() }).strict(),
  z.object({ type: z.literal('application.withdraw'), ...base, reason: text }).strict(),
  z.object({ type: z.literal('emergency.report'), ...base, description: text.optional() }).strict(),
  z.object({ type: z.literal('emergency.decline'), ...base, reason: text }).strict(),
  z.object({ type: z.literal('leader.approve'), ...base, opinion: text.optional() }).strict(),
  z.object({ type: z.literal('leader.deny'), ...base, reason: text }).strict(),
  z
    .object({
      type: z.literal('task.dispatch'),
      ...base,
      lead: unitRefInputSchema.optional(),
      /** Why the lead is not the catalog item's (required then, refused otherwise). */
      leadChangeReason: text.optional(),
      cooperating: z.array(unitRefInputSchema).optional(),
      place: text,
      startAt: instantSchema,
      locality: z.union([text, z.object({ name: text, kind: z.enum(['township', 'subDistrict']), id: text.optional() }).strict()]).optional(),
    })
    .strict(),
  z.object({ type: z.literal('unit.acknowledge'), ...base, staff: z.number().int().min(1).max(10_000), equipment: text.optional() }).strict(),
  z.object({ type: z.literal('plan.submit'), ...base, plan: planSchema }).strict(),
  z.object({ type: z.literal('meeting.record'), ...base, heldAt: instantSchema, attendees: z.array(text).min(1, 'must name who attended'), decisions: text }).strict(),
  z.object({ type: z.literal('info.publish'), ...base, text }).strict(),
  z.object({ type: z.literal('enforcement.end'), ...base, note: text.optional() }).strict(),
  z.object({ type: z.literal('unit.report'), ...base, summary: text, documents: z.array(text).optional(), suggestions: text.optional() }).strict(),
  z.object({ type: z.literal('results.upload'), ...base, results: resultsSchema }).strict(),
  z.object({ type: z.literal('case.archive'), ...base, summary: text.optional() }).strict(),
  z.object({ type: z.literal('case.urge'), ...base, unit: text, message: text.optional() }).strict(),
  z.object({ type: z.literal('deadline.check'), ...base }).strict(),
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
}
/** The results the lead unit uploads (执法结果, 附件2 牵头单位 6). */
export interface EnforcementResults {
  summary: string;
  /** Figures the county reports on: inspections, cases opened, penalties… */
  figures?: Record<string, number | string>;
  documents?: string[];
  /** 研讨和总结: what went well, what to improve (附件2 牵头单位 7). */
  lessons?: string;
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
  | { type: 'unit.report'; by: Actor; at: string; summary: string; documents?: string[]; suggestions?: string }
  /** 上传执法结果 (the lead unit). */
  | { type: 'results.upload'; by: Actor; at: string; results: EnforcementResults }
  /** 汇总存档 (the center): closes the case. */
  | { type: 'case.archive'; by: Actor; at: string; summary?: string }
  /** 催办 (the center, anyone; the lead unit, its cooperating units): urges `unit` to act. */
  | { type: 'case.urge'; by: Actor; at: string; unit: string; message?: string }
  /** 时限检查 (the timekeeper): marks deadlines past due as overdue. */
  | { type: 'deadline.check'; by: Actor; at: string };
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
  | 'deadline.check';

/** Every event type a case takes, in the order of {@link caseEventSchema}. */
export const caseEventTypes = caseEventSchema.options.map((option) => option.shape.type.value) as CaseEventType[];
