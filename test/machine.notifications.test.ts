/**
 * Every notification kind (通知): who receives it and the words its message must carry, so that a
 * unit is never left out of a message it needs and a message never loses what it is about.
 */
import { describe, expect, it } from 'vitest';
import type { CaseInput } from '../machines/schemas.js';
import type { CaseNotification, NotificationKind, Recipient } from '../machines/types.js';
import {
  accept,
  applicationInput,
  approveApplication,
  bj,
  center,
  enforceItem1,
  ev,
  fire,
  inCharge,
  item1Cooperating,
  justice,
  market,
  principal,
  startCase,
  sweeper,
} from './_lib/cases.js';

const title = '「城东农贸市场安全综合执法」';
const countyLeaders = { group: 'countyLeaders' } as const;
const inChargeLeaders = { group: 'inChargeLeaders' } as const;
const units = (...ids: readonly string[]): Recipient[] => ids.map((unit) => ({ unit }));

/** The one notification of `kind` sent last, checked for its envelope. */
function last(notifications: readonly CaseNotification[], kind: NotificationKind, at: string): CaseNotification {
  const sent = notifications.at(-1)!;
  expect(sent).toMatchObject({ type: 'notification', kind, caseId: 'case-1', at });
  return sent;
}

function expectWords(message: string, words: readonly string[]): void {
  for (const word of words) expect(message).toContain(word);
}

describe('applicationReceived (收到申请 / 交办 / 报审 / 突发事件)', () => {
  it('asks the center for 初审 of an application, naming the applicant', () => {
    const { notifications } = startCase();
    const sent = last(notifications, 'applicationReceived', bj('2026-09-01 09:00'));
    expect(sent.recipients).toEqual([center]);
    expectWords(sent.message, ['收到市场监管局的联动执法申请', title, '请进行初审']);
    expect(sent.message).not.toContain('补正');
  });

  it('counts the resubmissions of an amended application', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('legal.return', justice, bj('2026-09-02 10:00'), { reason: '缺少执法依据' }));
    accept(actor, ev('amendment.request', center, bj('2026-09-02 11:00'), { reason: '请补充执法依据' }));
    accept(actor, ev('application.resubmit', market, bj('2026-09-03 09:00')));
    const sent = last(notifications, 'applicationReceived', bj('2026-09-03 09:00'));
    expect(sent.recipients).toEqual([center]);
    expectWords(sent.message, ['市场监管局', '（第1次补正后重新提交）', '请进行初审']);
  });

  it('hands a leader’s assignment (交办) to the center, naming the leader and the instruction', () => {
    for (const [leader, name] of [
      [principal, '县主要领导张县长'],
      [inCharge, '分管县领导李副县长'],
    ] as const) {
      const { notifications } = startCase({
        caseId: 'case-1', title: '城东农贸市场安全综合执法', itemNo: 1, origin: 'leaderAssignment', leader: leader.leader, instruction: '立即组织检查', at: bj('2026-09-01 09:00'),
      } as CaseInput);
      const sent = last(notifications, 'applicationReceived', bj('2026-09-01 09:00'));
      expect(sent.recipients).toEqual([center]);
      expectWords(sent.message, [`${name}交办联动执法事项${title}：立即组织检查`, '请直接指派相关单位']);
    }
  });

  it('asks the in-charge leaders to consent to the center’s own case, with its reason', () => {
    const { notifications } = startCase({
      caseId: 'case-1', title: '城东农贸市场安全综合执法', itemNo: 1, origin: 'centerInitiated', reason: '群众反映强烈', at: bj('2026-09-01 09:00'),
    } as CaseInput);
    const sent = last(notifications, 'applicationReceived', bj('2026-09-01 09:00'));
    expect(sent.recipients).toEqual([inChargeLeaders]);
    expectWords(sent.message, ['县综合指挥调度中心因工作需要', title, '（群众反映强烈）', '请分管县领导审核同意']);
  });

  it('reports an emergency to the county leaders (县委县政府), naming the reporter and what happened', () => {
    const { notifications } = startCase({
      caseId: 'case-1', title: '城东农贸市场安全综合执法', itemNo: 1, origin: 'emergency', reporter: 'fire-rescue', description: '市场起火', at: bj('2026-09-01 09:00'),
    } as CaseInput);
    const sent = last(notifications, 'applicationReceived', bj('2026-09-01 09:00'));
    expect(sent.recipients).toEqual([countyLeaders]);
    expectWords(sent.message, [`消防救援大队报告突发事件${title}：市场起火`, '请县委县政府审核同意后组织联动执法']);
  });
});

describe('review and approval', () => {
  it('rejected: tells the applicant it was 驳回 and why', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.reject', center, bj('2026-09-01 11:00'), { reason: '不属于联动执法事项' }));
    const sent = last(notifications, 'rejected', bj('2026-09-01 11:00'));
    expect(sent.recipients).toEqual([market]);
    expectWords(sent.message, [`联动执法申请${title}`, '不符合联动执法要求', '已被驳回：不属于联动执法事项']);
  });

  it('legalReviewRequested: asks 司法局 for 法制审核 and to report back to the center', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    const sent = last(notifications, 'legalReviewRequested', bj('2026-09-01 10:00'));
    expect(sent.recipients).toEqual([justice]);
    expectWords(sent.message, [title, '已通过初审', '请进行法制审核', '反馈县综合指挥调度中心']);
  });

  it('returnedByLegalReview: tells the center why 法制审核 returned it and what it may decide', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('legal.return', justice, bj('2026-09-02 10:00'), { reason: '缺少执法依据' }));
    const sent = last(notifications, 'returnedByLegalReview', bj('2026-09-02 10:00'));
    expect(sent.recipients).toEqual([center]);
    expectWords(sent.message, ['法制审核部门退回', title, '：缺少执法依据', '补正或驳回']);
  });

  it('returnedForAmendment: asks the applicant to amend, with the reason', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('legal.return', justice, bj('2026-09-02 10:00'), { reason: '缺少执法依据' }));
    accept(actor, ev('amendment.request', center, bj('2026-09-02 11:00'), { reason: '请补充执法依据' }));
    const sent = last(notifications, 'returnedForAmendment', bj('2026-09-02 11:00'));
    expect(sent.recipients).toEqual([market]);
    expectWords(sent.message, [title, '需要补正后重新提交：请补充执法依据']);
  });

  it('approvalRequested: asks the county leaders to approve what passed 法制审核', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('legal.approve', justice, bj('2026-09-02 10:00')));
    const sent = last(notifications, 'approvalRequested', bj('2026-09-02 10:00'));
    expect(sent.recipients).toEqual([countyLeaders]);
    expectWords(sent.message, [title, '已通过法制审核', '请县领导审批']);
  });

  it('approved: tells the center to dispatch and the applicant that it was approved', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    const sent = last(notifications, 'approved', bj('2026-09-03 10:00'));
    expect(sent.recipients).toEqual([center, market]);
    expectWords(sent.message, ['县领导已批准同意联动执法', title, '请县综合指挥调度中心派送任务']);
  });

  it('approved: the center’s own case tells the center once', () => {
    const { actor, notifications } = startCase({
      caseId: 'case-1', title: '城东农贸市场安全综合执法', itemNo: 1, origin: 'centerInitiated', reason: '群众反映强烈', at: bj('2026-09-01 09:00'),
    } as CaseInput);
    accept(actor, ev('leader.approve', inCharge, bj('2026-09-01 10:00')));
    expect(last(notifications, 'approved', bj('2026-09-01 10:00')).recipients).toEqual([center]);
  });

  it('notApproved: tells the center and the applicant, with the reason', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('legal.approve', justice, bj('2026-09-02 10:00')));
    accept(actor, ev('leader.deny', principal, bj('2026-09-03 10:00'), { reason: '暂缓' }));
    const sent = last(notifications, 'notApproved', bj('2026-09-03 10:00'));
    expect(sent.recipients).toEqual([center, market]);
    expectWords(sent.message, [title, '未获批准：暂缓']);
  });

  it('withdrawn: tells the center the applicant withdrew, and why', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('application.withdraw', market, bj('2026-09-01 10:00'), { reason: '问题已自行解决' }));
    const sent = last(notifications, 'withdrawn', bj('2026-09-01 10:00'));
    expect(sent.recipients).toEqual([center]);
    expectWords(sent.message, [title, '已由申请单位撤回：问题已自行解决']);
  });
});

describe('dispatch, urging, results, deadlines and the archive', () => {
  it('dispatched: the lead gets time, place, the cooperating units and its duties; the cooperating units get where to go', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00'), cooperating: ['fire-rescue', 'public-security'] }));
    const [toLead, toCooperating] = notifications.slice(-2);
    expect(toLead).toMatchObject({ type: 'notification', kind: 'dispatched', caseId: 'case-1', at: bj('2026-09-04 10:00'), recipients: [market] });
    expectWords(toLead!.message, [
      '请市场监管局牵头于2026-09-29 09:00（北京时间）在城东农贸市场组织开展联动执法',
      title,
      '配合单位：消防救援大队、公安局',
      '请起草联动执法工作方案',
      '执法工作结束后5个工作日内上传执法结果',
    ]);
    expect(toCooperating).toMatchObject({ kind: 'dispatched', at: bj('2026-09-04 10:00'), recipients: units('fire-rescue', 'public-security') });
    expectWords(toCooperating!.message, ['请于2026-09-29 09:00（北京时间）到城东农贸市场', '配合市场监管局开展联动执法', title, '法律文书汇总报牵头单位']);
  });

  it('dispatched: a lead alone (指派专门单位) gets one message saying there is no cooperating unit', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00'), cooperating: [] }));
    const dispatched = notifications.filter((n) => n.kind === 'dispatched');
    expect(dispatched).toHaveLength(1);
    expect(dispatched[0]!.recipients).toEqual([market]);
    expect(dispatched[0]!.message).toContain('配合单位：无。');
  });

  it('urged: tells the urged unit, with the center’s words or without', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('case.urge', center, bj('2026-09-05 10:00'), { unit: 'justice', message: '请于本周内完成审核' }));
    let sent = last(notifications, 'urged', bj('2026-09-05 10:00'));
    expect(sent.recipients).toEqual([justice]);
    expectWords(sent.message, ['催办：请司法局加快办理联动执法', title, '：请于本周内完成审核']);
    accept(actor, ev('case.urge', center, bj('2026-09-06 10:00'), { unit: 'justice' }));
    sent = last(notifications, 'urged', bj('2026-09-06 10:00'));
    expect(sent.message).toBe(`催办：请司法局加快办理联动执法${title}。`);
  });

  it('urged: names a unit by its label in the case (its capacity), a township by its name', () => {
    const { actor, notifications } = startCase(applicationInput({ itemNo: 21, applicant: 'locality:王集镇' }));
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('case.urge', center, bj('2026-09-01 11:00'), { unit: 'locality:王集镇' }));
    expect(notifications.at(-1)!.message).toBe('催办：请王集镇加快办理联动执法「城东农贸市场安全综合执法」。');
    accept(actor, ev('legal.approve', justice, bj('2026-09-02 10:00')));
    accept(actor, ev('leader.approve', inCharge, bj('2026-09-03 10:00')));
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '宗教场所', startAt: bj('2026-09-29 09:00'), cooperating: ['public-security'] }));
    accept(actor, ev('case.urge', center, bj('2026-09-05 10:00'), { unit: 'united-front' }));
    expect(notifications.at(-1)).toMatchObject({ recipients: units('united-front'), message: '催办：请统战部（民宗局）加快办理联动执法「城东农贸市场安全综合执法」。' });
    accept(actor, ev('case.urge', center, bj('2026-09-05 11:00'), { unit: 'health' }));
    expect(notifications.at(-1)!.message).toBe('催办：请卫健局加快办理联动执法「城东农贸市场安全综合执法」。');
  });

  it('resultsUploaded: asks the center to aggregate; with every report in, nobody else is told', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    enforceItem1(actor);
    for (const unit of item1Cooperating) accept(actor, ev('unit.report', { unit }, bj('2026-10-08 10:00'), { summary: '法律文书' }));
    accept(actor, ev('results.upload', market, bj('2026-10-12 17:00'), { results: { summary: '检查商户120家' } }));
    const sent = notifications.filter((n) => n.kind === 'resultsUploaded');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ caseId: 'case-1', at: bj('2026-10-12 17:00'), recipients: [center] });
    expect(sent[0]!.message).toBe(`市场监管局已上传联动执法${title}的执法结果，请汇总存档。`);
  });

  it('resultsUploaded: names the units whose reports are missing to the center, and tells those units', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00'), cooperating: ['fire-rescue', 'public-security', 'health'] }));
    accept(actor, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: { summary: '分组检查' } }));
    accept(actor, ev('enforcement.end', market, bj('2026-09-30 18:00')));
    accept(actor, ev('unit.report', fire, bj('2026-10-08 10:00'), { summary: '消防检查记录' }));
    accept(actor, ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '结果' } }));
    const [toCenter, toMissing] = notifications.filter((n) => n.kind === 'resultsUploaded');
    expect(toCenter!.recipients).toEqual([center]);
    expectWords(toCenter!.message, ['市场监管局已上传', '请汇总存档', '尚未报送法律文书的配合单位：公安局、卫健局。']);
    expect(toMissing).toMatchObject({ kind: 'resultsUploaded', at: bj('2026-10-09 10:00'), recipients: units('public-security', 'health') });
    expectWords(toMissing!.message, [title, '请尽快将', '法律文书汇总报牵头单位']);
  });

  it('deadlineOverdue: tells the lead and the center the due date and that it is overdue', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    enforceItem1(actor);
    accept(actor, ev('deadline.check', sweeper, bj('2026-10-14 00:01')));
    const sent = last(notifications, 'deadlineOverdue', bj('2026-10-14 00:01'));
    expect(sent.recipients).toEqual([market, center]);
    expectWords(sent.message, [title, '应于2026-10-13前上传', '现已逾期', '请市场监管局立即上传']);
  });

  it('archived: tells every unit of the case and the applicant', () => {
    // A township outside the catalog applies, so no recipient appears twice (the applicant is
    // not one of the case's units): the order is lead, cooperating units, applicant.
    const { actor, notifications } = startCase(applicationInput({ applicant: 'locality:王集镇' }));
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00'), cooperating: ['fire-rescue', 'public-security'] }));
    accept(actor, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: { summary: '分组检查' } }));
    accept(actor, ev('enforcement.end', market, bj('2026-09-30 18:00')));
    accept(actor, ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '结果' } }));
    accept(actor, ev('case.archive', center, bj('2026-10-10 09:00'), { summary: '已汇总' }));
    const sent = last(notifications, 'archived', bj('2026-10-10 09:00'));
    expect(sent.recipients).toEqual(units('market-regulation', 'fire-rescue', 'public-security', 'locality:王集镇'));
    expect(sent.message).toBe(`联动执法${title}已汇总存档。`);
  });
});
