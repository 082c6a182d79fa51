import type { CaseSummary, StoreQuery } from '../../types.js';
import { checkWakeAt, sameUnits } from '../caseSummary.js';
import { matchesQuery } from '../matchesQuery.js';
import { SortedKeys, type IndexKey } from './SortedKeys.js';
import { instantMs } from '../../../_lib/instantMs.js';

type Field = 'state' | 'stage' | 'origin' | 'itemNo';
const fields: readonly Field[] = ['state', 'stage', 'origin', 'itemNo'];

const NONE = new SortedKeys('descending');

/** A unit with the case's state or stage: the key of an inbox (a unit's cases in one state). */
const inboxKeys = (summary: CaseSummary | undefined, field: 'state' | 'stage'): string[] => (summary === undefined ? [] : summary.units.map((unit) => `${unit}\u0000${summary[field]}`));
/** When `sweep` must look at the case: `nextWakeAt`, or in a summary written before 0.4 the first instant its `nextDueAt` is overdue. */
const wakeAtOf = (summary: CaseSummary): string | null => (summary.nextWakeAt !== undefined ? summary.nextWakeAt : summary.nextDueAt === null ? null : checkWakeAt(summary.nextDueAt));

const openedKey = (summary: CaseSummary): IndexKey => ({ ms: instantMs(summary.openedAt), id: summary.caseId });
const earlier = (a: IndexKey, b: IndexKey) => a.ms - b.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Merges two streams of keys in descending order into one, each key once. */
function* mergeDescending(a: Iterator<IndexKey>, b: Iterator<IndexKey>): Generator<IndexKey> {
  let left = a.next();
  let right = b.next();
  while (!left.done || !right.done) {
    if (right.done || (!left.done && earlier(left.value, right.value) > 0)) {
      yield left.value as IndexKey;
      left = a.next();
    } else if (left.done || earlier(left.value, right.value) < 0) {
      yield right.value;
      right = b.next();
    } else {
      yield left.value;
      left = a.next();
      right = b.next();
    }
  }
}

/**
 * The memory store's indexes, kept by every write: for `list`, each filter's cases in the list's
 * order (newest opening first) — by state, stage, unit, unit and state (an inbox), unit and
 * stage, origin, item, the cases marked overdue, all cases — and for `claimDue` the cases by
 * next due time. A page walks one index from its cursor and stops when it is full, so it costs
 * the same with 1 000 cases or 100 000.
 */
export class CaseIndexes {
  // Stryker disable next-line StringLiteral: SortedKeys orders by anything but 'ascending' descending, so no other text changes the order
  private readonly opened = new SortedKeys('descending');
  private readonly ids = new SortedKeys('ascending');
  private readonly byField: Record<Field | 'unit' | 'unitState' | 'unitStage', Map<unknown, SortedKeys>> = {
    state: new Map(),
    stage: new Map(),
    origin: new Map(),
    itemNo: new Map(),
    unit: new Map(),
    unitState: new Map(),
    unitStage: new Map(),
  };
  // Stryker disable next-line StringLiteral: as for `opened`
  private readonly marked = new SortedKeys('descending');
  private readonly due = new SortedKeys('ascending');
  /** By wake time (`nextWakeAt`, else `nextDueAt`): what `claimDue` takes, reminders (预警) included. */
  private readonly wake = new SortedKeys('ascending');

  private indexOf(field: Field | 'unit' | 'unitState' | 'unitStage', value: unknown): SortedKeys {
    let index = this.byField[field].get(value);
    if (index === undefined) {
      // Stryker disable next-line StringLiteral: as for `opened`
      index = new SortedKeys('descending');
      this.byField[field].set(value, index);
    }
    return index;
  }

  /** Moves a case from what its previous summary indexed to what its new one does (only what changed is touched). */
  update(previous: CaseSummary | undefined, next: CaseSummary): void {
    const key = openedKey(next);
    const before = previous === undefined ? undefined : openedKey(previous);
    // Only what changed is touched, a saving: removing a key and adding it back, or adding a key
    // an index holds, leaves every index as it was. (A case moves only in a store written by hand:
    // the opening never changes.) The savings' mutants are disabled with "a saving only".
    // Stryker disable next-line ConditionalExpression: a saving only
    const moved = before === undefined || earlier(before, key) !== 0;
    // Stryker disable next-line ConditionalExpression: a saving only
    if (moved) {
      if (before === undefined) this.ids.add({ ms: 0, id: next.caseId });
      else this.opened.delete(before);
      this.opened.add(key);
    }
    for (const field of fields) {
      // Stryker disable next-line ConditionalExpression: a saving only
      if (!moved && previous![field] === next[field]) continue;
      // Every value an indexed summary holds has its index, as every unit below.
      if (previous !== undefined && previous[field] !== null) this.byField[field].get(previous[field])!.delete(before!);
      // Stryker disable next-line ConditionalExpression: no list looks cases up by a null item (its itemNo is a number): an index of them would only hold memory
      if (next[field] !== null) this.indexOf(field, next[field]).add(key);
    }
    // Every unit of an indexed summary has its index (an index is never dropped, only emptied).
    for (const unit of previous?.units ?? []) if (moved || !next.units.includes(unit)) this.byField.unit.get(unit)!.delete(before!);
    // Stryker disable next-line ConditionalExpression: a saving only
    for (const unit of next.units) if (moved || !previous!.units.includes(unit)) this.indexOf('unit', unit).add(key);
    // Stryker disable next-line ConditionalExpression: a saving only
    const unitsKept = !moved && sameUnits(previous!.units, next.units);
    for (const [index, field] of [['unitState', 'state'], ['unitStage', 'stage']] as const) {
      // Stryker disable next-line ConditionalExpression: a saving only
      if (unitsKept && previous![field] === next[field]) continue;
      const [was, is] = [inboxKeys(previous, field), inboxKeys(next, field)];
      // Every inbox of an indexed summary has its index, as every unit above.
      for (const inbox of was) if (moved || !is.includes(inbox)) this.byField[index].get(inbox)!.delete(before!);
      // Stryker disable next-line ConditionalExpression: a saving only
      for (const inbox of is) if (moved || !was.includes(inbox)) this.indexOf(index, inbox).add(key);
    }
    // Stryker disable next-line ConditionalExpression: a saving only
    if (moved || previous!.hasOverdue !== next.hasOverdue) {
      if (before !== undefined) this.marked.delete(before);
      if (next.hasOverdue) this.marked.add(key);
    }
    // Stryker disable next-line ConditionalExpression: a saving only
    if (previous?.nextDueAt !== next.nextDueAt) {
      if (previous !== undefined && previous.nextDueAt !== null) this.due.delete({ ms: instantMs(previous.nextDueAt), id: previous.caseId });
      if (next.nextDueAt !== null) this.due.add({ ms: instantMs(next.nextDueAt), id: next.caseId });
    }
    const previousWake = previous === undefined ? null : wakeAtOf(previous);
    const nextWake = wakeAtOf(next);
    // Stryker disable next-line ConditionalExpression: a saving only
    if (previousWake !== nextWake) {
      if (previousWake !== null) this.wake.delete({ ms: instantMs(previousWake), id: previous!.caseId });
      if (nextWake !== null) this.wake.add({ ms: instantMs(nextWake), id: next.caseId });
    }
  }

  /** Ids of up to `query.limit` cases matching `query`, in the list's order, after `query.after`. */
  list(query: StoreQuery, summaryOf: (caseId: string) => CaseSummary): string[] {
    const nowMs = Date.parse(query.now);
    // The smallest index among the filters given drives the walk; the others are checked on each case.
    let driver: SortedKeys | undefined;
    const consider = (index: SortedKeys | undefined) => {
      const candidate = index ?? NONE;
      // Stryker disable next-line EqualityOperator: of two indexes as large, either walks as many keys to the same page
      if (driver === undefined || candidate.size < driver.size) driver = candidate;
    };
    if (query.state !== undefined) consider(this.byField.state.get(query.state));
    if (query.stage !== undefined) consider(this.byField.stage.get(query.stage));
    if (query.unit !== undefined) consider(this.byField.unit.get(query.unit));
    if (query.unit !== undefined && query.state !== undefined) consider(this.byField.unitState.get(`${query.unit}\u0000${query.state}`));
    if (query.unit !== undefined && query.stage !== undefined) consider(this.byField.unitStage.get(`${query.unit}\u0000${query.stage}`));
    if (query.origin !== undefined) consider(this.byField.origin.get(query.origin));
    if (query.itemNo !== undefined) consider(this.byField.itemNo.get(query.itemNo));
    let start = query.after === undefined ? undefined : { ms: Date.parse(query.after.openedAt), id: query.after.caseId };
    if (query.openedTo !== undefined) {
      // Before `openedTo`: after the key that sorts ahead of every case opened at that instant.
      const to = { ms: Date.parse(query.openedTo), id: '' };
      // Stryker disable next-line EqualityOperator: keys that compare equal are the same key, so either start is the same
      if (start === undefined || earlier(to, start) < 0) start = to;
    }
    const keys = (query.overdue === true ? this.overdueKeys(nowMs, start, driver, summaryOf) : undefined) ?? (driver ?? this.opened).after(start);
    // No bound parses to NaN, which stops nothing.
    const fromMs = Date.parse(String(query.openedFrom));
    const found: string[] = [];
    for (const key of keys) {
      if (key.ms < fromMs || found.length >= query.limit) break;
      if (matchesQuery(summaryOf(key.id), query)) found.push(key.id);
    }
    return found;
  }

  /**
   * The keys `overdue` walks: the cases marked so by a check merged with those past due and not
   * yet checked (few, when sweeps run), or `undefined` when the narrowest filter's index has
   * fewer keys to walk.
   */
  private overdueKeys(nowMs: number, start: IndexKey | undefined, driver: SortedKeys | undefined, summaryOf: (caseId: string) => CaseSummary): Iterable<IndexKey> | undefined {
    const pastDue = this.dueBefore(nowMs);
    if (driver !== undefined) {
      // Stryker disable next-line EqualityOperator: with as many keys on either walk, both give the same page
      if (this.marked.size + pastDue.length > driver.size) return undefined;
    }
    const pending = pastDue.map((id) => openedKey(summaryOf(id))).sort((a, b) => earlier(b, a)).filter((key) => start === undefined || earlier(key, start) < 0);
    return mergeDescending(this.marked.after(start), pending[Symbol.iterator]());
  }

  /** Ids of the cases whose next deadline is before `nowMs`, earliest first. */
  private dueBefore(nowMs: number): string[] {
    const found: string[] = [];
    for (const key of this.due.after()) {
      if (key.ms >= nowMs) break;
      found.push(key.id);
    }
    return found;
  }

  /** Ids of the cases whose wake time is at or before `nowMs`, earliest first: what `claimDue` leases. */
  wakeBy(nowMs: number, accept: (caseId: string) => boolean, limit: number): string[] {
    const found: string[] = [];
    for (const key of this.wake.after()) {
      if (key.ms > nowMs || found.length >= limit) break;
      if (accept(key.id)) found.push(key.id);
    }
    return found;
  }

  /** Case ids after `after`, in code-unit order. */
  caseIds(after: string | undefined, limit: number): string[] {
    const found: string[] = [];
    for (const key of this.ids.after(after === undefined ? undefined : { ms: 0, id: after })) {
      if (found.length >= limit) break;
      found.push(key.id);
    }
    return found;
  }
}
