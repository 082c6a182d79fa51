/**
 * A population of cases for the list and sweep benchmark: a few hundred real cases made by the
 * engine (every origin, a spread of items, units, states and opening days; some overdue), then
 * copied under new ids until there are as many as asked — in memory by sharing the templates'
 * frozen data, on PostgreSQL by SQL (`generate_series`), so 100 000 cases take seconds, not hours.
 *
 * The templates open in groups of twelve, one of each kind, at one instant per group. A page is
 * in opening order, so at 100 000 cases it holds copies of the newest group's templates only;
 * within the group the copies tie on their opening and go by case id, which mixes the twelve
 * kinds. At 1 000 cases a page reaches into two or three groups, of the same twelve kinds: the
 * two sizes' pages hold the same mix of states, histories and deadlines, so their ratio measures
 * how the page scales, not which cases it happened to hold.
 */
import type pg from 'pg';
import type { CaseEvent, CaseInput } from '../../machines/schemas.js';
import { createCaseEngine, memoryStore, type CaseEngine, type CaseStore, type CaseWrite, type MemoryStore } from '../../src/index.js';
import { bj, center, market, planOf } from './stories.js';

/** The instant the benchmark lists and sweeps at: after every template event, before every pending deadline. */
export const LIST_NOW = bj('2026-12-01 09:00');

/** Applicants (县直部门); item 1's lead is market-regulation, and the fire brigade (垂直管理) only cooperates. */
const applicants = ['market-regulation', 'public-security', 'urban-management', 'health', 'agriculture-rural', 'commerce', 'emergency-management'];
const cooperatingUnits = ['fire-rescue', 'public-security', 'urban-management', 'health', 'commerce'];
const leader = { leader: { name: '李副县长', post: 'inCharge' } } as const;

/** One template: its opening and the events that bring it to its state. */
function story(k: number): { input: CaseInput; events: CaseEvent[]; sweepAt?: string } {
  const caseId = `tmpl-${k}`;
  // Twelve templates (one of each kind) open together, a group every two weeks: copies of a group share its opening
  // instant, so a page orders them by case id and mixes the group's kinds alike at 1 000 cases and at 100 000.
  const day = new Date(Date.UTC(2026, 0, 1 + 14 * Math.floor(k / 12), 1, 0));
  const at = (hours: number) => bj(new Date(day.getTime() + hours * 3_600_000 + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' '));
  const applicant = applicants[k % applicants.length]!;
  const kind = k % 12;
  if (kind === 10) return { input: { caseId, title: `中心发起 ${k}`, itemNo: 2, origin: 'centerInitiated', reason: '群众举报', at: at(0), by: center } as CaseInput, events: [] };
  if (kind === 11) return { input: { caseId, title: `领导交办 ${k}`, origin: 'leaderAssignment', leader: leader.leader, instruction: '请联合执法', at: at(0), by: center } as CaseInput, events: [] };
  const input = { caseId, title: `联合检查 ${k}`, itemNo: 1, origin: 'application', applicant, at: at(0), by: { unit: applicant } } as CaseInput;
  const by = market;
  const cooperating = cooperatingUnits.slice(0, 1 + (k % 5));
  const plan = { ...planOf(1), division: ['market-regulation', ...cooperating].map((unit) => ({ unit, duty: '检查' })) };
  const steps: CaseEvent[] = [
    { type: 'review.pass', by: center, at: at(1) },
    { type: 'legal.approve', by: { unit: 'justice' }, at: at(2) },
    { type: 'leader.approve', by: leader, at: at(3) },
    // Enforcement starts in 2027: the acknowledgement deadlines are not due when the benchmark sweeps.
    { type: 'task.dispatch', by: center, at: at(4), place: '城东', startAt: bj('2027-06-01 09:00'), cooperating } as CaseEvent,
    { type: 'plan.submit', by, at: at(5), plan },
  ];
  if (kind === 0) return { input, events: [{ type: 'review.reject', by: center, at: at(1), reason: '不属于联动执法事项' } as CaseEvent] };
  if (kind <= 6) return { input, events: steps.slice(0, kind - 1) };
  if (kind === 7) return { input, events: steps };
  // Ended and reported late (overdue, marked by a sweep), or archived.
  const ended: CaseEvent[] = [
    ...steps.slice(0, 4).map((event) => (event.type === 'task.dispatch' ? ({ ...event, startAt: at(24) } as CaseEvent) : event)),
    { type: 'plan.submit', by, at: at(5), plan },
    { type: 'enforcement.end', by, at: at(30) },
  ];
  if (kind === 8) return { input, events: ended, sweepAt: at(24 * 20) };
  return { input, events: [...ended, { type: 'results.upload', by, at: at(40), results: { summary: '完成' } }, { type: 'case.archive', by: center, at: at(41) }] };
}

/** Makes the templates on `store`, each through the engine with a clock that follows the story. */
export async function makeTemplates(store: CaseStore, count: number): Promise<string[]> {
  let now = Date.parse('2026-01-01T00:00:00+08:00');
  const engine: CaseEngine = createCaseEngine({ store, clock: { now: () => new Date(now) } });
  // Each event is sent at its own time (the cases' days are not in order, but each case's events are).
  const follow = (at: string) => (now = Date.parse(at));
  const ids: string[] = [];
  for (let k = 0; k < count; k++) {
    const { input, events, sweepAt } = story(k);
    follow(input.at);
    await engine.open(input);
    for (const event of events) {
      follow(event.at);
      await engine.send(input.caseId, event);
    }
    if (sweepAt !== undefined) {
      follow(sweepAt);
      await engine.sweep();
    }
    ids.push(input.caseId);
  }
  return ids;
}

/** A memory store with `size` cases: copies of the templates sharing their frozen data, written through the store's own writes. */
export async function memoryPopulation(size: number, templates: number): Promise<MemoryStore> {
  const source = memoryStore();
  const ids = await makeTemplates(source, templates);
  const statsOf = source.toJSON().cases;
  const stored = await Promise.all(ids.map(async (caseId) => ({ caseId, ...(await source.audit(caseId))!, stats: statsOf[caseId]!.stats! })));
  const store = memoryStore();
  for (let i = 0; i < size; i++) {
    const template = stored[i % stored.length]!;
    const caseId = i < stored.length ? template.caseId : `case-${i}`;
    const envelope = template.envelope as CaseWrite['envelope'];
    const snapshot = envelope.snapshot as { context: Record<string, unknown> };
    const summary = { ...(template.summary as CaseWrite['summary']), caseId };
    const entries = template.entries as CaseWrite['entry'][];
    for (const [index, entry] of entries.entries()) {
      const last = index === entries.length - 1;
      const write: CaseWrite = {
        caseId,
        // Only the last write's envelope and summary count; the earlier ones just carry the log along.
        envelope: { ...envelope, version: index + 1, snapshot: { ...snapshot, context: { ...snapshot.context, caseId } } },
        summary: last ? summary : { ...summary, version: index + 1, nextDueAt: null, hasOverdue: false },
        entry: { ...entry, caseId },
        outbox: [],
        // The template's statistics, whole, with the last write (the earlier ones leave the case incomplete until then).
        ...(last ? { stats: { ...template.stats, complete: true } } : {}),
      };
      const outcome = index === 0 ? await store.create(write) : await store.commit(write, index);
      if (!outcome.ok) throw new Error(`could not copy ${template.caseId} to ${caseId}`);
    }
  }
  return store;
}

/** Copies the templates on PostgreSQL (tables with `prefix`) until there are `size` cases, in SQL, then VACUUMs and ANALYZEs. */
export async function postgresPopulation(pool: pg.Pool, prefix: string, size: number, templates: number): Promise<void> {
  const t = { cases: `${prefix}cases`, log: `${prefix}case_log`, units: `${prefix}case_units`, actors: `${prefix}case_actors`, participation: `${prefix}case_participation`, stats: `${prefix}case_stats` };
  const extra = size - templates;
  if (extra > 0) {
    const numbered = `(SELECT case_id, row_number() OVER (ORDER BY case_id) - 1 AS n FROM ${t.cases} WHERE starts_with(case_id, 'tmpl-')) k`;
    const copies = `FROM generate_series(0, ${extra - 1}) AS g JOIN ${numbered} ON k.n = g % ${templates} JOIN ${t.cases} c ON c.case_id = k.case_id`;
    await pool.query(
      `INSERT INTO ${t.cases} (case_id, version, machine_id, machine_version, envelope, state, stage, status, units, next_due_at, has_overdue, opened_at, updated_at, origin, item_no, next_wake_at)
       SELECT 'case-' || g, c.version, c.machine_id, c.machine_version, replace(c.envelope::text, '"caseId":"' || c.case_id || '"', '"caseId":"case-' || g || '"')::json,
              c.state, c.stage, c.status, c.units, c.next_due_at, c.has_overdue, c.opened_at, c.updated_at, c.origin, c.item_no, c.next_wake_at ${copies}`,
    );
    await pool.query(`INSERT INTO ${t.log} (case_id, version, entry) SELECT 'case-' || g, l.version, l.entry ${copies} JOIN ${t.log} l ON l.case_id = c.case_id`);
    await pool.query(`INSERT INTO ${t.units} (unit, opened_at, case_id, state, stage) SELECT u.unit, c.opened_at, 'case-' || g, c.state, c.stage ${copies}, unnest(c.units) AS u (unit)`);
    await pool.query(`INSERT INTO ${t.actors} (actor, due_at, waiting_since, case_id) SELECT a.actor, a.due_at, a.waiting_since, 'case-' || g ${copies} JOIN ${t.actors} a ON a.case_id = c.case_id`);
    await pool.query(`INSERT INTO ${t.participation} (actor, last_acted_at, case_id) SELECT a.actor, a.last_acted_at, 'case-' || g ${copies} JOIN ${t.participation} a ON a.case_id = c.case_id`);
    await pool.query(
      `INSERT INTO ${t.stats} (case_id, version, opened_at, origin, item_no, lead_unit, outcome, urges, results_due_at, results_status, archive_working_days, step_days, step_visits, complete)
       SELECT 'case-' || g, s.version, s.opened_at, s.origin, s.item_no, s.lead_unit, s.outcome, s.urges, s.results_due_at, s.results_status, s.archive_working_days,
              s.step_days, s.step_visits, s.complete
       ${copies} JOIN ${t.stats} s ON s.case_id = c.case_id`,
    );
  }
  // As autovacuum leaves a table in use: statistics, and the visibility map that lets index-only scans skip the rows.
  await pool.query(`VACUUM ANALYZE ${t.cases}, ${t.log}, ${t.units}, ${t.actors}, ${t.participation}, ${t.stats}`);
}
