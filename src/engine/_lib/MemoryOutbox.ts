import type { NotificationClaim, NotificationQuery, NotificationSettlement, NotificationStatus, OutboxMessage, OutboxRecord } from '../types.js';
import { freezeJson } from './freezeJson.js';

/** A message's delivery state once an engine has touched it (untouched: pending, due at its creation). */
type DeliveryState = Pick<OutboxRecord, 'attempts' | 'nextAttemptAt' | 'leaseUntil' | 'deliveredAt' | 'failedAt' | 'lastError'>;

const statusOf = (state: DeliveryState | undefined): NotificationStatus =>
  state === undefined || (state.deliveredAt === null && state.failedAt === null) ? 'pending' : state.deliveredAt !== null ? 'delivered' : 'failed';
const byCase = (a: OutboxRecord, b: OutboxRecord) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : a.version - b.version || a.index - b.index);
/** Oldest first: by when it is due, then case, version and position. */
const byDue = (a: OutboxRecord, b: OutboxRecord) => Date.parse(a.nextAttemptAt) - Date.parse(b.nextAttemptAt) || byCase(a, b);
const byCreation = (a: OutboxRecord, b: OutboxRecord) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || byCase(a, b);

/**
 * The memory store's outbox (发件箱). A write adds its messages as one frozen batch (cheap: the
 * notifications are the audit entry's own objects); a delivery state is kept only for messages
 * an engine has claimed, and only batches with a pending message are scanned by a claim.
 */
export class MemoryOutbox {
  private readonly batches = new Map<string, readonly OutboxMessage[]>();
  private readonly open = new Set<readonly OutboxMessage[]>();
  private readonly states = new Map<string, DeliveryState>();
  /** Which claim holds each leased message: settling needs its token. */
  private readonly leases = new Map<string, string>();

  /** Whether a batch for that case version is there already (a duplicated write). */
  has(caseId: string, version: number): boolean {
    return this.batches.has(`${caseId}/${version}`);
  }

  /** Adds one write's messages (all of one case version), frozen. */
  add(messages: readonly OutboxMessage[]): void {
    if (messages.length === 0) return;
    const batch = freezeJson(messages);
    this.batches.set(`${batch[0]!.caseId}/${batch[0]!.version}`, batch);
    this.open.add(batch);
  }

  /** Puts back records from a store's JSON. */
  load(records: readonly OutboxRecord[]): void {
    const grouped = new Map<string, OutboxRecord[]>();
    for (const record of records) {
      const key = `${record.caseId}/${record.version}`;
      grouped.set(key, [...(grouped.get(key) ?? []), record]);
    }
    for (const group of grouped.values()) {
      group.sort(byCase);
      this.add(group.map(({ id, caseId, version, index, notification, createdAt }) => ({ id, caseId, version, index, notification, createdAt })));
      for (const record of group) {
        const { attempts, nextAttemptAt, leaseUntil, deliveredAt, failedAt, lastError } = record;
        const state: DeliveryState = { attempts, nextAttemptAt, leaseUntil, deliveredAt, failedAt, lastError };
        const untouched = this.stateOf(record);
        // Stryker disable next-line ConditionalExpression,EqualityOperator: keeping an untouched message's state too reads the same (memory alone differs)
        if ((Object.keys(state) as (keyof DeliveryState)[]).some((field) => state[field] !== untouched[field])) this.setState(record, state);
      }
    }
  }

  claim(claim: NotificationClaim): OutboxRecord[] {
    const now = Date.parse(claim.now);
    const candidates = claim.ids === undefined ? [...this.open].flat() : claim.ids.map((id) => this.messageOf(id)).filter((message) => message !== undefined);
    const due = candidates
      .map((message) => this.recordOf(message))
      .filter((record) => record.status === 'pending' && Date.parse(record.nextAttemptAt) <= now && (record.leaseUntil === null || Date.parse(record.leaseUntil) <= now))
      .sort(byDue)
      .slice(0, claim.limit);
    const claimed: OutboxRecord[] = [];
    for (const record of due) {
      if (record.attempts >= claim.maxAttempts) {
        const lastError = `gave up: its delivery was interrupted ${record.attempts} times${record.lastError === null ? '' : ` (last error: ${record.lastError})`}`;
        this.setState(record, { ...this.stateOf(record), failedAt: claim.now, leaseUntil: null, lastError });
        continue;
      }
      this.setState(record, { ...this.stateOf(record), attempts: record.attempts + 1, leaseUntil: claim.leaseUntil });
      this.leases.set(record.id, claim.token);
      claimed.push(this.recordOf(this.messageOf(record.id)!));
    }
    return claimed;
  }

  settle(settlements: readonly NotificationSettlement[]): string[] {
    const settled: string[] = [];
    for (const settlement of settlements) {
      // A lease is only ever given for a message the outbox holds.
      if (this.leases.get(settlement.id) !== settlement.token || statusOf(this.states.get(settlement.id)) !== 'pending') continue;
      const message = this.messageOf(settlement.id)!;
      this.leases.delete(settlement.id);
      const state = this.stateOf(message);
      this.setState(message, {
        ...state,
        leaseUntil: null,
        deliveredAt: settlement.outcome === 'delivered' ? settlement.at : state.deliveredAt,
        failedAt: settlement.outcome === 'failed' ? settlement.at : state.failedAt,
        nextAttemptAt: settlement.nextAttemptAt ?? state.nextAttemptAt,
        lastError: settlement.error ?? state.lastError,
      });
      settled.push(settlement.id);
    }
    return settled;
  }

  list(query: NotificationQuery): OutboxRecord[] {
    // Stryker disable next-line ConditionalExpression,StringLiteral: the open batches hold every pending message: reading all batches lists the same, only slower
    const source = query.status === 'pending' ? [...this.open] : [...this.batches.values()];
    return source
      .flat()
      .filter((message) => query.caseId === undefined || message.caseId === query.caseId)
      .map((message) => this.recordOf(message))
      .filter((record) => record.status === query.status)
      .sort(query.status === 'pending' ? byDue : byCreation)
      .slice(0, query.limit);
  }

  /** Every record, oldest first. */
  all(): OutboxRecord[] {
    return [...this.batches.values()].flat().map((message) => this.recordOf(message)).sort(byCreation);
  }

  private messageOf(id: string): OutboxMessage | undefined {
    const slash = id.lastIndexOf('/');
    const message = this.batches.get(id.slice(0, slash))?.[Number(id.slice(slash + 1))];
    return message?.id === id ? message : undefined;
  }

  private stateOf(message: OutboxMessage): DeliveryState {
    return this.states.get(message.id) ?? { attempts: 0, nextAttemptAt: message.createdAt, leaseUntil: null, deliveredAt: null, failedAt: null, lastError: null };
  }

  private recordOf(message: OutboxMessage): OutboxRecord {
    const state = this.stateOf(message);
    return { ...message, status: statusOf(this.states.get(message.id)), ...state };
  }

  private setState(message: Pick<OutboxMessage, 'id' | 'caseId' | 'version'>, state: DeliveryState): void {
    this.states.set(message.id, Object.freeze(state));
    const batch = this.batches.get(`${message.caseId}/${message.version}`)!;
    // Stryker disable next-line ConditionalExpression,ArrowFunction: a finished batch left open is scanned for nothing: what reads the open batches filters by status
    if (batch.every((m) => statusOf(this.states.get(m.id)) !== 'pending')) this.open.delete(batch);
  }
}
