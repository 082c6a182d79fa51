import { z } from 'zod';
import { doc, named } from '../../machines/_lib/schemaDocs.js';
import { isPlainDate } from '../calendar/plainDate.js';

/**
 * How `engine.stats` groups cases: by lead unit (牵头单位), catalog item (事项), opening month (月份) or origin (立案方式).
 *
 * @example
 * statsGroupingSchema.options
 * //=> ['leadUnit', 'item', 'month', 'origin']
 */
export const statsGroupingSchema = z.enum(['leadUnit', 'item', 'month', 'origin']);

/**
 * The steps (环节) whose time the statistics average: 初审, 法制审核, 审批/同意, 派送, 执法, 汇总.
 *
 * @example
 * statsStepSchema.options.length
 * //=> 6
 */
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

const count = (zh: string, en: string) => doc(z.number().int().min(0), zh, en);
const average = (zh: string, en: string) => doc(z.number().min(0).nullable(), `${zh}（工作日，保留两位小数；无则为 null）`, `${en} (working days, two decimals; null when none)`);

/**
 * One row of the statistics (统计报表): the cases opened in the period with one key. The counts
 * of outcomes add up: `opened = archived + rejected + notApproved + withdrawn + declined + inProgress`.
 *
 * @example
 * statsRowSchema.shape.onTimeRate.safeParse(null).success
 * //=> true
 */
export const statsRowSchema = named(
  z
    .object({
      key: doc(
        z.union([z.string(), z.number().int(), z.null()]),
        '分组：单位编号、事项编号、月份 YYYY-MM 或立案方式；无牵头单位或无事项的案件为 null',
        'The group: a unit id, an item number, a month YYYY-MM or an origin; null for cases without a lead unit or item',
      ),
      label: doc(z.string(), '分组名称，如 市场监管局、2026年9月', 'What to call the group, in Chinese'),
      opened: count('受理（期间内立案）', 'Cases opened in the period'),
      archived: count('存档', 'Archived'),
      rejected: count('驳回', 'Rejected'),
      notApproved: count('未批准', 'Not approved by a county leader'),
      withdrawn: count('撤回', 'Withdrawn by the applicant'),
      declined: count('不予上报', 'Emergency requests the lead unit declined'),
      inProgress: count('在办', 'Not yet in a final state'),
      resultsOnTime: count('按时上传执法结果', 'Results uploaded by their deadline'),
      resultsLate: count('逾期上传执法结果', 'Results uploaded after their deadline'),
      resultsOverdue: count('超期未上传执法结果（按引擎时钟判断）', 'Results past their deadline and not uploaded, as of the engine’s clock'),
      onTimeRate: doc(
        z.number().min(0).max(1).nullable(),
        '按时率：按时 ÷（按时 + 逾期 + 超期），0–1；无到期结果时为 null',
        'On-time rate: on time ÷ (on time + late + overdue), 0–1; null when no results were due',
      ),
      stepsOnTime: count(
        '按时办结的环节（县里设定了环节办理时限时；按时限计，一个环节重新进入则另计）',
        'Step limits (a county’s stepLimits) kept: the step left by its deadline; counted per deadline, a step entered again counts again',
      ),
      stepsLate: count('逾期办结的环节', 'Step limits broken: the step left after its deadline'),
      stepsOverdue: count('超期未办结的环节（按引擎时钟判断）', 'Steps past their limit and not yet left, as of the engine’s clock'),
      urges: count('收到的催办次数', 'Urges the cases received'),
      avgWorkingDaysToArchive: average('立案至存档平均用时', 'Average time from opening to archive'),
      avgWorkingDaysByStep: doc(
        z
          .object({
            preliminaryReview: average('初审平均用时', 'Average preliminary review'),
            legalReview: average('法制审核平均用时', 'Average legal review'),
            approval: average('审批/同意平均用时', 'Average approval or consent'),
            dispatching: average('派送平均用时', 'Average dispatch'),
            enforcing: average('执法（方案、执法、反馈）平均用时', 'Average enforcement (plan, enforcement, results)'),
            aggregating: average('汇总平均用时', 'Average aggregation'),
          })
          .strict(),
        '各环节每次办理的平均用时',
        'Average time of each completed visit of each step',
      ),
    })
    .strict(),
  'StatsRow',
  '统计报表的一行',
  'One row of the statistics',
);

/**
 * What `engine.stats` returns: the query, the engine's now (what `resultsOverdue` is judged at),
 * one row per group (ordered by key, the group without a key last), the total, and the cases it
 * could not read (their statistics could not be brought up to date; run `verifyAudit` on them).
 *
 * @example
 * statsReportSchema.shape.by.options
 * //=> ['leadUnit', 'item', 'month', 'origin']
 */
export const statsReportSchema = z
  .object({
    from: doc(z.string(), '起始日期（北京时间，含）', 'The first day, Beijing date, included'),
    to: doc(z.string(), '截止日期（北京时间，含）', 'The last day, Beijing date, included'),
    by: doc(statsGroupingSchema, '分组方式：牵头单位、事项、月份、立案方式', 'The grouping: lead unit, item, month, origin'),
    now: doc(z.string(), '统计时刻（引擎时钟），超期按此判断', 'When it was computed (the engine’s clock); overdue is judged at it'),
    rows: doc(z.array(statsRowSchema), '各分组', 'One row per group'),
    total: doc(statsRowSchema, '合计', 'The total'),
    failed: doc(
      z.array(
        z
          .object({
            caseId: doc(z.string(), '案件编号', 'The case'),
            code: doc(z.string(), '错误代码', 'The error code'),
            message: doc(z.string(), '错误信息', 'The error message'),
          })
          .strict(),
      ),
      '无法读取、未计入统计的案件（请运行 verifyAudit）',
      'Cases that could not be read and are not counted (run verifyAudit)',
    ),
  })
  .strict();
