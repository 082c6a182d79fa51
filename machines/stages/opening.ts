/**
 * 立案 — how a case starts (附件1's two top boxes, 附件2 牵头单位 5 and 配合单位 3): who opened
 * it, on what, and where it enters the flowchart.
 */
import { historyEntryOf } from '../_lib/historyEntry.js';
import { buildNotifications } from '../_lib/notifications.js';
import type { CaseRules } from '../_lib/rules.js';
import type { CaseInput } from '../schemas.js';
import type { CaseContext, CaseNotification, CaseOriginDetails, CaseStatePath } from '../types.js';

/** Where each origin enters the flowchart. */
export const entryStateOf = {
  application: 'preliminaryReview',
  leaderAssignment: 'dispatching',
  centerInitiated: 'leaderConsent',
  emergency: 'emergencyApproval',
  emergencyRequest: 'leadReview',
} as const satisfies Record<CaseInput['origin'], CaseStatePath>;

/** The unit that may resubmit or withdraw: the applicant, the reporting or requesting unit, or the center for its own cases. */
function initiatorOf(input: CaseInput, centerUnit: string): string | undefined {
  switch (input.origin) {
    case 'application':
      return input.applicant;
    case 'centerInitiated':
      return centerUnit;
    case 'emergency':
    case 'emergencyRequest':
      return input.reporter;
    case 'leaderAssignment':
      return undefined;
  }
}

function originDetailsOf(input: CaseInput): CaseOriginDetails {
  switch (input.origin) {
    case 'application':
      return { origin: 'application', applicant: input.applicant, ...(input.description === undefined ? {} : { description: input.description }) };
    case 'leaderAssignment':
      return { origin: 'leaderAssignment', leader: input.leader, instruction: input.instruction };
    case 'centerInitiated':
      return { origin: 'centerInitiated', reason: input.reason };
    case 'emergency':
    case 'emergencyRequest':
      return { origin: input.origin, reporter: input.reporter, description: input.description };
  }
}

/** A new case's context, from input already parsed and authorized; its history starts with the opening by `input.by`. */
export function openingContext(input: CaseInput, rules: CaseRules): CaseContext {
  const initiator = initiatorOf(input, rules.centerUnit);
  return {
    caseId: input.caseId,
    title: input.title,
    ...(input.itemNo === undefined ? {} : { itemNo: input.itemNo }),
    origin: input.origin,
    originDetails: originDetailsOf(input),
    ...(initiator === undefined ? {} : { initiator }),
    openedAt: input.at,
    resubmissions: 0,
    opinions: [],
    acknowledgements: [],
    meetings: [],
    publications: [],
    reports: [],
    deadlines: [],
    urges: [],
    history: [historyEntryOf({ type: 'case.open', by: input.by, at: input.at }, null, entryStateOf[input.origin], 0)],
  };
}

/** What the opening announces: a request goes to the item's lead unit, anything else to whoever decides next. */
export function openingNotifications(context: CaseContext, rules: CaseRules): CaseNotification[] {
  return buildNotifications(context.origin === 'emergencyRequest' ? 'emergencyRequested' : 'applicationReceived', context, undefined, rules);
}

const openedAs = (origin: CaseInput['origin']) => ({ guard: { type: 'openedAs', params: { origin } }, target: entryStateOf[origin], actions: 'announceOpening' }) as const;

/** The transient state that routes a new case by its origin; a started case never rests in it. */
export const openingStates = {
  opening: {
    description: '立案：按来源进入流程（申请、交办、中心因工作需要、突发事件、配合单位提请）',
    always: [openedAs('application'), openedAs('leaderAssignment'), openedAs('centerInitiated'), openedAs('emergency'), openedAs('emergencyRequest')],
  },
};
