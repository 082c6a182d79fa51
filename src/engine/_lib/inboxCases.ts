import { z } from 'zod';
import { actorKeyOf, owedEvents } from '../../../machines/_lib/duties.js';
import { machineRules } from '../../../machines/_lib/machineRules.js';
import type { CaseRules } from '../../../machines/_lib/rules.js';
import { stateLabels } from '../../../machines/labels.js';
import { actorSchema, type Actor } from '../../../machines/schemas.js';
import { deadlineViewOf, eventsAllowedAt } from '../../../machines/selectors.js';
import { deadlineBinds } from '../../../machines/_lib/stepLimits.js';
import type { CaseContext } from '../../../machines/types.js';
import { defaultCalendar } from '../../calendar/index.js';
import { isLinkedEnforcementError, LinkedEnforcementError } from '../../errors.js';
import { beijingIso } from '../../_lib/beijingTime.js';
import { invalidInput, parseArgument } from '../../_lib/validate.js';
import type { DoneItem, DonePage, InboxDeadline, InboxItem, InboxPage, ListFailure, StoredCase } from '../types.js';
import { readClock } from './clock.js';
import type { EngineContext } from './engineContext.js';
import { cursorJson, queryTag, toBase64Url } from './listCursor.js';
import { isStill, loadCase } from './load/loadCase.js';
import { restoreCase, type CaseCopy } from './load/restoreCase.js';

/** A page of 待办 or 已办 holds this many cases unless asked otherwise. */
export const DEFAULT_INBOX_LIMIT = 20;
/** Cases written before 0.4 indexed at a time. */
const BACKLOG_BATCH = 100;

const pageOptionsSchema = z.object({ limit: z.number().int().min(1).max(1000).optional(), cursor: z.string().max(1000).optional() }).strict();

/** The actor as the inbox knows it: a unit or a county leader (the system owes no step and acts on none). */
function actorArgument(actor: unknown, rules: CaseRules): { readonly actor: Actor; readonly key: string } {
  const parsed = parseArgument(actorSchema, actor, 'actor');
  const key = actorKeyOf(parsed, rules);
  if (key === undefined) invalidInput('actor', 'must be a unit ({ unit }) or a county leader ({ leader: { name, post } }): the system owes no step (its checks are the sweep’s work)');
  return { actor: parsed, key };
}

function badCursor(reason: string): never {
  throw new LinkedEnforcementError('INVALID_INPUT', `Invalid options: cursor: ${reason}`, {
    context: { argument: 'options', reason },
    issues: [{ code: 'custom', path: ['options', 'cursor'], message: reason }],
  });
}

/** The cursor's fields after its version and before its tag, or `INVALID_INPUT`. */
function decode(kind: 'inbox' | 'done', cursor: string, tag: string, length: number): unknown[] {
  const parsed = cursorJson(cursor);
  const mark = kind === 'inbox' ? 'i' : 'd';
  if (!Array.isArray(parsed) || parsed.length !== length + 2 || parsed[0] !== mark) return badCursor(`not a cursor of engine.${kind} (pass nextCursor back as it is)`);
  if (parsed.at(-1) !== tag) return badCursor(`it belongs to another actor's ${kind === 'inbox' ? '待办' : '已办'}`);
  return parsed.slice(1, -1);
}

const isMs = (value: unknown): value is number => Number.isSafeInteger(value);
const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 200;

/** Restores the row's case through the engine's copies (the row's envelope, unless the copy is still that version). */
function copyOf(ctx: EngineContext, row: StoredCase & { readonly caseId: string }): CaseCopy {
  const held = ctx.cache.get(row.caseId);
  // Stryker disable next-line ConditionalExpression: restoring the row's case again gives the same copy; the held one only saves the work
  return held !== undefined && isStill(row.envelope, held) ? held : ctx.cache.put(restoreCase(ctx.info, row.caseId, row.envelope, row.entries)!);
}

/**
 * Indexes the cases a store holds from before 0.4 (their summaries have no actors): each is
 * restored from its snapshot and log and its actors written, at its current version. One that
 * cannot be restored is reported and left for `verifyAudit`.
 */
async function indexBacklog(ctx: EngineContext, failed: ListFailure[]): Promise<void> {
  const tried = new Set<string>();
  for (;;) {
    const ids = (await ctx.store.unindexedCases!(BACKLOG_BATCH)).filter((caseId) => !tried.has(caseId));
    if (ids.length === 0) return;
    for (const caseId of ids) {
      tried.add(caseId);
      try {
        const { copy } = await loadCase(ctx.info, ctx.store, ctx.cache, caseId);
        await ctx.store.indexCase!(copy.summary);
      } catch (error) {
        if (!isLinkedEnforcementError(error) || error.code === 'STORE_UNAVAILABLE') throw error;
        failed.push({ caseId, code: error.code, message: error.message });
      }
    }
  }
}

/**
 * The working days left until `dueDate` from today (Beijing): 0 on the due day; once the
 * deadline has passed, negative — the working days since it, at least 1 (a deadline that passed
 * this morning is one day late until it is counted).
 */
function remainingWorkingDays(rules: CaseRules, dueDate: string, overdue: boolean, now: Date): number {
  const calendar = typeof (rules.calendar as { workingDaysBetween?: unknown }).workingDaysBetween === 'function' ? (rules.calendar as typeof defaultCalendar) : defaultCalendar;
  // The calendar counts an instant by its Beijing date: `now` is today.
  if (!overdue) return calendar.workingDaysBetween(now, dueDate);
  return -Math.max(1, calendar.workingDaysBetween(dueDate, now));
}

/** The actor's nearest open deadline in the case, as of `now`, with the working days left. */
function nearestDeadline(context: CaseContext, actor: Actor, rules: CaseRules, now: Date): InboxDeadline | null {
  let nearest: CaseContext['deadlines'][number] | undefined;
  for (const deadline of context.deadlines) {
    if ((deadline.status !== 'pending' && deadline.status !== 'overdue') || !deadlineBinds(deadline, actor)) continue;
    if (nearest === undefined || Date.parse(deadline.dueAt) < Date.parse(nearest.dueAt)) nearest = deadline;
  }
  if (nearest === undefined) return null;
  const view = deadlineViewOf(nearest, now.getTime());
  return { ...view, remainingWorkingDays: remainingWorkingDays(rules, view.dueDate, view.status === 'overdue', now) };
}

/**
 * `engine.inbox` (待办): the store finds the page on its index of who owes each case its next step
 * (one more than asked, to know whether another follows); each case is restored and judged again,
 * so a stale index cannot offer a case the actor owes nothing.
 */
export async function inboxCases(ctx: EngineContext, actor: unknown, options: unknown): Promise<InboxPage> {
  const rules = machineRules.get(ctx.info.machine)!;
  const who = actorArgument(actor, rules);
  const { limit = DEFAULT_INBOX_LIMIT, cursor } = parseArgument(pageOptionsSchema, options ?? {}, 'options');
  const tag = queryTag({ inbox: who.key });
  let after;
  if (cursor !== undefined) {
    const [dueMs, waitingMs, caseId] = decode('inbox', cursor, tag, 3);
    if (!(dueMs === null || isMs(dueMs)) || !isMs(waitingMs) || !isId(caseId)) return badCursor('not a cursor of engine.inbox (pass nextCursor back as it is)');
    after = { dueAt: dueMs === null ? null : beijingIso(new Date(dueMs)), waitingSince: beijingIso(new Date(waitingMs)), caseId };
  }
  const failed: ListFailure[] = [];
  await indexBacklog(ctx, failed);
  const rows = await ctx.store.inbox!({ actor: who.key, limit: limit + 1, ...(after === undefined ? {} : { after }) });
  const now = readClock(ctx.clock);
  const items: InboxItem[] = [];
  for (const row of rows.slice(0, limit)) {
    try {
      const copy = copyOf(ctx, row);
      const context = copy.snapshot.context;
      const events = eventsAllowedAt(copy.snapshot, who.actor, rules, now.getTime());
      if (owedEvents(context, copy.state, who.actor, events).length === 0) continue;
      // A restored copy's summary always lists its actors (a store's may not, from before 0.4).
      const duty = copy.summary.actors!.find((entry) => entry.actor === who.key);
      items.push({
        caseId: copy.caseId,
        version: copy.version,
        title: context.title,
        itemNo: context.itemNo ?? null,
        state: copy.state,
        stateLabel: stateLabels[copy.state],
        events,
        // Stryker disable next-line OptionalChaining: a case that owes the actor a step lists the actor among its own (restored) actors
        waitingSince: duty?.waitingSince ?? row.waitingSince,
        deadline: nearestDeadline(context, who.actor, rules, now),
      });
    } catch (error) {
      if (!isLinkedEnforcementError(error) || error.code === 'STORE_UNAVAILABLE') throw error;
      failed.push({ caseId: row.caseId, code: error.code, message: error.message });
    }
  }
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  // Stryker disable next-line ConditionalExpression: Date.parse(null) is NaN, which JSON writes as null too
  const nextCursor = last === undefined ? null : toBase64Url(JSON.stringify(['i', last.dueAt === null ? null : Date.parse(last.dueAt), Date.parse(last.waitingSince), last.caseId, tag]));
  return { items, nextCursor, failed };
}

/** `engine.done` (已办): the cases the actor has acted on, newest first, as the store's index finds them. */
export async function doneCases(ctx: EngineContext, actor: unknown, options: unknown): Promise<DonePage> {
  const rules = machineRules.get(ctx.info.machine)!;
  const who = actorArgument(actor, rules);
  const { limit = DEFAULT_INBOX_LIMIT, cursor } = parseArgument(pageOptionsSchema, options ?? {}, 'options');
  const tag = queryTag({ done: who.key });
  let after;
  if (cursor !== undefined) {
    const [actedMs, caseId] = decode('done', cursor, tag, 2);
    if (!isMs(actedMs) || !isId(caseId)) return badCursor('not a cursor of engine.done (pass nextCursor back as it is)');
    after = { lastActedAt: beijingIso(new Date(actedMs)), caseId };
  }
  const failed: ListFailure[] = [];
  await indexBacklog(ctx, failed);
  const rows = await ctx.store.done!({ actor: who.key, limit: limit + 1, ...(after === undefined ? {} : { after }) });
  const now = readClock(ctx.clock);
  const items: DoneItem[] = [];
  for (const row of rows.slice(0, limit)) {
    try {
      const copy = copyOf(ctx, row);
      const context = copy.snapshot.context;
      items.push({
        caseId: copy.caseId,
        version: copy.version,
        title: context.title,
        itemNo: context.itemNo ?? null,
        state: copy.state,
        stateLabel: stateLabels[copy.state],
        status: copy.summary.status,
        lastActedAt: copy.summary.participants!.find((entry) => entry.actor === who.key)?.lastActedAt ?? row.lastActedAt,
        events: eventsAllowedAt(copy.snapshot, who.actor, rules, now.getTime()),
      });
    } catch (error) {
      if (!isLinkedEnforcementError(error) || error.code === 'STORE_UNAVAILABLE') throw error;
      failed.push({ caseId: row.caseId, code: error.code, message: error.message });
    }
  }
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  const nextCursor = last === undefined ? null : toBase64Url(JSON.stringify(['d', Date.parse(last.lastActedAt), last.caseId, tag]));
  return { items, nextCursor, failed };
}
