/**
 * 初审 and 法制审核 (附件1): the center's preliminary review of an application, the legal review by
 * 县法制审核部门 (司法局), its return, and the applicant's amendment.
 */
import { limitedStep, move, notify, opinion, urge, withdraw } from '../_lib/transitions.js';

export const reviewStates = {
  preliminaryReview: {
    description: '县综合指挥调度中心对申请进行初审',
    ...limitedStep('preliminaryReview'),
    tags: ['review'],
    on: {
      'review.pass': move('preliminaryReview', 'legalReview', 'center', '符合联动执法要求：将初审材料推送至县法制审核部门', [
        opinion('preliminaryReview', 'pass'),
        notify('legalReviewRequested'),
      ]),
      'review.reject': move('preliminaryReview', 'rejected', 'center', '不符合联动执法要求：驳回联动执法申请', [
        opinion('preliminaryReview', 'reject'),
        'storeClosingReason',
        notify('rejected'),
      ]),
      ...withdraw('preliminaryReview'),
    },
  },
  legalReview: {
    description: '县法制审核部门对相关材料进行法制审核，并将审核结果反馈至县综合指挥调度中心',
    ...limitedStep('legalReview'),
    tags: ['review'],
    on: {
      'legal.approve': move('legalReview', 'leaderApproval', 'legalReview', '符合联动执法要求：审核结果反馈县综合指挥调度中心，上报县领导审批', [
        opinion('legalReview', 'approve'),
        notify('approvalRequested'),
      ]),
      'legal.return': move('legalReview', 'returned', 'legalReview', '不符合联动执法要求：将相关材料退回县综合指挥调度中心', [
        opinion('legalReview', 'return'),
        notify('returnedByLegalReview'),
      ]),
      ...urge('legalReview'),
      ...withdraw('legalReview'),
    },
  },
  returned: {
    description: '法制审核退回：县综合指挥调度中心补充初审材料后再次推送、退回申请单位补正或驳回',
    tags: ['review'],
    on: {
      'review.pass': move('returned', 'legalReview', 'center', '补充初审材料（note）后再次推送至县法制审核部门', [
        opinion('preliminaryReview', 'pass'),
        notify('legalReviewRequested'),
      ]),
      'amendment.request': move('returned', 'awaitingAmendment', 'center', '退回申请单位补正', [notify('returnedForAmendment')]),
      'review.reject': move('returned', 'rejected', 'center', '驳回联动执法申请', [opinion('preliminaryReview', 'reject'), 'storeClosingReason', notify('rejected')]),
      ...withdraw('returned'),
    },
  },
  awaitingAmendment: {
    description: '申请单位补正材料',
    tags: ['review'],
    on: {
      'application.resubmit': move('awaitingAmendment', 'preliminaryReview', 'initiator', '补正后重新提交，再次初审', ['countResubmission', notify('applicationReceived')]),
      ...urge('awaitingAmendment'),
      ...withdraw('awaitingAmendment'),
    },
  },
};
