import { beijingWallClock } from '../../src/_lib/beijingTime.js';
import type { Actor, CaseEvent } from '../schemas.js';

type EventOf<Type extends CaseEvent['type']> = Extract<CaseEvent, { type: Type }>;
import type { CaseContext, CaseDeadline, CaseNotification, NotificationKind, Recipient } from '../types.js';
import { itemLeadOf, type CaseRules } from './rules.js';
import { consentRecipients, stepDeadlineLabel } from './stepLimits.js';

/** The key that makes two recipients the same person or body: a unit id, a leader, a group. */
function recipientKey(recipient: Recipient): string {
  if ('unit' in recipient) return `unit:${recipient.unit}`;
  if ('leader' in recipient) return `leader:${recipient.leader.post}:${recipient.leader.name}`;
  // Stryker disable next-line StringLiteral: no message goes to two groups, so a group's key needs only to differ from a unit's or a leader's
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
  // Stryker disable next-line ArrayDeclaration: before the dispatch nothing stands in the list that could match a unit id
  const participant = [context.assignment?.lead, ...(context.assignment?.cooperating ?? [])].find((p) => p?.unit === id);
  if (participant) return participant.label;
  if (id.startsWith('locality:')) return id.slice('locality:'.length);
  // Stryker disable next-line OptionalChaining: the machine names only units it checked against the catalog; the id stays the fallback
  return rules.catalog.units.find((unit) => unit.id === id)?.name ?? id;
}

export function actorName(by: Actor, context: CaseContext, rules: CaseRules): string {
  if ('unit' in by) return unitName(by.unit, context, rules);
  // Stryker disable next-line ConditionalExpression: a system actor is never named (see below)
  if ('leader' in by) return `${by.leader.post === 'principal' ? '县主要领导' : '分管县领导'}${by.leader.name}`;
  // Stryker disable next-line StringLiteral: no message names a system actor as its sender (systems only check deadlines), yet the type allows one
  return `系统（${by.system}）`;
}

/** Who a step limit's message asks to act: its responsible units and leaders by name, a group by what it is called. */
function partyName(deadline: CaseDeadline, context: CaseContext, rules: CaseRules): string {
  return deadline
    .responsible!.map((party) => ('unit' in party ? unitName(party.unit, context, rules) : 'leader' in party ? actorName(party, context, rules) : party.group === 'countyLeaders' ? '县领导' : '分管县领导'))
    .join('、');
}

/** Everyone who has acted on the case (units and leaders, in order of first appearance), but `except`. */
function actorsOf(context: CaseContext, except: Actor | undefined): Recipient[] {
  // Stryker disable next-line LogicalOperator,ConditionalExpression,StringLiteral: a withdrawal is always by a unit or a leader; the type allows more
  const exceptKey = except === undefined || 'system' in except ? undefined : recipientKey(except);
  // Stryker disable next-line ArrayDeclaration,StringLiteral: a case is withdrawn only before approval, when no system actor has acted on it yet
  const acted = context.history.flatMap((entry): Recipient[] => ('system' in entry.by ? [] : [entry.by]));
  return acted.filter((recipient) => recipientKey(recipient) !== exceptKey);
}

/** The messages a transition sends, in Chinese, addressed to the units and leaders concerned. */
export function buildNotifications(kind: NotificationKind, context: CaseContext, event: CaseEvent | undefined, rules: CaseRules): CaseNotification[] {
  const at = event?.at ?? context.openedAt;
  const title = `「${context.title}」`;
  const center: Recipient = { unit: rules.centerUnit };
  const initiator: Recipient[] = context.initiator !== undefined && context.initiator !== rules.centerUnit ? [{ unit: context.initiator }] : [];
  const itemLead = itemLeadOf(context, rules.catalog);
  // An emergency always names an item (its input's schema requires itemNo), and every item has a lead unit.
  const emergencyLead: Recipient[] = context.origin === 'emergency' || context.origin === 'emergencyRequest' ? [{ unit: itemLead! }] : [];
  const reason = event !== undefined && 'reason' in event ? event.reason : undefined;
  const note = (recipients: Recipient[], message: string): CaseNotification => ({ type: 'notification', kind, caseId: context.caseId, at, recipients: uniqueRecipients(recipients), message });
  const assignment = context.assignment;
  const by = event?.by;

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
        return [note(consentRecipients(context, rules), `县综合指挥调度中心因工作需要拟开展联动执法${title}（${details.reason}），请分管县领导审核同意。`)];
      }
      // An emergency the item's lead unit reports: a cooperating unit's request (emergencyRequest) is announced as emergencyRequested.
      return [note([{ group: 'countyLeaders' }], `${unitName(details.reporter, context, rules)}（牵头单位）报告突发事件${title}：${details.description}。请县委县政府审核同意后组织联动执法。`)];
    }
    case 'emergencyRequested': {
      const details = context.originDetails as Extract<CaseContext['originDetails'], { origin: 'emergencyRequest' }>;
      return [note(emergencyLead, `${unitName(details.reporter, context, rules)}（配合单位）先行受理的执法事项${title}需要开展联动执法：${details.description}。请牵头单位研究，及时上报县委县政府或说明不予上报的理由。`)];
    }
    case 'emergencyReported': {
      const reported = (event as EventOf<'emergency.report'>).description;
      const description = reported === undefined ? '' : `（${reported}）`;
      return [
        note([{ group: 'countyLeaders' }], `${unitName(itemLead!, context, rules)}（牵头单位）上报突发事件${title}${description}，请县委县政府审核同意后组织联动执法。`),
        note(initiator, `牵头单位${unitName(itemLead!, context, rules)}已将${title}上报县委县政府。`),
      ];
    }
    case 'emergencyDeclined':
      return [note(initiator, `牵头单位${unitName(itemLead!, context, rules)}不予上报${title}：${reason}。`)];
    case 'rejected':
      // Stryker disable next-line ArrayDeclaration,ConditionalExpression,EqualityOperator: only applications and requests are reviewed, and both have an initiator other than the center; the center stays the fallback
      return [note(initiator.length > 0 ? initiator : [center], `联动执法申请${title}不符合联动执法要求，已被驳回：${reason}。`)];
    case 'legalReviewRequested':
      return [note([{ unit: rules.legalReviewUnit }], `联动执法申请${title}已通过初审，请进行法制审核并将结果反馈县综合指挥调度中心。`)];
    case 'returnedByLegalReview':
      return [note([center], `法制审核部门退回联动执法申请${title}：${reason}。请决定补充材料后再次推送、退回申请单位补正或驳回。`)];
    case 'returnedForAmendment':
      return [note(initiator, `联动执法申请${title}需要补正后重新提交：${reason}。`)];
    case 'approvalRequested':
      return [note([center, { group: 'countyLeaders' }], `联动执法申请${title}已通过法制审核（审核结果已反馈县综合指挥调度中心），请县领导审批。`)];
    case 'approved': {
      if (emergencyLead.length > 0) {
        return [
          note(
            [...emergencyLead, center, ...initiator],
            `县委县政府已审核同意联动执法${title}：请牵头单位${unitName(itemLead!, context, rules)}协调有关配合单位共同组织实施（派送任务），县综合指挥调度中心统一调度。`,
          ),
        ];
      }
      return [note([center, ...initiator], `县领导已批准同意联动执法${title}，请县综合指挥调度中心派送任务。`)];
    }
    case 'notApproved':
      return [note([center, ...initiator, ...emergencyLead], `联动执法${title}未获批准：${reason}。`)];
    case 'dispatched': {
      const task = assignment!;
      const when = `${beijingWallClock(task.startAt)}（北京时间）`;
      const dispatcher = actorName(by!, context, rules);
      const cooperatingNames = task.cooperating.map((p) => p.label).join('、') || '无';
      const changed = task.leadChangeReason === undefined ? '' : `（调整牵头单位：${task.leadChangeReason}）`;
      // The center dispatches, or in an emergency the item's lead unit: a unit either way.
      const byCenter = (by as { readonly unit: string }).unit === rules.centerUnit;
      const lead = note(
        [{ unit: task.lead.unit }, ...(byCenter ? [] : [center])],
        `${dispatcher}派送任务：请${task.lead.label}牵头${changed}于${when}在${task.place}组织开展联动执法${title}，配合单位：${cooperatingNames}。请起草联动执法工作方案，并在执法工作结束后${rules.resultsDueWorkingDays}个工作日内上传执法结果。`,
      );
      if (task.cooperating.length === 0) return [lead];
      const cooperating = note(
        task.cooperating.map((p) => ({ unit: p.unit })),
        `${dispatcher}派送任务：请于${when}到${task.place}，配合${task.lead.label}开展联动执法${title}。请在指定时间前确认接收任务并报告派出的执法人员和装备，执法工作结束后及时将相关法律文书汇总报牵头单位。`,
      );
      return [lead, cooperating];
    }
    case 'taskAcknowledged': {
      const acknowledged = event as EventOf<'unit.acknowledge'>;
      const equipment = acknowledged.equipment === undefined ? '' : `，装备：${acknowledged.equipment}`;
      return [note([{ unit: assignment!.lead.unit }], `${actorName(acknowledged.by, context, rules)}已确认接收联动执法任务${title}，派出执法人员${acknowledged.staff}名${equipment}。`)];
    }
    case 'infoPublished': {
      const published = event as EventOf<'info.publish'>;
      return [note([center, ...assignment!.cooperating.map((p) => ({ unit: p.unit }))], `牵头单位${assignment!.lead.label}发布联动执法信息${title}：${published.text}`)];
    }
    case 'urged': {
      const urge = event as EventOf<'case.urge'>;
      return [note([{ unit: urge.unit }], `${actorName(urge.by, context, rules)}催办：请${unitName(urge.unit, context, rules)}加快办理联动执法${title}${urge.message ? `：${urge.message}` : '。'}`)];
    }
    case 'unitReported': {
      const report = event as EventOf<'unit.report'>;
      return [note([{ unit: assignment!.lead.unit }], `${actorName(report.by, context, rules)}已将联动执法${title}的相关法律文书汇总报牵头单位：${report.summary}`)];
    }
    case 'resultsUploaded': {
      const missing = context.results!.missingReports;
      const missingText = missing.length > 0 ? `尚未报送法律文书的配合单位：${missing.map((id) => unitName(id, context, rules)).join('、')}。` : '';
      return [
        note([center], `${assignment!.lead.label}已上传联动执法${title}的执法结果，请汇总存档。${missingText}`),
        ...(missing.length > 0 ? [note(missing.map((unit) => ({ unit })), `请尽快将联动执法${title}的相关法律文书汇总报牵头单位。`)] : []),
      ];
    }
    case 'deadlineOverdue': {
      const overdue = context.deadlines.filter((deadline) => deadline.overdueAt === at);
      return overdue.map((deadline) =>
        deadline.kind === 'step'
          ? note(
              [...deadline.responsible!, center],
              `联动执法${title}的${stepDeadlineLabel({ step: deadline.step!, state: deadline.state }).zh}环节应于${deadline.dueDate}前办结（时限${deadline.workingDays}个工作日），现已逾期，请${partyName(deadline, context, rules)}立即办理。`,
            )
          : deadline.kind === 'acknowledgement'
          ? note(
              [{ unit: deadline.unit }, { unit: assignment!.lead.unit }, center],
              `${unitName(deadline.unit, context, rules)}未在指定时间（${beijingWallClock(deadline.dueAt)}）前确认接收联动执法任务${title}并报告派出的执法人员和装备，请立即确认。`,
            )
          : note(
              [{ unit: deadline.unit }, center],
              `联动执法${title}的执法结果应于${deadline.dueDate}前上传，现已逾期，请${unitName(deadline.unit, context, rules)}立即上传。`,
            ),
      );
    }
    case 'deadlineApproaching': {
      const approaching = context.deadlines.filter((deadline) => deadline.remindedAt === at);
      return approaching.map((deadline) =>
        deadline.kind === 'step'
          ? note(
              [...deadline.responsible!, center],
              `预警：联动执法${title}的${stepDeadlineLabel({ step: deadline.step!, state: deadline.state }).zh}环节应于${deadline.dueDate}（${beijingWallClock(deadline.dueAt)}，北京时间）前办结，请${partyName(deadline, context, rules)}按时办理。`,
            )
          : deadline.kind === 'acknowledgement'
          ? note(
              [{ unit: deadline.unit }, center],
              `预警：请${unitName(deadline.unit, context, rules)}在指定时间（${beijingWallClock(deadline.dueAt)}，北京时间）前确认接收联动执法任务${title}并报告派出的执法人员和装备。`,
            )
          : note(
              [{ unit: deadline.unit }, center],
              `预警：联动执法${title}的执法结果应于${deadline.dueDate}（${beijingWallClock(deadline.dueAt)}，北京时间）前上传，请${unitName(deadline.unit, context, rules)}按时上传。`,
            ),
      );
    }
    case 'archived': {
      // A case is archived only from aggregating, long after its dispatch.
      const participants = [assignment!.lead, ...assignment!.cooperating].map((p): Recipient => ({ unit: p.unit }));
      return [note([...participants, ...initiator], `联动执法${title}已汇总存档。`)];
    }
    case 'withdrawn':
      return [note([center, ...actorsOf(context, by)], `联动执法${title}已由${actorName(by!, context, rules)}撤回：${reason}。`)];
  }
}
