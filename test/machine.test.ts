import { describe, expect, it } from 'vitest';
import { createActor, createMachine } from 'xstate';
import { siyangCatalog } from '../catalog/siyang.js';
import { caseMachine } from '../machines/caseMachine.js';
import { createCaseMachine, parseCaseInput } from '../machines/createCaseMachine.js';
import { allowedEvents, explainEvent, selectDeadlines, selectHistory, selectState } from '../machines/selectors.js';
import { isLinkedEnforcementError } from '../src/errors.js';
import type { CaseInput } from '../machines/schemas.js';
import {
  accept,
  applicationInput,
  planFor,
  type CaseActor,
  approveApplication,
  bj,
  documentRef,
  center,
  enforceItem1,
  ev,
  fire,
  inCharge,
  item1Cooperating,
  justice,
  market,
  police,
  principal,
  startCase,
  sweeper,
} from './_lib/cases.js';
import { codeOf, errorOf } from './_lib/errors.js';

const path = (actor: { getSnapshot(): { value: unknown } }) => selectState(actor.getSnapshot() as never).path;
const resultsDeadline = (actor: CaseActor) => actor.getSnapshot().context.deadlines.find((deadline) => deadline.kind === 'resultsUpload');

describe('the application path (附件1)', () => {
  it('runs apply → 初审 → 法制审核 → 领导审批 → 派送 → 执法 → 反馈 → 汇总存档 with item 1’s eight units', () => {
    const { actor, notifications } = startCase();
    expect(path(actor)).toBe('preliminaryReview');
    approveApplication(actor);
    expect(path(actor)).toBe('dispatching');
    enforceItem1(actor);
    expect(path(actor)).toBe('enforcing.reporting');
    for (const unit of item1Cooperating) {
      accept(actor, ev('unit.report', { unit }, bj('2026-10-08 10:00'), { summary: `${unit} 法律文书`, documents: [documentRef(`${unit} 检查记录.pdf`)] }));
    }
    accept(actor, ev('results.upload', market, bj('2026-10-12 17:00'), { results: { summary: '检查商户120家，整改隐患15处', figures: { inspected: 120 }, documents: [documentRef('处罚决定书.pdf')] } }));
    expect(path(actor)).toBe('aggregating');
    accept(actor, ev('case.archive', center, bj('2026-10-14 09:00'), { summary: '已汇总' }));

    const snapshot = actor.getSnapshot();
    expect(snapshot.status).toBe('done');
    expect(snapshot.value).toBe('archived');
    const dossier = snapshot.output!;
    expect(dossier.outcome).toBe('archived');
    expect(dossier.assignment?.lead).toEqual({ unit: 'market-regulation', label: '市场监管局' });
    expect(dossier.assignment?.cooperating.map((p) => p.unit)).toEqual([...item1Cooperating]);
    expect(dossier.opinions.map((o) => `${o.kind}:${o.decision}`)).toEqual(['preliminaryReview:pass', 'legalReview:approve', 'leader:approve']);
    expect(dossier.plan?.summary).toBe('分三组检查消防、食品和秩序');
    expect(dossier.reports).toHaveLength(7);
    expect(dossier.reports[0]!.documents).toEqual([documentRef('fire-rescue 检查记录.pdf')]);
    expect(dossier.results?.missingReports).toEqual([]);
    expect(dossier.results?.documents).toEqual([documentRef('处罚决定书.pdf')]);
    expect(dossier.deadlines.find((d) => d.kind === 'resultsUpload')).toMatchObject({ dueDate: '2026-10-13', status: 'met' });
    expect(dossier.deadlines.filter((d) => d.kind === 'acknowledgement').map((d) => `${d.unit}:${d.status}`)).toEqual(item1Cooperating.map((unit) => `${unit}:met`));
    expect(dossier.deadlinesMet).toBe(true);
    expect(dossier.summary).toBe('已汇总');

    const history = selectHistory(snapshot as never);
    expect(history.map((entry) => entry.seq)).toEqual(history.map((_, index) => index));
    expect(history.map((entry) => entry.type)).toEqual([
      'case.open', 'review.pass', 'legal.approve', 'leader.approve', 'task.dispatch', ...item1Cooperating.map(() => 'unit.acknowledge'), 'plan.submit', 'enforcement.end',
      ...item1Cooperating.map(() => 'unit.report'), 'results.upload', 'case.archive',
    ]);
    expect(history[1]).toMatchObject({ from: 'preliminaryReview', to: 'legalReview', by: center, opinion: '符合联动执法要求', label: { zh: '初审通过' } });
    expect(history[4]).toMatchObject({ from: 'dispatching', to: 'enforcing.planning' });
    expect(history.at(-1)).toMatchObject({ from: 'aggregating', to: 'archived' });

    const kinds = notifications.map((n) => n.kind);
    expect(kinds).toEqual([
      'applicationReceived', 'legalReviewRequested', 'approvalRequested', 'approved', 'dispatched', 'dispatched',
      ...item1Cooperating.map(() => 'taskAcknowledged'), ...item1Cooperating.map(() => 'unitReported'), 'resultsUploaded', 'archived',
    ]);
    const [toLead, toCooperating] = notifications.filter((n) => n.kind === 'dispatched');
    expect(toLead!.recipients).toEqual([market]);
    expect(toLead!.message).toContain('2026-09-29 09:00');
    expect(toLead!.message).toContain('城东农贸市场');
    expect(toCooperating!.recipients.map((r) => ('unit' in r ? r.unit : ''))).toEqual([...item1Cooperating]);
  });

  it('rejects at 初审 (驳回) and closes with the reason', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.reject', center, bj('2026-09-01 11:00'), { reason: '不属于联动执法事项' }));
    const snapshot = actor.getSnapshot();
    expect(snapshot.value).toBe('rejected');
    expect(snapshot.output).toMatchObject({ outcome: 'rejected', closingReason: '不属于联动执法事项' });
    expect(notifications.at(-1)).toMatchObject({ kind: 'rejected', recipients: [market] });
  });

  it('returns from 法制审核; the center asks for amendment; the applicant resubmits and it goes through 初审 again', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('legal.return', justice, bj('2026-09-02 10:00'), { reason: '缺少执法依据' }));
    expect(path(actor)).toBe('returned');
    accept(actor, ev('amendment.request', center, bj('2026-09-02 11:00'), { reason: '请补充执法依据' }));
    expect(path(actor)).toBe('awaitingAmendment');
    accept(actor, ev('application.resubmit', market, bj('2026-09-03 09:00'), { note: '已补充' }));
    expect(path(actor)).toBe('preliminaryReview');
    expect(actor.getSnapshot().context.resubmissions).toBe(1);
    accept(actor, ev('review.pass', center, bj('2026-09-03 10:00')));
    accept(actor, ev('legal.approve', justice, bj('2026-09-04 10:00')));
    expect(path(actor)).toBe('leaderApproval');
    expect(notifications.map((n) => n.kind)).toContain('returnedForAmendment');
    expect(notifications.filter((n) => n.kind === 'applicationReceived').at(-1)!.message).toContain('第1次补正后重新提交');
  });

  it('lets the center reject a returned application', () => {
    const { actor } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('legal.return', justice, bj('2026-09-02 10:00'), { reason: '不合法' }));
    accept(actor, ev('review.reject', center, bj('2026-09-02 11:00'), { reason: '法制审核不通过' }));
    expect(actor.getSnapshot().output?.outcome).toBe('rejected');
  });

  it('ends as 未批准 when the leader denies', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('legal.approve', justice, bj('2026-09-02 10:00')));
    accept(actor, ev('leader.deny', principal, bj('2026-09-03 10:00'), { reason: '暂缓' }));
    expect(actor.getSnapshot().output).toMatchObject({ outcome: 'notApproved', closingReason: '暂缓' });
    expect(notifications.at(-1)).toMatchObject({ kind: 'notApproved' });
  });

  it('lets the applicant withdraw until a county leader approves, not after', () => {
    for (const steps of [0, 1, 2]) {
      const { actor } = startCase();
      const events = [
        ev('review.pass', center, bj('2026-09-01 10:00')),
        ev('legal.approve', justice, bj('2026-09-02 10:00')),
        ev('leader.approve', inCharge, bj('2026-09-03 10:00')),
      ].slice(0, steps);
      events.forEach((event) => accept(actor, event));
      accept(actor, ev('application.withdraw', market, bj('2026-09-05 10:00'), { reason: '问题已自行解决' }));
      expect(actor.getSnapshot().output?.outcome).toBe('withdrawn');
    }
    const { actor } = startCase();
    approveApplication(actor);
    const withdrawal = ev('application.withdraw', market, bj('2026-09-05 10:00'), { reason: 'x' });
    expect(actor.getSnapshot().can(withdrawal)).toBe(false);
    expect(explainEvent(actor.getSnapshot() as never, withdrawal)).toMatchObject({ code: 'NOT_ALLOWED', reason: expect.stringContaining('a county leader approved the case') });
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    expect(actor.getSnapshot().can(withdrawal)).toBe(false);
  });
});

describe('the direct paths (交办, 因工作需要, 突发事件)', () => {
  it('goes straight to dispatch on a leader’s assignment (交办)', () => {
    const { actor, notifications } = startCase({
      caseId: 'case-2', title: '液化气市场专项整治', itemNo: 20, origin: 'leaderAssignment', leader: principal.leader, instruction: '国庆前完成液化气市场整治', at: bj('2026-09-20 09:00'), by: center,
    });
    expect(path(actor)).toBe('dispatching');
    expect(notifications[0]).toMatchObject({ kind: 'applicationReceived', recipients: [center] });
    accept(actor, ev('task.dispatch', center, bj('2026-09-20 10:00'), { place: '众兴街道', startAt: bj('2026-09-22 09:00'), locality: '众兴街道' }));
    const assignment = actor.getSnapshot().context.assignment!;
    expect(assignment.lead.unit).toBe('housing-construction');
    expect(assignment.cooperating.at(-1)).toEqual({ unit: 'zhongxing-subdistrict', label: '众兴街道', placeholder: '属地乡镇（街道）' });
    expect(actor.getSnapshot().context.opinions).toEqual([]);
  });

  it('needs the in-charge leader’s consent when the center acts on its own need (报经分管县领导同意); the principal leader may give it too', () => {
    const input = { caseId: 'case-3', title: '火灾隐患排查', itemNo: 39, origin: 'centerInitiated', reason: '冬季火灾防控', at: bj('2026-11-02 09:00'), by: center } as const;
    const { actor } = startCase(input);
    expect(path(actor)).toBe('leaderConsent');
    expect(actor.getSnapshot().can(ev('leader.approve', { unit: 'command-center' }, bj('2026-11-02 10:00')))).toBe(false);
    accept(actor, ev('leader.approve', inCharge, bj('2026-11-02 10:00')));
    expect(path(actor)).toBe('dispatching');
    const byPrincipal = startCase(input).actor;
    accept(byPrincipal, ev('leader.approve', principal, bj('2026-11-02 10:00')));
    expect(path(byPrincipal)).toBe('dispatching');

    const denied = startCase(input).actor;
    accept(denied, ev('leader.deny', inCharge, bj('2026-11-02 10:00'), { reason: '不必要' }));
    expect(denied.getSnapshot().output?.outcome).toBe('notApproved');
  });

  it('reports an emergency to the county leaders, who approve before dispatch', () => {
    const { actor, notifications } = startCase({
      caseId: 'case-4', title: '化工企业泄漏', itemNo: 33, origin: 'emergency', reporter: 'industry-information', description: '某化工企业发生泄漏', at: bj('2026-11-03 02:00'), by: { unit: 'industry-information' },
    });
    expect(path(actor)).toBe('emergencyApproval');
    expect(notifications[0]).toMatchObject({ recipients: [{ group: 'countyLeaders' }] });
    accept(actor, ev('leader.approve', principal, bj('2026-11-03 02:30')));
    accept(actor, ev('task.dispatch', center, bj('2026-11-03 02:40'), { place: '化工园区', startAt: bj('2026-11-03 03:00') }));
    expect(actor.getSnapshot().context.assignment?.lead.unit).toBe('industry-information');
  });
});

describe('dispatch (派送)', () => {
  const dispatch = (payload: Record<string, unknown>) => ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '现场', startAt: bj('2026-09-05 09:00'), ...payload });
  const approved = (input = applicationInput()) => {
    const { actor } = startCase(input);
    approveApplication(actor);
    return actor;
  };

  it('refuses an item naming 属地… without a locality, and says why', () => {
    const actor = approved(applicationInput({ itemNo: 16 }));
    expect(actor.getSnapshot().can(dispatch({}))).toBe(false);
    expect(explainEvent(actor.getSnapshot() as never, dispatch({}))).toMatchObject({ code: 'NOT_ALLOWED', reason: expect.stringContaining('属地乡镇（街道）') });
    accept(actor, dispatch({ locality: '王集镇' }));
    expect(actor.getSnapshot().context.assignment?.cooperating.at(-1)).toMatchObject({ unit: 'locality:王集镇', label: '王集镇' });
  });

  it('lets the center override lead and cooperating units', () => {
    const actor = approved();
    accept(actor, dispatch({ lead: '公安局', leadChangeReason: '以治安整治为主', cooperating: ['market-regulation', { unit: 'publicity', as: '网信办' }] }));
    const assignment = actor.getSnapshot().context.assignment!;
    expect(assignment.lead).toEqual({ unit: 'public-security', label: '公安局' });
    expect(assignment.cooperating).toEqual([
      { unit: 'market-regulation', label: '市场监管局' },
      { unit: 'publicity', label: '宣传部（网信办）', as: '网信办' },
    ]);
  });

  it('drops a new lead from the default cooperating list', () => {
    const actor = approved();
    accept(actor, dispatch({ lead: 'public-security', leadChangeReason: '以治安整治为主' }));
    expect(actor.getSnapshot().context.assignment!.cooperating.map((p) => p.unit)).not.toContain('public-security');
  });

  it('refuses unknown units, a lead also cooperating, a unit twice, and a case without item or lead', () => {
    const actor = approved();
    for (const payload of [{ lead: '税务局', leadChangeReason: 'x' }, { cooperating: ['market-regulation'] }, { cooperating: ['public-security', '公安局'] }, { lead: 'local-subdistrict', leadChangeReason: 'x' }]) {
      expect(actor.getSnapshot().can(dispatch(payload))).toBe(false);
    }
    const noItem = approved(applicationInput({ itemNo: undefined }));
    expect(explainEvent(noItem.getSnapshot() as never, dispatch({}))?.reason).toContain('must name the lead unit');
    accept(noItem, dispatch({ lead: 'public-security', cooperating: ['market-regulation'] }));
    expect(noItem.getSnapshot().context.assignment?.cooperating).toEqual([{ unit: 'market-regulation', label: '市场监管局' }]);
  });
});

describe('the results deadline (执法结束后5个工作日内上传)', () => {
  const reporting = () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    enforceItem1(actor);
    return { actor, notifications };
  };

  it('computes the due date across the National Day holiday: ended 2026-09-30 18:00 → due 2026-10-13', () => {
    const { actor } = reporting();
    const deadline = selectDeadlines(actor.getSnapshot() as never, bj('2026-10-01 09:00')).find((d) => d.kind === 'resultsUpload');
    expect(deadline).toMatchObject({ kind: 'resultsUpload', unit: 'market-regulation', dueDate: '2026-10-13', status: 'pending', provisional: false });
    expect(Date.parse(deadline!.dueAt)).toBeGreaterThan(Date.parse(bj('2026-10-13 23:59')));
    expect(Date.parse(deadline!.dueAt)).toBeLessThan(Date.parse(bj('2026-10-14 00:00')) + 1);
  });

  it('marks an upload after dueAt late', () => {
    const { actor } = reporting();
    accept(actor, ev('results.upload', market, bj('2026-10-14 09:00'), { results: { summary: '迟交' } }));
    expect(resultsDeadline(actor)).toMatchObject({ status: 'late', doneAt: bj('2026-10-14 09:00') });
  });

  it('marks an upload on the due date met', () => {
    const { actor } = reporting();
    accept(actor, ev('results.upload', market, bj('2026-10-13 23:00'), { results: { summary: '按时' } }));
    expect(resultsDeadline(actor)!.status).toBe('met');
  });

  it('marks a check after dueAt with nothing uploaded overdue, and notifies', () => {
    const { actor, notifications } = reporting();
    expect(actor.getSnapshot().can(ev('deadline.check', sweeper, bj('2026-10-13 12:00')))).toBe(false);
    expect(selectDeadlines(actor.getSnapshot() as never, bj('2026-10-14 00:01')).find((d) => d.kind === 'resultsUpload')!.status).toBe('overdue');
    accept(actor, ev('deadline.check', sweeper, bj('2026-10-14 00:01')));
    expect(resultsDeadline(actor)).toMatchObject({ status: 'overdue', overdueAt: bj('2026-10-14 00:01') });
    expect(notifications.at(-1)).toMatchObject({ kind: 'deadlineOverdue', recipients: [market, center] });
    expect(notifications.at(-1)!.message).toContain('2026-10-13');
    accept(actor, ev('results.upload', market, bj('2026-10-15 09:00'), { results: { summary: '逾期上传' } }));
    expect(resultsDeadline(actor)!.status).toBe('late');
    expect(actor.getSnapshot().can(ev('deadline.check', sweeper, bj('2026-10-16 00:00')))).toBe(false);
  });

  it('uses another county’s working-day count', () => {
    const machine = createCaseMachine({ resultsDueWorkingDays: 3 });
    const { actor } = startCase(applicationInput(), machine);
    approveApplication(actor);
    enforceItem1(actor);
    // 10-08, 10-09, then Saturday 10-10: a make-up working day (调休)
    expect(resultsDeadline(actor)!.dueDate).toBe('2026-10-10');
  });
});

describe('notification recipients: each once, in order of first appearance', () => {
  const archive = (input: ReturnType<typeof applicationInput>, lead?: string) => {
    const { actor, notifications } = startCase(input);
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00'), ...(lead === undefined ? {} : { lead, leadChangeReason: '调整' }) }));
    const leadUnit = { unit: lead ?? 'market-regulation' };
    const units = [leadUnit.unit, ...actor.getSnapshot().context.assignment!.cooperating.map((p) => p.unit)];
    accept(actor, ev('plan.submit', leadUnit, bj('2026-09-10 10:00'), { plan: planFor(units) }));
    accept(actor, ev('enforcement.end', leadUnit, bj('2026-09-30 18:00')));
    return { actor, notifications, leadUnit };
  };
  const unitsOf = (recipients: readonly object[]) => recipients.map((r) => ('unit' in r ? r.unit : JSON.stringify(r)));

  it('archived: the applicant who is also the lead unit (市场监管局) is told once', () => {
    const { actor, notifications } = archive(applicationInput());
    accept(actor, ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '结果' } }));
    accept(actor, ev('case.archive', center, bj('2026-10-10 10:00')));
    expect(unitsOf(notifications.find((n) => n.kind === 'archived')!.recipients)).toEqual(['market-regulation', ...item1Cooperating]);
  });

  it('archived: an applicant that cooperated keeps its first place, among the cooperating units', () => {
    const { actor, notifications } = archive(applicationInput({ applicant: 'public-security' }));
    accept(actor, ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '结果' } }));
    accept(actor, ev('case.archive', center, bj('2026-10-10 10:00')));
    expect(unitsOf(notifications.find((n) => n.kind === 'archived')!.recipients)).toEqual(['market-regulation', ...item1Cooperating]);
  });

  it('deadlineOverdue: a lead that is also the applicant is told once, with the center', () => {
    const { actor, notifications } = archive(applicationInput({ applicant: 'public-security' }), 'public-security');
    accept(actor, ev('deadline.check', sweeper, bj('2026-10-14 00:01')));
    expect(notifications.at(-1)).toMatchObject({ kind: 'deadlineOverdue', recipients: [police, center] });
  });

  it('approved and notApproved: the center and the applicant, each once', () => {
    const approvedCase = startCase();
    approveApplication(approvedCase.actor);
    expect(approvedCase.notifications.find((n) => n.kind === 'approved')!.recipients).toEqual([center, market]);
    const denied = startCase();
    accept(denied.actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(denied.actor, ev('legal.approve', justice, bj('2026-09-02 10:00')));
    accept(denied.actor, ev('leader.deny', principal, bj('2026-09-03 10:00'), { reason: '暂缓' }));
    expect(denied.notifications.find((n) => n.kind === 'notApproved')!.recipients).toEqual([center, market]);
  });
});

describe('cooperating reports (配合单位报送)', () => {
  it('does not hold up the lead’s upload; lists and notifies the missing units; accepts late reports', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    enforceItem1(actor);
    accept(actor, ev('unit.report', fire, bj('2026-10-08 10:00'), { summary: '消防检查记录' }));
    accept(actor, ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '结果' } }));
    const missing = item1Cooperating.filter((unit) => unit !== 'fire-rescue');
    expect(actor.getSnapshot().context.results?.missingReports).toEqual(missing);
    const [toCenter, toMissing] = notifications.filter((n) => n.kind === 'resultsUploaded');
    expect(toCenter!.message).toContain('尚未报送');
    expect(toMissing!.recipients).toEqual(missing.map((unit) => ({ unit })));
    accept(actor, ev('unit.report', police, bj('2026-10-10 10:00'), { summary: '补报' }));
    expect(actor.getSnapshot().context.reports.at(-1)).toMatchObject({ unit: 'public-security', afterUpload: true });
  });

  it('accepts reports only from the case’s cooperating units', () => {
    const { actor } = startCase();
    approveApplication(actor);
    enforceItem1(actor);
    expect(actor.getSnapshot().can(ev('unit.report', market, bj('2026-10-08 10:00'), { summary: 'x' }))).toBe(false);
    expect(actor.getSnapshot().can(ev('unit.report', { unit: 'education' }, bj('2026-10-08 10:00'), { summary: 'x' }))).toBe(false);
  });
});

describe('urging (催办)', () => {
  it('records the urge and notifies the unit', () => {
    const { actor, notifications } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('case.urge', center, bj('2026-09-05 10:00'), { unit: 'justice', message: '请于本周内完成审核' }));
    expect(path(actor)).toBe('legalReview');
    expect(actor.getSnapshot().context.urges).toEqual([{ unit: 'justice', at: bj('2026-09-05 10:00'), by: center, message: '请于本周内完成审核' }]);
    expect(notifications.at(-1)).toMatchObject({ kind: 'urged', recipients: [justice] });
    expect(selectHistory(actor.getSnapshot() as never).at(-1)).toMatchObject({ type: 'case.urge', from: 'legalReview', to: 'legalReview', unit: 'justice' });
    expect(actor.getSnapshot().can(ev('case.urge', center, bj('2026-09-05 11:00'), { unit: 'nobody' }))).toBe(false);
    expect(actor.getSnapshot().can(ev('case.urge', justice, bj('2026-09-05 11:00'), { unit: 'justice' }))).toBe(false);
  });
});

describe('event rules', () => {
  it('refuses an event dated before the case’s last event', () => {
    const { actor } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-02 10:00')));
    const backdated = ev('legal.approve', justice, bj('2026-09-02 09:00'));
    expect(actor.getSnapshot().can(backdated)).toBe(false);
    expect(explainEvent(actor.getSnapshot() as never, backdated)?.reason).toContain('before the case');
  });

  it('explains malformed, out-of-state and unauthorised events', () => {
    const { actor } = startCase();
    const snapshot = actor.getSnapshot() as never;
    expect(explainEvent(snapshot, { type: 'review.reject', by: center, at: bj('2026-09-01 10:00') })).toMatchObject({ code: 'INVALID_EVENT', issues: [{ path: ['event', 'reason'] }] });
    expect(explainEvent(snapshot, { type: 'review.pass', by: center, at: '2026-09-01 10:00' })?.code).toBe('INVALID_EVENT');
    expect(explainEvent(snapshot, { type: 'nonsense' })?.code).toBe('INVALID_EVENT');
    expect(explainEvent(snapshot, ev('legal.approve', justice, bj('2026-09-01 10:00')))).toMatchObject({ code: 'NOT_ALLOWED', reason: expect.stringContaining('not possible in 初审') });
    expect(explainEvent(snapshot, ev('review.pass', police, bj('2026-09-01 10:00')))).toMatchObject({ code: 'NOT_ALLOWED', reason: expect.stringContaining('综合指挥调度中心') });
    expect(explainEvent(snapshot, ev('review.pass', center, bj('2026-09-01 10:00')))).toBeUndefined();
  });

  it('leaves the case unchanged on a refused event', () => {
    const { actor } = startCase();
    const before = actor.getSnapshot();
    actor.send(ev('review.pass', police, bj('2026-09-01 10:00')));
    actor.send({ type: 'review.pass' } as never);
    expect(actor.getSnapshot()).toBe(before);
  });

  it('lists the events an actor may send (for UI buttons)', () => {
    const { actor } = startCase();
    expect(allowedEvents(actor.getSnapshot() as never, center).sort()).toEqual(['review.pass', 'review.reject']);
    expect(allowedEvents(actor.getSnapshot() as never, market)).toEqual(['application.withdraw']);
    expect(allowedEvents(actor.getSnapshot() as never, justice)).toEqual([]);
    approveApplication(actor);
    enforceItem1(actor);
    expect(allowedEvents(actor.getSnapshot() as never, market).sort()).toEqual(['case.urge', 'info.publish', 'meeting.record', 'results.upload']);
    expect(allowedEvents(actor.getSnapshot() as never, fire)).toEqual(['unit.report']);
    expect(allowedEvents(actor.getSnapshot() as never, sweeper)).toEqual(['deadline.check']);
    expect(allowedEvents(actor.getSnapshot() as never, center).sort()).toEqual(['case.urge', 'deadline.check']);
  });

  it('validates the helpers’ arguments', () => {
    const { actor } = startCase();
    expect(codeOf(() => allowedEvents(actor.getSnapshot() as never, { unit: '' } as never))).toBe('INVALID_INPUT');
    expect(codeOf(() => allowedEvents({} as never, center))).toBe('INVALID_INPUT');
    expect(codeOf(() => selectDeadlines(actor.getSnapshot() as never, 'tomorrow'))).toBe('INVALID_INPUT');
    expect(codeOf(() => selectHistory(null as never))).toBe('INVALID_INPUT');
    expect(codeOf(() => createCaseMachine({ resultsDueWorkingDays: 0 }))).toBe('INVALID_INPUT');
    expect(codeOf(() => createCaseMachine({ calendar: {} as never }))).toBe('INVALID_INPUT');
  });
});

describe('case input', () => {
  const codeOf = (input: unknown) => {
    const snapshot = createActor(caseMachine, { input: input as never }).getSnapshot();
    let thrown: unknown;
    try {
      parseCaseInput(input);
    } catch (error) {
      thrown = error;
    }
    // XState keeps a failed start in the snapshot; parseCaseInput throws the same error up front.
    expect(snapshot.status).toBe('error');
    expect((snapshot.error as Error).message).toBe((thrown as Error).message);
    const error = snapshot.error;
    return isLinkedEnforcementError(error) ? { code: error.code, issues: error.issues.map((issue) => issue.path.join('.')) } : { code: 'other', issues: [String(error)] };
  };

  it('fails with INVALID_INPUT naming every bad field', () => {
    expect(codeOf({ ...applicationInput(), at: '2026-09-01' })).toMatchObject({ code: 'INVALID_INPUT', issues: ['input.at'] });
    expect(codeOf({ ...applicationInput(), origin: 'rumour' }).code).toBe('INVALID_INPUT');
    expect(codeOf({ ...applicationInput(), title: '  ', caseId: '' }).issues.sort()).toEqual(['input.caseId', 'input.title']);
    expect(codeOf({ ...applicationInput(), itemNo: 40 }).code).toBe('INVALID_INPUT');
    expect(codeOf({ ...applicationInput(), applicant: '税务局' }).code).toBe('INVALID_INPUT');
    expect(codeOf(undefined).code).toBe('INVALID_INPUT');
  });

  it('accepts a township applicant outside the catalog', () => {
    const { actor } = startCase(applicationInput({ applicant: 'locality:王集镇' } as never));
    expect(actor.getSnapshot().context.initiator).toBe('locality:王集镇');
    expect(siyangCatalog.findUnit('王集镇')).toBeUndefined();
  });
});

describe('review fixes: dispatch references and machine options', () => {
  const approved = () => {
    const { actor } = startCase();
    approveApplication(actor);
    return actor;
  };
  const dispatch = (payload: Record<string, unknown>) => ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '现场', startAt: bj('2026-09-05 09:00'), ...payload });

  it('refuses a capacity the unit does not have and a locality that is no place', () => {
    const actor = approved();
    expect(explainEvent(actor.getSnapshot() as never, dispatch({ lead: { unit: 'public-security', as: '民宗局' } }))?.reason).toContain('does not act as 民宗局');
    expect(actor.getSnapshot().can(dispatch({ cooperating: [{ unit: '市场监管局', as: '网信办' }] }))).toBe(false);
    expect(actor.getSnapshot().can(dispatch({ lead: 'locality:公安局' }))).toBe(false);
    expect(actor.getSnapshot().can(dispatch({ lead: { unit: 'united-front', as: '民宗局' }, leadChangeReason: '涉及宗教场所' }))).toBe(true);
  });

  it('refuses center and legal-review units the catalog does not have', () => {
    expect(codeOf(() => createCaseMachine({ centerUnit: 'nope' }))).toBe('INVALID_INPUT');
    expect(codeOf(() => createCaseMachine({ legalReviewUnit: 'local-subdistrict' }))).toBe('INVALID_INPUT');
    expect(codeOf(() => createCaseMachine({ legalReviewUnit: 'public-security' }))).toBe('none');
  });

  it('refuses an applicant written with the county in front, naming the id to use', () => {
    expect(() => parseCaseInput(applicationInput({ applicant: 'locality:泗阳县王集镇' } as never))).toThrow(/locality:王集镇/);
  });
});

describe('descriptions for the inspector and the diagram', () => {
  it('gives every state and every transition a Chinese description (what the people running the process read)', () => {
    const chinese = /\p{Script=Han}/u;
    const missing: string[] = [];
    const visit = (node: typeof caseMachine.root) => {
      const name = node.path.join('.') || '(machine)';
      if (!chinese.test(node.description ?? '')) missing.push(name);
      for (const [type, transitions] of node.transitions) {
        for (const transition of transitions) if (!chinese.test(transition.description ?? '')) missing.push(`${name} ${type}`);
      }
      for (const child of Object.values(node.states)) visit(child);
    };
    visit(createCaseMachine().root);
    expect(missing).toEqual([]);
  });

  it('groups the stages for UIs with one tag each: review, approval, active, closed', () => {
    const tags = Object.fromEntries(Object.entries(createCaseMachine().root.states).map(([key, node]) => [key, [...node.tags]]));
    expect(tags).toEqual({
      opening: [],
      preliminaryReview: ['review'], legalReview: ['review'], returned: ['review'], awaitingAmendment: ['review'],
      leaderApproval: ['approval'], leaderConsent: ['approval'], leadReview: ['approval'], emergencyApproval: ['approval'],
      dispatching: ['active'], enforcing: ['active'], aggregating: ['active'],
      archived: ['closed'], rejected: ['closed'], notApproved: ['closed'], declined: ['closed'], withdrawn: ['closed'],
    });
    const { actor } = startCase();
    expect(actor.getSnapshot().hasTag('review')).toBe(true);
    approveApplication(actor);
    enforceItem1(actor);
    expect(actor.getSnapshot().hasTag('active')).toBe(true);
  });
});

describe('why an event is refused (explainEvent, the engine’s NOT_ALLOWED)', () => {
  it('names who may send it, the time rule, and the rule of the event', () => {
    const { actor } = startCase();
    const reasonOf = (event: unknown) => explainEvent(actor.getSnapshot() as never, event);
    expect(reasonOf(ev('review.pass', police, bj('2026-09-01 10:00')))).toEqual({
      code: 'NOT_ALLOWED',
      reason: 'only 综合指挥调度中心 (the command center) may send review.pass now', reasonZh: expect.any(String),
      issues: [],
    });
    expect(reasonOf(ev('application.withdraw', police, bj('2026-09-01 10:00'), { reason: '撤回' }))?.reason).toBe(
      'only 申请单位 (the unit that started the case) may send application.withdraw now',
    );
    expect(reasonOf(ev('review.pass', center, bj('2026-09-01 08:59')))?.reason).toBe(
      `at (${bj('2026-09-01 08:59')}) is before the case's last event (${bj('2026-09-01 09:00')}); history only moves forward`,
    );
    expect(reasonOf(ev('review.pass', center, bj('2026-09-01 09:00')))).toBeUndefined();
    expect(reasonOf(ev('legal.approve', justice, bj('2026-09-01 10:00')))?.reason).toBe('法制审核通过 (legal.approve) is not possible in 初审 (preliminaryReview)');
    expect(reasonOf({ type: 'review.pass', by: center })).toMatchObject({ code: 'INVALID_EVENT', reason: expect.stringMatching(/^malformed event: event\.at: /) });
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    expect(reasonOf(ev('case.urge', center, bj('2026-09-02 10:00'), { unit: 'nobody' }))?.reason).toBe('unit "nobody" is neither a catalog unit nor taking part in the case');
    expect(reasonOf(ev('case.urge', center, bj('2026-09-02 10:00'), { unit: 'local-subdistrict' }))?.code).toBe('NOT_ALLOWED');
    expect(reasonOf(ev('case.urge', center, bj('2026-09-02 10:00'), { unit: 'market-regulation' }))).toBeUndefined();
    accept(actor, ev('legal.approve', justice, bj('2026-09-02 10:00')));
    accept(actor, ev('leader.approve', inCharge, bj('2026-09-03 10:00')));
    enforceItem1(actor);
    expect(reasonOf(ev('deadline.check', sweeper, bj('2026-10-13 12:00')))?.reason).toBe('no pending deadline has passed at that time');
    expect(reasonOf(ev('unit.report', market, bj('2026-10-08 10:00'), { summary: 'x' }))?.reason).toBe(
      'only 配合单位 (a cooperating unit of the case) may send unit.report now',
    );
    expect(reasonOf(ev('results.upload', fire, bj('2026-10-08 10:00'), { results: { summary: 'x' } }))?.reason).toBe(
      'only 牵头单位 (the case’s lead unit) may send results.upload now',
    );
    expect(reasonOf(ev('deadline.check', police, bj('2026-10-14 10:00')))?.reason).toBe(
      'only 系统时钟或综合指挥调度中心 (the system clock or the command center) may send deadline.check now',
    );
    expect(reasonOf(ev('deadline.check', center, bj('2026-10-14 10:00')))).toBeUndefined();
  });

  it('says why a dispatch is refused', () => {
    const { actor } = startCase(applicationInput({ itemNo: undefined } as never));
    approveApplication(actor);
    // The center's reason, then the emergency route's: only an emergency's lead unit dispatches besides the center.
    const notTheEmergencyLead = '; only 事项牵头单位 (the item’s lead unit, in an emergency) may send task.dispatch now';
    const reasonOf = (payload: Record<string, unknown>) =>
      explainEvent(actor.getSnapshot() as never, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '现场', startAt: bj('2026-09-05 09:00'), ...payload } as never))?.reason;
    const refused = (reason: string) => `${reason}${notTheEmergencyLead}`;
    expect(reasonOf({})).toBe(refused('the case has no catalog item, so the dispatch must name the lead unit'));
    expect(reasonOf({ lead: 'market-regulation', cooperating: ['market-regulation'] })).toBe(refused('市场监管局 cannot be both the lead and a cooperating unit'));
    expect(reasonOf({ lead: 'market-regulation', cooperating: ['fire-rescue', '消防救援大队'] })).toBe(refused('消防救援大队 is listed twice'));
    expect(reasonOf({ lead: 'nobody' })).toBe(refused('lead: unknown unit "nobody"'));
    expect(reasonOf({ lead: 'market-regulation', cooperating: ['fire-rescue', 'nobody'] })).toBe(refused('cooperating[1]: unknown unit "nobody"'));
    expect(reasonOf({ lead: '属地街道' })).toBe(refused('lead: 属地街道 is a placeholder: give the concrete township or sub-district (locality)'));
    expect(reasonOf({ lead: { unit: 'public-security', as: '民宗局' } })).toBe(refused('lead: 公安局 does not act as 民宗局 (its capacities: none)'));
    expect(reasonOf({ lead: { unit: 'united-front', as: '网信办' } })).toBe(refused('lead: 统战部 does not act as 网信办 (its capacities: 民宗局、民族宗教事务局)'));
    expect(reasonOf({ lead: 'market-regulation' })).toBe(
      refused('joint enforcement (联动执法) needs at least one cooperating unit; only a leader’s direct assignment may go to a single unit (指派专门单位)'),
    );
    expect(reasonOf({ lead: 'market-regulation', cooperating: ['fire-rescue'] })).toBeUndefined();
    expect(reasonOf({ lead: 'locality:王集镇', cooperating: ['fire-rescue'] })).toBeUndefined();
  });
});

describe('selectors on open and closed cases', () => {
  it('selectState gives the path, the stage, both labels and whether the case is closed', () => {
    const { actor } = startCase();
    approveApplication(actor);
    enforceItem1(actor);
    expect(selectState(actor.getSnapshot() as never)).toEqual({
      path: 'enforcing.reporting', stage: 'enforcing', label: { zh: '执法结果反馈', en: 'Reporting results' }, stageLabel: { zh: '执法', en: 'Enforcing' }, final: false,
    });
    accept(actor, ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '结果' } }));
    accept(actor, ev('case.archive', center, bj('2026-10-10 10:00'), { summary: '存档' }));
    expect(selectState(actor.getSnapshot() as never)).toMatchObject({ path: 'archived', stage: 'archived', final: true });
    expect(allowedEvents(actor.getSnapshot() as never, center)).toEqual([]);
    expect(explainEvent(actor.getSnapshot() as never, ev('case.urge', center, bj('2026-10-11 10:00'), { unit: 'justice' }))).toEqual({
      code: 'NOT_ALLOWED', reason: 'the case is closed (archived)', reasonZh: expect.any(String), issues: [],
    });
  });

  it('explainEvent lists each problem of a malformed event in its reason and its issues', () => {
    const { actor } = startCase();
    const refusal = explainEvent(actor.getSnapshot() as never, { type: 'review.reject', by: { unit: '' }, at: bj('2026-09-01 10:00') })!;
    expect(refusal.code).toBe('INVALID_EVENT');
    expect(refusal.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['event.by.unit', 'event.reason']);
    expect(refusal.reason).toBe(`malformed event: ${refusal.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    expect(explainEvent(actor.getSnapshot() as never, ev('legal.approve', justice, bj('2026-09-01 10:00')))).toEqual({
      code: 'NOT_ALLOWED', reason: '法制审核通过 (legal.approve) is not possible in 初审 (preliminaryReview)', reasonZh: expect.any(String), issues: [],
    });
  });

  it('refuses what is not a case machine’s snapshot, naming the argument', () => {
    const other = createActor(createMachine({ context: { history: [] }, initial: 'a', states: { a: {} } })).getSnapshot();
    for (const run of [() => selectState(other as never), () => selectHistory({} as never), () => allowedEvents(null as never, center)]) {
      expect(errorOf(run)).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'snapshot' } });
    }
    const { actor } = startCase();
    expect(errorOf(() => allowedEvents(actor.getSnapshot() as never, { unit: '' } as never))).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'by' } });
    expect(errorOf(() => selectDeadlines(actor.getSnapshot() as never, 'soon'))).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'now' } });
    for (const now of [new Date(Number.NaN), 5]) {
      expect(errorOf(() => selectDeadlines(actor.getSnapshot() as never, now as never))).toMatchObject({
        code: 'INVALID_INPUT', message: 'Invalid now: must be a valid Date or ISO instant', context: { argument: 'now' },
      });
    }
  });
});

describe('the opening input and the machine’s options, with their messages', () => {
  const messageOf = (input: unknown) => {
    const error = errorOf(() => parseCaseInput(input)) as { code: string; issues: { message: string }[] };
    expect(error.code).toBe('INVALID_INPUT');
    return error.issues.map((issue) => issue.message).join(' | ');
  };

  it('names an unknown item, an unknown applicant or reporter, and a place that is no township', () => {
    expect(messageOf(applicationInput({ itemNo: 40 }))).toBe('itemNo: the catalog has no item 40');
    expect(messageOf(applicationInput({ applicant: '税务局' }))).toBe(
      'applicant: "税务局" is not a catalog unit id (a township or sub-district outside the catalog is written "locality:<name>")',
    );
    expect(messageOf(applicationInput({ applicant: 'local-subdistrict' }))).toContain('applicant: "local-subdistrict" is not a catalog unit id');
    expect(messageOf(applicationInput({ applicant: 'locality:洋河' }))).toMatch(/^applicant: "洋河" is neither a known unit nor a name ending in 街道, 镇 or 乡/);
    expect(messageOf(applicationInput({ itemNo: 40, applicant: '税务局' }))).toBe(
      'itemNo: the catalog has no item 40; applicant: "税务局" is not a catalog unit id (a township or sub-district outside the catalog is written "locality:<name>")',
    );
    const emergency = { caseId: 'c', title: '突发', itemNo: 1, origin: 'emergency', reporter: 'nobody', description: '火情', at: bj('2026-09-01 09:00'), by: { unit: 'nobody' } };
    expect(messageOf(emergency)).toContain('reporter: "nobody" is not a catalog unit id');
    expect(messageOf({ ...emergency, origin: 'emergencyRequest' })).toContain('reporter: "nobody" is not a catalog unit id');
    expect(parseCaseInput({ ...emergency, reporter: 'market-regulation', by: market })).toMatchObject({ reporter: 'market-regulation' });
    expect(parseCaseInput({ ...emergency, origin: 'emergencyRequest', reporter: 'fire-rescue', by: fire })).toMatchObject({ reporter: 'fire-rescue' });
    // Only applicants and reporters are units to check: a leader's assignment names none.
    expect(
      parseCaseInput({ caseId: 'c', title: '交办', origin: 'leaderAssignment', leader: inCharge.leader, instruction: '办', at: bj('2026-09-01 09:00'), by: center }),
    ).toMatchObject({ origin: 'leaderAssignment' });
  });

  it('keeps how the case started, with the description only when given', () => {
    const originOf = (input: CaseInput) => startCase(input).actor.getSnapshot().context.originDetails;
    expect(originOf(applicationInput())).toStrictEqual({ origin: 'application', applicant: 'market-regulation' });
    expect(originOf(applicationInput({ description: '商户反映' } as never))).toStrictEqual({ origin: 'application', applicant: 'market-regulation', description: '商户反映' });
    const base = { caseId: 'c', title: '事项', itemNo: 1, at: bj('2026-09-01 09:00') };
    const emergency = { ...base, origin: 'emergency', reporter: 'market-regulation', description: '火情', by: market } as CaseInput;
    const request = { ...base, origin: 'emergencyRequest', reporter: 'fire-rescue', description: '先行受理', by: fire } as CaseInput;
    const own = { ...base, origin: 'centerInitiated', reason: '工作需要', by: center } as CaseInput;
    const assigned = { ...base, origin: 'leaderAssignment', leader: inCharge.leader, instruction: '办', by: center } as CaseInput;
    expect(originOf(emergency)).toStrictEqual({ origin: 'emergency', reporter: 'market-regulation', description: '火情' });
    expect(originOf(request)).toStrictEqual({ origin: 'emergencyRequest', reporter: 'fire-rescue', description: '先行受理' });
    expect(originOf(own)).toStrictEqual({ origin: 'centerInitiated', reason: '工作需要' });
    expect(originOf(assigned)).toStrictEqual({ origin: 'leaderAssignment', leader: inCharge.leader, instruction: '办' });
    const initiatorOf = (input: CaseInput) => startCase(input).actor.getSnapshot().context.initiator;
    expect(initiatorOf(applicationInput())).toBe('market-regulation');
    expect(initiatorOf(own)).toBe('command-center');
    expect(initiatorOf(emergency)).toBe('market-regulation');
    expect(initiatorOf(request)).toBe('fire-rescue');
    expect(initiatorOf(assigned)).toBeUndefined();
  });

  it('refuses a catalog or a calendar that is not one', () => {
    for (const catalog of [null, {}, { units: [] }, { participants: () => ({}) }, 'siyang']) {
      expect(errorOf(() => createCaseMachine({ catalog: catalog as never }))).toMatchObject({
        code: 'INVALID_INPUT', message: expect.stringContaining('must be a catalog made by defineCatalog'),
      });
    }
    for (const calendar of [null, {}, { deadline: 'soon' }, 'calendar']) {
      expect(errorOf(() => createCaseMachine({ calendar: calendar as never }))).toMatchObject({
        code: 'INVALID_INPUT', message: expect.stringContaining('must have a deadline(start, workingDays) method'),
      });
    }
    expect(codeOf(() => createCaseMachine({ catalog: siyangCatalog as never, calendar: { deadline: () => ({ dueDate: 'x', dueAt: 'x', provisional: false }) } }))).toBe('none');
  });
});
