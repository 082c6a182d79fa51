/**
 * Who may open a case, and why not, in the words the opener is told (附件1 的案件来源, 附件2):
 * an applicant (县直部门、乡镇), a leader's assignment recorded by the center or by that leader,
 * a cooperating unit asking the item's lead unit (配合单位 3), townships as 属地 units.
 */
import { describe, expect, it } from 'vitest';
import { createCaseMachine, parseCaseInput } from '../machines/createCaseMachine.js';
import type { CaseInput } from '../machines/schemas.js';
import { bj, center } from './_lib/cases.js';
import { thrown } from './_lib/errors.js';

const base = { caseId: 'case-1', title: '联合检查', at: bj('2026-09-01 09:00') } as const;
const application = (applicant: string, itemNo = 1) => ({ ...base, itemNo, origin: 'application', applicant, by: { unit: applicant } }) as CaseInput;
const request = (reporter: string, itemNo: number) => ({ ...base, itemNo, origin: 'emergencyRequest', reporter, description: '发现隐患', by: { unit: reporter } }) as CaseInput;

/** Why opening is refused (`NOT_ALLOWED`), or `undefined` when it is allowed. */
function refusal(input: CaseInput, machine?: Parameters<typeof parseCaseInput>[1]): string | undefined {
  try {
    parseCaseInput(input, machine);
    return undefined;
  } catch {
    const error = thrown(() => parseCaseInput(input, machine));
    expect(error.code).toBe('NOT_ALLOWED');
    expect(error.message).toBe(`Case case-1: opening it as ${input.origin} refused: ${String(error.context.reason)}`);
    return String(error.context.reason);
  }
}

describe('applications (提出联动执法申请)', () => {
  it('a department, a party organ, a township or a sub-district applies', () => {
    for (const applicant of ['market-regulation', 'united-front', 'zhongxing-subdistrict', 'locality:王集镇']) expect(refusal(application(applicant)), applicant).toBeUndefined();
  });

  it('the center, a court, a procuratorate and an enterprise do not, each told why', () => {
    expect(refusal(application('command-center'))).toBe('the command center receives applications; it opens its own cases as centerInitiated');
    expect(refusal(application('court'))).toBe('法院 is a judicial body, not a 县直部门 or 乡镇: it may not apply');
    expect(refusal(application('procuratorate'))).toBe('检察院 is a judicial body, not a 县直部门 or 乡镇: it may not apply');
    expect(refusal(application('power-supply'))).toBe('供电公司 is an enterprise, not a 县直部门 or 乡镇: it may not apply');
  });

  it('a vertically managed body (垂直管理) applies only for an item it leads', () => {
    expect(refusal(application('fire-rescue'))).toBe(
      '消防救援大队 is stationed in the county under vertical management (垂直管理), not a 县直部门: it applies only for an item it leads',
    );
  });
});

describe('a leader’s assignment (交办)', () => {
  const roster = createCaseMachine({ leaders: [{ name: '张县长', post: 'principal', oversees: [] }, { name: '李副县长', post: 'inCharge', oversees: ['market-regulation'] }] });
  const assignment = (leader: { name: string; post: 'principal' | 'inCharge' }, by: CaseInput['by']) =>
    ({ ...base, itemNo: 1, origin: 'leaderAssignment', leader, instruction: '立即组织检查', by }) as CaseInput;
  const zhang = { name: '张县长', post: 'principal' } as const;

  it('is recorded by the center or by the assigning leader, not by another leader or a unit', () => {
    expect(refusal(assignment(zhang, center), roster)).toBeUndefined();
    expect(refusal(assignment(zhang, { leader: zhang }), roster)).toBeUndefined();
    const notRecorder = 'a leader’s assignment (交办) is recorded by the command center or by that leader';
    expect(refusal(assignment(zhang, { leader: { name: '李副县长', post: 'inCharge' } }), roster)).toBe(notRecorder);
    expect(refusal(assignment(zhang, { leader: { name: '张县长', post: 'inCharge' } }))).toBe(notRecorder);
    expect(refusal(assignment(zhang, { leader: { name: '王县长', post: 'principal' } }))).toBe(notRecorder);
    expect(refusal(assignment(zhang, { unit: 'market-regulation' }), roster)).toBe(notRecorder);
  });

  it('with a roster, comes from a leader on it', () => {
    expect(refusal(assignment({ name: '王县长', post: 'principal' }, center), roster)).toBe("王县长 (principal) is not on the county's roster of leaders");
    expect(refusal(assignment({ name: '李副县长', post: 'principal' }, center), roster)).toBe("李副县长 (principal) is not on the county's roster of leaders");
  });
});

describe('a cooperating unit’s request to the lead unit (配合单位 3: emergencyRequest)', () => {
  const notCooperating = (itemNo: number) => `only a cooperating unit of item ${itemNo} asks its lead unit for joint enforcement (配合单位…提请牵头单位组织开展联动执法)`;

  it('comes from a unit the item names as cooperating', () => {
    expect(refusal(request('fire-rescue', 1))).toBeUndefined();
    expect(refusal(request('justice', 1))).toBe(notCooperating(1));
  });

  it('a township or sub-district counts as the item’s 属地乡镇（街道）, inside the catalog or outside it', () => {
    expect(refusal(request('zhongxing-subdistrict', 16))).toBeUndefined();
    expect(refusal(request('locality:王集镇', 16))).toBeUndefined();
  });

  it('a unit that is no township is not the 属地 unit; nor is a township where the item wants a sub-district (属地街道)', () => {
    expect(refusal(request('market-regulation', 16))).toBe(notCooperating(16));
    expect(refusal(request('locality:王集镇', 11))).toBe(notCooperating(11));
    expect(refusal(request('zhongxing-subdistrict', 11))).toBeUndefined();
  });

  it('an item without a 属地 unit takes no township', () => {
    expect(refusal(request('zhongxing-subdistrict', 1))).toBe(notCooperating(1));
    expect(refusal(request('locality:王集镇', 1))).toBe(notCooperating(1));
  });
});

describe('the opener acts for itself', () => {
  it('a case for the center’s own need is opened by the center; an emergency is reported, and a request made, by that unit', () => {
    const centerInitiated = { ...base, itemNo: 1, origin: 'centerInitiated', reason: '群众反映强烈', by: { unit: 'market-regulation' } } as CaseInput;
    expect(refusal(centerInitiated)).toBe('only the command center opens a case for its own need (因工作需要)');
    expect(refusal({ ...centerInitiated, by: center })).toBeUndefined();
    const emergency = { ...base, itemNo: 1, origin: 'emergency', reporter: 'market-regulation', description: '多人食物中毒', by: { unit: 'public-security' } } as CaseInput;
    expect(refusal(emergency)).toBe('the reporting unit reports itself: by.unit must be "market-regulation"');
    expect(refusal({ ...request('fire-rescue', 1), by: { unit: 'public-security' } })).toBe('the requesting unit asks itself: by.unit must be "fire-rescue"');
  });
});

describe('each refusal in Chinese too (reasonZh, for the clerk who pressed the button)', () => {
  const refusalZh = (input: CaseInput, machine?: Parameters<typeof parseCaseInput>[1]) => thrown(() => parseCaseInput(input, machine)).context.reasonZh;
  const roster = createCaseMachine({ leaders: [{ name: '张县长', post: 'principal', oversees: [] }] });
  const assignment = (by: CaseInput['by'], leader = { name: '张县长', post: 'principal' as const }) =>
    ({ ...base, itemNo: 1, origin: 'leaderAssignment', leader, instruction: '立即组织检查', by }) as CaseInput;

  it('names who may apply and why this one may not', () => {
    expect(refusalZh(application('command-center'))).toBe('综合指挥调度中心受理申请；中心自己的案件以“因工作需要”立案');
    expect(refusalZh(application('court'))).toBe('法院是司法机关，不是县直部门或乡镇，不能提出申请');
    expect(refusalZh(application('power-supply'))).toBe('供电公司是企业，不是县直部门或乡镇，不能提出申请');
    expect(refusalZh(application('fire-rescue'))).toBe('消防救援大队为垂直管理单位，不属县直部门：只能就其牵头的事项提出申请');
    expect(refusalZh({ ...application('market-regulation'), by: { unit: 'public-security' } })).toBe('申请须由申请单位自己提出：立案人应为市场监管局');
  });

  it('names the leader not on the roster, and who records an assignment', () => {
    expect(refusalZh(assignment(center, { name: '王县长', post: 'principal' }), roster)).toBe('王县长（县主要领导）不在本县县领导名单中');
    expect(refusalZh(assignment({ unit: 'market-regulation' }), roster)).toBe('县领导交办由综合指挥调度中心或该领导本人录入');
  });

  it('names what the catalog does not know, every problem at once (INVALID_INPUT)', () => {
    const invalidZh = (input: unknown) => {
      const error = thrown(() => parseCaseInput(input as CaseInput));
      expect(error.code).toBe('INVALID_INPUT');
      return error.messageZh;
    };
    expect(invalidZh(application('market-regulation', 999))).toBe('输入有误：立案信息：事项编号：清单中没有事项 999');
    expect(invalidZh(application('nowhere', 999))).toBe(
      '输入有误：立案信息：事项编号：清单中没有事项 999；申请单位：“nowhere”不是清单中的单位编号（清单外的乡镇或街道写作 locality:<名称>）',
    );
    expect(invalidZh(application('locality:众兴街道', 16))).toBe('输入有误：立案信息：申请单位：“locality:众兴街道”应写作“zhongxing-subdistrict”');
    expect(invalidZh({ ...request('nowhere', 1), origin: 'emergency' })).toBe('输入有误：立案信息：报告单位：“nowhere”不是清单中的单位编号（清单外的乡镇或街道写作 locality:<名称>）');
  });

  it('names who opens a case for the center’s own need and who reports an emergency', () => {
    expect(refusalZh({ ...base, itemNo: 1, origin: 'centerInitiated', reason: '群众反映强烈', by: { unit: 'market-regulation' } } as CaseInput)).toBe('只有综合指挥调度中心可以因工作需要立案');
    const emergency = (reporter: string, by: string) => ({ ...base, itemNo: 1, origin: 'emergency', reporter, description: '多人食物中毒', by: { unit: by } }) as CaseInput;
    expect(refusalZh(emergency('market-regulation', 'public-security'))).toBe('突发事件须由报告单位自己上报：立案人应为市场监管局');
    expect(refusalZh(emergency('fire-rescue', 'fire-rescue'))).toBe('只有事项的牵头单位（市场监管局）可以向县委县政府上报突发事件；配合单位应以“配合单位提请”的方式提请牵头单位');
  });
});
