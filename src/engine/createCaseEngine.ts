import { caseMachine } from '../../machines/caseMachine.js';
import { parseCaseInput, type CaseMachine } from '../../machines/createCaseMachine.js';
import type { CaseEvent } from '../../machines/schemas.js';
import type { CaseNotification } from '../../machines/types.js';
import { allowedEvents, explainEvent } from '../../machines/selectors.js';
import { isLinkedEnforcementError, LinkedEnforcementError } from '../errors.js';
import { beijingIso } from '../_lib/beijingTime.js';
import { describeThrown } from '../_lib/untrusted.js';
import { invalidInput, parseArgument } from '../_lib/validate.js';
import { z } from 'zod';
import { GENESIS_HASH } from './auditChain.js';
import { CaseCache } from './_lib/CaseCache.js';
import { CaseRunner, type CaseRun } from './_lib/CaseRunner.js';
import { sha256Of } from './_lib/canonicalJson.js';
import { caseViewOf, nextDueAtOf, replayedResultOf, sendResultOf, summaryOf, viewDataOf } from './_lib/caseView.js';
import { instantArgument, readClock, systemClock, untimely } from './_lib/clock.js';
import { caseNotFound, eventToSend, versionConflict } from './_lib/engineErrors.js';
import { engineOptionsSchema } from './_lib/engineOptions.js';
import { deepFreeze } from './_lib/freezeJson.js';
import { guardStore } from './_lib/guardStore.js';
import { identifierProblem, inputLimitIssues } from './_lib/inputLimits.js';
import { matchesQuery } from './_lib/matchesQuery.js';
import { deliver, outboxOf, type Delivery } from './_lib/outbox.js';
import { replayLog } from './_lib/replay.js';
import { describeMachine, incompatibleSnapshot, resolveSnapshot, type RestoredCase } from './_lib/restore.js';
import { headOf } from './_lib/storedHistory.js';
import { verifyStoredCase } from './_lib/verifyCase.js';
import { memoryStore } from './memoryStore.js';
import { CASE_MACHINE_VERSION, caseMachineMigrations } from './migrations.js';
import { auditEntrySchema, caseIdSchema, listQuerySchema, sendOptionsSchema, sha256HexSchema, STORE_FORMAT, type AuditEntry, type CaseEnvelope } from './schemas.js';
import type { CaseEngine, CaseEngineOptions, CaseWrite, IdempotencyRecord, OverdueCase, SendResult, SendResultData, SweepReport, WriteOutcome } from './types.js';

export { CASE_MACHINE_VERSION } from './migrations.js';

const SWEEP_PAGE = 500;

interface Attempt {
  /** The event as the caller sent it, checked. */
  readonly given: Readonly<Record<string, unknown>>;
  /** The event parsed before the load: with the caller's `at`, or stamped with the clock then. */
  readonly prepared: { readonly event: CaseEvent; readonly parsed: CaseEvent };
  /** The caller gave `at`: it is kept. Otherwise the engine stamps it after each load. */
  readonly callerAt: boolean;
  /** The engine's clock when the call came: a caller's `at` for results may not lie five minutes before it. */
  readonly calledAt?: Date;
  /** Stamp from this instant rather than the clock (`sweep(now)`). */
  readonly stampFrom?: number;
  readonly expectedVersion?: number;
  readonly idempotencyKey?: string;
  readonly requestHash?: string;
  /** `sweep`: skip the case (no write) unless this holds on the freshly loaded case at the stamped instant. */
  readonly onlyIf?: (restored: RestoredCase, atMs: number) => boolean;
}

/** How far an upload's `at` may lie before the engine's clock (servers' clocks drift a little). */
const UPLOAD_BACKDATING_MS = 5 * 60 * 1000;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Results are dated when they are recorded, so an upload cannot be backdated to look on time;
 * other events may be recorded after the fact (enforcement that ended last night).
 */
function refuseBackdatedResults(caseId: string, event: CaseEvent, now: Date): void {
  if (event.type !== 'results.upload' || Date.parse(event.at) >= now.getTime() - UPLOAD_BACKDATING_MS) return;
  const reason = `results are dated when they are uploaded: at (${event.at}) is before the engine's clock (${now.toISOString()})`;
  throw new LinkedEnforcementError('NOT_ALLOWED', `Case ${caseId}: ${event.type} refused: ${reason}`, {
    context: { caseId, type: event.type, by: event.by, reason },
  });
}

/** `INVALID_EVENT` (or `INVALID_INPUT` for `open`) with the issues an input's size or text has. */
function refuseLimits(value: unknown, root: 'event' | 'input', caseId: string | undefined): void {
  const issues = inputLimitIssues(value, root);
  if (issues.length === 0) return;
  const reason = issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`).join('; ');
  throw new LinkedEnforcementError(root === 'event' ? 'INVALID_EVENT' : 'INVALID_INPUT', `${caseId === undefined ? '' : `Case ${caseId}: `}Invalid ${root}: ${reason}`, {
    context: { ...(caseId === undefined ? {} : { caseId }), ...(root === 'input' ? { argument: 'input' } : {}), reason },
    issues,
  });
}

/**
 * SHA-256 of the event as the caller sent it, for its idempotency record. The schema drops keys
 * it does not know, so the event may still hold what JSON cannot (a BigInt, `NaN`, a `toJSON`
 * that throws): `INVALID_EVENT`.
 */
function requestHashOf(caseId: string, event: unknown): string {
  try {
    return sha256Of(event);
  } catch (error) {
    const reason = `the event must be JSON data to be sent with an idempotency key: ${describeThrown(error)}`;
    throw new LinkedEnforcementError('INVALID_EVENT', `Case ${caseId}: Invalid event: ${reason}`, {
      context: { caseId, reason },
      issues: [{ code: 'custom', path: ['event'], message: reason }],
    });
  }
}

const idempotencyRecordSchema = z.object({
  key: z.string(),
  requestHash: sha256HexSchema,
  version: z.number().int().min(1),
  result: z.record(z.string(), z.unknown()).nullish(),
});

/**
 * Makes a case engine (案件引擎): the case machine on a store, with versioned atomic writes,
 * idempotent retries, durable deadlines swept from the store, a transactional outbox for
 * notifications, and an audit log that replays. Engines hold no case state of their own, so
 * several app instances can share one store.
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
  const rawStore = parsed.store ?? memoryStore();
  const store = guardStore(rawStore);
  const clock = parsed.clock ?? systemClock;
  const sweeper = parsed.sweeper ?? { system: 'sweep' };
  const maxAttempts = parsed.maxAttempts ?? 10;
  const maxSkewMs = parsed.maxClockSkewMs ?? 120_000;
  const delivery: Delivery = {
    maxAttempts: parsed.delivery?.maxAttempts ?? 8,
    baseDelayMs: parsed.delivery?.baseDelayMs ?? 1_000,
    maxDelayMs: parsed.delivery?.maxDelayMs ?? 3_600_000,
    leaseMs: parsed.delivery?.leaseMs ?? 60_000,
  };
  const hookErrorHandler = parsed.onHookError ?? ((error: unknown) => console.error('linked-enforcement: onNotification threw', error));
  // The write stands whatever the hooks do: an error hook that throws in turn has nowhere left to report to.
  const onHookError = (error: unknown, notification: CaseNotification): void => {
    try {
      hookErrorHandler(error, notification);
    } catch {
      // Nothing to do: the notification stays in the outbox for deliverNotifications().
    }
  };

  const cache = new CaseCache(info);

  async function load(caseId: string, idempotencyKey?: string) {
    const loaded = await store.load(caseId, idempotencyKey === undefined ? { logFrom: 1 } : { logFrom: 1, idempotencyKey });
    return loaded ?? caseNotFound(caseId);
  }

  /** Everything one accepted event writes, and the result to return. */
  function writeOf(caseId: string, run: CaseRun, runner: CaseRunner, previous: RestoredCase | undefined, event: unknown, now: Date, attempt?: Pick<Attempt, 'idempotencyKey' | 'requestHash'>) {
    const version = (previous?.envelope.version ?? 0) + 1;
    const last = run.snapshot.context.history.at(-1)!;
    // Frozen now: the views share its objects, and it must not change once stored.
    const persisted = deepFreeze(run.persisted) as unknown as RestoredCase['persisted'];
    // History entries the log cannot rebuild (written by an older machine release) stay in the stored snapshot.
    const prefixLength = previous === undefined ? 0 : previous.envelope.machineVersion === machineVersion ? previous.prefixLength : version - 1;
    const head = headOf(persisted as never, prefixLength);
    const recordedAt = beijingIso(now);
    const keyed = attempt?.idempotencyKey === undefined ? {} : { idempotencyKey: attempt.idempotencyKey, requestHash: attempt.requestHash! };
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
      prevHash: previous?.envelope.auditHead ?? GENESIS_HASH,
      recordedAt,
      snapshotDigest: sha256Of(head),
      ...keyed,
    };
    const envelope: CaseEnvelope = { format: STORE_FORMAT, machineId: machine.id, machineVersion, snapshot: head, version, nextDueAt: nextDueAtOf(run.snapshot.context), auditHead: sha256Of(entry) };
    const result = sendResultOf(run.snapshot, version, now, run.notifications, runner.historyViews);
    const summary = summaryOf(run.snapshot, version);
    for (const unit of summary.units) {
      const problem = identifierProblem(unit);
      if (problem !== undefined) {
        throw new LinkedEnforcementError(previous === undefined ? 'INVALID_INPUT' : 'INVALID_EVENT', `Case ${caseId}: the unit id "${unit.slice(0, 80)}" ${problem}`, {
          context: { caseId, unit: unit.slice(0, 200), reason: problem, ...(previous === undefined ? { argument: 'input' } : {}) },
        });
      }
    }
    const idempotency: IdempotencyRecord | undefined =
      attempt?.idempotencyKey === undefined
        ? undefined
        : // A case with older-release history cannot be replayed to this version later: keep its result.
          { key: attempt.idempotencyKey, requestHash: attempt.requestHash!, version, ...(prefixLength > 0 ? { result: structuredClone({ ...result }) } : {}) };
    const write: CaseWrite = {
      caseId,
      envelope,
      summary,
      entry,
      outbox: outboxOf(caseId, version, run.notifications, recordedAt),
      ...(idempotency === undefined ? {} : { idempotency }),
    };
    return { write, result, persisted, prefixLength };
  }

  /**
   * Writes, and when the store's answer to the write was lost (`STORE_UNAVAILABLE`, outcome
   * `unknown`), reads whether the write is there: the entry at its version with its hash.
   */
  async function writeChecked(write: CaseWrite, expectedVersion: number): Promise<WriteOutcome> {
    try {
      return expectedVersion === 0 ? await store.create(write) : await store.commit(write, expectedVersion);
    } catch (error) {
      if (!isLinkedEnforcementError(error, 'STORE_UNAVAILABLE') || error.context.outcome !== 'unknown') throw error;
      let written: boolean;
      try {
        const after = await store.load(write.caseId, { logFrom: write.entry.version });
        written = after?.entries !== undefined && after.entries.length > 0 && sha256Of(after.entries[0]) === write.envelope.auditHead;
      } catch {
        throw error;
      }
      if (written) return { ok: true };
      throw new LinkedEnforcementError('STORE_UNAVAILABLE', `${error.message} (checked: it was not applied)`, { context: { ...error.context, outcome: 'not-applied', retryable: true }, cause: error.cause });
    }
  }

  /** After a stored write: deliver its own notifications through the outbox to `onNotification`. */
  async function notifyAfterWrite(write: CaseWrite): Promise<void> {
    const hook = parsed.onNotification;
    if (hook === undefined || write.outbox.length === 0) return;
    try {
      await deliver(store, clock, delivery, hook, { limit: write.outbox.length, ids: write.outbox.map((message) => message.id), onError: onHookError });
    } catch (error) {
      // The write stands; what was not delivered stays in the outbox for deliverNotifications().
      onHookError(error, write.outbox[0]!.notification);
    }
  }

  /** The event to run on a freshly loaded case: the caller's, or stamped with the later of the clock and the case's last event. */
  function stamped(caseId: string, attempt: Attempt, restored: RestoredCase): { readonly event: CaseEvent; readonly parsed: CaseEvent } {
    if (attempt.callerAt) return attempt.prepared;
    const lastAt = Date.parse(restored.persisted.context.history.at(-1)!.at);
    const at = beijingIso(new Date(Math.max(attempt.stampFrom ?? readClock(clock).getTime(), lastAt)));
    if (attempt.prepared.parsed.at === at) return attempt.prepared;
    return eventToSend(caseId, { ...attempt.given, at }, () => at);
  }

  /** Loads, checks, stamps, runs and compare-and-sets, reloading after a lost race unless the caller pinned a version. */
  async function transact(caseId: string, attempt: Attempt): Promise<SendResult | undefined> {
    let lost = { expected: 0, actual: 0 as number | null };
    for (let round = 1; round <= maxAttempts; round++) {
      const loaded = await load(caseId, attempt.idempotencyKey);
      if (loaded.idempotency !== undefined && loaded.idempotency !== null) return replay(caseId, loaded, attempt);
      // After the key's look-up: a retry of an accepted upload answers with its first result, however late it comes.
      if (attempt.callerAt && attempt.calledAt !== undefined) refuseBackdatedResults(caseId, attempt.prepared.parsed, attempt.calledAt);
      const restored = cache.restore(caseId, loaded.envelope, loaded.entries);
      const version = restored.envelope.version;
      if (attempt.expectedVersion !== undefined && attempt.expectedVersion !== version) {
        versionConflict(caseId, attempt.expectedVersion, version, 'the case moved on since it was read');
      }
      const { event, parsed: parsedEvent } = stamped(caseId, attempt, restored);
      if (attempt.onlyIf !== undefined && !attempt.onlyIf(restored, Date.parse(parsedEvent.at))) return undefined;
      const runner = cache.runnerFor(caseId, loaded.envelope, restored);
      const before = runner.peek();
      if (before.status === 'error') {
        runner.stop();
        incompatibleSnapshot(caseId, restored.envelope, 'the machine could not restore it', before.error);
      }
      // Optimistic: send, and ask the selectors why only when the machine did not take it.
      const run = runner.run(event);
      if (run.snapshot.context.history.length !== version + 1) {
        const moved = run.snapshot !== before;
        const refusal = explainEvent(before, event) ?? { code: 'NOT_ALLOWED', reason: `the machine did not take ${event.type} in ${restored.state}`, issues: [] };
        if (moved) runner.stop();
        else cache.putBack(caseId, loaded.envelope, runner);
        throw new LinkedEnforcementError(refusal.code, `Case ${caseId}: ${refusal.reason}`, {
          context: { caseId, version, state: restored.state, type: event.type, by: event.by, reason: refusal.reason },
          issues: refusal.issues,
        });
      }
      let outcome: WriteOutcome;
      let written: ReturnType<typeof writeOf>;
      try {
        written = writeOf(caseId, run, runner, restored, parsedEvent, readClock(clock), attempt);
        outcome = await writeChecked(written.write, version);
      } catch (error) {
        runner.stop();
        throw error;
      }
      if (outcome.ok) {
        cache.keep(written.write, written.persisted, written.prefixLength, runner);
        await notifyAfterWrite(written.write);
        return written.result;
      }
      runner.stop();
      if (outcome.actualVersion === null) caseNotFound(caseId);
      // Pinned without a key: the caller decides. With a key, the reload may find the first attempt's record.
      if (attempt.expectedVersion !== undefined && attempt.idempotencyKey === undefined) versionConflict(caseId, attempt.expectedVersion, outcome.actualVersion, 'another write won the race');
      lost = { expected: version, actual: outcome.actualVersion };
    }
    return versionConflict(caseId, lost.expected, lost.actual, `gave up after losing ${maxAttempts} races in a row`, { attempts: maxAttempts });
  }

  /** `INCOMPATIBLE_SNAPSHOT` for an idempotency record that does not hold up. */
  function corruptRecord(caseId: string, key: string, reason: string, cause?: unknown): never {
    throw new LinkedEnforcementError('INCOMPATIBLE_SNAPSHOT', `Case ${caseId}: the idempotency record "${key}" cannot be replayed: ${reason}`, {
      context: { caseId, table: 'case_idempotency', idempotencyKey: key, reason },
      ...(cause === undefined ? {} : { cause }),
    });
  }

  /** A retry with a known key: the first result, rebuilt from the log (or, for records of 0.1, as stored). */
  function replay(caseId: string, loaded: { readonly envelope: unknown; readonly entries?: readonly unknown[]; readonly idempotency?: unknown }, attempt: Attempt): SendResult {
    const key = attempt.idempotencyKey!;
    const checked = idempotencyRecordSchema.safeParse(loaded.idempotency);
    if (!checked.success || checked.data.key !== key) return corruptRecord(caseId, key, 'the record is malformed');
    const record = checked.data;
    if (record.requestHash !== attempt.requestHash) {
      throw new LinkedEnforcementError('INVALID_INPUT', `Invalid options: idempotency key "${record.key}" was used for another event on case ${caseId}`, {
        context: { argument: 'options', caseId, idempotencyKey: record.key, version: record.version },
        issues: [{ code: 'custom', path: ['options', 'idempotencyKey'], message: 'already used for another event' }],
      });
    }
    if (record.result !== undefined && record.result !== null) {
      const result = record.result as unknown as SendResultData;
      if (result.caseId !== caseId || result.version !== record.version) return corruptRecord(caseId, key, `its stored result is not version ${record.version} of the case`);
      let current: { version: number; snapshot?: ReturnType<typeof resolveSnapshot> } = { version: record.version };
      try {
        const restored = cache.restore(caseId, loaded.envelope, loaded.entries);
        current = { version: restored.envelope.version, snapshot: resolveSnapshot(info, restored) };
      } catch (error) {
        if (!isLinkedEnforcementError(error, 'INCOMPATIBLE_SNAPSHOT')) throw error;
      }
      return replayedResultOf(result, current);
    }
    const restored = cache.restore(caseId, loaded.envelope, loaded.entries);
    const current = { version: restored.envelope.version, snapshot: resolveSnapshot(info, restored) };
    if (record.version > current.version) return corruptRecord(caseId, key, `it names version ${record.version}, beyond the case's ${current.version}`);
    const entries: AuditEntry[] = [];
    for (const [index, raw] of (loaded.entries ?? []).slice(0, record.version).entries()) {
      const entry = auditEntrySchema.safeParse(raw);
      if (!entry.success || entry.data.version !== index + 1) return corruptRecord(caseId, key, `audit entry ${index + 1} is malformed`);
      entries.push(entry.data);
    }
    const entry = entries[record.version - 1];
    if (entry === undefined) return corruptRecord(caseId, key, `the log has no entry ${record.version}`);
    if (entry.idempotencyKey !== key || (entry.requestHash !== undefined && entry.requestHash !== record.requestHash)) {
      return corruptRecord(caseId, key, `the log entry of version ${record.version} was not written for this key and request`);
    }
    let snapshot = current.snapshot;
    if (record.version !== current.version) {
      if (entries.some((logged) => logged.machineVersion !== machineVersion)) {
        return corruptRecord(caseId, key, `version ${record.version} was written by another machine release and cannot be rebuilt by this one`);
      }
      const rebuilt = replayLog(info, entries, record.version, current.snapshot.context.deadlines, () => {});
      if (rebuilt.last === undefined || rebuilt.stopped !== undefined || (entry.snapshotDigest !== undefined && entry.snapshotDigest !== sha256Of(headOf(rebuilt.last.persisted as never, 0)))) {
        return corruptRecord(caseId, key, `replaying the log to version ${record.version} does not give the snapshot that version recorded`);
      }
      snapshot = rebuilt.last.snapshot;
    }
    const data: SendResultData = { ...viewDataOf(snapshot, record.version, new Date(entry.recordedAt)), notifications: entry.notifications };
    return replayedResultOf(data, current);
  }

  async function restoreView(caseId: string) {
    const loaded = await load(caseId);
    const restored = cache.restore(caseId, loaded.envelope, loaded.entries);
    return { restored, snapshot: resolveSnapshot(info, restored) };
  }

  const limitSchema = (fallback: number) => z.number().int().min(1).max(1000).default(fallback);

  const engine: CaseEngine = {
    store: rawStore,
    machine,
    machineVersion,

    async open(input) {
      refuseLimits(input, 'input', undefined);
      const now = readClock(clock);
      const callerAt = isObject(input) ? input.at : undefined;
      const given = isObject(input) && callerAt === undefined ? { ...input, at: beijingIso(now) } : input;
      // Checked and authorized (who may open this origin) before anything is written.
      const parsedInput = parseCaseInput(given, machine);
      if (callerAt !== undefined) {
        const problem = untimely(parsedInput.at, now, maxSkewMs);
        if (problem !== undefined) invalidInput('input', `at: ${problem}`, { caseId: parsedInput.caseId, at: parsedInput.at, now: beijingIso(now), maxClockSkewMs: maxSkewMs });
      }
      const runner = new CaseRunner(machine, { input: parsedInput });
      const run = runner.run();
      let written: ReturnType<typeof writeOf>;
      let outcome: WriteOutcome;
      try {
        written = writeOf(parsedInput.caseId, run, runner, undefined, parsedInput, readClock(clock));
        outcome = await writeChecked(written.write, 0);
      } catch (error) {
        runner.stop();
        throw error;
      }
      if (!outcome.ok) {
        runner.stop();
        versionConflict(parsedInput.caseId, 0, outcome.actualVersion, 'a case with this id exists');
      }
      cache.keep(written.write, written.persisted, 0, runner);
      await notifyAfterWrite(written.write);
      return written.result;
    },

    async send(caseId, event, sendOptions = {}) {
      const id = parseArgument(caseIdSchema, caseId, 'caseId');
      const { expectedVersion, idempotencyKey } = parseArgument(sendOptionsSchema, sendOptions, 'options', 'INVALID_INPUT', { caseId: id });
      refuseLimits(event, 'event', id);
      const now = readClock(clock);
      const callerAt = isObject(event) && event.at !== undefined;
      const prepared = eventToSend(id, event, () => beijingIso(now));
      if (callerAt) {
        const problem = untimely(prepared.parsed.at, now, maxSkewMs);
        if (problem !== undefined) {
          throw new LinkedEnforcementError('INVALID_EVENT', `Case ${id}: malformed event: at: ${problem}`, {
            context: { caseId: id, type: prepared.parsed.type, by: prepared.parsed.by, at: prepared.parsed.at, now: beijingIso(now), maxClockSkewMs: maxSkewMs, reason: problem },
            issues: [{ code: 'custom', path: ['event', 'at'], message: problem }],
          });
        }
      }
      return (await transact(id, {
        given: event as Record<string, unknown>,
        prepared,
        callerAt,
        calledAt: now,
        ...(expectedVersion === undefined ? {} : { expectedVersion }),
        ...(idempotencyKey === undefined ? {} : { idempotencyKey, requestHash: requestHashOf(id, event) }),
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
      for (const { caseId, envelope, entries } of await store.list(storeQuery)) {
        const restored = cache.restore(caseId, envelope, entries);
        const snapshot = resolveSnapshot(info, restored);
        // The store filtered on its index; judge again on the restored case, so a stale index cannot add a case.
        if (matchesQuery(summaryOf(snapshot, restored.envelope.version), storeQuery)) views.push(caseViewOf(snapshot, restored.envelope.version, now));
      }
      return views;
    },

    async history(caseId) {
      const id = parseArgument(caseIdSchema, caseId, 'caseId');
      const log = (await store.audit(id)) ?? caseNotFound(id);
      const entries = Array.isArray(log.entries) ? log.entries : [];
      return entries.map((entry, index) => {
        const parsedEntry = auditEntrySchema.safeParse(entry);
        if (parsedEntry.success) return parsedEntry.data;
        const reason = `audit entry ${index + 1} is malformed (run verifyAudit)`;
        throw new LinkedEnforcementError('INCOMPATIBLE_SNAPSHOT', `Case ${id}: the stored log cannot be read: ${reason}`, {
          context: { caseId: id, table: 'case_log', version: index + 1, reason },
        });
      });
    },

    async allowedEvents(caseId, by) {
      const { snapshot } = await restoreView(parseArgument(caseIdSchema, caseId, 'caseId'));
      return allowedEvents(snapshot, by);
    },

    async sweep(now) {
      const clockNow = readClock(clock);
      const { date, iso } = instantArgument(now ?? clockNow, 'now', clockNow, maxSkewMs);
      const overdue: OverdueCase[] = [];
      const failed: SweepReport['failed'][number][] = [];
      const seen = new Set<string>();
      const check: CaseEvent = { type: 'deadline.check', by: sweeper, at: iso };
      const isDue = (restored: RestoredCase, atMs: number) => restored.persisted.context.deadlines.some((d) => d.status === 'pending' && Date.parse(d.dueAt) < atMs);
      // Cases that fail stay due and keep their place at the front; each round asks past them.
      let limit = SWEEP_PAGE;
      for (;;) {
        const page = await store.due(iso, limit);
        const due = page.filter((caseId) => !seen.has(caseId));
        if (due.length === 0 && page.length < limit) break;
        limit = Math.max(limit, seen.size + due.length) + SWEEP_PAGE;
        for (const caseId of due) {
          seen.add(caseId);
          try {
            const prepared = eventToSend(caseId, check, () => iso);
            const result = await transact(caseId, { given: { type: check.type, by: check.by }, prepared, callerAt: false, stampFrom: date.getTime(), onlyIf: isDue });
            if (result === undefined) continue;
            const checkedAt = result.history.at(-1)!.at;
            const newly = result.deadlines.filter((deadline) => deadline.overdueAt === checkedAt);
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
      const stored = (await store.audit(id)) ?? caseNotFound(id);
      return verifyStoredCase(info, id, stored);
    },

    async verifyAll(verifyOptions = {}) {
      const { limit, cursor } = parseArgument(z.object({ limit: limitSchema(100), cursor: caseIdSchema.optional() }).strict(), verifyOptions, 'options');
      const ids = await store.caseIds({ limit, ...(cursor === undefined ? {} : { after: cursor }) });
      const cases = [];
      for (const caseId of ids) {
        const stored = await store.audit(caseId);
        if (stored !== undefined) cases.push(verifyStoredCase(info, caseId, stored));
      }
      return { cases, nextCursor: ids.length === limit ? ids.at(-1)! : null };
    },

    async deliverNotifications(handler, deliverOptions = {}) {
      const { limit } = parseArgument(z.object({ limit: limitSchema(100) }).strict(), deliverOptions, 'options');
      const chosen = handler ?? parsed.onNotification;
      if (typeof chosen !== 'function') invalidInput('handler', 'pass a handler, or give the engine an onNotification hook');
      return deliver(store, clock, delivery, chosen, { limit });
    },

    async pendingNotifications(listOptions = {}) {
      const query = parseArgument(
        z.object({ status: z.enum(['pending', 'delivered', 'failed']).default('pending'), caseId: caseIdSchema.optional(), limit: limitSchema(100) }).strict(),
        listOptions,
        'options',
      );
      return [...(await store.notifications(query))];
    },
  };
  return engine;
}
