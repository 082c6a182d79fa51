/**
 * Where each state of the case machine sits in the printed flowchart, after 附件1 (the flowchart
 * of the procedure): the application's path down the middle (初审 → 法制审核 → 县领导审批 → 派送
 * → 执法 → 汇总 → 存档), amendments on its left, the emergency request further left, and the
 * endings (驳回, 未批准) on the right. Positions are grid cells (column, row); a state of the
 * machine that has none here makes the flowchart throw, and a test draws every state.
 */
export const flowchartPositions: Readonly<Record<string, { readonly col: number; readonly row: number }>> = {
  opening: { col: 2, row: 0 },
  declined: { col: 0, row: 0 },
  leadReview: { col: 0, row: 1 },
  emergencyApproval: { col: 0, row: 3 },
  awaitingAmendment: { col: 1, row: 1 },
  returned: { col: 1, row: 2 },
  withdrawn: { col: 1, row: 3 },
  preliminaryReview: { col: 2, row: 1 },
  legalReview: { col: 2, row: 2 },
  leaderApproval: { col: 2, row: 3 },
  leaderConsent: { col: 3, row: 2 },
  rejected: { col: 4, row: 1 },
  notApproved: { col: 4, row: 3.5 },
  dispatching: { col: 2, row: 4 },
  'enforcing.planning': { col: 2, row: 5.3 },
  'enforcing.executing': { col: 2, row: 6.3 },
  'enforcing.reporting': { col: 2, row: 7.3 },
  aggregating: { col: 2, row: 8.6 },
  archived: { col: 2, row: 9.6 },
};

/**
 * Bends of the arrows that would otherwise cross a box, keyed `source>target`: the cells the
 * arrow passes through on its way (in the gaps between columns and rows).
 */
export const flowchartBends: Readonly<Record<string, readonly { readonly col: number; readonly row: number }[]>> = {
  'opening>emergencyApproval': [
    { col: 0.5, row: 0.5 },
    { col: 0.5, row: 2.5 },
  ],
  'opening>dispatching': [
    { col: 2.5, row: 0.5 },
    { col: 2.5, row: 3.5 },
  ],
  'awaitingAmendment>withdrawn': [{ col: 0.5, row: 2 }],
  'emergencyApproval>notApproved': [{ col: 0.5, row: 3.5 }],
};
