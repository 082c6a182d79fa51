import { caseMachine } from '../../machines/caseMachine.js';
import { parseCaseInput, type CaseMachine } from '../../machines/createCaseMachine.js';
import type { CaseNotification } from '../../machines/types.js';
import { allowedEvents } from '../../machines/selectors.js';
import { LinkedEnforcementError } from '../errors.js';
import { beijingIso } from '../_lib/beijingTime.js';
import { ownMessageZh } from '../_lib/messagesZh.js';
import { describeThrown } from '../_lib/untrusted.js';
import { invalidInput, parseArgument } from '../_lib/validate.js';
import { z } from 'zod';
import { sha256Of } from './_lib/canonicalJson.js';
import { instantArgument, readClock, systemClock, untimely } from './_lib/clock.js';
import { CaseRunner } from './_lib/decide/CaseRunner.js';
import { eventToSend, refuseLimits } from './_lib/decide/prepareEvent.js';
import { caseNotFound, versionConflict } from './_lib/engineErrors.js';
import type { EngineContext } from './_lib/engineContext.js';
import { engineOptionsSchema } from './_lib/engineOptions.js';
import { guardStore } from './_lib/guardStore.js';
import { doneCases, inboxCases } from './_lib/inboxCases.js';
import { listCases } from './_lib/listCases.js';
import { CaseCache } from './_lib/load/CaseCache.js';
import { loadCase } from './_lib/load/loadCase.js';
import { describeMachine } from './_lib/machineInfo.js';
import { DEFAULT_REMIND_BEFORE } from '../../machines/_lib/reminders.js';
import { blobProblems, refuseUnstoredDocuments } from './_lib/documentChecks.js';
import { verdictOf } from './auditChain.js';
import { deliver, type Delivery } from './_lib/outbox.js';
import { sendCase } from './_lib/sendCase.js';
import { runStats } from './_lib/stats/runStats.js';
import { sweepCases } from './_lib/sweepCases.js';
import { verifyStoredCase } from './_lib/verifyCase.js';
import { caseViewOf, remindersRule, sendResultOf } from './_lib/view/caseView.js';
import { caseWriteOf } from './_lib/write/caseWrite.js';
import { writeCase } from './_lib/write/writeCase.js';
import { memoryStore } from './memoryStore.js';
import { CASE_MACHINE_VERSION, caseMachineMigrations } from './migrations.js';
import { auditEntrySchema, caseIdSchema, listQuerySchema, sendOptionsSchema } from './schemas.js';
import type { CaseEngine, CaseEngineOptions, CaseWrite } from './types.js';

export { CASE_MACHINE_VERSION } from './migrations.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

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
      context: { caseId, reason, reasonZh: `带幂等键发送的操作须为 JSON 数据：${describeThrown(error)}` },
      issues: [{ code: 'custom', path: ['event'], message: reason }],
    });
  }
}

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
  // The machine's own migrations come built in (stored v1 cases keep working with no configuration);
  // a county's own come after them, so one from the same version replaces the built-in one.
  const info = describeMachine(machine, machineVersion, parsed.migrations === undefined ? caseMachineMigrations : [...caseMachineMigrations, ...parsed.migrations], parsed.reminders === false ? false : (parsed.reminders?.beforeDueWorkingDays ?? DEFAULT_REMIND_BEFORE));
  const rawStore = parsed.store ?? memoryStore();
  const store = guardStore(rawStore);
  const clock = parsed.clock ?? systemClock;
  const sweeper = parsed.sweeper ?? { system: 'sweep' };
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

  /** After a stored write: deliver its own notifications through the outbox to `onNotification`. */
  async function afterWrite(write: CaseWrite): Promise<void> {
    const hook = parsed.onNotification;
    if (hook === undefined || write.outbox.length === 0) return;
    try {
      await deliver(store, clock, delivery, hook, { limit: write.outbox.length, ids: write.outbox.map((message) => message.id), onError: onHookError });
    } catch (error) {
      // The write stands; what was not delivered stays in the outbox for deliverNotifications().
      onHookError(error, write.outbox[0]!.notification);
    }
  }

  const ctx: EngineContext = { info, store, cache: new CaseCache(), clock, maxAttempts: parsed.maxAttempts ?? 10, afterWrite };

  /** The case as stored now, through the engine's copy (only what changed is read). */
  const current = async (caseId: string) => (await loadCase(info, store, ctx.cache, caseId, { base: ctx.cache.get(caseId) })).copy;

  const blobs = parsed.blobs;
  /** `verifyStoredCase`, and with a blob store every referenced file re-hashed. */
  const verified = async (caseId: string, stored: Parameters<typeof verifyStoredCase>[2]) => {
    const verdict = verifyStoredCase(info, caseId, stored);
    if (blobs === undefined) return verdict;
    const found = await blobProblems(verdict.entries, blobs);
    // With no file problem this is the same verdict again (verdictOf leaves out a note that is undefined).
    return verdictOf(caseId, { problems: [...verdict.problems, ...found], warnings: verdict.warnings, entries: verdict.entries, head: verdict.head }, { replayed: verdict.replayed, note: verdict.replayNote });
  };

  const limitSchema = (fallback: number) => z.number().int().min(1).max(1000).default(fallback);

  const engine: CaseEngine = {
    store: rawStore,
    ...(blobs === undefined ? {} : { blobs }),
    machine,
    machineVersion,

    async open(input) {
      refuseLimits(input, 'input', undefined);
      const now = readClock(clock);
      const callerAt = isObject(input) ? input.at : undefined;
      const given = isObject(input) && callerAt === undefined ? { ...input, at: beijingIso(now) } : input;
      // Checked and authorized (who may open this origin) before anything is written.
      const parsedInput = parseCaseInput(given, machine);
      // Stryker disable next-line ConditionalExpression: an `at` the engine filled in is the clock's `now` itself, never untimely
      if (callerAt !== undefined) {
        const problem = untimely(parsedInput.at, now, maxSkewMs);
        if (problem !== undefined) invalidInput('input', `at: ${problem}`, { caseId: parsedInput.caseId, at: parsedInput.at, now: beijingIso(now), maxClockSkewMs: maxSkewMs });
      }
      // decide → write → view, on a new case
      const runner = new CaseRunner(machine, { input: parsedInput });
      const run = runner.run();
      const recordedAt = readClock(clock);
      let written;
      let outcome;
      try {
        // Stryker disable next-line ArrowFunction: an opening has no idempotency key, so its result is never asked for here
        written = caseWriteOf(info, parsedInput.caseId, run, undefined, parsedInput, recordedAt, undefined, (copy) => sendResultOf(copy, recordedAt, run.notifications, undefined, info.remindBefore));
        outcome = await writeCase(store, written.write, 0);
      } catch (error) {
        runner.stop();
        throw error;
      }
      if (!outcome.ok) {
        runner.stop();
        versionConflict(parsedInput.caseId, 0, outcome.actualVersion, 'a case with this id exists');
      }
      ctx.cache.put(written.copy, runner);
      await afterWrite(written.write);
      return sendResultOf(written.copy, recordedAt, run.notifications, undefined, info.remindBefore);
    },

    async send(caseId, event, sendOptions = {}) {
      const id = parseArgument(caseIdSchema, caseId, 'caseId');
      const { expectedVersion, idempotencyKey } = parseArgument(sendOptionsSchema, sendOptions, 'options', 'INVALID_INPUT', { caseId: id });
      refuseLimits(event, 'event', id);
      const now = readClock(clock);
      const callerAt = isObject(event) && event.at !== undefined;
      const prepared = eventToSend(id, event, () => beijingIso(now));
      // Stryker disable next-line ConditionalExpression: an `at` the engine filled in is the clock's `now` itself, never untimely
      if (callerAt) {
        const problem = untimely(prepared.parsed.at, now, maxSkewMs);
        if (problem !== undefined) {
          throw new LinkedEnforcementError('INVALID_EVENT', `Case ${id}: malformed event: at: ${problem}`, {
            context: {
              caseId: id,
              type: prepared.parsed.type,
              by: prepared.parsed.by,
              at: prepared.parsed.at,
              now: beijingIso(now),
              maxClockSkewMs: maxSkewMs,
              reason: problem,
              // Every problem untimely words has its Chinese wording: the English one is only a safety net.
              reasonZh: `时间：${ownMessageZh(problem) ?? problem}`,
            },
            issues: [{ code: 'custom', path: ['event', 'at'], message: problem }],
          });
        }
      }
      // The files first: an event naming a document nobody stored is refused before the case is read.
      if (blobs !== undefined) await refuseUnstoredDocuments(id, prepared.parsed, blobs);
      return (await sendCase(ctx, id, {
        given: event as Record<string, unknown>,
        prepared,
        callerAt,
        calledAt: now,
        ...(expectedVersion === undefined ? {} : { expectedVersion }),
        ...(idempotencyKey === undefined ? {} : { idempotencyKey, requestHash: requestHashOf(id, event) }),
      }))!;
    },

    async get(caseId) {
      const copy = await current(parseArgument(caseIdSchema, caseId, 'caseId'));
      return caseViewOf(copy, readClock(clock), info.remindBefore);
    },

    async list(query = {}) {
      return listCases(ctx, parseArgument(listQuerySchema, query, 'query'));
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
      const copy = await current(parseArgument(caseIdSchema, caseId, 'caseId'));
      return allowedEvents(copy.snapshot, by, { now: readClock(clock), reminders: remindersRule(info.remindBefore) });
    },

    async inbox(actor, inboxOptions) {
      return inboxCases(ctx, actor, inboxOptions);
    },

    async done(actor, doneOptions) {
      return doneCases(ctx, actor, doneOptions);
    },

    async sweep(now) {
      const clockNow = readClock(clock);
      const { date, iso } = instantArgument(now ?? clockNow, 'now', clockNow, maxSkewMs);
      return sweepCases(ctx, sweeper, date, iso);
    },

    async verifyAudit(caseId) {
      const id = parseArgument(caseIdSchema, caseId, 'caseId');
      const stored = (await store.audit(id)) ?? caseNotFound(id);
      return verified(id, stored);
    },

    async verifyAll(verifyOptions = {}) {
      const { limit, cursor } = parseArgument(z.object({ limit: limitSchema(100), cursor: caseIdSchema.optional() }).strict(), verifyOptions, 'options');
      const ids = await store.caseIds({ limit, ...(cursor === undefined ? {} : { after: cursor }) });
      const cases = [];
      for (const caseId of ids) {
        const stored = await store.audit(caseId);
        if (stored !== undefined) cases.push(await verified(caseId, stored));
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

    async stats(query) {
      return runStats(ctx, query);
    },
  };
  return engine;
}
