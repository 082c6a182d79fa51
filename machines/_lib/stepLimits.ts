/**
 * Step time limits (环节办理时限, `createCaseMachine({ stepLimits })`): a county may give 初审,
 * 法制审核, 审批/同意, 派送, the work plan (工作方案) and 汇总 a limit in working days. Entering a
 * limited step adds a deadline of kind `step`; leaving it, however the case leaves, marks it met or
 * late by the time it left.
 */
import { z } from 'zod';
import { stateLabels, type Label } from '../labels.js';
import type { Actor } from '../schemas.js';
import type { CaseContext, CaseDeadline, CaseStatePath, LimitedStep, Recipient } from '../types.js';
import { itemLeadOf, type CaseRules } from './rules.js';
import { deadlineChecks } from './transitions.js';

/** The steps a county may limit, in the order of 附件1. */
export const limitedSteps = ['preliminaryReview', 'legalReview', 'approval', 'dispatching', 'workPlan', 'aggregating'] as const satisfies readonly LimitedStep[];

/** The longest step limit taken: about a year of working days; a longer one is surely a mistake. */
export const MAX_STEP_LIMIT = 250;

/** Chinese and English names of the limited steps. */
export const limitedStepLabels: Readonly<Record<LimitedStep, Label>> = {
  preliminaryReview: { zh: '初审', en: 'Preliminary review' },
  legalReview: { zh: '法制审核', en: 'Legal review' },
  approval: { zh: '审批/同意', en: 'Approval or consent' },
  dispatching: { zh: '派送', en: 'Dispatch' },
  workPlan: { zh: '工作方案', en: 'Work plan' },
  aggregating: { zh: '汇总', en: 'Aggregation' },
};

/**
 * A step limit's step as messages and the dossier name it: the state for 审批/同意 (approval),
 * which has four (县领导审批, 分管县领导同意…); a step or state this release does not know (data
 * from elsewhere) keeps its own name in both languages.
 *
 * @example
 * stepDeadlineLabel({ step: 'approval', state: 'leaderApproval' }).zh
 * //=> '县领导审批'
 */
export function stepDeadlineLabel(deadline: { readonly step: string; readonly state?: string | undefined }): Label {
  const [table, key]: [Readonly<Record<string, Label>>, string] =
    deadline.step === 'approval' && deadline.state !== undefined ? [stateLabels, deadline.state] : [limitedStepLabels, deadline.step];
  return Object.hasOwn(table, key) ? table[key]! : { zh: key, en: key };
}

const limit = z.number().int().min(1).max(MAX_STEP_LIMIT);

/** `stepLimits` as `createCaseMachine` takes it: working days per step, each an integer 1–250; an unknown step name is refused. */
export const stepLimitsSchema = z.strictObject(Object.fromEntries(limitedSteps.map((step) => [step, limit.optional()])) as Record<LimitedStep, z.ZodOptional<typeof limit>>, {
  error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown step ${issue.keys.map((key) => `"${key}"`).join(', ')}: the steps are ${limitedSteps.join(', ')}` : undefined),
});

/** The limited step each state belongs to; states not listed (退回, 待补正, 执法, 反馈, the final states) have none. */
const stepOfState: Partial<Record<CaseStatePath, LimitedStep>> = {
  preliminaryReview: 'preliminaryReview',
  legalReview: 'legalReview',
  leaderApproval: 'approval',
  leaderConsent: 'approval',
  leadReview: 'approval',
  emergencyApproval: 'approval',
  dispatching: 'dispatching',
  'enforcing.planning': 'workPlan',
  aggregating: 'aggregating',
};

/** The states whose entry may start a step limit: each gets the entry and exit actions and the deadline checks. */
export const statesWithStepLimits = Object.keys(stepOfState) as CaseStatePath[];

/** The limited step of a state, if any. */
export const limitedStepOf = (state: CaseStatePath): LimitedStep | undefined => stepOfState[state];

const isEmergency = (context: CaseContext) => context.origin === 'emergency' || context.origin === 'emergencyRequest';

/** Who consents for a center-initiated case: the overseeing in-charge leaders on the roster (else its principal leaders), or the group. */
export function consentRecipients(context: CaseContext, rules: CaseRules): Recipient[] {
  if (rules.leaders === undefined) return [{ group: 'inChargeLeaders' }];
  const lead = itemLeadOf(context, rules.catalog);
  const overseeing = rules.leaders.filter((leader) => leader.post === 'inCharge' && (lead === undefined || leader.oversees.includes(lead)));
  const chosen = overseeing.length > 0 ? overseeing : rules.leaders.filter((leader) => leader.post === 'principal');
  return chosen.map((leader) => ({ leader: { name: leader.name, post: leader.post } }));
}

/**
 * Who must act for the case to leave `state`, and the unit answerable for it: the unit itself,
 * or for a leaders' decision the command center, which reported it to them (上报县领导审批) and
 * follows it up.
 */
function responsibleFor(state: CaseStatePath, context: CaseContext, rules: CaseRules): { unit: string; responsible: Recipient[] } {
  const center = rules.centerUnit;
  const itemLead = itemLeadOf(context, rules.catalog);
  switch (state) {
    case 'legalReview':
      return { unit: rules.legalReviewUnit, responsible: [{ unit: rules.legalReviewUnit }] };
    case 'leaderApproval':
    case 'emergencyApproval':
      return { unit: center, responsible: [{ group: 'countyLeaders' }] };
    case 'leaderConsent':
      return { unit: center, responsible: consentRecipients(context, rules) };
    // An emergency request is studied by the item's lead unit (leadReview, always an emergency).
    case 'leadReview':
    case 'dispatching': {
      // In an emergency the item's lead unit is asked to dispatch (协调有关配合单位共同组织实施); the center may too.
      // An emergency always names an item (its lead unit reported it), so `?? center` never applies there.
      const unit = isEmergency(context) ? (itemLead ?? center) : center;
      return { unit, responsible: [{ unit }] };
    }
    case 'enforcing.planning': {
      const lead = context.assignment!.lead.unit;
      return { unit: lead, responsible: [{ unit: lead }] };
    }
    default:
      return { unit: center, responsible: [{ unit: center }] };
  }
}

/** The deadlines after entering `state` at `at`: with a limit on its step, a new `step` deadline counted from `at`. */
export function enteredStepDeadlines(context: CaseContext, state: CaseStatePath, at: string, rules: CaseRules): CaseContext['deadlines'] {
  const step = limitedStepOf(state);
  // A state of no step has no limit, nor did a case record one for it: this only spares the look-ups.
  // Stryker disable next-line ConditionalExpression: see above
  if (step === undefined) return context.deadlines;
  const workingDays = rules.recordedStepLimit === undefined ? rules.stepLimits?.[step] : (rules.recordedStepLimit(state, at) ?? undefined);
  if (workingDays === undefined) return context.deadlines;
  const due = rules.calendar.deadline(at, workingDays);
  const deadline: CaseDeadline = {
    kind: 'step',
    ...responsibleFor(state, context, rules),
    step,
    state,
    startedAt: at,
    workingDays,
    dueDate: due.dueDate,
    dueAt: due.dueAt,
    provisional: due.provisional,
    status: 'pending',
  };
  return [...context.deadlines, deadline];
}

/** The deadlines after leaving `state` at `at`: its open step deadline met (left by its due time) or late. */
export function leftStepDeadlines(context: CaseContext, state: CaseStatePath, at: string): CaseContext['deadlines'] {
  const atMs = Date.parse(at);
  let changed = false;
  const deadlines = context.deadlines.map((deadline): CaseDeadline => {
    if (deadline.status !== 'pending' && deadline.status !== 'overdue') return deadline;
    // Only a step deadline has a state, and only the left state's can be open: entering a step opens its deadline, leaving closes it.
    // Stryker disable next-line ConditionalExpression,LogicalOperator: see above
    if (deadline.kind !== 'step' || deadline.state !== state) return deadline;
    changed = true;
    return { ...deadline, status: atMs <= Date.parse(deadline.dueAt) ? 'met' : 'late', doneAt: at };
  });
  return changed ? deadlines : context.deadlines;
}

/**
 * The machine's states with the deadline checks (`deadline.check`, `deadline.remind`) added to each
 * state of a limited step: only there can a step deadline fall due, so a machine without limits
 * (Siyang's) draws and accepts exactly what it did. The states of 执法 have them already.
 */
export function withStepLimitChecks<States extends Record<string, unknown>>(states: States, rules: CaseRules): States {
  const limited = statesWithStepLimits.filter((state) => !state.includes('.') && rules.stepLimits?.[limitedStepOf(state)!] !== undefined);
  // Stryker disable next-line ConditionalExpression: a copy with nothing added is the same statechart
  if (limited.length === 0) return states;
  const copy: Record<string, unknown> = { ...states };
  for (const state of limited) {
    const node = copy[state] as { readonly on: Record<string, unknown> };
    copy[state] = { ...node, on: { ...node.on, ...deadlineChecks(state) } };
  }
  return copy as States;
}

/**
 * Whether `deadline` is `actor`'s to keep (its inbox's nearest deadline): a step limit binds its
 * responsible party — the unit, or for a leaders' decision every leader who may take it (the
 * inbox lists only those); any other deadline binds its unit.
 */
export function deadlineBinds(deadline: CaseDeadline, actor: Actor): boolean {
  // Only a step deadline names its responsible parties.
  if (deadline.responsible !== undefined) {
    // A step's responsible parties are one unit or leaders only, and a leader party binds any leader: every and some agree.
    // Stryker disable next-line MethodExpression: see above
    return deadline.responsible.some((party) => ('unit' in party ? 'unit' in actor && actor.unit === party.unit : 'leader' in actor));
  }
  return 'unit' in actor && deadline.unit === actor.unit;
}
