/**
 * Step time limits (环节办理时限, `createCaseMachine({ stepLimits })`): each limited step at its
 * boundaries (a second before `dueAt`, at it, during the due day, a millisecond after), the
 * overdue and approaching notifications (recipients, words), a step re-entered after a return,
 * and the option's validation. Siyang's machine sets none (the seed limits only the results).
 */
import { describe, expect, it } from 'vitest';
import { createCaseMachine } from '../machines/createCaseMachine.js';
import { limitedStepLabels, limitedSteps, stepDeadlineLabel } from '../machines/_lib/stepLimits.js';
import { allowedEvents, selectDeadlines } from '../machines/selectors.js';
import type { CaseEvent, CaseInput } from '../machines/schemas.js';
import type { CaseDeadline, LimitedStep, Recipient } from '../machines/types.js';
import { defaultCalendar } from '../src/calendar/index.js';
import { toDiagramJson } from '../src/diagram/index.js';
import {
  accept,
  applicationInput,
  approveApplication,
  bj,
  center,
  enforceItem1,
  ev,
  inCharge,
  item1Plan,
  justice,
  market,
  principal,
  startCase,
  sweeper,
  type CaseActor,
} from './_lib/cases.js';
import { thrown } from './_lib/errors.js';

const iso = (ms: number) => new Date(ms).toISOString();
const stepDeadlines = (actor: CaseActor) => actor.getSnapshot().context.deadlines.filter((deadline) => deadline.kind === 'step');

/** How to bring a case into a step, how it leaves, who is responsible, and the deadline's unit. */
interface StepRoute {
  readonly step: LimitedStep;
  readonly state: string;
  readonly input?: CaseInput;
  readonly roster?: boolean;
  /** The events before the step; the last one enters it (none: the opening does). */
  readonly before: (actor: CaseActor) => void;
  readonly enteredAt: string;
  readonly leave: (at: string) => CaseEvent;
  readonly unit: string;
  readonly responsible: readonly Recipient[];
  /** The words the overdue message names the party with. */
  readonly party: string;
  readonly stepZh: string;
}

const roster = [
  { name: '张县长', post: 'principal', oversees: [] },
  { name: '李副县长', post: 'inCharge', oversees: ['market-regulation'] },
] as const;

const routes: readonly StepRoute[] = [
  {
    step: 'preliminaryReview',
    state: 'preliminaryReview',
    before: () => {},
    enteredAt: bj('2026-09-01 09:00'),
    leave: (at) => ev('review.pass', center, at, { opinion: '符合' }),
    unit: 'command-center',
    responsible: [{ unit: 'command-center' }],
    party: '综合指挥调度中心',
    stepZh: '初审',
  },
  {
    step: 'legalReview',
    state: 'legalReview',
    before: (actor) => accept(actor, ev('review.pass', center, bj('2026-09-01 10:00'), { opinion: '符合' })),
    enteredAt: bj('2026-09-01 10:00'),
    leave: (at) => ev('legal.approve', justice, at, { opinion: '程序合法' }),
    unit: 'justice',
    responsible: [{ unit: 'justice' }],
    party: '司法局',
    stepZh: '法制审核',
  },
  {
    step: 'approval',
    state: 'leaderApproval',
    before: (actor) => {
      accept(actor, ev('review.pass', center, bj('2026-09-01 10:00'), { opinion: '符合' }));
      accept(actor, ev('legal.approve', justice, bj('2026-09-02 10:00'), { opinion: '程序合法' }));
    },
    enteredAt: bj('2026-09-02 10:00'),
    leave: (at) => ev('leader.approve', inCharge, at, { opinion: '同意' }),
    unit: 'command-center',
    responsible: [{ group: 'countyLeaders' }],
    party: '县领导',
    stepZh: '县领导审批',
  },
  {
    step: 'approval',
    state: 'leaderConsent',
    roster: true,
    input: { caseId: 'case-1', title: '城东农贸市场安全综合执法', itemNo: 1, origin: 'centerInitiated', reason: '节前检查', at: bj('2026-09-01 09:00'), by: center },
    before: () => {},
    enteredAt: bj('2026-09-01 09:00'),
    leave: (at) => ev('leader.approve', principal, at, { opinion: '同意' }),
    unit: 'command-center',
    responsible: [{ leader: { name: '李副县长', post: 'inCharge' } }],
    party: '分管县领导李副县长',
    stepZh: '分管县领导同意',
  },
  {
    step: 'dispatching',
    state: 'dispatching',
    before: approveApplication,
    enteredAt: bj('2026-09-03 10:00'),
    leave: (at) => ev('task.dispatch', center, at, { place: '城东农贸市场', startAt: bj('2026-10-20 09:00') }),
    unit: 'command-center',
    responsible: [{ unit: 'command-center' }],
    party: '综合指挥调度中心',
    stepZh: '派送',
  },
  {
    step: 'workPlan',
    state: 'enforcing.planning',
    before: (actor) => {
      approveApplication(actor);
      accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-10-20 09:00') }));
    },
    enteredAt: bj('2026-09-04 10:00'),
    leave: (at) => ev('plan.submit', market, at, { plan: item1Plan() }),
    unit: 'market-regulation',
    responsible: [{ unit: 'market-regulation' }],
    party: '市场监管局',
    stepZh: '工作方案',
  },
  {
    step: 'aggregating',
    state: 'aggregating',
    before: (actor) => {
      approveApplication(actor);
      enforceItem1(actor);
      accept(actor, ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '执法结果' } }));
    },
    enteredAt: bj('2026-10-09 10:00'),
    leave: (at) => ev('case.archive', center, at, { summary: '已汇总' }),
    unit: 'command-center',
    responsible: [{ unit: 'command-center' }],
    party: '综合指挥调度中心',
    stepZh: '汇总',
  },
];

const LIMIT = 2;

function inStep(route: StepRoute) {
  const machine = createCaseMachine({ stepLimits: { [route.step]: LIMIT }, ...(route.roster ? { leaders: roster } : {}) });
  const started = startCase(route.input ?? applicationInput(), machine);
  route.before(started.actor);
  return started;
}

describe.each(routes)('a limit on $step, in $state', (route) => {
  const due = defaultCalendar.deadline(route.enteredAt, LIMIT);
  const dueMs = Date.parse(due.dueAt);

  it('adds a step deadline on entering, due 2 working days later at the end of the Beijing day', () => {
    const { actor } = inStep(route);
    expect(actor.getSnapshot().value).toEqual(route.state.includes('.') ? { enforcing: route.state.split('.')[1] } : route.state);
    expect(stepDeadlines(actor)).toEqual([
      {
        kind: 'step',
        unit: route.unit,
        step: route.step,
        state: route.state,
        responsible: route.responsible,
        startedAt: route.enteredAt,
        workingDays: LIMIT,
        dueDate: due.dueDate,
        dueAt: due.dueAt,
        provisional: false,
        status: 'pending',
      },
    ]);
    expect(due.dueAt).toBe(`${due.dueDate}T23:59:59.999+08:00`);
  });

  it.each([
    ['a second before it is due', -1000, 'met'],
    ['at its due instant', 0, 'met'],
    ['a millisecond after', 1, 'late'],
  ] as const)('leaving it %s marks it %s', (_, offset, status) => {
    const { actor } = inStep(route);
    const at = iso(dueMs + offset);
    accept(actor, route.leave(at));
    expect(stepDeadlines(actor)).toMatchObject([{ state: route.state, status, doneAt: at }]);
  });

  it('leaving it during the due day (Beijing time) is on time', () => {
    const { actor } = inStep(route);
    accept(actor, route.leave(bj(`${due.dueDate} 17:30`)));
    expect(stepDeadlines(actor)).toMatchObject([{ status: 'met' }]);
  });

  it('is not checked at its due instant; a millisecond later the check marks it overdue and tells the responsible party and the center', () => {
    const { actor, notifications } = inStep(route);
    expect(actor.getSnapshot().can(ev('deadline.check', sweeper, iso(dueMs)))).toBe(false);
    expect(allowedEvents(actor.getSnapshot(), sweeper, { now: iso(dueMs) })).not.toContain('deadline.check');
    expect(allowedEvents(actor.getSnapshot(), sweeper, { now: iso(dueMs + 1) })).toContain('deadline.check');
    const seen = notifications.length;
    accept(actor, ev('deadline.check', sweeper, iso(dueMs + 1)));
    expect(stepDeadlines(actor)).toMatchObject([{ status: 'overdue', overdueAt: iso(dueMs + 1) }]);
    const sent = notifications.slice(seen);
    expect(sent).toHaveLength(1);
    const recipients = route.responsible.some((party) => 'unit' in party && party.unit === 'command-center') ? route.responsible : [...route.responsible, center];
    expect(sent[0]).toMatchObject({ kind: 'deadlineOverdue', recipients });
    expect(sent[0]!.message).toBe(
      `联动执法「城东农贸市场安全综合执法」的${route.stepZh}环节应于${due.dueDate}前办结（时限${LIMIT}个工作日），现已逾期，请${route.party}立即办理。`,
    );
    // Left after the check: late, and it keeps when it was found overdue.
    accept(actor, route.leave(iso(dueMs + 2)));
    expect(stepDeadlines(actor)).toMatchObject([{ status: 'late', overdueAt: iso(dueMs + 1), doneAt: iso(dueMs + 2) }]);
  });

  it('reads overdue in selectDeadlines after its due instant, before any check', () => {
    const { actor } = inStep(route);
    const view = (now: string) => selectDeadlines(actor.getSnapshot() as never, now).filter((deadline) => deadline.kind === 'step');
    expect(view(iso(dueMs))).toMatchObject([{ status: 'pending' }]);
    expect(view(iso(dueMs + 1))).toMatchObject([{ status: 'overdue' }]);
  });

  it('is reminded (预警) once, from the start of the working day before its due day', () => {
    const { actor, notifications } = inStep(route);
    const remindFrom = Date.parse(`${defaultCalendar.addWorkingDays(due.dueDate, -1)}T00:00:00+08:00`);
    const remind = (ms: number) => ev('deadline.remind', sweeper, iso(ms), { beforeDueWorkingDays: 1 });
    // Started after the reminder time (a step entered the day before its due day), a reminder is owed at once.
    if (Date.parse(route.enteredAt) < remindFrom) expect(actor.getSnapshot().can(remind(remindFrom - 1))).toBe(false);
    const at = Math.max(remindFrom, Date.parse(route.enteredAt));
    const seen = notifications.length;
    accept(actor, remind(at));
    expect(stepDeadlines(actor)).toMatchObject([{ remindedAt: iso(at) }]);
    const sent = notifications.slice(seen);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.kind).toBe('deadlineApproaching');
    expect(sent[0]!.message).toContain(`预警：联动执法「城东农贸市场安全综合执法」的${route.stepZh}环节应于${due.dueDate}`);
    expect(sent[0]!.message).toContain(`请${route.party}按时办理`);
    expect(actor.getSnapshot().can(remind(at + 1))).toBe(false);
  });
});

describe('steps without a limit, and the other steps', () => {
  it('adds no step deadline on Siyang’s machine (the seed sets only the results rule)', () => {
    const { actor } = startCase(applicationInput(), createCaseMachine());
    approveApplication(actor);
    enforceItem1(actor);
    accept(actor, ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '执法结果' } }));
    accept(actor, ev('case.archive', center, bj('2026-10-10 10:00'), { summary: '已汇总' }));
    expect(actor.getSnapshot().context.deadlines.map((deadline) => deadline.kind)).not.toContain('step');
  });

  it('limits only the steps named: a limit on legal review starts nothing in preliminary review', () => {
    const { actor } = startCase(applicationInput(), createCaseMachine({ stepLimits: { legalReview: 3 } }));
    expect(stepDeadlines(actor)).toEqual([]);
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00'), { opinion: '符合' }));
    expect(stepDeadlines(actor)).toMatchObject([{ step: 'legalReview', workingDays: 3, dueDate: '2026-09-04' }]);
  });

  it('counts a leader assignment’s dispatch from the opening, and the lead unit’s in an emergency', () => {
    const machine = createCaseMachine({ stepLimits: { dispatching: 1 } });
    const assigned = startCase({ caseId: 'c2', title: '交办', itemNo: 1, origin: 'leaderAssignment', leader: principal.leader, instruction: '立即组织', at: bj('2026-09-01 09:00'), by: principal }, machine);
    expect(stepDeadlines(assigned.actor)).toMatchObject([{ step: 'dispatching', unit: 'command-center', startedAt: bj('2026-09-01 09:00'), dueDate: '2026-09-02' }]);
    const emergency = startCase({ caseId: 'c3', title: '突发', itemNo: 1, origin: 'emergency', reporter: 'market-regulation', description: '火情', at: bj('2026-09-01 09:00'), by: market }, machine);
    accept(emergency.actor, ev('leader.approve', principal, bj('2026-09-01 10:00'), { opinion: '同意' }));
    expect(stepDeadlines(emergency.actor)).toMatchObject([{ step: 'dispatching', unit: 'market-regulation', responsible: [{ unit: 'market-regulation' }] }]);
  });

  it('gives each approval state its own deadline: the lead unit’s study, then the county’s decision', () => {
    const machine = createCaseMachine({ stepLimits: { approval: 1 } });
    const { actor } = startCase({ caseId: 'c4', title: '提请', itemNo: 1, origin: 'emergencyRequest', reporter: 'fire-rescue', description: '需要联动', at: bj('2026-09-01 09:00'), by: { unit: 'fire-rescue' } }, machine);
    expect(stepDeadlines(actor)).toMatchObject([{ state: 'leadReview', unit: 'market-regulation', responsible: [{ unit: 'market-regulation' }], status: 'pending' }]);
    accept(actor, ev('emergency.report', market, bj('2026-09-03 09:00')));
    expect(stepDeadlines(actor)).toMatchObject([
      { state: 'leadReview', status: 'late', doneAt: bj('2026-09-03 09:00') },
      { state: 'emergencyApproval', responsible: [{ group: 'countyLeaders' }], startedAt: bj('2026-09-03 09:00'), dueDate: '2026-09-04', status: 'pending' },
    ]);
  });

  it('names the in-charge leaders group for a consent without a roster, and asks it by that name when overdue', () => {
    const machine = createCaseMachine({ stepLimits: { approval: 1 } });
    const { actor, notifications } = startCase({ caseId: 'c5', title: '中心', itemNo: 1, origin: 'centerInitiated', reason: '节前检查', at: bj('2026-09-01 09:00'), by: center }, machine);
    expect(stepDeadlines(actor)).toMatchObject([{ state: 'leaderConsent', unit: 'command-center', responsible: [{ group: 'inChargeLeaders' }] }]);
    accept(actor, ev('deadline.check', sweeper, iso(Date.parse(stepDeadlines(actor)[0]!.dueAt) + 1)));
    expect(notifications.at(-1)?.message).toMatch(/，现已逾期，请分管县领导立即办理。$/u);
  });

  it('names every in-charge leader overseeing the lead unit, with a roster that has two', () => {
    const leaders = [...roster, { name: '王副县长', post: 'inCharge', oversees: ['market-regulation'] }] as const;
    const machine = createCaseMachine({ stepLimits: { approval: 1 }, leaders });
    const { actor, notifications } = startCase({ caseId: 'c6', title: '中心', itemNo: 1, origin: 'centerInitiated', reason: '节前检查', at: bj('2026-09-01 09:00'), by: center }, machine);
    accept(actor, ev('deadline.check', sweeper, iso(Date.parse(stepDeadlines(actor)[0]!.dueAt) + 1)));
    expect(notifications.at(-1)?.message).toMatch(/，现已逾期，请分管县领导李副县长、分管县领导王副县长立即办理。$/u);
  });

  it('closes the step when the case is withdrawn from it, by the time it left', () => {
    const { actor } = startCase(applicationInput(), createCaseMachine({ stepLimits: { legalReview: 1 } }));
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00'), { opinion: '符合' }));
    accept(actor, ev('application.withdraw', market, bj('2026-09-04 10:00'), { reason: '已自行整改' }));
    expect(stepDeadlines(actor)).toMatchObject([{ step: 'legalReview', status: 'late', doneAt: bj('2026-09-04 10:00') }]);
    expect(actor.getSnapshot().output?.deadlinesMet).toBe(false);
  });
});

describe('the deadline checks of limited steps', () => {
  const checksOf = (machine: ReturnType<typeof createCaseMachine>) =>
    toDiagramJson(machine)
      .edges.filter((edge) => edge.event === 'deadline.check')
      .map((edge) => edge.source)
      .sort();

  it('are added to the states of each limited step only, so Siyang’s machine draws what it did', () => {
    const enforcing = ['enforcing.executing', 'enforcing.planning', 'enforcing.reporting'];
    expect(checksOf(createCaseMachine())).toEqual(enforcing);
    expect(checksOf(createCaseMachine({ stepLimits: { legalReview: 1, approval: 2 } }))).toEqual(
      ['emergencyApproval', ...enforcing, 'leadReview', 'leaderApproval', 'leaderConsent', 'legalReview'].sort(),
    );
    expect(checksOf(createCaseMachine({ stepLimits: { preliminaryReview: 1, dispatching: 1, workPlan: 1, aggregating: 1 } }))).toEqual(
      ['aggregating', 'dispatching', ...enforcing, 'preliminaryReview'].sort(),
    );
  });
});

describe('a step returned and entered again', () => {
  it('keeps the first deadline as it was closed and starts a fresh one on each re-entry', () => {
    const { actor } = startCase(applicationInput(), createCaseMachine({ stepLimits: { preliminaryReview: 1, legalReview: 1 } }));
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00'), { opinion: '符合' }));
    accept(actor, ev('legal.return', justice, bj('2026-09-04 10:00'), { reason: '材料不全' }));
    // Back to legal review after the center supplemented the materials: a fresh legal-review deadline.
    accept(actor, ev('review.pass', center, bj('2026-09-04 11:00'), { opinion: '已补充', note: '补充现场照片' }));
    accept(actor, ev('legal.return', justice, bj('2026-09-04 15:00'), { reason: '仍需申请单位补正' }));
    accept(actor, ev('amendment.request', center, bj('2026-09-04 16:00'), { reason: '请补正' }));
    accept(actor, ev('application.resubmit', market, bj('2026-09-08 09:00')));
    const steps = stepDeadlines(actor).map(({ step, startedAt, dueDate, status, doneAt }: CaseDeadline) => ({ step, startedAt, dueDate, status, doneAt }));
    expect(steps).toEqual([
      { step: 'preliminaryReview', startedAt: bj('2026-09-01 09:00'), dueDate: '2026-09-02', status: 'met', doneAt: bj('2026-09-01 10:00') },
      { step: 'legalReview', startedAt: bj('2026-09-01 10:00'), dueDate: '2026-09-02', status: 'late', doneAt: bj('2026-09-04 10:00') },
      { step: 'legalReview', startedAt: bj('2026-09-04 11:00'), dueDate: '2026-09-07', status: 'met', doneAt: bj('2026-09-04 15:00') },
      { step: 'preliminaryReview', startedAt: bj('2026-09-08 09:00'), dueDate: '2026-09-09', status: 'pending', doneAt: undefined },
    ]);
  });

  it('a check marks only the open visit overdue; the closed one stays late', () => {
    const { actor, notifications } = startCase(applicationInput(), createCaseMachine({ stepLimits: { legalReview: 1 } }));
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00'), { opinion: '符合' }));
    accept(actor, ev('legal.return', justice, bj('2026-09-04 10:00'), { reason: '材料不全' }));
    accept(actor, ev('review.pass', center, bj('2026-09-04 11:00'), { opinion: '已补充', note: '补充现场照片' }));
    const seen = notifications.length;
    accept(actor, ev('deadline.check', sweeper, bj('2026-09-08 00:00')));
    expect(stepDeadlines(actor).map((deadline) => deadline.status)).toEqual(['late', 'overdue']);
    expect(notifications.slice(seen)).toHaveLength(1);
  });
});

describe('options.stepLimits', () => {
  const issueOf = (stepLimits: unknown) => {
    const error = thrown(() => createCaseMachine({ stepLimits: stepLimits as never }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.issues).toHaveLength(1);
    return { path: error.issues[0]!.path.join('.'), message: error.issues[0]!.message };
  };

  it('takes an integer 1–250 for each known step', () => {
    expect(() => createCaseMachine({ stepLimits: { preliminaryReview: 1, legalReview: 250, approval: 3, dispatching: 1, workPlan: 5, aggregating: 2 } })).not.toThrow();
    expect(() => createCaseMachine({ stepLimits: {} })).not.toThrow();
  });

  it.each([0, -1, 1.5, 251, Number.NaN, '2', null])('refuses %s as a limit, naming the step', (value) => {
    expect(issueOf({ legalReview: value }).path).toBe('options.stepLimits.legalReview');
  });

  it('refuses an unknown step name, naming it and the steps there are', () => {
    expect(issueOf({ preliminaryReview: 2, review: 3 })).toEqual({
      path: 'options.stepLimits',
      message: 'unknown step "review": the steps are preliminaryReview, legalReview, approval, dispatching, workPlan, aggregating',
    });
    expect(issueOf({ review: 3, plan: 1 }).message).toBe('unknown step "review", "plan": the steps are preliminaryReview, legalReview, approval, dispatching, workPlan, aggregating');
  });

  it('refuses anything but an object', () => {
    expect(issueOf([2]).path).toBe('options.stepLimits');
    expect(issueOf(3).path).toBe('options.stepLimits');
  });
});

describe('stepDeadlineLabel: one name for a step limit’s step, in messages and the dossier', () => {
  it('names 审批/同意 by its state (four states share the step), every other step by the step', () => {
    expect(['leaderApproval', 'emergencyApproval', 'leaderConsent', 'leadReview'].map((state) => stepDeadlineLabel({ step: 'approval', state }).zh)).toEqual(['县领导审批', '突发事件报县委县政府审核', '分管县领导同意', '牵头单位研究']);
    expect(stepDeadlineLabel({ step: 'approval' })).toEqual({ zh: '审批/同意', en: 'Approval or consent' });
    for (const step of limitedSteps) expect(stepDeadlineLabel({ step, state: 'leaderApproval' }), step).toBe(step === 'approval' ? stepDeadlineLabel({ step: 'approval', state: 'leaderApproval' }) : limitedStepLabels[step]);
  });

  it('keeps a step or state it does not know (data from elsewhere) as its own name in both languages, including inherited names', () => {
    expect(stepDeadlineLabel({ step: 'inspection' })).toEqual({ zh: 'inspection', en: 'inspection' });
    expect(stepDeadlineLabel({ step: 'approval', state: 'constructor' })).toEqual({ zh: 'constructor', en: 'constructor' });
    expect(stepDeadlineLabel({ step: 'toString' })).toEqual({ zh: 'toString', en: 'toString' });
  });
});
