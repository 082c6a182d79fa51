import type { CaseNotification } from '../../../machines/types.js';
import { beijingIso } from '../../_lib/beijingTime.js';
import type { CaseStore, Clock, DeliveryReport, NotificationHandler, NotificationSettlement, OutboxMessage, OutboxRecord } from '../types.js';
import { readClock } from './clock.js';

/** The delivery options with their defaults filled in. */
export interface Delivery {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly leaseMs: number;
}

/** The outbox messages of one write: each notification under its stable id `<caseId>/<version>/<index>`. */
export function outboxOf(caseId: string, version: number, notifications: readonly CaseNotification[], createdAt: string): OutboxMessage[] {
  return notifications.map((notification, index) => ({ id: `${caseId}/${version}/${index}`, caseId, version, index, notification, createdAt }));
}

/** A token no other claim has: settling a notification needs the token of the claim that leased it. */
function claimToken(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  // Stryker disable next-line OptionalChaining: Node 20 always has globalThis.crypto; the chain is for runtimes without it
  return crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

/** Waits for the handler, or fails after `ms`: a handler that never answers must not hold the notification (or the caller) for ever. */
async function withinLease(run: () => void | Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the handler did not finish within the lease (${ms} ms)`)), ms);
  });
  try {
    await Promise.race([Promise.resolve().then(run), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** A handler's error as text a database can keep: at most 2 000 characters, no NUL, no lone surrogate. */
function messageOf(error: unknown): string {
  let text: string;
  try {
    text = error instanceof Error ? error.message : String(error);
  } catch {
    text = 'the handler threw a value that cannot be shown';
  }
  return text
    .slice(0, 2000)
    .replaceAll('\u0000', '\\0')
    // With the `u` flag a surrogate pair is one code point, so the class meets lone surrogates only.
    .replace(/[\uD800-\uDFFF]/gu, '\uFFFD');
}

/**
 * Claims due notifications (or just `ids`), hands each to `handler` in order, and settles it:
 * delivered, retried after an exponential backoff, or parked as failed on its last attempt.
 * Each settles as soon as its handler is done, so a crash redelivers as little as possible.
 */
export async function deliver(
  store: CaseStore,
  clock: Clock,
  delivery: Delivery,
  handler: NotificationHandler,
  options: { readonly limit: number; readonly ids?: readonly string[]; readonly onError?: (error: unknown, notification: CaseNotification) => void },
): Promise<DeliveryReport> {
  const now = readClock(clock);
  const token = claimToken();
  const claimed: readonly OutboxRecord[] = await store.claimNotifications({
    now: beijingIso(now),
    leaseUntil: beijingIso(new Date(now.getTime() + delivery.leaseMs)),
    token,
    limit: options.limit,
    maxAttempts: delivery.maxAttempts,
    ...(options.ids === undefined ? {} : { ids: options.ids }),
  });
  const report = { delivered: [] as string[], retried: [] as DeliveryReport['retried'][number][], failed: [] as DeliveryReport['failed'][number][] };
  for (const record of claimed) {
    let settlement: NotificationSettlement;
    try {
      await withinLease(() => handler(record.notification, { id: record.id, caseId: record.caseId, version: record.version, attempt: record.attempts }), delivery.leaseMs);
      settlement = { id: record.id, token, outcome: 'delivered', at: beijingIso(readClock(clock)) };
      report.delivered.push(record.id);
    } catch (error) {
      options.onError?.(error, record.notification);
      const at = readClock(clock);
      const message = messageOf(error);
      if (record.attempts >= delivery.maxAttempts) {
        settlement = { id: record.id, token, outcome: 'failed', at: beijingIso(at), error: message };
        report.failed.push({ id: record.id, attempts: record.attempts, error: message });
      } else {
        const wait = Math.min(delivery.maxDelayMs, delivery.baseDelayMs * 2 ** (record.attempts - 1));
        const nextAttemptAt = beijingIso(new Date(at.getTime() + wait));
        settlement = { id: record.id, token, outcome: 'retry', at: beijingIso(at), nextAttemptAt, error: message };
        report.retried.push({ id: record.id, attempts: record.attempts, nextAttemptAt, error: message });
      }
    }
    await store.settleNotifications([settlement]);
  }
  return report;
}
