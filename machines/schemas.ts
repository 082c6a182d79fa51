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

/** A county leader and their post. */
export type Leader = z.infer<typeof leaderSchema>;
/** `principal` (县主要领导) or `inCharge` (分管县领导). */
export type LeaderPost = (typeof leaderPosts)[number];
/** Who sends an event: `{ unit }`, `{ leader }` or `{ system }` (an automatic check). */
export type Actor = z.infer<typeof actorSchema>;
/** What a case starts with (`createActor(machine, { input })`): one shape per origin. */
export type CaseInput = z.input<typeof caseInputSchema>;
/** How a case started: `application`, `leaderAssignment`, `centerInitiated` or `emergency`. */
export type CaseOrigin = CaseInput['origin'];
/** The lead unit's work plan (联动执法工作方案). */
export type WorkPlan = z.infer<typeof planSchema>;
/** The results the lead unit uploads (执法结果). */
export type EnforcementResults = z.infer<typeof resultsSchema>;
/** Any event a case takes, each with who acts (`by`) and when (`at`). */
export type CaseEvent = z.infer<typeof caseEventSchema>;
/** The `type` of a {@link CaseEvent}, e.g. `review.pass`. */
export type CaseEventType = CaseEvent['type'];
/** A unit named in a dispatch: its id, name or alias, or `{ unit, as }`. */
export type UnitRefInput = z.infer<typeof unitRefInputSchema>;

/** Every event type a case takes, in the order of {@link caseEventSchema}. */
export const caseEventTypes = caseEventSchema.options.map((option) => option.shape.type.value) as CaseEventType[];
