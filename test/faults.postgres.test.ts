/**
 * Faults under load, Jepsen-style and bounded: writer processes (test/_lib/pgWriter.ts) on shared
 * cases, pinned and unpinned, with idempotency keys and instance clocks a second ahead or behind,
 * while the test SIGKILLs writers in the middle of their sends and of their notification handlers,
 * terminates their backends (`pg_terminate_backend`) and restarts the server (fast and
 * immediate). It runs a PostgreSQL server of its own (scripts/db.sh with a private LE_DB_STATE),
 * so it may restart it. After each scenario, against the database and the writers' journals
 * (each attempt, each acknowledged send and each handled notification, appended synchronously):
 * - every acknowledged send is in its case's log exactly once, at the version it was told; no send
 *   is in any log twice; nothing is in a log that no writer attempted;
 * - every case has version = log length = history length, and `verifyAudit` (replay) finds nothing;
 * - the outbox holds exactly the notifications of the logged events, and every one of them is
 *   handled at least once (by the writers, then by a fresh engine's `deliverNotifications` once
 *   the killed writers' leases have expired): none lost, none parked as failed;
 * - no writer crashed: each exited 0 or by the test's own SIGKILL, printed no untyped error, only
 *   the typed errors faults explain (STORE_UNAVAILABLE; VERSION_CONFLICT for pinned sends, or an
 *   unpinned one that lost every race it was allowed), and nothing on stderr. A send without
 *   `expectedVersion` that loses a race to a writer whose clock runs ahead lands re-stamped: a
 *   NOT_ALLOWED is an anomaly.
 * The figures of every scenario and their totals are printed at the end (console.info).
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseEngine, type CaseEngine } from 'linked-enforcement';
import { postgresStore } from '../src/store/postgres/index.js';
import { applicationInput, center } from './_lib/cases.js';
import type { WriterOptions } from './_lib/pgWriter.js';
import { spawnWriter, type WriterProcess } from './_lib/writers.js';

const script = fileURLToPath(new URL('../scripts/db.sh', import.meta.url));
// Where scripts/db.sh looks for initdb and pg_ctl.
const installed =
  spawnSync('bash', ['-c', '[ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ] || ls /usr/lib/postgresql/*/bin/initdb || command -v initdb'], { stdio: 'ignore' }).status === 0;
if (!installed) {
  const message =
    '[faults.postgres] PostgreSQL is not installed (no initdb and pg_ctl): the fault suite, which starts, restarts and stops a server of its own with scripts/db.sh, cannot run. Install it (Debian: apt-get install postgresql; README.md, "Running the PostgreSQL suite") or set PG_BIN; .ci/run does.';
  // .ci/run sets LE_FAULTS_REQUIRED: there, a skipped fault suite would be a silent gap.
  if (process.env.LE_FAULTS_REQUIRED === '1') throw new Error(message);
  console.warn(`\n${message} SKIPPING it.\n`);
}

/** initdb and a start take a few seconds idle, several times that on a busy 2-core machine. */
const SERVER_BUDGET_MS = 120_000;
/** One scenario: about 10–15 s idle (writer processes load the library through tsx). */
const SCENARIO_BUDGET_MS = 240_000;

function db(command: string, state: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [script, command, ...args], { env: { ...process.env, LE_DB_STATE: state } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = (low: number, high: number) => low + Math.floor(Math.random() * (high - low));

/** What a scenario did, for the log and the README. */
interface Figures {
  scenario: string;
  writers: number;
  attempted: number;
  acknowledged: number;
  kills: number;
  /** Kills that landed between a writer's attempt and its answer. */
  killedMidSend: number;
  /** Kills that landed while a notification handler was at work. */
  killedMidDelivery: number;
  terminated: number;
  fastRestarts: number;
  immediateRestarts: number;
  storeUnavailable: number;
  versionConflicts: number;
  /** Unpinned sends that lost every race they were allowed (`VERSION_CONFLICT` after `maxAttempts`). */
  unpinnedGaveUp: number;
  /** Logged events stamped later than their writer's clock: raised to the case's last event (a clock behind). */
  stampedAfterClock: number;
  /** Notifications committed with the logged events. */
  notifications: number;
  /** Notifications handled by the writers' handlers (each counted once). */
  handledByWriters: number;
  /** Handed over again by the fresh engine after the scenario (left by a killed writer, a throwing handler, a lost answer). */
  deliveredAfterwards: number;
  /** Handled more than once (at-least-once: the dedupe id tells). */
  redelivered: number;
  handlerFailures: number;
  anomalies: string[];
}
const figures: Figures[] = [];
/** Every writer started, so none outlives the suite (a scenario that timed out leaves some running). */
const everyWriter: WriterProcess[] = [];

describe.skipIf(!installed)('faults under load on a PostgreSQL server of the suite’s own', () => {
  let state = '';
  let url = '';
  let admin: pg.Pool;

  beforeAll(async () => {
    state = mkdtempSync(join(tmpdir(), 'le-faults-'));
    const started = await db('start', state);
    if (started.code !== 0) throw new Error(`scripts/db.sh start failed:\n${started.stderr}`);
    url = /^DATABASE_URL=(\S+)$/mu.exec(started.stdout)![1]!;
    admin = new pg.Pool({ connectionString: url, max: 3 });
    admin.on('error', () => {}); // idle clients lose their connection at every restart
    // The throw-away server runs with synchronous_commit=off (fast, and safe for a clean stop). A
    // crash (restart -m immediate) may then lose commits made just before it, acknowledged ones
    // included: not a fault of the engine, and not what production runs. Sessions of this
    // database commit synchronously.
    await admin.query('ALTER DATABASE linked_enforcement SET synchronous_commit = on');
  }, SERVER_BUDGET_MS);

  afterAll(async () => {
    for (const child of everyWriter.filter((candidate) => !candidate.ended())) child.kill('SIGKILL');
    await Promise.all(everyWriter.map((child) => child.exited));
    await admin?.end().catch(() => {});
    if (state !== '') {
      await db('stop', state);
      rmSync(state, { recursive: true, force: true });
    }
    if (figures.length > 0) report(figures);
  }, SERVER_BUDGET_MS);

  /** A statement through the admin pool, again while the server restarts. */
  async function query(text: string, values?: unknown[]) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await admin.query(text, values);
      } catch (error) {
        if (attempt >= 100) throw error;
        await pause(100);
      }
    }
  }

  /** Terminates the writers' backends (at most `limit`), also one still connecting or between statements. */
  async function terminateBackends(limit?: number): Promise<number> {
    try {
      const { rows } = await query(
        `SELECT pg_terminate_backend(pid) AS ok FROM (SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'le-writer-%' ORDER BY random() ${limit === undefined ? '' : `LIMIT ${limit}`}) AS writers`,
      );
      return rows.filter((row) => row.ok === true).length;
    } catch {
      return 0; // the admin connection itself may be between two lives
    }
  }

  async function restart(figures: Figures, mode: 'fast' | 'immediate'): Promise<void> {
    const restarted = await db('restart', state, mode);
    if (restarted.code !== 0) throw new Error(`scripts/db.sh restart ${mode} failed:\n${restarted.stderr}`);
    if (mode === 'fast') figures.fastRestarts += 1;
    else figures.immediateRestarts += 1;
  }

  interface Chaos {
    readonly figures: Figures;
    /** Starts another writer like `like`, under a new name. */
    replace(like: WriterProcess): WriterProcess;
    /** SIGKILLs a writer (counted, and whether it was in the middle of a send or of a delivery). */
    kill(child: WriterProcess): void;
    /** Kills a writer and starts a replacement once it is gone. */
    killAndReplace(child: WriterProcess): Promise<void>;
    /** Acknowledged sends so far, from the writers' output. */
    acknowledged(): number;
    /** Whether every writer has ended. */
    finished(): boolean;
    /** The writers in the middle of their run (an attempt printed, not done), once there are any; none when all have ended. */
    sending(): Promise<WriterProcess[]>;
    /** The writers whose notification handler is at work right now. */
    delivering(): WriterProcess[];
  }

  /** What a writer printed last of its sends and deliveries. */
  const lastStep = (child: WriterProcess) =>
    child
      .lines()
      .filter((line) => ['attempt', 'sent', 'error', 'delivering', 'delivered', 'handlerFailed'].includes(line.event as string))
      .at(-1);

  /**
   * Opens `cases` cases (in 法制审核, where the center may urge 司法局 again and again), runs
   * `writers` writer processes on them with `chaos` alongside, and checks everything once they
   * have all ended. By default, four kinds of writer: unpinned, pinned, or half and half;
   * delivering the outbox after each send or through `onNotification`; clocks on time, a second
   * ahead or a second behind.
   */
  async function scenario(
    name: string,
    shape: { readonly writers: number; readonly sends: number; readonly cases: number; readonly writer?: (index: number) => Partial<WriterOptions> },
    chaos: (context: Chaos) => Promise<void>,
  ): Promise<Figures> {
    const prefix = `lft_${name}_`;
    const store = postgresStore({ pool: admin, tablePrefix: prefix });
    await store.migrate();
    const setup = createCaseEngine({ store });
    const caseIds = Array.from({ length: shape.cases }, (_, index) => `${name}-${index + 1}`);
    for (const caseId of caseIds) {
      await setup.open({ ...applicationInput({ caseId }), at: undefined } as never);
      await setup.send(caseId, { type: 'review.pass', by: center });
    }

    const result: Figures = {
      scenario: name,
      writers: 0,
      attempted: 0,
      acknowledged: 0,
      kills: 0,
      killedMidSend: 0,
      killedMidDelivery: 0,
      terminated: 0,
      fastRestarts: 0,
      immediateRestarts: 0,
      storeUnavailable: 0,
      versionConflicts: 0,
      unpinnedGaveUp: 0,
      stampedAfterClock: 0,
      notifications: 0,
      handledByWriters: 0,
      deliveredAfterwards: 0,
      redelivered: 0,
      handlerFailures: 0,
      anomalies: [],
    };
    const all: WriterProcess[] = [];
    const killed = new Set<WriterProcess>();
    let replacements = 0;
    const go = join(state, `${prefix}go`);
    const start = (options: WriterOptions) => {
      const child = spawnWriter({ ...options, journal: join(state, `${prefix}${options.writer}.jsonl`), startWhen: go }, url);
      all.push(child);
      everyWriter.push(child);
      return child;
    };
    for (let index = 0; index < shape.writers; index++) {
      start({
        prefix,
        caseIds,
        writer: `${name}-w${index + 1}`,
        sends: shape.sends,
        pinned: ([false, true, 'mixed', 'mixed'] as const)[index % 4],
        idempotencyKeys: true,
        retries: 200,
        conflictRetries: 3,
        ...(index % 2 === 0 ? { deliver: true, deliverLimit: 5 } : { notify: true }),
        clockSkewMs: [0, 1_000, -1_000, 0][index % 4]!,
        ...shape.writer?.(index),
      });
    }
    // Writer processes take seconds to start on a busy machine: they race from the moment all are ready.
    while (!all.every((child) => child.ended() || child.lines().some((line) => line.event === 'ready'))) await pause(20);
    writeFileSync(go, '');
    const context: Chaos = {
      figures: result,
      replace: (like) => start({ ...like.options, writer: `${like.options.writer}r${++replacements}`, sends: Math.ceil(like.options.sends / 2) }),
      kill(child) {
        const last = lastStep(child);
        if (last?.event === 'delivering') result.killedMidDelivery += 1;
        else if (last?.event === 'attempt' || (last?.event === 'error' && last.retrying === true)) result.killedMidSend += 1;
        killed.add(child);
        child.kill('SIGKILL');
        result.kills += 1;
      },
      async killAndReplace(child) {
        context.kill(child);
        await child.exited;
        context.replace(child);
      },
      acknowledged: () => all.reduce((sum, child) => sum + child.lines().filter((line) => line.event === 'sent').length, 0),
      finished: () => all.every((child) => child.ended()),
      async sending() {
        for (;;) {
          const running = all.filter((child) => !child.ended() && child.lines().some((line) => line.event === 'attempt') && !child.lines().some((line) => line.event === 'done'));
          if (running.length > 0 || all.every((child) => child.ended())) return running;
          await pause(10);
        }
      },
      delivering: () => all.filter((child) => !child.ended() && lastStep(child)?.event === 'delivering'),
    };
    await chaos(context);
    // Replacements join while the first writers run: wait until every writer, old or new, has ended.
    while (!context.finished()) await Promise.all(all.map((child) => child.exited));
    result.writers = all.length;
    await check(prefix, caseIds, all, killed, result);
    figures.push(result);
    if (result.anomalies.length > 0) console.error(`[faults.postgres] ${name}: ${result.anomalies.length} anomalies\n${result.anomalies.slice(0, 20).join('\n')}`);
    return result;
  }

  /** Everything the scenario must leave; each breach is an anomaly. */
  async function check(prefix: string, caseIds: readonly string[], writers: readonly WriterProcess[], killed: ReadonlySet<WriterProcess>, result: Figures): Promise<void> {
    const anomaly = (message: string) => result.anomalies.push(message);
    const journalOf = (child: WriterProcess): Record<string, unknown>[] => {
      const path = child.options.journal!;
      if (!existsSync(path)) return [];
      // A line cut short by SIGKILL was never a whole record.
      return readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.endsWith('}'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    };

    // The writers: how they ended, what they printed.
    for (const child of writers) {
      const { code, signal } = await child.exited;
      const name = child.options.writer;
      if (!(code === 0 || (signal === 'SIGKILL' && killed.has(child)))) anomaly(`writer ${name} ended with code ${code}, signal ${signal}`);
      if (child.stderr().trim() !== '') anomaly(`writer ${name} wrote to stderr: ${child.stderr().slice(0, 500)}`);
      const lines = child.lines();
      const pinnedOf = new Map(lines.filter((line) => line.event === 'attempt').map((line) => [line.n, line.pinned === true]));
      for (const line of lines.filter((candidate) => candidate.event === 'untyped')) anomaly(`writer ${name}: untyped error ${JSON.stringify(line)}`);
      for (const line of lines.filter((candidate) => candidate.event === 'error')) {
        if (line.code === 'STORE_UNAVAILABLE') result.storeUnavailable += 1;
        else if (line.code === 'VERSION_CONFLICT' && pinnedOf.get(line.n) === true) result.versionConflicts += 1;
        else if (line.code === 'VERSION_CONFLICT' && /gave up after losing/u.test(String(line.message))) result.unpinnedGaveUp += 1;
        else anomaly(`writer ${name}: ${String(line.code)} ${String(line.message)}`);
      }
      result.attempted += lines.filter((line) => line.event === 'attempt').length;
      result.handlerFailures += lines.filter((line) => line.event === 'handlerFailed').length;
    }

    // Two hours on: the leases of killed writers and the backoffs of throwing handlers have expired.
    const engine: CaseEngine = createCaseEngine({ store: postgresStore({ pool: admin, tablePrefix: prefix }), clock: { now: () => new Date(Date.now() + 2 * 3_600_000) } });
    const journals = writers.flatMap(journalOf);
    const attempted = new Map(journals.filter((line) => line.kind === 'attempt').map((line) => [line.key as string, line]));
    const acks = journals.filter((line) => line.kind === 'ack');
    const handled = new Set(journals.filter((line) => line.kind === 'delivered').map((line) => line.id as string));
    result.acknowledged = acks.length;
    result.handledByWriters = handled.size;
    result.redelivered = journals.filter((line) => line.kind === 'delivered').length - handled.size;

    // The cases: every acknowledged send exactly once, at its version; nothing twice, nothing never attempted; whole and verified.
    const committed = new Set<string>();
    for (const caseId of caseIds) {
      const log = await engine.history(caseId);
      const view = await engine.get(caseId);
      if (view.version !== log.length || view.history.length !== log.length) anomaly(`${caseId}: version ${view.version}, ${log.length} log entries, ${view.history.length} history entries`);
      const verdict = await engine.verifyAudit(caseId);
      if (!verdict.ok) anomaly(`${caseId}: verifyAudit found ${JSON.stringify(verdict.problems.slice(0, 3))}`);
      const keys = new Map<string, number[]>();
      for (const [index, entry] of log.entries()) {
        entry.notifications.forEach((_, position) => committed.add(`${caseId}/${entry.version}/${position}`));
        // Versions 1 and 2: the scenario's own open and review.pass.
        if (entry.version <= 2) continue;
        const key = entry.idempotencyKey;
        const attempt = key === undefined ? undefined : attempted.get(key);
        const message = (entry.event as { message?: unknown }).message;
        if (entry.type !== 'case.urge' || attempt === undefined || attempt.caseId !== caseId || message !== attempt.message) {
          anomaly(`${caseId}: version ${entry.version} (${entry.type}, key ${String(key)}, message ${String(message)}) is no send a writer attempted on this case`);
        }
        if (key !== undefined) keys.set(key, [...(keys.get(key) ?? []), entry.version]);
        if (Date.parse(entry.at) < Date.parse(log[index - 1]!.at)) anomaly(`${caseId}: version ${entry.version} is dated ${entry.at}, before version ${entry.version - 1} (${log[index - 1]!.at})`);
        if (Date.parse(entry.at) > Date.parse(entry.recordedAt)) result.stampedAfterClock += 1;
      }
      for (const [key, versions] of keys) if (versions.length > 1) anomaly(`${caseId}: send ${key} is in the log ${versions.length} times (versions ${versions.join(', ')})`);
      for (const ack of acks.filter((line) => line.caseId === caseId)) {
        const versions = keys.get(ack.key as string) ?? [];
        if (versions.length !== 1 || versions[0] !== ack.version) anomaly(`${caseId}: acknowledged send ${String(ack.key)} (version ${String(ack.version)}) is in the log at [${versions.join(', ')}]`);
      }
    }
    result.notifications = committed.size;

    // The outbox holds exactly the logged events' notifications.
    const outbox = new Set<string>();
    for (const status of ['pending', 'delivered', 'failed'] as const) {
      for (const caseId of caseIds) for (const record of await engine.pendingNotifications({ status, caseId, limit: 1000 })) outbox.add(record.id);
    }
    const missing = [...committed].filter((id) => !outbox.has(id));
    const stray = [...outbox].filter((id) => !committed.has(id));
    if (missing.length > 0) anomaly(`${missing.length} notifications of logged events are not in the outbox: ${missing.slice(0, 5).join(', ')}`);
    if (stray.length > 0) anomaly(`${stray.length} outbox rows of no logged event: ${stray.slice(0, 5).join(', ')}`);

    // A fresh engine delivers what is left; then every committed notification has been handled at least once.
    for (let round = 0; round < 100; round++) {
      const report = await engine.deliverNotifications(
        (_notification, meta) => {
          result.deliveredAfterwards += 1;
          if (handled.has(meta.id)) result.redelivered += 1;
          handled.add(meta.id);
        },
        { limit: 500 },
      );
      if (report.delivered.length === 0 && report.retried.length === 0) break;
    }
    const pending = await engine.pendingNotifications({ limit: 1000 });
    const failed = await engine.pendingNotifications({ status: 'failed', limit: 1000 });
    if (pending.length > 0) anomaly(`${pending.length} notifications still pending: ${pending.slice(0, 3).map((record) => record.id).join(', ')}`);
    if (failed.length > 0) anomaly(`${failed.length} notifications parked as failed: ${failed.slice(0, 3).map((record) => `${record.id} (${record.lastError})`).join(', ')}`);
    const undelivered = [...committed].filter((id) => !handled.has(id));
    if (undelivered.length > 0) anomaly(`${undelivered.length} committed notifications never delivered: ${undelivered.slice(0, 5).join(', ')}`);
  }

  const expectClean = (result: Figures) => {
    expect(result.anomalies).toEqual([]);
    expect(result.acknowledged).toBeGreaterThan(0);
    expect(result.notifications).toBeGreaterThan(0);
  };

  it('writers killed with SIGKILL in the middle of their sends, replaced by new ones', { timeout: SCENARIO_BUDGET_MS }, async () => {
    // A slow network, so a kill lands inside a send (before the write reached the server, or after it committed) on a fast machine too.
    const result = await scenario('sigkill', { writers: 4, sends: 60, cases: 3, writer: () => ({ queryDelayMs: 30 }) }, async (chaos) => {
      while (chaos.figures.kills < 10) {
        const sending = await chaos.sending();
        if (sending.length === 0) break;
        // Into its run by a few sends, or just after its first attempt.
        await pause(between(100, 700));
        const victim = sending[between(0, sending.length)]!;
        if (!victim.ended()) await chaos.killAndReplace(victim);
      }
    });
    expectClean(result);
    expect(result.killedMidSend).toBeGreaterThan(0);
  });

  it('their backends terminated (pg_terminate_backend) again and again during the sends', { timeout: SCENARIO_BUDGET_MS }, async () => {
    const result = await scenario('terminate', { writers: 4, sends: 40, cases: 3 }, async (chaos) => {
      while (!chaos.finished()) {
        await pause(between(10, 60));
        // Every backend of the writers, or now and then only one.
        chaos.figures.terminated += await terminateBackends(Math.random() < 0.5 ? 1 : undefined);
      }
    });
    expectClean(result);
    expect(result.terminated).toBeGreaterThan(0);
  });

  it('the server restarted under load (immediate: a crash and its recovery; fast: an administrator’s restart)', { timeout: SCENARIO_BUDGET_MS }, async () => {
    const result = await scenario('restart', { writers: 4, sends: 50, cases: 3 }, async (chaos) => {
      for (const [index, mode] of (['immediate', 'fast', 'immediate', 'fast', 'immediate', 'fast'] as const).entries()) {
        const threshold = 12 * (index + 1);
        while (!chaos.finished() && chaos.acknowledged() < threshold) await pause(20);
        if (chaos.finished()) break;
        await restart(chaos.figures, mode);
      }
    });
    expectClean(result);
    expect(result.immediateRestarts).toBeGreaterThan(0);
    expect(result.fastRestarts).toBeGreaterThan(0);
  });

  it('instance clocks a second apart racing unpinned on one case: the losers land re-stamped, never NOT_ALLOWED', { timeout: SCENARIO_BUDGET_MS }, async () => {
    // Every writer unpinned and every other one a second ahead, the rest a second behind: each
    // send that loses its race to a writer ahead must be stamped with that writer's time, not
    // its own (before the case's last event: NOT_ALLOWED, an anomaly).
    const result = await scenario('skew', { writers: 4, sends: 40, cases: 1, writer: (index) => ({ pinned: false, clockSkewMs: index % 2 === 0 ? 1_000 : -1_000 }) }, async (chaos) => {
      // No fault but now and then a terminated backend: the races are the attack.
      while (!chaos.finished()) {
        await pause(between(200, 600));
        chaos.figures.terminated += await terminateBackends(1);
      }
    });
    expectClean(result);
    expect(result.stampedAfterClock).toBeGreaterThan(0);
  });

  it('notification handlers killed in the middle of their work, or throwing: every committed notification still delivered', { timeout: SCENARIO_BUDGET_MS }, async () => {
    // Handlers that take 80 ms and fail one time in ten; the writers deliver after each send
    // (deliverNotifications, several at once) or through onNotification.
    const result = await scenario('outbox', { writers: 4, sends: 30, cases: 2, writer: () => ({ handlerDelayMs: 80, handlerFailRate: 0.1 }) }, async (chaos) => {
      for (let tries = 0; chaos.figures.killedMidDelivery < 8 && !chaos.finished() && tries < 2_000; tries++) {
        const victim = chaos.delivering()[0];
        if (victim === undefined) {
          await pause(between(5, 30));
          continue;
        }
        await chaos.killAndReplace(victim);
        await pause(between(50, 300));
      }
    });
    expectClean(result);
    expect(result.killedMidDelivery).toBeGreaterThan(0);
  });

  it('all at once: kills, terminated backends and a restart', { timeout: SCENARIO_BUDGET_MS }, async () => {
    const result = await scenario('mixed', { writers: 4, sends: 40, cases: 2, writer: () => ({ handlerFailRate: 0.05 }) }, async (chaos) => {
      let restarted = false;
      while (!chaos.finished()) {
        await pause(between(50, 250));
        const roll = Math.random();
        if (roll < 0.15 && chaos.figures.kills < 4) {
          const victim = (await chaos.sending())[0];
          if (victim !== undefined && !victim.ended()) await chaos.killAndReplace(victim);
        } else if (!restarted && chaos.acknowledged() > 40) {
          await restart(chaos.figures, 'immediate');
          restarted = true;
        } else {
          chaos.figures.terminated += await terminateBackends(2);
        }
      }
    });
    expectClean(result);
  });
});

/** Prints every scenario's figures and their totals (quoted in the README and release notes). */
function report(all: readonly Figures[]): void {
  const columns = [
    'scenario',
    'writers',
    'attempted',
    'acknowledged',
    'kills',
    'killedMidSend',
    'killedMidDelivery',
    'terminated',
    'fastRestarts',
    'immediateRestarts',
    'storeUnavailable',
    'versionConflicts',
    'unpinnedGaveUp',
    'stampedAfterClock',
    'notifications',
    'handledByWriters',
    'deliveredAfterwards',
    'redelivered',
    'handlerFailures',
  ] as const;
  const sum = (column: Exclude<(typeof columns)[number], 'scenario'>) => all.reduce((total, figure) => total + figure[column], 0);
  const anomalies = all.reduce((total, figure) => total + figure.anomalies.length, 0);
  const rows = all.map((figure) => [...columns.map((column) => String(figure[column])), String(figure.anomalies.length)].join(' | '));
  console.info(
    [
      '[faults.postgres]',
      [...columns, 'anomalies'].join(' | '),
      ...rows,
      `[faults.postgres] total: ${sum('writers')} writer processes, ${sum('kills')} SIGKILLs (${sum('killedMidSend')} mid-send, ${sum('killedMidDelivery')} mid-delivery), ` +
        `${sum('terminated')} backends terminated, ${sum('fastRestarts') + sum('immediateRestarts')} server restarts (${sum('fastRestarts')} fast, ${sum('immediateRestarts')} immediate); ` +
        `${sum('attempted')} sends attempted, ${sum('acknowledged')} acknowledged, ${sum('stampedAfterClock')} stamped after their writer's clock; ` +
        `${sum('notifications')} notifications committed, ${sum('handledByWriters')} handled by the writers, ${sum('deliveredAfterwards')} delivered afterwards by a fresh engine ` +
        `(${sum('redelivered')} handled twice, ${sum('handlerFailures')} handler failures); ${anomalies} anomalies`,
    ].join('\n'),
  );
}
