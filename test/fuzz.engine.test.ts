/**
 * Fuzz: generated call sequences against every method of the case engine, on the memory store and
 * on PostgreSQL. Most calls are well formed and reach deep (an event the case takes now, from an
 * actor who may send it, pinned or not, with idempotency keys, races, restarts, sweeps, deliveries);
 * the others are spoilt or hostile (test/_lib/hostile.ts). Every call must return or throw a
 * LinkedEnforcementError within ASYNC_CALL_TIME_LIMIT_MS; a refused call and every read must leave
 * the store as it was; after each sequence every case it touched has version = log length =
 * history length and an audit that verifies.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type CaseEngine, type CaseStore, type MemoryStore, type SendOptions, type SendResult } from 'linked-enforcement';
import { postgresStore } from '../src/store/postgres/index.js';
import type { CaseEvent } from '../machines/schemas.js';
import { listedCases, testClock } from './_lib/engine.js';
import { actorPool, allEventTypes, sampleEvent } from './_lib/eventPool.js';
import { FuzzLedger, spoil, type CallOutcome } from './_lib/fuzz.js';
import { allowedSamples, openingInput, readMethods, sequenceArbitrary, shadowOf, type AtChoice, type Hooks, type Step } from './_lib/fuzzEngine.js';
import { resolveHostile } from './_lib/hostile.js';
import { dropTables } from './_lib/storeHarness.js';

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl === undefined) {
  console.warn(
    '\n[fuzz.engine] DATABASE_URL is not set: SKIPPING the engine fuzz on PostgreSQL (the memory store is still fuzzed). `npm run db:start` starts a throw-away server that `npm test` then uses (README.md, "Running the PostgreSQL suite"); CI starts one the same way.\n',
  );
}

/** Sequences per store (of 10–50 steps each, after opening 1–4 cases). */
const SEQUENCES = { memory: 400, postgres: 200 } as const;
/**
 * A ceiling for the whole property, far above its usual 5–30 s: past it, generating or shrinking
 * stops and the test fails with the smallest counterexample found so far (shrinking sequences on
 * PostgreSQL can otherwise take ten minutes).
 */
const PROPERTY_BUDGET_MS = 240_000;
const START = '2026-09-01T09:00:00+08:00';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** One sequence's store, with what the test does behind the engine's back. */
interface FuzzStore {
  current(): CaseStore;
  /** A new store object on the same data (an app instance restarting), from now on the current one. */
  reopen(): CaseStore;
  /** Everything stored, as one string: a refused call must leave it unchanged. */
  fingerprint(): Promise<string>;
  dispose(): Promise<void>;
}

interface FuzzTarget {
  readonly name: 'memory' | 'postgres';
  readonly skip: boolean;
  fresh(): Promise<FuzzStore>;
}

const memoryTarget: FuzzTarget = {
  name: 'memory',
  skip: false,
  async fresh() {
    let store: MemoryStore = memoryStore();
    return {
      current: () => store,
      reopen: () => (store = memoryStore({ data: store.toJSON() })),
      fingerprint: async () => JSON.stringify(store.toJSON()),
      dispose: async () => {},
    };
  },
};

const run = randomBytes(3).toString('hex');
let pool: pg.Pool | undefined;
const postgresTarget: FuzzTarget = {
  name: 'postgres',
  skip: databaseUrl === undefined,
  async fresh() {
    pool ??= new pg.Pool({ connectionString: databaseUrl, max: 6 }).on('error', () => {});
    const prefix = `lef_${run}_${randomBytes(3).toString('hex')}_`;
    let store = postgresStore({ pool, tablePrefix: prefix });
    await store.migrate();
    const tables = Object.values(store.tables);
    const dump = tables.map((table) => `(SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM ${table} t)`).join(` || E'\\n--\\n' || `);
    return {
      current: () => store,
      reopen: () => (store = postgresStore({ pool: pool!, tablePrefix: prefix })),
      fingerprint: async () => String((await pool!.query(`SELECT md5(${dump}) AS digest`)).rows[0].digest),
      dispose: () => dropTables(pool!, prefix),
    };
  },
};

afterAll(async () => {
  await pool?.end();
});

/** What a sequence saw, for the log: how deep its calls went. */
interface Reach {
  states: Set<string>;
  accepted: number;
  replays: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const safeJson = (value: unknown): string | undefined => {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
};
/** `list` queries; `cursor: 'next'` stands for the page after the last page listed (pages of 1 or 2, so sequences of a few cases have next pages). */
const listQueries: readonly unknown[] = [
  undefined,
  {},
  { state: 'enforcing' },
  { state: 'legalReview' },
  { state: 'enforcing.planning' },
  { unit: 'market-regulation' },
  { unit: 'fire-rescue', overdue: false },
  { overdue: true },
  { limit: 1 },
  { state: 'enforcing', limit: 2 },
  { limit: 1, cursor: 'next' },
  { cursor: 'not a cursor' },
  { limit: 501 },
];

/** `list`'s page: at most `limit` (default 50) distinct cases, a cursor or `null`, and the cases that could not be read. */
function checkPage(query: unknown, page: unknown): string | null {
  const { items, nextCursor, failed } = page as { items: SendResult[]; nextCursor: unknown; failed: unknown };
  const limit = (query as { limit?: number } | undefined)?.limit ?? 50;
  if (!Array.isArray(items) || !Array.isArray(failed) || (nextCursor !== null && typeof nextCursor !== 'string')) throw new Error(`list(${safeJson(query)}) returned ${safeJson(page)}, not { items, nextCursor, failed }`);
  if (items.length + failed.length > limit) throw new Error(`list(${safeJson(query)}) returned ${items.length + failed.length} cases, more than its limit ${limit}`);
  if (new Set(items.map((item) => item.caseId)).size !== items.length) throw new Error(`list(${safeJson(query)}) returned a case twice`);
  return nextCursor;
}

interface Sequence {
  readonly hooks: Hooks;
  readonly openings: readonly { readonly opening: number; readonly item: number }[];
  readonly steps: readonly Step[];
}

const throwing = (what: string) => () => {
  throw new Error(`${what} is down`);
};

async function runSequence(target: FuzzTarget, { hooks, openings, steps }: Sequence, ledger: FuzzLedger, reach: Reach): Promise<void> {
  const stored = await target.fresh();
  try {
    const clock = testClock(START);
    const delivered: string[] = [];
    const newEngine = (): CaseEngine =>
      createCaseEngine({
        store: stored.current(),
        clock,
        onNotification: hooks === 'recording' ? (_notification, meta) => void delivered.push(meta.id) : throwing('the SMS gateway'),
        onHookError: hooks === 'throwingTwice' ? throwing('the error log') : () => {},
        delivery: { baseDelayMs: 60_000, maxAttempts: 3 },
      });
    let engine = newEngine();
    const opened = new Set<string>();
    let fingerprint = await stored.fingerprint();
    let keys = 0;
    /** The last `list` page that had a next one: its query and `nextCursor`. */
    const paging: { last: { query: Record<string, unknown>; nextCursor: string } | null } = { last: null };
    let lastKeyed: { caseId: string; event: unknown; options: SendOptions; result?: SendResult } | undefined;

    /** One generated call: typed outcome, in time (the ledger), and a refused call or a read leaves the store unchanged. */
    const call = async (entry: string, args: readonly unknown[], invoke: () => unknown, changes: boolean): Promise<CallOutcome> => {
      const outcome = await ledger.runAsync({ entry, args, run: invoke });
      const after = await stored.fingerprint();
      if ((outcome.kind === 'typed' || !changes) && after !== fingerprint) {
        throw new Error(`${entry} ${outcome.kind === 'typed' ? `was refused (${outcome.code}) but` : 'returned and only reads, but'} changed what is stored`);
      }
      fingerprint = after;
      if (outcome.kind === 'returned' && (entry === 'open' || entry === 'send')) {
        const result = outcome.value as SendResult;
        if (result.history.length !== result.version) throw new Error(`${entry} returned version ${result.version} with ${result.history.length} history entries`);
        reach.states.add(result.state);
        reach.accepted += 1;
      }
      return outcome;
    };
    const caseIdOf = (slot: number) => `c${slot}`;
    const lastAt = async (caseId: string) => {
      const snapshot = await shadowOf(engine, caseId);
      return { snapshot, lastMs: Date.parse(snapshot.context.history.at(-1)!.at) };
    };
    /** The instant to write into `at`, moving the clock to it where a live system's clock would be. */
    const atFor = (choice: AtChoice, sampleAt: string | undefined, lastMs: number): string | undefined => {
      const now = clock.now().getTime();
      switch (choice) {
        case 'omit':
          return undefined;
        case 'sample':
          if (sampleAt === undefined) return iso(now);
          clock.advanceTo(sampleAt);
          return sampleAt;
        case 'now':
          return iso(now);
        case 'ahead':
          return iso(now + DAY);
        case 'behind':
          return iso(Math.min(now, lastMs) - HOUR);
        case 'outside':
          return lastMs % 2 === 0 ? '1999-12-31T00:00:00Z' : '2100-01-01T00:00:00+08:00';
      }
    };

    const send = async (caseId: string, event: unknown, options: SendOptions | undefined) =>
      call('send', options === undefined ? [caseId, event] : [caseId, event, options], () => (options === undefined ? engine.send(caseId, event as never) : engine.send(caseId, event as never, options)), true);

    for (const [slot, { opening, item }] of openings.entries()) {
      const input = openingInput(opening, item, caseIdOf(slot));
      const outcome = await call('open', [input], () => engine.open(input), true);
      if (outcome.kind === 'returned') opened.add(caseIdOf(slot));
    }
    for (const step of steps) {
      switch (step.kind) {
        case 'open': {
          const caseId = caseIdOf(step.slot);
          const input: Record<string, unknown> = { ...openingInput(step.opening, step.item, caseId) };
          const given = atFor(step.at === 'behind' ? 'behind' : step.at, undefined, clock.now().getTime());
          if (given !== undefined) input.at = given;
          const value = step.spoil === null ? input : spoil(input, step.spoil, resolveHostile);
          const outcome = await call('open', [value], () => engine.open(value as never), true);
          if (outcome.kind === 'returned') opened.add((outcome.value as SendResult).caseId);
          break;
        }
        case 'send': {
          const caseId = caseIdOf(step.slot);
          if (!opened.has(caseId)) {
            await send(caseId, { type: 'review.pass', by: { unit: 'command-center' } }, undefined);
            break;
          }
          const { snapshot, lastMs } = await lastAt(caseId);
          const samples = allowedSamples(snapshot, step.onward);
          let sample: CaseEvent | undefined = samples.length === 0 ? undefined : samples[step.pick % samples.length];
          if (step.random !== null || sample === undefined) {
            const random = step.random ?? { type: allEventTypes[step.pick % allEventTypes.length]!, actor: step.pick };
            sample = sampleEvent(random.type, actorPool[random.actor % actorPool.length]!.by, snapshot.context);
          }
          const event: Record<string, unknown> = { ...sample };
          const given = atFor(step.at, sample.at, lastMs);
          if (given === undefined) delete event.at;
          else event.at = given;
          const version = snapshot.context.history.length;
          const options: SendOptions = {
            ...(step.pin === 'current' ? { expectedVersion: version } : step.pin === 'stale' ? { expectedVersion: version > 1 ? version - 1 : version + 5 } : {}),
            ...(step.key === 'fresh' ? { idempotencyKey: `k${++keys}` } : step.key === 'reused' && lastKeyed !== undefined ? { idempotencyKey: lastKeyed.options.idempotencyKey! } : {}),
          };
          const value = step.spoil === null ? event : spoil(event, step.spoil, resolveHostile);
          const outcome = await send(caseId, value, Object.keys(options).length === 0 ? undefined : options);
          if (step.key === 'reused' && lastKeyed?.result !== undefined && lastKeyed.caseId === caseId && outcome.kind === 'returned') {
            const [before, now] = [safeJson(lastKeyed.event), safeJson(value)];
            if (before !== undefined && now !== undefined && before !== now) throw new Error(`idempotency key ${options.idempotencyKey} was taken again for another event on ${caseId}`);
          }
          if (step.key === 'fresh') lastKeyed = { caseId, event: value, options, ...(outcome.kind === 'returned' ? { result: outcome.value as SendResult } : {}) };
          break;
        }
        case 'retry': {
          if (lastKeyed === undefined) break;
          const { caseId, event, options, result } = lastKeyed;
          const outcome = await call('send', [caseId, event, options], () => engine.send(caseId, event as never, options), result === undefined);
          if (result !== undefined) {
            if (outcome.kind !== 'returned') throw new Error(`a retry of ${options.idempotencyKey} on ${caseId} was refused (${outcome.kind === 'typed' ? outcome.code : 'untyped'}) after its first attempt was accepted`);
            const again = outcome.value as SendResult;
            if (again.version !== result.version || again.state !== result.state) throw new Error(`a retry of ${options.idempotencyKey} gave version ${again.version} (${again.state}), the first ${result.version} (${result.state})`);
            reach.replays += 1;
          } else if (outcome.kind === 'returned') {
            lastKeyed = { ...lastKeyed, result: outcome.value as SendResult };
          }
          break;
        }
        case 'race': {
          const caseId = caseIdOf(step.slot);
          if (!opened.has(caseId)) break;
          const snapshot = await shadowOf(engine, caseId);
          const samples = allowedSamples(snapshot);
          if (samples.length === 0) break;
          const events = step.picks.map((pick) => {
            const { at: _at, ...event } = samples[pick % samples.length]!;
            return event;
          });
          const before = fingerprint;
          // Every other send through a second engine on the same store: another app instance, its own cache.
          const other = newEngine();
          const outcomes = await Promise.all(
            events.map((event, index) => ledger.runAsync({ entry: 'send', args: [caseId, event], run: () => (index % 2 === 0 ? engine : other).send(caseId, event as never) })),
          );
          fingerprint = await stored.fingerprint();
          const landed = outcomes.filter((outcome) => outcome.kind === 'returned').length;
          if (landed === 0 && fingerprint !== before) throw new Error('a race of refused sends changed what is stored');
          const after = await shadowOf(engine, caseId);
          if (after.context.history.length !== snapshot.context.history.length + landed) {
            throw new Error(`${landed} of ${events.length} racing sends landed, but ${caseId} went from version ${snapshot.context.history.length} to ${after.context.history.length}`);
          }
          reach.accepted += landed;
          break;
        }
        case 'read': {
          const caseId = caseIdOf(step.slot);
          const by = actorPool[step.actor % actorPool.length]!.by;
          const chosen = listQueries[step.option % listQueries.length] as Record<string, unknown> | undefined;
          const listQuery: Record<string, unknown> | undefined = chosen?.cursor === 'next' ? (paging.last === null ? { limit: 1 } : { ...paging.last.query, cursor: paging.last.nextCursor }) : chosen;
          const args: Record<(typeof readMethods)[number], readonly unknown[]> = {
            get: [caseId],
            list: listQuery === undefined ? [] : [listQuery],
            history: [caseId],
            allowedEvents: [caseId, by],
            inbox: [by, [{}, { limit: 1 }, { limit: 2, cursor: 'x' }, undefined][step.option % 4]],
            done: [by, [{}, { limit: 1 }, undefined][step.option % 3]],
            verifyAudit: [caseId],
            verifyAll: [step.option % 3 === 0 ? {} : step.option % 3 === 1 ? { limit: 1 + (step.option % 2) } : { limit: 2, cursor: caseId }],
            pendingNotifications: [[{}, { status: 'delivered' }, { status: 'failed', caseId }, { limit: 2 }][step.option % 4]],
          };
          const outcome = await call(step.method, args[step.method], () => (engine[step.method] as (...values: unknown[]) => unknown)(...args[step.method]), false);
          if (outcome.kind === 'returned' && step.method === 'list') {
            const next = checkPage(listQuery, outcome.value);
            const earlier = new Set((outcome.value as { items: SendResult[] }).items.map((item) => item.caseId));
            // The next page (the store is as it was) starts after this one: no case again.
            if (next !== null && listQuery !== undefined) {
              const following = await engine.list({ ...(listQuery as object), cursor: next });
              checkPage(listQuery, following);
              if (following.items.some((item) => earlier.has(item.caseId))) throw new Error(`list(${safeJson(listQuery)})'s next page repeats a case`);
            }
            paging.last = next === null ? null : { query: (listQuery ?? {}) as Record<string, unknown>, nextCursor: next };
          }
          if (outcome.kind === 'returned' && step.method === 'get') {
            const view = outcome.value as SendResult;
            if (view.history.length !== view.version) throw new Error(`get(${caseId}) gave version ${view.version} with ${view.history.length} history entries`);
          }
          if (outcome.kind === 'returned' && step.method === 'verifyAudit' && !(outcome.value as { ok: boolean }).ok) {
            throw new Error(`verifyAudit(${caseId}) found problems: ${JSON.stringify((outcome.value as { problems: unknown }).problems)}`);
          }
          break;
        }
        case 'sweep': {
          const now = clock.now().getTime();
          const given = { omit: undefined, now: clock.now(), behind: iso(now - DAY), ahead: iso(now + DAY), outside: new Date(8.64e15) }[step.now];
          await call('sweep', given === undefined ? [] : [given], () => (given === undefined ? engine.sweep() : engine.sweep(given)), true);
          break;
        }
        case 'deliver': {
          const handler = step.failing
            ? () => {
                throw new Error('SMS gateway down');
              }
            : (_notification: unknown, meta: { id: string }) => void delivered.push(meta.id);
          const options = step.limit === null ? undefined : { limit: step.limit };
          await call('deliverNotifications', options === undefined ? [handler] : [handler, options], () => engine.deliverNotifications(handler, options), true);
          break;
        }
        case 'hostile': {
          const args = step.args.map(resolveHostile);
          const changes = step.method === 'open' || step.method === 'send' || step.method === 'sweep' || step.method === 'deliverNotifications';
          const outcome = await call(step.method, args, () => (engine[step.method] as (...values: unknown[]) => unknown)(...args), changes);
          if (outcome.kind === 'returned' && step.method === 'open') opened.add((outcome.value as SendResult).caseId);
          break;
        }
        case 'tick':
          clock.advanceTo(iso(clock.now().getTime() + step.minutes * 60_000));
          break;
        case 'restart': {
          stored.reopen();
          engine = newEngine();
          if ((await stored.fingerprint()) !== fingerprint) throw new Error('reopening the store changed what it holds');
          break;
        }
      }
    }

    // After the sequence: every case it touched is whole, and its audit verifies.
    for (const caseId of opened) {
      const view = await engine.get(caseId);
      const log = await engine.history(caseId);
      expect([view.version, view.history.length], caseId).toEqual([log.length, log.length]);
      const verdict = await engine.verifyAudit(caseId);
      expect(verdict.problems, caseId).toEqual([]);
      expect(verdict.ok).toBe(true);
    }
    expect((await listedCases(engine)).map((view) => view.caseId).sort()).toEqual([...opened].sort());
    const all = await engine.verifyAll({ limit: 1000 });
    expect(all.cases.filter((verdict) => !verdict.ok)).toEqual([]);
    expect(all.cases).toHaveLength(opened.size);
  } finally {
    await stored.dispose();
  }
}

describe.each([memoryTarget, postgresTarget])('fuzz: every engine method on the $name store', (target) => {
  const ledger = new FuzzLedger();
  const reach: Reach = { states: new Set(), accepted: 0, replays: 0 };

  it.skipIf(target.skip)('never fails untyped or hangs; refused calls and reads change nothing; every touched case stays whole', { timeout: PROPERTY_BUDGET_MS + 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(sequenceArbitrary, async (sequence) => {
        await runSequence(target, sequence, ledger, reach);
      }),
      { numRuns: SEQUENCES[target.name], interruptAfterTimeLimit: PROPERTY_BUDGET_MS, markInterruptAsFailure: true },
    );
    console.log(`${ledger.summary(`fuzz.engine ${target.name}`)}\n  reached states: ${[...reach.states].sort().join(', ')}; ${reach.accepted} events accepted, ${reach.replays} idempotent replays`);
    expect(ledger.total).toBeGreaterThanOrEqual(SEQUENCES[target.name] * 10);
    // The sequences went past the argument checks: deep into the case, and through every method.
    expect([...ledger.counts.keys()].sort()).toEqual(['allowedEvents', 'deliverNotifications', 'done', 'get', 'history', 'inbox', 'list', 'open', 'pendingNotifications', 'send', 'sweep', 'verifyAll', 'verifyAudit']);
    expect(reach.states.has('enforcing.executing') || reach.states.has('enforcing.reporting')).toBe(true);
  });
});
