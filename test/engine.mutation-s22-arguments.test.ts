/**
 * Every engine method names the argument it refuses, and its refusals say exactly what was
 * wrong: the `argument` in the context, the issue's `path` and `code`, the English and Chinese
 * reasons. Written against the mutants of createCaseEngine.ts that survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type CaseStore } from 'linked-enforcement';
import { applicationInput, bj, center, ev } from './_lib/cases.js';
import { testClock } from './_lib/engine.js';
import { rejectionOf } from './_lib/errors.js';

async function openedEngine() {
  const engine = createCaseEngine({ store: memoryStore(), clock: testClock(bj('2026-09-01 09:00')) });
  await engine.open(applicationInput());
  return engine;
}

describe('a malformed case id is refused naming the argument `caseId`', () => {
  const methods = {
    get: (engine: Awaited<ReturnType<typeof openedEngine>>) => engine.get('case 1'),
    history: (engine: Awaited<ReturnType<typeof openedEngine>>) => engine.history('case 1'),
    allowedEvents: (engine: Awaited<ReturnType<typeof openedEngine>>) => engine.allowedEvents('case 1', center),
    verifyAudit: (engine: Awaited<ReturnType<typeof openedEngine>>) => engine.verifyAudit('case 1'),
  };
  for (const [name, call] of Object.entries(methods)) {
    it(`by ${name}`, async () => {
      const engine = await openedEngine();
      const error = await rejectionOf(() => call(engine));
      expect(error).toMatchObject({
        code: 'INVALID_INPUT',
        message: 'Invalid caseId: caseId: must be 1–128 letters, digits, or . _ : -',
        context: { argument: 'caseId' },
        issues: [{ path: ['caseId'], message: 'must be 1–128 letters, digits, or . _ : -' }],
      });
    });
  }
});

describe('options and queries are refused naming their argument', () => {
  it('list: `query`', async () => {
    const engine = await openedEngine();
    expect(await rejectionOf(() => engine.list({ limit: 0 }))).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'query' }, issues: [{ code: 'too_small', path: ['query', 'limit'] }] });
  });

  it('verifyAll: `options`, its limit 1–1000', async () => {
    const engine = await openedEngine();
    for (const limit of [0, 1001]) {
      expect(await rejectionOf(() => engine.verifyAll({ limit }))).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'options' }, issues: [{ path: ['options', 'limit'] }] });
    }
    expect((await engine.verifyAll({ limit: 1000 })).cases).toHaveLength(1);
  });

  it('pendingNotifications: `options`; status is pending (the default), delivered or failed', async () => {
    const engine = await openedEngine();
    expect(await rejectionOf(() => engine.pendingNotifications({ status: 'sent' as never }))).toMatchObject({
      code: 'INVALID_INPUT',
      context: { argument: 'options' },
      issues: [{ path: ['options', 'status'] }],
    });
    const pending = (await engine.pendingNotifications()).map((record) => record.id);
    expect(pending).toEqual(['case-1/1/0']);
    expect((await engine.pendingNotifications({ status: 'pending' })).map((record) => record.id)).toEqual(pending);
    expect(await engine.pendingNotifications({ status: 'delivered' })).toEqual([]);
    expect(await engine.pendingNotifications({ status: 'failed' })).toEqual([]);
  });

  it('deliverNotifications without a handler, on an engine without onNotification: `handler`', async () => {
    const engine = await openedEngine();
    const message = 'pass a handler, or give the engine an onNotification hook';
    expect(await rejectionOf(() => engine.deliverNotifications())).toMatchObject({
      code: 'INVALID_INPUT',
      message: `Invalid handler: ${message}`,
      context: { argument: 'handler' },
      issues: [{ code: 'custom', path: ['handler'], message }],
    });
    // Nothing was claimed: the notification still waits.
    expect((await engine.pendingNotifications()).map((record) => record.id)).toEqual(['case-1/1/0']);
  });
});

describe('an `at` ahead of the engine’s clock', () => {
  const ahead = '2026-09-01T09:02:00.001+08:00';
  const problem = `${ahead} is ahead of the engine's clock (2026-09-01T09:00:00.000+08:00) by more than 120000 ms`;

  it('refuses an opening as INVALID_INPUT of `input`, naming `at`', async () => {
    const engine = createCaseEngine({ store: memoryStore(), clock: testClock(bj('2026-09-01 09:00')) });
    expect(await rejectionOf(() => engine.open(applicationInput({ at: ahead })))).toMatchObject({
      code: 'INVALID_INPUT',
      message: `Invalid input: at: ${problem}`,
      context: { argument: 'input', caseId: 'case-1', at: ahead, maxClockSkewMs: 120_000 },
      issues: [{ code: 'custom', path: ['input'], message: `at: ${problem}` }],
    });
  });

  it('refuses an event as INVALID_EVENT at event.at, in English and Chinese', async () => {
    const engine = await openedEngine();
    const error = await rejectionOf(() => engine.send('case-1', ev('review.pass', center, ahead)));
    expect(error).toMatchObject({
      code: 'INVALID_EVENT',
      message: `Case case-1: malformed event: at: ${problem}`,
      context: {
        caseId: 'case-1',
        type: 'review.pass',
        at: ahead,
        reason: problem,
        reasonZh: `时间：${ahead} 比引擎时钟（2026-09-01T09:00:00.000+08:00）超前超过 120000 毫秒`,
      },
    });
    expect(error.issues).toEqual([{ code: 'custom', path: ['event', 'at'], message: problem }]);
    expect((await engine.get('case-1')).version).toBe(1);
  });
});

describe('an event sent with an idempotency key must be JSON data (its request is hashed)', () => {
  it('is INVALID_EVENT at `event`, saying why in English and Chinese', async () => {
    const engine = await openedEngine();
    // Inherited, so the event's schema (which reads own keys) lets it through to the hash.
    const event = Object.assign(
      Object.create({
        toJSON() {
          throw new Error('no JSON here');
        },
      }) as object,
      { type: 'review.pass', by: center },
    );
    const reason = 'the event must be JSON data to be sent with an idempotency key: no JSON here';
    const error = await rejectionOf(() => engine.send('case-1', event as never, { idempotencyKey: 'k1' }));
    expect(error).toMatchObject({
      code: 'INVALID_EVENT',
      message: `Case case-1: Invalid event: ${reason}`,
      context: { caseId: 'case-1', reason, reasonZh: '带幂等键发送的操作须为 JSON 数据：no JSON here' },
    });
    expect(error.issues).toEqual([{ code: 'custom', path: ['event'], message: reason }]);
    expect((await engine.get('case-1')).version).toBe(1);
  });
});

describe('an opening the store will not create', () => {
  it('is VERSION_CONFLICT; a store that finds no case either says "found none"', async () => {
    const store = memoryStore();
    const refusing: CaseStore = Object.assign(Object.create(store) as CaseStore, { create: async () => ({ ok: false as const, actualVersion: null }) });
    const engine = createCaseEngine({ store: refusing, clock: testClock(bj('2026-09-01 09:00')) });
    expect(await rejectionOf(() => engine.open(applicationInput()))).toMatchObject({
      code: 'VERSION_CONFLICT',
      message: 'Case case-1: a case with this id exists (expected version 0, found none)',
      context: { caseId: 'case-1', expectedVersion: 0, actualVersion: null },
    });
  });
});
