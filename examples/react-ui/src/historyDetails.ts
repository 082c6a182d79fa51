import type { CaseEvent, CaseInput, HistoryEntry } from 'linked-enforcement';
import { formatInstant } from './clock.js';
import { nameOf, unitName } from './people.js';

/**
 * What an entry of the 流转记录 recorded, for the details column (意见 / 理由 / 内容).
 *
 * The history entry keeps the opinion, the reason, the note, the urged unit and a changed lead;
 * the rest (the plan, the report and its documents, the results, the urge's message, the archive
 * summary…) is in the event the entry stands for: the audit log's `event` (`engine.history(caseId)`,
 * `GET /cases/{caseId}/history`), or the event this page sent. The library's entries do not copy it
 * (it would store everything twice); an entry whose event did not say more gets a plain statement
 * (未填写意见, 时限检查…), never an empty cell.
 *
 * @param entry - The history entry (a `HistoryView` is one).
 * @param event - The event the entry recorded, or the opening input for `case.open`; left out, the entry alone.
 * @returns The details in Chinese, parts joined by `；`.
 * @example
 * historyDetails(entry, { type: 'case.archive', by: { unit: 'command-center' }, at, summary: '材料齐全' })
 * //=> '存档说明：材料齐全'
 */
export function historyDetails(entry: HistoryEntry, event?: CaseEvent | CaseInput): string {
  const recorded = event === undefined ? [] : eventDetails(entry, event);
  const parts = [
    entry.unit !== undefined && `催办 ${unitName(entry.unit)}`,
    ...recorded,
    entry.opinion !== undefined && `意见：${entry.opinion}`,
    entry.reason !== undefined && `理由：${entry.reason}`,
    entry.note !== undefined && `说明：${entry.note}`,
    entry.leadChangeReason !== undefined && `更换牵头单位的理由：${entry.leadChangeReason}`,
  ].filter((part): part is string => typeof part === 'string' && part !== '');
  return (parts.length === 0 ? [plainStatement(entry)] : parts).join('；');
}

/** The event's own data, beyond what the entry keeps (the entry's fields come after these). */
function eventDetails(entry: HistoryEntry, event: CaseEvent | CaseInput): string[] {
  if (entry.type === 'case.open') return 'origin' in event ? openingDetails(event) : [];
  if (!('type' in event) || event.type !== entry.type) return [];
  switch (event.type) {
    case 'emergency.report':
      return event.description === undefined ? [] : [`上报情况：${event.description}`];
    case 'task.dispatch':
      return [
        ...(event.lead === undefined ? [] : [`牵头单位：${unitRefName(event.lead)}`]),
        ...(event.cooperating === undefined ? [] : [`配合单位：${event.cooperating.map(unitRefName).join('、')}`]),
        `集合地点：${event.place}`,
        `集合时间：${formatInstant(event.startAt)}`,
      ];
    case 'unit.acknowledge':
      return [`派出执法人员 ${event.staff} 人`, ...(event.equipment === undefined ? [] : [`装备：${event.equipment}`])];
    case 'plan.submit':
      return [
        ...(event.plan.summary === undefined ? [] : [`方案概要：${event.plan.summary}`]),
        // The duties themselves are in the plan (案件信息); the row says how many units it divides the work among.
        `职责分工：${event.plan.division.length} 个单位`,
        `时限：${event.plan.timeLimits}`,
        ...documents(event.plan.documents),
      ];
    case 'meeting.record':
      return [`会议时间：${formatInstant(event.heldAt)}`, `参会：${event.attendees.join('、')}`, `会议决定：${event.decisions}`];
    case 'info.publish':
      return [`发布信息：${event.text}`];
    case 'unit.report':
      return [`报送：${event.summary}`, ...documents(event.documents), ...(event.suggestions === undefined ? [] : [`意见建议：${event.suggestions}`])];
    case 'results.upload':
      return [
        `执法结果：${event.results.summary}`,
        ...(event.results.figures === undefined ? [] : [`统计：${Object.entries(event.results.figures).map(([name, value]) => `${name} ${value}`).join('，')}`]),
        ...documents(event.results.documents),
        ...(event.results.lessons === undefined ? [] : [`研讨和总结：${event.results.lessons}`]),
      ];
    case 'case.urge':
      return event.message === undefined ? [] : [`催办内容：${event.message}`];
    case 'case.archive':
      return event.summary === undefined ? [] : [`存档说明：${event.summary}`];
    case 'deadline.remind':
      return [`提前 ${event.beforeDueWorkingDays} 个工作日预警`];
    default:
      // The rest keep what they say (opinion, reason, note) in the entry itself.
      return [];
  }
}

function openingDetails(input: CaseInput): string[] {
  switch (input.origin) {
    case 'application':
      return [`申请单位：${unitName(input.applicant)}`, ...(input.description === undefined ? [] : [`申请内容：${input.description}`])];
    case 'leaderAssignment':
      return [`交办领导：${nameOf({ leader: input.leader })}`, `交办事项：${input.instruction}`];
    case 'centerInitiated':
      return [`发起理由：${input.reason}`];
    case 'emergency':
    case 'emergencyRequest':
      return [`报告单位：${unitName(input.reporter)}`, `情况：${input.description}`];
  }
}

/** 法律文书 by name (a document of 0.3 and earlier is its name alone). */
function documents(list: readonly (string | { readonly name: string })[] | undefined): string[] {
  if (list === undefined || list.length === 0) return [];
  return [`附件 ${list.length} 份：${list.map((document) => (typeof document === 'string' ? document : document.name)).join('、')}`];
}

function unitRefName(ref: string | { readonly unit: string; readonly as?: string }): string {
  return typeof ref === 'string' ? unitName(ref) : `${unitName(ref.unit)}${ref.as === undefined ? '' : `（${ref.as}）`}`;
}

/** For an entry whose event said nothing more: what the step itself means to a clerk. */
const plainStatements: Readonly<Record<HistoryEntry['type'], string>> = {
  'case.open': '立案',
  'review.pass': '初审通过（未填写意见）',
  'review.reject': '驳回申请',
  'legal.approve': '法制审核通过（未填写意见）',
  'legal.return': '法制审核退回',
  'amendment.request': '退回补正',
  'application.resubmit': '补正后重新提交（未填写补正说明）',
  'application.withdraw': '撤回申请',
  'emergency.report': '已上报县委县政府',
  'emergency.decline': '不予上报',
  'leader.approve': '批准同意（未填写意见）',
  'leader.deny': '不予批准',
  'task.dispatch': '派送任务',
  'unit.acknowledge': '确认接收任务',
  'plan.submit': '提交工作方案',
  'meeting.record': '召开联席会议',
  'info.publish': '发布联动执法信息',
  'enforcement.end': '执法工作结束（未填写说明）',
  'unit.report': '报送法律文书',
  'results.upload': '上传执法结果',
  'case.archive': '汇总存档（未填写存档说明）',
  'case.urge': '催办',
  'deadline.check': '时限已过：标记逾期并通知',
  'deadline.remind': '时限将至：预警',
};

function plainStatement(entry: HistoryEntry): string {
  return plainStatements[entry.type];
}
