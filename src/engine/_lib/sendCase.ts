import type { CaseEvent } from '../../../machines/schemas.js';
import { caseNotFound, versionConflict } from './engineErrors.js';
import type { CaseRun, CaseRunner } from './decide/CaseRunner.js';
import { readClock } from './clock.js';
import { decideEvent } from './decide/decideEvent.js';
import { refuseBackdatedResults, stamped, type Attempt } from './decide/prepareEvent.js';
import type { EngineContext } from './engineContext.js';
import { loadCase } from './load/loadCase.js';
import type { CaseCopy } from './load/restoreCase.js';
import { replayIdempotent } from './replayIdempotent.js';
import { sendResultOf } from './view/caseView.js';
import { caseWriteOf } from './write/caseWrite.js';
import { writeCase } from './write/writeCase.js';
import type { SendResult } from '../types.js';

/**
 * One event into one case: the path of every `send` (and of `sweep`'s checks), in order.
 *
 * 1. **load** (`load/`): the engine's copy of the case — read from the store only when the engine
 *    holds none, or after the store said the copy is stale (then only what changed since);
 * 2. **decide** (`decide/`): check the pinned version, stamp the event, run the machine on the
 *    copy's live actor; a copy not read in this call is read again before it refuses anything;
 * 3. **write** (`write/`): the new envelope, audit entry, outbox rows and idempotency record, in
 *    one compare-and-set on the copy's version (one statement on PostgreSQL);
 * 4. **view** (`view/`): the result, from the new copy, which the engine keeps with its actor.
 *
 * A write that finds the case moved on (or its idempotency key used) reads what changed — the
 * key's record with it — and goes round again, up to `maxAttempts` writes.
 *
 * @returns The result, or `undefined` when `attempt.onlyIf` does not hold on the current case.
 */
export async function sendCase(ctx: EngineContext, caseId: string, attempt: Attempt): Promise<SendResult | undefined> {
  const { info, store, cache } = ctx;
  const key = attempt.idempotencyKey;
  let copy: CaseCopy | undefined = cache.get(caseId);
  /** Whether `copy` was read from the store during this call (and the key looked up with it). */
  let confirmed = false;
  /** Reads what changed since `copy` (all of it without one), and the key's record: `true` when the key was used. */
  const read = async (): Promise<unknown> => {
    // loadCase reads an undefined base or key as none given.
    const loaded = await loadCase(info, store, cache, caseId, { base: copy, idempotencyKey: key });
    copy = loaded.copy;
    confirmed = true;
    return loaded.idempotency;
  };
  // Stryker disable next-line ObjectLiteral: never read as it starts: each round returns, throws or sets it, so the loop ends only after a lost race
  let lost = { expected: 0, actual: 0 as number | null };
  for (let round = 1; round <= ctx.maxAttempts; round++) {
    // 1. load
    if (copy === undefined || !confirmed && round > 1) {
      const record = await read();
      if (record !== undefined) return replayIdempotent(ctx, caseId, attempt, record);
    }
    // 2. decide (on a copy not read in this call, anything but a taken event is checked against the store first)
    let decision = decide(ctx, attempt, copy!);
    if (decision.kind !== 'taken' && !confirmed) {
      const record = await read();
      if (record !== undefined) return replayIdempotent(ctx, caseId, attempt, record);
      decision = decide(ctx, attempt, copy!);
    }
    if (decision.kind === 'pinned') return versionConflict(caseId, attempt.expectedVersion!, copy!.version, 'the case moved on since it was read');
    if (decision.kind === 'skip') return undefined;
    if (decision.kind === 'refused') throw decision.refusal;
    const { run, runner, parsed } = decision;
    // 3. write
    const base: CaseCopy = copy!;
    const now = readClock(ctx.clock);
    let written;
    let outcome;
    try {
      written = caseWriteOf(info, caseId, run, base, parsed, now, key === undefined ? undefined : { idempotencyKey: key, requestHash: attempt.requestHash! }, (next) => sendResultOf(next, now, run.notifications, base, info.remindBefore));
      outcome = await writeCase(store, written.write, base.version);
    } catch (error) {
      runner.stop();
      throw error;
    }
    if (outcome.ok) {
      // 4. view
      cache.put(written.copy, runner);
      await ctx.afterWrite(written.write);
      return sendResultOf(written.copy, now, run.notifications, base, info.remindBefore);
    }
    runner.stop();
    if (outcome.actualVersion === null) {
      cache.drop(caseId);
      return caseNotFound(caseId);
    }
    // Pinned without a key: the caller decides. With a key, the next read may find the first attempt's record.
    if (attempt.expectedVersion !== undefined && key === undefined) versionConflict(caseId, attempt.expectedVersion, outcome.actualVersion, 'another write won the race');
    lost = { expected: base.version, actual: outcome.actualVersion };
    confirmed = false;
  }
  return versionConflict(caseId, lost.expected, lost.actual, `gave up after losing ${ctx.maxAttempts} races in a row`, { attempts: ctx.maxAttempts });
}

type Decided =
  | { readonly kind: 'pinned' }
  | { readonly kind: 'skip' }
  | { readonly kind: 'refused'; readonly refusal: Error }
  | { readonly kind: 'taken'; readonly parsed: CaseEvent; readonly run: CaseRun; readonly runner: CaseRunner };

/** The decide step on one copy: the pinned version, `onlyIf`, the stamp, the machine. */
function decide(ctx: EngineContext, attempt: Attempt, copy: CaseCopy): Decided {
  if (attempt.expectedVersion !== undefined && attempt.expectedVersion !== copy.version) return { kind: 'pinned' };
  // A refusal like the machine's: decided after the key's look-up, so a retry of an accepted upload answers with its first result, however late it comes.
  // A caller's `at` comes from send, which gives its call time too (sweep stamps its own events).
  // Stryker disable next-line ConditionalExpression: an event without the caller's `at` is stamped by the clock, never before it (and sweep sends no results)
  if (attempt.callerAt) {
    try {
      refuseBackdatedResults(copy.caseId, attempt.prepared.parsed, attempt.calledAt!);
    } catch (error) {
      return { kind: 'refused', refusal: error as Error };
    }
  }
  const { event, parsed } = stamped(copy.caseId, attempt, copy, () => readClock(ctx.clock).getTime());
  if (attempt.onlyIf !== undefined && !attempt.onlyIf(copy, Date.parse(parsed.at))) return { kind: 'skip' };
  const decision = decideEvent(ctx.info, ctx.cache, copy, event);
  return decision.taken ? { kind: 'taken', parsed, run: decision.run, runner: decision.runner } : { kind: 'refused', refusal: decision.refusal };
}
