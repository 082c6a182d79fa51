import { assign, enqueueActions, setup } from 'xstate';
import { z } from 'zod';
import { siyangCatalog } from '../catalog/siyang.js';
import type { Catalog } from '../catalog/types.js';
import { defaultCalendar } from '../src/calendar/index.js';
import { isLinkedEnforcementError } from '../src/errors.js';
import { invalidInput, parseArgument } from '../src/_lib/validate.js';
import { machineRules } from './_lib/machineRules.js';
import { historyEntryOf } from './_lib/historyEntry.js';
import { buildNotifications } from './_lib/notifications.js';
import { accepted, refusal, resolveAssignment, type CaseRules, type DeadlineCalendar, type Role } from './_lib/rules.js';
import { caseInputSchema, type Actor, type CaseEvent, type CaseInput } from './schemas.js';
import type {
  CaseContext,
  CaseDeadline,
  CaseDossier,
  CaseMachine,
  CaseNotification,
  CaseOriginDetails,
  CaseStatePath,
  FinalStage,
  NotificationKind,
  Opinion,
} from './types.js';

export type { CaseMachine } from './types.js';

/** The machine's id; states are addressed as `#linkedEnforcementCase.<path>`. */
export const CASE_MACHINE_ID = 'linkedEnforcementCase';

/** Where each origin enters the flowchart (附件1). */
const entryStateOf = {
  application: 'preliminaryReview',
  leaderAssignment: 'dispatching',
  centerInitiated: 'leaderConsent',
  emergency: 'emergencyApproval',
} as const satisfies Record<CaseInput['origin'], CaseStatePath>;

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
}

const optionsSchema = z.object({
  catalog: z.custom<Catalog>((value) => typeof value === 'object' && value !== null && 'participants' in value && 'units' in value, 'must be a catalog made by defineCatalog').optional(),
  calendar: z.custom<DeadlineCalendar>((value) => typeof value === 'object' && value !== null && typeof (value as DeadlineCalendar).deadline === 'function', 'must have a deadline(start, workingDays) method').optional(),
  centerUnit: z.string().min(1).optional(),
  legalReviewUnit: z.string().min(1).optional(),
  resultsDueWorkingDays: z.number().int().min(1).max(365).optional(),
});

function initiatorOf(input: CaseInput, centerUnit: string): string | undefined {
  switch (input.origin) {
    case 'application':
      return input.applicant;
    case 'centerInitiated':
      return centerUnit;
    case 'emergency':
      return input.reporter;
    case 'leaderAssignment':
      return undefined;
  }
}

function openerOf(input: CaseInput, centerUnit: string): Actor {
  switch (input.origin) {
    case 'application':
      return { unit: input.applicant };
    case 'leaderAssignment':
      return { leader: input.leader };
    case 'centerInitiated':
      return { unit: centerUnit };
    case 'emergency':
      return { unit: input.reporter };
  }
}

function originDetailsOf(input: CaseInput): CaseOriginDetails {
  switch (input.origin) {
    case 'application':
      return { origin: 'application', applicant: input.applicant, ...(input.description === undefined ? {} : { description: input.description }) };
    case 'leaderAssignment':
      return { origin: 'leaderAssignment', leader: input.leader, instruction: input.instruction };
    case 'centerInitiated':
      return { origin: 'centerInitiated', reason: input.reason };
    case 'emergency':
      return { origin: 'emergency', reporter: input.reporter, description: input.description };
  }
}

/**
 * Checks a case's opening input (立案信息) against a catalog. The machine runs the same check
 * when an actor is created; call this first to get the error thrown rather than held in the
 * actor's snapshot (`snapshot.status === 'error'`).
 *
 * @throws {LinkedEnforcementError} `INVALID_INPUT` naming every bad field; also when `itemNo`
 * is not in the catalog or the applicant/reporter is not a known unit.
 */
export function parseCaseInput(input: unknown, rules: { readonly catalog: Catalog } = { catalog: siyangCatalog as unknown as Catalog }): CaseInput {
  const parsed = parseArgument(caseInputSchema, input, 'input');
  const problems: string[] = [];
  if (parsed.itemNo !== undefined && !rules.catalog.items.some((item) => item.no === parsed.itemNo)) {
    problems.push(`itemNo: the catalog has no item ${parsed.itemNo}`);
  }
  const unit = parsed.origin === 'application' ? ['applicant', parsed.applicant] : parsed.origin === 'emergency' ? ['reporter', parsed.reporter] : undefined;
  if (unit !== undefined) {
    const [field, id] = unit as [string, string];
    if (id.startsWith('locality:')) {
      try {
        if (rules.catalog.locality(id.slice('locality:'.length)).id !== id) problems.push(`${field}: write "${id}" as "${rules.catalog.locality(id.slice('locality:'.length)).id}"`);
      } catch (error) {
        problems.push(`${field}: ${isLinkedEnforcementError(error) ? (error.issues[0]?.message ?? error.message) : String(error)}`);
      }
    } else if (!rules.catalog.units.some((u) => u.id === id && u.kind !== 'locality')) {
      problems.push(`${field}: "${id}" is not a catalog unit id (a township or sub-district outside the catalog is written "locality:<name>")`);
    }
  }
  if (problems.length > 0) {
    parseArgument(z.never({ message: problems.join('; ') }), input, 'input');
  }
  return parsed;
}

/**
 * Builds the case workflow machine (联动执法事项流程) for a county: the flowchart of 附件1 with
 * the duties of 附件2, as an XState v5 statechart.
 *
 * @param options - The parts a county can change; every one has Siyang's default.
 * @returns The machine. Start it with `createActor(machine, { input })`.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` for malformed options.
 *
 * @example
 * const machine = createCaseMachine({ resultsDueWorkingDays: 3 });
 * const actor = createActor(machine, {
 *   input: { caseId: 'c1', title: '农贸市场联合检查', itemNo: 1, origin: 'application', applicant: 'market-regulation', at: '2026-09-01T09:00:00+08:00' },
 * }).start();
 * actor.getSnapshot().value
 * //=> 'preliminaryReview'
 */
export function createCaseMachine(options: CaseMachineOptions = {}): CaseMachine {
  const parsed = parseArgument(optionsSchema, options, 'options');
  const catalog = parsed.catalog ?? (siyangCatalog as unknown as Catalog);
  for (const [field, id] of [['options.centerUnit', parsed.centerUnit], ['options.legalReviewUnit', parsed.legalReviewUnit]] as const) {
    if (id !== undefined && !catalog.units.some((unit) => unit.id === id && unit.kind !== 'locality')) {
      invalidInput(field, `"${id}" is not a unit id of the ${catalog.name} catalog`, { unit: id });
    }
  }
  const rules: CaseRules = {
    catalog,
    calendar: parsed.calendar ?? defaultCalendar,
    centerUnit: parsed.centerUnit ?? catalog.roles.commandCenter,
    legalReviewUnit: parsed.legalReviewUnit ?? catalog.roles.legalReview,
    resultsDueWorkingDays: parsed.resultsDueWorkingDays ?? 5,
  };
  const machine = buildCaseMachine(rules);
  machineRules.set(machine, rules);
  return machine;
}

/**
 * The statechart itself. Its inferred type is what {@link CaseMachine} spells out; a type test
 * (test/machine.test-d.ts) keeps the two equal.
 */
export function buildCaseMachine(rules: CaseRules) {
  const guarded = (role: Role) => ({ type: 'actedBy', params: { role } }) as const;
  const record = (from: CaseStatePath, to: CaseStatePath) => ({ type: 'record', params: { from, to } }) as const;
  const notify = (kind: NotificationKind) => ({ type: 'notify', params: { kind } }) as const;
  const opinion = (kind: Opinion['kind'], decision: Opinion['decision']) => ({ type: 'storeOpinion', params: { kind, decision } }) as const;
  type Step = ReturnType<typeof notify | typeof opinion> | 'storeClosingReason' | 'countResubmission' | 'assignUnits' | 'storePlan' | 'startResultsClock' | 'storeReport' | 'storeResults' | 'storeUrge' | 'markOverdue' | 'storeArchiveSummary';

  /** A transition to another state: guarded by the role that may take it, recorded in the history. */
  const move = (from: CaseStatePath, to: CaseStatePath, role: Role, description: string, steps: Step[] = []) => ({
    target: `#${CASE_MACHINE_ID}.${to}`,
    guard: guarded(role),
    actions: [...steps, record(from, to)],
    description,
  });
  /** A transition that stays in the state (a report, an urge, a revision), still recorded. */
  const stay = (at: CaseStatePath, role: Role, description: string, steps: Step[]) => ({
    guard: guarded(role),
    actions: [...steps, record(at, at)],
    description,
  });
  const withdraw = (from: CaseStatePath) => ({
    'application.withdraw': move(from, 'withdrawn', 'initiator', '申请单位在派送前撤回', ['storeClosingReason', notify('withdrawn')]),
  });
  const urge = (at: CaseStatePath) => ({
    'case.urge': stay(at, 'center', '县综合指挥调度中心催办', ['storeUrge', notify('urged')]),
  });
  const decide = (from: CaseStatePath, role: Role, approveText: string, denyText: string) => ({
    'leader.approve': move(from, 'dispatching', role, approveText, [opinion('leader', 'approve'), notify('approved')]),
    'leader.deny': move(from, 'notApproved', role, denyText, [opinion('leader', 'deny'), 'storeClosingReason', notify('notApproved')]),
  });

  return setup({
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
          const e = accepted(event) as { by: Actor; at: string; opinion?: string; reason?: string };
          const text = e.opinion ?? e.reason;
          return [...context.opinions, { kind: params.kind, by: e.by, at: e.at, decision: params.decision, ...(text === undefined ? {} : { text }) }];
        },
      }),
      storeClosingReason: assign({ closingReason: ({ event }) => (accepted(event) as { reason?: string }).reason }),
      countResubmission: assign({ resubmissions: ({ context }) => context.resubmissions + 1 }),
      assignUnits: assign({
        assignment: ({ context, event }) => resolveAssignment(context, accepted(event, 'task.dispatch'), rules) as Exclude<ReturnType<typeof resolveAssignment>, string>,
      }),
      storePlan: assign({
        plan: ({ context, event }) => ({ ...accepted(event, 'plan.submit').plan, at: event.at, revision: (context.plan?.revision ?? 0) + 1 }),
      }),
      startResultsClock: assign(({ context, event }) => {
        const { at } = accepted(event, 'enforcement.end');
        const due = rules.calendar.deadline(at, rules.resultsDueWorkingDays);
        const deadline: CaseDeadline = {
          kind: 'resultsUpload',
          unit: context.assignment!.lead.unit,
          startedAt: at,
          workingDays: rules.resultsDueWorkingDays,
          dueDate: due.dueDate,
          dueAt: due.dueAt,
          provisional: due.provisional,
          status: 'pending',
        };
        return { enforcementEndedAt: at, deadlines: [...context.deadlines, deadline] };
      }),
      storeReport: assign({
        reports: ({ context, event }) => {
          const e = accepted(event, 'unit.report');
          const unit = (e.by as { unit: string }).unit;
          return [...context.reports, { unit, at: e.at, summary: e.summary, documents: e.documents ?? [], afterUpload: context.results !== undefined }];
        },
      }),
      storeResults: assign(({ context, event }) => {
        const e = accepted(event, 'results.upload');
        const reported = new Set(context.reports.map((report) => report.unit));
        const missingReports = (context.assignment?.cooperating ?? []).map((p) => p.unit).filter((unit) => !reported.has(unit));
        const uploadedAt = Date.parse(e.at);
        return {
          results: { ...e.results, at: e.at, missingReports },
          deadlines: context.deadlines.map((deadline): CaseDeadline =>
            deadline.kind === 'resultsUpload' && (deadline.status === 'pending' || deadline.status === 'overdue')
              ? { ...deadline, status: uploadedAt <= Date.parse(deadline.dueAt) ? 'met' : 'late', doneAt: e.at }
              : deadline,
          ),
        };
      }),
      storeUrge: assign({
        urges: ({ context, event }) => {
          const e = accepted(event, 'case.urge');
          return [...context.urges, { unit: e.unit, at: e.at, by: e.by, ...(e.message === undefined ? {} : { message: e.message }) }];
        },
      }),
      markOverdue: assign({
        deadlines: ({ context, event }) => {
          const { at } = accepted(event, 'deadline.check');
          return context.deadlines.map((deadline): CaseDeadline =>
            deadline.status === 'pending' && Date.parse(deadline.dueAt) < Date.parse(at) ? { ...deadline, status: 'overdue', overdueAt: at } : deadline,
          );
        },
      }),
      storeArchiveSummary: assign({ archiveSummary: ({ event }) => accepted(event, 'case.archive').summary }),
      notify: enqueueActions(({ context, event, enqueue }, params: { kind: NotificationKind }) => {
        const parsedEvent = 'by' in event ? accepted(event) : undefined;
        for (const notification of buildNotifications(params.kind, context, parsedEvent, rules)) enqueue.emit(notification);
      }),
      announceOpening: enqueueActions(({ context, enqueue }) => {
        for (const notification of buildNotifications('applicationReceived', context, undefined, rules)) enqueue.emit(notification);
      }),
    },
  }).createMachine({
    id: CASE_MACHINE_ID,
    description: '泗阳县“联动执法+综合指挥”流程：一件联动执法事项从申请或交办到汇总存档',
    /** The case's data, from the input (checked by `parseCaseInput`). */
    context: ({ input }) => {
      const parsedInput = parseCaseInput(input, rules);
      const initiator = initiatorOf(parsedInput, rules.centerUnit);
      return {
        caseId: parsedInput.caseId,
        title: parsedInput.title,
        ...(parsedInput.itemNo === undefined ? {} : { itemNo: parsedInput.itemNo }),
        origin: parsedInput.origin,
        originDetails: originDetailsOf(parsedInput),
        ...(initiator === undefined ? {} : { initiator }),
        openedAt: parsedInput.at,
        resubmissions: 0,
        opinions: [],
        reports: [],
        deadlines: [],
        urges: [],
        history: [historyEntryOf({ type: 'case.open', by: openerOf(parsedInput, rules.centerUnit), at: parsedInput.at }, null, entryStateOf[parsedInput.origin], 0)],
      };
    },
    initial: 'opening',
    states: {
      opening: {
        description: '立案：按来源进入流程（申请、交办、中心因工作需要、突发事件）',
        always: [
          { guard: { type: 'openedAs', params: { origin: 'application' } }, target: 'preliminaryReview', actions: 'announceOpening' },
          { guard: { type: 'openedAs', params: { origin: 'leaderAssignment' } }, target: 'dispatching', actions: 'announceOpening' },
          { guard: { type: 'openedAs', params: { origin: 'centerInitiated' } }, target: 'leaderConsent', actions: 'announceOpening' },
          { guard: { type: 'openedAs', params: { origin: 'emergency' } }, target: 'emergencyApproval', actions: 'announceOpening' },
        ],
      },
      preliminaryReview: {
        description: '县综合指挥调度中心对申请进行初审',
        tags: ['review'],
        on: {
          'review.pass': move('preliminaryReview', 'legalReview', 'center', '符合联动执法要求：将初审材料推送至县法制审核部门', [
            opinion('preliminaryReview', 'pass'),
            notify('legalReviewRequested'),
          ]),
          'review.reject': move('preliminaryReview', 'rejected', 'center', '不符合联动执法要求：驳回联动执法申请', [
            opinion('preliminaryReview', 'reject'),
            'storeClosingReason',
            notify('rejected'),
          ]),
          ...withdraw('preliminaryReview'),
        },
      },
      legalReview: {
        description: '县法制审核部门对相关材料进行法制审核，并将审核结果反馈至县综合指挥调度中心',
        tags: ['review'],
        on: {
          'legal.approve': move('legalReview', 'leaderApproval', 'legalReview', '符合联动执法要求：上报县领导审批', [
            opinion('legalReview', 'approve'),
            notify('approvalRequested'),
          ]),
          'legal.return': move('legalReview', 'returned', 'legalReview', '不符合联动执法要求：将相关材料退回县综合指挥调度中心', [
            opinion('legalReview', 'return'),
            notify('returnedByLegalReview'),
          ]),
          ...urge('legalReview'),
          ...withdraw('legalReview'),
        },
      },
      returned: {
        description: '法制审核退回：县综合指挥调度中心决定退回申请单位补正或驳回',
        tags: ['review'],
        on: {
          'amendment.request': move('returned', 'awaitingAmendment', 'center', '退回申请单位补正', [notify('returnedForAmendment')]),
          'review.reject': move('returned', 'rejected', 'center', '驳回联动执法申请', [opinion('preliminaryReview', 'reject'), 'storeClosingReason', notify('rejected')]),
          ...withdraw('returned'),
        },
      },
      awaitingAmendment: {
        description: '申请单位补正材料',
        tags: ['review'],
        on: {
          'application.resubmit': move('awaitingAmendment', 'preliminaryReview', 'initiator', '补正后重新提交，再次初审', ['countResubmission', notify('applicationReceived')]),
          ...urge('awaitingAmendment'),
          ...withdraw('awaitingAmendment'),
        },
      },
      leaderApproval: {
        description: '县综合指挥调度中心将符合条件的申请上报至县领导审批',
        tags: ['approval'],
        on: {
          ...decide('leaderApproval', 'leader', '批准同意', '未批准同意'),
          ...withdraw('leaderApproval'),
        },
      },
      leaderConsent: {
        description: '因工作需要直接指派：报经分管县领导同意',
        tags: ['approval'],
        on: {
          ...decide('leaderConsent', 'inChargeLeader', '分管县领导同意', '分管县领导不同意'),
          ...withdraw('leaderConsent'),
        },
      },
      emergencyApproval: {
        description: '突发事件：及时上报县委县政府，审核同意后组织实施',
        tags: ['approval'],
        on: {
          ...decide('emergencyApproval', 'leader', '县委县政府审核同意', '县委县政府不同意'),
          ...withdraw('emergencyApproval'),
        },
      },
      dispatching: {
        description: '县综合指挥调度中心将任务派送至联动执法涉及相关单位',
        tags: ['active'],
        on: {
          'task.dispatch': move('dispatching', 'enforcing.planning', 'center', '派送任务：指定牵头单位、配合单位、时间和地点', ['assignUnits', notify('dispatched')]),
          ...withdraw('dispatching'),
        },
      },
      enforcing: {
        description: '相关单位按照指定的时间、地点集中开展执法工作，按时将执法结果反馈给县综合指挥调度中心',
        tags: ['active'],
        initial: 'planning',
        states: {
          planning: {
            description: '牵头单位起草联动执法工作方案（分工、内容、方式、步骤、时限、应急预案）',
            on: {
              'plan.submit': move('enforcing.planning', 'enforcing.executing', 'lead', '牵头单位提交工作方案', ['storePlan']),
              ...urge('enforcing.planning'),
            },
          },
          executing: {
            description: '按指定的时间、地点集中开展执法',
            on: {
              'plan.submit': stay('enforcing.executing', 'lead', '牵头单位修订工作方案', ['storePlan']),
              'enforcement.end': move('enforcing.executing', 'enforcing.reporting', 'lead', '执法工作结束：开始计算5个工作日的结果上传时限', ['startResultsClock']),
              ...urge('enforcing.executing'),
            },
          },
          reporting: {
            description: '配合单位将法律文书报牵头单位；牵头单位在执法工作结束后5个工作日内上传执法结果',
            on: {
              'unit.report': stay('enforcing.reporting', 'cooperating', '配合单位将相关法律文书汇总报牵头单位', ['storeReport']),
              'results.upload': move('enforcing.reporting', 'aggregating', 'lead', '牵头单位将执法结果上传至县综合指挥调度平台', ['storeResults', notify('resultsUploaded')]),
              'deadline.check': stay('enforcing.reporting', 'timekeeper', '时限已过：标记逾期并通知', ['markOverdue', notify('deadlineOverdue')]),
              ...urge('enforcing.reporting'),
            },
          },
        },
      },
      aggregating: {
        description: '县综合指挥调度中心汇总执法结果',
        tags: ['active'],
        on: {
          'case.archive': move('aggregating', 'archived', 'center', '汇总执法结果，并存档', ['storeArchiveSummary', notify('archived')]),
          'unit.report': stay('aggregating', 'cooperating', '配合单位补报法律文书', ['storeReport']),
          ...urge('aggregating'),
        },
      },
      archived: { type: 'final', description: '已汇总存档', tags: ['closed'] },
      rejected: { type: 'final', description: '联动执法申请被驳回', tags: ['closed'] },
      notApproved: { type: 'final', description: '未获批准', tags: ['closed'] },
      withdrawn: { type: 'final', description: '派送前撤回', tags: ['closed'] },
    },
    /** The archive dossier of a closed case (`snapshot.output`). */
    output: ({ context }) => dossierOf(context),
  });
}

/** The archive dossier of a closed case. */
export function dossierOf(context: CaseContext): CaseDossier {
  const last = context.history[context.history.length - 1]!;
  return {
    caseId: context.caseId,
    title: context.title,
    ...(context.itemNo === undefined ? {} : { itemNo: context.itemNo }),
    origin: context.originDetails,
    outcome: last.to as FinalStage,
    openedAt: context.openedAt,
    closedAt: last.at,
    ...(context.closingReason === undefined ? {} : { closingReason: context.closingReason }),
    ...(context.assignment === undefined ? {} : { assignment: context.assignment }),
    opinions: context.opinions,
    ...(context.plan === undefined ? {} : { plan: context.plan }),
    reports: context.reports,
    ...(context.results === undefined ? {} : { results: context.results }),
    deadlines: context.deadlines,
    deadlinesMet: context.deadlines.every((deadline) => deadline.status === 'met'),
    urges: context.urges,
    ...(context.archiveSummary === undefined ? {} : { summary: context.archiveSummary }),
    history: context.history,
  };
}
