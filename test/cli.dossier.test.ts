import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createCaseEngine, renderDossierHtml } from 'linked-enforcement';
import { postgresStore } from '../src/store/postgres/index.js';
import { runCli } from '../src/cli/runCli.js';
import { redactedUrl } from '../src/cli/commands/dossier.js';
import { applicationInput, bj, center, ev, market } from './_lib/cases.js';
import { following, testClock, toReporting } from './_lib/engine.js';
import { dropTables } from './_lib/storeHarness.js';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
  return { code, stdout, stderr };
}

describe('linked-enforcement dossier: the command line', () => {
  it('shows its help', async () => {
    const { code, stdout } = await run('dossier', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('linked-enforcement dossier <案件编号 caseId> --database-url <url>');
    expect((await run('--help')).stdout).toContain('dossier <案件编号 caseId> --database-url <url> [--locale zh-CN|en]');
  });

  it('refuses a wrong command line, echoing the bad value (exit 2), and hides a password', async () => {
    const url = 'postgres://postgres@127.0.0.1:1/none';
    expect(await run('dossier', '--database-url', url)).toMatchObject({ code: 2, stderr: expect.stringContaining('missing <caseId>; usage: dossier <caseId>') });
    expect(await run('dossier', 'c1', '--database-url', url, '--locale', 'fr')).toMatchObject({ code: 2, stderr: expect.stringContaining('--locale must be zh-CN or en, not "fr"') });
    expect(await run('dossier', 'c1', '--database-url', 'mysql://root:secret@db/x')).toMatchObject({ code: 2, stderr: expect.stringContaining('--database-url must be postgres://user@host:port/database, not "mysql://root:***@db/x"') });
    expect((await run('dossier', 'c1', '--database-url', 'mysql://root:secret@db/x')).stderr).not.toContain('secret');
    expect(await run('diagram', '--locale', 'en')).toMatchObject({ code: 2, stderr: expect.stringContaining('diagram does not take --locale') });
    expect(await run('catalog', '--database-url', url)).toMatchObject({ code: 2, stderr: expect.stringContaining('catalog does not take --database-url') });
    vi.stubEnv('DATABASE_URL', '');
    try {
      expect(await run('dossier', 'c1')).toMatchObject({ code: 2, stderr: expect.stringContaining('missing --database-url (or the DATABASE_URL environment variable)') });
    } finally {
      vi.unstubAllEnvs();
    }
    expect(redactedUrl('postgres://u:p@h/d')).toBe('postgres://u:***@h/d');
  });

  it('reports a database it cannot reach as STORE_UNAVAILABLE (exit 1)', async () => {
    const { code, stderr } = await run('dossier', 'c1', '--database-url', 'postgres://postgres@127.0.0.1:1/none', '--json');
    expect(code).toBe(1);
    expect(JSON.parse(stderr)).toMatchObject({ error: { code: 'STORE_UNAVAILABLE' } });
  }, 30_000);
});

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl === undefined) console.warn('\n[cli.dossier] DATABASE_URL is not set: SKIPPING the dossier command against PostgreSQL (npm run db:start starts a server).\n');

describe.skipIf(databaseUrl === undefined)('linked-enforcement dossier against PostgreSQL', () => {
  const prefix = `ledos_${process.pid}_`;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  afterAll(async () => {
    await dropTables(pool, prefix);
    await pool.end();
  });

  it('prints a closed case’s 案卷 as HTML (with its audit log), refuses an open or unknown case', async () => {
    const store = postgresStore({ pool, tablePrefix: prefix });
    await store.migrate();
    const clock = testClock(bj('2026-09-01 08:00'));
    const engine = following(createCaseEngine({ store, clock }), clock);
    await toReporting(engine, 'cli-closed');
    await engine.send('cli-closed', ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '检查商户 120 户' } }));
    await engine.send('cli-closed', ev('case.archive', center, bj('2026-10-12 10:00'), { summary: '已存档' }));
    await engine.open(applicationInput({ caseId: 'cli-open', at: bj('2026-09-02 09:00') }));

    const args = ['--database-url', databaseUrl!, '--table-prefix', prefix];
    const printed = await run('dossier', 'cli-closed', ...args);
    expect(printed.stderr).toBe('');
    expect(printed.code).toBe(0);
    const expected = renderDossierHtml((await engine.get('cli-closed')).output!, { locale: 'zh-CN', history: await engine.history('cli-closed') });
    expect(printed.stdout).toBe(expected);
    expect(printed.stdout).toContain('审计链末条哈希');

    expect((await run('dossier', 'cli-closed', ...args, '--locale', 'en')).stdout).toContain('<html lang="en">');
    const asJson = await run('dossier', 'cli-closed', ...args, '--json');
    expect(JSON.parse(asJson.stdout)).toMatchObject({ caseId: 'cli-closed', dossier: { outcome: 'archived' }, history: expect.any(Array) });

    const open = await run('dossier', 'cli-open', ...args, '--json');
    expect(open.code).toBe(1);
    expect(JSON.parse(open.stderr)).toMatchObject({ error: { code: 'INVALID_INPUT', context: { argument: 'caseId', value: 'cli-open', state: 'preliminaryReview' } } });
    const missing = await run('dossier', 'no-such-case', ...args);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('[CASE_NOT_FOUND]');
  }, 60_000);
});
