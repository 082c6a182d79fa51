/**
 * `engine.list`'s opening-time filters (`openedFrom` inclusive, `openedTo` exclusive) outside the
 * years the engine keeps: refused, naming the filter and the instant the same way under any `TZ`
 * (a Date by its ISO text). Written against the mutants the older suites did not reach.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore } from 'linked-enforcement';
import { bj } from './_lib/cases.js';
import { testClock } from './_lib/engine.js';
import { rejectionOf } from './_lib/errors.js';

const window = 'must lie in 2000–2099 (Beijing time): the years the engine stores and the calendar reasons about';

describe('engine.list: openedFrom and openedTo outside the engine’s years', () => {
  const engine = createCaseEngine({ store: memoryStore(), clock: testClock(bj('2026-09-01 09:00')) });

  it('refuses a Date, named by its ISO text in the message and the context', async () => {
    expect(await rejectionOf(() => engine.list({ openedFrom: new Date('1999-06-01T00:00:00Z') }))).toMatchObject({
      code: 'INVALID_INPUT',
      message: `Invalid query: openedFrom: 1999-06-01T00:00:00.000Z ${window}`,
      context: { argument: 'query', openedFrom: '1999-06-01T00:00:00.000Z' },
      issues: [{ path: ['query'], message: `openedFrom: 1999-06-01T00:00:00.000Z ${window}` }],
    });
    expect(await rejectionOf(() => engine.list({ openedTo: new Date('2100-01-01T00:00:00+08:00') }))).toMatchObject({
      message: `Invalid query: openedTo: 2099-12-31T16:00:00.000Z ${window}`,
      context: { argument: 'query', openedTo: '2099-12-31T16:00:00.000Z' },
    });
  });

  it('refuses an instant as written', async () => {
    expect(await rejectionOf(() => engine.list({ openedTo: '2100-01-01T00:00:00+08:00' }))).toMatchObject({
      message: `Invalid query: openedTo: 2100-01-01T00:00:00+08:00 ${window}`,
      context: { argument: 'query', openedTo: '2100-01-01T00:00:00+08:00' },
    });
    expect(await rejectionOf(() => engine.list({ openedFrom: '1999-12-31T23:59:59.999+08:00' }))).toMatchObject({
      message: `Invalid query: openedFrom: 1999-12-31T23:59:59.999+08:00 ${window}`,
      context: { openedFrom: '1999-12-31T23:59:59.999+08:00' },
    });
  });

  it('takes the first and the last instants of the years', async () => {
    expect(await engine.list({ openedFrom: new Date('2000-01-01T00:00:00+08:00'), openedTo: '2099-12-31T23:59:59.999+08:00' })).toEqual({ items: [], nextCursor: null, failed: [] });
  });
});
