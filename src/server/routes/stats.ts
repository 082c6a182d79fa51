import type { Hono } from 'hono';
import type { Actor } from '../../../machines/schemas.js';
import { LinkedEnforcementError } from '../../errors.js';
import type { CaseEngine } from '../../engine/types.js';
import type { StatsGrouping } from '../../engine/statsTypes.js';
import { statsToCsv } from '../../export/statsToCsv.js';
import { statsToXlsx } from '../../export/statsToXlsx.js';
import type { ServerEnv } from '../_lib/env.js';
import { choiceParameter, queryOf, requiredParameter } from '../_lib/request.js';

const GROUPINGS = ['leadUnit', 'item', 'month', 'origin'] as const satisfies readonly StatsGrouping[];
const FORMATS = ['json', 'csv', 'xlsx'] as const;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Who reads the statistics (统计报表): the command center, whose duty is "执法结果的汇总存档"
 * (附件2), and the county leaders it reports to. A unit's report would show every other unit's
 * cases (the total is the county's), so other units are refused, not given a filtered report.
 */
export function readsStatistics(actor: Actor, commandCenterUnit: string): boolean {
  return 'leader' in actor || ('unit' in actor && actor.unit === commandCenterUnit);
}

/** The attachment header: an ASCII name for old clients, the Chinese one (RFC 6266 `filename*`) for the rest. */
function attachment(extension: string, from: string, to: string, by: string): string {
  const stem = `${from}_${to}_${by}`;
  return `attachment; filename="stats_${stem}.${extension}"; filename*=UTF-8''${encodeURIComponent(`统计报表_${stem}.${extension}`)}`;
}

/**
 * `GET /stats?from=&to=&by=&format=`: the statistics of the cases opened from `from` to `to`
 * (Beijing dates, both included) grouped `by`, as JSON (a `StatsReport`), CSV or XLSX — for the
 * command center and the county leaders (403 `NOT_ALLOWED` for other units).
 */
export function statsRoutes(app: Hono<ServerEnv>, { engine, commandCenterUnit }: { readonly engine: CaseEngine; readonly commandCenterUnit: string }): void {
  app.get('/stats', async (c) => {
    const query = queryOf(c, ['from', 'to', 'by', 'format']);
    const [from, to] = [requiredParameter(query, 'from'), requiredParameter(query, 'to')];
    requiredParameter(query, 'by');
    const by = choiceParameter(query, 'by', GROUPINGS)!;
    const format = choiceParameter(query, 'format', FORMATS) ?? 'json';
    const actor = c.get('actor');
    if (!readsStatistics(actor, commandCenterUnit)) {
      throw new LinkedEnforcementError('NOT_ALLOWED', `statistics are for the command center (${commandCenterUnit}) and the county leaders`, {
        context: { reason: 'statisticsReader', commandCenterUnit },
        messageZh: '不允许此操作：统计报表仅供县综合指挥调度中心和县领导查看',
      });
    }
    const report = await engine.stats({ from, to, by });
    if (format === 'json') return c.json(report);
    if (format === 'csv') return c.body(statsToCsv(report), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': attachment('csv', from, to, by) });
    const bytes = await statsToXlsx(report);
    return c.body(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, 200, { 'content-type': XLSX_TYPE, 'content-disposition': attachment('xlsx', from, to, by) });
  });
}
