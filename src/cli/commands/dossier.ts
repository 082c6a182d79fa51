import { createCaseEngine } from '../../engine/createCaseEngine.js';
import { LinkedEnforcementError } from '../../errors.js';
import { renderDossierHtml } from '../../dossier/renderDossierHtml.js';
import { postgresStore } from '../../store/postgres/postgresStore.js';
import type { PgPool } from '../../store/postgres/postgresStore.js';
import { stateLabels } from '../../../machines/labels.js';
import { writeJson, type CommandContext } from '../_lib/io.js';
import { expectArgs, UsageError } from '../_lib/usageError.js';

/** A connection string with its password hidden, for messages. */
export function redactedUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return text;
  }
}

/** The `--database-url`, else `DATABASE_URL`, checked to be a PostgreSQL URL. */
function databaseUrlOf(given: string | undefined): string {
  const text = given ?? process.env.DATABASE_URL;
  if (text === undefined || text === '') {
    throw new UsageError('缺少 --database-url（或环境变量 DATABASE_URL）', 'missing --database-url (or the DATABASE_URL environment variable)');
  }
  let protocol: string | undefined;
  try {
    protocol = new URL(text).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    const shown = redactedUrl(text);
    throw new UsageError(`--database-url 须为 postgres://用户@主机:端口/数据库，而不是“${shown}”`, `--database-url must be postgres://user@host:port/database, not "${shown}"`);
  }
  return text;
}

/** `pg`, the store's optional peer dependency, loaded only for this command. */
async function loadPg(): Promise<{ Pool: new (config: { connectionString: string; max: number }) => PgPool & { end(): Promise<void> } }> {
  try {
    const loaded = (await import('pg')) as unknown as { default?: unknown; Pool?: unknown };
    return (loaded.default ?? loaded) as Awaited<ReturnType<typeof loadPg>>;
  } catch (error) {
    throw new LinkedEnforcementError('STORE_UNAVAILABLE', `the dossier command reads PostgreSQL through the pg package, which is not installed: npm install pg (${String(error)})`, { context: { package: 'pg' }, cause: error });
  }
}

/**
 * `dossier <caseId> --database-url <url> [--table-prefix <p>] [--locale zh-CN|en]`: the printable
 * 案卷 of a closed case read from a PostgreSQL store, as one HTML document on stdout (`--json`:
 * the dossier and its audit log as JSON).
 *
 * @param context - The words after the command, the parsed options and where to write.
 * @throws {UsageError} For a missing case id or database URL, a URL that is not PostgreSQL's, or an unknown locale.
 * @throws {LinkedEnforcementError} `CASE_NOT_FOUND`; `INVALID_INPUT` for a case still open;
 *   `STORE_UNAVAILABLE` when the database cannot be read (or `pg` is missing); `INVALID_INPUT` for a bad table prefix.
 */
export async function dossierCommand({ args, options, io }: CommandContext): Promise<void> {
  expectArgs(args, 'dossier', ['caseId']);
  const [caseId] = args as [string];
  const locale = options.locale ?? 'zh-CN';
  if (locale !== 'zh-CN' && locale !== 'en') throw new UsageError(`--locale 只能是 zh-CN 或 en，而不是“${locale}”`, `--locale must be zh-CN or en, not "${locale}"`);
  if (options.json && options.locale !== undefined) throw new UsageError('--locale 只用于 HTML（JSON 原样输出案卷）', '--locale applies to the HTML only (--json prints the dossier as stored)');
  const connectionString = databaseUrlOf(options.databaseUrl);
  const pg = await loadPg();
  const pool = new pg.Pool({ connectionString, max: 1 });
  // An idle client whose server went away must not crash the command: the query that needed it fails instead.
  (pool as unknown as { on?: (event: string, listener: () => void) => void }).on?.('error', () => undefined);
  try {
    const store = postgresStore({ pool, ...(options.tablePrefix === undefined ? {} : { tablePrefix: options.tablePrefix }) });
    const engine = createCaseEngine({ store });
    const view = await engine.get(caseId);
    if (view.output === undefined) {
      const message = `case "${caseId}" is still open (${view.stateLabel.zh} ${view.state}): the 案卷 is printed once it is closed`;
      throw new LinkedEnforcementError('INVALID_INPUT', message, {
        context: { argument: 'caseId', value: caseId, state: view.state },
        issues: [{ code: 'custom', path: ['caseId'], message: `is still open (${stateLabels[view.state].zh})` }],
      });
    }
    const history = await engine.history(caseId);
    if (options.json) return writeJson(io, { caseId, dossier: view.output, history });
    io.stdout.write(renderDossierHtml(view.output, { locale, history }));
  } finally {
    await pool.end();
  }
}
