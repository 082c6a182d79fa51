/**
 * What the engine fuzz (test/fuzz.engine.test.ts, test/fuzz.machine.test.ts) found, one test each:
 * every one of these once gave something other than a LinkedEnforcementError, took seconds, wrote
 * to the console, or made a stored write look failed.
 */
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCaseEngine, memoryStore, type CaseEngine, type CaseStore, type MemoryStoreData } from 'linked-enforcement';
import { applicationInput, bj, center } from './_lib/cases.js';
import { testClock } from './_lib/engine.js';
import { rejectionOf, thrown } from './_lib/errors.js';
import { trapProxy } from './_lib/hostile.js';

const revoked = (() => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
})();
const withThrowingGetter = Object.defineProperty({ type: 'case.urge', by: center }, 'unit', {
  enumerable: true,
  get() {
    throw new Error('getter');
  },
});
class ThrowingDate extends Date {
  override getTime(): number {
    throw new Error('getTime');
  }
}
const urge = { type: 'case.urge', by: center, unit: 'justice' } as const;

async function opened(options: Parameters<typeof createCaseEngine>[0] = {}): Promise<CaseEngine> {
  const engine = createCaseEngine({ clock: testClock(bj('2026-09-02 09:00')), ...options });
  await engine.open(applicationInput());
  return engine;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('engine arguments that throw when read', () => {
  it('an event or an opening input holding a Proxy whose traps throw, a revoked Proxy or a throwing getter is INVALID_EVENT / INVALID_INPUT (unreadable)', async () => {
    const engine = await opened();
    for (const hostile of [trapProxy, revoked]) {
      const refused = await rejectionOf(() => engine.send('case-1', { ...urge, unit: hostile } as never));
      expect(refused).toMatchObject({ code: 'INVALID_EVENT', issues: [{ code: 'unreadable', path: ['event', 'unit'] }] });
      expect(await rejectionOf(() => engine.send('case-1', hostile as never))).toMatchObject({ code: 'INVALID_EVENT' });
      expect(await rejectionOf(() => engine.open({ ...applicationInput({ caseId: 'case-2' }), by: hostile } as never))).toMatchObject({ code: 'INVALID_INPUT', issues: [{ code: 'unreadable' }] });
    }
    expect(await rejectionOf(() => engine.send('case-1', withThrowingGetter as never))).toMatchObject({ code: 'INVALID_EVENT', issues: [{ path: ['event', 'unit'] }] });
    expect((await engine.get('case-1')).version).toBe(1);
  });

  it('sweep(now) with a Proxy of a Date or an object whose prototype cannot be read is INVALID_INPUT; a Date whose getTime is overridden is read as the Date it is', async () => {
    const engine = await opened();
    for (const now of [new Proxy(new Date(bj('2026-09-02 09:00')), {}), trapProxy]) {
      expect(await rejectionOf(() => engine.sweep(now as never))).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'now' } });
    }
    expect((await engine.sweep(new ThrowingDate(bj('2026-09-02 08:00')))).now).toBe('2026-09-02T08:00:00.000+08:00');
    // A Date from another realm (a vm context, an iframe) is a Date all the same.
    const otherRealm = runInNewContext(`new Date(${Date.parse(bj('2026-09-02 09:00'))})`) as Date;
    expect((await engine.sweep(otherRealm)).now).toBe('2026-09-02T09:00:00.000+08:00');
  });

  it('a clock whose now() throws or hands back a Proxy of a Date is INVALID_INPUT naming the clock', async () => {
    for (const now of [
      () => {
        throw new Error('clock down');
      },
      () => new Proxy(new Date(), {}),
    ]) {
      const engine = createCaseEngine({ clock: { now } });
      expect(await rejectionOf(() => engine.open(applicationInput()))).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'clock' } });
    }
  });

  it('an event whose toJSON throws (inherited: the schema sees only own keys), sent with an idempotency key, is INVALID_EVENT (the request hash needs JSON)', async () => {
    const engine = await opened();
    const event = Object.assign(
      Object.create({
        toJSON() {
          throw new Error('toJSON');
        },
      }) as object,
      { type: 'review.pass', by: center },
    );
    expect(await rejectionOf(() => engine.send('case-1', event as never, { idempotencyKey: 'k1' }))).toMatchObject({ code: 'INVALID_EVENT', context: { caseId: 'case-1' } });
    expect((await engine.get('case-1')).version).toBe(1);
    // Without a key nothing hashes the request: the event is sent as its own keys say.
    expect((await engine.send('case-1', event as never)).version).toBe(2);
  });

  it('createCaseEngine refuses a million migrations at once, quickly', () => {
    const started = performance.now();
    expect(thrown(() => createCaseEngine({ migrations: new Array(1_000_000) as never }))).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'options' } });
    // Not a timing test: a ceiling far above the few milliseconds it takes, far below the seconds it took.
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});

describe('hooks that throw', () => {
  it('an onHookError that throws too does not turn a stored write into a failure: open and send return, the notifications wait in the outbox', async () => {
    const fail = (what: string) => () => {
      throw new Error(`${what} is down`);
    };
    const engine = createCaseEngine({ clock: testClock(bj('2026-09-02 09:00')), onNotification: fail('the SMS gateway'), onHookError: fail('the error log') });
    expect((await engine.open(applicationInput())).version).toBe(1);
    expect((await engine.send('case-1', { type: 'review.pass', by: center })).version).toBe(2);
    expect((await engine.pendingNotifications()).map((record) => record.id)).toEqual(['case-1/1/0', 'case-1/2/0']);
  });
});

describe('refusals stay quiet', () => {
  it('an event sent to a closed case is NOT_ALLOWED without XState warning on the console (its development build)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const engine = await opened();
    await engine.send('case-1', { type: 'review.reject', by: center, reason: '不属于联动执法事项' });
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(await rejectionOf(() => engine.send('case-1', urge))).toMatchObject({ code: 'NOT_ALLOWED', context: { reason: 'the case is closed (rejected)' } });
    }
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('memoryStore({ data }) takes only a memory store’s JSON', () => {
  async function data(): Promise<MemoryStoreData> {
    const store = memoryStore();
    await createCaseEngine({ store, clock: testClock(bj('2026-09-02 09:00')) }).open(applicationInput());
    return store.toJSON();
  }

  it('options or data that throw when read are INVALID_INPUT', () => {
    expect(thrown(() => memoryStore(trapProxy as never))).toMatchObject({ code: 'INVALID_INPUT' });
    expect(thrown(() => memoryStore({ data: { format: 'linked-enforcement/memory-store@2', cases: { x: revoked } } } as never))).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('data holding what JSON cannot (a Set, a Date, Infinity, a function) deep in a case or the outbox is INVALID_INPUT', async () => {
    const good = await data();
    const spoilt = (change: (copy: MemoryStoreData) => void) => {
      const copy = structuredClone(good);
      change(copy);
      return copy;
    };
    for (const bad of [
      spoilt((copy) => void ((copy.cases['case-1']!.envelope as Record<string, unknown>).format = new Set())),
      spoilt((copy) => void ((copy.cases['case-1']!.audit[0] as Record<string, unknown>).at = new Date())),
      spoilt((copy) => void ((copy.cases['case-1']!.summary as unknown as Record<string, unknown>).version = Infinity)),
      spoilt((copy) => void ((copy.outbox![0] as unknown as Record<string, unknown>).notification = new Map())),
      { ...good, cases: { 'case-1': { ...good.cases['case-1']!, envelope: { ...good.cases['case-1']!.envelope, f: () => 1 } } } },
    ]) {
      expect(thrown(() => memoryStore({ data: bad }))).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'options' } });
    }
  });
});

describe('a custom store whose answers CaseStore does not allow', () => {
  /** A memory store whose `method` answers what `spoil` makes of the real answer. */
  function spoiltStore(method: keyof CaseStore, spoil: (answer: unknown) => unknown): CaseStore {
    const inner = memoryStore();
    return new Proxy(inner, {
      get(target, key) {
        const value = Reflect.get(target, key, target) as unknown;
        if (typeof value !== 'function') return value;
        return key === method ? async (...args: unknown[]) => spoil(await (value as (...a: unknown[]) => unknown).apply(target, args)) : value.bind(target);
      },
    });
  }
  const eachRow = (change: (row: Record<string, unknown>) => unknown) => (answer: unknown) => (answer as Record<string, unknown>[]).map(change);
  const spoilers = {
    'null instead of rows': () => null,
    'an object instead of rows': () => ({ length: 1 }),
    'a null row': eachRow(() => null),
    'a row without a case id': eachRow(({ caseId: _, ...row }) => row),
    'a row whose sort key is not an instant': eachRow((row) => ({ ...row, openedAt: 'soon', waitingSince: 'soon', lastActedAt: 'soon' })),
    'a row that throws when read': eachRow(() => trapProxy),
  };
  const calls = {
    list: (engine: CaseEngine) => engine.list(),
    inbox: (engine: CaseEngine) => engine.inbox({ unit: 'justice' }),
    done: (engine: CaseEngine) => engine.done(center),
  } as const;

  it('list, inbox (待办) and done (已办) fail with STORE_UNAVAILABLE naming the store, the method and what was wrong, never a TypeError', async () => {
    for (const [method, call] of Object.entries(calls)) {
      for (const [what, spoil] of Object.entries(spoilers)) {
        const engine = await opened({ store: spoiltStore(method as keyof CaseStore, spoil) });
        await engine.send('case-1', { type: 'review.pass', by: center });
        const refused = await rejectionOf(() => call(engine));
        expect(refused, `${method}: ${what}`).toMatchObject({ code: 'STORE_UNAVAILABLE', context: { store: 'memory', operation: method, retryable: false, outcome: 'not-applied' } });
        expect(refused.message, `${method}: ${what}`).toContain(`The memory store answered ${method}() with what CaseStore does not allow`);
      }
    }
  });

  it('a row with its case id but a malformed envelope goes to the page’s failed (INCOMPATIBLE_SNAPSHOT), as before', async () => {
    for (const [method, call] of Object.entries(calls)) {
      const engine = await opened({ store: spoiltStore(method as keyof CaseStore, eachRow((row) => ({ ...row, envelope: { version: 'two' } }))) });
      await engine.send('case-1', { type: 'review.pass', by: center });
      expect(await call(engine), method).toMatchObject({ items: [], failed: [{ caseId: 'case-1', code: 'INCOMPATIBLE_SNAPSHOT' }] });
    }
  });

  it('sweep (claimDue), stats (stats, statsBacklog) and get (load) fail with STORE_UNAVAILABLE on an answer of the wrong shape', async () => {
    const cases: [keyof CaseStore, (answer: unknown) => unknown, (engine: CaseEngine) => Promise<unknown>][] = [
      ['claimDue', () => ({}), (engine) => engine.sweep()],
      ['claimDue', () => [7], (engine) => engine.sweep()],
      ['stats', () => null, (engine) => engine.stats({ from: '2026-09-01', to: '2026-09-30', by: 'leadUnit' })],
      ['stats', eachRow((group) => ({ ...group, opened: 'one' })), (engine) => engine.stats({ from: '2026-09-01', to: '2026-09-30', by: 'leadUnit' })],
      ['stats', eachRow(() => trapProxy), (engine) => engine.stats({ from: '2026-09-01', to: '2026-09-30', by: 'leadUnit' })],
      ['statsBacklog', () => 'case-1', (engine) => engine.stats({ from: '2026-09-01', to: '2026-09-30', by: 'leadUnit' })],
      ['load', () => null, (engine) => engine.get('case-1')],
    ];
    for (const [method, spoil, call] of cases) {
      const engine = await opened({ store: spoiltStore(method, spoil) });
      expect(await rejectionOf(() => call(engine)), method).toMatchObject({ code: 'STORE_UNAVAILABLE', context: { store: 'memory', operation: method } });
    }
  });
});
