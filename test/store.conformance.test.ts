/**
 * One conformance suite, run against every case store: the memory store always, the
 * PostgreSQL store when DATABASE_URL points at a server (CI starts one; see .ci/run).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import type { CaseNotification } from '../machines/types.js';
import {
  CASE_MACHINE_VERSION,
  createCaseEngine,
  isLinkedEnforcementError,
  memoryStore,
  type AuditVerification,
  type CaseEngine,
  type CaseEngineOptions,
  type CaseStore,
  type SendResult,
} from 'linked-enforcement';
import { applicationInput, bj, center, ev, fire, inCharge, item1Plan, justice, market, police } from './_lib/cases.js';
import { rejectionOf } from './_lib/errors.js';
import { following, testClock, toReporting } from './_lib/engine.js';
import { memoryHarness, postgresHarness, type Json } from './_lib/storeHarness.js';

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl === undefined) {
  console.warn(
    '\n[store conformance] DATABASE_URL is not set: SKIPPING the PostgreSQL store suite. `npm run db:start` starts a throw-away server that `npm test` then uses (README.md, "Running the PostgreSQL suite"); CI starts one the same way.\n',
  );
}


const uid = () => `case-${randomBytes(4).toString('hex')}`;

/** An engine on `store` whose clock starts at `start` and follows the dates of the story it is told. */
function engineAt(store: CaseStore, start: string, options: Omit<CaseEngineOptions, 'store' | 'clock'> = {}) {
  const clock = testClock(start);
  return { engine: following(createCaseEngine({ store, clock, ...options }), clock), clock };
}


/** Writers race on one case, `rounds` times; each round every writer sends an urge pinned to the same version. */
async function race(engines: CaseEngine[], caseId: string, rounds: number, pinned: boolean) {
  const perRound: { winners: number; conflicts: number; other: unknown[] }[] = [];
  for (let round = 0; round < rounds; round++) {
    const { version } = await engines[0]!.get(caseId);
    const results = await Promise.allSettled(
      engines.map((engine, writer) =>
        engine.send(caseId, { type: 'case.urge', by: center, unit: 'justice', message: `r${round}w${writer}` }, pinned ? { expectedVersion: version } : {}),
      ),
    );
    const rejected = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected').map((result) => result.reason as unknown);
    perRound.push({
      winners: results.filter((result) => result.status === 'fulfilled').length,
      conflicts: rejected.filter((reason) => isLinkedEnforcementError(reason, 'VERSION_CONFLICT')).length,
      other: rejected.filter((reason) => !isLinkedEnforcementError(reason, 'VERSION_CONFLICT')),
    });
  }
  return perRound;
}

/** What every race must leave: versions 1…n without gaps, one entry each, a verifiable chain, the history in step. */
async function checkLog(engine: CaseEngine, caseId: string) {
  const view = await engine.get(caseId);
  const log = await engine.history(caseId);
  const verdict = await engine.verifyAudit(caseId);
  return {
    gapFree: log.every((entry, index) => entry.version === index + 1) && log.length === view.version,
    historyInStep: view.history.length === view.version,
    verified: verdict.ok,
    messages: log.filter((entry) => entry.type === 'case.urge').map((entry) => (entry.event as { message: string }).message),
  };
}

for (const harness of [memoryHarness(), postgresHarness(databaseUrl)]) {
  describe.skipIf(harness.skip)(`store conformance: ${harness.name}`, () => {
    it('writes a case at version 1, refuses a second create and a stale or unknown commit (compare-and-set)', async () => {
      const store = await harness.create();
      const engine = createCaseEngine({ store, clock: testClock(bj('2026-09-01 09:30')) });
      const caseId = uid();
      const opened = await engine.open(applicationInput({ caseId }));
      const loaded = await store.load(caseId);
      expect(loaded?.envelope).toMatchObject({ machineId: 'linkedEnforcementCase', machineVersion: CASE_MACHINE_VERSION, version: 1, nextDueAt: null });
      expect(await store.load('nope')).toBeUndefined();
      const log = await store.audit(caseId);
      expect(log?.entries).toHaveLength(1);
      const next = await engine.send(caseId, { type: 'review.pass', by: center });
      const summary = {
        caseId, version: 2, state: 'legalReview', stage: 'legalReview', status: 'active', units: ['market-regulation'],
        nextDueAt: null, hasOverdue: false, openedAt: bj('2026-09-01 09:00'), updatedAt: bj('2026-09-01 09:30'),
      };
      const replayWrite = { caseId, envelope: (await store.load(caseId))!.envelope, summary, entry: (await store.audit(caseId))!.entries[1], outbox: [] } as never;
      expect(await store.create(replayWrite)).toEqual({ ok: false, actualVersion: 2 });
      expect(await store.commit(replayWrite, 1)).toEqual({ ok: false, actualVersion: 2 });
      expect(await store.commit({ ...(replayWrite as object), caseId: 'nope' } as never, 1)).toEqual({ ok: false, actualVersion: null });
      expect([opened.version, next.version]).toEqual([1, 2]);
      expect(await engine.verifyAudit(caseId)).toMatchObject({ ok: true });
    });

    it('keeps stored text exactly (Chinese, emoji, quotes, a NUL character) and the chain verifiable', async () => {
      const store = await harness.create();
      const { engine } = engineAt(store, bj('2026-09-01 09:30'));
      const caseId = uid();
      await engine.open(applicationInput({ caseId, title: '城东 "农贸" 市场 😀 \\ 含\u0000空字符' }));
      const rejected = await engine.send(caseId, ev('review.reject', center, bj('2026-09-01 11:00'), { reason: '理由：\u0000\u2028\ud83d\ude00' }));
      const reread = await createCaseEngine({ store: await harness.reopen(store) }).get(caseId);
      expect(reread.title).toBe('城东 "农贸" 市场 😀 \\ 含\u0000空字符');
      expect(reread.output?.closingReason).toBe('理由：\u0000\u2028\ud83d\ude00');
      expect(reread.output).toEqual(rejected.output);
      expect(await engine.verifyAudit(caseId)).toMatchObject({ ok: true });
    });

    it('100 rounds of 3 writers pinned to one version: exactly one write per version, the rest VERSION_CONFLICT', { timeout: 120_000 }, async () => {
      const store = await harness.create();
      const clock = testClock(bj('2026-09-01 10:30'));
      const caseId = uid();
      const engines = (await harness.instances(store, 3)).map((instance) => createCaseEngine({ store: instance, clock }));
      await engines[0]!.open(applicationInput({ caseId }));
      await engines[0]!.send(caseId, ev('review.pass', center, bj('2026-09-01 10:00')));
      const rounds = await race(engines, caseId, 100, true);
      expect(rounds.every((round) => round.winners === 1 && round.conflicts === 2 && round.other.length === 0)).toBe(true);
      const log = await checkLog(engines[1]!, caseId);
      expect(log).toMatchObject({ gapFree: true, historyInStep: true, verified: true });
      expect(log.messages.map((message) => message.split('w')[0])).toEqual(Array.from({ length: 100 }, (_, round) => `r${round}`));
      expect((await engines[2]!.get(caseId)).version).toBe(102);
    });

    it('25 rounds of 4 unpinned writers: every event applied exactly once, by reloading after a lost race', { timeout: 120_000 }, async () => {
      const store = await harness.create();
      const clock = testClock(bj('2026-09-01 10:30'));
      const caseId = uid();
      const engines = (await harness.instances(store, 4)).map((instance) => createCaseEngine({ store: instance, clock, maxAttempts: 20 }));
      await engines[0]!.open(applicationInput({ caseId }));
      await engines[0]!.send(caseId, ev('review.pass', center, bj('2026-09-01 10:00')));
      const rounds = await race(engines, caseId, 25, false);
      expect(rounds.every((round) => round.winners === 4)).toBe(true);
      const log = await checkLog(engines[0]!, caseId);
      expect(log).toMatchObject({ gapFree: true, historyInStep: true, verified: true });
      expect(new Set(log.messages).size).toBe(100);
      expect(log.messages).toHaveLength(100);
    });

    it('racing retries with one idempotency key apply once and all return the same result', { timeout: 60_000 }, async () => {
      const store = await harness.create();
      const clock = testClock(bj('2026-09-01 10:30'));
      const caseId = uid();
      const engines = (await harness.instances(store, 3)).map((instance) => createCaseEngine({ store: instance, clock }));
      await engines[0]!.open(applicationInput({ caseId }));
      await engines[0]!.send(caseId, ev('review.pass', center, bj('2026-09-01 10:00')));
      for (let round = 0; round < 20; round++) {
        const event = { type: 'case.urge', by: center, unit: 'market-regulation', message: `第${round}次` } as const;
        const results = await Promise.all(engines.map((engine) => engine.send(caseId, event, { idempotencyKey: `urge-${round}` })));
        expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
        expect(results[0]!.version).toBe(round + 3);
      }
      const again = await createCaseEngine({ store: await harness.reopen(store), clock }).send(caseId, { type: 'case.urge', by: center, unit: 'market-regulation', message: '第3次' }, { idempotencyKey: 'urge-3' });
      expect(again.version).toBe(6);
      expect((await checkLog(engines[0]!, caseId)).messages).toHaveLength(20);
    });

    it('a write interrupted part-way leaves the case as it was; the next send works', async () => {
      const store = await harness.create();
      const clock = testClock(bj('2026-09-02 10:30'));
      const caseId = uid();
      const engine = createCaseEngine({ store, clock });
      await engine.open(applicationInput({ caseId }));
      await engine.send(caseId, ev('review.pass', center, bj('2026-09-01 10:00')));
      const before = { view: await engine.get(caseId), log: await store.audit(caseId), outbox: await engine.pendingNotifications() };

      const { store: crashing, crashed } = await harness.crashing(store);
      const doomed = createCaseEngine({ store: crashing, clock });
      // The engine asks the store whether the lost write happened: it did not.
      await expect(doomed.send(caseId, ev('legal.approve', justice, bj('2026-09-02 10:00')))).rejects.toMatchObject({
        code: 'STORE_UNAVAILABLE',
        context: { outcome: 'not-applied', retryable: true },
      });
      expect(crashed()).toBe(true);

      const after = createCaseEngine({ store: await harness.reopen(store), clock });
      expect(await after.pendingNotifications()).toEqual(before.outbox);
      expect(await after.get(caseId)).toEqual(before.view);
      expect(await store.audit(caseId)).toEqual(before.log);
      expect(await after.verifyAudit(caseId)).toMatchObject({ ok: true });
      const next = await after.send(caseId, ev('legal.approve', justice, bj('2026-09-02 10:00')));
      expect(next).toMatchObject({ version: 3, state: 'leaderApproval' });
      expect(await after.verifyAudit(caseId)).toMatchObject({ ok: true });
    });

    it('durable deadlines: end enforcement, restart the engine, advance the clock past dueAt, sweep → overdue and notified', async () => {
      const store = await harness.create();
      const { engine: first } = engineAt(store, bj('2026-09-30 18:30'));
      const [late, onTime, later] = [uid(), uid(), uid()];
      const ended = await toReporting(first, late);
      // The cooperating units never acknowledged their task: those deadlines are missed, the results one is pending.
      expect(ended.deadlines.filter((deadline) => deadline.status !== 'missed')).toEqual([
        expect.objectContaining({ kind: 'resultsUpload', dueDate: '2026-10-13', dueAt: '2026-10-13T23:59:59.999+08:00', status: 'pending' }),
      ]);
      await toReporting(first, onTime);
      await first.send(onTime, ev('results.upload', market, bj('2026-10-09 10:00'), { results: { summary: '已完成' } }));
      await toReporting(first, later, bj('2026-10-09 18:00'));
      expect((await first.sweep()).overdue).toEqual([]);

      // A new process: new store object, new engine, the clock a day past the due date.
      const notified: CaseNotification[] = [];
      const clock = testClock(bj('2026-10-14 09:00'));
      const restarted = createCaseEngine({ store: await harness.reopen(store), clock, onNotification: (n) => void notified.push(n), reminders: false });
      expect((await restarted.list({ overdue: true })).items.map((view) => view.caseId)).toEqual([late]);
      const report = await restarted.sweep();
      expect(report).toMatchObject({ now: '2026-10-14T09:00:00.000+08:00', failed: [] });
      expect(report.overdue).toEqual([
        {
          caseId: late,
          version: 8,
          deadlines: [expect.objectContaining({ status: 'overdue', overdueAt: '2026-10-14T09:00:00.000+08:00' })],
          notifications: [expect.objectContaining({ kind: 'deadlineOverdue', recipients: [market, center] })],
        },
      ]);
      expect(notified.map((n) => [n.kind, n.caseId])).toEqual([['deadlineOverdue', late]]);
      const view = await restarted.get(late);
      expect(view).toMatchObject({ state: 'enforcing.reporting', overdue: true, nextDueAt: null });
      expect(view.deadlines.find((deadline) => deadline.kind === 'resultsUpload')).toMatchObject({ status: 'overdue' });
      expect(view.history.at(-1)).toMatchObject({ type: 'deadline.check', by: { system: 'sweep' } });
      expect((await restarted.sweep()).overdue).toEqual([]);
      expect(notified).toHaveLength(1);

      clock.set(bj('2026-10-30 09:00'));
      expect((await restarted.sweep()).overdue.map((o) => o.caseId)).toEqual([later]);
      expect(await restarted.verifyAudit(late)).toMatchObject({ ok: true });
    });

    it('sweep at a deadline’s due instant: not yet due (the machine’s boundary), so not claimed either — the sweep 1 ms later checks it', async () => {
      const store = await harness.create();
      const { engine } = engineAt(store, bj('2026-09-30 18:30'), { reminders: false });
      const caseId = uid();
      await toReporting(engine, caseId);
      const dueAt = '2026-10-13T23:59:59.999+08:00';
      const clock = testClock(bj('2026-10-13 09:00'));
      const sweeper = createCaseEngine({ store: await harness.reopen(store), clock, reminders: false });
      for (const [offsetMs, overdue] of [[-1, []], [0, []], [1, [caseId]]] as const) {
        clock.set(new Date(Date.parse(dueAt) + offsetMs).toISOString());
        expect((await sweeper.sweep()).overdue.map((o) => o.caseId), `due ${offsetMs} ms`).toEqual(overdue);
      }
      expect((await sweeper.get(caseId)).deadlines.find((deadline) => deadline.kind === 'resultsUpload')).toMatchObject({ dueAt, status: 'overdue', overdueAt: '2026-10-14T00:00:00.000+08:00' });
    });

    it('two instances sweeping at once check each overdue case exactly once', async () => {
      const store = await harness.create();
      const setupEngine = createCaseEngine({ store, clock: testClock(bj('2026-09-30 18:30')) });
      const ids = [uid(), uid(), uid(), uid()];
      for (const id of ids) await toReporting(setupEngine, id);
      const clock = testClock(bj('2026-10-20 09:00'));
      const [a, b] = (await harness.instances(store, 2)).map((instance) => createCaseEngine({ store: instance, clock }));
      const [ra, rb] = await Promise.all([a!.sweep(), b!.sweep()]);
      expect([...ra.overdue, ...rb.overdue].map((o) => o.caseId).sort()).toEqual([...ids].sort());
      expect([...ra.failed, ...rb.failed]).toEqual([]);
      for (const id of ids) {
        const log = await a!.history(id);
        expect(log.filter((entry) => entry.type === 'deadline.check')).toHaveLength(1);
      }
    });

    it('a corrupted stored snapshot is INCOMPATIBLE_SNAPSHOT on read and send, stays as it was, and does not stop a sweep', async () => {
      const store = await harness.create();
      const engine = createCaseEngine({ store, clock: testClock(bj('2026-09-30 18:30')) });
      const [bad, good] = [uid(), uid()];
      await toReporting(engine, bad);
      await toReporting(engine, good);
      const corrupted = await harness.rewrite(store, bad, { envelope: (envelope) => ({ ...envelope, snapshot: { ...(envelope.snapshot as Json), value: { enforcing: 'nowhere' } } }) });
      const reader = createCaseEngine({ store: corrupted, clock: testClock(bj('2026-10-20 09:00')) });
      const before = await corrupted.audit(bad);
      for (const call of [() => reader.get(bad), () => reader.send(bad, { type: 'case.urge', by: center, unit: 'market-regulation' })]) {
        await expect(call()).rejects.toMatchObject({ code: 'INCOMPATIBLE_SNAPSHOT', context: { caseId: bad } });
      }
      const report = await reader.sweep();
      expect(report.overdue.map((o) => o.caseId)).toEqual([good]);
      expect(report.failed).toEqual([expect.objectContaining({ caseId: bad, code: 'INCOMPATIBLE_SNAPSHOT' })]);
      expect(await corrupted.audit(bad)).toEqual(before);
      // The log is intact, so verifyAudit names what changed: the stored snapshot is not the one the log records.
      const verdict = await reader.verifyAudit(bad);
      expect(verdict).toMatchObject({ ok: false, replayed: true, problems: expect.arrayContaining([expect.objectContaining({ kind: 'snapshot', version: 7 })]) });
      expect(verdict.problems.every((problem) => problem.kind === 'snapshot')).toBe(true);
    });

    it('verifyAudit detects an edited, a removed and a reordered entry in the stored log', async () => {
      const store = await harness.create();
      const engine = createCaseEngine({ store, clock: testClock(bj('2026-09-30 18:30')) });
      const caseId = uid();
      await toReporting(engine, caseId);
      const cases: [string, (entries: Json[]) => Json[], number][] = [
        ['edited', (entries) => entries.map((entry, i) => (i === 2 ? { ...entry, at: bj('2026-09-02 11:00') } : entry)), 4],
        ['removed', (entries) => entries.filter((_, i) => i !== 4), 5],
        ['reordered', (entries) => [entries[0]!, entries[2]!, entries[1]!, ...entries.slice(3)], 2],
      ];
      const original = (await store.audit(caseId))!.entries as Json[];
      for (const [what, change, brokenAt] of cases) {
        const tampered = await harness.rewrite(store, caseId, { entries: change });
        expect(await createCaseEngine({ store: tampered }).verifyAudit(caseId), what).toMatchObject({ ok: false, brokenAt });
        // Put the original log back (the memory harness tampers with a copy; PostgreSQL in place).
        await harness.rewrite(store, caseId, { entries: () => original });
        expect(await createCaseEngine({ store: await harness.reopen(store) }).verifyAudit(caseId), what).toMatchObject({ ok: true });
      }
    });

    it('lists by state, stage, unit and overdue, newest opening first (then case id, descending)', async () => {
      const store = await harness.create();
      const clock = testClock(bj('2026-09-30 18:30'));
      const engine = createCaseEngine({ store, clock });
      await toReporting(engine, 'b-reporting');
      await engine.open(applicationInput({ caseId: 'a-review', itemNo: 2 }));
      await engine.open(applicationInput({ caseId: 'c-fire', applicant: 'fire-rescue', itemNo: 39 }));
      const ids = async (query: Parameters<CaseEngine['list']>[0] = {}) => (await engine.list(query)).items.map((view) => view.caseId);
      expect(await ids()).toEqual(['c-fire', 'b-reporting', 'a-review']);
      expect(await ids({ state: 'preliminaryReview' })).toEqual(['c-fire', 'a-review']);
      expect(await ids({ state: 'enforcing' })).toEqual(['b-reporting']);
      expect(await ids({ unit: 'fire-rescue' })).toEqual(['c-fire', 'b-reporting']);
      expect(await ids({ unit: 'fire-rescue', state: 'enforcing.reporting' })).toEqual(['b-reporting']);
      expect(await ids({ overdue: true })).toEqual([]);
      clock.set(bj('2026-10-14 00:00'));
      expect(await ids({ overdue: true })).toEqual(['b-reporting']);
      expect(await ids({ overdue: false })).toEqual(['c-fire', 'a-review']);
      await engine.sweep();
      clock.set(bj('2026-10-13 00:00'));
      // Marked overdue by the sweep, it stays overdue whatever the clock says.
      expect(await ids({ overdue: true })).toEqual(['b-reporting']);
      expect(await ids({ overdue: true, unit: 'fire-rescue' })).toEqual(['b-reporting']);
      expect(await store.claimDue({ now: bj('2026-12-01 00:00'), clockNow: bj('2026-10-13 00:00'), leaseUntil: bj('2026-10-13 00:01'), limit: 10 })).toEqual([]);
    });

    it('claims due cases earliest first, up to the limit, each to one claim while its lease holds; a write ends the lease', async () => {
      const store = await harness.create();
      const clock = testClock(bj('2026-10-20 18:30'));
      const engine = createCaseEngine({ store, clock, reminders: false });
      await toReporting(engine, 'z-early', bj('2026-09-30 18:00'));
      await toReporting(engine, 'a-late', bj('2026-10-09 18:00'));
      const claim = (now: string, limit: number, clockNow = bj('2026-10-20 18:30')) =>
        store.claimDue({ now, clockNow, leaseUntil: new Date(Date.parse(clockNow) + 60_000).toISOString(), limit });
      // Due means its wake time has come (reminders off: its due time): z-early is due at 2026-10-13T23:59:59.999+08:00.
      expect(await claim('2026-10-13T15:59:59.998Z', 10)).toEqual([]);
      expect(await claim(bj('2026-12-01 00:00'), 1)).toEqual(['z-early']);
      expect(await claim(bj('2026-12-01 00:00'), 10)).toEqual(['a-late']);
      expect(await claim(bj('2026-12-01 00:00'), 10)).toEqual([]);
      // A lease ends when its time is up, or when the case is written.
      expect(await claim(bj('2026-12-01 00:00'), 10, bj('2026-10-20 18:31'))).toEqual(['z-early', 'a-late']);
      await engine.send('z-early', { type: 'case.urge', by: center, unit: 'market-regulation' });
      expect(await claim(bj('2026-12-01 00:00'), 10, bj('2026-10-20 18:31'))).toEqual(['z-early']);
      expect(await claim('2026-10-13T16:00:00Z', 10, bj('2026-10-20 18:33'))).toEqual(['z-early']);
    });

    describe('time belongs to the engine', () => {
      it('a send without `at` that loses a race is re-stamped on the fresh case, also with instance clocks ±1 s apart', { timeout: 120_000 }, async () => {
        const store = await harness.create();
        const caseId = uid();
        const { engine } = engineAt(store, bj('2026-09-01 10:30'));
        await engine.open(applicationInput({ caseId }));
        await engine.send(caseId, ev('review.pass', center, bj('2026-09-01 10:00')));
        // Three instances whose clocks read 10:29:59, 10:30:00 and 10:30:01.
        const engines = (await harness.instances(store, 3)).map((instance, index) =>
          createCaseEngine({ store: instance, clock: { now: () => new Date(Date.parse(bj('2026-09-01 10:30')) + (index - 1) * 1000) }, maxAttempts: 50 }),
        );
        const rounds = await race(engines, caseId, 15, false);
        expect(rounds.flatMap((round) => round.other)).toEqual([]);
        expect(rounds.every((round) => round.winners === 3)).toBe(true);
        const log = await engines[0]!.history(caseId);
        expect(log.slice(1).every((entry, index) => Date.parse(entry.at) >= Date.parse(log[index]!.at))).toBe(true);
        expect(await engines[0]!.verifyAudit(caseId)).toMatchObject({ ok: true, replayed: true });
      });

      it('an instance whose clock is behind the case stamps the case’s last time, and records its own as recordedAt', async () => {
        const store = await harness.create();
        const caseId = uid();
        const { engine: ahead } = engineAt(store, bj('2026-09-01 10:00'));
        await ahead.open(applicationInput({ caseId }));
        await ahead.send(caseId, { type: 'review.pass', by: center });
        const behind = createCaseEngine({ store: await harness.reopen(store), clock: testClock(bj('2026-09-01 09:59')) });
        const sent = await behind.send(caseId, { type: 'legal.approve', by: justice });
        expect(sent.history.at(-1)!.at).toBe('2026-09-01T10:00:00.000+08:00');
        expect((await behind.history(caseId)).at(-1)).toMatchObject({ at: '2026-09-01T10:00:00.000+08:00', recordedAt: '2026-09-01T09:59:00.000+08:00' });
      });

      it('refuses a caller’s `at` more than maxClockSkewMs ahead (INVALID_EVENT naming `at` and the engine’s time): a report dated 2099, a plan revised in 9999, enforcement ended a year ahead', async () => {
        const store = await harness.create();
        const caseId = uid();
        const { engine: story } = engineAt(store, bj('2026-09-01 09:30'));
        await toReporting(story, caseId);
        const planned = uid();
        await story.open(applicationInput({ caseId: planned }));
        for (const event of [
          ev('review.pass', center, bj('2026-09-01 10:00')),
          ev('legal.approve', justice, bj('2026-09-02 10:00')),
          ev('leader.approve', inCharge, bj('2026-09-03 10:00')),
          ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东', startAt: bj('2026-09-29 09:00') }),
          ev('plan.submit', market, bj('2026-09-10 10:00'), { plan: item1Plan({ summary: '方案' }) }),
        ]) await story.send(planned, event);
        const clock = testClock(bj('2026-10-08 09:00'));
        const engine = createCaseEngine({ store, clock });
        const before = { reporting: await store.audit(caseId), planned: await store.audit(planned) };
        for (const [id, event] of [
          [caseId, ev('unit.report', fire, '2099-01-01T00:00:00+08:00', { summary: '报告' })],
          [planned, ev('plan.submit', market, '9999-12-31T23:59:59+08:00', { plan: item1Plan({ summary: '修订' }) })],
          [planned, ev('enforcement.end', market, bj('2027-10-08 09:00'))],
        ] as const) {
          const error = await rejectionOf(() => engine.send(id, event));
          expect(error).toMatchObject({ code: 'INVALID_EVENT', context: { caseId: id, at: event.at, now: '2026-10-08T09:00:00.000+08:00', maxClockSkewMs: 120_000 }, issues: [{ path: ['event', 'at'] }] });
        }
        expect({ reporting: await store.audit(caseId), planned: await store.audit(planned) }).toEqual(before);
        // Within the skew it is taken; a stricter engine refuses a second ahead.
        expect(await engine.send(caseId, ev('unit.report', fire, '2026-10-08T09:01:00+08:00', { summary: '报告' }))).toMatchObject({ version: 8 });
        const strict = createCaseEngine({ store, clock, maxClockSkewMs: 0 });
        expect((await rejectionOf(() => strict.send(planned, ev('enforcement.end', market, '2026-10-08T09:00:01+08:00')))).code).toBe('INVALID_EVENT');
        expect(await strict.send(planned, ev('enforcement.end', market, '2026-10-08T09:00:00+08:00'))).toMatchObject({ state: 'enforcing.reporting' });
      });

      it('refuses instants it cannot keep or reason about: open at 0000-01-01, at a time ahead, sweep in year 200 000 or at 8.64e15, a clock in 1970', async () => {
        const store = await harness.create();
        const engine = createCaseEngine({ store, clock: testClock(bj('2026-09-01 09:30')) });
        for (const at of ['0000-01-01T00:00:00Z', '1999-12-31T15:59:59Z', '2100-01-01T00:00:00+08:00', bj('2026-09-01 09:33')]) {
          const error = await rejectionOf(() => engine.open(applicationInput({ caseId: uid(), at })));
          expect(error, at).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'input', at } });
        }
        for (const now of [new Date(Date.UTC(200_000, 0, 1)), new Date(8.64e15), new Date(-8.64e15), new Date('2026-09-01T01:33:00Z'), '2026-09-02T00:00:00+08:00']) {
          expect((await rejectionOf(() => engine.sweep(now))).code, String(now)).toBe('INVALID_INPUT');
        }
        const epoch = createCaseEngine({ store, clock: { now: () => new Date(0) } });
        expect((await rejectionOf(() => epoch.open({ ...applicationInput({ caseId: uid() }), at: undefined } as never))).context).toMatchObject({ argument: 'clock' });
        expect((await rejectionOf(() => epoch.sweep())).context).toMatchObject({ argument: 'clock' });
        expect(await createCaseEngine({ store }).list()).toEqual({ items: [], nextCursor: null, failed: [] });
      });

      it('records both times of an event recorded after the fact: `at` when it happened, `recordedAt` when it was written', async () => {
        const store = await harness.create();
        const caseId = uid();
        const { engine, clock } = engineAt(store, bj('2026-09-30 09:30'));
        await toReporting(engine, caseId, bj('2026-09-29 18:00'));
        clock.set(bj('2026-09-30 09:30'));
        expect((await engine.history(caseId)).at(-1)).toMatchObject({ type: 'enforcement.end', at: bj('2026-09-29 18:00'), recordedAt: '2026-09-30T09:30:00.000+08:00' });
        expect((await engine.get(caseId)).deadlines.find((deadline) => deadline.kind === 'resultsUpload')).toMatchObject({ startedAt: bj('2026-09-29 18:00') });
      });

      it('a retry of an accepted results upload, with its idempotency key, returns the first result however late it comes: the backdating rule is for new uploads', async () => {
        const store = await harness.create();
        const caseId = uid();
        const { engine, clock } = engineAt(store, bj('2026-09-30 09:30'));
        await toReporting(engine, caseId, bj('2026-09-30 18:00'));
        const upload = { type: 'results.upload', by: market, at: bj('2026-10-08 10:00'), results: { summary: '检查商户 120 家' } } as const;
        const first = await engine.send(caseId, upload, { idempotencyKey: 'upload-1' });
        clock.set(bj('2026-10-09 10:00'));
        const again = await engine.send(caseId, upload, { idempotencyKey: 'upload-1' });
        expect([again.version, again.state]).toEqual([first.version, 'aggregating']);
        expect((await engine.history(caseId)).filter((entry) => entry.type === 'results.upload')).toHaveLength(1);
        // A new upload dated that far back is still refused.
        expect(await rejectionOf(() => engine.send(caseId, upload, { idempotencyKey: 'upload-2' }))).toMatchObject({ code: 'NOT_ALLOWED', context: { reason: expect.stringContaining('dated when they are uploaded') } });
      });
    });

    describe('notifications are durable (transactional outbox)', () => {
      it('writes every notification with its event under a stable id; deliverNotifications hands each over once and marks it', async () => {
        const store = await harness.create();
        const caseId = uid();
        const { engine } = engineAt(store, bj('2026-09-01 10:30'));
        await engine.open(applicationInput({ caseId }));
        await engine.send(caseId, ev('review.pass', center, bj('2026-09-01 10:00')));
        const pending = await engine.pendingNotifications({ caseId });
        expect(pending).toEqual([
          expect.objectContaining({ id: `${caseId}/1/0`, version: 1, index: 0, status: 'pending', attempts: 0, notification: expect.objectContaining({ kind: 'applicationReceived' }) }),
          expect.objectContaining({ id: `${caseId}/2/0`, version: 2, status: 'pending', notification: expect.objectContaining({ kind: 'legalReviewRequested', recipients: [justice] }) }),
        ]);
        expect(pending.map((record) => record.notification)).toEqual((await engine.history(caseId)).flatMap((entry) => entry.notifications));
        const seen: string[] = [];
        const report = await engine.deliverNotifications((notification, meta) => void seen.push(`${meta.id}:${meta.attempt}:${notification.kind}`));
        expect(report).toEqual({ delivered: [`${caseId}/1/0`, `${caseId}/2/0`], retried: [], failed: [] });
        expect(seen).toEqual([`${caseId}/1/0:1:applicationReceived`, `${caseId}/2/0:1:legalReviewRequested`]);
        expect(await engine.pendingNotifications()).toEqual([]);
        expect((await engine.pendingNotifications({ status: 'delivered' })).map((record) => [record.id, record.deliveredAt])).toEqual([
          [`${caseId}/1/0`, '2026-09-01T10:30:00.000+08:00'],
          [`${caseId}/2/0`, '2026-09-01T10:30:00.000+08:00'],
        ]);
        expect(await engine.deliverNotifications(() => { throw new Error('not again'); })).toEqual({ delivered: [], retried: [], failed: [] });
      });

      it('a handler that throws gets it again after an exponential backoff; after maxAttempts it is parked as failed and listed', async () => {
        const store = await harness.create();
        const caseId = uid();
        const clock = testClock(bj('2026-09-01 10:30'));
        const engine = createCaseEngine({ store, clock, delivery: { maxAttempts: 3, baseDelayMs: 60_000 } });
        await engine.open(applicationInput({ caseId }));
        const failing = () => { throw new Error('SMS gateway down'); };
        expect(await engine.deliverNotifications(failing)).toEqual({
          delivered: [], failed: [], retried: [{ id: `${caseId}/1/0`, attempts: 1, nextAttemptAt: '2026-09-01T10:31:00.000+08:00', error: 'SMS gateway down' }],
        });
        expect(await engine.deliverNotifications(failing)).toEqual({ delivered: [], retried: [], failed: [] });
        clock.set(bj('2026-09-01 10:31'));
        expect((await engine.deliverNotifications(failing)).retried).toEqual([expect.objectContaining({ attempts: 2, nextAttemptAt: '2026-09-01T10:33:00.000+08:00' })]);
        clock.set(bj('2026-09-01 10:33'));
        expect((await engine.deliverNotifications(failing)).failed).toEqual([{ id: `${caseId}/1/0`, attempts: 3, error: 'SMS gateway down' }]);
        clock.set(bj('2026-09-02 10:33'));
        expect(await engine.deliverNotifications(() => {})).toEqual({ delivered: [], retried: [], failed: [] });
        expect(await engine.pendingNotifications()).toEqual([]);
        expect(await engine.pendingNotifications({ status: 'failed' })).toEqual([
          expect.objectContaining({ id: `${caseId}/1/0`, status: 'failed', attempts: 3, lastError: 'SMS gateway down', failedAt: '2026-09-01T10:33:00.000+08:00' }),
        ]);
      });

      it('several engines delivering at once: each notification goes to exactly one of them', { timeout: 60_000 }, async () => {
        const store = await harness.create();
        const { engine } = engineAt(store, bj('2026-09-01 10:30'));
        const ids = Array.from({ length: 12 }, uid);
        for (const caseId of ids) await engine.open(applicationInput({ caseId }));
        const clock = testClock(bj('2026-09-01 10:30'));
        const delivered: string[] = [];
        const engines = (await harness.instances(store, 3)).map((instance) => createCaseEngine({ store: instance, clock }));
        const reports = await Promise.all(
          engines.map((instance) =>
            instance.deliverNotifications(async (_notification, meta) => {
              await new Promise((resolve) => setTimeout(resolve, 5));
              delivered.push(meta.id);
            }),
          ),
        );
        expect(delivered.sort()).toEqual(ids.map((caseId) => `${caseId}/1/0`).sort());
        expect(reports.flatMap((report) => report.delivered).sort()).toEqual([...delivered].sort());
      });

      it('a restarted engine delivers what a throwing hook or a crashed deliverer left', async () => {
        const store = await harness.create();
        const [first, second] = [uid(), uid()];
        const clock = testClock(bj('2026-09-01 10:30'));
        const onHookError = vi.fn();
        const crashing = createCaseEngine({ store, clock, onNotification: () => { throw new Error('SMS gateway down'); }, onHookError });
        expect((await crashing.open(applicationInput({ caseId: first }))).version).toBe(1);
        expect(onHookError).toHaveBeenCalledOnce();
        // A deliverer that claimed the second case's notification and died before marking it.
        await createCaseEngine({ store, clock }).open(applicationInput({ caseId: second }));
        const claimed = await store.claimNotifications({ now: bj('2026-09-01 10:30'), leaseUntil: bj('2026-09-01 10:31'), token: 'dead', limit: 10, maxAttempts: 8, ids: [`${second}/1/0`] });
        expect(claimed.map((record) => record.id)).toEqual([`${second}/1/0`]);

        clock.set(bj('2026-09-01 10:40'));
        const restarted = createCaseEngine({ store: await harness.reopen(store), clock });
        const seen: [string, number][] = [];
        const report = await restarted.deliverNotifications((_notification, meta) => void seen.push([meta.id, meta.attempt]));
        expect([...report.delivered].sort()).toEqual([`${first}/1/0`, `${second}/1/0`].sort());
        expect(seen.sort()).toEqual([[`${first}/1/0`, 2], [`${second}/1/0`, 2]].sort());
        // The dead deliverer's late answer changes nothing.
        expect(await restarted.store.settleNotifications([{ id: `${second}/1/0`, token: 'dead', outcome: 'failed', at: bj('2026-09-01 10:41'), error: 'late' }])).toEqual([]);
        expect(await restarted.pendingNotifications({ status: 'failed' })).toEqual([]);
      });

      it('onNotification gets each write’s own notifications through the outbox, with the stable id', async () => {
        const store = await harness.create();
        const caseId = uid();
        const seen: string[] = [];
        const clock = testClock(bj('2026-09-01 10:30'));
        const engine = following(createCaseEngine({ store, clock, onNotification: (_n, meta) => void seen.push(`${meta.id}@${meta.version}`) }), clock);
        await engine.open(applicationInput({ caseId }));
        await engine.send(caseId, ev('review.pass', center, bj('2026-09-01 10:00')));
        expect(seen).toEqual([`${caseId}/1/0@1`, `${caseId}/2/0@2`]);
        expect(await engine.pendingNotifications()).toEqual([]);
        expect((await engine.pendingNotifications({ status: 'delivered', caseId })).map((record) => record.id)).toEqual([`${caseId}/1/0`, `${caseId}/2/0`]);
      });

      it('a handler that never finishes counts as failed after the lease, and the notification is tried again', { timeout: 30_000 }, async () => {
        const store = await harness.create();
        const caseId = uid();
        const clock = testClock(bj('2026-09-01 10:30'));
        const engine = createCaseEngine({ store, clock, delivery: { leaseMs: 50, baseDelayMs: 0 } });
        await engine.open(applicationInput({ caseId }));
        const report = await engine.deliverNotifications(() => new Promise(() => {}));
        expect(report.retried).toEqual([expect.objectContaining({ id: `${caseId}/1/0`, error: 'the handler did not finish within the lease (50 ms)' })]);
        expect((await engine.deliverNotifications(() => {})).delivered).toEqual([`${caseId}/1/0`]);
      });
    });

    describe('the audit covers the whole case', () => {
      /** A case in reporting (with a deadline, units and an idempotent send), and the engine that made it. */
      async function reportingCase(store: CaseStore) {
        const caseId = uid();
        const { engine } = engineAt(store, bj('2026-09-30 18:30'));
        await toReporting(engine, caseId);
        await engine.send(caseId, { type: 'case.urge', by: center, unit: 'market-regulation' }, { idempotencyKey: 'urge-1' });
        expect(await engine.verifyAudit(caseId)).toMatchObject({ ok: true, replayed: true, problems: [], warnings: [] });
        return caseId;
      }
      const kinds = (verdict: AuditVerification) => [...new Set(verdict.problems.map((problem) => problem.kind))].sort();

      it('catches what SQL tampering changed outside the engine: the lead’s rights given away, a deadline pushed out a year, a case hidden from sweep and list', async () => {
        const store = await harness.create();
        const [lead, deadline, hidden, stateColumn] = [await reportingCase(store), await reportingCase(store), await reportingCase(store), await reportingCase(store)];
        type Ctx = { assignment: { lead: { unit: string } }; deadlines: { kind: string; dueAt: string; dueDate: string }[] };
        const ctx = (envelope: Json) => (envelope.snapshot as { context: Ctx }).context;
        let tampered = await harness.rewrite(store, lead, {
          envelope: (envelope) => { const copy = structuredClone(envelope); ctx(copy).assignment.lead.unit = 'public-security'; return copy; },
          summary: (summary) => ({ ...summary, units: ['market-regulation', 'public-security'] }),
        });
        tampered = await harness.rewrite(tampered, deadline, {
          envelope: (envelope) => {
            const copy = structuredClone(envelope);
            Object.assign(ctx(copy).deadlines.find((due) => due.kind === 'resultsUpload')!, { dueAt: '2027-10-13T23:59:59.999+08:00', dueDate: '2027-10-13' });
            return { ...copy, nextDueAt: '2027-10-13T23:59:59.999+08:00' };
          },
          summary: (summary) => ({ ...summary, nextDueAt: '2027-10-13T23:59:59.999+08:00' }),
        });
        tampered = await harness.rewrite(tampered, hidden, { summary: (summary) => ({ ...summary, nextDueAt: null }) });
        tampered = await harness.rewrite(tampered, stateColumn, { summary: (summary) => ({ ...summary, state: 'archived', stage: 'archived', status: 'done' }) });
        const reader = createCaseEngine({ store: await harness.reopen(tampered) });
        expect(kinds(await reader.verifyAudit(lead))).toEqual(['column', 'snapshot']);
        expect(kinds(await reader.verifyAudit(deadline))).toEqual(['column', 'envelope', 'snapshot']);
        expect(await reader.verifyAudit(hidden)).toMatchObject({ ok: false, problems: [expect.objectContaining({ kind: 'column', field: 'nextDueAt', table: 'cases' })] });
        expect((await reader.verifyAudit(stateColumn)).problems.map((problem) => problem.field)).toEqual(['state', 'stage', 'status']);
      });

      it('catches a forged idempotency record (a replay that never happened) and a deleted one; a retry with the forged key is INCOMPATIBLE_SNAPSHOT, not a success', async () => {
        const store = await harness.create();
        const [forged, deleted] = [await reportingCase(store), await reportingCase(store)];
        const event = { type: 'results.upload', by: market, results: { summary: '伪造' } } as const;
        const { sha256Of } = await import('../src/engine/_lib/canonicalJson.js');
        let tampered = await harness.rewrite(store, forged, { idempotency: (records) => [...records, { key: 'forged', version: 7, requestHash: sha256Of(event) }] });
        tampered = await harness.rewrite(tampered, deleted, { idempotency: () => [] });
        const reader = createCaseEngine({ store: await harness.reopen(tampered), clock: testClock(bj('2026-10-08 09:00')) });
        expect(await reader.verifyAudit(forged)).toMatchObject({ ok: false, problems: [expect.objectContaining({ kind: 'idempotency', field: 'forged', table: 'case_idempotency' })] });
        expect(await reader.verifyAudit(deleted)).toMatchObject({ ok: false, problems: [expect.objectContaining({ kind: 'idempotency', version: 8, field: 'urge-1' })] });
        const error = await rejectionOf(() => reader.send(forged, event, { idempotencyKey: 'forged' }));
        expect(error).toMatchObject({ code: 'INCOMPATIBLE_SNAPSHOT', context: { caseId: forged, table: 'case_idempotency', idempotencyKey: 'forged' } });
        // The other cases are not affected.
        expect((await reader.send(deleted, { type: 'case.urge', by: center, unit: 'justice' })).version).toBe(9);
      });

      it('replays the log: a log rewritten consistently (hashes recomputed, head re-pinned) with an event the machine refuses is caught', async () => {
        const store = await harness.create();
        const caseId = await reportingCase(store);
        const { auditEntryHash } = await import('linked-enforcement');
        let head = '';
        const rewritten = await harness.rewrite(store, caseId, {
          entries: (entries) => {
            // legal.approve by the public security bureau instead of the justice bureau (法制审核 is 司法局's).
            const copy = structuredClone(entries);
            Object.assign(copy[2]!, { by: police, event: { ...(copy[2]!.event as Json), by: police } });
            for (let i = 1; i < copy.length; i++) copy[i]!.prevHash = auditEntryHash(copy[i - 1]);
            head = auditEntryHash(copy.at(-1));
            return copy;
          },
        });
        const repinned = await harness.rewrite(rewritten, caseId, { envelope: (envelope) => ({ ...envelope, auditHead: head }) });
        const reader = createCaseEngine({ store: repinned });
        const { verifyAuditChain } = await import('linked-enforcement');
        const stored = (await repinned.audit(caseId))!;
        expect(verifyAuditChain({ caseId, envelope: stored.envelope, entries: stored.entries }).ok).toBe(true);
        const verdict = await reader.verifyAudit(caseId);
        expect(verdict).toMatchObject({ ok: false, replayed: true, brokenAt: 3, problems: [expect.objectContaining({ kind: 'replay', version: 3 })] });
        expect(verdict.problems[0]!.message).toContain('refuses entry 3 (legal.approve)');
      });

      it('never throws on malformed stored rows: each becomes a problem', async () => {
        const store = await harness.create();
        const caseId = await reportingCase(store);
        // Nested beyond canonical JSON's 512 levels (the memory store refuses data deeper than 64 on load).
        let deep: unknown = 'leaf';
        for (let i = 0; i < (harness.name === 'memory' ? 50 : 600); i++) deep = { deep };
        const garbage: unknown[] = ['a string', null, 42, [], { deep }, { caseId, version: 6 }];
        const tampered = await harness.rewrite(store, caseId, { entries: (entries) => entries.map((entry, index) => (index >= 1 && index <= 6 ? (garbage[index - 1] as Json) : entry)) });
        const verdict = await createCaseEngine({ store: tampered }).verifyAudit(caseId);
        expect(verdict).toMatchObject({ ok: false, brokenAt: 2 });
        expect(verdict.problems.filter((problem) => problem.kind === 'entry').map((problem) => problem.version)).toEqual([2, 3, 4, 5, 6, 7]);
        expect(verdict.entries).toHaveLength(1);
      });

      it('a forged log row ahead of the case is a typed error naming the case and the row, and verifyAudit shows it', async () => {
        const store = await harness.create();
        const caseId = await reportingCase(store);
        const tampered = await harness.rewrite(store, caseId, { entries: (entries) => [...entries, { ...entries.at(-1)!, version: entries.length + 1 }] });
        const engine = createCaseEngine({ store: tampered, clock: testClock(bj('2026-10-08 09:00')) });
        const error = await rejectionOf(() => engine.send(caseId, { type: 'case.urge', by: center, unit: 'justice' }));
        expect(error).toMatchObject({ code: 'INCOMPATIBLE_SNAPSHOT', context: { caseId, table: 'case_log', version: 9 } });
        expect(await engine.verifyAudit(caseId)).toMatchObject({ ok: false, problems: expect.arrayContaining([expect.objectContaining({ kind: 'envelope', message: 'the log has 9 entries but the case is at version 8' })]) });
      });

      it('verifyAll walks every case, a page at a time', async () => {
        const store = await harness.create();
        const ids = [await reportingCase(store), await reportingCase(store), await reportingCase(store)].sort();
        const tampered = await harness.rewrite(store, ids[1]!, { summary: (summary) => ({ ...summary, hasOverdue: true }) });
        const engine = createCaseEngine({ store: await harness.reopen(tampered) });
        const first = await engine.verifyAll({ limit: 2 });
        expect(first.cases.map((verdict) => [verdict.caseId, verdict.ok])).toEqual([[ids[0], true], [ids[1], false]]);
        const second = await engine.verifyAll({ limit: 2, cursor: first.nextCursor! });
        expect(second).toMatchObject({ cases: [{ caseId: ids[2], ok: true }], nextCursor: null });
        expect((await rejectionOf(() => engine.verifyAll({ limit: 5000 }))).code).toBe('INVALID_INPUT');
      });
    });

    describe('no untyped failure', () => {
      it('refuses NUL, control characters and lone surrogates in identifiers before they reach the store', async () => {
        const store = await harness.create();
        const caseId = uid();
        const { engine } = engineAt(store, bj('2026-09-04 10:30'));
        await engine.open(applicationInput({ caseId }));
        for (const event of [ev('review.pass', center, bj('2026-09-01 10:00')), ev('legal.approve', justice, bj('2026-09-02 10:00')), ev('leader.approve', inCharge, bj('2026-09-03 10:00'))]) await engine.send(caseId, event);
        const codes = async (calls: (() => Promise<unknown>)[]) => Promise.all(calls.map(async (call) => (await rejectionOf(call)).code));
        expect(await codes([
          () => engine.list({ unit: 'fire\u0000rescue' }),
          () => engine.list({ unit: 'x'.repeat(10_000_000) }),
          () => engine.send(caseId, { type: 'case.urge', by: center, unit: 'justice' }, { idempotencyKey: 'k\u0000' }),
          () => engine.send(caseId, { type: 'case.urge', by: center, unit: 'justice' }, { idempotencyKey: 'k\ud800' }),
          () => engine.open(applicationInput({ caseId: uid(), applicant: 'locality:王集\u0000镇' })),
          () => engine.open(applicationInput({ caseId: uid(), title: '标题'.repeat(5_000_000) })),
        ])).toEqual(['INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT']);
        expect(await codes([
          () => engine.send(caseId, { type: 'case.urge', by: { unit: 'command\u0000center' }, unit: 'justice' }),
          () => engine.send(caseId, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东', startAt: bj('2026-09-29 09:00'), cooperating: ['fire-rescue\u0000'] })),
          () => engine.send(caseId, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东\ud800', startAt: bj('2026-09-29 09:00') })),
        ])).toEqual(['INVALID_EVENT', 'INVALID_EVENT', 'INVALID_EVENT']);
        expect((await engine.get(caseId)).version).toBe(4);
      });

      it('keeps a case id and an idempotency key `__proto__` through a restart; the retry is not applied twice', async () => {
        const store = await harness.create();
        const { engine } = engineAt(store, bj('2026-09-01 10:30'));
        await engine.open(applicationInput({ caseId: '__proto__' }));
        const urge = { type: 'case.urge', by: center, unit: 'market-regulation' } as const;
        await engine.send('__proto__', ev('review.pass', center, bj('2026-09-01 10:00')));
        const first = await engine.send('__proto__', urge, { idempotencyKey: '__proto__' });
        const restarted = createCaseEngine({ store: await harness.reopen(store), clock: testClock(bj('2026-09-01 10:40')) });
        const again = await restarted.send('__proto__', urge, { idempotencyKey: '__proto__' });
        expect(again).toEqual(first);
        expect((await restarted.history('__proto__')).map((entry) => entry.type)).toEqual(['case.open', 'review.pass', 'case.urge']);
        expect(await restarted.verifyAudit('__proto__')).toMatchObject({ ok: true });
      });

      it('a corrupt idempotency record is INCOMPATIBLE_SNAPSHOT for that case only, never a TypeError or a false success', async () => {
        const store = await harness.create();
        const [pointless, malformed, fine] = [uid(), uid(), uid()];
        const { engine } = engineAt(store, bj('2026-09-01 10:30'));
        const urge = { type: 'case.urge', by: center, unit: 'market-regulation' } as const;
        for (const caseId of [pointless, malformed, fine]) {
          await engine.open(applicationInput({ caseId }));
          await engine.send(caseId, ev('review.pass', center, bj('2026-09-01 10:00')));
          await engine.send(caseId, urge, { idempotencyKey: 'k' });
        }
        let tampered = await harness.rewrite(store, pointless, { idempotency: (records) => records.map((record) => ({ ...record, version: 2 })) });
        tampered = await harness.rewrite(tampered, malformed, { idempotency: (records) => records.map((record) => ({ ...record, requestHash: 'not-a-hash' })) });
        const reader = createCaseEngine({ store: await harness.reopen(tampered), clock: testClock(bj('2026-09-01 10:40')) });
        for (const caseId of [pointless, malformed]) {
          expect(await rejectionOf(() => reader.send(caseId, urge, { idempotencyKey: 'k' }))).toMatchObject({ code: 'INCOMPATIBLE_SNAPSHOT', context: { caseId, table: 'case_idempotency' } });
          expect((await reader.verifyAudit(caseId)).problems.map((problem) => problem.kind)).toContain('idempotency');
        }
        expect((await reader.send(fine, urge, { idempotencyKey: 'k' })).version).toBe(3);
      });
    });
  });
}

describe('the race check can fail', () => {
  it('catches a store that writes without compare-and-set', async () => {
    const real = memoryStore();
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    // Reads the version, yields, then writes its stale result as the next version: the classic lost update.
    const blind: CaseStore = {
      ...real,
      commit: async (write, _expected) => {
        await tick();
        const current = ((await real.load(write.caseId))!.envelope as { version: number }).version;
        const version = current + 1;
        return real.commit({ ...write, envelope: { ...write.envelope, version }, entry: { ...write.entry, version }, summary: { ...write.summary, version }, outbox: [] }, current);
      },
    };
    const clock = testClock(bj('2026-09-01 10:30'));
    const engines = [1, 2, 3].map(() => createCaseEngine({ store: blind, clock }));
    await engines[0]!.open(applicationInput({ caseId: 'x' }));
    await engines[0]!.send('x', ev('review.pass', center, bj('2026-09-01 10:00')));
    // One round is enough: every writer "wins" the same version, and the case no longer even restores.
    const results = await Promise.allSettled(engines.map((engine, writer) => engine.send('x', { type: 'case.urge', by: center, unit: 'justice', message: `w${writer}` }, { expectedVersion: 2 })));
    expect(results.filter((result) => result.status === 'fulfilled').length).toBeGreaterThan(1);
    expect((await engines[0]!.verifyAudit('x')).ok).toBe(false);
  });

  it('and the results carry the view JSON', async () => {
    const result: SendResult = await createCaseEngine().open(applicationInput({ caseId: 'y' }));
    expect(JSON.parse(JSON.stringify(result))).toMatchObject({ caseId: 'y', version: 1 });
  });
});
