import { assign, enqueueActions, setup } from 'xstate';
import { z } from 'zod';
import { siyangCatalog } from '../catalog/siyang.js';
import type { Catalog } from '../catalog/types.js';
import { defaultCalendar } from '../src/calendar/index.js';
import { remindedDeadlines } from './_lib/reminders.js';
import { isLinkedEnforcementError, LinkedEnforcementError } from '../src/errors.js';
import { invalidInput, parseArgument } from '../src/_lib/validate.js';
import { withZh } from '../src/_lib/messagesZh.js';
import { contextSchema } from './_lib/contextSchema.js';
import { historyEntryOf } from './_lib/historyEntry.js';
import { machineRules } from './_lib/machineRules.js';
import { buildNotifications } from './_lib/notifications.js';
import { openingRefusal } from './_lib/openingRules.js';
import { reason, type Reason } from './_lib/reason.js';
import { accepted, refusal, type CaseRules, type CountyLeader, type DeadlineCalendar, type Role } from './_lib/rules.js';
import { enteredStepDeadlines, leftStepDeadlines, stepLimitsSchema, withStepLimitChecks } from './_lib/stepLimits.js';
import { CASE_MACHINE_ID } from './_lib/transitions.js';
import { leaderPosts, caseInputSchema, type Actor, type CaseEvent, type CaseInput } from './schemas.js';
import { approvalStates } from './stages/approval.js';
import { closingStates, dossierFrom, resultsOf } from './stages/closing.js';
import { dispatchOf, dispatchStates } from './stages/dispatch.js';
import {
  acknowledgementOf,
  closedAcknowledgements,
  enforcementStates,
  meetingOf,
  overdueDeadlines,
  planOf,
  publicationOf,
  reportOf,
  resultsClockOf,
} from './stages/enforcement.js';
import { openingContext, openingNotifications, openingStates } from './stages/opening.js';
import { reviewStates } from './stages/review.js';
import type { CaseContext, CaseDossier, CaseMachine, CaseNotification, CaseStatePath, FinalStage, LimitedStep, NotificationKind, Opinion } from './types.js';

export type { CaseMachine } from './types.js';
export type { CountyLeader } from './_lib/rules.js';
export { CASE_MACHINE_ID } from './_lib/transitions.js';

/** Options of {@link createCaseMachine}. */
export interface CaseMachineOptions {
  /** The county's catalog (default: Siyang's). Its roles name the center and the legal-review unit. */
  readonly catalog?: Catalog;
  /** The working-day calendar for deadlines (default: `defaultCalendar`). */
  readonly calendar?: DeadlineCalendar;
  /** The command center's unit id (default: `catalog.roles.commandCenter`). */
  readonly centerUnit?: string;
  /** The legal-review unit's id (default: `catalog.roles.legalReview`, 司法局 in Siyang). */
  readonly legalReviewUnit?: string;
  /** Working days after enforcement ends to upload results (default 5, 附件2 牵头单位 6). */
  readonly resultsDueWorkingDays?: number;
  /**
   * The county's leaders (领导名单), with the units each in-charge leader oversees (分管). With a
   * roster, only its leaders approve, and a center-initiated case needs the consent of the
   * in-charge leader who oversees the item's lead unit, or of the principal leader. Without
   * one, any leader's word is taken. It must name at least one principal leader (县主要领导).
   */
  readonly leaders?: readonly CountyLeader[];
  /**
   * Time limits of steps in working days (环节办理时限), each an integer 1–250: 初审
   * (`preliminaryReview`), 法制审核 (`legalReview`), 审批/同意 (`approval`), 派送 (`dispatching`), the
   * work plan (`workPlan`) and 汇总 (`aggregating`). Entering a limited step adds a deadline of kind
   * `step`, due that many working days later by `calendar`; leaving the step marks it met or late.
   * Default: none — the seed limits only the results upload (Siyang's default).
   */
  readonly stepLimits?: Readonly<Partial<Record<LimitedStep, number>>>;
}

const optionsSchema = z.object({
  catalog: z.custom<Catalog>((value) => typeof value === 'object' && value !== null && 'participants' in value && 'units' in value, 'must be a catalog made by defineCatalog').optional(),
  calendar: z.custom<DeadlineCalendar>((value) => typeof (value as DeadlineCalendar | null | undefined)?.deadline === 'function', 'must have a deadline(start, workingDays) method').optional(),
  centerUnit: z.string().min(1).optional(),
  legalReviewUnit: z.string().min(1).optional(),
  resultsDueWorkingDays: z.number().int().min(1).max(365).optional(),
  leaders: z
    .array(z.object({ name: z.string().trim().min(1), post: z.enum(leaderPosts), oversees: z.array(z.string().min(1)).max(1000) }).strict())
    .min(1, 'must name at least one leader (or leave the roster out)')
    .max(1000)
    .optional(),
  stepLimits: stepLimitsSchema.optional(),
});

/** Problems a roster has against the catalog: unknown units, a leader twice, no principal leader. */
function rosterProblems(leaders: readonly CountyLeader[], catalog: Catalog): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  leaders.forEach((leader, index) => {
    const key = `${leader.post}:${leader.name}`;
    if (seen.has(key)) problems.push(`leaders[${index}]: ${leader.name} (${leader.post}) is listed twice`);
    seen.add(key);
    for (const unit of leader.oversees) {
      if (!catalog.units.some((candidate) => candidate.id === unit && candidate.kind !== 'locality')) {
        problems.push(`leaders[${index}].oversees: "${unit}" is not a unit id of the ${catalog.name} catalog`);
      }
    }
  });
  if (!leaders.some((leader) => leader.post === 'principal')) problems.push('leaders: name the principal leader (县主要领导), who may consent to any case');
  return problems;
}

/** Input checked against the schema and the catalog; `INVALID_INPUT` otherwise. */
function checkedInput(input: unknown, catalog: Catalog): CaseInput {
  const parsed = parseArgument(caseInputSchema, input, 'input');
  const problems: Reason[] = [];
  if (parsed.itemNo !== undefined && !catalog.items.some((item) => item.no === parsed.itemNo)) {
    problems.push(reason(`itemNo: the catalog has no item ${parsed.itemNo}`, `事项编号：清单中没有事项 ${parsed.itemNo}`));
  }
  const unit =
    parsed.origin === 'application' ? ['applicant', parsed.applicant] : parsed.origin === 'emergency' || parsed.origin === 'emergencyRequest' ? ['reporter', parsed.reporter] : undefined;
  if (unit !== undefined) {
    const [field, id] = unit as [string, string];
    const fieldZh = field === 'applicant' ? '申请单位' : '报告单位';
    if (id.startsWith('locality:')) {
      try {
        const written = catalog.locality(id.slice('locality:'.length)).id;
        if (written !== id) problems.push(reason(`${field}: write "${id}" as "${written}"`, `${fieldZh}：“${id}”应写作“${written}”`));
      } catch (error) {
        problems.push(
          isLinkedEnforcementError(error)
            ? reason(`${field}: ${error.issues[0]?.message ?? error.message}`, `${fieldZh}：${error.localizedIssues('zh-CN')[0]?.message ?? error.messageZh}`)
            : reason(`${field}: ${String(error)}`, `${fieldZh}：无法识别`),
        );
      }
    } else if (!catalog.units.some((u) => u.id === id && u.kind !== 'locality')) {
      problems.push(
        reason(
          `${field}: "${id}" is not a catalog unit id (a township or sub-district outside the catalog is written "locality:<name>")`,
          `${fieldZh}：“${id}”不是清单中的单位编号（清单外的乡镇或街道写作 locality:<名称>）`,
        ),
      );
    }
  }
  if (problems.length > 0) {
    const issue = withZh({ code: 'invalid_type', path: ['input'], message: problems.map((problem) => problem.en).join('; ') }, problems.map((problem) => problem.zh).join('；'));
    throw new LinkedEnforcementError('INVALID_INPUT', `Invalid input: input: ${issue.message}`, { context: { argument: 'input' }, issues: [issue] });
  }
  return parsed;
}

/** The input, checked and authorized: `INVALID_INPUT` for a malformed one, `NOT_ALLOWED` when `by` may not open it. */
function openingInput(input: unknown, rules: CaseRules): CaseInput {
  const parsed = checkedInput(input, rules.catalog);
  const refused = openingRefusal(parsed, rules);
  if (refused !== undefined) {
    throw new LinkedEnforcementError('NOT_ALLOWED', `Case ${parsed.caseId}: opening it as ${parsed.origin} refused: ${refused.en}`, {
      context: { caseId: parsed.caseId, type: 'case.open', origin: parsed.origin, by: parsed.by, reason: refused.en, reasonZh: refused.zh },
    });
  }
  return parsed;
}

const finalStages: readonly string[] = ['archived', 'rejected', 'notApproved', 'declined', 'withdrawn'] satisfies readonly FinalStage[];
const closedContextSchema = contextSchema.refine((context) => finalStages.includes(context.history.at(-1)!.to), 'must be the context of a closed case: its history ends in archived, rejected, notApproved, declined or withdrawn');

/** The longest list a context given to `dossierOf` may hold: far beyond any real case. */
const MAX_CONTEXT_LIST = 100_000;

/**
 * The path of a list longer than {@link MAX_CONTEXT_LIST} in `value`, if any. zod would check and
 * report every entry of a list a million long, for seconds; this refuses it at once. A value that
 * cannot be read is left to zod, which reports it.
 */
function oversizedList(value: unknown): string | undefined {
  const walk = (node: unknown, path: string, depth: number): string | undefined => {
    // Stryker disable next-line ConditionalExpression: a string's characters hold no list: walking them would only cost time
    if (typeof node !== 'object') return undefined;
    if (node === null || depth > 8) return undefined;
    if (Array.isArray(node) && node.length > MAX_CONTEXT_LIST) return path;
    for (const key of Object.keys(node)) {
      const found = walk((node as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  let found: string | undefined;
  try {
    found = walk(value, 'context', 0);
  } catch {
    // Left to zod, which reports what it cannot read.
  }
  return found;
}

/**
 * The archive dossier (存档材料) of a closed case: what a final state outputs (`snapshot.output`),
 * built again from its context (e.g. a context read from storage).
 *
 * @param context - `snapshot.context` of a case in a final state.
 * @returns The dossier.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` for anything but the context of a closed case
 * (also one holding a list of more than 100 000 entries).
 * @example
 * dossierOf(actor.getSnapshot().context).outcome
 * //=> 'archived'
 */
export function dossierOf(context: CaseContext): CaseDossier {
  const oversized = oversizedList(context);
  if (oversized !== undefined) invalidInput('context', `${oversized} must have at most ${MAX_CONTEXT_LIST.toLocaleString('en-US')} entries`, { path: oversized });
  return dossierFrom(parseArgument(closedContextSchema, context, 'context') as unknown as CaseContext);
}

// A WeakMap answers false for anything that is not an object, so no type check is needed first.
const caseMachineSchema = z.custom<CaseMachine>((value) => machineRules.has(value as CaseMachine), 'must be a case machine made by createCaseMachine');

/**
 * Checks a case's opening input (立案信息) and whether its `by` may open it, for a machine
 * (default: Siyang's). The machine runs the same check when an actor is created; call this
 * first to get the error thrown rather than held in the actor's snapshot
 * (`snapshot.status === 'error'`).
 *
 * @param input - The opening input (`caseInputSchema`).
 * @param machine - The case machine whose rules apply (default: `caseMachine`).
 * @returns The input, parsed.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` naming every bad field (also an `itemNo` not in
 * the catalog or an applicant/reporter that is not a known unit); `NOT_ALLOWED` when `by` may not
 * open this origin (context: `caseId`, `type: 'case.open'`, `origin`, `by`, `reason`).
 * @example
 * parseCaseInput({ caseId: 'c1', title: '农贸市场联合检查', itemNo: 1, origin: 'centerInitiated', reason: '节前检查', at: '2026-09-01T09:00:00+08:00', by: { unit: 'market-regulation' } });
 * // throws NOT_ALLOWED: only the command center opens a case for its own need
 */
export function parseCaseInput(input: unknown, machine?: CaseMachine): CaseInput {
  const rules = machine === undefined ? siyangRules() : machineRules.get(parseArgument(caseMachineSchema, machine, 'machine'))!;
  return openingInput(input, rules);
}

let siyang: CaseRules | undefined;
/** Siyang's rules, built once: what `caseMachine` runs on. */
function siyangRules(): CaseRules {
  return (siyang ??= rulesOf({}));
}

function rulesOf(options: CaseMachineOptions): CaseRules {
  const parsed = parseArgument(optionsSchema, options, 'options');
  const catalog = parsed.catalog ?? (siyangCatalog as unknown as Catalog);
  for (const [field, id] of [['options.centerUnit', parsed.centerUnit], ['options.legalReviewUnit', parsed.legalReviewUnit]] as const) {
    if (id !== undefined && !catalog.units.some((unit) => unit.id === id && unit.kind !== 'locality')) {
      invalidInput(field, `"${id}" is not a unit id of the ${catalog.name} catalog`, { unit: id });
    }
  }
  if (parsed.leaders !== undefined) {
    const problems = rosterProblems(parsed.leaders, catalog);
    if (problems.length > 0) invalidInput('options.leaders', problems.join('; '));
  }
  return {
    catalog,
    calendar: parsed.calendar ?? defaultCalendar,
    centerUnit: parsed.centerUnit ?? catalog.roles.commandCenter,
    legalReviewUnit: parsed.legalReviewUnit ?? catalog.roles.legalReview,
    resultsDueWorkingDays: parsed.resultsDueWorkingDays ?? 5,
    leaders: parsed.leaders,
    stepLimits: parsed.stepLimits,
  };
}

/**
 * Builds the case workflow machine (联动执法事项流程) for a county: the flowchart of 附件1 with
 * the duties of 附件2, as an XState v5 statechart.
 *
 * @param options - The parts a county can change; every one has Siyang's default.
 * @returns The machine. Start it with `createActor(machine, { input })`.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` for malformed options (also a roster naming an
 * unknown unit, a leader twice, or no principal leader; a step limit that is not an integer 1–250,
 * or names an unknown step).
 *
 * @example
 * const machine = createCaseMachine({ resultsDueWorkingDays: 3, leaders: [{ name: '张县长', post: 'principal', oversees: [] }] });
 * const actor = createActor(machine, {
 *   input: { caseId: 'c1', title: '农贸市场联合检查', itemNo: 1, origin: 'application', applicant: 'market-regulation', at: '2026-09-01T09:00:00+08:00', by: { unit: 'market-regulation' } },
 * }).start();
 * actor.getSnapshot().value
 * //=> 'preliminaryReview'
 */
export function createCaseMachine(options: CaseMachineOptions = {}): CaseMachine {
  const rules = rulesOf(options);
  const machine = buildCaseMachine(rules);
  machineRules.set(machine, rules);
  return machine;
}

/**
 * The statechart itself, stage by stage of 附件1 (machines/stages/): opening, review, approval,
 * dispatch, enforcement, closing. Its inferred type is what {@link CaseMachine} spells out; a
 * type test (test/machine.test-d.ts) keeps the two equal.
 */
export function buildCaseMachine(rules: CaseRules) {
  return setup({
    // Stryker disable next-line ObjectLiteral: read by the type checker only
    types: {
      context: {} as CaseContext,
      events: {} as CaseEvent,
      // Optional so that restoring (`createActor(machine, { snapshot })`) needs no input; a fresh start without one fails with INVALID_INPUT.
      input: {} as CaseInput | void,
      emitted: {} as CaseNotification,
      output: {} as CaseDossier,
    },
    guards: {
      /** The event is well formed, in order, from the role the transition names, and the case's rules hold. */
      actedBy: ({ context, event }, params: { role: Role }) => refusal(context, event, params.role, rules) === undefined,
      openedAs: ({ context }, params: { origin: CaseInput['origin'] }) => context.origin === params.origin,
    },
    actions: {
      record: assign({
        history: ({ context, event }, params: { from: CaseStatePath; to: CaseStatePath }) => [
          ...context.history,
          historyEntryOf(accepted(event), params.from, params.to, context.history.length),
        ],
      }),
      storeOpinion: assign({
        opinions: ({ context, event }, params: { kind: Opinion['kind']; decision: Opinion['decision'] }) => {
          const e = accepted(event) as { by: Actor; at: string; opinion?: string; reason?: string; note?: string; description?: string };
          const text = e.opinion ?? e.reason ?? e.note ?? e.description;
          return [...context.opinions, { kind: params.kind, by: e.by, at: e.at, decision: params.decision, ...(text === undefined ? {} : { text }) }];
        },
      }),
      storeClosingReason: assign({ closingReason: ({ event }) => (accepted(event) as { reason?: string }).reason }),
      countResubmission: assign({ resubmissions: ({ context }) => context.resubmissions + 1 }),
      assignUnits: assign(({ context, event }) => dispatchOf(context, accepted<'task.dispatch'>(event), rules)),
      storeAcknowledgement: assign(({ context, event }) => acknowledgementOf(context, accepted<'unit.acknowledge'>(event))),
      storePlan: assign({ plan: ({ context, event }) => planOf(context, accepted<'plan.submit'>(event)) }),
      storeMeeting: assign({ meetings: ({ context, event }) => meetingOf(context, accepted<'meeting.record'>(event)) }),
      storePublication: assign({ publications: ({ context, event }) => publicationOf(context, accepted<'info.publish'>(event)) }),
      closeAcknowledgements: assign({ deadlines: ({ context, event }) => closedAcknowledgements(context, accepted<'enforcement.end'>(event)) }),
      startResultsClock: assign(({ context, event }) => resultsClockOf(context, accepted<'enforcement.end'>(event), rules)),
      storeReport: assign({ reports: ({ context, event }) => reportOf(context, accepted<'unit.report'>(event)) }),
      storeResults: assign(({ context, event }) => resultsOf(context, accepted<'results.upload'>(event))),
      storeUrge: assign({
        urges: ({ context, event }) => {
          const e = accepted<'case.urge'>(event);
          return [...context.urges, { unit: e.unit, at: e.at, by: e.by, ...(e.message === undefined ? {} : { message: e.message }) }];
        },
      }),
      markOverdue: assign({ deadlines: ({ context, event }) => overdueDeadlines(context, accepted<'deadline.check'>(event)) }),
      markReminded: assign({
        deadlines: ({ context, event }) => {
          const remind = accepted<'deadline.remind'>(event);
          return remindedDeadlines(context, remind.beforeDueWorkingDays, rules, remind.at);
        },
      }),
      storeArchiveSummary: assign({ archiveSummary: ({ event }) => accepted<'case.archive'>(event).summary }),
      // Entry runs after the transition recorded itself: the history's last entry is the arrival (the opening, for a case's first state).
      enterStep: assign({ deadlines: ({ context }, params: { state: CaseStatePath }) => enteredStepDeadlines(context, params.state, context.history.at(-1)!.at, rules) }),
      leaveStep: assign({ deadlines: ({ context, event }, params: { state: CaseStatePath }) => leftStepDeadlines(context, params.state, accepted(event).at) }),
      notify: enqueueActions(({ context, event, enqueue }, params: { kind: NotificationKind }) => {
        const parsedEvent = 'by' in event ? accepted(event) : undefined;
        for (const notification of buildNotifications(params.kind, context, parsedEvent, rules)) enqueue.emit(notification);
      }),
      announceOpening: enqueueActions(({ context, enqueue }) => {
        for (const notification of openingNotifications(context, rules)) enqueue.emit(notification);
      }),
    },
  }).createMachine({
    id: CASE_MACHINE_ID,
    description: '泗阳县“联动执法+综合指挥”流程：一件联动执法事项从申请或交办到汇总存档',
    /** The case's data, from the input (checked and authorized as `parseCaseInput` does). */
    context: ({ input }) => openingContext(openingInput(input, rules), rules),
    initial: 'opening',
    // 附件1 from top to bottom: 立案 → 初审、法制审核 → 审批 → 派送 → 执法 → 汇总存档.
    states: withStepLimitChecks(
      {
        ...openingStates,
        ...reviewStates,
        ...approvalStates,
        ...dispatchStates,
        ...enforcementStates,
        ...closingStates,
      },
      rules,
    ),
    /** The archive dossier of a closed case (`snapshot.output`). */
    output: ({ context }) => dossierFrom(context),
  });
}
