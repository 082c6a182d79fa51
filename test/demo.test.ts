import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('..', import.meta.url));

describe('npm run demo', () => {
  it('walks the six cases through the engine and prints their timelines', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], { cwd: repo, env: { ...process.env, TZ: 'America/Los_Angeles' } });
    expect(stdout).toContain('results due 2026-10-13');
    expect(stdout).toMatch(/存档 \(Archived\), version 16 — 存档材料 dossier: outcome archived/);
    expect(stdout).toContain('驳回 (Rejected)');
    expect(stdout).toContain('补正后重新提交 (Resubmit application)');
    expect(stdout).toContain('未批准 (Not approved)');
    expect(stdout).toContain('县主要领导张县长 立案 (Case opened) → 任务派送 (Dispatching)');
    expect(stdout).toContain('sweep at 2026-10-14 00:05: overdue SY-2026-006');
    expect(stdout).toMatch(/2026-10-13T23:59:59\.999\+08:00\) — late/);
    expect(stdout).toMatch(/audit chain of SY-2026-001: intact, 16 entries/);
  }, 60_000);
});
