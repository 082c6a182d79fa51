import { eventLabels, type CaseEvent, type CaseInput, type HistoryEntry } from 'linked-enforcement';
import { describe, expect, it } from 'vitest';
import { historyDetails } from '../examples/react-ui/src/historyDetails.js';
import { walkCases } from './_lib/caseWalks.js';
import { archivedCase } from './_lib/dossier.js';

// The React example's 流转记录 details column (issue 12): every kind of entry says something.
describe('historyDetails (流转记录 details of the React example)', () => {
  const walked = walkCases();
  // Each entry once, with the event it recorded, from walks of every origin.
  const entries = new Map(walked.flatMap(({ history, events }) => history.map((entry) => [`${entry.type}:${JSON.stringify(events[entry.seq])}`, { entry, event: events[entry.seq]! }] as const)));
  const kinds = Object.keys(eventLabels) as HistoryEntry['type'][];

  it('the walks reach every kind of history entry the machine records', () => {
    expect(new Set([...entries.values()].map(({ entry }) => entry.type))).toEqual(new Set(kinds));
  });

  it('gives every entry of every kind a details cell, with its event and without', () => {
    for (const { entry, event } of entries.values()) {
      expect(historyDetails(entry, event), `${entry.type} with its event`).not.toBe('');
      expect(historyDetails(entry), `${entry.type} alone`).not.toBe('');
    }
  });

  it('says more than the entry alone wherever the event recorded more than the entry keeps', () => {
    // Events whose data is all in the entry (opinion, reason, note) or which carry none.
    const entryOnly = new Set<HistoryEntry['type']>(['review.pass', 'review.reject', 'legal.approve', 'legal.return', 'amendment.request', 'application.resubmit', 'application.withdraw', 'emergency.decline', 'leader.approve', 'leader.deny', 'enforcement.end', 'deadline.check']);
    // An urge's unit is in the entry; only its message is not.
    const recordsMore = (event: CaseEvent | CaseInput) => !('type' in event) || !entryOnly.has(event.type) && (event.type !== 'case.urge' || event.message !== undefined);
    for (const { entry, event } of entries.values()) {
      if (!recordsMore(event)) expect(historyDetails(entry, event), entry.type).toBe(historyDetails(entry));
      else expect(historyDetails(entry, event), entry.type).not.toBe(historyDetails(entry));
    }
  });

  it('shows the plan, the reports and their documents, the results, the urge and the archive of a case run through the engine', async () => {
    const { engine, log } = await archivedCase('details-1');
    const { history } = await engine.get('details-1');
    const details = history.map((entry) => `${entry.type} ${historyDetails(entry, log[entry.seq]!.event)}`);
    expect(details).toEqual([
      'case.open 申请单位：市场监管局',
      'review.pass 初审通过（未填写意见）',
      'legal.approve 法制审核通过（未填写意见）',
      'leader.approve 批准同意（未填写意见）',
      'task.dispatch 集合地点：城东农贸市场；集合时间：2026-09-29 09:00',
      'plan.submit 方案概要：分三组检查；职责分工：8 个单位；时限：一天内完成现场检查，十日内完成整改复查',
      'enforcement.end 执法工作结束（未填写说明）',
      'case.urge 催办 市场监管局；催办内容：请按时上传执法结果',
      'unit.report 报送：现场检查笔录两份；附件 2 份：检查笔录（一）.pdf、检查笔录（二）.pdf',
      'results.upload 执法结果：检查商户 120 户，立案 3 起；统计：检查户数 120，立案数 3；附件 1 份：执法结果报告.pdf；研讨和总结：下次提前通知商户',
      'unit.report 报送：消防检查记录；附件 1 份：消防检查记录.pdf；意见建议：建议每季度联合检查一次',
      'case.archive 存档说明：执法结果已汇总，存档',
    ]);
  });

  it('keeps the entry’s own opinion, reason and note beside the event’s data', () => {
    const entry: HistoryEntry = { seq: 3, type: 'leader.deny', by: { leader: { name: '张县长', post: 'principal' } }, at: '2026-09-03T10:00:00+08:00', from: 'leaderApproval', to: 'notApproved', reason: '条件不具备' };
    expect(historyDetails(entry, { type: 'leader.deny', by: entry.by, at: entry.at, reason: '条件不具备' })).toBe('理由：条件不具备');
  });

  it('reads documents recorded by name only (0.3 and earlier) and ignores an event of another kind', () => {
    const entry: HistoryEntry = { seq: 7, type: 'unit.report', by: { unit: 'fire-rescue' }, at: '2026-10-09T09:00:00+08:00', from: 'enforcing.reporting', to: 'enforcing.reporting' };
    const legacy = { type: 'unit.report', by: entry.by, at: entry.at, summary: '检查记录', documents: ['检查记录.pdf'] } as never;
    expect(historyDetails(entry, legacy)).toBe('报送：检查记录；附件 1 份：检查记录.pdf');
    expect(historyDetails(entry, { type: 'case.archive', by: { unit: 'command-center' }, at: entry.at, summary: '存档' })).toBe('报送法律文书');
  });

  it('names the opening of each origin by what it rests on', () => {
    const openings = walked.filter(({ history }) => history.length === 1).map(({ history, events }) => historyDetails(history[0]!, events[0]));
    expect(new Set(openings)).toEqual(
      new Set(['申请单位：市场监管局；申请内容：国庆前联合检查', '交办领导：县主要领导 张县长；交办事项：国庆前完成', '发起理由：群众投诉集中', '报告单位：市场监管局；情况：市场火情', '报告单位：消防救援大队；情况：重大火灾隐患']),
    );
  });
});
