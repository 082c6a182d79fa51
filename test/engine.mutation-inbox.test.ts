/**
 * 待办 and 已办 (`engine.inbox`, `engine.done`) as the README states them, to the letter: the
 * refusals (code, context, issue path and message), the page size and when a next page exists,
 * the cursor each page hands back, the remaining working days at the deadline's boundaries, and
 * the cases that cannot be read. Written against the mutants that survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, createCaseMachine, defaultCalendar, memoryStore, type CaseEngine, type MemoryStoreData } from 'linked-enforcement';
import { applicationInput, bj, center, ev, inCharge, justice, market, police, sweeper } from './_lib/cases.js';
import { rejectionOf } from './_lib/errors.js';
import { following, testClock } from './_lib/engine.js';

const ids = (page: { items: readonly { caseId: string }[] }) => page.items.map((item) => item.caseId);

function engineAt(start: string, store = memoryStore()) {
  const clock = testClock(start);
  return { engine: following(createCaseEngine({ store, clock }), clock), clock, store };
}

/** Opens `caseId` on `day` and dispatches it with enforcement starting at `startAt`: each cooperating unit's acknowledgement is due then. */
async function dispatch(engine: CaseEngine, caseId: string, day: string, startAt: string) {
  await engine.open(applicationInput({ caseId, at: bj(`${day} 09:00`) }));
  await engine.send(caseId, ev('review.pass', center, bj(`${day} 10:00`)));
  await engine.send(caseId, ev('legal.approve', justice, bj(`${day} 11:00`)));
  await engine.send(caseId, ev('leader.approve', inCharge, bj(`${day} 12:00`)));
  await engine.send(caseId, ev('task.dispatch', center, bj(`${day} 13:00`), { place: '城东农贸市场', startAt }));
}

const base64url = (json: unknown) => Buffer.from(JSON.stringify(json)).toString('base64url');
const cursorFields = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];

const cursorRefusal = (reason: string) => ({
  code: 'INVALID_INPUT',
  message: `Invalid options: cursor: ${reason}`,
  context: { argument: 'options', reason },
  issues: [{ code: 'custom', path: ['options', 'cursor'], message: reason }],
});

describe('engine.inbox and engine.done: refusals, to the letter', () => {
  it('refuses the system as actor, naming why', async () => {
    const { engine } = engineAt(bj('2026-09-01 09:00'));
    const reason = 'must be a unit ({ unit }) or a county leader ({ leader: { name, post } }): the system owes no step (its checks are the sweep’s work)';
    for (const call of [() => engine.inbox(sweeper), () => engine.done(sweeper)]) {
      expect(await rejectionOf(call)).toMatchObject({ code: 'INVALID_INPUT', message: `Invalid actor: ${reason}`, context: { argument: 'actor' }, issues: [{ code: 'custom', path: ['actor'], message: reason }] });
    }
  });

  it('names the actor argument when it is not an actor at all', async () => {
    const { engine } = engineAt(bj('2026-09-01 09:00'));
    for (const actor of [null, { unit: '' }, 'center']) {
      for (const call of [() => engine.inbox(actor as never), () => engine.done(actor as never)]) {
        const error = await rejectionOf(call);
        expect(error, JSON.stringify(actor)).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'actor' } });
        expect(error.message, JSON.stringify(actor)).toMatch(/^Invalid actor: /u);
      }
    }
  });

  it('takes a limit of 1 to 1000 and a cursor of at most 1000 characters', async () => {
    const { engine } = engineAt(bj('2026-09-01 09:00'));
    await engine.open(applicationInput({ caseId: 'a' }));
    expect(ids(await engine.inbox(center, { limit: 1000 }))).toEqual(['a']);
    expect(ids(await engine.inbox(center, { limit: 1 }))).toEqual(['a']);
    for (const call of [() => engine.inbox(center, { limit: 1001 }), () => engine.done(center, { limit: 1001 })]) {
      expect(await rejectionOf(call)).toMatchObject({ code: 'INVALID_INPUT', issues: [{ code: 'too_big', path: ['options', 'limit'] }] });
    }
    for (const call of [() => engine.inbox(center, { cursor: 'x'.repeat(1001) }), () => engine.done(center, { cursor: 'x'.repeat(1001) })]) {
      expect(await rejectionOf(call)).toMatchObject({ code: 'INVALID_INPUT', issues: [{ code: 'too_big', path: ['options', 'cursor'] }] });
    }
    // 1000 characters pass the schema and are then not a cursor.
    expect(await rejectionOf(() => engine.inbox(center, { cursor: 'x'.repeat(1000) }))).toMatchObject(cursorRefusal('not a cursor of engine.inbox (pass nextCursor back as it is)'));
  });

  it('refuses a cursor of the other list, of another actor, or with a field changed, saying which', async () => {
    const { engine } = engineAt(bj('2026-09-01 09:00'));
    for (const caseId of ['a', 'b']) {
      await engine.open(applicationInput({ caseId }));
      await engine.send(caseId, ev('review.pass', center, bj('2026-09-01 10:00')));
    }
    const inbox = (await engine.inbox(justice, { limit: 1 })).nextCursor!;
    const done = (await engine.done(center, { limit: 1 })).nextCursor!;
    expect(inbox).not.toBeNull();
    expect(done).not.toBeNull();
    const notInbox = cursorRefusal('not a cursor of engine.inbox (pass nextCursor back as it is)');
    const notDone = cursorRefusal('not a cursor of engine.done (pass nextCursor back as it is)');
    expect(await rejectionOf(() => engine.inbox(justice, { cursor: done }))).toMatchObject(notInbox);
    expect(await rejectionOf(() => engine.done(center, { cursor: inbox }))).toMatchObject(notDone);
    expect(await rejectionOf(() => engine.inbox(market, { cursor: inbox }))).toMatchObject(cursorRefusal("it belongs to another actor's 待办"));
    expect(await rejectionOf(() => engine.done(justice, { cursor: done }))).toMatchObject(cursorRefusal("it belongs to another actor's 已办"));

    const [mark, dueMs, waitingMs, caseId, tag] = cursorFields(inbox);
    expect([mark, dueMs, waitingMs, caseId]).toEqual(['i', null, Date.parse(bj('2026-09-01 10:00')), 'a']);
    for (const fields of [
      ['i', 1.5, waitingMs, caseId, tag],
      ['i', 'soon', waitingMs, caseId, tag],
      ['i', dueMs, 2 ** 53, caseId, tag],
      ['i', dueMs, null, caseId, tag],
      ['i', dueMs, waitingMs, '', tag],
      ['i', dueMs, waitingMs, 'x'.repeat(201), tag],
      ['i', dueMs, waitingMs, 7, tag],
      ['i', dueMs, waitingMs, ['a'], tag],
      ['i', dueMs, waitingMs, caseId, 'extra', tag],
      ['i', dueMs, waitingMs, tag],
    ]) {
      expect(await rejectionOf(() => engine.inbox(justice, { cursor: base64url(fields) })), JSON.stringify(fields)).toMatchObject(notInbox);
    }
    // A case id of 200 characters and a deadline in ms are a cursor's fields; a position with a
    // deadline sorts before every case without one, so both follow it.
    expect(ids(await engine.inbox(justice, { cursor: base64url(['i', Date.parse(bj('2026-09-01 10:00')), waitingMs, 'x'.repeat(200), tag]) }))).toEqual(['a', 'b']);
    expect(ids(await engine.inbox(justice, { cursor: base64url(['i', null, waitingMs, 'a', tag]) }))).toEqual(['b']);

    const [doneMark, actedMs, doneCaseId, doneTag] = cursorFields(done);
    expect([doneMark, actedMs, doneCaseId]).toEqual(['d', Date.parse(bj('2026-09-01 10:00')), 'b']);
    for (const fields of [
      ['d', 1.5, doneCaseId, doneTag],
      ['d', null, doneCaseId, doneTag],
      ['d', actedMs, '', doneTag],
      ['d', actedMs, 'x'.repeat(201), doneTag],
      ['d', actedMs, ['b'], doneTag],
      ['d', actedMs, doneCaseId, 'extra', doneTag],
      ['i', actedMs, doneCaseId, doneTag],
    ]) {
      expect(await rejectionOf(() => engine.done(center, { cursor: base64url(fields) })), JSON.stringify(fields)).toMatchObject(notDone);
    }
    expect(ids(await engine.done(center, { cursor: base64url(['d', actedMs, 'x'.repeat(200), doneTag]) }))).toEqual(['b', 'a']);
  });
});

describe('engine.inbox and engine.done: pages', () => {
  it('holds 20 items by default; a next page exists only when more cases wait', async () => {
    const { engine } = engineAt(bj('2026-09-01 09:00'));
    const caseIds = Array.from({ length: 21 }, (_, index) => `c${String(index).padStart(2, '0')}`);
    for (const [index, caseId] of caseIds.entries()) await engine.open(applicationInput({ caseId, at: new Date(Date.parse(bj('2026-09-01 09:00')) + index * 60_000).toISOString() }));
    const first = await engine.inbox(center);
    expect(ids(first)).toEqual(caseIds.slice(0, 20));
    const second = await engine.inbox(center, { cursor: first.nextCursor! });
    expect(second).toMatchObject({ nextCursor: null, failed: [] });
    expect(ids(second)).toEqual(['c20']);
    // Exactly a page's worth: no next page.
    expect((await engine.inbox(center, { limit: 21 })).nextCursor).toBeNull();
    const page = await engine.inbox(center, { limit: 20 });
    // The cursor names the last case of the page: the next page starts after it.
    expect(cursorFields(page.nextCursor!).slice(0, 4)).toEqual(['i', null, Date.parse(bj('2026-09-01 09:19')), 'c19']);

    for (const caseId of caseIds) await engine.send(caseId, ev('review.pass', center, bj('2026-09-01 10:00')));
    const done = await engine.done(center);
    expect(done.items).toHaveLength(20);
    expect(cursorFields(done.nextCursor!).slice(0, 3)).toEqual(['d', Date.parse(bj('2026-09-01 10:00')), done.items[19]!.caseId]);
    expect((await engine.done(center, { cursor: done.nextCursor! })).nextCursor).toBeNull();
    expect((await engine.done(center, { limit: 21 })).nextCursor).toBeNull();
  });

  it('gives each item the README’s fields, with the deadline’s remaining working days at its boundaries', async () => {
    const { engine, clock } = engineAt(bj('2026-09-01 09:00'));
    // Acknowledgements due Tuesday 2026-09-08 09:00.
    await dispatch(engine, 'c1', '2026-09-01', bj('2026-09-08 09:00'));
    const at = async (instant: string) => {
      clock.set(instant);
      return (await engine.inbox(police)).items[0]!.deadline;
    };
    expect(await at(bj('2026-09-07 09:00'))).toMatchObject({ status: 'pending', remainingWorkingDays: 1 });
    expect(await at(bj('2026-09-08 08:59'))).toMatchObject({ status: 'pending', remainingWorkingDays: 0 });
    // Passed this morning: one day late until the day is counted.
    expect(await at(bj('2026-09-08 10:00'))).toMatchObject({ status: 'overdue', remainingWorkingDays: -1 });
    expect(await at(bj('2026-09-09 10:00'))).toMatchObject({ status: 'overdue', remainingWorkingDays: -1 });
    expect(await at(bj('2026-09-10 10:00'))).toMatchObject({ status: 'overdue', remainingWorkingDays: -2 });
    const item = (await engine.inbox(police)).items[0]!;
    expect(item).toEqual({
      caseId: 'c1',
      version: 5,
      title: '城东农贸市场安全综合执法',
      itemNo: 1,
      state: 'enforcing.planning',
      stateLabel: { zh: '起草工作方案', en: 'Drafting the work plan' },
      events: ['unit.acknowledge'],
      waitingSince: bj('2026-09-01 13:00'),
      deadline: expect.objectContaining({ kind: 'acknowledgement', unit: 'public-security', dueAt: expect.stringMatching(/^2026-09-08T09:00/), dueDate: '2026-09-08', status: 'overdue' }),
    });
    // The command center owes nothing here: no deadline of its own.
    expect((await engine.done(center)).items[0]).toEqual({
      caseId: 'c1',
      version: 5,
      title: '城东农贸市场安全综合执法',
      itemNo: 1,
      state: 'enforcing.planning',
      stateLabel: { zh: '起草工作方案', en: 'Drafting the work plan' },
      status: 'active',
      lastActedAt: expect.stringMatching(/^2026-09-01T13:00/),
      events: expect.arrayContaining(['case.urge']),
    });
  });

  it('reports a case it cannot read in `failed`, with its code and message, and lists the others', async () => {
    const { engine, store } = engineAt(bj('2026-09-01 09:00'));
    await engine.open(applicationInput({ caseId: 'good' }));
    await engine.open(applicationInput({ caseId: 'bad', at: bj('2026-09-01 09:30') }));
    await engine.send('good', ev('review.pass', center, bj('2026-09-01 10:00')));
    await engine.send('bad', ev('review.pass', center, bj('2026-09-01 10:00')));
    const data = store.toJSON() as MemoryStoreData;
    const snapshot = data.cases.bad!.envelope.snapshot as { value: unknown };
    snapshot.value = 'noSuchState';
    const spoilt = structuredClone(data);
    // And a copy written before 0.4 (no 待办 index): the engine indexes it first, and cannot.
    const old = structuredClone(data);
    for (const record of Object.values(old.cases)) {
      delete (record.summary as { actors?: unknown }).actors;
      delete (record.summary as { participants?: unknown }).participants;
    }
    for (const [name, reloaded] of [['spoilt', spoilt], ['before 0.4', old]] as const) {
      const again = createCaseEngine({ store: memoryStore({ data: reloaded }), clock: testClock(bj('2026-09-01 11:00')) });
      const failure = { caseId: 'bad', code: 'INCOMPATIBLE_SNAPSHOT', message: expect.stringContaining('bad') };
      const inbox = await again.inbox(justice);
      expect(ids(inbox), name).toEqual(['good']);
      expect(inbox.failed, name).toEqual([failure]);
      const done = await again.done(center);
      expect(ids(done), name).toEqual(['good']);
      // Before 0.4 each call tries the unindexed case again (it may have been repaired), and reports it again.
      expect(done.failed, name).toEqual([failure]);
    }
  });

  it('a store that fails while the engine indexes older cases or reads a page is STORE_UNAVAILABLE, not a failed case', async () => {
    const { engine, store } = engineAt(bj('2026-09-01 09:00'));
    await engine.open(applicationInput({ caseId: 'a' }));
    const data = store.toJSON();
    const old = structuredClone(data);
    delete (old.cases.a!.summary as { actors?: unknown }).actors;
    const broken = (base: ReturnType<typeof memoryStore>, method: 'indexCase' | 'load') =>
      Object.assign(Object.create(base) as ReturnType<typeof memoryStore>, {
        [method]: () => Promise.reject(new Error('connection reset')),
      });
    const failing = { code: 'STORE_UNAVAILABLE', message: expect.stringContaining('connection reset') };
    for (const [name, reloaded] of [
      ['indexCase', broken(memoryStore({ data: structuredClone(old) }), 'indexCase')],
      ['load while indexing', broken(memoryStore({ data: structuredClone(old) }), 'load')],
    ] as const) {
      const again = createCaseEngine({ store: reloaded, clock: testClock(bj('2026-09-01 10:00')) });
      expect(await rejectionOf(() => again.inbox(center)), name).toMatchObject(failing);
      expect(await rejectionOf(() => again.done(market)), name).toMatchObject(failing);
    }
    // A page's rows read through a cache that misses: the row's own envelope is restored, nothing is loaded.
    const indexed = createCaseEngine({ store: broken(memoryStore({ data: structuredClone(data) }), 'load'), clock: testClock(bj('2026-09-01 10:00')) });
    expect(ids(await indexed.inbox(center))).toEqual(['a']);
    expect(ids(await indexed.done(market))).toEqual(['a']);
  });

  it('counts the remaining working days on the machine’s own calendar, and lets its failure through untouched', async () => {
    let answer: () => number = () => 99;
    const calendar = {
      deadline: (start: string, workingDays: number) => defaultCalendar.deadline(start, workingDays),
      workingDaysBetween: () => answer(),
    };
    const clock = testClock(bj('2026-09-01 09:00'));
    const store = memoryStore();
    const engine = following(createCaseEngine({ store, clock, machine: createCaseMachine({ calendar }) }), clock);
    await dispatch(engine, 'c1', '2026-09-01', bj('2026-09-08 09:00'));
    expect((await engine.inbox(police)).items[0]!.deadline).toMatchObject({ status: 'pending', remainingWorkingDays: 99 });
    clock.set(bj('2026-09-10 10:00'));
    expect((await engine.inbox(police)).items[0]!.deadline).toMatchObject({ status: 'overdue', remainingWorkingDays: -99 });
    answer = () => 0;
    expect((await engine.inbox(police)).items[0]!.deadline).toMatchObject({ status: 'overdue', remainingWorkingDays: -1 });
    // A calendar that only computes deadlines (all the machine needs): the days are counted on the default calendar.
    const deadlinesOnly = { deadline: calendar.deadline };
    const plain = createCaseEngine({ store, clock, machine: createCaseMachine({ calendar: deadlinesOnly }) });
    expect((await plain.inbox(police)).items[0]!.deadline).toMatchObject({ status: 'overdue', remainingWorkingDays: -2 });
    // A calendar's bug is the caller's to see, not a case reported as unreadable.
    answer = () => {
      throw new TypeError('calendar broke');
    };
    await expect(engine.inbox(police)).rejects.toThrow(new TypeError('calendar broke'));
  });

  it('已办 dates each case by the case itself, not by a stale index row; a row the case does not back keeps its own date', async () => {
    const { engine, store } = engineAt(bj('2026-09-01 09:00'));
    await engine.open(applicationInput({ caseId: 'a' }));
    await engine.send('a', ev('review.pass', center, bj('2026-09-01 10:00')));
    await engine.open(applicationInput({ caseId: 'b', at: bj('2026-09-01 11:00') }));
    const stale = Object.assign(Object.create(store) as typeof store, {
      done: async (query: Parameters<NonNullable<typeof store.done>>[0]) => {
        const rows = await store.done!(query);
        // The index lags the case (an older date), and names a case the actor never acted on.
        const other = (await store.load('b', { logFrom: 1 }))!;
        return [...rows.map((row) => ({ ...row, lastActedAt: bj('2026-09-01 09:30') })), { caseId: 'b', lastActedAt: bj('2026-09-01 08:00'), envelope: other.envelope, entries: other.entries! }];
      },
    });
    const page = await createCaseEngine({ store: stale, clock: testClock(bj('2026-09-01 12:00')) }).done(center);
    expect(page.failed).toEqual([]);
    expect(page.items.map((item) => [item.caseId, item.lastActedAt])).toEqual([
      ['a', bj('2026-09-01 10:00')],
      ['b', bj('2026-09-01 08:00')],
    ]);
  });
});
