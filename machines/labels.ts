import { invalidInput } from '../src/_lib/validate.js';
import type { CaseEventType, CaseOrigin } from './schemas.js';
import type { CaseStatePath, CaseStage, EnforcingStep } from './types.js';

/** A name in Chinese and English. */
export interface Label {
  readonly zh: string;
  readonly en: string;
}

/** Chinese and English names of every state, for UIs and the diagram. */
export const stateLabels: Readonly<Record<CaseStage | `enforcing.${EnforcingStep}`, Label>> = {
  preliminaryReview: { zh: '初审', en: 'Preliminary review' },
  legalReview: { zh: '法制审核', en: 'Legal review' },
  returned: { zh: '法制审核退回', en: 'Returned by legal review' },
  awaitingAmendment: { zh: '待补正', en: 'Awaiting amendment' },
  leaderApproval: { zh: '县领导审批', en: 'County leader approval' },
  leaderConsent: { zh: '分管县领导同意', en: 'In-charge leader consent' },
  leadReview: { zh: '牵头单位研究', en: 'Lead unit review' },
  emergencyApproval: { zh: '突发事件报县委县政府审核', en: 'Emergency approval' },
  dispatching: { zh: '任务派送', en: 'Dispatching' },
  enforcing: { zh: '执法', en: 'Enforcing' },
  'enforcing.planning': { zh: '起草工作方案', en: 'Drafting the work plan' },
  'enforcing.executing': { zh: '集中开展执法', en: 'Enforcing on site' },
  'enforcing.reporting': { zh: '执法结果反馈', en: 'Reporting results' },
  aggregating: { zh: '汇总', en: 'Aggregating' },
  archived: { zh: '存档', en: 'Archived' },
  rejected: { zh: '驳回', en: 'Rejected' },
  notApproved: { zh: '未批准', en: 'Not approved' },
  declined: { zh: '不予上报', en: 'Declined by the lead unit' },
  withdrawn: { zh: '撤回', en: 'Withdrawn' },
};

/** Chinese and English names of every event, for buttons and the history (流转记录). */
export const eventLabels: Readonly<Record<CaseEventType | 'case.open', Label>> = {
  'case.open': { zh: '立案', en: 'Case opened' },
  'review.pass': { zh: '初审通过', en: 'Pass preliminary review' },
  'review.reject': { zh: '驳回申请', en: 'Reject application' },
  'legal.approve': { zh: '法制审核通过', en: 'Approve legal review' },
  'legal.return': { zh: '法制审核退回', en: 'Return from legal review' },
  'amendment.request': { zh: '退回补正', en: 'Request amendment' },
  'application.resubmit': { zh: '补正后重新提交', en: 'Resubmit application' },
  'application.withdraw': { zh: '撤回申请', en: 'Withdraw' },
  'emergency.report': { zh: '上报县委县政府', en: 'Report to the county' },
  'emergency.decline': { zh: '不予上报', en: 'Decline the request' },
  'leader.approve': { zh: '批准同意', en: 'Approve' },
  'leader.deny': { zh: '不予批准', en: 'Deny' },
  'task.dispatch': { zh: '派送任务', en: 'Dispatch task' },
  'unit.acknowledge': { zh: '确认接收任务', en: 'Acknowledge the task' },
  'plan.submit': { zh: '提交工作方案', en: 'Submit work plan' },
  'meeting.record': { zh: '召开联席会议', en: 'Record a joint meeting' },
  'info.publish': { zh: '发布联动执法信息', en: 'Publish information' },
  'enforcement.end': { zh: '执法工作结束', en: 'End enforcement' },
  'unit.report': { zh: '报送法律文书', en: 'Report to the lead unit' },
  'results.upload': { zh: '上传执法结果', en: 'Upload results' },
  'case.archive': { zh: '汇总存档', en: 'Archive' },
  'case.urge': { zh: '催办', en: 'Urge' },
  'deadline.check': { zh: '时限检查', en: 'Check deadlines' },
  'deadline.remind': { zh: '时限预警', en: 'Remind of deadlines' },
};

/** Chinese and English names of the ways a case starts (附件1). */
export const originLabels: Readonly<Record<CaseOrigin, Label>> = {
  application: { zh: '申请', en: 'application' },
  leaderAssignment: { zh: '县领导交办', en: 'assigned by a leader' },
  centerInitiated: { zh: '因工作需要', en: 'center’s own need' },
  emergency: { zh: '突发事件', en: 'emergency' },
  emergencyRequest: { zh: '配合单位提请', en: 'requested by a cooperating unit' },
};

/**
 * The label of a state path such as `enforcing.planning`, or of a stage.
 *
 * @throws {LinkedEnforcementError} `INVALID_INPUT` for anything but a state path or stage.
 * @example
 * labelOfState('enforcing.planning').zh
 * //=> '起草工作方案'
 */
export function labelOfState(path: CaseStatePath | CaseStage): Label {
  if (typeof path !== 'string' || !Object.hasOwn(stateLabels, path)) invalidInput('path', `must be a state path or stage: ${Object.keys(stateLabels).join(', ')}`);
  return stateLabels[path];
}
