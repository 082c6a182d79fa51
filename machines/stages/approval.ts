/**
 * 审批 (附件1, 附件2 牵头单位 5, 配合单位 3): the county leaders' approval of an application, the
 * in-charge leader's consent to the center's own case, and the emergency route — a cooperating
 * unit's request studied by the item's lead unit, which reports it to 县委县政府 for approval.
 */
import { decide, limitedStep, move, notify, opinion, urge, withdraw } from '../_lib/transitions.js';

export const approvalStates = {
  leaderApproval: {
    description: '县综合指挥调度中心将符合条件的申请上报至县领导审批',
    ...limitedStep('leaderApproval'),
    tags: ['approval'],
    on: {
      ...decide('leaderApproval', 'leader', '批准同意', '未批准同意'),
      ...withdraw('leaderApproval'),
    },
  },
  leaderConsent: {
    description: '因工作需要直接指派：报经分管县领导同意',
    ...limitedStep('leaderConsent'),
    tags: ['approval'],
    on: {
      ...decide('leaderConsent', 'consentingLeader', '分管县领导同意', '分管县领导不同意'),
      ...withdraw('leaderConsent'),
    },
  },
  leadReview: {
    description: '配合单位提请：牵头单位研究，及时上报县委县政府或不予上报',
    ...limitedStep('leadReview'),
    tags: ['approval'],
    on: {
      'emergency.report': move('leadReview', 'emergencyApproval', 'emergencyLead', '牵头单位及时上报县委县政府', [
        opinion('leadReview', 'report'),
        notify('emergencyReported'),
      ]),
      'emergency.decline': move('leadReview', 'declined', 'emergencyLead', '牵头单位不予上报，说明理由', [
        opinion('leadReview', 'decline'),
        'storeClosingReason',
        notify('emergencyDeclined'),
      ]),
      ...urge('leadReview'),
      ...withdraw('leadReview'),
    },
  },
  emergencyApproval: {
    description: '突发事件：上报县委县政府，审核同意后协调有关配合单位共同组织实施',
    ...limitedStep('emergencyApproval'),
    tags: ['approval'],
    on: {
      ...decide('emergencyApproval', 'leader', '县委县政府审核同意', '县委县政府不同意'),
      ...withdraw('emergencyApproval'),
    },
  },
};
