import { stateLabels, type CaseStatePath, type HistoryEntry, type Label } from 'linked-enforcement';

/** How a step of the stepper stands: done, where the case is, still ahead, or never to come (the case ended on a branch). */
export type StepStatus = 'done' | 'current' | 'todo' | 'skipped';

/** One step of the stepper (流程进度). */
export interface Step {
  readonly path: CaseStatePath;
  readonly label: Label;
  readonly status: StepStatus;
  /** A state off the case's route (退回, 待补正, 驳回, 未批准, 不予上报, 撤回), shown where the case left the route. */
  readonly branch: boolean;
  /** For a branch that ended the case: the step it ended at, e.g. 初审 for 驳回. */
  readonly endedAt?: Label;
}

/** What the stepper reads of a case: a `CaseView`'s (or `selectState(snapshot).path` and `selectHistory(snapshot)`). */
export interface StepperInput {
  readonly state: CaseStatePath;
  /** The 流转记录: its opening entry says which route the case takes, the last one where a branch left it. */
  readonly history: readonly Pick<HistoryEntry, 'from' | 'to'>[];
}

const enforcement: readonly CaseStatePath[] = ['dispatching', 'enforcing.planning', 'enforcing.executing', 'enforcing.reporting', 'aggregating', 'archived'];

/** The route of each origin (附件1), by the state its case opens in. */
const routes: Readonly<Partial<Record<CaseStatePath, readonly CaseStatePath[]>>> = {
  // 申请: 初审 → 法制审核 → 县领导审批.
  preliminaryReview: ['preliminaryReview', 'legalReview', 'leaderApproval', ...enforcement],
  // 县领导交办: the center dispatches directly.
  dispatching: enforcement,
  // 因工作需要: 报经分管县领导同意.
  leaderConsent: ['leaderConsent', ...enforcement],
  // 突发事件: 报县委县政府审核.
  emergencyApproval: ['emergencyApproval', ...enforcement],
  // 配合单位请求: 牵头单位研究, then as an emergency.
  leadReview: ['leadReview', 'emergencyApproval', ...enforcement],
};

/**
 * Where each state stands on the stepper. Typed over every state, so that a new one cannot be
 * left without a place: a step of a route, a branch the case comes back from at `resumesAt`, or a
 * branch that ends it.
 */
const placements: Readonly<Record<CaseStatePath, { kind: 'route' } | { kind: 'resumable'; resumesAt: CaseStatePath } | { kind: 'end' }>> = {
  preliminaryReview: { kind: 'route' },
  legalReview: { kind: 'route' },
  leaderApproval: { kind: 'route' },
  leaderConsent: { kind: 'route' },
  leadReview: { kind: 'route' },
  emergencyApproval: { kind: 'route' },
  dispatching: { kind: 'route' },
  'enforcing.planning': { kind: 'route' },
  'enforcing.executing': { kind: 'route' },
  'enforcing.reporting': { kind: 'route' },
  aggregating: { kind: 'route' },
  archived: { kind: 'route' },
  // 法制审核退回: the center supplements and sends it to legal review again (or asks the applicant to amend).
  returned: { kind: 'resumable', resumesAt: 'legalReview' },
  // 待补正: the applicant resubmits to preliminary review.
  awaitingAmendment: { kind: 'resumable', resumesAt: 'preliminaryReview' },
  rejected: { kind: 'end' },
  notApproved: { kind: 'end' },
  declined: { kind: 'end' },
  withdrawn: { kind: 'end' },
};

const step = (path: CaseStatePath, status: StepStatus, branch = false): Step => ({ path, label: stateLabels[path], status, branch });

/**
 * The stepper of a case: its route's steps done, current or ahead; on a branch, the branch as
 * the current step where the case left the route — followed by the steps it comes back to, or,
 * when the branch ended the case, by the steps it will not reach (`skipped`).
 *
 * @param input - The case's state and history (a `CaseView` is one).
 * @returns The steps in order, exactly one of them `current`.
 * @example
 * stepperOf({ state: 'rejected', history }).map((s) => `${s.label.zh}:${s.status}`)
 * //=> ['驳回:current', '法制审核:skipped', '县领导审批:skipped', …]
 */
export function stepperOf({ state, history }: StepperInput): Step[] {
  const route = routes[history[0]?.to ?? 'preliminaryReview'] ?? routes.preliminaryReview!;
  const placement = placements[state];
  if (placement.kind === 'route') {
    const at = route.indexOf(state);
    return route.map((path, index) => step(path, index < at ? 'done' : index === at ? 'current' : 'todo'));
  }
  if (placement.kind === 'resumable') {
    const at = Math.max(0, route.indexOf(placement.resumesAt));
    return [...route.slice(0, at).map((path) => step(path, 'done')), step(state, 'current', true), ...route.slice(at).map((path) => step(path, 'todo'))];
  }
  // Ended on a branch: it takes the place of the step the case left (a branch left from a resumable one: before the step that one resumes at).
  const left = [...history].reverse().find((entry) => entry.to === state)?.from ?? route[0]!;
  const leftPlacement = placements[left];
  const replaced = leftPlacement.kind === 'resumable' ? undefined : left;
  const at = Math.max(0, route.indexOf(leftPlacement.kind === 'resumable' ? leftPlacement.resumesAt : left));
  const ended: Step = { ...step(state, 'current', true), endedAt: stateLabels[left] };
  const after = route.slice(replaced === undefined ? at : at + 1).map((path) => step(path, 'skipped'));
  return [...route.slice(0, at).map((path) => step(path, 'done')), ended, ...after];
}
