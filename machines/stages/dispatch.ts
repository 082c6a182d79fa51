/**
 * 派送 (附件1, 附件2 综合指挥调度中心 统一调度, 牵头单位 5): the task goes to the units concerned,
 * with the time and place; in an emergency the item's lead unit may dispatch it too.
 */
import { toPlainDate } from '../../src/calendar/plainDate.js';
import { resolveAssignment } from '../_lib/assignment.js';
import type { CaseRules } from '../_lib/rules.js';
import { limitedStep, move, notify, urge } from '../_lib/transitions.js';
import type { CaseEvent } from '../schemas.js';
import type { CaseAssignment, CaseContext, CaseDeadline } from '../types.js';

/**
 * The assignment a dispatch makes, and one acknowledgement deadline per cooperating unit: each
 * confirms its task, with the staff and equipment it sends, by the time set (按照指定的时间).
 */
export function dispatchOf(context: CaseContext, event: Extract<CaseEvent, { type: 'task.dispatch' }>, rules: CaseRules): Pick<CaseContext, 'assignment' | 'deadlines'> {
  const assignment = resolveAssignment(context, event, rules) as CaseAssignment;
  const acknowledgements = assignment.cooperating.map(
    (participant): CaseDeadline => ({
      kind: 'acknowledgement',
      unit: participant.unit,
      startedAt: event.at,
      workingDays: 0,
      dueDate: toPlainDate(assignment.startAt),
      dueAt: assignment.startAt,
      provisional: false,
      status: 'pending',
    }),
  );
  return { assignment, deadlines: [...context.deadlines, ...acknowledgements] };
}

export const dispatchStates = {
  dispatching: {
    description: '县综合指挥调度中心将任务派送至联动执法涉及相关单位（突发事件：牵头单位也可协调配合单位组织实施）',
    ...limitedStep('dispatching'),
    tags: ['active'],
    on: {
      'task.dispatch': [
        move('dispatching', 'enforcing.planning', 'center', '派送任务：指定牵头单位、配合单位、时间和地点', ['assignUnits', notify('dispatched')]),
        move('dispatching', 'enforcing.planning', 'emergencyLead', '突发事件：牵头单位审核同意后协调有关配合单位共同组织实施', ['assignUnits', notify('dispatched')]),
      ],
      ...urge('dispatching'),
    },
  },
};
