import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Actor } from '../../../machines/schemas.js';
import type { CaseNotification, Recipient } from '../../../machines/types.js';
import type { CaseEngine, NotificationHandler, NotificationMeta } from '../../engine/types.js';
import type { ServerEnv } from '../_lib/env.js';
import { queryOf } from '../_lib/request.js';

/** One notification as the stream sends it: the outbox id is the event id. */
interface StreamedNotification {
  readonly id: string;
  readonly notification: CaseNotification;
}

/** Whether `actor` is among `recipients` (a unit by id, a leader by name and post, a group by post). */
export function isRecipient(actor: Actor, recipients: readonly Recipient[]): boolean {
  return recipients.some((recipient) => {
    if ('unit' in recipient) return 'unit' in actor && actor.unit === recipient.unit;
    if (!('leader' in actor)) return false;
    if ('leader' in recipient) return recipient.leader.name === actor.leader.name && recipient.leader.post === actor.leader.post;
    return recipient.group === 'countyLeaders' || actor.leader.post === 'inCharge';
  });
}

/** The options of the notification stream. */
export interface NotificationHubOptions {
  /** How often the outbox is polled for notifications written by other processes (default 1 000 ms). */
  readonly pollMs?: number;
  /** How many delivered notifications are kept to resume a stream from `Last-Event-ID` (default 1 000). */
  readonly replay?: number;
  /** Also called for every notification delivered (an SMS gateway…); throwing leaves it in the outbox for a retry. */
  readonly onNotification?: NotificationHandler;
}

/**
 * Delivers the engine's outbox (发件箱) to the connected streams: drains it with
 * `deliverNotifications` (after every write the server makes, and every `pollMs` for writes of
 * other processes), hands each notification once to each listening client whose actor is a
 * recipient, and keeps the last `replay` of them, in delivery order, to resume a stream.
 */
export class NotificationHub {
  private readonly listeners = new Set<(message: StreamedNotification) => void>();
  private readonly recent: StreamedNotification[] = [];
  private readonly seen = new Set<string>();
  private draining: Promise<void> | undefined;
  private again = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly engine: CaseEngine,
    private readonly options: NotificationHubOptions = {},
  ) {}

  /** Starts polling the outbox. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.drain(), this.options.pollMs ?? 1000);
    this.timer.unref?.();
    void this.drain();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Drains the outbox now; a call while draining runs one more drain after it. */
  drain(): Promise<void> {
    if (this.draining !== undefined) {
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      do {
        this.again = false;
        try {
          for (;;) {
            const report = await this.engine.deliverNotifications((notification, meta) => this.deliver(notification, meta), { limit: 100 });
            if (report.delivered.length + report.retried.length + report.failed.length < 100) break;
          }
        } catch {
          // The store is away: the outbox keeps everything; the next poll tries again.
        }
      } while (this.again);
    })().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async deliver(notification: CaseNotification, meta: NotificationMeta): Promise<void> {
    await this.options.onNotification?.(notification, meta);
    // At least once from the outbox: a redelivery (a crash before settling) is dropped by its id.
    if (this.seen.has(meta.id)) return;
    const message = { id: meta.id, notification };
    this.seen.add(meta.id);
    this.recent.push(message);
    if (this.recent.length > (this.options.replay ?? 1000)) this.seen.delete(this.recent.shift()!.id);
    for (const listener of this.listeners) listener(message);
  }

  /**
   * Listens from now, after first replaying what followed `lastEventId` when it is still kept
   * (`resumed: false` when it is not: the client missed some and should reload its lists).
   */
  subscribe(lastEventId: string | undefined, listener: (message: StreamedNotification) => void): { readonly backlog: readonly StreamedNotification[]; readonly resumed: boolean; readonly stop: () => void } {
    this.listeners.add(listener);
    const stop = () => void this.listeners.delete(listener);
    if (lastEventId === undefined) return { backlog: [], resumed: true, stop };
    const index = this.recent.findIndex((message) => message.id === lastEventId);
    return index === -1 ? { backlog: [], resumed: false, stop } : { backlog: this.recent.slice(index + 1), resumed: true, stop };
  }
}

/** `GET /notifications/stream`: the caller's notifications as server-sent events (`event: notification`, `id`: the outbox id). */
export function notificationRoutes(app: Hono<ServerEnv>, hub: NotificationHub, { heartbeatMs = 15_000 } = {}): void {
  app.get('/notifications/stream', (c) => {
    queryOf(c, []);
    const actor = c.get('actor');
    const lastEventId = c.req.header('last-event-id');
    return streamSSE(c, async (stream) => {
      const queue: StreamedNotification[] = [];
      let wake: (() => void) | undefined;
      const { backlog, resumed, stop } = hub.subscribe(lastEventId, (message) => {
        if (!isRecipient(actor, message.notification.recipients)) return;
        queue.push(message);
        wake?.();
      });
      let open = true;
      stream.onAbort(() => {
        open = false;
        stop();
        wake?.();
      });
      try {
        if (!resumed) await stream.writeSSE({ event: 'reset', data: JSON.stringify({ lastEventId, reason: 'not kept any more: reload the lists' }) });
        queue.unshift(...backlog.filter((message) => isRecipient(actor, message.notification.recipients)));
        await stream.writeSSE({ event: 'ready', data: '{}', retry: 3000 });
        while (open) {
          const message = queue.shift();
          if (message !== undefined) {
            await stream.writeSSE({ event: 'notification', id: message.id, data: JSON.stringify(message.notification) });
            continue;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, heartbeatMs);
          });
          wake = undefined;
          if (open && queue.length === 0) await stream.write(': keep-alive\n\n');
        }
      } finally {
        stop();
      }
    });
  });
}
