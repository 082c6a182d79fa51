/**
 * Fidelity to 附件2 (issue 9): who may open a case, the emergency route through the lead unit,
 * feedback, reports and urges reaching the right party, and the rules the seed implies. Each
 * test names the seed phrase it rests on; the README's traceability table names these tests.
 */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { caseMachine } from '../machines/caseMachine.js';
import { createCaseMachine, parseCaseInput } from '../machines/createCaseMachine.js';
import type { Actor, CaseEvent, CaseInput, Leader } from '../machines/schemas.js';
import { allowedEvents, explainEvent, selectDeadlines, selectHistory, selectState } from '../machines/selectors.js';
import type { CaseMachine } from '../machines/types.js';
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
import { codeOf, thrown } from './_lib/errors.js';

const path = (actor: CaseActor) => selectState(actor.getSnapshot() as never).path;
const opens = (input: unknown, machine: CaseMachine = caseMachine) => createActor(machine, { input: input as CaseInput }).getSnapshot().status !== 'error';
/** The error the bare machine fails a refused opening with; parseCaseInput throws the same one. */
function openingError(input: unknown, machine: CaseMachine = caseMachine) {
  const snapshot = createActor(machine, { input: input as CaseInput }).getSnapshot();
  expect(snapshot.status).toBe('error');
  const fromParse = thrown(() => parseCaseInput(input, machine));
  expect((snapshot.error as Error).message).toBe(fromParse.message);
  return fromParse;
}

const emergencyRequest = (overrides: Record<string, unknown> = {}) =>
  ({ caseId: 'er-1', title: '夜间农贸市场火灾隐患', itemNo: 1, origin: 'emergencyRequest', reporter: 'fire-rescue', description: '消防检查发现重大火灾隐患，需联合执法', at: bj('2026-11-03 02:00'), by: fire, ...overrides }) as CaseInput;
const emergency = (overrides: Record<string, unknown> = {}) =>
  ({ caseId: 'em-1', title: '农贸市场突发食品安全事件', itemNo: 1, origin: 'emergency', reporter: 'market-regulation', description: '多人食物中毒', at: bj('2026-11-03 02:00'), by: market, ...overrides }) as CaseInput;
const leaderAssignment = (by: Actor, leader: Leader = principal.leader) =>
  ({ caseId: 'la-1', title: '液化气市场整治', itemNo: 20, origin: 'leaderAssignment', leader, instruction: '国庆前完成', at: bj('2026-09-20 09:00'), by }) as CaseInput;
const centerInitiated = (by: Actor, itemNo: number | null = 39) =>
  ({ caseId: 'ci-1', title: '冬季火灾防控', ...(itemNo === null ? {} : { itemNo }), origin: 'centerInitiated', reason: '冬季火灾防控', at: bj('2026-11-02 09:00'), by }) as CaseInput;

describe('opening a case is an act, and it is authorized', () => {
  it('refuses an opening from someone who may not open it, with who, what and why (NOT_ALLOWED)', () => {
    const error = openingError(applicationInput({ by: police }));
    expect(error).toMatchObject({ code: 'NOT_ALLOWED', context: { caseId: 'case-1', type: 'case.open', origin: 'application', by: police, reason: expect.stringContaining('by.unit must be "market-regulation"') } });
    expect(codeOf(() => parseCaseInput({ ...applicationInput(), by: undefined }))).toBe('INVALID_INPUT');
    expect(startCase().actor.getSnapshot().context.history[0]).toMatchObject({ type: 'case.open', by: market });
  });

  it('application: a 县直部门 or a 乡镇/街道 applies itself (县直部门、乡镇通过综合指挥调度平台…提出联动执法申请)', () => {
    const apply = (applicant: string, itemNo = 1) => applicationInput({ applicant, itemNo, by: { unit: applicant } } as never);
    for (const applicant of ['market-regulation', 'justice', 'united-front', 'supply-marketing-cooperative', 'zhongxing-subdistrict', 'locality:王集镇']) {
      expect(opens(apply(applicant)), applicant).toBe(true);
    }
    for (const applicant of ['command-center', 'court', 'procuratorate', 'power-supply']) {
      expect(openingError(apply(applicant)).code, applicant).toBe('NOT_ALLOWED');
    }
    expect(codeOf(() => parseCaseInput(apply('local-township-or-subdistrict')))).toBe('INVALID_INPUT');
  });

  it('application: a body under vertical management (垂直管理) applies only for an item it leads — 消防救援大队 for item 39', () => {
    const apply = (applicant: string, itemNo: number) => applicationInput({ applicant, itemNo, by: { unit: applicant } } as never);
    expect(opens(apply('fire-rescue', 39))).toBe(true);
    expect(openingError(apply('fire-rescue', 1)).context.reason).toContain('vertical management');
    expect(opens(apply('peoples-bank', 5))).toBe(false);
    expect(opens(apply('meteorology', 29))).toBe(false);
    expect(opens(applicationInput({ applicant: 'fire-rescue', itemNo: undefined, by: fire } as never))).toBe(false);
  });

  it('leaderAssignment: recorded by the command center on the leader’s instruction, or by that leader (根据县主要领导、分管县领导交办)', () => {
    expect(opens(leaderAssignment(center))).toBe(true);
    expect(opens(leaderAssignment(principal))).toBe(true);
    expect(opens(leaderAssignment(inCharge))).toBe(false);
    expect(opens(leaderAssignment(market))).toBe(false);
    expect(opens(leaderAssignment({ leader: { name: '张县长', post: 'inCharge' } }))).toBe(false);
  });

  it('centerInitiated: only the command center (因工作需要)', () => {
    expect(opens(centerInitiated(center))).toBe(true);
    for (const by of [market, principal, inCharge, sweeper]) expect(opens(centerInitiated(by)), JSON.stringify(by)).toBe(false);
  });

  it('emergency: only the item’s lead unit reports it, and the item is required (牵头单位…应及时上报县委县政府)', () => {
    expect(opens(emergency())).toBe(true);
    expect(openingError(emergency({ reporter: 'fire-rescue', by: fire })).context.reason).toContain('emergencyRequest');
    expect(openingError(emergency({ by: center })).code).toBe('NOT_ALLOWED');
    const { itemNo: _itemNo, ...withoutItem } = emergency();
    expect(codeOf(() => parseCaseInput(withoutItem))).toBe('INVALID_INPUT');
  });

  it('emergencyRequest: a cooperating unit of the item asks its lead unit (配合单位…应当提请牵头单位组织开展联动执法)', () => {
    expect(opens(emergencyRequest())).toBe(true);
    expect(opens(emergencyRequest({ reporter: 'market-regulation', by: market }))).toBe(false);
    expect(opens(emergencyRequest({ reporter: 'education', by: { unit: 'education' } }))).toBe(false);
    expect(opens(emergencyRequest({ by: police }))).toBe(false);
    // 属地乡镇（街道） of item 16: a township cooperates in its stead; 属地街道 of item 11 takes only a sub-district.
    expect(opens(emergencyRequest({ itemNo: 16, reporter: 'locality:王集镇', by: { unit: 'locality:王集镇' } }))).toBe(true);
    expect(opens(emergencyRequest({ itemNo: 11, reporter: 'locality:王集镇', by: { unit: 'locality:王集镇' } }))).toBe(false);
    expect(opens(emergencyRequest({ itemNo: 11, reporter: 'zhongxing-subdistrict', by: { unit: 'zhongxing-subdistrict' } }))).toBe(true);
  });
});

describe('the emergency route goes through the lead unit (配合单位 3, 牵头单位 5)', () => {
  it('enters 牵头单位研究 and tells the lead unit', () => {
    const { actor, notifications } = startCase(emergencyRequest());
    expect(path(actor)).toBe('leadReview');
    expect(notifications).toEqual([expect.objectContaining({ kind: 'emergencyRequested', recipients: [market], message: expect.stringContaining('消防救援大队') })]);
    expect(allowedEvents(actor.getSnapshot() as never, market).sort()).toEqual(['emergency.decline', 'emergency.report']);
    expect(allowedEvents(actor.getSnapshot() as never, fire)).toEqual(['application.withdraw']);
    for (const by of [center, police, principal]) expect(actor.getSnapshot().can(ev('emergency.report', by, bj('2026-11-03 02:10'))), JSON.stringify(by)).toBe(false);
  });

  it('the lead unit reports it to 县委县政府, who approve; the lead is told and may dispatch', () => {
    const { actor, notifications } = startCase(emergencyRequest());
    accept(actor, ev('emergency.report', market, bj('2026-11-03 02:10'), { description: '需立即联合处置' }));
    expect(path(actor)).toBe('emergencyApproval');
    expect(notifications.filter((n) => n.kind === 'emergencyReported').map((n) => n.recipients)).toEqual([[{ group: 'countyLeaders' }], [fire]]);
    expect(actor.getSnapshot().context.opinions.at(-1)).toMatchObject({ kind: 'leadReview', decision: 'report', text: '需立即联合处置' });
    accept(actor, ev('leader.approve', principal, bj('2026-11-03 02:30')));
    expect(notifications.at(-1)).toMatchObject({ kind: 'approved', recipients: [market, center, fire] });
    expect(allowedEvents(actor.getSnapshot() as never, market)).toEqual(['task.dispatch']);
    expect(allowedEvents(actor.getSnapshot() as never, center).sort()).toEqual(['case.urge', 'task.dispatch']);
  });

  it('the lead unit declines it with a reason, and the requester is told', () => {
    const { actor, notifications } = startCase(emergencyRequest());
    expect(explainEvent(actor.getSnapshot() as never, { type: 'emergency.decline', by: market, at: bj('2026-11-03 02:10') })?.code).toBe('INVALID_EVENT');
    accept(actor, ev('emergency.decline', market, bj('2026-11-03 02:10'), { reason: '可由消防救援大队单独处置' }));
    expect(actor.getSnapshot().output).toMatchObject({ outcome: 'declined', closingReason: '可由消防救援大队单独处置' });
    expect(notifications.at(-1)).toMatchObject({ kind: 'emergencyDeclined', recipients: [fire], message: expect.stringContaining('可由消防救援大队单独处置') });
  });

  it('after approval the lead unit dispatches (审核同意后协调有关配合单位共同组织实施); the center is told who dispatched', () => {
    const { actor, notifications } = startCase(emergency());
    accept(actor, ev('leader.approve', principal, bj('2026-11-03 02:30')));
    accept(actor, ev('task.dispatch', market, bj('2026-11-03 02:40'), { place: '城东农贸市场', startAt: bj('2026-11-03 03:30'), cooperating: ['public-security', 'health'] }));
    expect(actor.getSnapshot().context.assignment).toMatchObject({ lead: { unit: 'market-regulation' }, dispatchedBy: market });
    const [toLead, toCooperating] = notifications.filter((n) => n.kind === 'dispatched');
    expect(toLead).toMatchObject({ recipients: [market, center], message: expect.stringMatching(/^市场监管局派送任务/u) });
    expect(toCooperating).toMatchObject({ recipients: [police, { unit: 'health' }], message: expect.stringMatching(/^市场监管局派送任务/u) });
  });

  it('the command center may still dispatch an emergency (统一调度), and says so', () => {
    const { actor, notifications } = startCase(emergency());
    accept(actor, ev('leader.approve', inCharge, bj('2026-11-03 02:30')));
    accept(actor, ev('task.dispatch', center, bj('2026-11-03 02:40'), { place: '城东农贸市场', startAt: bj('2026-11-03 03:30') }));
    const toLead = notifications.find((n) => n.kind === 'dispatched')!;
    expect(toLead).toMatchObject({ recipients: [market], message: expect.stringMatching(/^综合指挥调度中心派送任务/u) });
  });

  it('the lead unit dispatching an emergency stays the lead; only the center names another', () => {
    const { actor } = startCase(emergency());
    accept(actor, ev('leader.approve', principal, bj('2026-11-03 02:30')));
    const handOver = ev('task.dispatch', market, bj('2026-11-03 02:40'), { place: '现场', startAt: bj('2026-11-03 03:30'), lead: 'public-security', leadChangeReason: '以治安为主' });
    expect(explainEvent(actor.getSnapshot() as never, handOver)?.reason).toContain('stays the lead');
    expect(actor.getSnapshot().can({ ...handOver, by: center })).toBe(true);
  });

  it('the item’s lead unit dispatches only emergencies: an application is the center’s to dispatch', () => {
    const { actor } = startCase();
    approveApplication(actor);
    expect(actor.getSnapshot().can(ev('task.dispatch', market, bj('2026-09-04 10:00'), { place: '现场', startAt: bj('2026-09-05 09:00') }))).toBe(false);
  });
});

describe('feedback, reports and 督促 reach the right party', () => {
  it('legal.approve feeds the result back to the command center too (将审核结果反馈至县综合指挥调度中心)', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('legal.approve', justice, bj('2026-09-02 10:00')));
    expect(notifications.at(-1)).toMatchObject({ kind: 'approvalRequested', recipients: [center, { group: 'countyLeaders' }] });
  });

  it('unit.report tells the lead unit (将相关情况报牵头单位), with the unit’s suggestions kept (提出…意见建议)', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    enforceItem1(actor);
    accept(actor, ev('unit.report', police, bj('2026-10-08 10:00'), { summary: '现场处置笔录3份', suggestions: '建议固定联席会议时间' }));
    expect(notifications.at(-1)).toMatchObject({ kind: 'unitReported', recipients: [market], message: expect.stringContaining('现场处置笔录3份') });
    expect(actor.getSnapshot().context.reports.at(-1)).toMatchObject({ unit: 'public-security', suggestions: '建议固定联席会议时间' });
  });

  it('the lead unit urges its own cooperating units (督促各配合单位依法履行职责); the center urges anyone', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    enforceItem1(actor);
    accept(actor, ev('case.urge', market, bj('2026-10-08 10:00'), { unit: 'public-security', message: '请报送法律文书' }));
    expect(notifications.at(-1)).toMatchObject({ kind: 'urged', recipients: [police], message: expect.stringMatching(/^市场监管局催办/u) });
    expect(explainEvent(actor.getSnapshot() as never, ev('case.urge', market, bj('2026-10-08 11:00'), { unit: 'education' }))?.reason).toContain('not one of them');
    const urgedZh = (unit: string) => explainEvent(actor.getSnapshot() as never, ev('case.urge', market, bj('2026-10-08 11:00'), { unit }))?.reasonZh;
    expect(urgedZh('education')).toBe('当前只有综合指挥调度中心可以催办；牵头单位只能督促本案的配合单位；“教育局”不是本案的配合单位');
    expect(urgedZh('locality:王集镇')).toBe('当前只有综合指挥调度中心可以催办；牵头单位只能督促本案的配合单位；“王集镇”不是本案的配合单位');
    expect(actor.getSnapshot().can(ev('case.urge', market, bj('2026-10-08 11:00'), { unit: 'market-regulation' }))).toBe(false);
    expect(actor.getSnapshot().can(ev('case.urge', police, bj('2026-10-08 11:00'), { unit: 'fire-rescue' }))).toBe(false);
    expect(actor.getSnapshot().can(ev('case.urge', center, bj('2026-10-08 11:00'), { unit: 'market-regulation' }))).toBe(true);
    expect(actor.getSnapshot().can(ev('case.urge', center, bj('2026-10-08 11:00'), { unit: 'education' }))).toBe(true);
  });

  it('each cooperating unit acknowledges its task with its staff and equipment (派出相应数量的行政执法人员…提供装备); the lead is told', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    const deadlines = selectDeadlines(actor.getSnapshot() as never, bj('2026-09-05 09:00'));
    expect(deadlines.map((d) => `${d.kind}:${d.unit}:${d.status}`)).toEqual(item1Cooperating.map((unit) => `acknowledgement:${unit}:pending`));
    expect(deadlines[0]).toMatchObject({ dueAt: bj('2026-09-29 09:00'), dueDate: '2026-09-29', workingDays: 0 });
    accept(actor, ev('unit.acknowledge', police, bj('2026-09-05 09:00'), { staff: 6, equipment: '执法记录仪2台' }));
    expect(actor.getSnapshot().context.acknowledgements).toEqual([{ unit: 'public-security', at: bj('2026-09-05 09:00'), staff: 6, equipment: '执法记录仪2台' }]);
    expect(notifications.at(-1)).toMatchObject({ kind: 'taskAcknowledged', recipients: [market], message: expect.stringContaining('6名') });
    expect(actor.getSnapshot().context.deadlines.find((d) => d.unit === 'public-security')).toMatchObject({ status: 'met', doneAt: bj('2026-09-05 09:00') });
    expect(actor.getSnapshot().can(ev('unit.acknowledge', market, bj('2026-09-05 10:00'), { staff: 1 }))).toBe(false);
    expect(explainEvent(actor.getSnapshot() as never, { type: 'unit.acknowledge', by: fire, at: bj('2026-09-05 10:00'), staff: 0 })?.code).toBe('INVALID_EVENT');
  });

  it('missing acknowledgements show as overdue after the time set, are checked and notified, and never block the case', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    accept(actor, ev('unit.acknowledge', police, bj('2026-09-05 09:00'), { staff: 6 }));
    accept(actor, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan() }));
    expect(selectDeadlines(actor.getSnapshot() as never, bj('2026-09-29 10:00')).filter((d) => d.status === 'overdue')).toHaveLength(6);
    accept(actor, ev('deadline.check', sweeper, bj('2026-09-29 10:00')));
    const overdue = notifications.filter((n) => n.kind === 'deadlineOverdue');
    expect(overdue).toHaveLength(6);
    expect(overdue[0]).toMatchObject({ recipients: [fire, market, center], message: expect.stringContaining('确认接收') });
    accept(actor, ev('unit.acknowledge', fire, bj('2026-09-29 10:30'), { staff: 3 }));
    expect(actor.getSnapshot().context.deadlines.find((d) => d.unit === 'fire-rescue')!.status).toBe('late');
    accept(actor, ev('enforcement.end', market, bj('2026-09-30 18:00')));
    const acks = actor.getSnapshot().context.deadlines.filter((d) => d.kind === 'acknowledgement');
    expect(acks.map((d) => d.status)).toEqual(['late', 'met', 'missed', 'missed', 'missed', 'missed', 'missed']);
    expect(acks[2]).toMatchObject({ missedAt: bj('2026-09-30 18:00'), overdueAt: bj('2026-09-29 10:00') });
    expect(actor.getSnapshot().can(ev('unit.acknowledge', police, bj('2026-10-01 10:00'), { staff: 1 }))).toBe(false);
  });

  it('the lead unit publishes information to every participant (统一发布联动执法信息) and records joint meetings (联席会议)', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    enforceItem1(actor);
    accept(actor, ev('info.publish', market, bj('2026-10-01 09:00'), { text: '检查商户126家' }));
    expect(notifications.at(-1)).toMatchObject({ kind: 'infoPublished', recipients: [center, ...item1Cooperating.map((unit) => ({ unit }))] });
    accept(actor, ev('meeting.record', market, bj('2026-10-01 10:00'), { heldAt: bj('2026-10-01 09:30'), attendees: ['市场监管局', '公安局'], decisions: '统一整改时限' }));
    expect(actor.getSnapshot().context.meetings).toEqual([{ by: market, at: bj('2026-10-01 10:00'), heldAt: bj('2026-10-01 09:30'), attendees: ['市场监管局', '公安局'], decisions: '统一整改时限' }]);
    const future = ev('meeting.record', market, bj('2026-10-01 11:00'), { heldAt: bj('2026-10-02 09:00'), attendees: ['x'], decisions: 'y' });
    expect(explainEvent(actor.getSnapshot() as never, future)?.reason).toContain('once it was held');
    const beforeOpening = ev('meeting.record', market, bj('2026-10-01 11:00'), { heldAt: bj('2026-08-01 09:00'), attendees: ['x'], decisions: 'y' });
    expect(explainEvent(actor.getSnapshot() as never, beforeOpening)?.reason).toContain('before the case was opened');
    for (const by of [police, center]) expect(actor.getSnapshot().can(ev('info.publish', by, bj('2026-10-01 11:00'), { text: 'x' })), JSON.stringify(by)).toBe(false);
  });

  it('the results carry the lead’s review and lessons (加强对联动执法工作的研讨和总结)', () => {
    const { actor } = startCase();
    approveApplication(actor);
    enforceItem1(actor);
    accept(actor, ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '检查商户126家', lessons: '夜查效果好，下次提前通报' } }));
    accept(actor, ev('case.archive', center, bj('2026-10-10 10:00')));
    expect(actor.getSnapshot().output?.results).toMatchObject({ lessons: '夜查效果好，下次提前通报' });
  });
});

describe('rules the seed implies', () => {
  const returned = () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('legal.return', justice, bj('2026-09-02 10:00'), { reason: '缺少执法依据' }));
    return { actor, notifications };
  };
  const approved = (input = applicationInput()) => {
    const { actor, notifications } = startCase(input);
    if (input.origin === 'application') approveApplication(actor);
    return { actor, notifications };
  };
  const dispatch = (payload: Record<string, unknown> = {}, by: Actor = center) =>
    ev('task.dispatch', by, bj('2026-09-04 10:00'), { place: '现场', startAt: bj('2026-09-05 09:00'), ...payload });
  const reasonOf = (actor: CaseActor, event: CaseEvent) => explainEvent(actor.getSnapshot() as never, event)?.reason;

  it('after 法制审核退回 the center may supplement its 初审材料 and send them to legal review again, saying what it added', () => {
    const { actor, notifications } = returned();
    expect(reasonOf(actor, ev('review.pass', center, bj('2026-09-02 11:00')))).toContain('note');
    accept(actor, ev('review.pass', center, bj('2026-09-02 11:00'), { note: '已补充执法依据' }));
    expect(path(actor)).toBe('legalReview');
    expect(selectHistory(actor.getSnapshot() as never).at(-1)).toMatchObject({ from: 'returned', to: 'legalReview', note: '已补充执法依据' });
    expect(notifications.at(-1)).toMatchObject({ kind: 'legalReviewRequested', recipients: [justice] });
  });

  it('an application or a center-initiated case is joint enforcement: its dispatch needs a cooperating unit; a leader’s assignment may go to one unit (指派专门单位开展行政执法)', () => {
    expect(reasonOf(approved().actor, dispatch({ cooperating: [] }))).toContain('at least one cooperating unit');
    const initiated = startCase(centerInitiated(center)).actor;
    accept(initiated, ev('leader.approve', inCharge, bj('2026-11-02 10:00')));
    expect(initiated.getSnapshot().can(ev('task.dispatch', center, bj('2026-11-02 11:00'), { place: '现场', startAt: bj('2026-11-03 09:00'), cooperating: [] }))).toBe(false);
    const assigned = startCase(leaderAssignment(center)).actor;
    accept(assigned, ev('task.dispatch', center, bj('2026-09-20 10:00'), { place: '现场', startAt: bj('2026-09-21 09:00'), cooperating: [] }));
    expect(assigned.getSnapshot().context.assignment?.cooperating).toEqual([]);
  });

  it('replacing the catalog’s lead unit needs a reason, recorded in the history; keeping it takes none', () => {
    const { actor, notifications } = approved();
    expect(reasonOf(actor, dispatch({ lead: 'public-security' }))).toContain('leadChangeReason');
    expect(reasonOf(actor, dispatch({ leadChangeReason: '无' }))).toContain('is that unit');
    expect(reasonOf(actor, dispatch({ lead: 'market-regulation', leadChangeReason: '无' }))).toContain('is that unit');
    accept(actor, dispatch({ lead: 'public-security', leadChangeReason: '以治安整治为主' }));
    expect(actor.getSnapshot().context.assignment?.leadChangeReason).toBe('以治安整治为主');
    expect(selectHistory(actor.getSnapshot() as never).at(-1)).toMatchObject({ type: 'task.dispatch', leadChangeReason: '以治安整治为主' });
    expect(notifications.find((n) => n.kind === 'dispatched')!.message).toContain('调整牵头单位：以治安整治为主');
    const noItem = approved(applicationInput({ itemNo: undefined })).actor;
    expect(reasonOf(noItem, dispatch({ lead: 'public-security', cooperating: ['health'], leadChangeReason: 'x' }))).toContain('no item');
  });

  it('the command center, the legal-review unit, a court, a procuratorate or an enterprise is never the lead', () => {
    const { actor } = approved();
    for (const [lead, why] of [['command-center', 'dispatches'], ['justice', 'legal-review'], ['court', 'court or procuratorate'], ['procuratorate', 'court or procuratorate'], ['power-supply', 'enterprise']] as const) {
      expect(reasonOf(actor, dispatch({ lead, leadChangeReason: '调整' })), lead).toContain(why);
    }
  });

  it('按照指定的时间: the time set is not before the dispatch, and enforcement does not end before it', () => {
    const { actor } = approved();
    expect(reasonOf(actor, dispatch({ startAt: bj('2026-09-04 09:59') }))).toContain('startAt');
    accept(actor, dispatch({ startAt: bj('2026-09-04 10:00') }));
    const later = approved().actor;
    accept(later, dispatch({ startAt: bj('2026-09-29 09:00') }));
    accept(later, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan() }));
    expect(reasonOf(later, ev('enforcement.end', market, bj('2026-09-29 08:59')))).toContain('before the time the dispatch set');
    accept(later, ev('enforcement.end', market, bj('2026-09-29 09:00')));
  });

  it('the work plan 明确 each unit’s duty, the work, the methods, the steps, the time limits and the contingency plan', () => {
    const { actor } = approved();
    accept(actor, dispatch());
    const submit = (plan: unknown) => ({ type: 'plan.submit', by: market, at: bj('2026-09-04 11:00'), plan }) as CaseEvent;
    for (const part of ['content', 'methods', 'steps', 'timeLimits', 'contingency', 'division'] as const) {
      const { [part]: _omitted, ...plan } = item1Plan();
      expect(explainEvent(actor.getSnapshot() as never, submit(plan)), part).toMatchObject({ code: 'INVALID_EVENT', issues: [{ path: ['event', 'plan', part] }] });
    }
    expect(explainEvent(actor.getSnapshot() as never, submit({ ...item1Plan(), timeLimit: '旧字段' }))?.code).toBe('INVALID_EVENT');
    expect(reasonOf(actor, submit(planFor(['market-regulation', 'public-security'])))).toContain('missing: 消防救援大队');
    expect(reasonOf(actor, submit(planFor([...item1Cooperating, 'education'])))).toContain('"education" is not taking part');
    expect(reasonOf(actor, submit(planFor([...item1Cooperating, 'public-security'])))).toContain('twice');
    accept(actor, submit(planFor([...item1Cooperating])));
    expect(actor.getSnapshot().context.plan).toMatchObject({ revision: 1, timeLimits: expect.any(String) });
  });
});

describe('报经分管县领导同意: a roster of county leaders', () => {
  const roster = [
    { name: '张县长', post: 'principal', oversees: [] },
    { name: '李副县长', post: 'inCharge', oversees: ['fire-rescue', 'emergency-management'] },
    { name: '王副县长', post: 'inCharge', oversees: ['market-regulation'] },
  ] as const;
  const machine = createCaseMachine({ leaders: roster });
  const wang = { leader: { name: '王副县长', post: 'inCharge' } } as const;

  it('with a roster, consent comes from the in-charge leader overseeing the item’s lead unit, or from the principal leader', () => {
    const { actor, notifications } = startCase(centerInitiated(center, 39), machine);
    expect(notifications[0]!.recipients).toEqual([{ leader: { name: '李副县长', post: 'inCharge' } }]);
    expect(actor.getSnapshot().can(ev('leader.approve', wang, bj('2026-11-02 10:00')))).toBe(false);
    expect(actor.getSnapshot().can(ev('leader.approve', { leader: { name: '赵副县长', post: 'inCharge' } }, bj('2026-11-02 10:00')))).toBe(false);
    expect(actor.getSnapshot().can(ev('leader.approve', principal, bj('2026-11-02 10:00')))).toBe(true);
    accept(actor, ev('leader.approve', inCharge, bj('2026-11-02 10:00')));
    expect(path(actor)).toBe('dispatching');
    const noItem = startCase(centerInitiated(center, null), machine).actor;
    expect(noItem.getSnapshot().can(ev('leader.approve', wang, bj('2026-11-02 10:00')))).toBe(true);
  });

  it('without a roster, any in-charge leader or the principal leader consents', () => {
    const { actor, notifications } = startCase(centerInitiated(center, 39));
    expect(notifications[0]!.recipients).toEqual([{ group: 'inChargeLeaders' }]);
    expect(actor.getSnapshot().can(ev('leader.approve', wang, bj('2026-11-02 10:00')))).toBe(true);
    expect(actor.getSnapshot().can(ev('leader.approve', principal, bj('2026-11-02 10:00')))).toBe(true);
  });

  it('with a roster, only its leaders approve and assign; leaderApproval takes any of them', () => {
    const { actor } = startCase(applicationInput(), machine);
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('legal.approve', justice, bj('2026-09-02 10:00')));
    expect(actor.getSnapshot().can(ev('leader.approve', { leader: { name: '赵副县长', post: 'inCharge' } }, bj('2026-09-03 10:00')))).toBe(false);
    expect(actor.getSnapshot().can(ev('leader.approve', inCharge, bj('2026-09-03 10:00')))).toBe(true);
    expect(opens(leaderAssignment(center, { name: '赵副县长', post: 'inCharge' }), machine)).toBe(false);
    expect(opens(leaderAssignment(center, { name: '王副县长', post: 'inCharge' }), machine)).toBe(true);
  });

  it('refuses a roster with an unknown unit, a leader twice, or no principal leader', () => {
    expect(codeOf(() => createCaseMachine({ leaders: [...roster, { name: '钱副县长', post: 'inCharge', oversees: ['tax'] }] }))).toBe('INVALID_INPUT');
    expect(codeOf(() => createCaseMachine({ leaders: [...roster, roster[1]] }))).toBe('INVALID_INPUT');
    expect(codeOf(() => createCaseMachine({ leaders: roster.slice(1) }))).toBe('INVALID_INPUT');
    expect(codeOf(() => createCaseMachine({ leaders: [] }))).toBe('INVALID_INPUT');
    expect(codeOf(() => createCaseMachine({ leaders: [{ name: '张县长', post: 'mayor', oversees: [] }] as never }))).toBe('INVALID_INPUT');
  });
});

describe('withdrawal (撤回)', () => {
  it('before a county leader has approved, withdrawal notifies everyone who has acted on the case', () => {
    const { actor, notifications } = startCase(emergencyRequest());
    accept(actor, ev('emergency.report', market, bj('2026-11-03 02:10')));
    accept(actor, ev('application.withdraw', fire, bj('2026-11-03 02:20'), { reason: '已自行处置完毕' }));
    expect(notifications.at(-1)).toMatchObject({ kind: 'withdrawn', recipients: [center, market], message: expect.stringContaining('消防救援大队撤回') });
    const reviewed = startCase();
    accept(reviewed.actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(reviewed.actor, ev('legal.approve', justice, bj('2026-09-02 10:00')));
    accept(reviewed.actor, ev('application.withdraw', market, bj('2026-09-02 11:00'), { reason: '问题已解决' }));
    expect(reviewed.notifications.at(-1)!.recipients).toEqual([center, justice]);
  });

  it('a leader’s assignment cannot be withdrawn, and says why', () => {
    const { actor } = startCase(leaderAssignment(center));
    expect(explainEvent(actor.getSnapshot() as never, ev('application.withdraw', center, bj('2026-09-20 10:00'), { reason: 'x' }))?.reason).toContain('assigned the case (交办)');
  });
});

describe('acknowledgements in a whole case', () => {
  it('an item-1 case archived with every unit acknowledged has every deadline met', () => {
    const { actor } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    acknowledgeItem1(actor);
    accept(actor, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan() }));
    accept(actor, ev('enforcement.end', market, bj('2026-09-30 18:00')));
    accept(actor, ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '结果' } }));
    accept(actor, ev('case.archive', center, bj('2026-10-10 10:00')));
    expect(actor.getSnapshot().output).toMatchObject({ deadlinesMet: true, acknowledgements: expect.arrayContaining([expect.objectContaining({ unit: 'fire-rescue', staff: 2 })]) });
  });
});
