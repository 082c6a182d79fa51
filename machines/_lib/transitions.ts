import type { CaseStatePath, NotificationKind, Opinion } from '../types.js';
import type { Role } from './rules.js';

/** The machine's id; states are addressed as `#linkedEnforcementCase.<path>`. */
export const CASE_MACHINE_ID = 'linkedEnforcementCase';

/** The guard of a transition: the event is well formed, in order, from `role`, and the case's rules hold. */
export const guarded = (role: Role) => ({ type: 'actedBy', params: { role } }) as const;
/** Appends the accepted event to the history (流转记录). */
export const record = (from: CaseStatePath, to: CaseStatePath) => ({ type: 'record', params: { from, to } }) as const;
/** Emits the notifications of `kind`. */
export const notify = (kind: NotificationKind) => ({ type: 'notify', params: { kind } }) as const;
/** Keeps a review or approval decision with its text. */
export const opinion = (kind: Opinion['kind'], decision: Opinion['decision']) => ({ type: 'storeOpinion', params: { kind, decision } }) as const;

/** What a transition does besides recording itself: the machine's named actions. */
export type Step =
  | ReturnType<typeof notify | typeof opinion>
  | 'storeClosingReason'
  | 'countResubmission'
  | 'assignUnits'
  | 'storeAcknowledgement'
  | 'storePlan'
  | 'storeMeeting'
  | 'storePublication'
  | 'startResultsClock'
  | 'closeAcknowledgements'
  | 'storeReport'
  | 'storeResults'
  | 'storeUrge'
  | 'markOverdue'
  | 'markReminded'
  | 'storeArchiveSummary';

/** A transition to another state: guarded by the role that may take it, recorded in the history. */
export const move = (from: CaseStatePath, to: CaseStatePath, role: Role, description: string, steps: Step[]) => ({
  target: `#${CASE_MACHINE_ID}.${to}`,
  guard: guarded(role),
  actions: [...steps, record(from, to)],
  description,
});

/** A transition that stays in the state (a report, an urge, a revision), still recorded. */
export const stay = (at: CaseStatePath, role: Role, description: string, steps: Step[]) => ({
  guard: guarded(role),
  actions: [...steps, record(at, at)],
  description,
});

/** 撤回: the initiator withdraws, until a county leader has approved; everyone who acted is told. */
export const withdraw = (from: CaseStatePath) => ({
  'application.withdraw': move(from, 'withdrawn', 'initiator', '申请单位在县领导批准前撤回', ['storeClosingReason', notify('withdrawn')]),
});

/** 催办 by the command center (统一调度), which may urge any unit. */
export const urge = (at: CaseStatePath) => ({
  'case.urge': stay(at, 'center', '县综合指挥调度中心催办', ['storeUrge', notify('urged')]),
});

/** 催办 by the center, or by the lead unit of its cooperating units (督促各配合单位依法履行职责). */
export const urgeOrLeadUrges = (at: CaseStatePath) => ({
  'case.urge': [
    stay(at, 'center', '县综合指挥调度中心催办', ['storeUrge', notify('urged')]),
    stay(at, 'lead', '牵头单位督促配合单位', ['storeUrge', notify('urged')]),
  ],
});

/** What the lead unit does throughout enforcement (附件2 牵头单位 2, 4): joint meetings and published information. */
export const leadDuties = (at: CaseStatePath) => ({
  'meeting.record': stay(at, 'lead', '牵头单位召开联动执法联席会议，统一研究部署', ['storeMeeting']),
  'info.publish': stay(at, 'lead', '牵头单位统一发布联动执法信息', ['storePublication', notify('infoPublished')]),
});

/** The deadline checks (`deadline.check` by the sweep or the center, `deadline.remind` by the sweep) of a state that may have a deadline pending. */
export const deadlineChecks = (at: CaseStatePath) => ({
  'deadline.check': stay(at, 'timekeeper', '时限已过：标记逾期并通知', ['markOverdue', notify('deadlineOverdue')]),
  'deadline.remind': stay(at, 'clock', '时限将至：预警（每个时限一次）', ['markReminded', notify('deadlineApproaching')]),
});

/**
 * A step a county may limit (`stepLimits`): entering it starts the step's deadline when its step
 * has a limit, leaving it (by any transition) marks that deadline met or late.
 */
export const limitedStep = (state: CaseStatePath) => ({
  entry: { type: 'enterStep', params: { state } },
  exit: { type: 'leaveStep', params: { state } },
}) as const;

/** 批准同意 / 不予批准 by `role`. */
export const decide = (from: CaseStatePath, role: Role, approveText: string, denyText: string) => ({
  'leader.approve': move(from, 'dispatching', role, approveText, [opinion('leader', 'approve'), notify('approved')]),
  'leader.deny': move(from, 'notApproved', role, denyText, [opinion('leader', 'deny'), 'storeClosingReason', notify('notApproved')]),
});
