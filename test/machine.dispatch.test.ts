/**
 * Who a dispatch (派送任务) assigns, field by field: a capacity (`as`) is kept only where the
 * catalog or the center names one, a township outside the catalog is written `locality:<name>`,
 * and a dispatch that names its cooperating units needs no locality for the item's 属地… unit.
 */
import { describe, expect, it } from 'vitest';
import { defineCatalog } from '../catalog/defineCatalog.js';
import { createCaseMachine } from '../machines/createCaseMachine.js';
import { explainEvent } from '../machines/selectors.js';
import { accept, applicationInput, approveApplication, bj, center, ev, principal, startCase } from './_lib/cases.js';

const dispatch = (payload: Record<string, unknown>, by: { unit: string } = center) =>
  ev('task.dispatch', by, bj('2026-09-04 10:00'), { place: '现场', startAt: bj('2026-09-05 09:00'), ...payload } as never);

/** An approved item-`itemNo` application of Siyang, waiting for its dispatch. */
function approved(itemNo: number) {
  const { actor } = startCase(applicationInput({ itemNo }));
  approveApplication(actor);
  return actor;
}

const onlyTheEmergencyLead = '; only 事项牵头单位 (the item’s lead unit, in an emergency) may send task.dispatch now';

describe('the catalog’s participants, as the case records them', () => {
  it('keeps the lead’s capacity (统战部 as 民宗局, item 21) with its label; units acting as themselves carry no `as` key', () => {
    const actor = approved(21);
    accept(actor, dispatch({}));
    const { lead, cooperating } = actor.getSnapshot().context.assignment!;
    expect(lead).toStrictEqual({ unit: 'united-front', label: '统战部（民宗局）', as: '民宗局' });
    expect(cooperating[0]).toStrictEqual({ unit: 'publicity', label: '宣传部' });
    expect(cooperating.every((participant) => !('as' in participant) && !('placeholder' in participant))).toBe(true);
  });

  it('keeps a cooperating unit’s capacity (宣传部 as 新闻出版局, item 28)', () => {
    const actor = approved(28);
    accept(actor, dispatch({}));
    expect(actor.getSnapshot().context.assignment!.cooperating[0]).toStrictEqual({ unit: 'publicity', label: '宣传部（新闻出版局）', as: '新闻出版局' });
  });

  it('a lead the center names by name or id carries no capacity; one named with a capacity keeps it', () => {
    const byName = approved(1);
    accept(byName, dispatch({ lead: '公安局', leadChangeReason: '以治安整治为主' }));
    expect(byName.getSnapshot().context.assignment!.lead).toStrictEqual({ unit: 'public-security', label: '公安局' });
    const withCapacity = approved(1);
    accept(withCapacity, dispatch({ lead: { unit: 'united-front', as: '民宗局' }, leadChangeReason: '涉及宗教场所' }));
    expect(withCapacity.getSnapshot().context.assignment!.lead).toStrictEqual({ unit: 'united-front', label: '统战部（民宗局）', as: '民宗局' });
    const withoutCapacity = approved(1);
    accept(withoutCapacity, dispatch({ lead: { unit: 'united-front' }, leadChangeReason: '涉及宗教场所' }));
    expect(withoutCapacity.getSnapshot().context.assignment!.lead).toStrictEqual({ unit: 'united-front', label: '统战部' });
  });
});

describe('units a dispatch cannot assign, refused in Chinese as well (reasonZh)', () => {
  const onlyTheEmergencyLeadZh = '；当前只有事项牵头单位可以派送任务';
  const reasonZh = (payload: Record<string, unknown>) => explainEvent(approved(1).getSnapshot() as never, dispatch(payload))?.reasonZh;

  it('names the unit and what is wrong with it', () => {
    const lead = (unit: unknown) => reasonZh({ lead: unit, leadChangeReason: '另行指定' });
    expect(lead('nowhere')).toBe(`牵头单位：没有单位“nowhere”${onlyTheEmergencyLeadZh}`);
    expect(lead('local-township-or-subdistrict')).toBe(`牵头单位：属地乡镇（街道）是占位名称：请写明具体的乡镇或街道（属地）${onlyTheEmergencyLeadZh}`);
    expect(lead({ unit: 'public-security', as: '民宗局' })).toBe(`牵头单位：公安局没有“民宗局”这一身份（其身份：无）${onlyTheEmergencyLeadZh}`);
    expect(lead({ unit: 'united-front', as: '公安局' })).toBe(`牵头单位：统战部没有“公安局”这一身份（其身份：民宗局、民族宗教事务局）${onlyTheEmergencyLeadZh}`);
  });

  it('says why the center, the legal-review unit, a court and an enterprise never lead', () => {
    const lead = (unit: string) => reasonZh({ lead: unit, leadChangeReason: '另行指定' });
    expect(lead('command-center')).toBe(`牵头单位：综合指挥调度中心负责统一调度，不能作为牵头单位${onlyTheEmergencyLeadZh}`);
    expect(lead('justice')).toBe(`牵头单位：法制审核部门审核了本案，不能作为牵头单位${onlyTheEmergencyLeadZh}`);
    expect(lead('court')).toBe(`牵头单位：法院、检察院不是行政执法机关，不能作为牵头单位${onlyTheEmergencyLeadZh}`);
    expect(lead('power-supply')).toBe(`牵头单位：企业没有行政执法权，不能作为牵头单位${onlyTheEmergencyLeadZh}`);
  });

  it('says what is wrong with the assignment: an unexplained or needless lead change, a cooperating unit unknown, leading, listed twice or missing', () => {
    expect(reasonZh({ lead: 'public-security' })).toBe(`公安局替代了事项的牵头单位市场监管局：须写明更换牵头单位的理由${onlyTheEmergencyLeadZh}`);
    expect(reasonZh({ lead: 'market-regulation', leadChangeReason: '另行指定' })).toBe(`更换牵头单位的理由只用于替换清单事项的牵头单位，而市场监管局就是该单位${onlyTheEmergencyLeadZh}`);
    expect(reasonZh({ cooperating: ['public-security', 'nowhere'] })).toBe(`配合单位第2项：没有单位“nowhere”${onlyTheEmergencyLeadZh}`);
    expect(reasonZh({ cooperating: ['market-regulation'] })).toBe(`市场监管局不能既是牵头单位又是配合单位${onlyTheEmergencyLeadZh}`);
    expect(reasonZh({ cooperating: ['public-security', '公安局'] })).toBe(`公安局重复列出${onlyTheEmergencyLeadZh}`);
    expect(reasonZh({ cooperating: [] })).toBe(`联动执法至少需要一个配合单位；只有县领导直接交办的案件可指派专门单位${onlyTheEmergencyLeadZh}`);
  });

  it('a leader’s assignment without a catalog item needs its lead named, and no reason for changing one', () => {
    const { actor } = startCase({ caseId: 'la', title: '整治', origin: 'leaderAssignment', leader: principal.leader, instruction: '国庆前完成', at: bj('2026-09-01 09:00'), by: center } as never);
    const unitsOf = (payload: Record<string, unknown>) => explainEvent(actor.getSnapshot() as never, dispatch(payload))?.reasonZh;
    expect(unitsOf({})).toBe(`本案没有清单事项，派送任务须指明牵头单位${onlyTheEmergencyLeadZh}`);
    expect(unitsOf({ lead: 'public-security', leadChangeReason: '另行指定' })).toBe(`更换牵头单位的理由只用于替换清单事项的牵头单位，而本案没有清单事项${onlyTheEmergencyLeadZh}`);
    expect(unitsOf({ lead: 'public-security' })).toBeUndefined();
  });

  it('refuses a meeting time before the dispatch, naming both (按照指定的时间)', () => {
    expect(reasonZh({ startAt: bj('2026-09-04 09:00') })).toBe(
      `集合时间（2026-09-04T09:00:00+08:00）早于派送时间（2026-09-04T10:00:00+08:00）：须为尚未到来的时间（按照指定的时间）${onlyTheEmergencyLeadZh}`,
    );
  });
});

describe('townships outside the catalog (locality:<name>)', () => {
  it('the item’s 属地… unit, resolved by the dispatch’s locality, keeps the placeholder it stands for', () => {
    const actor = approved(16);
    accept(actor, dispatch({ locality: '王集镇' }));
    expect(actor.getSnapshot().context.assignment!.cooperating.at(-1)).toStrictEqual({ unit: 'locality:王集镇', label: '王集镇', placeholder: '属地乡镇（街道）' });
  });

  it('a township named by the center leads or cooperates under its own name', () => {
    const actor = approved(16);
    accept(actor, dispatch({ lead: 'locality:王集镇', leadChangeReason: '属地为主', cooperating: ['transport', 'locality:众兴街道', { unit: 'locality:李口镇' }] }));
    const { lead, cooperating } = actor.getSnapshot().context.assignment!;
    expect(lead).toStrictEqual({ unit: 'locality:王集镇', label: '王集镇' });
    expect(cooperating).toStrictEqual([
      { unit: 'transport', label: '交运局' },
      { unit: 'zhongxing-subdistrict', label: '众兴街道' },
      { unit: 'locality:李口镇', label: '李口镇' },
    ]);
  });

  it('refuses a name that is no township or sub-district, saying why in the catalog’s words', () => {
    const actor = approved(16);
    const notAPlace = '"洋河" is neither a known unit nor a name ending in 街道, 镇 or 乡; pass { name, kind }';
    expect(explainEvent(actor.getSnapshot() as never, dispatch({ lead: 'locality:洋河', leadChangeReason: '属地为主', cooperating: ['transport'] }))?.reason).toBe(
      `lead: ${notAPlace}${onlyTheEmergencyLead}`,
    );
    expect(explainEvent(actor.getSnapshot() as never, dispatch({ cooperating: ['public-security', 'locality:洋河'] }))?.reason).toBe(
      `cooperating[1]: ${notAPlace}${onlyTheEmergencyLead}`,
    );
  });
});

describe('an item naming 属地… (附件2: the township where enforcement happens)', () => {
  it('needs the locality only for its default cooperating units: a dispatch naming them keeps the item’s lead', () => {
    const actor = approved(16);
    expect(explainEvent(actor.getSnapshot() as never, dispatch({}))?.reason).toMatch(/^Item 16 names 属地乡镇（街道）: give options\.locality/);
    accept(actor, dispatch({ cooperating: ['public-security', 'water-resources'] }));
    const { lead, cooperating } = actor.getSnapshot().context.assignment!;
    expect(lead).toStrictEqual({ unit: 'transport', label: '交运局' });
    expect(cooperating.map((participant) => participant.unit)).toEqual(['public-security', 'water-resources']);
  });

  const county = defineCatalog({
    name: '某县',
    roles: { commandCenter: 'center', legalReview: 'justice' },
    units: [
      { id: 'center', name: '综合指挥调度中心', kind: 'department' },
      { id: 'justice', name: '司法局', kind: 'department' },
      { id: 'religion', name: '统战部', aliases: ['民宗局'], kind: 'partyOrgan' },
      { id: 'police', name: '公安局', kind: 'department' },
      { id: 'local', name: '属地乡镇（街道）', kind: 'locality' },
    ],
    items: [
      { no: 1, id: 'religious-venues', name: '宗教场所安全', lead: { unit: 'religion', as: '民宗局' }, cooperating: ['police', 'local'] },
      { no: 2, id: 'township-led', name: '属地牵头整治', lead: 'local', cooperating: ['police'] },
    ],
  });
  const machine = createCaseMachine({ catalog: county });
  const approvedHere = (itemNo: number) => {
    const { actor } = startCase({ caseId: 'c', title: '整治', itemNo, origin: 'application', applicant: 'police', at: bj('2026-09-01 09:00'), by: { unit: 'police' } } as never, machine as never);
    accept(actor, ev('review.pass', { unit: 'center' }, bj('2026-09-01 10:00')));
    accept(actor, ev('legal.approve', { unit: 'justice' }, bj('2026-09-02 10:00')));
    accept(actor, ev('leader.approve', { leader: { name: '李副县长', post: 'inCharge' } }, bj('2026-09-03 10:00')));
    return actor;
  };
  const at = (payload: Record<string, unknown>) => dispatch(payload, { unit: 'center' });

  it('keeps the capacity of the item’s lead when the dispatch names the cooperating units instead of a locality', () => {
    const actor = approvedHere(1);
    accept(actor, at({ cooperating: ['police'] }));
    expect(actor.getSnapshot().context.assignment).toMatchObject({ lead: { unit: 'religion', label: '统战部（民宗局）', as: '民宗局' }, cooperating: [{ unit: 'police', label: '公安局' }] });
    expect(actor.getSnapshot().context.assignment!.lead).toStrictEqual({ unit: 'religion', label: '统战部（民宗局）', as: '民宗局' });
  });

  it('an item whose lead is the 属地… placeholder needs the locality (or a named lead) even when the cooperating units are named', () => {
    const actor = approvedHere(2);
    expect(explainEvent(actor.getSnapshot() as never, at({ cooperating: ['police'] }))?.reason).toMatch(/^Item 2 names 属地乡镇（街道）: give options\.locality/);
    expect(explainEvent(actor.getSnapshot() as never, at({ lead: 'police', leadChangeReason: '公安局牵头', cooperating: ['religion'] }))).toBeUndefined();
  });
});
