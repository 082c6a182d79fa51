/**
 * 执法 (附件1: 相关单位按照指定的时间、地点集中开展执法工作，按时将执法结果反馈给县综合指挥调度中心;
 * 附件2 牵头单位 1–4, 6, 配合单位 1–4): the lead unit's work plan, the cooperating units'
 * acknowledgements, joint meetings and published information, the end of enforcement and the
 * results deadline, the cooperating units' reports.
 */
import type { CaseRules } from '../_lib/rules.js';
import { deadlineChecks, leadDuties, limitedStep, move, notify, stay, urgeOrLeadUrges } from '../_lib/transitions.js';
import type { CaseEvent } from '../schemas.js';
import type { CaseContext, CaseDeadline } from '../types.js';

type EventOf<Type extends CaseEvent['type']> = Extract<CaseEvent, { type: Type }>;

/** The plan as recorded, revision by revision. */
export function planOf(context: CaseContext, event: EventOf<'plan.submit'>): NonNullable<CaseContext['plan']> {
  return { ...event.plan, at: event.at, revision: (context.plan?.revision ?? 0) + 1 };
}

/** A cooperating unit's acknowledgement, and its deadline met (or late) the first time it acknowledges. */
export function acknowledgementOf(context: CaseContext, event: EventOf<'unit.acknowledge'>): Pick<CaseContext, 'acknowledgements' | 'deadlines'> {
  const unit = (event.by as { unit: string }).unit;
  const at = Date.parse(event.at);
  return {
    acknowledgements: [...context.acknowledgements, { unit, at: event.at, staff: event.staff, ...(event.equipment === undefined ? {} : { equipment: event.equipment }) }],
    deadlines: context.deadlines.map((deadline): CaseDeadline =>
      deadline.kind === 'acknowledgement' && deadline.unit === unit && (deadline.status === 'pending' || deadline.status === 'overdue')
        ? { ...deadline, status: at <= Date.parse(deadline.dueAt) ? 'met' : 'late', doneAt: event.at }
        : deadline,
    ),
  };
}

export function meetingOf(context: CaseContext, event: EventOf<'meeting.record'>): CaseContext['meetings'] {
  return [...context.meetings, { by: event.by, at: event.at, heldAt: event.heldAt, attendees: event.attendees, decisions: event.decisions }];
}

export function publicationOf(context: CaseContext, event: EventOf<'info.publish'>): CaseContext['publications'] {
  return [...context.publications, { by: event.by, at: event.at, text: event.text }];
}

/** Enforcement ended: acknowledgements still outstanding are `missed` — no longer due, never done. */
export function closedAcknowledgements(context: CaseContext, event: EventOf<'enforcement.end'>): CaseContext['deadlines'] {
  return context.deadlines.map((deadline): CaseDeadline =>
    deadline.kind === 'acknowledgement' && (deadline.status === 'pending' || deadline.status === 'overdue') ? { ...deadline, status: 'missed', missedAt: event.at } : deadline,
  );
}

/** 执法工作结束后5个工作日内: the lead unit's results deadline, counted with the working-day calendar. */
export function resultsClockOf(context: CaseContext, event: EventOf<'enforcement.end'>, rules: CaseRules): Pick<CaseContext, 'enforcementEndedAt' | 'deadlines'> {
  const due = rules.calendar.deadline(event.at, rules.resultsDueWorkingDays);
  const deadline: CaseDeadline = {
    kind: 'resultsUpload',
    unit: context.assignment!.lead.unit,
    startedAt: event.at,
    workingDays: rules.resultsDueWorkingDays,
    dueDate: due.dueDate,
    dueAt: due.dueAt,
    provisional: due.provisional,
    status: 'pending',
  };
  return { enforcementEndedAt: event.at, deadlines: [...context.deadlines, deadline] };
}

/** A cooperating unit's report to the lead unit (配合单位 4), with its suggestions (配合单位 5). */
export function reportOf(context: CaseContext, event: EventOf<'unit.report'>): CaseContext['reports'] {
  const unit = (event.by as { unit: string }).unit;
  return [
    ...context.reports,
    {
      unit,
      at: event.at,
      summary: event.summary,
      documents: event.documents ?? [],
      afterUpload: context.results !== undefined,
      ...(event.suggestions === undefined ? {} : { suggestions: event.suggestions }),
    },
  ];
}

/** Pending deadlines past due at the check become overdue. */
export function overdueDeadlines(context: CaseContext, event: EventOf<'deadline.check'>): CaseContext['deadlines'] {
  return context.deadlines.map((deadline): CaseDeadline =>
    deadline.status === 'pending' && Date.parse(deadline.dueAt) < Date.parse(event.at) ? { ...deadline, status: 'overdue', overdueAt: event.at } : deadline,
  );
}

const acknowledge = (at: 'enforcing.planning' | 'enforcing.executing') => ({
  'unit.acknowledge': stay(at, 'cooperating', '配合单位确认接收任务，报告派出的执法人员和装备', ['storeAcknowledgement', notify('taskAcknowledged')]),
});

export const enforcementStates = {
  enforcing: {
    description: '相关单位按照指定的时间、地点集中开展执法工作，按时将执法结果反馈给县综合指挥调度中心',
    tags: ['active'],
    initial: 'planning',
    states: {
      planning: {
        description: '牵头单位起草联动执法工作方案（职责分工、工作内容、执法方式、步骤、时限、应急预案）；配合单位确认接收任务',
        ...limitedStep('enforcing.planning'),
        on: {
          'plan.submit': move('enforcing.planning', 'enforcing.executing', 'lead', '牵头单位提交工作方案', ['storePlan']),
          ...acknowledge('enforcing.planning'),
          ...leadDuties('enforcing.planning'),
          ...deadlineChecks('enforcing.planning'),
          ...urgeOrLeadUrges('enforcing.planning'),
        },
      },
      executing: {
        description: '按指定的时间、地点集中开展执法',
        on: {
          'plan.submit': stay('enforcing.executing', 'lead', '牵头单位修订工作方案', ['storePlan']),
          ...acknowledge('enforcing.executing'),
          'enforcement.end': move('enforcing.executing', 'enforcing.reporting', 'lead', '执法工作结束：开始计算5个工作日的结果上传时限', [
            'closeAcknowledgements',
            'startResultsClock',
          ]),
          ...leadDuties('enforcing.executing'),
          ...deadlineChecks('enforcing.executing'),
          ...urgeOrLeadUrges('enforcing.executing'),
        },
      },
      reporting: {
        description: '配合单位将法律文书报牵头单位；牵头单位在执法工作结束后5个工作日内上传执法结果',
        on: {
          'unit.report': stay('enforcing.reporting', 'cooperating', '配合单位将相关法律文书汇总报牵头单位', ['storeReport', notify('unitReported')]),
          'results.upload': move('enforcing.reporting', 'aggregating', 'lead', '牵头单位将执法结果上传至县综合指挥调度平台', ['storeResults', notify('resultsUploaded')]),
          ...leadDuties('enforcing.reporting'),
          ...deadlineChecks('enforcing.reporting'),
          ...urgeOrLeadUrges('enforcing.reporting'),
        },
      },
    },
  },
};
