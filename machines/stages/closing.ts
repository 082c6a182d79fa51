/**
 * 汇总存档 (附件1, 附件2 综合指挥调度中心): the results uploaded, the center aggregates and archives
 * them; and the states a case ends in, with the archive dossier (存档材料) they output.
 */
import { leadDuties, limitedStep, move, notify, stay, urgeOrLeadUrges } from '../_lib/transitions.js';
import type { CaseEvent } from '../schemas.js';
import type { CaseContext, CaseDeadline, CaseDossier, FinalStage } from '../types.js';

/** The uploaded results (with the reports still missing) and the results deadline met or late. */
export function resultsOf(context: CaseContext, event: Extract<CaseEvent, { type: 'results.upload' }>): Pick<CaseContext, 'results' | 'deadlines'> {
  const reported = new Set(context.reports.map((report) => report.unit));
  const missingReports = context.assignment!.cooperating.map((p) => p.unit).filter((unit) => !reported.has(unit));
  const uploadedAt = Date.parse(event.at);
  return {
    results: { ...event.results, at: event.at, missingReports },
    // At the upload every other deadline is closed (acknowledgements missed at the end of enforcement, no step limited since the plan), and the results deadline is open: its checks only make the answer exact.
    deadlines: context.deadlines.map((deadline): CaseDeadline =>
      // Stryker disable next-line ConditionalExpression,LogicalOperator: see above
      deadline.kind === 'resultsUpload' && (deadline.status === 'pending' || deadline.status === 'overdue')
        ? { ...deadline, status: uploadedAt <= Date.parse(deadline.dueAt) ? 'met' : 'late', doneAt: event.at }
        : deadline,
    ),
  };
}

/** The archive dossier of a closed case, from a context the machine made (unchecked: the public `dossierOf` checks first). */
export function dossierFrom(context: CaseContext): CaseDossier {
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
    acknowledgements: context.acknowledgements,
    meetings: context.meetings,
    publications: context.publications,
    reports: context.reports,
    ...(context.results === undefined ? {} : { results: context.results }),
    deadlines: context.deadlines,
    deadlinesMet: context.deadlines.every((deadline) => deadline.status === 'met'),
    urges: context.urges,
    ...(context.archiveSummary === undefined ? {} : { summary: context.archiveSummary }),
    history: context.history,
  };
}

export const closingStates = {
  aggregating: {
    description: '县综合指挥调度中心汇总执法结果',
    ...limitedStep('aggregating'),
    tags: ['active'],
    on: {
      'case.archive': move('aggregating', 'archived', 'center', '汇总执法结果，并存档', ['storeArchiveSummary', notify('archived')]),
      'unit.report': stay('aggregating', 'cooperating', '配合单位补报法律文书', ['storeReport', notify('unitReported')]),
      ...leadDuties('aggregating'),
      ...urgeOrLeadUrges('aggregating'),
    },
  },
  archived: { type: 'final' as const, description: '已汇总存档', tags: ['closed'] },
  rejected: { type: 'final' as const, description: '联动执法申请被驳回', tags: ['closed'] },
  notApproved: { type: 'final' as const, description: '未获批准', tags: ['closed'] },
  declined: { type: 'final' as const, description: '牵头单位不予上报配合单位的提请', tags: ['closed'] },
  withdrawn: { type: 'final' as const, description: '县领导批准前撤回', tags: ['closed'] },
};
