import type { CaseSummary, DoneStoreQuery, InboxStoreQuery } from '../../types.js';
import { SortedKeys, type IndexKey } from './SortedKeys.js';
import { instantMs } from '../../../_lib/instantMs.js';

/** A case without a deadline for the actor sorts after every deadline (PostgreSQL: `'infinity'`). */
const NO_DEADLINE = Number.MAX_SAFE_INTEGER;
const WAITING_DIGITS = 16;

/**
 * The inbox key: due time, then waiting since, then case id. `SortedKeys` orders by `ms` then
 * `id`, so the waiting time goes in front of the case id as fixed-width digits (instants the
 * engine keeps are after 1970: no sign to handle).
 */
function inboxKey(dueAt: string | null, waitingSince: string, caseId: string): IndexKey {
  return { ms: dueAt === null ? NO_DEADLINE : instantMs(dueAt), id: `${String(instantMs(waitingSince)).padStart(WAITING_DIGITS, '0')} ${caseId}` };
}

const caseIdOf = (key: IndexKey): string => key.id.slice(WAITING_DIGITS + 1);

/**
 * The memory store's 待办 and 已办 indexes, kept by every write: per actor, the cases waiting on it
 * by urgency (soonest due first — an overdue deadline is the soonest — then longest waiting), and
 * the cases it acted on, newest first. A page walks one actor's index from its cursor.
 */
export class DutyIndexes {
  private readonly waiting = new Map<string, SortedKeys>();
  private readonly acted = new Map<string, SortedKeys>();
  /** Cases whose summary was written before 0.4 (no actors): the engine indexes them on its first inbox call. */
  readonly unindexed = new Set<string>();

  private indexOf(map: Map<string, SortedKeys>, actor: string, order: 'ascending' | 'descending'): SortedKeys {
    let index = map.get(actor);
    if (index === undefined) {
      index = new SortedKeys(order);
      map.set(actor, index);
    }
    return index;
  }

  /** Moves a case from what its previous summary indexed to what its new one does (an entry that did not change stays where it is). */
  update(previous: CaseSummary | undefined, next: CaseSummary): void {
    const indexed = next.actors !== undefined && next.participants !== undefined;
    const keptActors = new Set<string>();
    const keptParticipants = new Set<string>();
    // Keeping an entry that did not change is a saving: removing its key and adding it back leaves the index as it was.
    // Stryker disable next-line ConditionalExpression,BlockStatement: a saving only
    if (indexed && previous?.actors !== undefined && previous.participants !== undefined) {
      for (const entry of next.actors!) if (previous.actors.some((was) => was.actor === entry.actor && was.dueAt === entry.dueAt && was.waitingSince === entry.waitingSince)) keptActors.add(entry.actor);
      for (const entry of next.participants!) if (previous.participants.some((was) => was.actor === entry.actor && was.lastActedAt === entry.lastActedAt)) keptParticipants.add(entry.actor);
    }
    // Stryker disable next-line ArrayDeclaration: an entry without an actor has no index to leave
    for (const entry of previous?.actors ?? []) if (!keptActors.has(entry.actor)) this.waiting.get(entry.actor)?.delete(inboxKey(entry.dueAt, entry.waitingSince, previous!.caseId));
    // Stryker disable next-line ArrayDeclaration: as above
    for (const entry of previous?.participants ?? []) if (!keptParticipants.has(entry.actor)) this.acted.get(entry.actor)?.delete({ ms: instantMs(entry.lastActedAt), id: previous!.caseId });
    if (!indexed) {
      this.unindexed.add(next.caseId);
      return;
    }
    this.unindexed.delete(next.caseId);
    // Stryker disable next-line ConditionalExpression: a saving only: adding a held key changes nothing
    for (const entry of next.actors!) if (!keptActors.has(entry.actor)) this.indexOf(this.waiting, entry.actor, 'ascending').add(inboxKey(entry.dueAt, entry.waitingSince, next.caseId));
    // Stryker disable next-line ConditionalExpression,StringLiteral: as above; and SortedKeys orders by anything but 'ascending' descending
    for (const entry of next.participants!) if (!keptParticipants.has(entry.actor)) this.indexOf(this.acted, entry.actor, 'descending').add({ ms: instantMs(entry.lastActedAt), id: next.caseId });
  }

  /** Up to `query.limit` case ids waiting on `query.actor`, most urgent first, after `query.after`. */
  inbox(query: InboxStoreQuery): string[] {
    const after = query.after === undefined ? undefined : inboxKey(query.after.dueAt, query.after.waitingSince, query.after.caseId);
    const found: string[] = [];
    for (const key of this.waiting.get(query.actor)?.after(after) ?? []) {
      if (found.length >= query.limit) break;
      found.push(caseIdOf(key));
    }
    return found;
  }

  /** Up to `query.limit` case ids `query.actor` acted on, newest first, after `query.after`. */
  done(query: DoneStoreQuery): string[] {
    const after = query.after === undefined ? undefined : { ms: Date.parse(query.after.lastActedAt), id: query.after.caseId };
    const found: string[] = [];
    for (const key of this.acted.get(query.actor)?.after(after) ?? []) {
      if (found.length >= query.limit) break;
      found.push(key.id);
    }
    return found;
  }
}
