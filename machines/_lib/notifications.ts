import { beijingWallClock } from '../../src/_lib/beijingTime.js';
import type { Actor, CaseEvent } from '../schemas.js';
import type { CaseContext, CaseNotification, NotificationKind, Recipient } from '../types.js';
import type { CaseRules } from './rules.js';

/** The key that makes two recipients the same person or body: a unit id, a leader, a group. */
function recipientKey(recipient: Recipient): string {
  if ('unit' in recipient) return `unit:${recipient.unit}`;
  if ('leader' in recipient) return `leader:${recipient.leader.post}:${recipient.leader.name}`;
  return `group:${recipient.group}`;
}

/**
 * Each recipient once, in order of first appearance: merged lists (participants and the
 * applicant, who is often the lead unit) must not send one unit the same message twice.
 */
export function uniqueRecipients(recipients: readonly Recipient[]): Recipient[] {
  const seen = new Set<string>();
  return recipients.filter((recipient) => {
    const key = recipientKey(recipient);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The name to print for a unit id: the case's label, the catalog name, or the locality's name. */
export function unitName(id: string, context: CaseContext, rules: CaseRules): string {
  const participant = [context.assignment?.lead, ...(context.assignment?.cooperating ?? [])].find((p) => p?.unit === id);
  if (participant) return participant.label;
  if (id.startsWith('locality:')) return id.slice('locality:'.length);
  return rules.catalog.units.find((unit) => unit.id === id)?.name ?? id;
}

export function actorName(by: Actor, context: CaseContext, rules: CaseRules): string {
  if ('unit' in by) return unitName(by.unit, context, rules);
  if ('leader' in by) return `${by.leader.post === 'principal' ? '县主要领导' : '分管县领导'}${by.leader.name}`;
  return `系统（${by.system}）`;
}

/** The messages a transition sends, in Chinese, addressed to the units and leaders concerned. */
export function buildNotifications(kind: NotificationKind, context: CaseContext, event: CaseEvent | undefined, rules: CaseRules): CaseNotification[] {
  const at = event?.at ?? context.openedAt;
  const title = `「${context.title}」`;
  const center: Recipient = { unit: rules.centerUnit };
  const initiator: Recipient[] = context.initiator !== undefined && context.initiator !== rules.centerUnit ? [{ unit: context.initiator }] : [];
  const reason = event !== undefined && 'reason' in event ? event.reason : undefined;
  const note = (recipients: Recipient[], message: string): CaseNotification => ({ type: 'notification', kind, caseId: context.caseId, at, recipients: uniqueRecipients(recipients), message });
  const assignment = context.assignment;
  const participants: Recipient[] = assignment ? [assignment.lead, ...assignment.cooperating].map((p) => ({ unit: p.unit })) : [];

  switch (kind) {
    case 'applicationReceived': {
      const details = context.originDetails;
      if (details.origin === 'application') {
        const again = context.resubmissions > 0 ? `（第${context.resubmissions}次补正后重新提交）` : '';
        return [note([center], `收到${unitName(details.applicant, context, rules)}的联动执法申请${title}${again}，请进行初审。`)];
      }
      if (details.origin === 'leaderAssignment') {
        return [note([center], `${actorName({ leader: details.leader }, context, rules)}交办联动执法事项${title}：${details.instruction}。请直接指派相关单位。`)];
      }
      if (details.origin === 'centerInitiated') {
        return [note([{ group: 'inChargeLeaders' }], `县综合指挥调度中心因工作需要拟开展联动执法${title}（${details.reason}），请分管县领导审核同意。`)];
      }
      return [note([{ group: 'countyLeaders' }], `${unitName(details.reporter, context, rules)}报告突发事件${title}：${details.description}。请县委县政府审核同意后组织联动执法。`)];
    }
    case 'rejected':
      return [note(initiator.length > 0 ? initiator : [center], `联动执法申请${title}不符合联动执法要求，已被驳回：${reason}。`)];
    case 'legalReviewRequested':
      return [note([{ unit: rules.legalReviewUnit }], `联动执法申请${title}已通过初审，请进行法制审核并将结果反馈县综合指挥调度中心。`)];
    case 'returnedByLegalReview':
      return [note([center], `法制审核部门退回联动执法申请${title}：${reason}。请决定退回申请单位补正或驳回。`)];
    case 'returnedForAmendment':
      return [note(initiator, `联动执法申请${title}需要补正后重新提交：${reason}。`)];
    case 'approvalRequested':
      return [note([{ group: 'countyLeaders' }], `联动执法申请${title}已通过法制审核，请县领导审批。`)];
    case 'approved':
      return [note([center, ...initiator], `县领导已批准同意联动执法${title}，请县综合指挥调度中心派送任务。`)];
    case 'notApproved':
      return [note([center, ...initiator], `联动执法${title}未获批准：${reason}。`)];
    case 'dispatched': {
      if (!assignment) return [];
      const when = `${beijingWallClock(assignment.startAt)}（北京时间）`;
      const cooperatingNames = assignment.cooperating.map((p) => p.label).join('、') || '无';
      const lead = note(
        [{ unit: assignment.lead.unit }],
        `请${assignment.lead.label}牵头于${when}在${assignment.place}组织开展联动执法${title}，配合单位：${cooperatingNames}。请起草联动执法工作方案，并在执法工作结束后${rules.resultsDueWorkingDays}个工作日内上传执法结果。`,
      );
      if (assignment.cooperating.length === 0) return [lead];
      const cooperating = note(
        assignment.cooperating.map((p) => ({ unit: p.unit })),
        `请于${when}到${assignment.place}，配合${assignment.lead.label}开展联动执法${title}，执法工作结束后及时将相关法律文书汇总报牵头单位。`,
      );
      return [lead, cooperating];
    }
    case 'urged': {
      if (event?.type !== 'case.urge') return [];
      return [note([{ unit: event.unit }], `催办：请${unitName(event.unit, context, rules)}加快办理联动执法${title}${event.message ? `：${event.message}` : '。'}`)];
    }
    case 'resultsUploaded': {
      const missing = context.results?.missingReports ?? [];
      const missingText = missing.length > 0 ? `尚未报送法律文书的配合单位：${missing.map((id) => unitName(id, context, rules)).join('、')}。` : '';
      return [
        note([center], `${assignment ? assignment.lead.label : '牵头单位'}已上传联动执法${title}的执法结果，请汇总存档。${missingText}`),
        ...(missing.length > 0 ? [note(missing.map((unit) => ({ unit })), `请尽快将联动执法${title}的相关法律文书汇总报牵头单位。`)] : []),
      ];
    }
    case 'deadlineOverdue': {
      const overdue = context.deadlines.filter((deadline) => deadline.overdueAt === at);
      return overdue.map((deadline) =>
        note(
          [{ unit: deadline.unit }, center],
          `联动执法${title}的执法结果应于${deadline.dueDate}前上传，现已逾期，请${unitName(deadline.unit, context, rules)}立即上传。`,
        ),
      );
    }
    case 'archived':
      return [note([...participants, ...initiator], `联动执法${title}已汇总存档。`)];
    case 'withdrawn':
      return [note([center, ...participants], `联动执法${title}已由申请单位撤回：${reason}。`)];
  }
}
