import { describe, expect, it } from 'vitest';
import { createCaseMachine, auditEntryHash, caseMachine, renderDossierHtml, toDiagramJson, type CaseDossier } from 'linked-enforcement';
import { createMachine } from 'xstate';
import { flowchartPositions } from '../src/dossier/_lib/flowchartLayout.js';
import { flowchartSvg } from '../src/dossier/_lib/flowchartSvg.js';
import { archivedCase } from './_lib/dossier.js';
import { thrown } from './_lib/errors.js';

const { dossier, log } = await archivedCase();
const page = renderDossierHtml(dossier, { locale: 'zh-CN', history: log });
const pageEn = renderDossierHtml(dossier, { locale: 'en' });

/** The element names of every tag in an HTML text. */
const tagsOf = (text: string) => new Set([...text.matchAll(/<\/?([a-zA-Z][\w-]*)/gu)].map((match) => match[1]!.toLowerCase()));
/** The `class` of the SVG group drawing a state. */
const stateClass = (text: string, state: string) => new RegExp(`<g class="([^"]*)" data-state="${state.replace('.', '\\.')}"`, 'u').exec(text)?.[1];

/** The tags the dossier is made of: no script, no link, no image, no iframe, no form, no object. */
const allowedTags = ['!doctype', 'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'section', 'h1', 'h2', 'h3', 'p', 'span', 'strong', 'br', 'code', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'svg', 'defs', 'marker', 'path', 'g', 'rect', 'text', 'tspan'];

describe('renderDossierHtml', () => {
  it('prints every part of an archived case: data, opinions, assignment, plan, reports, results, deadlines, attachments, history and flowchart', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    for (const heading of ['案件信息', '审核审批意见', '派送任务', '工作方案', '配合单位报送的法律文书', '执法结果', '时限', '催办', '附件', '流转记录', '流程图（附件1）']) {
      expect(page).toContain(`<h2>${heading}`);
    }
    // Opinions with who and when: the center's 初审, 司法局's 法制审核, the in-charge leader's 审批.
    expect(page).toMatch(/<td>初审<\/td><td>通过<\/td><td>综合指挥调度中心<\/td><td><span class="time">2026-09-01 10:00<\/span>/u);
    expect(page).toMatch(/<td>法制审核<\/td><td>同意<\/td><td>司法局<\/td>/u);
    expect(page).toMatch(/<td>县领导审批<\/td><td>同意<\/td><td>分管县领导李副县长<\/td>/u);
    // Units by their Chinese names from the catalog, the item by its name.
    expect(page).toContain('<td>消防救援大队、公安局、应急管理局、城管局、卫健局、农业农村局、商务局</td>');
    expect(page).toContain('1. 农贸市场安全方面的综合执法');
    expect(page).toContain('<td>下次提前通知商户</td>');
    // Deadlines with their status: the results met on time, acknowledgements never sent missed.
    expect(page).toMatch(/执法结果上传（5个工作日）<\/td><td>市场监管局<\/td>.*?<span class="status status-met">按时完成<\/span>/u);
    expect(page).toMatch(/确认接收任务<\/td><td>公安局<\/td>.*?<span class="status status-missed">未完成<\/span>/u);
    // The history's details: the urge's message, the report's summary, the archive summary.
    expect(page).toContain('请按时上传执法结果');
    expect(page).toContain('消防检查记录（法律文书：消防检查记录.pdf）');
    expect(page).toMatch(/<td>汇总存档<\/td><td>综合指挥调度中心<\/td><td>汇总 → 存档<\/td><td>执法结果已汇总，存档<\/td>/u);
    expect([...page.matchAll(/<tr><td>\d+<\/td><td><span class="time">/gu)]).toHaveLength(dossier.history.length);
  });

  it('prints Beijing time in every time zone (TZ) the tests run under', () => {
    const utc = { ...dossier, openedAt: '2026-09-01T01:00:00Z', closedAt: '2026-10-12T02:00:00.000Z' };
    const text = renderDossierHtml(utc);
    expect(text).toContain('<th scope="row">立案时间</th><td>2026-09-01 09:00</td>');
    expect(text).toContain('<th scope="row">办结时间</th><td>2026-10-12 10:00</td>');
  });

  it('makes a document without scripts, links, images or anything fetched', () => {
    for (const text of [page, pageEn]) {
      expect([...tagsOf(text)].filter((tag) => !allowedTags.includes(tag))).toEqual([]);
      expect(text).not.toMatch(/https?:|src=|href=|@import|url\((?!#arrow)/iu);
      expect(text).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    }
  });

  it('escapes hostile text everywhere: names, opinions, unit labels, documents, figures, leaders, reasons', () => {
    const evil = '<script>alert(1)</script>"onload="alert(2)\'&';
    const hostile = {
      ...dossier,
      title: evil,
      summary: evil,
      opinions: dossier.opinions.map((opinion) => ({ ...opinion, text: evil, by: 'leader' in opinion.by ? { leader: { ...opinion.by.leader, name: evil } } : opinion.by })),
      assignment: { ...dossier.assignment!, place: evil, lead: { ...dossier.assignment!.lead, label: evil }, cooperating: dossier.assignment!.cooperating.map((p) => ({ ...p, label: evil, as: evil })) },
      reports: dossier.reports.map((report) => ({ ...report, summary: evil, documents: [evil, { name: evil, sha256: 'a'.repeat(64), size: 10, mediaType: evil }] })),
      results: { ...dossier.results!, summary: evil, figures: { [evil]: evil }, lessons: evil },
      urges: dossier.urges.map((urge) => ({ ...urge, message: evil, by: { system: evil } })),
      history: dossier.history.map((entry) => ({ ...entry, reason: evil, note: evil })),
    } as CaseDossier;
    for (const locale of ['zh-CN', 'en'] as const) {
      const text = renderDossierHtml(hostile, { locale });
      expect(text).not.toContain('<script');
      expect(text).not.toContain('"onload=');
      expect(text).not.toContain("'&");
      expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;onload=&quot;alert(2)&#39;&amp;');
      expect([...tagsOf(text)].filter((tag) => !allowedTags.includes(tag))).toEqual([]);
      // The title reaches the <title> and the flowchart's attributes only escaped.
      expect(text).toContain('<title>联动执法案卷 dossier-1 &lt;script&gt;'.replace('联动执法案卷', locale === 'en' ? 'Joint enforcement case file' : '联动执法案卷'));
    }
  });

  it('prints attachments: a name (before 0.4.0) or a reference with its media type, size and SHA-256', () => {
    const sha256 = 'ab'.repeat(32);
    const withRefs = {
      ...dossier,
      reports: [{ ...dossier.reports[0]!, documents: ['旧文书.pdf', { name: '旧检查记录.pdf' }, { name: '检查笔录.pdf', sha256, size: 2_621_440, mediaType: 'application/pdf' }] }],
    } as unknown as CaseDossier;
    const text = renderDossierHtml(withRefs);
    expect(text).toContain(`<tr><td>公安局 报送法律文书</td><td>检查笔录.pdf</td><td>application/pdf</td><td>2.5 MiB (2,621,440 B)</td><td><code class="hash">${sha256}</code></td></tr>`);
    expect(text).toContain('<td>旧文书.pdf</td><td></td><td></td><td><span class="note">仅记录名称（0.4.0 以前）</span></td>');
    expect(text).toContain('<td>旧检查记录.pdf</td><td></td><td></td><td><span class="note">仅记录名称（0.4.0 以前）</span></td>');
    expect(text).toContain('<td>执法结果报告.pdf</td>');
  });

  it('prints deadline kinds and fields of later releases generically (a step limit, a reminder)', () => {
    const step = { kind: 'step', step: 'legalReview', unit: 'justice', startedAt: '2026-09-01T10:00:00+08:00', workingDays: 3, dueDate: '2026-09-04', dueAt: '2026-09-04T23:59:59.999+08:00', provisional: false, status: 'late', doneAt: '2026-09-05T10:00:00+08:00', remindedAt: '2026-09-03T09:00:00+08:00' };
    const other = { kind: 'futureKind', dueAt: '2026-09-04T23:59:59.999+08:00', status: 'someStatus' };
    const text = renderDossierHtml({ ...dossier, deadlines: [...dossier.deadlines, step, other] } as unknown as CaseDossier);
    expect(text).toContain('<td>环节时限：法制审核</td><td>司法局</td>');
    expect(text).toContain('完成 2026-09-05 10:00；预警 2026-09-03 09:00');
    expect(text).toContain('<td>futureKind</td><td></td><td><span class="time"></span></td>');
    expect(text).toContain('<span class="status status-someStatus">someStatus</span>');
  });

  it('names a step limit’s step and its responsible party, in Chinese and in English', () => {
    const at = { startedAt: '2026-09-02T10:00:00+08:00', workingDays: 1, dueDate: '2026-09-03', dueAt: '2026-09-03T23:59:59.999+08:00', provisional: false };
    const deadlines = [
      { kind: 'step', step: 'approval', state: 'leaderApproval', unit: 'command-center', responsible: [{ group: 'countyLeaders' }], ...at, status: 'met', doneAt: '2026-09-03T10:00:00+08:00' },
      { kind: 'step', step: 'approval', state: 'leaderConsent', unit: 'command-center', responsible: [{ leader: { name: '李副县长', post: 'inCharge' } }], ...at, status: 'late', doneAt: '2026-09-04T10:00:00+08:00' },
      { kind: 'step', step: 'workPlan', state: 'enforcing.planning', unit: 'market-regulation', responsible: [{ unit: 'market-regulation' }], ...at, status: 'overdue', overdueAt: '2026-09-04T00:00:00+08:00' },
    ];
    const zh = renderDossierHtml({ ...dossier, deadlines } as unknown as CaseDossier);
    expect(zh).toContain('<td>环节时限：县领导审批</td><td>县领导</td>');
    expect(zh).toContain('<td>环节时限：分管县领导同意</td><td>分管县领导李副县长</td>');
    expect(zh).toContain('<td>环节时限：工作方案</td><td>市场监管局</td>');
    expect(zh).toContain('<span class="status status-late">逾期完成</span>');
    expect(zh).toContain('<span class="status status-overdue">已逾期</span>');
    const en = renderDossierHtml({ ...dossier, deadlines } as unknown as CaseDossier, { locale: 'en' });
    expect(en).toContain('<td>Step time limit: County leader approval</td><td>County leaders</td>');
    expect(en).toContain('<td>Step time limit: Work plan</td>');
  });

  it('prints the audit log beside the 流转记录: when each entry was recorded, its hash and the chain head', () => {
    expect(page).toContain(`<code class="hash">${log[1]!.prevHash}</code>`);
    expect(page).toContain(`审计链末条哈希：<code class="hash">${auditEntryHash(log.at(-1))}</code>`);
    expect(pageEn).not.toContain('Audit chain head');
  });

  it('prints headings and labels in English with locale en, the case text as recorded', () => {
    expect(pageEn.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(pageEn).toContain('<h2>Review and approval opinions</h2>');
    expect(pageEn).toMatch(/<td>Legal review<\/td><td>Approved<\/td><td>司法局<\/td>/u);
    expect(pageEn).toContain('in-charge county leader 李副县长');
    expect(pageEn).toContain('>Archived</tspan>');
  });

  it('prints a case that ended early (rejected) without the parts it never reached', async () => {
    const { createCaseEngine, memoryStore } = await import('linked-enforcement');
    const engine = createCaseEngine({ store: memoryStore() });
    await engine.open({ caseId: 'r1', title: '驳回的申请', itemNo: 1, origin: 'application', applicant: 'market-regulation', by: { unit: 'market-regulation' } });
    await engine.send('r1', { type: 'review.reject', by: { unit: 'command-center' }, reason: '不属于联动执法事项' });
    const text = renderDossierHtml((await engine.get('r1')).output!);
    expect(text).toContain('<th scope="row">办结理由</th><td>不属于联动执法事项</td>');
    expect(text).not.toContain('<h2>派送任务</h2>');
    expect(stateClass(text, 'rejected')).toBe('state final visited current');
    expect(stateClass(text, 'legalReview')).toBe('state');
  });
});

describe('the dossier flowchart', () => {
  it('has a place for every state of the case machine (附件1 layout)', () => {
    const drawn = toDiagramJson(caseMachine).nodes.filter((node) => node.type !== 'compound');
    expect(drawn.map((node) => node.id).filter((id) => !Object.hasOwn(flowchartPositions, id))).toEqual([]);
    expect(Object.keys(flowchartPositions).sort()).toEqual(drawn.map((node) => node.id).sort());
    for (const node of drawn) expect(page).toContain(`data-state="${node.id}"`);
  });

  it('fails for a machine with a state the layout has no place for', () => {
    const machine = createMachine({ id: 'extra', initial: 'preliminaryReview', states: { preliminaryReview: { on: { go: 'newStep' } }, newStep: {} } });
    const visited = { states: new Set<string>(), edges: new Map<string, number[]>(), current: 'preliminaryReview' };
    expect(() => flowchartSvg(toDiagramJson(machine), visited, 'zh', 't')).toThrow('no position for the state "newStep"');
  });

  it('highlights the path the case took, numbered by its 流转记录 entries, and where it ended', () => {
    for (const state of ['opening', 'preliminaryReview', 'legalReview', 'leaderApproval', 'dispatching', 'enforcing.planning', 'enforcing.executing', 'enforcing.reporting', 'aggregating']) {
      expect(stateClass(page, state), state).toMatch(/\bvisited\b/u);
    }
    expect(stateClass(page, 'archived')).toBe('state final visited current');
    for (const state of ['returned', 'awaitingAmendment', 'leaderConsent', 'rejected', 'withdrawn', 'notApproved', 'leadReview', 'emergencyApproval', 'declined']) {
      expect(stateClass(page, state), state).not.toMatch(/visited|current/u);
    }
    expect(page).toContain('<g class="compound visited">');
    // One strong arrow for each state change: opening → 初审 … 汇总 → 存档.
    const changes = dossier.history.filter((entry) => entry.from !== entry.to);
    expect(page.match(/class="edge taken"/gu)).toHaveLength(changes.length);
    const badges = [...page.matchAll(/<g class="badge">.*?<text[^>]*>([^<]*)<\/text>/gu)].map((match) => match[1]);
    expect(badges.sort()).toEqual(changes.map((entry) => String(entry.seq)).sort());
  });

  it('numbers an arrow taken twice with both entries (legal review returned, then passed again)', async () => {
    const returned = {
      ...dossier,
      history: [
        ...dossier.history.slice(0, 2),
        { ...dossier.history[2]!, type: 'legal.return', to: 'returned' },
        { ...dossier.history[2]!, seq: 3, type: 'review.pass', from: 'returned', to: 'legalReview' },
        ...dossier.history.slice(2).map((entry) => ({ ...entry, seq: entry.seq + 2 })),
      ],
    } as CaseDossier;
    const text = renderDossierHtml(returned);
    expect(stateClass(text, 'returned')).toBe('state visited');
    expect(text).toMatch(/<g class="badge">[^]*?<text[^>]*>3<\/text>/u);
    expect(text).toMatch(/<g class="badge">[^]*?<text[^>]*>4<\/text>/u);
  });
});

describe('renderDossierHtml refuses what is not a closed case’s dossier', () => {
  it.each([
    ['not an object', 'a string', 'dossier'],
    ['an open case', { ...dossier, outcome: undefined }, 'outcome'],
    ['no history', { ...dossier, history: [] }, 'history'],
    ['a bad time', { ...dossier, closedAt: '2026-10-12 10:00' }, 'closedAt'],
    ['a malformed document', { ...dossier, reports: [{ ...dossier.reports[0]!, documents: [{ name: 'x.pdf', sha256: 'nope', size: 1, mediaType: 'application/pdf' }] }] }, 'sha256'],
    ['a reference without its size', { ...dossier, reports: [{ ...dossier.reports[0]!, documents: [{ name: 'x.pdf', sha256: 'a'.repeat(64), mediaType: 'application/pdf' }] }] }, 'needs sha256, size and mediaType'],
  ])('%s: INVALID_INPUT naming it', (_, value, named) => {
    const error = thrown(() => renderDossierHtml(value as CaseDossier));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.context.argument).toBe('dossier');
    expect(JSON.stringify(error.issues)).toContain(named);
  });

  it('a list of more than 100 000 entries, at once (a fuzz found a million-entry audit log taking 17 s)', () => {
    const huge = new Array(1_000_000).fill(log[0]);
    expect(thrown(() => renderDossierHtml(dossier, { history: huge })).message).toBe('Invalid options: options.history must have at most 100,000 entries');
    expect(thrown(() => renderDossierHtml({ ...dossier, reports: [{ ...dossier.reports[0]!, documents: new Array(100_001).fill('x.pdf') }] })).message).toBe(
      'Invalid dossier: dossier.reports.0.documents must have at most 100,000 entries',
    );
  });

  it('a state the machine does not have', () => {
    const error = thrown(() => renderDossierHtml({ ...dossier, history: [...dossier.history, { ...dossier.history.at(-1)!, to: 'nowhere' }] } as unknown as CaseDossier));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain(`history[${dossier.history.length}].to "nowhere" is not a state of the case machine`);
  });

  it('malformed options, echoing the value', () => {
    const error = thrown(() => renderDossierHtml(dossier, { locale: 'fr' as 'en' }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.context.argument).toBe('options');
    expect(JSON.stringify(error.issues)).toContain('locale');
    expect(thrown(() => renderDossierHtml(dossier, { colour: 'red' } as never)).code).toBe('INVALID_INPUT');
  });

  it('an audit log of another case, or one that does not match the 流转记录', async () => {
    const other = await archivedCase('dossier-2');
    expect(thrown(() => renderDossierHtml(dossier, { history: other.log })).message).toContain('history[0] is of case "dossier-2", not "dossier-1"');
    expect(thrown(() => renderDossierHtml(dossier, { history: log.slice(1) })).message).toContain(`history has ${log.length - 1} audit entries but the dossier's 流转记录 has ${log.length}`);
    const swapped = log.map((entry, index) => (index === 3 ? { ...entry, at: '2030-01-01T00:00:00Z' } : entry));
    expect(thrown(() => renderDossierHtml(dossier, { history: swapped })).message).toContain('history[3] (leader.approve at 2030-01-01T00:00:00Z) does not match');
  });

  it('a dossier of a machine built with other options prints the same way', () => {
    expect(toDiagramJson(createCaseMachine({ resultsDueWorkingDays: 3 })).nodes.map((node) => node.id)).toEqual(toDiagramJson(caseMachine).nodes.map((node) => node.id));
  });
});
