import { caseMachine } from '../../machines/caseMachine.js';
import { parseCaseInput, type CaseMachine } from '../../machines/createCaseMachine.js';
import type { CaseEvent } from '../../machines/schemas.js';
import { allowedEvents, explainEvent } from '../../machines/selectors.js';
import { isLinkedEnforcementError, LinkedEnforcementError } from '../errors.js';
import { parseArgument } from '../_lib/validate.js';
import { GENESIS_HASH, verifyAuditChain } from './auditChain.js';
import { sha256Of } from './_lib/canonicalJson.js';
import { deepFreeze } from './_lib/freezeJson.js';
import { CaseCache } from './_lib/CaseCache.js';
import { caseNotFound, eventToSend, versionConflict } from './_lib/engineErrors.js';
import { CaseRunner, type CaseRun } from './_lib/CaseRunner.js';
import { caseViewOf, nextDueAtOf, replayedResultOf, sendResultOf, summaryOf } from './_lib/caseView.js';
import { matchesQuery } from './_lib/matchesQuery.js';
import { beijingIso } from '../_lib/beijingTime.js';
import { instantArgument, readClock, systemClock } from './_lib/clock.js';
import { engineOptionsSchema } from './_lib/engineOptions.js';
import { describeMachine, incompatibleSnapshot, resolveSnapshot, restoreCase, type RestoredCase } from './_lib/restore.js';
import { memoryStore } from './memoryStore.js';
import { CASE_MACHINE_VERSION, caseMachineMigrations } from './migrations.js';

export { CASE_MACHINE_VERSION } from './migrations.js';
import { auditEntrySchema, caseIdSchema, listQuerySchema, sendOptionsSchema, type AuditEntry, type CaseEnvelope } from './schemas.js';
import type { CaseEngine, CaseEngineOptions, CaseWrite, IdempotencyRecord, OverdueCase, SendResult, SweepReport, WriteOutcome } from './types.js';

const SWEEP_PAGE = 500;

interface Attempt {
  /** What the machine is sent: a fresh object, parsed once (the machine's parse cache is keyed by it). */
  readonly event: CaseEvent;
  /** The event as parsed (trimmed), for the audit log. */
  readonly parsed: CaseEvent;
  readonly expectedVersion?: number;
  readonly idempotencyKey?: string;
  readonly requestHash?: string;
  /** `sweep`: skip the case (no write) unless this holds on the freshly loaded case. */
  readonly onlyIf?: (restored: RestoredCase) => boolean;
}

/** How far an upload's `at` may lie before the engine's clock (servers' clocks drift a little). */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Results are dated when they are recorded, so an upload cannot be backdated to look on time;
 * other events may be recorded after the fact (enforcement that ended last night).
 */
function refuseUntimely(caseId: string, event: CaseEvent, now: Date): void {
  const at = Date.parse(event.at);
  const reason =
    event.type === 'results.upload' && at < now.getTime() - CLOCK_SKEW_MS
      ? `results are dated when they are uploaded: at (${event.at}) is before the engine's clock (${now.toISOString()})`
      : undefined;
  if (reason !== undefined) {
    throw new LinkedEnforcementError('NOT_ALLOWED', `Case ${caseId}: ${event.type} refused: ${reason}`, {
      context: { caseId, type: event.type, by: event.by, reason },
    });
  }
}

/**
 * Makes a case engine (案件引擎): the case machine on a store, with versioned atomic writes,
 * idempotent retries, durable deadlines swept from the store, and a hash-chained audit log.
 * Engines hold no case state of their own, so several app instances can share one store.
 *
 * @param options - `store` (default `memoryStore()`), `machine`, `clock`, hooks; see {@link CaseEngineOptions}.
 * @returns The engine; see {@link CaseEngine} for its methods.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` for malformed options (a machine that is not a case machine, overlapping migrations…).
 * @example
 * const engine = createCaseEngine({ clock: { now: () => new Date('2026-09-01T01:00:00Z') } });
 * const opened = await engine.open({ caseId: 'c1', title: '农贸市场联合检查', itemNo: 1, origin: 'application', applicant: 'market-regulation', by: { unit: 'market-regulation' } });
 * opened.state
 * //=> 'preliminaryReview'
 * (await engine.send('c1', { type: 'review.pass', by: { unit: 'command-center' } })).state
 * //=> 'legalReview'
 */
export function createCaseEngine(options: CaseEngineOptions = {}): CaseEngine {
  const parsed = parseArgument(engineOptionsSchema, options, 'options');
  const machine: CaseMachine = parsed.machine ?? caseMachine;
  const machineVersion = parsed.machineVersion ?? CASE_MACHINE_VERSION;
  const ownMigrations = parsed.migrations ?? [];
  // The machine's own migrations come built in (stored v1 cases keep working with no configuration);
  // a county's own come after them, so one from the same version replaces the built-in one.
  const info = describeMachine(machine, machineVersion, [...caseMachineMigrations, ...ownMigrations]);
  const store = parsed.store ?? memoryStore();
  const clock = parsed.clock ?? systemClock;
  const sweeper = parsed.sweeper ?? { system: 'sweep' };
  const maxAttempts = parsed.maxAttempts ?? 10;
  const onHookError = parsed.onHookError ?? ((error: unknown) => console.error('linked-enforcement: onNotification threw', error));

  const cache = new CaseCache(info);
  const restore = (caseId: string, raw: unknown) => cache.restore(caseId, raw);

  async function load(caseId: string, idempotencyKey?: string) {
    const loaded = await store.load(caseId, idempotencyKey === undefined ? {} : { idempotencyKey });
    return loaded ?? caseNotFound(caseId);
  }

  /** Everything one accepted event writes, and the result to return. */
  function writeOf(caseId: string, run: CaseRun, runner: CaseRunner, previous: CaseEnvelope | undefined, event: unknown, attempt?: Pick<Attempt, 'idempotencyKey' | 'requestHash'>) {
    const version = (previous?.version ?? 0) + 1;
    const last = run.snapshot.context.history.at(-1)!;
    const now = readClock(clock);
    // Frozen now: the views share its objects, and it must not change once stored.
    const snapshot = deepFreeze(run.persisted);
    const entry: AuditEntry = {
      caseId,
      version,
      type: last.type,
      by: last.by,
      at: last.at,
      event: event as AuditEntry['event'],
      from: last.from,
      to: last.to,
      notifications: run.notifications,
      machineVersion,
      prevHash: previous?.auditHead ?? GENESIS_HASH,
      recordedAt: beijingIso(now),
      ...(attempt?.idempotencyKey === undefined ? {} : { idempotencyKey: attempt.idempotencyKey }),
    };
    const envelope: CaseEnvelope = { machineId: machine.id, machineVersion, snapshot, version, nextDueAt: nextDueAtOf(run.snapshot.context), auditHead: sha256Of(entry) };
    const result = sendResultOf(run.snapshot, version, now, run.notifications, runner.historyViews);
    const idempotency: IdempotencyRecord | undefined =
      attempt?.idempotencyKey === undefined ? undefined : { key: attempt.idempotencyKey, requestHash: attempt.requestHash!, version, result: structuredClone({ ...result }) };
    const write: CaseWrite = {
      caseId,
      envelope,
      summary: summaryOf(run.snapshot, version),
      entry,
      ...(idempotency === undefined ? {} : { idempotency }),
    };
    return { write, result };
  }

  async function notify(result: SendResult): Promise<void> {
    if (parsed.onNotification === undefined) return;
    for (const notification of result.notifications) {
      try {
        await parsed.onNotification(notification, { caseId: result.caseId, version: result.version });
      } catch (error) {
        onHookError(error, notification);
      }
    }
  }

  /** Loads, checks, runs and compare-and-sets, reloading after a lost race unless the caller pinned a version. */
  async function transact(caseId: string, attempt: Attempt): Promise<SendResult | undefined> {
    let lost = { expected: 0, actual: 0 as number | null };
    for (let round = 1; round <= maxAttempts; round++) {
      const loaded = await load(caseId, attempt.idempotencyKey);
      if (loaded.idempotency !== undefined) return replay(caseId, loaded, attempt);
      const restored = restore(caseId, loaded.envelope);
      const version = restored.envelope.version;
      if (attempt.expectedVersion !== undefined && attempt.expectedVersion !== version) {
        versionConflict(caseId, attempt.expectedVersion, version, 'the case moved on since it was read');
      }
      if (attempt.onlyIf !== undefined && !attempt.onlyIf(restored)) return undefined;
      const runner = cache.runnerFor(caseId, loaded.envelope, restored);
      const before = runner.peek();
      if (before.status === 'error') {
        runner.stop();
        incompatibleSnapshot(caseId, restored.envelope, 'the machine could not restore it', before.error);
      }
      // Optimistic: send, and ask the selectors why only when the machine did not take it.
      const run = runner.run(attempt.event);
      if (run.snapshot.context.history.length !== version + 1) {
        const moved = run.snapshot !== before;
        const refusal = explainEvent(before, attempt.event) ?? { code: 'NOT_ALLOWED', reason: `the machine did not take ${attempt.event.type} in ${restored.state}`, issues: [] };
        if (moved) runner.stop();
        else cache.putBack(caseId, loaded.envelope, runner);
        throw new LinkedEnforcementError(refusal.code, `Case ${caseId}: ${refusal.reason}`, {
          context: { caseId, version, state: restored.state, type: attempt.event.type, by: attempt.event.by, reason: refusal.reason },
          issues: refusal.issues,
        });
      }
      let outcome: WriteOutcome;
      let written: ReturnType<typeof writeOf>;
      try {
        written = writeOf(caseId, run, runner, restored.envelope, attempt.parsed, attempt);
        outcome = await store.commit(written.write, version);
      } catch (error) {
        runner.stop();
        throw error;
      }
      if (outcome.ok) {
        cache.keep(written.write, run, runner);
        await notify(written.result);
        return written.result;
      }
      runner.stop();
      if (outcome.actualVersion === null) caseNotFound(caseId);
      if (attempt.expectedVersion !== undefined) versionConflict(caseId, attempt.expectedVersion, outcome.actualVersion, 'another write won the race');
      lost = { expected: version, actual: outcome.actualVersion };
    }
    return versionConflict(caseId, lost.expected, lost.actual, `gave up after losing ${maxAttempts} races in a row`, { attempts: maxAttempts });
  }

  function replay(caseId: string, loaded: { readonly envelope: unknown; readonly idempotency?: IdempotencyRecord }, attempt: Attempt): SendResult {
    const record = loaded.idempotency!;
    if (record.requestHash !== attempt.requestHash) {
      throw new LinkedEnforcementError('INVALID_INPUT', `Invalid options: idempotency key "${record.key}" was used for another event on case ${caseId}`, {
        context: { argument: 'options', caseId, idempotencyKey: record.key, version: record.version },
        issues: [{ code: 'custom', path: ['options', 'idempotencyKey'], message: 'already used for another event' }],
      });
    }
    let current: { version: number; snapshot?: ReturnType<typeof resolveSnapshot> } = { version: record.version };
    try {
      const restored = restore(caseId, loaded.envelope);
      current = { version: restored.envelope.version, snapshot: resolveSnapshot(info, restored) };
    } catch (error) {
      if (!isLinkedEnforcementError(error, 'INCOMPATIBLE_SNAPSHOT')) throw error;
    }
    return replayedResultOf(record.result, current);
  }

  async function restoreView(caseId: string) {
    const restored = restore(caseId, (await load(caseId)).envelope);
    return { restored, snapshot: resolveSnapshot(info, restored) };
  }

  const engine: CaseEngine = {
    store,
    machine,
    machineVersion,

    async open(input) {
      const given = typeof input === 'object' && input !== null && (input as { at?: unknown }).at === undefined ? { ...input, at: beijingIso(readClock(clock)) } : input;
      const parsedInput = parseCaseInput(given, machine);
      const runner = new CaseRunner(machine, { input: parsedInput });
      const run = runner.run();
      const { write, result } = writeOf(parsedInput.caseId, run, runner, undefined, parsedInput);
      const outcome = await store.create(write).catch((error: unknown) => {
        runner.stop();
        throw error;
      });
      if (!outcome.ok) {
        runner.stop();
        versionConflict(parsedInput.caseId, 0, outcome.actualVersion, 'a case with this id exists');
      }
      cache.keep(write, run, runner);
      await notify(result);
      return result;
    },

    async send(caseId, event, sendOptions = {}) {
      const id = parseArgument(caseIdSchema, caseId, 'caseId');
      const { expectedVersion, idempotencyKey } = parseArgument(sendOptionsSchema, sendOptions, 'options', 'INVALID_INPUT', { caseId: id });
      const { event: toSend, parsed } = eventToSend(id, event, () => beijingIso(readClock(clock)));
      refuseUntimely(id, parsed, readClock(clock));
      return (await transact(id, {
        event: toSend,
        parsed,
        ...(expectedVersion === undefined ? {} : { expectedVersion }),
        ...(idempotencyKey === undefined ? {} : { idempotencyKey, requestHash: sha256Of(event) }),
      }))!;
    },

    async get(caseId) {
      const { restored, snapshot } = await restoreView(parseArgument(caseIdSchema, caseId, 'caseId'));
      return caseViewOf(snapshot, restored.envelope.version, readClock(clock));
    },

    async list(query = {}) {
      const filters = parseArgument(listQuerySchema, query, 'query');
      const now = readClock(clock);
      const storeQuery = { ...filters, now: beijingIso(now) };
      const views = [];
      for (const { caseId, envelope } of await store.list(storeQuery)) {
        const restored = restore(caseId, envelope);
        const snapshot = resolveSnapshot(info, restored);
        // The store filtered on its index; judge again on the restored case, so a stale index cannot add a case.
        if (matchesQuery(summaryOf(snapshot, restored.envelope.version), storeQuery)) views.push(caseViewOf(snapshot, restored.envelope.version, now));
      }
      return views;
    },

    async history(caseId) {
      const id = parseArgument(caseIdSchema, caseId, 'caseId');
      const log = (await store.audit(id)) ?? caseNotFound(id);
      return log.entries.map((entry, index) => {
        const parsedEntry = auditEntrySchema.safeParse(entry);
        if (parsedEntry.success) return parsedEntry.data;
        const envelope = restoreCase(info, id, log.envelope).envelope;
        return incompatibleSnapshot(id, envelope, `audit entry ${index + 1} is malformed (run verifyAudit)`);
      });
    },

    async allowedEvents(caseId, by) {
      const { snapshot } = await restoreView(parseArgument(caseIdSchema, caseId, 'caseId'));
      return allowedEvents(snapshot, by);
    },

    async sweep(now) {
      const { date, iso } = instantArgument(now ?? readClock(clock), 'now');
      const atMs = date.getTime();
      const overdue: OverdueCase[] = [];
      const failed: SweepReport['failed'][number][] = [];
      const seen = new Set<string>();
      // Cases that fail stay due and keep their place at the front; each round asks past them.
      let limit = SWEEP_PAGE;
      for (;;) {
        const page = await store.due(iso, limit);
        const due = page.filter((caseId) => !seen.has(caseId));
        if (due.length === 0 && page.length < limit) break;
        limit = Math.max(limit, seen.size + due.length) + SWEEP_PAGE;
        for (const caseId of due) {
          seen.add(caseId);
          const isDue = (restored: RestoredCase) => restored.persisted.context.deadlines.some((d) => d.status === 'pending' && Date.parse(d.dueAt) < atMs);
          try {
            const check: CaseEvent = { type: 'deadline.check', by: sweeper, at: iso };
            const result = await transact(caseId, { event: check, parsed: check, onlyIf: isDue });
            if (result === undefined) continue;
            const newly = result.deadlines.filter((deadline) => deadline.overdueAt === iso);
            overdue.push({ caseId, version: result.version, deadlines: newly, notifications: result.notifications });
          } catch (error) {
            failed.push({ caseId, code: isLinkedEnforcementError(error) ? error.code : 'ERROR', message: error instanceof Error ? error.message : String(error) });
          }
        }
      }
      return { now: iso, overdue, failed };
    },

    async verifyAudit(caseId) {
      const id = parseArgument(caseIdSchema, caseId, 'caseId');
      const log = (await store.audit(id)) ?? caseNotFound(id);
      return verifyAuditChain({ caseId: id, envelope: log.envelope, entries: log.entries });
    },
  };
  return engine;
}
