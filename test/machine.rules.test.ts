/**
 * The rules behind who may open a case and what a case accepts (machines/_lib/openingRules.ts,
 * machines/_lib/rules.ts, the input checks of machines/createCaseMachine.ts), at their edges: the
 * reporter of another item, a 属地 placeholder that cannot be a department, a meeting held the
 * minute it is recorded, the Chinese wording of each refusal.
 */
import { describe, expect, it } from 'vitest';
import { applicantRefusal } from '../machines/_lib/openingRules.js';
import { Reason } from '../machines/_lib/reason.js';
import { parseEvent } from '../machines/_lib/rules.js';
import { machineRules } from '../machines/_lib/machineRules.js';
import { siyangCatalog } from '../catalog/siyang.js';
import { caseMachine } from '../machines/caseMachine.js';
import { buildCaseMachine, createCaseMachine, dossierOf, parseCaseInput } from '../machines/createCaseMachine.js';
import { leftStepDeadlines } from '../machines/_lib/stepLimits.js';
import { explainEvent, statePathOf } from '../machines/selectors.js';
import type { CaseInput } from '../machines/schemas.js';
import { accept, acknowledgeItem1, justice, applicationInput, approveApplication, bj, center, ev, item1Plan, market, startCase, sweeper, type CaseActor } from './_lib/cases.js';
import { trapProxy } from './_lib/hostile.js';
import { thrown } from './_lib/errors.js';
import { LinkedEnforcementError } from '../src/errors.js';

const rules = machineRules.get(caseMachine)!;
const at = bj('2026-09-01 09:00');
const request = (reporter: string, itemNo: number, by: string = reporter) =>
  ({ caseId: 'r1', title: '提请', itemNo, origin: 'emergencyRequest', reporter, description: '先行受理的案件需要联动', at, by: { unit: by } }) as CaseInput;

describe('who may open a case (附件1, 附件2)', () => {
  it('a unit the catalog does not know, or one of its 属地 placeholders, may not apply', () => {
    expect(applicantRefusal('nowhere', 1, rules)).toBeInstanceOf(Reason);
    expect(applicantRefusal('local-subdistrict', 11, rules)?.en).toBe('属地街道 is a placeholder (属地…), not a 县直部门 or 乡镇: it may not apply');
  });

  it('a party organ (县直部门) and a sub-district (街道) apply like a department', () => {
    for (const applicant of ['united-front', 'zhongxing-subdistrict']) {
      expect(applicantRefusal(applicant, 1, rules)).toBeUndefined();
      expect(parseCaseInput(applicationInput({ applicant } as never))).toMatchObject({ applicant });
    }
  });

  it('a cooperating unit asks the lead of the item it cooperates on, also where the item’s 属地 unit cannot be a department (配合单位 3)', () => {
    expect(parseCaseInput(request('housing-construction', 11)).origin).toBe('emergencyRequest');
    expect(parseCaseInput(request('zhongxing-subdistrict', 11)).origin).toBe('emergencyRequest');
  });

  it('a cooperating unit of another item may not ask, and says so in Chinese', () => {
    expect(parseCaseInput(request('fire-rescue', 1))).toMatchObject({ reporter: 'fire-rescue' });
    expect(thrown(() => parseCaseInput(request('fire-rescue', 2)))).toMatchObject({
      code: 'NOT_ALLOWED',
      context: { reason: expect.stringContaining('only a cooperating unit of item 2'), reasonZh: '只有事项 2 的配合单位可以提请牵头单位组织开展联动执法' },
    });
  });

  it('a request is made by the requesting unit itself; an emergency is reported by the item’s lead unit', () => {
    expect(thrown(() => parseCaseInput(request('fire-rescue', 1, 'public-security')))).toMatchObject({
      code: 'NOT_ALLOWED',
      context: { reasonZh: '提请须由提请单位自己提出：立案人应为消防救援大队' },
    });
    const emergency = { ...request('fire-rescue', 1), origin: 'emergency' } as CaseInput;
    expect(thrown(() => parseCaseInput(emergency))).toMatchObject({
      code: 'NOT_ALLOWED',
      context: { reasonZh: '只有事项的牵头单位（市场监管局）可以向县委县政府上报突发事件；配合单位应以“配合单位提请”的方式提请牵头单位' },
    });
  });
});

describe('the opening input names units the catalog knows, in Chinese too', () => {
  it('an empty township name after locality: is refused in the words of the catalog’s own check', () => {
    const error = thrown(() => parseCaseInput(applicationInput({ applicant: 'locality:' } as never)));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', issues: [{ code: 'invalid_type', path: ['input'], message: 'applicant: must not be empty' }] });
    expect(error.messageZh).toBe('输入有误：立案信息：申请单位：不能为空');
  });

  it('an unknown reporter is named as the 报告单位', () => {
    const error = thrown(() => parseCaseInput(request('nope', 1)));
    expect(error.messageZh).toContain('报告单位：“nope”不是清单中的单位编号');
  });

  it('a county catalog whose locality look-up fails in another way still gives INVALID_INPUT, naming the field', () => {
    const broken = { ...siyangCatalog, locality: () => { throw new TypeError('no gazetteer'); } };
    const error = thrown(() => parseCaseInput(applicationInput({ applicant: 'locality:某镇' } as never), createCaseMachine({ catalog: broken as never })));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', issues: [{ message: 'applicant: TypeError: no gazetteer' }] });
    expect(error.messageZh).toBe('输入有误：立案信息：申请单位：无法识别');
  });
});

describe('dossierOf walks a context eight levels down for an oversized list', () => {
  const closedContext = () => {
    const { actor } = startCase();
    accept(actor, ev('review.reject', center, bj('2026-09-01 10:00'), { reason: '不属于联动执法事项' }));
    return actor.getSnapshot().context;
  };
  /** `list` as deep as `levels` (the context itself is level 0): under an extra field and `levels - 2` keys. */
  const nestedUnder = (levels: number, list: unknown[]) => {
    let value: unknown = list;
    for (let level = levels - 1; level >= 1; level--) value = { [`k${level}`]: value };
    return value;
  };

  it('refuses one at the eighth level, naming its path', () => {
    const context = { ...closedContext(), extra: nestedUnder(8, new Array(100_001).fill(0)) };
    expect(thrown(() => dossierOf(context as never))).toMatchObject({ code: 'INVALID_INPUT', context: { path: 'context.extra.k1.k2.k3.k4.k5.k6.k7' } });
  });

  it('leaves one deeper, and a list of exactly 100 000, to the schema', () => {
    const closed = closedContext();
    expect(dossierOf({ ...closed, extra: nestedUnder(9, new Array(100_001).fill(0)) } as never)).toEqual(dossierOf(closed));
    expect(dossierOf({ ...closed, extra: new Array(100_000).fill(0) } as never)).toEqual(dossierOf(closed));
  });
});

describe('what a case accepts (rules.ts)', () => {
  it('an event that is not an object is malformed, never a thrown TypeError', () => {
    for (const event of [null, 'review.pass', 7]) expect(parseEvent(event)).toBeInstanceOf(Reason);
  });

  it('a joint meeting may be recorded the minute it was held, and held the minute the case was opened (联席会议)', () => {
    const { actor } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    const meeting = (heldAt: string, recordedAt: string) => ev('meeting.record', market, recordedAt, { heldAt, attendees: ['公安局'], decisions: '分三组检查' });
    expect(explainEvent(actor.getSnapshot(), meeting(bj('2026-09-05 10:00'), bj('2026-09-05 10:00')))).toBeUndefined();
    expect(explainEvent(actor.getSnapshot(), meeting(bj('2026-09-01 09:00'), bj('2026-09-05 10:00')))).toBeUndefined();
    expect(explainEvent(actor.getSnapshot(), meeting(bj('2026-09-01 08:59'), bj('2026-09-05 10:00')))?.code).toBe('NOT_ALLOWED');
  });

  it('a reminder nobody owes is refused, saying how many working days ahead', () => {
    const { actor } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    const refusal = explainEvent(actor.getSnapshot(), ev('deadline.remind', sweeper, bj('2026-09-05 10:00'), { beforeDueWorkingDays: 2 }));
    expect(refusal).toMatchObject({
      code: 'NOT_ALLOWED',
      reason: 'no pending deadline owes a reminder 2 working days before its due day at that time',
      reasonZh: '到该时间为止没有需要提前2个工作日预警的未完成时限',
    });
  });

  it('the lead urges only its cooperating units, naming an unknown one by its id', () => {
    const { actor } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    expect(explainEvent(actor.getSnapshot(), ev('case.urge', market, bj('2026-09-05 10:00'), { unit: 'nope' }))?.reasonZh).toContain('牵头单位只能督促本案的配合单位；“nope”不是本案的配合单位');
  });

  it('the center urges a township taking part as the 属地 unit, though the catalog does not list it', () => {
    const { actor } = startCase(applicationInput({ itemNo: 11, applicant: 'urban-management' } as never));
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '某街道', startAt: bj('2026-09-29 09:00'), locality: { name: '某街道', kind: 'subDistrict' } }));
    const local = actor.getSnapshot().context.assignment!.cooperating.find((participant) => participant.unit.startsWith('locality:'))!.unit;
    expect(explainEvent(actor.getSnapshot(), ev('case.urge', center, bj('2026-09-05 10:00'), { unit: local }))).toBeUndefined();
    expect(explainEvent(actor.getSnapshot(), ev('case.urge', center, bj('2026-09-05 10:00'), { unit: 'locality:别处' }))?.code).toBe('NOT_ALLOWED');
  });

  it('the center urges a township the dispatch made the lead', () => {
    const { actor } = startCase(applicationInput({ itemNo: 11, applicant: 'urban-management' } as never));
    approveApplication(actor);
    accept(
      actor,
      ev('task.dispatch', center, bj('2026-09-04 10:00'), {
        place: '某街道',
        startAt: bj('2026-09-29 09:00'),
        lead: 'locality:某街道',
        leadChangeReason: '违建位于该街道，由街道牵头',
        cooperating: ['urban-management', 'housing-construction'],
      }),
    );
    const lead = actor.getSnapshot().context.assignment!.lead.unit;
    expect(lead).toMatch(/^locality:/);
    expect(explainEvent(actor.getSnapshot(), ev('case.urge', center, bj('2026-09-05 10:00'), { unit: lead }))).toBeUndefined();
  });
});

/** From the dispatch to the end of enforcement, as item 1 goes. */
function enforceRest(actor: CaseActor) {
  acknowledgeItem1(actor);
  accept(actor, ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan() }));
  accept(actor, ev('enforcement.end', market, bj('2026-09-30 18:00')));
}

describe('the dispatch (派送) and what it stores', () => {
  const approved = () => {
    const { actor } = startCase();
    approveApplication(actor);
    return actor;
  };
  const dispatch = (extra: Record<string, unknown>) => ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00'), ...extra });

  it('refuses the center as the lead, and a 属地 township without a name, in Chinese too', () => {
    const actor = approved();
    expect(explainEvent(actor.getSnapshot(), dispatch({ lead: 'command-center', leadChangeReason: '中心牵头' }))?.reason).toContain('lead: the command center dispatches');
    expect(explainEvent(actor.getSnapshot(), dispatch({ lead: 'command-center', leadChangeReason: '中心牵头' }))?.reasonZh).toBe('牵头单位：综合指挥调度中心负责统一调度，不能作为牵头单位；当前只有事项牵头单位可以派送任务');
    expect(explainEvent(actor.getSnapshot(), dispatch({ cooperating: ['locality:'] }))?.reasonZh).toBe('配合单位第1项：不能为空；当前只有事项牵头单位可以派送任务');
  });

  it('stores no lead-change reason it was not given, and a report without documents as none', () => {
    const actor = approved();
    accept(actor, dispatch({}));
    expect(Object.keys(actor.getSnapshot().context.assignment!)).not.toContain('leadChangeReason');
    enforceRest(actor);
    accept(actor, ev('unit.report', { unit: 'fire-rescue' }, bj('2026-10-08 10:00'), { summary: '检查商户 40 家' }));
    expect(actor.getSnapshot().context.reports[0]!.documents).toEqual([]);
  });
});

describe('what the lead unit publishes (统一发布联动执法信息)', () => {
  it('is stored with who published it and when', () => {
    const { actor } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    accept(actor, ev('info.publish', market, bj('2026-09-05 10:00'), { text: '9月29日开展农贸市场联合检查' }));
    expect(actor.getSnapshot().context.publications).toEqual([{ by: market, at: bj('2026-09-05 10:00'), text: '9月29日开展农贸市场联合检查' }]);
  });

  it('an urge without a message is stored without one (催办)', () => {
    const { actor } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    accept(actor, ev('case.urge', center, bj('2026-09-05 10:00'), { unit: 'fire-rescue' }));
    expect(actor.getSnapshot().context.urges).toEqual([{ unit: 'fire-rescue', at: bj('2026-09-05 10:00'), by: center }]);
    expect(actor.getSnapshot().context.urges[0]).not.toHaveProperty('message');
  });
});

describe('the archive dossier (存档材料)', () => {
  it('names the item a case had, and none for a case without one', () => {
    const { actor } = startCase();
    accept(actor, ev('review.reject', center, bj('2026-09-01 10:00'), { reason: '不属于联动执法事项' }));
    const { itemNo, ...itemless } = actor.getSnapshot().context;
    expect(itemNo).toBe(1);
    expect(dossierOf(actor.getSnapshot().context).itemNo).toBe(1);
    expect(dossierOf(itemless as never)).not.toHaveProperty('itemNo');
  });
});

describe('a state value', () => {
  it('names one state: a value with a second key is none', () => {
    expect(statePathOf({ enforcing: 'planning' })).toBe('enforcing.planning');
    expect(thrown(() => statePathOf({ enforcing: 'planning', closing: 'archived' } as never))).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'value' } });
  });
});

describe('an event explainEvent cannot read', () => {
  it('is INVALID_EVENT, in Chinese too', () => {
    const { actor } = startCase();
    expect(explainEvent(actor.getSnapshot(), trapProxy)).toMatchObject({ code: 'INVALID_EVENT', reasonZh: expect.stringMatching(/^操作无法读取（.+）$/) });
  });
});

describe('a county catalog whose locality look-up fails its own way', () => {
  const withLocality = (locality: () => never) => createCaseMachine({ catalog: { ...siyangCatalog, locality } as never });
  const unknownTownship = withLocality(() => {
    throw new LinkedEnforcementError('UNKNOWN_UNIT', 'no township named 某镇', { messageZh: '没有名为某镇的乡镇' });
  });

  it('an error without issues: its message, in both languages, names the field', () => {
    const error = thrown(() => parseCaseInput(applicationInput({ applicant: 'locality:某镇' } as never), unknownTownship));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', issues: [{ message: 'applicant: no township named 某镇' }] });
    expect(error.messageZh).toBe('输入有误：立案信息：申请单位：没有名为某镇的乡镇');
    const { actor } = startCase(applicationInput(), unknownTownship);
    approveApplication(actor);
    const dispatch = ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '某镇', startAt: bj('2026-09-29 09:00'), cooperating: ['locality:某镇'] });
    expect(explainEvent(actor.getSnapshot(), dispatch)).toMatchObject({
      reason: expect.stringContaining('cooperating[0]: no township named 某镇'),
      reasonZh: '配合单位第1项：没有名为某镇的乡镇；当前只有事项牵头单位可以派送任务',
    });
  });

  it('any other error is the catalog’s own, passed on', () => {
    const broken = withLocality(() => {
      throw new TypeError('no gazetteer');
    });
    const { actor } = startCase(applicationInput(), broken);
    approveApplication(actor);
    const dispatch = ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '某镇', startAt: bj('2026-09-29 09:00'), cooperating: ['locality:某镇'] });
    const error = thrown(() => explainEvent(actor.getSnapshot(), dispatch));
    expect(error.cause).toEqual(new TypeError('no gazetteer'));
  });
});

describe('the opinions a case records (意见)', () => {
  it('a decision’s opinion is its text before a note; a decision without words records none', () => {
    const { actor } = startCase();
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00'), { opinion: '符合联动执法要求' }));
    accept(actor, ev('legal.return', justice, bj('2026-09-02 10:00'), { reason: '材料不全' }));
    accept(actor, ev('review.pass', center, bj('2026-09-03 10:00'), { opinion: '材料已补充', note: '补充了现场照片' }));
    accept(actor, ev('legal.approve', justice, bj('2026-09-04 10:00')));
    const [, returned, again, approved] = actor.getSnapshot().context.opinions;
    expect(returned).toMatchObject({ decision: 'return', text: '材料不全' });
    expect(again).toMatchObject({ decision: 'pass', text: '材料已补充' });
    expect(approved).not.toHaveProperty('text');
  });
});

describe('step limits (环节办理时限) as a replay applies them, and the deadline transitions', () => {
  it('a replay applies the limit the case recorded, not the county’s current one', () => {
    const siyang = machineRules.get(caseMachine)!;
    const recorded = buildCaseMachine({ ...siyang, recordedStepLimit: (state) => (state === 'preliminaryReview' ? 3 : null) });
    const { actor } = startCase(applicationInput(), recorded as never);
    expect(actor.getSnapshot().context.deadlines).toMatchObject([{ kind: 'step', step: 'preliminaryReview', workingDays: 3 }]);
    const none = buildCaseMachine({ ...siyang, stepLimits: { preliminaryReview: 1 }, recordedStepLimit: () => null });
    expect(startCase(applicationInput(), none as never).actor.getSnapshot().context.deadlines).toEqual([]);
  });

  it('leaving a state without a step deadline leaves the deadlines as they were', () => {
    const { actor } = startCase();
    approveApplication(actor);
    const { context } = actor.getSnapshot();
    expect(leftStepDeadlines(context, 'dispatching', bj('2026-09-04 10:00'))).toBe(context.deadlines);
  });

  it('the deadline transitions say what they do (时限已过, 时限将至)', () => {
    const planning = createCaseMachine().states.enforcing!.states.planning!;
    expect(planning.on['deadline.check']![0]!.description).toBe('时限已过：标记逾期并通知');
    expect(planning.on['deadline.remind']![0]!.description).toBe('时限将至：预警（每个时限一次）');
  });
});
