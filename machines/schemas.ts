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
};

/** How a case starts (附件1): an application, a leader's assignment, the center's own need, or an emergency. */
export const caseInputSchema = z.discriminatedUnion('origin', [
  z.object({
    ...common,
    /** 县直部门、乡镇通过综合指挥调度平台提出联动执法申请. */
    origin: z.literal('application'),
    /** The applying unit: a catalog unit id, or `locality:<name>` for a township or sub-district outside the catalog. */
    applicant: text,
    description: text.optional(),
  }),
  z.object({
    ...common,
    /** 县主要领导、分管县领导交办: the center dispatches directly. */
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
    /** 突发事件: the reporting unit reports to the county party committee and government (上报县委县政府). */
    origin: z.literal('emergency'),
    reporter: text,
    description: text,
  }),
]);

export const unitRefInputSchema = z.union([text, z.object({ unit: text, as: text.optional() }).strict()]);

/** The lead unit's work plan (联动执法工作方案, 附件2 牵头单位 1). */
export const planSchema = z.object({
  summary: text,
  /** 职责分工 */
  division: text.optional(),
  /** 工作内容 */
  content: text.optional(),
  /** 执法方式 */
  methods: text.optional(),
  /** 步骤 */
  steps: text.optional(),
  /** 时限 */
  timeLimit: text.optional(),
  /** 突发事件应急处理预案 */
  contingency: text.optional(),
});

/** The results the lead unit uploads (执法结果, 附件2 牵头单位 6). */
export const resultsSchema = z.object({
  summary: text,
  /** Figures the county reports on: inspections, cases opened, penalties… */
  figures: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
  documents: z.array(text).optional(),
});

const base = { by: actorSchema, at: instantSchema };

/** Every event a case takes, each with who acts (`by`) and when (`at`). */
export const caseEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('review.pass'), ...base, opinion: text.optional() }).strict(),
  z.object({ type: z.literal('review.reject'), ...base, reason: text }).strict(),
  z.object({ type: z.literal('legal.approve'), ...base, opinion: text.optional() }).strict(),
  z.object({ type: z.literal('legal.return'), ...base, reason: text }).strict(),
  z.object({ type: z.literal('amendment.request'), ...base, reason: text }).strict(),
  z.object({ type: z.literal('application.resubmit'), ...base, note: text.optional() }).strict(),
  z.object({ type: z.literal('application.withdraw'), ...base, reason: text }).strict(),
  z.object({ type: z.literal('leader.approve'), ...base, opinion: text.optional() }).strict(),
  z.object({ type: z.literal('leader.deny'), ...base, reason: text }).strict(),
  z
    .object({
      type: z.literal('task.dispatch'),
      ...base,
      lead: unitRefInputSchema.optional(),
      cooperating: z.array(unitRefInputSchema).optional(),
      place: text,
      startAt: instantSchema,
      locality: z.union([text, z.object({ name: text, kind: z.enum(['township', 'subDistrict']), id: text.optional() }).strict()]).optional(),
    })
    .strict(),
  z.object({ type: z.literal('plan.submit'), ...base, plan: planSchema }).strict(),
  z.object({ type: z.literal('enforcement.end'), ...base, note: text.optional() }).strict(),
  z.object({ type: z.literal('unit.report'), ...base, summary: text, documents: z.array(text).optional() }).strict(),
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

/** What a case starts with (`createActor(machine, { input })`): one shape per origin (附件1). */
export type CaseInput =
  /** 县直部门、乡镇通过综合指挥调度平台提出联动执法申请: an application by a unit. */
  | {
      origin: 'application';
      caseId: string;
      title: string;
      /** The high-frequency item (附件3) the case falls under; its units are the default participants. */
      itemNo?: number;
      /** When the case started: an instant with its offset. */
      at: string;
      /** The applying unit: a catalog unit id, or `locality:<name>` for a township or sub-district outside the catalog. */
      applicant: string;
      description?: string;
    }
  /** 县主要领导、分管县领导交办: the center dispatches directly. */
  | { origin: 'leaderAssignment'; caseId: string; title: string; itemNo?: number; at: string; leader: Leader; instruction: string }
  /** 因工作需要: the center starts it with the in-charge leader's consent (报经分管县领导同意). */
  | { origin: 'centerInitiated'; caseId: string; title: string; itemNo?: number; at: string; reason: string }
  /** 突发事件: the reporting unit reports to the county party committee and government (上报县委县政府). */
  | { origin: 'emergency'; caseId: string; title: string; itemNo?: number; at: string; reporter: string; description: string };
/** How a case started: `application`, `leaderAssignment`, `centerInitiated` or `emergency`. */
export type CaseOrigin = CaseInput['origin'];

/** The lead unit's work plan (联动执法工作方案, 附件2 牵头单位 1). */
export interface WorkPlan {
  summary: string;
  /** 职责分工 */
  division?: string;
  /** 工作内容 */
  content?: string;
  /** 执法方式 */
  methods?: string;
  /** 步骤 */
  steps?: string;
  /** 时限 */
  timeLimit?: string;
  /** 突发事件应急处理预案 */
  contingency?: string;
}
/** The results the lead unit uploads (执法结果, 附件2 牵头单位 6). */
export interface EnforcementResults {
  summary: string;
  /** Figures the county reports on: inspections, cases opened, penalties… */
  figures?: Record<string, number | string>;
  documents?: string[];
}
/** A unit named in a dispatch: its id, name or alias, or `{ unit, as }`. */
export type UnitRefInput = string | { unit: string; as?: string };

/**
 * Any event a case takes, each with who acts (`by`) and when (`at`, an instant with its offset).
 * The Chinese names are {@link eventLabels}.
 */
export type CaseEvent =
  /** 初审通过 (the center): on to legal review. */
  | { type: 'review.pass'; by: Actor; at: string; opinion?: string }
  /** 驳回申请 (the center), at preliminary review or after legal review returned it. */
  | { type: 'review.reject'; by: Actor; at: string; reason: string }
  /** 法制审核通过 (the legal-review unit): on to the county leader. */
  | { type: 'legal.approve'; by: Actor; at: string; opinion?: string }
  /** 法制审核退回 (the legal-review unit): back to the center. */
  | { type: 'legal.return'; by: Actor; at: string; reason: string }
  /** 退回补正 (the center): the applicant amends its application. */
  | { type: 'amendment.request'; by: Actor; at: string; reason: string }
  /** 补正后重新提交 (the applicant): back to preliminary review. */
  | { type: 'application.resubmit'; by: Actor; at: string; note?: string }
  /** 撤回申请 (the initiator), any time before dispatch. */
  | { type: 'application.withdraw'; by: Actor; at: string; reason: string }
  /** 批准同意 (a county leader; the in-charge leader for a center-initiated case). */
  | { type: 'leader.approve'; by: Actor; at: string; opinion?: string }
  /** 不予批准 (the same leader). */
  | { type: 'leader.deny'; by: Actor; at: string; reason: string }
  /**
   * 派送任务 (the center): the lead and cooperating units (default: the catalog item's), where
   * (地点) and when (时间) they meet; `locality` names the township or sub-district for 属地.
   */
  | {
      type: 'task.dispatch';
      by: Actor;
      at: string;
      lead?: UnitRefInput;
      cooperating?: UnitRefInput[];
      place: string;
      startAt: string;
      locality?: string | { name: string; kind: 'township' | 'subDistrict'; id?: string };
    }
  /** 提交工作方案 (the lead unit), again to revise it while enforcing. */
  | { type: 'plan.submit'; by: Actor; at: string; plan: WorkPlan }
  /** 执法工作结束 (the lead unit): starts the results deadline (5 working days by default). */
  | { type: 'enforcement.end'; by: Actor; at: string; note?: string }
  /** 报送法律文书 (a cooperating unit) to the lead unit. */
  | { type: 'unit.report'; by: Actor; at: string; summary: string; documents?: string[] }
  /** 上传执法结果 (the lead unit). */
  | { type: 'results.upload'; by: Actor; at: string; results: EnforcementResults }
  /** 汇总存档 (the center): closes the case. */
  | { type: 'case.archive'; by: Actor; at: string; summary?: string }
  /** 催办 (the center): urges `unit` to act. */
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
  | 'leader.approve'
  | 'leader.deny'
  | 'task.dispatch'
  | 'plan.submit'
  | 'enforcement.end'
  | 'unit.report'
  | 'results.upload'
  | 'case.archive'
  | 'case.urge'
  | 'deadline.check';

/** Every event type a case takes, in the order of {@link caseEventSchema}. */
export const caseEventTypes = caseEventSchema.options.map((option) => option.shape.type.value) as CaseEventType[];
