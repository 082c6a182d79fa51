// Messages a clerk can read: every error code has a Chinese title, every error a Chinese message,
// and no refusal the case machine gives reads in English in Chinese (reasonZh).
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { caseMachine } from '../machines/caseMachine.js';
import { explainEvent } from '../machines/selectors.js';
import type { CaseEvent } from '../machines/schemas.js';
import { createCaseEngine, memoryStore } from '../src/engine/index.js';
import { errorCodes, errorTitles, isLinkedEnforcementError, LinkedEnforcementError, localizedIssueLine } from '../src/errors.js';
import { errorStatuses, toProblemDetails } from '../src/problemDetails.js';
import { siyangCatalog } from '../src/catalog.js';

const han = /\p{Script=Han}/u;
/** Words of our English messages; none may reach a Chinese one (identifiers such as unit ids may). */
const english = /\b(?:must|malformed|event|refused|not possible|the case|could not|is not|cannot|only)\b/i;

describe('Chinese titles of the error codes', () => {
  it('every code has one (and an English one)', () => {
    const missing = errorCodes.filter((code) => !han.test(errorTitles[code]?.zh ?? '') || !/^[A-Z][a-z]/.test(errorTitles[code]?.en ?? ''));
    expect(missing).toEqual([]);
    expect(Object.keys(errorTitles).sort()).toEqual([...errorCodes].sort());
    expect(Object.keys(errorStatuses).sort()).toEqual([...errorCodes].sort());
  });

  it('every code’s error has a Chinese message starting with its title, also without context', () => {
    for (const code of errorCodes) {
      const error = new LinkedEnforcementError(code, `some ${code}`);
      expect(error.messageZh.startsWith(errorTitles[code].zh), code).toBe(true);
      expect(error.localizedMessage('zh-CN')).toBe(error.messageZh);
      expect(error.localizedMessage('en')).toBe(`some ${code}`);
      expect(toProblemDetails(error).title).toBe(errorTitles[code].zh);
    }
  });
});

describe('messageZh of real errors', () => {
  it('a catalog lookup', () => {
    try {
      siyangCatalog.getItem(40 as never);
      expect.unreachable();
    } catch (error) {
      expect(isLinkedEnforcementError(error, 'UNKNOWN_ITEM')).toBe(true);
      expect((error as LinkedEnforcementError).messageZh).toBe('事项不存在：清单中没有事项 40');
    }
  });

  it('a malformed event: fields named in Chinese, the issue worded in Chinese, no English', async () => {
    const engine = createCaseEngine({ store: memoryStore(), clock: { now: () => new Date('2026-09-01T10:00:00+08:00') } });
    await engine.open({ caseId: 'c1', title: '城东农贸市场安全综合执法', itemNo: 1, origin: 'application', applicant: 'market-regulation', by: { unit: 'market-regulation' } });
    const error = (await engine.send('c1', { type: 'review.reject', by: { unit: 'command-center' }, reason: '  ' }).then(
      () => expect.unreachable(),
      (thrown: unknown) => thrown,
    )) as LinkedEnforcementError;
    expect(error.code).toBe('INVALID_EVENT');
    expect(error.message).toContain('must not be empty');
    expect(error.messageZh).toBe('操作内容有误（案件 c1）：理由：不能为空');
    expect(error.context.reasonZh).toBe('理由：不能为空');
    expect(error.localizedIssues('zh-CN')).toEqual([{ code: 'too_small', path: ['event', 'reason'], message: '不能为空' }]);
    expect(error.localizedIssues('en')).toBe(error.issues);
    expect(localizedIssueLine(error.issues[0]!)).toBe('理由：不能为空');
    const body = toProblemDetails(error);
    expect(body.detailZh).toBe(error.messageZh);
    expect(body.issues[0]!.messageZh).toBe('不能为空');
  });

  it('a township (属地) the catalog cannot take: says why in Chinese, as the English does', async () => {
    const zhOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(isLinkedEnforcementError(error, 'INVALID_INPUT')).toBe(true);
        return (error as LinkedEnforcementError).localizedIssues('zh-CN').map((issue) => issue.message);
      }
      return expect.unreachable();
    };
    expect(zhOf(() => siyangCatalog.locality('洋河'))).toEqual(['“洋河”既不是清单中的单位，名称也不以街道、镇或乡结尾：请以 { name, kind } 写明名称和类别']);
    expect(zhOf(() => siyangCatalog.locality('市场监管局'))).toEqual(['市场监管局是部门，不是乡镇或街道']);
    expect(zhOf(() => siyangCatalog.locality({ name: '王集镇', kind: 'subDistrict' }))).toEqual(['“王集镇”按名称是乡镇，不是街道']);
    // Item 11 takes a 街道 for 属地街道.
    expect(zhOf(() => siyangCatalog.participants(11, { locality: '王集镇' }))).toEqual(['事项 11 的属地街道须为街道；王集镇是乡镇']);
    // Through the machine's check of an opening: the applicant's field, then the reason.
    const engine = createCaseEngine({ store: memoryStore(), clock: { now: () => new Date('2026-09-01T10:00:00+08:00') } });
    for (const [applicant, zh] of [
      ['locality:洋河', '申请单位：“洋河”既不是清单中的单位，名称也不以街道、镇或乡结尾：请以 { name, kind } 写明名称和类别'],
      ['locality:市场监管局', '申请单位：市场监管局是部门，不是乡镇或街道'],
    ]) {
      const error = (await engine.open({ caseId: 'c-locality', title: '检查', itemNo: 1, origin: 'application', applicant: applicant!, by: { unit: applicant! } }).then(
        () => expect.unreachable(),
        (thrown: unknown) => thrown,
      )) as LinkedEnforcementError;
      expect(error.messageZh).toBe(`输入有误：立案信息：${zh}`);
      expect(error.messageZh).not.toMatch(english);
    }
  });

  it('toProblemDetails refuses what is not one of our errors, and a status that is not an error', () => {
    expect(() => toProblemDetails(new Error('x') as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => toProblemDetails(new LinkedEnforcementError('NOT_ALLOWED', 'x'), { status: 200 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(toProblemDetails(new LinkedEnforcementError('VERSION_CONFLICT', 'x'), { status: 412, instance: '/cases/c1' })).toMatchObject({ status: 412, instance: '/cases/c1' });
  });
});

const bj = (wallClock: string) => `${wallClock.replace(' ', 'T')}:00+08:00`;
const center = { unit: 'command-center' } as const;
const market = { unit: 'market-regulation' } as const;
const cooperating = ['fire-rescue', 'public-security', 'emergency-management', 'urban-management', 'health', 'agriculture-rural', 'commerce'];

/** Case 1 of the demo, from the application to the archive. */
const path: CaseEvent[] = [
  { type: 'review.pass', by: center, at: bj('2026-09-01 15:00') },
  { type: 'legal.approve', by: { unit: 'justice' }, at: bj('2026-09-02 10:00') },
  { type: 'leader.approve', by: { leader: { name: '李副县长', post: 'inCharge' } }, at: bj('2026-09-03 09:30') },
  { type: 'task.dispatch', by: center, at: bj('2026-09-03 14:00'), place: '城东农贸市场', startAt: bj('2026-09-29 09:00') },
  ...cooperating.map((unit, index): CaseEvent => ({ type: 'unit.acknowledge', by: { unit }, at: bj(`2026-09-04 ${10 + index}:00`), staff: 2 })),
  {
    type: 'plan.submit',
    by: market,
    at: bj('2026-09-10 10:00'),
    plan: {
      summary: '分组检查',
      division: ['market-regulation', ...cooperating].map((unit) => ({ unit, duty: '本单位职责' })),
      content: '检查',
      methods: '联合检查',
      steps: '部署、检查、复查',
      timeLimits: '当日',
      contingency: '现场处置',
    },
  },
  { type: 'enforcement.end', by: market, at: bj('2026-09-30 18:00') },
  ...cooperating.map((unit, index): CaseEvent => ({ type: 'unit.report', by: { unit }, at: bj(`2026-10-08 ${10 + index}:00`), summary: '已汇总' })),
  { type: 'results.upload', by: market, at: bj('2026-10-12 16:00'), results: { summary: '检查商户126家', lessons: '提前通报' } },
  { type: 'case.archive', by: center, at: bj('2026-10-13 10:00'), summary: '已存档' },
];

/** Well-formed events of every type, each from several actors: most are refused in most states. */
function probes(at: string): CaseEvent[] {
  const actors = [center, market, { unit: 'justice' }, { unit: 'fire-rescue' }, { unit: 'tourism' }, { leader: { name: '李副县长', post: 'inCharge' } }, { leader: { name: '张县长', post: 'principal' } }, { system: 'sweep' }] as const;
  const payloads: Record<string, object> = {
    'review.pass': {},
    'review.reject': { reason: '不符合' },
    'legal.approve': {},
    'legal.return': { reason: '缺依据' },
    'amendment.request': { reason: '请补正' },
    'application.resubmit': {},
    'application.withdraw': { reason: '撤回' },
    'emergency.report': {},
    'emergency.decline': { reason: '不需要' },
    'leader.approve': {},
    'leader.deny': { reason: '不同意' },
    'task.dispatch': { place: '某地', startAt: bj('2026-12-01 09:00'), lead: { unit: 'public-security' }, leadChangeReason: '需要' },
    'unit.acknowledge': { staff: 1 },
    'plan.submit': { plan: (path.find((event) => event.type === 'plan.submit') as { plan: object }).plan },
    'meeting.record': { heldAt: at, attendees: ['市场监管局'], decisions: '分工' },
    'info.publish': { text: '通报' },
    'enforcement.end': {},
    'unit.report': { summary: '已报' },
    'results.upload': { results: { summary: '结果', lessons: '总结' } },
    'case.archive': { summary: '存档' },
    'case.urge': { unit: 'fire-rescue', message: '请尽快' },
    'deadline.check': {},
  };
  return Object.entries(payloads).flatMap(([type, payload]) => actors.map((by) => ({ type, by, at, ...payload }) as CaseEvent));
}

describe('the machine’s refusals in Chinese (reasonZh)', () => {
  it('every refusal along case 1 of the demo, for every event type and actor, has a Chinese reason with no English', () => {
    const actor = createActor(caseMachine, {
      input: { caseId: 'c1', title: '城东农贸市场安全综合执法', itemNo: 1, origin: 'application', applicant: 'market-regulation', by: market, at: bj('2026-09-01 09:00') },
    }).start();
    const reasons = new Map<string, string>();
    for (const step of [...path, undefined]) {
      const snapshot = actor.getSnapshot();
      for (const probe of probes(step?.at ?? bj('2026-10-14 10:00'))) {
        const refusal = explainEvent(snapshot, probe);
        if (refusal === undefined) continue;
        reasons.set(refusal.reasonZh, refusal.reason);
      }
      if (step !== undefined) {
        expect(explainEvent(snapshot, step), `${step.type} by ${JSON.stringify(step.by)}`).toBeUndefined();
        actor.send(step);
      }
    }
    expect(reasons.size).toBeGreaterThan(20);
    const bad = [...reasons].filter(([zh]) => !han.test(zh) || english.test(zh));
    expect(bad).toEqual([]);
  });
});

describe('wording in Chinese never fails or stalls an error', () => {
  it('an English message quoting a huge value is not matched against our patterns (no stack overflow)', async () => {
    const { createCaseMachine } = await import('../machines/createCaseMachine.js');
    let thrown: unknown;
    try {
      createCaseMachine({ centerUnit: 'x'.repeat(10 * 1024 * 1024) } as never);
    } catch (error) {
      thrown = error;
    }
    expect(isLinkedEnforcementError(thrown, 'INVALID_INPUT')).toBe(true);
    expect((thrown as LinkedEnforcementError).messageZh.startsWith('输入有误')).toBe(true);
  });

  it('an issue’s Chinese is worded when asked, from the zod issue', () => {
    const error = new LinkedEnforcementError('INVALID_INPUT', 'x', { issues: [{ code: 'too_small', path: ['input', 'title'], message: 'Too small: expected string to have >=1 characters' }] });
    expect(error.localizedIssues('zh-CN')[0]!.message).toBe('过短或过小');
    expect(error.messageZh).toBe('输入有误：标题：过短或过小');
  });
});
