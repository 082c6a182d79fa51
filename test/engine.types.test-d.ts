import pg from 'pg';
import { describe, expectTypeOf, it } from 'vitest';
import { postgresStore, type PgPool } from '../src/store/postgres/index.js';
import {
  createCaseEngine,
  type AuditProblemKind,
  type AuditSweep,
  type AuditVerification,
  type DeliveryReport,
  type NotificationHandler,
  type NotificationMeta,
  type OutboxRecord,
  type CaseEngine,
  type CaseEventType,
  type CaseNotification,
  type CaseStatePath,
  type CaseView,
  type CaseViewData,
  type SendResult,
} from 'linked-enforcement';

const engine = createCaseEngine();
const center = { unit: 'command-center' } as const;

describe('engine types', () => {
  it('takes events without `at` and types the results', () => {
    expectTypeOf(engine).toEqualTypeOf<CaseEngine>();
    expectTypeOf(engine.send('c1', { type: 'review.pass', by: center })).resolves.toEqualTypeOf<SendResult>();
    expectTypeOf(engine.send('c1', { type: 'review.reject', by: center, reason: '不符合' }, { expectedVersion: 2, idempotencyKey: 'k' })).resolves.toMatchTypeOf<CaseView>();
    expectTypeOf(engine.open({ caseId: 'c1', title: 't', origin: 'centerInitiated', reason: '工作需要', by: center })).resolves.toEqualTypeOf<SendResult>();
    // @ts-expect-error opening is an act: engine.open needs who opens the case
    void engine.open({ caseId: 'c1', title: 't', origin: 'centerInitiated', reason: '工作需要' });
    expectTypeOf<SendResult['notifications']>().toEqualTypeOf<readonly CaseNotification[]>();
    expectTypeOf<CaseView['allowedEvents']>().returns.toEqualTypeOf<CaseEventType[]>();
    expectTypeOf<CaseViewData['state']>().toEqualTypeOf<CaseStatePath>();
    expectTypeOf(engine.verifyAudit('c1')).resolves.toEqualTypeOf<AuditVerification>();
  });

  it('types the outbox and the audit', async () => {
    expectTypeOf(engine.deliverNotifications).parameter(0).toEqualTypeOf<NotificationHandler | undefined>();
    expectTypeOf<Parameters<NotificationHandler>[1]>().toEqualTypeOf<NotificationMeta>();
    expectTypeOf<NotificationMeta['id']>().toEqualTypeOf<string>();
    expectTypeOf(engine.deliverNotifications()).resolves.toEqualTypeOf<DeliveryReport>();
    expectTypeOf(engine.pendingNotifications({ status: 'failed' })).resolves.toEqualTypeOf<OutboxRecord[]>();
    expectTypeOf<OutboxRecord['status']>().toEqualTypeOf<'pending' | 'delivered' | 'failed'>();
    expectTypeOf<AuditVerification['problems'][number]['kind']>().toEqualTypeOf<AuditProblemKind>();
    expectTypeOf(engine.verifyAll({ limit: 10 })).resolves.toEqualTypeOf<AuditSweep>();
    // @ts-expect-error an unknown notification status
    void engine.pendingNotifications({ status: 'lost' });
    // @ts-expect-error an unknown delivery option
    createCaseEngine({ delivery: { retries: 3 } });
    expectTypeOf(createCaseEngine).parameter(0).toMatchTypeOf<{ maxClockSkewMs?: number } | undefined>();
  });

  it('refuses events that cannot be right', () => {
    // @ts-expect-error an unknown event type
    void engine.send('c1', { type: 'review.maybe', by: center });
    // @ts-expect-error review.reject needs a reason
    void engine.send('c1', { type: 'review.reject', by: center });
    // @ts-expect-error `by` is required
    void engine.send('c1', { type: 'review.pass' });
    // @ts-expect-error expectedVersion is a number
    void engine.send('c1', { type: 'review.pass', by: center }, { expectedVersion: '2' });
    // @ts-expect-error an unknown list filter
    void engine.list({ county: '泗阳' });
  });

  it('takes a pg Pool as the postgres store’s pool', () => {
    expectTypeOf<pg.Pool>().toMatchTypeOf<PgPool>();
    expectTypeOf(postgresStore).parameter(0).toMatchTypeOf<{ pool: PgPool }>();
  });
});
