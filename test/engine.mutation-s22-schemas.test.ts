/**
 * The engine's public schemas at their limits: an audit entry's `type`, `event`, `from`, `to` and
 * notifications; `engine.list`'s `state` and `origin` (names, never other values that read as
 * them); `engine.stats`' dates in 2000–2099, both ends included; and the issue codes of
 * `createCaseEngine`'s migration checks. Written against the mutants of schemas.ts,
 * statsSchemas.ts and engineOptions.ts that survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { auditEntrySchema, createCaseEngine, memoryStore, type AuditEntry } from 'linked-enforcement';
import { applicationInput, bj } from './_lib/cases.js';
import { testClock } from './_lib/engine.js';
import { rejectionOf, thrown } from './_lib/errors.js';

async function openedEngine() {
  const engine = createCaseEngine({ store: memoryStore(), clock: testClock(bj('2026-09-01 09:00')) });
  await engine.open(applicationInput());
  return engine;
}

describe('auditEntrySchema', () => {
  let opening: AuditEntry;
  const pathsOf = (entry: unknown) => {
    const result = auditEntrySchema.safeParse(entry);
    return result.success ? 'accepted' : result.error.issues.map((issue) => issue.path.join('.'));
  };

  it('takes the entry the engine wrote', async () => {
    opening = (await (await openedEngine()).history('case-1'))[0]!;
    expect(pathsOf(opening)).toBe('accepted');
    expect(opening).toMatchObject({ type: 'case.open', from: null, to: 'preliminaryReview' });
  });

  it('needs a type that is a non-empty string', () => {
    expect(pathsOf({ ...opening, type: '' })).toEqual(['type']);
    expect(pathsOf({ ...opening, type: 7 })).toEqual(['type']);
    expect(pathsOf({ ...opening, type: 'x' })).toBe('accepted');
  });

  it('needs the event as an object: not null, not text', () => {
    expect(pathsOf({ ...opening, event: null })).toEqual(['event']);
    expect(pathsOf({ ...opening, event: 'case.open' })).toEqual(['event']);
    expect(pathsOf({ ...opening, event: {} })).toBe('accepted');
  });

  it('needs `from` as a state path or null, and `to` as a state path', () => {
    expect(pathsOf({ ...opening, from: 0 })).toEqual(['from']);
    expect(pathsOf({ ...opening, from: 'preliminaryReview' })).toBe('accepted');
    expect(pathsOf({ ...opening, to: null })).toEqual(['to']);
    expect(pathsOf({ ...opening, to: 3 })).toEqual(['to']);
  });

  it('needs each notification as an object', () => {
    expect(pathsOf({ ...opening, notifications: [null] })).toEqual(['notifications.0']);
    expect(pathsOf({ ...opening, notifications: ['message'] })).toEqual(['notifications.0']);
    expect(pathsOf({ ...opening, notifications: [] })).toBe('accepted');
  });
});

describe('engine.list: state and origin by name only', () => {
  it('refuses a state given as a list holding its name (which reads as the name as a key)', async () => {
    const engine = await openedEngine();
    expect(await rejectionOf(() => engine.list({ state: ['preliminaryReview'] as never }))).toMatchObject({
      code: 'INVALID_INPUT',
      context: { argument: 'query' },
      issues: [{ code: 'custom', path: ['query', 'state'] }],
    });
    expect((await engine.list({ state: 'preliminaryReview' })).items.map((view) => view.caseId)).toEqual(['case-1']);
  });

  it('refuses an origin that is not one, or a list holding one', async () => {
    const engine = await openedEngine();
    for (const origin of ['nonsense', ['application']]) {
      expect(await rejectionOf(() => engine.list({ origin: origin as never }))).toMatchObject({
        code: 'INVALID_INPUT',
        context: { argument: 'query' },
        issues: [{ code: 'custom', path: ['query', 'origin'] }],
      });
    }
    expect((await engine.list({ origin: 'application' })).items.map((view) => view.caseId)).toEqual(['case-1']);
    expect((await engine.list({ origin: 'emergency' })).items).toEqual([]);
  });
});

describe('engine.stats: Beijing dates from 2000-01-01 to 2099-12-31, both included', () => {
  it('takes the first and the last day', async () => {
    const engine = await openedEngine();
    expect((await engine.stats({ from: '2000-01-01', to: '2000-01-01', by: 'month' })).total.opened).toBe(0);
    expect((await engine.stats({ from: '2099-12-31', to: '2099-12-31', by: 'month' })).total.opened).toBe(0);
    expect((await engine.stats({ from: '2000-01-01', to: '2099-12-31', by: 'month' })).total.opened).toBe(1);
  });

  it('refuses the day before and the day after, naming the field', async () => {
    const engine = await openedEngine();
    const message = 'must be a date YYYY-MM-DD in 2000–2099 (Beijing)';
    expect(await rejectionOf(() => engine.stats({ from: '1999-12-31', to: '2000-01-01', by: 'month' }))).toMatchObject({
      code: 'INVALID_INPUT',
      context: { argument: 'query' },
      issues: [{ path: ['query', 'from'], message }],
    });
    expect(await rejectionOf(() => engine.stats({ from: '2099-12-31', to: '2100-01-01', by: 'month' }))).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: ['query', 'to'], message }],
    });
  });
});

describe('createCaseEngine: the migration checks are custom issues at options.migrations.<index>', () => {
  const same = (snapshot: unknown) => snapshot;

  it('one that does not go up', () => {
    expect(thrown(() => createCaseEngine({ migrations: [{ from: 2, to: 2, migrate: same }] }))).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ code: 'custom', path: ['options', 'migrations', 0], message: 'goes from 2 to 2: "to" must be greater' }],
    });
  });

  it('one that goes beyond machineVersion', () => {
    expect(thrown(() => createCaseEngine({ machineVersion: 3, migrations: [{ from: 3, to: 4, migrate: same }] }))).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ code: 'custom', path: ['options', 'migrations', 0], message: 'goes to 4, beyond machineVersion 3' }],
    });
  });
});
