import { z } from 'zod';
import { isPlainDate } from '../calendar/plainDate.js';

/** How `engine.stats` groups cases: by lead unit (牵头单位), catalog item (事项), opening month (月份) or origin (立案方式). */
export const statsGroupingSchema = z.enum(['leadUnit', 'item', 'month', 'origin']);

/** The steps (环节) whose time the statistics average: 初审, 法制审核, 审批/同意, 派送, 执法, 汇总. */
export const statsStepSchema = z.enum(['preliminaryReview', 'legalReview', 'approval', 'dispatching', 'enforcing', 'aggregating']);

/** A Beijing calendar date `YYYY-MM-DD` in 2000–2099. */
const beijingDateSchema = z.string().refine((value) => isPlainDate(value) && value >= '2000-01-01' && value <= '2099-12-31', 'must be a date YYYY-MM-DD in 2000–2099 (Beijing)');

/**
 * `engine.stats`' query: the cases opened from `from` to `to` (Beijing dates, both included),
 * grouped `by` one of {@link statsGroupingSchema}.
 *
 * @example
 * statsQuerySchema.safeParse({ from: '2026-09-01', to: '2026-09-30', by: 'leadUnit' }).success
 * //=> true
 */
export const statsQuerySchema = z
  .object({
    from: beijingDateSchema,
    to: beijingDateSchema,
    by: statsGroupingSchema,
  })
  .strict()
  .refine((query) => query.from <= query.to, { message: 'from must not be after to', path: ['to'] });

const count = z.number().int().min(0);
const average = z.number().min(0).nullable();

/**
 * One row of the statistics (统计报表): the cases opened in the period with one key. The counts
 * of outcomes add up: `opened = archived + rejected + notApproved + withdrawn + declined + inProgress`.
 *
 * @example
 * statsRowSchema.shape.onTimeRate.safeParse(null).success
 * //=> true
 */
export const statsRowSchema = z
  .object({
    /** The group: a unit id, an item number, `YYYY-MM`, an origin; `null` for cases without one (no lead unit yet, no item). */
    key: z.union([z.string(), z.number().int(), z.null()]),
    /** What to call the group, in Chinese: 市场监管局, 1 农贸市场…, 2026年9月, 申请. */
    label: z.string(),
    /** 受理: cases opened. */
    opened: count,
    /** 存档: archived. */
    archived: count,
    /** 驳回: rejected at preliminary review (or after legal review returned it). */
    rejected: count,
    /** 未批准: a county leader did not approve. */
    notApproved: count,
    /** 撤回: withdrawn by the applicant. */
    withdrawn: count,
    /** 不予上报: an emergency request the lead unit declined. */
    declined: count,
    /** 在办: not yet in a final state. */
    inProgress: count,
    /** 按时上传结果: results uploaded by their deadline. */
    resultsOnTime: count,
    /** 逾期上传结果: results uploaded after their deadline. */
    resultsLate: count,
    /** 超期未传: results past their deadline and not uploaded (as of the engine's clock). */
    resultsOverdue: count,
    /** 按时率: resultsOnTime ÷ (resultsOnTime + resultsLate + resultsOverdue), 0–1; `null` when no results were due. */
    onTimeRate: z.number().min(0).max(1).nullable(),
    /** 催办: urges the cases received. */
    urges: count,
    /** 平均办结用时: average working days from opening to archive (archived cases), two decimals. */
    avgWorkingDaysToArchive: average,
    /** 各环节平均用时: average working days of a completed visit of each step, two decimals; `null` when none. */
    avgWorkingDaysByStep: z.object({
      preliminaryReview: average,
      legalReview: average,
      approval: average,
      dispatching: average,
      enforcing: average,
      aggregating: average,
    }),
  })
  .strict();

/**
 * What `engine.stats` returns: the query, the engine's now (what `resultsOverdue` is judged at),
 * one row per group (ordered by key, the group without a key last), the total, and the cases it
 * could not read (their statistics could not be brought up to date; run `verifyAudit` on them).
 *
 * @example
 * statsReportSchema.shape.rows.element === statsRowSchema
 * //=> true
 */
export const statsReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    by: statsGroupingSchema,
    now: z.string(),
    rows: z.array(statsRowSchema),
    total: statsRowSchema,
    failed: z.array(z.object({ caseId: z.string(), code: z.string(), message: z.string() }).strict()),
  })
  .strict();
