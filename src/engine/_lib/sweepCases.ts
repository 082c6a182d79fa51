import type { CaseEvent } from '../../../machines/schemas.js';
import { isLinkedEnforcementError } from '../../errors.js';
import { beijingIso } from '../../_lib/beijingTime.js';
import type { OverdueCase, SweepReport } from '../types.js';
import { readClock } from './clock.js';
import { machineRules } from '../../../machines/_lib/machineRules.js';
import { remindsAt } from '../../../machines/_lib/reminders.js';
import { eventToSend } from './decide/prepareEvent.js';
import type { EngineContext } from './engineContext.js';
import type { CaseCopy } from './load/restoreCase.js';
import { sendCase } from './sendCase.js';

/** Due cases claimed at a time. */
const SWEEP_BATCH = 100;
/** How long a claim leaves a case to this sweep: another instance skips it meanwhile; a crashed sweep's cases come back after it. */
export const SWEEP_LEASE_MS = 60_000;

const isDue = (copy: CaseCopy, atMs: number) => copy.persisted.context.deadlines.some((deadline) => deadline.status === 'pending' && Date.parse(deadline.dueAt) < atMs);
/** Whether some deadline of the case owes its reminder (预警) at `atMs` by the engine's rule. */
const remindsDue = (remindBefore: number) => (copy: CaseCopy, atMs: number) =>
  copy.persisted.context.deadlines.some((deadline) => remindsAt(deadline, remindBefore, machineRules.get(copy.snapshot.machine)!, atMs));

/**
 * `deadline.remind` (as `sweeper`) on every case owing a reminder (预警) at `now`, then
 * `deadline.check` on every case whose next deadline is before `now`: the cases whose wake time
 * has come, earliest first, in batches the store claims with a lease (PostgreSQL: `FOR UPDATE SKIP LOCKED`), so
 * several instances share the work without waiting on each other. Each case is checked on its
 * current version and only when it is still due; one failing does not stop the others (it is
 * reported, and its lease keeps it out of the next batches of this sweep and of the others').
 */
export async function sweepCases(ctx: EngineContext, sweeper: CaseEvent['by'], date: Date, iso: string): Promise<SweepReport> {
  const overdue: OverdueCase[] = [];
  const reminded: OverdueCase[] = [];
  const remindBefore = ctx.info.remindBefore;
  const remind: CaseEvent | undefined = remindBefore === false ? undefined : { type: 'deadline.remind', by: sweeper, at: iso, beforeDueWorkingDays: remindBefore };
  const failed: SweepReport['failed'][number][] = [];
  const seen = new Set<string>();
  const check: CaseEvent = { type: 'deadline.check', by: sweeper, at: iso };
  for (;;) {
    const clockNow = readClock(ctx.clock);
    const claimed = await ctx.store.claimDue({ now: iso, clockNow: beijingIso(clockNow), leaseUntil: beijingIso(new Date(clockNow.getTime() + SWEEP_LEASE_MS)), limit: SWEEP_BATCH });
    // A store that hands back what it handed before (or ignores leases) cannot keep the sweep going.
    const fresh = claimed.filter((caseId) => !seen.has(caseId));
    if (fresh.length === 0) break;
    for (const caseId of fresh) {
      seen.add(caseId);
      try {
        // A reminder first: a deadline still pending at `now` is reminded before any other deadline's check; one past due is not (the check marks it overdue).
        if (remind !== undefined) {
          // Stryker disable next-line ArrowFunction: the reminder carries its `at`, so eventToSend never asks for one
          const prepared = eventToSend(caseId, remind, () => iso);
          const result = await sendCase(ctx, caseId, { given: { type: remind.type, by: remind.by, beforeDueWorkingDays: remindBefore }, prepared, callerAt: false, stampFrom: date.getTime(), onlyIf: remindsDue(remindBefore as number) });
          if (result !== undefined) {
            const remindedAt = result.history.at(-1)!.at;
            reminded.push({ caseId, version: result.version, deadlines: result.deadlines.filter((deadline) => deadline.remindedAt === remindedAt), notifications: result.notifications });
          }
        }
        // Stryker disable next-line ArrowFunction: the check carries its `at`, so eventToSend never asks for one
        const prepared = eventToSend(caseId, check, () => iso);
        const result = await sendCase(ctx, caseId, { given: { type: check.type, by: check.by }, prepared, callerAt: false, stampFrom: date.getTime(), onlyIf: isDue });
        if (result === undefined) continue;
        const checkedAt = result.history.at(-1)!.at;
        const newly = result.deadlines.filter((deadline) => deadline.overdueAt === checkedAt);
        overdue.push({ caseId, version: result.version, deadlines: newly, notifications: result.notifications });
      } catch (error) {
        failed.push({ caseId, code: isLinkedEnforcementError(error) ? error.code : 'ERROR', message: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return { now: iso, overdue, reminded, failed };
}
