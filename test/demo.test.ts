import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('..', import.meta.url));

describe('npm run demo', () => {
  let stdout = '';
  /** Each case's block of the output, by case id. */
  const blocks = new Map<string, string>();

  beforeAll(async () => {
    ({ stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], { cwd: repo, env: { ...process.env, TZ: 'America/Los_Angeles' } }));
    for (const block of stdout.split('\n━━ ').slice(1)) blocks.set(block.slice(0, block.indexOf('「')), block.split('\n\n')[0]!);
  }, 60_000);

  it('walks the seven cases through the engine and prints their timelines', () => {
    expect(stdout).toContain('results due 2026-10-13');
    expect(stdout).toMatch(/存档 \(Archived\), version 23 — 存档材料 dossier: outcome archived/);
    expect(stdout).toContain('驳回 (Rejected)');
    expect(stdout).toContain('补正后重新提交 (Resubmit application)');
    expect(stdout).toContain('未批准 (Not approved)');
    expect(stdout).toContain('综合指挥调度中心 立案 (Case opened) → 任务派送 (Dispatching)');
    expect(stdout).toContain('sweep at 2026-10-14 00:05: overdue SY-2026-006');
    expect(stdout).toMatch(/2026-10-13T23:59:59\.999\+08:00\) — late/);
    expect(stdout).toMatch(/audit chain of SY-2026-001: intact, 23 entries/);
  });

  it('heads each case with its id, title and item', () => {
    expect([...blocks.keys()]).toEqual(['SY-2026-001', 'SY-2026-002', 'SY-2026-003', 'SY-2026-004', 'SY-2026-005', 'SY-2026-006', 'SY-2026-007']);
    expect(blocks.get('SY-2026-001')).toMatch(/^SY-2026-001「城东农贸市场安全综合执法」 — 事项 item 1 农贸市场安全方面的综合执法\n/u);
    expect(blocks.get('SY-2026-005')).toMatch(/^SY-2026-005「液化气市场安全整治」 — 事项 item 20 /u);
  });

  it('prints every notification of a case, with its recipients, each once', () => {
    const case1 = blocks.get('SY-2026-001')!;
    const notifications = case1.split('\n').filter((line) => line.trimStart().startsWith('✉ '));
    expect(notifications).toHaveLength(22);
    expect(case1).toContain('; 22 条通知 notifications sent');
    expect(notifications[0]).toContain('✉ 综合指挥调度中心：收到市场监管局的联动执法申请「城东农贸市场安全综合执法」，请进行初审。');
    expect(notifications).toContainEqual(expect.stringContaining('✉ 综合指挥调度中心、县领导：联动执法申请「城东农贸市场安全综合执法」已通过法制审核'));
    expect(notifications).toContainEqual(expect.stringContaining('✉ 市场监管局：消防救援大队已确认接收联动执法任务'));
    expect(notifications.at(-1)).toContain('✉ 市场监管局、消防救援大队、公安局、应急管理局、城管局、卫健局、农业农村局、商务局：联动执法「城东农贸市场安全综合执法」已汇总存档。');
    for (const line of notifications) {
      const recipients = line.slice(line.indexOf('✉ ') + 2, line.indexOf('：')).split('、');
      expect(new Set(recipients).size, line).toBe(recipients.length);
    }
  });

  it('shows which cooperating units did not report', () => {
    const case6 = blocks.get('SY-2026-006')!;
    expect(case6).toContain('配合单位报送 cooperating units reported: 3 / 5');
    expect(case6).toContain('上传结果时未报送 missing when the results were uploaded: 城管局、交运局、应急管理局');
    expect(case6).toContain('上传后补报 reported after the upload: 交运局');
    expect(case6).toContain('始终未报送 never reported: 城管局、应急管理局');
    expect(blocks.get('SY-2026-001')).toContain('始终未报送 never reported: —');
  });

  it('shows the acknowledgements, and one missed by a unit that never confirmed', () => {
    expect(blocks.get('SY-2026-001')).toContain('确认接收任务 acknowledged by the time set: 7 / 7; late: —; missed: —');
    expect(blocks.get('SY-2026-006')).toContain('missed: 应急管理局');
    expect(blocks.get('SY-2026-006')).toContain('✉ 应急管理局、市场监管局、综合指挥调度中心：应急管理局未在指定时间');
  });

  it('runs the emergency route through the lead unit: the request, the report, the approval, the lead dispatching', () => {
    const case7 = blocks.get('SY-2026-007')!;
    expect(case7).toContain('消防救援大队　　 立案 (Case opened) → 牵头单位研究 (Lead unit review)');
    expect(case7).toContain('✉ 市场监管局：消防救援大队（配合单位）先行受理的执法事项');
    expect(case7).toContain('市场监管局　　　 上报县委县政府 (Report to the county) → 突发事件报县委县政府审核 (Emergency approval)');
    expect(case7).toContain('市场监管局　　　 派送任务 (Dispatch task)');
    expect(case7).toContain('✉ 市场监管局、综合指挥调度中心：市场监管局派送任务');
    expect(case7).toContain('召开联席会议 (Record a joint meeting)');
    expect(case7).toContain('存档 (Archived), version 14');
  });

  it('keeps the legal documents as files: each reference with its size and hash, and the audit re-hashes them', () => {
    const case7 = blocks.get('SY-2026-007')!;
    expect(case7).toMatch(/📎 消防救援大队：责令改正通知书\.pdf \(\d+ bytes, sha256 [0-9a-f]{12}…\)/u);
    expect(case7).toMatch(/📎 消防救援大队：现场照片\.jpg \(\d+ bytes/u);
    expect(case7).toMatch(/📎 公安局：现场处置记录\.pdf/u);
    expect(case7).toMatch(/📎 执法结果 results：停业整改决定书\.pdf/u);
    expect(stdout).toContain('audit of SY-2026-007 with its 4 files re-hashed: intact');
  });

  it('says its cases are invented, and so does the README', () => {
    expect(stdout).toContain('The cases below are invented for the demo');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const demoLine = readme.split('\n').find((line) => line.includes('npm run demo'))!;
    expect(demoLine).toContain('invented');
    expect(demoLine).not.toMatch(/\breal\b/u);
  });
  it('ends with the desks\' 待办 (the lead still owing SY-2026-005, overdue) and the statistics by lead unit', () => {
    const inboxes = stdout.slice(stdout.indexOf('待办 inbox of 综合指挥调度中心'), stdout.indexOf('统计 statistics'));
    expect(inboxes).toContain('待办 inbox of 综合指挥调度中心 (0):');
    expect(inboxes).toMatch(/待办 inbox of 市场监管局 \(1\):\n {2}SY-2026-005 {2}起草工作方案 \(Drafting the work plan\) — [^\n]+ — 逾期 \d+ 个工作日 overdue/);
    // Five of the seven cases lead by 市场监管局: three archived, one in progress; two results of three on time; one urge.
    expect(stdout).toMatch(/\n {2}市场监管局\u3000+ 5 \/ 3 \/ 1 \/ 67% \/ 1\n/);
  });
});
