/**
 * The case's history (流转记录): every field of every entry, as the machine records it and as
 * selectHistory labels it. The history is what the audit log and the dossier are built on.
 */
import { describe, expect, it } from 'vitest';
import type { CaseInput } from '../machines/schemas.js';
import { selectHistory } from '../machines/selectors.js';
import type { HistoryEntry } from '../machines/types.js';
import { historyEntryOf } from '../machines/_lib/historyEntry.js';
import { accept, applicationInput, approveApplication, bj, center, ev, fire, inCharge, item1Plan, justice, market, principal, startCase, sweeper } from './_lib/cases.js';

const historyOf = (actor: ReturnType<typeof startCase>['actor']): readonly HistoryEntry[] => actor.getSnapshot().context.history;

describe('the opening entry', () => {
  it('records seq 0, case.open, the opener, the opening time, no from, and the entry state', () => {
    const { actor } = startCase();
    expect(historyOf(actor)).toStrictEqual([{ seq: 0, type: 'case.open', by: market, at: bj('2026-09-01 09:00'), from: null, to: 'preliminaryReview' }]);
  });

  it('names who opened each origin and where it entered the flowchart', () => {
    const base = { caseId: 'case-1', title: '城东农贸市场安全综合执法', itemNo: 1, at: bj('2026-09-01 09:00') };
    const cases: [CaseInput, HistoryEntry['by'], HistoryEntry['to']][] = [
      [{ ...base, origin: 'leaderAssignment', leader: principal.leader, instruction: '立即组织检查', by: principal } as CaseInput, principal, 'dispatching'],
      [{ ...base, origin: 'leaderAssignment', leader: inCharge.leader, instruction: '立即组织检查', by: center } as CaseInput, center, 'dispatching'],
      [{ ...base, origin: 'centerInitiated', reason: '群众反映强烈', by: center } as CaseInput, center, 'leaderConsent'],
      [{ ...base, origin: 'emergency', reporter: 'market-regulation', description: '市场起火', by: market } as CaseInput, market, 'emergencyApproval'],
      [{ ...base, origin: 'emergencyRequest', reporter: 'fire-rescue', description: '先行受理', by: fire } as CaseInput, fire, 'leadReview'],
      [applicationInput({ applicant: 'locality:王集镇' }), { unit: 'locality:王集镇' }, 'preliminaryReview'],
    ];
    for (const [input, by, to] of cases) {
      const { actor } = startCase(input);
      expect(historyOf(actor)).toStrictEqual([{ seq: 0, type: 'case.open', by, at: bj('2026-09-01 09:00'), from: null, to }]);
    }
  });

  it('keeps the opening input’s texts out of the entry, also when the engine rebuilds it from the logged opening', () => {
    // The engine rebuilds the history from its log, where the opening is logged with its input
    // (a center-initiated case's reason, …): the entry must come out as the machine recorded it.
    const logged = { type: 'case.open', by: center, at: bj('2026-09-01 09:00'), reason: '群众反映强烈', opinion: '意见', note: '备注', unit: 'justice', leadChangeReason: '调整' } as const;
    expect(historyEntryOf(logged, null, 'leaderConsent', 0)).toStrictEqual({ seq: 0, type: 'case.open', by: center, at: bj('2026-09-01 09:00'), from: null, to: 'leaderConsent' });
  });
});

describe('entries of accepted events', () => {
  it('numbers entries without gaps and records type, by, at, from and to of each', () => {
    const { actor } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('legal.return', justice, bj('2026-09-02 10:00'), { reason: '缺少执法依据' }));
    accept(actor, ev('amendment.request', center, bj('2026-09-02 11:00'), { reason: '请补充执法依据' }));
    accept(actor, ev('application.resubmit', market, bj('2026-09-03 09:00')));
    expect(historyOf(actor).slice(1)).toStrictEqual([
      { seq: 1, type: 'review.pass', by: center, at: bj('2026-09-01 10:00'), from: 'preliminaryReview', to: 'legalReview' },
      { seq: 2, type: 'legal.return', by: justice, at: bj('2026-09-02 10:00'), from: 'legalReview', to: 'returned', reason: '缺少执法依据' },
      { seq: 3, type: 'amendment.request', by: center, at: bj('2026-09-02 11:00'), from: 'returned', to: 'awaitingAmendment', reason: '请补充执法依据' },
      { seq: 4, type: 'application.resubmit', by: market, at: bj('2026-09-03 09:00'), from: 'awaitingAmendment', to: 'preliminaryReview' },
    ]);
  });

  it('records an opinion, a reason and a note when the event carries one, and no such key when it does not', () => {
    const { actor } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00'), { opinion: '符合联动执法要求' }));
    accept(actor, ev('legal.return', justice, bj('2026-09-02 10:00'), { reason: '缺少执法依据' }));
    accept(actor, ev('amendment.request', center, bj('2026-09-02 11:00'), { reason: '请补充执法依据' }));
    accept(actor, ev('application.resubmit', market, bj('2026-09-03 09:00'), { note: '已补充执法依据' }));
    const [, pass, back, , resubmit] = historyOf(actor);
    expect(pass).toStrictEqual({ seq: 1, type: 'review.pass', by: center, at: bj('2026-09-01 10:00'), from: 'preliminaryReview', to: 'legalReview', opinion: '符合联动执法要求' });
    expect(back).toStrictEqual({ seq: 2, type: 'legal.return', by: justice, at: bj('2026-09-02 10:00'), from: 'legalReview', to: 'returned', reason: '缺少执法依据' });
    expect(resubmit).toStrictEqual({ seq: 4, type: 'application.resubmit', by: market, at: bj('2026-09-03 09:00'), from: 'awaitingAmendment', to: 'preliminaryReview', note: '已补充执法依据' });
  });

  it('records the urged unit on an urge (催办), which stays in its state, and on nothing else', () => {
    const { actor } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('case.urge', center, bj('2026-09-05 10:00'), { unit: 'justice', message: '请于本周内完成审核' }));
    const entries = historyOf(actor);
    expect(entries.at(-1)).toStrictEqual({ seq: 2, type: 'case.urge', by: center, at: bj('2026-09-05 10:00'), from: 'legalReview', to: 'legalReview', unit: 'justice' });
    expect(entries.slice(0, -1).every((entry) => !('unit' in entry))).toBe(true);
  });

  it('records a system actor (the deadline sweeper)', () => {
    const { actor } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('legal.approve', justice, bj('2026-09-02 10:00')));
    accept(actor, ev('leader.approve', inCharge, bj('2026-09-03 10:00')));
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    accept(actor, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan() }));
    accept(actor, ev('enforcement.end', market, bj('2026-09-30 18:00'), { note: '现场执法结束' }));
    accept(actor, ev('deadline.check', sweeper, bj('2026-10-14 00:01')));
    expect(historyOf(actor).slice(-2)).toStrictEqual([
      { seq: 6, type: 'enforcement.end', by: market, at: bj('2026-09-30 18:00'), from: 'enforcing.executing', to: 'enforcing.reporting', note: '现场执法结束' },
      { seq: 7, type: 'deadline.check', by: sweeper, at: bj('2026-10-14 00:01'), from: 'enforcing.reporting', to: 'enforcing.reporting' },
    ]);
  });

  it('records the reason for replacing the lead unit on the dispatch, and on nothing else', () => {
    const { actor } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00'), lead: 'public-security', leadChangeReason: '以治安整治为主' }));
    accept(actor, ev('case.urge', center, bj('2026-09-05 10:00'), { unit: 'public-security' }));
    const entries = historyOf(actor);
    expect(entries.at(-2)).toStrictEqual({ seq: 4, type: 'task.dispatch', by: center, at: bj('2026-09-04 10:00'), from: 'dispatching', to: 'enforcing.planning', leadChangeReason: '以治安整治为主' });
    expect(entries.at(-1)).toStrictEqual({ seq: 5, type: 'case.urge', by: center, at: bj('2026-09-05 10:00'), from: 'enforcing.planning', to: 'enforcing.planning', unit: 'public-security' });
    expect(entries.filter((entry) => 'leadChangeReason' in entry)).toHaveLength(1);
    // A dispatch that keeps the catalog's lead records no reason key at all.
    const kept = startCase();
    approveApplication(kept.actor);
    accept(kept.actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    expect(historyOf(kept.actor).at(-1)).toStrictEqual({ seq: 4, type: 'task.dispatch', by: center, at: bj('2026-09-04 10:00'), from: 'dispatching', to: 'enforcing.planning' });
  });

  it('records the supplement note when the center sends a returned case to legal review again, and a leader’s opinion', () => {
    const { actor } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('legal.return', justice, bj('2026-09-02 10:00'), { reason: '缺少执法依据' }));
    accept(actor, ev('review.pass', center, bj('2026-09-02 11:00'), { note: '已补充执法依据', opinion: '材料齐全' }));
    accept(actor, ev('legal.approve', justice, bj('2026-09-02 12:00')));
    accept(actor, ev('leader.approve', principal, bj('2026-09-03 10:00'), { opinion: '同意' }));
    expect(historyOf(actor).slice(3)).toStrictEqual([
      { seq: 3, type: 'review.pass', by: center, at: bj('2026-09-02 11:00'), from: 'returned', to: 'legalReview', note: '已补充执法依据', opinion: '材料齐全' },
      { seq: 4, type: 'legal.approve', by: justice, at: bj('2026-09-02 12:00'), from: 'legalReview', to: 'leaderApproval' },
      { seq: 5, type: 'leader.approve', by: principal, at: bj('2026-09-03 10:00'), from: 'leaderApproval', to: 'dispatching', opinion: '同意' },
    ]);
  });

  it('records nothing for a refused event', () => {
    const { actor } = startCase();
    actor.send(ev('legal.approve', justice, bj('2026-09-01 10:00')));
    actor.send(ev('review.pass', market, bj('2026-09-01 10:00')));
    expect(historyOf(actor)).toHaveLength(1);
  });
});

describe('selectHistory', () => {
  it('adds the event’s label and the labels of both states; the opening has no from label', () => {
    const { actor } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00'), { opinion: '符合' }));
    const [opening, pass] = selectHistory(actor.getSnapshot() as never);
    expect(opening).toEqual({
      seq: 0, type: 'case.open', by: market, at: bj('2026-09-01 09:00'), from: null, to: 'preliminaryReview',
      label: { zh: '立案', en: 'Case opened' },
      toLabel: { zh: '初审', en: 'Preliminary review' },
    });
    expect(pass).toEqual({
      seq: 1, type: 'review.pass', by: center, at: bj('2026-09-01 10:00'), from: 'preliminaryReview', to: 'legalReview', opinion: '符合',
      label: { zh: '初审通过', en: 'Pass preliminary review' },
      fromLabel: { zh: '初审', en: 'Preliminary review' },
      toLabel: { zh: '法制审核', en: 'Legal review' },
    });
  });
});
