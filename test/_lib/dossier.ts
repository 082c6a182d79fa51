import { createCaseEngine, memoryStore, type AuditEntry, type CaseDossier, type CaseEngine } from 'linked-enforcement';
import { createHash } from 'node:crypto';
import { bj, center, ev, market } from './cases.js';
import { following, testClock, toReporting } from './engine.js';

/** A PDF's reference, as a blob store's `put` returns it (the engine here has no blob store, so it checks the shape only). */
const pdf = (name: string) => ({ name, sha256: createHash('sha256').update(name).digest('hex'), size: Buffer.byteLength(name), mediaType: 'application/pdf' });

/**
 * An archived item-1 case run through the engine on the memory store: reports (one after the
 * upload, with suggestions), a meeting, a publication, an urge, results with figures and the
 * archive. Returns its dossier and audit log.
 */
export async function archivedCase(caseId = 'dossier-1'): Promise<{ engine: CaseEngine; dossier: CaseDossier; log: AuditEntry[] }> {
  const clock = testClock(bj('2026-09-01 08:00'));
  const engine = following(createCaseEngine({ store: memoryStore(), clock }), clock);
  await toReporting(engine, caseId);
  await engine.send(caseId, ev('case.urge', center, bj('2026-10-08 09:00'), { unit: 'market-regulation', message: '请按时上传执法结果' }));
  await engine.send(caseId, ev('unit.report', { unit: 'public-security' }, bj('2026-10-09 09:00'), { summary: '现场检查笔录两份', documents: [pdf('检查笔录（一）.pdf'), pdf('检查笔录（二）.pdf')] }));
  await engine.send(caseId, ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '检查商户 120 户，立案 3 起', figures: { 检查户数: 120, 立案数: 3 }, documents: [pdf('执法结果报告.pdf')], lessons: '下次提前通知商户' } }));
  await engine.send(caseId, ev('unit.report', { unit: 'fire-rescue' }, bj('2026-10-10 09:00'), { summary: '消防检查记录', documents: [pdf('消防检查记录.pdf')], suggestions: '建议每季度联合检查一次' }));
  await engine.send(caseId, ev('case.archive', center, bj('2026-10-12 10:00'), { summary: '执法结果已汇总，存档' }));
  const view = await engine.get(caseId);
  return { engine, dossier: view.output!, log: await engine.history(caseId) };
}
