/**
 * Every notification kind (通知): who receives it and what its message says, so that a unit is
 * never left out of a message it needs, never gets one twice, and a message never loses what it
 * is about. Recipients are unique, in order of first appearance.
 */
import { describe, expect, it } from 'vitest';
import { createCaseMachine } from '../machines/createCaseMachine.js';
import type { Actor, CaseInput, Leader } from '../machines/schemas.js';
import type { CaseNotification, NotificationKind, Recipient } from '../machines/types.js';
import {
  accept,
  acknowledgeItem1,
  applicationInput,
  approveApplication,
  bj,
  center,
  enforceItem1,
  ev,
  fire,
  inCharge,
  item1Cooperating,
  item1Plan,
  justice,
  market,
  planFor,
  police,
  principal,
  startCase,
  sweeper,
  type CaseActor,
} from './_lib/cases.js';

const title = '「城东农贸市场安全综合执法」';
const countyLeaders = { group: 'countyLeaders' } as const;
const inChargeLeaders = { group: 'inChargeLeaders' } as const;
const health = { unit: 'health' } as const;
const units = (...ids: readonly string[]): Recipient[] => ids.map((unit) => ({ unit }));
const item1Units = units(...item1Cooperating);

const base = { caseId: 'case-1', title: '城东农贸市场安全综合执法', itemNo: 1, at: bj('2026-09-01 09:00') } as const;
const leaderAssignment = (by: Actor, leader: Leader = principal.leader) => ({ ...base, origin: 'leaderAssignment', leader, instruction: '立即组织检查', by }) as CaseInput;
const centerInitiated = (itemNo: number | null = 1) => {
  const { itemNo: _item, ...withoutItem } = base;
  return { ...withoutItem, ...(itemNo === null ? {} : { itemNo }), origin: 'centerInitiated', reason: '群众反映强烈', by: center } as CaseInput;
};
/** 市场监管局, item 1's lead unit, reports an emergency to the county. */
const emergency = () => ({ ...base, origin: 'emergency', reporter: 'market-regulation', description: '多人食物中毒', by: market }) as CaseInput;
/** 消防救援大队, a cooperating unit of item 1, asks the lead unit (市场监管局) for joint enforcement. */
const emergencyRequest = () => ({ ...base, origin: 'emergencyRequest', reporter: 'fire-rescue', description: '发现重大火灾隐患', by: fire }) as CaseInput;

/** The notification sent last, checked for its envelope. */
function last(notifications: readonly CaseNotification[], kind: NotificationKind, at: string): CaseNotification {
  const sent = notifications.at(-1)!;
  expect(sent).toMatchObject({ type: 'notification', kind, caseId: 'case-1', at });
  return sent;
}

/** The notifications the last accepted event sent (all of them: a dispatch sends two). */
function sentBy(actor: CaseActor, notifications: CaseNotification[], send: () => void): CaseNotification[] {
  const before = notifications.length;
  send();
  expect(actor.getSnapshot().status).toBe('active');
  return notifications.slice(before);
}

describe('opening notifications (收到申请 / 交办 / 报审 / 突发事件 / 提请)', () => {
  it('applicationReceived: asks the center for 初审 of an application, naming the applicant', () => {
    const { notifications } = startCase();
    expect(notifications).toHaveLength(1);
    const sent = last(notifications, 'applicationReceived', bj('2026-09-01 09:00'));
    expect(sent.recipients).toEqual([center]);
    expect(sent.message).toBe(`收到市场监管局的联动执法申请${title}，请进行初审。`);
  });

  it('applicationReceived: names a township applicant by its name, and the center of a county’s own machine', () => {
    const machine = createCaseMachine({ centerUnit: 'urban-management' });
    const { notifications } = startCase(applicationInput({ applicant: 'locality:王集镇' }), machine);
    expect(notifications).toEqual([expect.objectContaining({ recipients: units('urban-management'), message: `收到王集镇的联动执法申请${title}，请进行初审。` })]);
  });

  it('applicationReceived: counts the resubmissions of an amended application', () => {
    const { actor, notifications } = startCase();
    for (const [round, day] of [[1, '03'], [2, '05']] as const) {
      accept(actor, ev('review.pass', center, bj(`2026-09-${day} 10:00`)));
      accept(actor, ev('legal.return', justice, bj(`2026-09-${day} 11:00`), { reason: '缺少执法依据' }));
      accept(actor, ev('amendment.request', center, bj(`2026-09-${day} 12:00`), { reason: '请补充执法依据' }));
      accept(actor, ev('application.resubmit', market, bj(`2026-09-${day} 13:00`)));
      const sent = last(notifications, 'applicationReceived', bj(`2026-09-${day} 13:00`));
      expect(sent.recipients).toEqual([center]);
      expect(sent.message).toBe(`收到市场监管局的联动执法申请${title}（第${round}次补正后重新提交），请进行初审。`);
    }
  });

  it('applicationReceived: hands a leader’s assignment (交办) to the center, naming the leader and the instruction', () => {
    for (const [by, leader, name] of [
      [principal, principal.leader, '县主要领导张县长'],
      [center, inCharge.leader, '分管县领导李副县长'],
    ] as const) {
      const { notifications } = startCase(leaderAssignment(by, leader));
      expect(notifications).toHaveLength(1);
      const sent = last(notifications, 'applicationReceived', bj('2026-09-01 09:00'));
      expect(sent.recipients).toEqual([center]);
      expect(sent.message).toBe(`${name}交办联动执法事项${title}：立即组织检查。请直接指派相关单位。`);
    }
  });

  it('applicationReceived: asks the in-charge leaders to consent to the center’s own case, with its reason', () => {
    const { notifications } = startCase(centerInitiated());
    const sent = last(notifications, 'applicationReceived', bj('2026-09-01 09:00'));
    expect(sent.recipients).toEqual([inChargeLeaders]);
    expect(sent.message).toBe(`县综合指挥调度中心因工作需要拟开展联动执法${title}（群众反映强烈），请分管县领导审核同意。`);
  });

  it('applicationReceived: with a roster, asks the leaders overseeing the item’s lead unit; else the principal leaders; without an item, every in-charge leader', () => {
    const roster = [
      { name: '张县长', post: 'principal', oversees: [] },
      { name: '李副县长', post: 'inCharge', oversees: ['fire-rescue'] },
      { name: '王副县长', post: 'inCharge', oversees: ['market-regulation', 'health'] },
      { name: '赵副县长', post: 'inCharge', oversees: ['market-regulation'] },
    ] as const;
    const leader = (name: string, post: 'principal' | 'inCharge' = 'inCharge') => ({ leader: { name, post } });
    const recipientsOf = (input: CaseInput, leaders: readonly (typeof roster)[number][]) => startCase(input, createCaseMachine({ leaders })).notifications[0]!.recipients;
    expect(recipientsOf(centerInitiated(1), roster)).toEqual([leader('王副县长'), leader('赵副县长')]);
    expect(recipientsOf(centerInitiated(39), roster)).toEqual([leader('李副县长')]);
    // Nobody oversees item 6's lead unit (农业农村局): the principal leader consents.
    expect(recipientsOf(centerInitiated(6), roster)).toEqual([leader('张县长', 'principal')]);
    expect(recipientsOf(centerInitiated(null), roster)).toEqual([leader('李副县长'), leader('王副县长'), leader('赵副县长')]);
    expect(recipientsOf(centerInitiated(null), [roster[0], { name: '钱县长', post: 'principal', oversees: [] }] as never)).toEqual([leader('张县长', 'principal'), leader('钱县长', 'principal')]);
  });

  it('applicationReceived: the lead unit reports an emergency to 县委县政府, naming itself and what happened', () => {
    const { notifications } = startCase(emergency());
    expect(notifications).toHaveLength(1);
    const sent = last(notifications, 'applicationReceived', bj('2026-09-01 09:00'));
    expect(sent.recipients).toEqual([countyLeaders]);
    expect(sent.message).toBe(`市场监管局（牵头单位）报告突发事件${title}：多人食物中毒。请县委县政府审核同意后组织联动执法。`);
  });

  it('emergencyRequested: a cooperating unit’s request goes to the item’s lead unit, and to nobody else', () => {
    const { notifications } = startCase(emergencyRequest());
    expect(notifications).toHaveLength(1);
    const sent = last(notifications, 'emergencyRequested', bj('2026-09-01 09:00'));
    expect(sent.recipients).toEqual([market]);
    expect(sent.message).toBe(`消防救援大队（配合单位）先行受理的执法事项${title}需要开展联动执法：发现重大火灾隐患。请牵头单位研究，及时上报县委县政府或说明不予上报的理由。`);
  });
});

describe('the emergency route through the lead unit', () => {
  it('emergencyReported: 县委县政府 get the lead’s report with its words; the requesting unit is told it went up', () => {
    const { actor, notifications } = startCase(emergencyRequest());
    const sent = sentBy(actor, notifications, () => accept(actor, ev('emergency.report', market, bj('2026-09-01 10:00'), { description: '需立即联合处置' })));
    expect(sent).toEqual([
      { type: 'notification', kind: 'emergencyReported', caseId: 'case-1', at: bj('2026-09-01 10:00'), recipients: [countyLeaders], message: `市场监管局（牵头单位）上报突发事件${title}（需立即联合处置），请县委县政府审核同意后组织联动执法。` },
      { type: 'notification', kind: 'emergencyReported', caseId: 'case-1', at: bj('2026-09-01 10:00'), recipients: [fire], message: `牵头单位市场监管局已将${title}上报县委县政府。` },
    ]);
  });

  it('emergencyReported: without the lead’s words the report says only what it is', () => {
    const { actor, notifications } = startCase(emergencyRequest());
    const [toLeaders] = sentBy(actor, notifications, () => accept(actor, ev('emergency.report', market, bj('2026-09-01 10:00'))));
    expect(toLeaders!.message).toBe(`市场监管局（牵头单位）上报突发事件${title}，请县委县政府审核同意后组织联动执法。`);
  });

  it('emergencyDeclined: tells the requesting unit why the lead did not report it', () => {
    const { actor, notifications } = startCase(emergencyRequest());
    accept(actor, ev('emergency.decline', market, bj('2026-09-01 10:00'), { reason: '可由消防救援大队单独处置' }));
    const sent = last(notifications, 'emergencyDeclined', bj('2026-09-01 10:00'));
    expect(sent.recipients).toEqual([fire]);
    expect(sent.message).toBe(`牵头单位市场监管局不予上报${title}：可由消防救援大队单独处置。`);
  });

  it('approved: an emergency tells the lead unit first, then the center, then the requesting unit, each once', () => {
    const requested = startCase(emergencyRequest());
    accept(requested.actor, ev('emergency.report', market, bj('2026-09-01 10:00')));
    accept(requested.actor, ev('leader.approve', principal, bj('2026-09-01 11:00')));
    const sent = last(requested.notifications, 'approved', bj('2026-09-01 11:00'));
    expect(sent.recipients).toEqual([market, center, fire]);
    expect(sent.message).toBe(`县委县政府已审核同意联动执法${title}：请牵头单位市场监管局协调有关配合单位共同组织实施（派送任务），县综合指挥调度中心统一调度。`);
    // The lead reported it itself: it is the lead and the initiator, and is told once.
    const reported = startCase(emergency());
    accept(reported.actor, ev('leader.approve', inCharge, bj('2026-09-01 11:00')));
    expect(last(reported.notifications, 'approved', bj('2026-09-01 11:00')).recipients).toEqual([market, center]);
  });

  it('notApproved: an emergency tells the center, the requesting unit and the lead unit, each once', () => {
    const requested = startCase(emergencyRequest());
    accept(requested.actor, ev('emergency.report', market, bj('2026-09-01 10:00')));
    accept(requested.actor, ev('leader.deny', principal, bj('2026-09-01 11:00'), { reason: '由消防救援大队依法处置' }));
    const sent = last(requested.notifications, 'notApproved', bj('2026-09-01 11:00'));
    expect(sent.recipients).toEqual([center, fire, market]);
    expect(sent.message).toBe(`联动执法${title}未获批准：由消防救援大队依法处置。`);
    const reported = startCase(emergency());
    accept(reported.actor, ev('leader.deny', principal, bj('2026-09-01 11:00'), { reason: '暂缓' }));
    expect(last(reported.notifications, 'notApproved', bj('2026-09-01 11:00')).recipients).toEqual([center, market]);
  });
});

describe('review and approval', () => {
  it('rejected: tells the applicant it was 驳回 and why', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.reject', center, bj('2026-09-01 11:00'), { reason: '不属于联动执法事项' }));
    const sent = last(notifications, 'rejected', bj('2026-09-01 11:00'));
    expect(sent.recipients).toEqual([market]);
    expect(sent.message).toBe(`联动执法申请${title}不符合联动执法要求，已被驳回：不属于联动执法事项。`);
  });

  it('legalReviewRequested: asks the legal-review unit for 法制审核 and to report back to the center', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    const sent = last(notifications, 'legalReviewRequested', bj('2026-09-01 10:00'));
    expect(sent.recipients).toEqual([justice]);
    expect(sent.message).toBe(`联动执法申请${title}已通过初审，请进行法制审核并将结果反馈县综合指挥调度中心。`);
    const county = startCase(applicationInput(), createCaseMachine({ legalReviewUnit: 'united-front' }));
    accept(county.actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    expect(county.notifications.at(-1)!.recipients).toEqual(units('united-front'));
  });

  it('returnedByLegalReview: tells the center why 法制审核 returned it and what it may decide', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('legal.return', justice, bj('2026-09-02 10:00'), { reason: '缺少执法依据' }));
    const sent = last(notifications, 'returnedByLegalReview', bj('2026-09-02 10:00'));
    expect(sent.recipients).toEqual([center]);
    expect(sent.message).toBe(`法制审核部门退回联动执法申请${title}：缺少执法依据。请决定补充材料后再次推送、退回申请单位补正或驳回。`);
  });

  it('returnedForAmendment: asks the applicant to amend, with the reason', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('legal.return', justice, bj('2026-09-02 10:00'), { reason: '缺少执法依据' }));
    accept(actor, ev('amendment.request', center, bj('2026-09-02 11:00'), { reason: '请补充执法依据' }));
    const sent = last(notifications, 'returnedForAmendment', bj('2026-09-02 11:00'));
    expect(sent.recipients).toEqual([market]);
    expect(sent.message).toBe(`联动执法申请${title}需要补正后重新提交：请补充执法依据。`);
  });

  it('approvalRequested: feeds the result back to the center and asks the county leaders to approve', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('legal.approve', justice, bj('2026-09-02 10:00')));
    const sent = last(notifications, 'approvalRequested', bj('2026-09-02 10:00'));
    expect(sent.recipients).toEqual([center, countyLeaders]);
    expect(sent.message).toBe(`联动执法申请${title}已通过法制审核（审核结果已反馈县综合指挥调度中心），请县领导审批。`);
  });

  it('approved: tells the center to dispatch and the applicant that it was approved', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    const sent = last(notifications, 'approved', bj('2026-09-03 10:00'));
    expect(sent.recipients).toEqual([center, market]);
    expect(sent.message).toBe(`县领导已批准同意联动执法${title}，请县综合指挥调度中心派送任务。`);
  });

  it('approved: the center’s own case tells the center once', () => {
    const { actor, notifications } = startCase(centerInitiated());
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
    expect(sent.message).toBe(`联动执法${title}未获批准：暂缓。`);
  });
});

describe('withdrawn (撤回)', () => {
  it('tells the center the applicant withdrew, and why', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('application.withdraw', market, bj('2026-09-01 10:00'), { reason: '问题已自行解决' }));
    const sent = last(notifications, 'withdrawn', bj('2026-09-01 10:00'));
    expect(sent.recipients).toEqual([center]);
    expect(sent.message).toBe(`联动执法${title}已由市场监管局撤回：问题已自行解决。`);
  });

  it('tells everyone who acted on the case, once each in order of their first act, but not the unit withdrawing', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    // 公安局 never acts: an urge names it, but it is not told of the withdrawal.
    accept(actor, ev('case.urge', center, bj('2026-09-01 11:00'), { unit: 'public-security' }));
    accept(actor, ev('legal.return', justice, bj('2026-09-02 10:00'), { reason: '缺少执法依据' }));
    accept(actor, ev('amendment.request', center, bj('2026-09-02 11:00'), { reason: '请补充执法依据' }));
    accept(actor, ev('application.resubmit', market, bj('2026-09-03 09:00')));
    accept(actor, ev('application.withdraw', market, bj('2026-09-03 11:00'), { reason: '问题已自行解决' }));
    expect(last(notifications, 'withdrawn', bj('2026-09-03 11:00')).recipients).toEqual([center, justice]);
  });

  it('the center withdrawing its own case is named as the one who withdrew', () => {
    const { actor, notifications } = startCase(centerInitiated());
    accept(actor, ev('application.withdraw', center, bj('2026-09-01 10:00'), { reason: '情况已变化' }));
    const sent = last(notifications, 'withdrawn', bj('2026-09-01 10:00'));
    expect(sent.recipients).toEqual([center]);
    expect(sent.message).toBe(`联动执法${title}已由综合指挥调度中心撤回：情况已变化。`);
  });

  it('a requesting unit’s withdrawal tells the center and the lead unit that reported it', () => {
    const { actor, notifications } = startCase(emergencyRequest());
    accept(actor, ev('emergency.report', market, bj('2026-09-01 10:00')));
    accept(actor, ev('application.withdraw', fire, bj('2026-09-01 10:30'), { reason: '已自行处置完毕' }));
    const sent = last(notifications, 'withdrawn', bj('2026-09-01 10:30'));
    expect(sent.recipients).toEqual([center, market]);
    expect(sent.message).toBe(`联动执法${title}已由消防救援大队撤回：已自行处置完毕。`);
  });
});

describe('dispatch and acknowledgements', () => {
  it('dispatched: the lead gets time, place, the cooperating units and its duties; the cooperating units get where to go and what to confirm', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    const sent = sentBy(actor, notifications, () =>
      accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00'), cooperating: ['fire-rescue', 'public-security'] })),
    );
    expect(sent).toEqual([
      {
        type: 'notification', kind: 'dispatched', caseId: 'case-1', at: bj('2026-09-04 10:00'), recipients: [market],
        message: `综合指挥调度中心派送任务：请市场监管局牵头于2026-09-29 09:00（北京时间）在城东农贸市场组织开展联动执法${title}，配合单位：消防救援大队、公安局。请起草联动执法工作方案，并在执法工作结束后5个工作日内上传执法结果。`,
      },
      {
        type: 'notification', kind: 'dispatched', caseId: 'case-1', at: bj('2026-09-04 10:00'), recipients: [fire, police],
        message: `综合指挥调度中心派送任务：请于2026-09-29 09:00（北京时间）到城东农贸市场，配合市场监管局开展联动执法${title}。请在指定时间前确认接收任务并报告派出的执法人员和装备，执法工作结束后及时将相关法律文书汇总报牵头单位。`,
      },
    ]);
  });

  it('dispatched: says why the lead was replaced, and the county’s own number of working days', () => {
    const { actor, notifications } = startCase(applicationInput(), createCaseMachine({ resultsDueWorkingDays: 3 }));
    approveApplication(actor);
    const [toLead] = sentBy(actor, notifications, () =>
      accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00'), lead: 'public-security', leadChangeReason: '以治安整治为主', cooperating: ['market-regulation'] })),
    );
    expect(toLead).toMatchObject({ recipients: [police] });
    expect(toLead!.message).toBe(
      `综合指挥调度中心派送任务：请公安局牵头（调整牵头单位：以治安整治为主）于2026-09-29 09:00（北京时间）在城东农贸市场组织开展联动执法${title}，配合单位：市场监管局。请起草联动执法工作方案，并在执法工作结束后3个工作日内上传执法结果。`,
    );
  });

  it('dispatched: a leader’s assignment to one unit (指派专门单位) sends one message saying there is no cooperating unit', () => {
    const { actor, notifications } = startCase(leaderAssignment(center));
    const sent = sentBy(actor, notifications, () => accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00'), cooperating: [] })));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: 'dispatched', recipients: [market] });
    expect(sent[0]!.message).toContain('，配合单位：无。请起草联动执法工作方案');
  });

  it('dispatched: the lead unit dispatching an emergency tells itself and the center, naming itself as the dispatcher', () => {
    const { actor, notifications } = startCase(emergency());
    accept(actor, ev('leader.approve', principal, bj('2026-09-01 10:00')));
    const [toLead, toCooperating] = sentBy(actor, notifications, () =>
      accept(actor, ev('task.dispatch', market, bj('2026-09-01 10:30'), { place: '城东农贸市场', startAt: bj('2026-09-01 11:30'), cooperating: ['public-security', 'health'] })),
    );
    expect(toLead).toMatchObject({ recipients: [market, center], message: expect.stringMatching(/^市场监管局派送任务：请市场监管局牵头于2026-09-01 11:30（北京时间）/u) });
    expect(toCooperating).toMatchObject({ recipients: [police, health], message: expect.stringMatching(/^市场监管局派送任务：请于2026-09-01 11:30（北京时间）到城东农贸市场，配合市场监管局/u) });
  });

  it('taskAcknowledged: tells the lead unit who confirmed, the staff sent and the equipment when given', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    accept(actor, ev('unit.acknowledge', fire, bj('2026-09-05 09:00'), { staff: 3, equipment: '消防车2辆' }));
    let sent = last(notifications, 'taskAcknowledged', bj('2026-09-05 09:00'));
    expect(sent.recipients).toEqual([market]);
    expect(sent.message).toBe(`消防救援大队已确认接收联动执法任务${title}，派出执法人员3名，装备：消防车2辆。`);
    accept(actor, ev('unit.acknowledge', police, bj('2026-09-05 10:00'), { staff: 6 }));
    sent = last(notifications, 'taskAcknowledged', bj('2026-09-05 10:00'));
    expect(sent.recipients).toEqual([market]);
    expect(sent.message).toBe(`公安局已确认接收联动执法任务${title}，派出执法人员6名。`);
  });
});

describe('during enforcement: published information, urging, reports', () => {
  const enforcing = () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    acknowledgeItem1(actor);
    return { actor, notifications };
  };

  it('infoPublished: the lead’s information goes to the center and every cooperating unit, word for word', () => {
    const { actor, notifications } = enforcing();
    accept(actor, ev('info.publish', market, bj('2026-09-06 09:00'), { text: '9月29日上午集中检查，请各单位准时到场' }));
    const sent = last(notifications, 'infoPublished', bj('2026-09-06 09:00'));
    expect(sent.recipients).toEqual([center, ...item1Units]);
    expect(sent.message).toBe(`牵头单位市场监管局发布联动执法信息${title}：9月29日上午集中检查，请各单位准时到场`);
  });

  it('urged: tells the urged unit, with the center’s words or without', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('case.urge', center, bj('2026-09-05 10:00'), { unit: 'justice', message: '请于本周内完成审核' }));
    let sent = last(notifications, 'urged', bj('2026-09-05 10:00'));
    expect(sent.recipients).toEqual([justice]);
    expect(sent.message).toBe(`综合指挥调度中心催办：请司法局加快办理联动执法${title}：请于本周内完成审核`);
    accept(actor, ev('case.urge', center, bj('2026-09-06 10:00'), { unit: 'justice' }));
    sent = last(notifications, 'urged', bj('2026-09-06 10:00'));
    expect(sent.message).toBe(`综合指挥调度中心催办：请司法局加快办理联动执法${title}。`);
  });

  it('urged: the lead unit urges a cooperating unit in its own name (督促各配合单位)', () => {
    const { actor, notifications } = enforcing();
    accept(actor, ev('case.urge', market, bj('2026-09-06 10:00'), { unit: 'public-security', message: '请报告派出的执法人员' }));
    const sent = last(notifications, 'urged', bj('2026-09-06 10:00'));
    expect(sent.recipients).toEqual([police]);
    expect(sent.message).toBe(`市场监管局催办：请公安局加快办理联动执法${title}：请报告派出的执法人员`);
  });

  it('urged: names a unit by its label in the case (its capacity), a township by its name, any other unit by its catalog name', () => {
    const { actor, notifications } = startCase(applicationInput({ itemNo: 21, applicant: 'locality:王集镇' }));
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('case.urge', center, bj('2026-09-01 11:00'), { unit: 'locality:王集镇' }));
    expect(notifications.at(-1)).toMatchObject({ recipients: units('locality:王集镇'), message: `综合指挥调度中心催办：请王集镇加快办理联动执法${title}。` });
    accept(actor, ev('legal.approve', justice, bj('2026-09-02 10:00')));
    accept(actor, ev('leader.approve', inCharge, bj('2026-09-03 10:00')));
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '宗教场所', startAt: bj('2026-09-29 09:00'), cooperating: ['public-security'] }));
    accept(actor, ev('case.urge', center, bj('2026-09-05 10:00'), { unit: 'united-front' }));
    expect(notifications.at(-1)).toMatchObject({ recipients: units('united-front'), message: `综合指挥调度中心催办：请统战部（民宗局）加快办理联动执法${title}。` });
    accept(actor, ev('case.urge', center, bj('2026-09-05 11:00'), { unit: 'health' }));
    expect(notifications.at(-1)!.message).toBe(`综合指挥调度中心催办：请卫健局加快办理联动执法${title}。`);
  });

  it('unitReported: a cooperating unit’s report goes to the lead unit, with its summary', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    enforceItem1(actor);
    accept(actor, ev('unit.report', police, bj('2026-10-08 10:00'), { summary: '现场处置笔录3份' }));
    const sent = last(notifications, 'unitReported', bj('2026-10-08 10:00'));
    expect(sent.recipients).toEqual([market]);
    expect(sent.message).toBe(`公安局已将联动执法${title}的相关法律文书汇总报牵头单位：现场处置笔录3份`);
  });
});

describe('results, deadlines and the archive', () => {
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

  it('emits nothing but notifications, whoever listens (actor.on("*"))', () => {
    const { actor } = startCase();
    const emitted: unknown[] = [];
    actor.on('*', (event) => emitted.push(event));
    approveApplication(actor);
    enforceItem1(actor);
    for (const unit of item1Cooperating) accept(actor, ev('unit.report', { unit }, bj('2026-10-08 10:00'), { summary: '法律文书' }));
    accept(actor, ev('results.upload', market, bj('2026-10-12 17:00'), { results: { summary: '检查商户120家' } }));
    expect(emitted.length).toBeGreaterThan(10);
    for (const event of emitted) expect(event).toMatchObject({ type: 'notification', caseId: 'case-1', recipients: expect.any(Array), message: expect.any(String) });
  });

  it('resultsUploaded: names the units whose reports are missing to the center, and tells those units', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00'), cooperating: ['fire-rescue', 'public-security', 'health'] }));
    accept(actor, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: planFor(['market-regulation', 'fire-rescue', 'public-security', 'health']) }));
    accept(actor, ev('enforcement.end', market, bj('2026-09-30 18:00')));
    accept(actor, ev('unit.report', fire, bj('2026-10-08 10:00'), { summary: '消防检查记录' }));
    const [toCenter, toMissing] = sentBy(actor, notifications, () => accept(actor, ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '结果' } })));
    expect(toCenter).toMatchObject({ kind: 'resultsUploaded', recipients: [center] });
    expect(toCenter!.message).toBe(`市场监管局已上传联动执法${title}的执法结果，请汇总存档。尚未报送法律文书的配合单位：公安局、卫健局。`);
    expect(toMissing).toMatchObject({ kind: 'resultsUploaded', at: bj('2026-10-09 10:00'), recipients: [police, health] });
    expect(toMissing!.message).toBe(`请尽快将联动执法${title}的相关法律文书汇总报牵头单位。`);
  });

  it('deadlineOverdue: tells the lead and the center the results’ due date and that it is overdue', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    enforceItem1(actor);
    const sent = sentBy(actor, notifications, () => accept(actor, ev('deadline.check', sweeper, bj('2026-10-14 00:01'))));
    expect(sent).toEqual([
      {
        type: 'notification', kind: 'deadlineOverdue', caseId: 'case-1', at: bj('2026-10-14 00:01'), recipients: [market, center],
        message: `联动执法${title}的执法结果应于2026-10-13前上传，现已逾期，请市场监管局立即上传。`,
      },
    ]);
  });

  it('deadlineOverdue: a missing acknowledgement tells the unit, the lead and the center, one message per unit', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00'), cooperating: ['fire-rescue', 'public-security'] }));
    accept(actor, ev('unit.acknowledge', police, bj('2026-09-05 09:00'), { staff: 6 }));
    const sent = sentBy(actor, notifications, () => accept(actor, ev('deadline.check', center, bj('2026-09-29 09:01'))));
    expect(sent).toEqual([
      {
        type: 'notification', kind: 'deadlineOverdue', caseId: 'case-1', at: bj('2026-09-29 09:01'), recipients: [fire, market, center],
        message: `消防救援大队未在指定时间（2026-09-29 09:00）前确认接收联动执法任务${title}并报告派出的执法人员和装备，请立即确认。`,
      },
    ]);
  });

  it('deadlineOverdue: a check tells only of the deadlines it found overdue, not of those an earlier check found', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    accept(actor, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan() }));
    expect(sentBy(actor, notifications, () => accept(actor, ev('deadline.check', sweeper, bj('2026-09-29 10:00'))))).toHaveLength(item1Cooperating.length);
    accept(actor, ev('enforcement.end', market, bj('2026-09-30 18:00')));
    const second = sentBy(actor, notifications, () => accept(actor, ev('deadline.check', sweeper, bj('2026-10-14 00:01'))));
    expect(second.map((n) => n.recipients)).toEqual([[market, center]]);
  });

  it('archived: a leader’s assignment or the center’s own case has no applicant to tell, only the units of the case', () => {
    for (const input of [leaderAssignment(center), centerInitiated()]) {
      const { actor, notifications } = startCase(input);
      if (input.origin === 'centerInitiated') accept(actor, ev('leader.approve', inCharge, bj('2026-09-01 10:00'), { opinion: '同意' }));
      accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00'), cooperating: ['fire-rescue'] }));
      accept(actor, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: planFor(['market-regulation', 'fire-rescue']) }));
      accept(actor, ev('enforcement.end', market, bj('2026-09-30 18:00')));
      accept(actor, ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '结果' } }));
      accept(actor, ev('case.archive', center, bj('2026-10-10 09:00'), { summary: '已汇总' }));
      expect(last(notifications, 'archived', bj('2026-10-10 09:00')).recipients, input.origin).toStrictEqual(units('market-regulation', 'fire-rescue'));
    }
  });

  it('archived: tells every unit of the case and a township applicant that took no part', () => {
    const { actor, notifications } = startCase(applicationInput({ applicant: 'locality:王集镇' }));
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00'), cooperating: ['fire-rescue', 'public-security'] }));
    accept(actor, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: planFor(['market-regulation', 'fire-rescue', 'public-security']) }));
    accept(actor, ev('enforcement.end', market, bj('2026-09-30 18:00')));
    accept(actor, ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '结果' } }));
    accept(actor, ev('case.archive', center, bj('2026-10-10 09:00'), { summary: '已汇总' }));
    const sent = last(notifications, 'archived', bj('2026-10-10 09:00'));
    expect(sent.recipients).toEqual(units('market-regulation', 'fire-rescue', 'public-security', 'locality:王集镇'));
    expect(sent.message).toBe(`联动执法${title}已汇总存档。`);
  });

  it('archived: an applicant that led the case is told once, where it first appears (as the lead)', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    enforceItem1(actor);
    accept(actor, ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '结果' } }));
    accept(actor, ev('case.archive', center, bj('2026-10-10 09:00')));
    expect(last(notifications, 'archived', bj('2026-10-10 09:00')).recipients).toEqual([market, ...item1Units]);
  });
});
