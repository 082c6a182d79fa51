/**
 * Fuzz: generated calls to the case machine's entry points (createCaseMachine, parseCaseInput,
 * the selectors, dossierOf, renderDossierHtml, the diagram functions, and `createActor(machine, { input })` driven by
 * generated events), and to the stores' and the audit's own public functions (memoryStore with
 * data spoilt anywhere and an engine run on it, postgresStore, postgresSchema, migrate,
 * verifyAuditChain, auditEntryHash, createCaseEngine). Mostly well-formed arguments taken from
 * real cases at every stage, spoilt or replaced by hostile values (test/_lib/hostile.ts). Every
 * call must return or throw a LinkedEnforcementError within the time limit; the machine's own
 * answers must agree (`can`, `explainEvent`, what `send` does, `parseCaseInput` and a failed
 * start).
 */
import fc from 'fast-check';
import pg from 'pg';
import { createActor } from 'xstate';
import { afterAll, describe, expect, it } from 'vitest';
import {
  allowedEvents,
  auditEntryHash,
  caseMachine,
  createCaseEngine,
  createCaseMachine,
  createWorkCalendar,
  defaultCalendar,
  defineCatalog,
  dossierOf,
  explainEvent,
  isLinkedEnforcementError,
  labelOfState,
  memoryStore,
  parseCaseInput,
  renderDossierHtml,
  selectDeadlines,
  selectHistory,
  selectState,
  siyangCatalog,
  stateLabels,
  statePathOf,
  toDiagramJson,
  toMermaid,
  verifyAuditChain,
  type CaseMachine,
  type MemoryStoreData,
} from 'linked-enforcement';
import { postgresSchema, postgresStore } from '../src/store/postgres/index.js';
import type { CaseEvent } from '../machines/schemas.js';
import { testClock } from './_lib/engine.js';
import { dropTables } from './_lib/storeHarness.js';
import { actorPool, allEventTypes, sampleEvent } from './_lib/eventPool.js';
import { argumentsOf, entryPoint as entry, FuzzLedger, pathsOf, spoil, spoiling, withValueAt, type Entry, type FuzzCall } from './_lib/fuzz.js';
import { allowedSamples, openingInput, shadowOf, type CaseSnapshot } from './_lib/fuzzEngine.js';
import { hostileValue, mostly, resolveHostile } from './_lib/hostile.js';

const databaseUrl = process.env.DATABASE_URL;
const ledger = new FuzzLedger();
/** Generated calls per synchronous entry point, generated actors (each started and sent up to 40 events), calls per entry point on stored data. */
const CALLS_PER_ENTRY = 150;
const ACTOR_RUNS = 300;
const STORED_DATA_RUNS = 300;
const START = '2026-09-01T09:00:00+08:00';

const countyMachine = createCaseMachine({
  resultsDueWorkingDays: 3,
  leaders: [
    { name: '张县长', post: 'principal', oversees: [] },
    { name: '李副县长', post: 'inCharge', oversees: ['fire-rescue', 'market-regulation'] },
  ],
});
const machines: readonly CaseMachine[] = [caseMachine, countyMachine];

// --- real snapshots at every stage, from every kind of opening -------------------------------

/** The onward event that goes furthest (archive before upload before end…), so a walk reaches the end. */
const furthest: readonly string[] = ['case.archive', 'results.upload', 'enforcement.end', 'plan.submit', 'task.dispatch', 'emergency.report', 'leader.approve', 'legal.approve', 'review.pass'];
function walk(machine: CaseMachine, opening: number, item: number): CaseSnapshot[] {
  const actor = createActor(machine, { input: { ...openingInput(opening, item, `w${opening}-${item}`), at: START } as never });
  actor.start();
  const snapshots = [actor.getSnapshot()];
  for (let step = 0; step < 14 && actor.getSnapshot().status === 'active'; step++) {
    const samples = allowedSamples(actor.getSnapshot(), true);
    const next = furthest.map((type) => samples.find((sample) => sample.type === type)).find((sample) => sample !== undefined);
    if (next === undefined) break;
    actor.send(next);
    snapshots.push(actor.getSnapshot());
  }
  actor.stop();
  return snapshots;
}
const snapshots: readonly CaseSnapshot[] = [...Array.from({ length: 9 }, (_, opening) => walk(caseMachine, opening, opening * 5)).flat(), ...walk(countyMachine, 0, 0)];
const closed = snapshots.filter((snapshot) => snapshot.status === 'done');

// --- stored data: a memory store's JSON with cases at several stages and an outbox -------------

async function storedData(): Promise<MemoryStoreData> {
  const clock = testClock(START);
  const store = memoryStore();
  const engine = createCaseEngine({ store, clock });
  for (const [index, opening] of [0, 1, 4, 5].entries()) {
    const caseId = `s${index}`;
    await engine.open(openingInput(opening, 0, caseId));
    for (let step = 0; step < 3 + index * 2; step++) {
      const samples = allowedSamples(await shadowOf(engine, caseId), true);
      if (samples.length === 0) break;
      const { at, ...event } = samples[0]!;
      clock.advanceTo(at);
      await engine.send(caseId, event as never, { idempotencyKey: `k${index}-${step}` });
    }
  }
  await engine.deliverNotifications(() => {}, { limit: 3 });
  return store.toJSON();
}
const data = await storedData();
const caseIds = Object.keys(data.cases);

// --- arguments ----------------------------------------------------------------------------------

const extra = hostileValue();
const snapshot = mostly(fc.constantFrom(...snapshots));
const actor = mostly(fc.constantFrom(...actorPool.map(({ by }) => by), { unit: 'commerce' }, { system: 'sweeper' }));
const instant = mostly(fc.constantFrom(START, '2026-10-14T09:00:00+08:00', new Date('2026-12-01T00:00:00Z'), '2026-10-14'));
const replacement = fc.oneof({ weight: 2, arbitrary: hostileValue() }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
/** A well-formed value (from `values`), sometimes spoilt at one of its paths. */
const spoilt = <T>(values: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 2, arbitrary: values }, { weight: 3, arbitrary: fc.tuple(values, spoiling(replacement)).map(([value, how]) => spoil(value, how, (ref) => ref)) }, { weight: 1, arbitrary: hostileValue() });
const openingAt = fc.tuple(fc.nat(), fc.nat()).map(([opening, item]) => ({ ...openingInput(opening, item, `p${opening}`), at: START }));
/** An event for a snapshot: one it takes now, or any type from anyone; sometimes spoilt. */
const eventFor = (pool: readonly CaseSnapshot[]) =>
  fc.tuple(fc.nat({ max: pool.length - 1 }), fc.nat(), fc.boolean(), fc.constantFrom(...allEventTypes), fc.nat({ max: actorPool.length - 1 })).map(([index, pick, onward, type, by]) => {
    const target = pool[index]!;
    const samples = allowedSamples(target, onward);
    const event = samples.length > 0 && pick % 3 !== 0 ? samples[pick % samples.length]! : sampleEvent(type, actorPool[by]!.by, target.context);
    return [target, event] as const;
  });
const machineOptions = fc.record(
  {
    resultsDueWorkingDays: mostly(fc.integer({ min: 0, max: 400 })),
    leaders: mostly(
      fc.constantFrom(
        [{ name: '张县长', post: 'principal', oversees: [] }],
        [{ name: '李副县长', post: 'inCharge', oversees: ['fire-rescue'] }],
        [{ name: '张县长', post: 'principal', oversees: ['nowhere'] }],
        [],
      ),
    ),
    centerUnit: mostly(fc.constantFrom('command-center', 'justice', 'locality:王集镇', 'center')),
    legalReviewUnit: mostly(fc.constantFrom('justice', 'command-center', 'nobody')),
    catalog: mostly(fc.constantFrom(siyangCatalog, defineCatalog({ name: '某县', roles: { commandCenter: 'center', legalReview: 'justice' }, units: [{ id: 'center', name: '指挥中心', kind: 'department' }, { id: 'justice', name: '司法局', kind: 'department' }, { id: 'police', name: '公安局', kind: 'department' }], items: [{ no: 1, id: 'x', name: '联合执法', lead: 'police', cooperating: ['justice'] }] }))),
    calendar: mostly(fc.constantFrom(defaultCalendar, createWorkCalendar({ beyondCoverage: 'throw' }), { deadline: () => 'not a deadline' })),
  },
  { requiredKeys: [] },
);
const storedCase = fc.constantFrom(...caseIds).map((caseId) => ({ caseId, envelope: data.cases[caseId]!.envelope, entries: data.cases[caseId]!.audit }));
const schemaOptions = fc.record({ tablePrefix: mostly(fc.constantFrom('le_', 'siyang_', 'Bad-Prefix', 'x'.repeat(40))), ownerRole: mostly(fc.constantFrom('le_owner', 'a b', '')), appRole: mostly(fc.constantFrom('le_app', '"app"')) }, { requiredKeys: [] });
const fakePool = { query: async () => ({ rows: [], rowCount: 0 }) };

const isString = (value: unknown) => (typeof value === 'string' ? undefined : `returned ${String(value)}, not a string`);

const entries: Entry[] = [
  entry('createCaseMachine', argumentsOf([mostly(machineOptions)], extra), createCaseMachine as never),
  entry('parseCaseInput', argumentsOf([spoilt(openingAt), mostly(fc.constantFrom(...machines))], extra), parseCaseInput as never),
  entry('allowedEvents', argumentsOf([snapshot, actor], extra), allowedEvents as never),
  entry(
    'explainEvent',
    fc.tuple(eventFor(snapshots), spoiling(replacement), hostileValue(), fc.nat({ max: 3 })).map(([[target, event], how, hostile, roll]) => (roll === 0 ? [target, spoil(event, how, (ref) => ref)] : roll === 1 ? [hostile, event] : [target, event])),
    explainEvent as never,
  ),
  entry('selectState', argumentsOf([snapshot], extra), selectState as never),
  entry('selectHistory', argumentsOf([snapshot], extra), selectHistory as never),
  entry('selectDeadlines', argumentsOf([snapshot, instant], extra), selectDeadlines as never),
  entry('statePathOf', argumentsOf([mostly(fc.constantFrom(...snapshots.map((s) => s.value), 'enforcing', 'opening', { enforcing: 'nowhere' }, { enforcing: { planning: 'x' } }))], extra), statePathOf as never, isString),
  entry('labelOfState', argumentsOf([mostly(fc.constantFrom(...Object.keys(stateLabels), 'opening', 'toString', '__proto__'))], extra), labelOfState as never),
  entry('dossierOf', argumentsOf([spoilt(fc.constantFrom(...closed, ...snapshots.slice(0, 3)).map((s) => s.context))], extra), dossierOf as never),
  entry(
    'toMermaid',
    argumentsOf(
      [
        mostly(fc.constantFrom(...machines)),
        mostly(fc.record({ language: mostly(fc.constantFrom('zh', 'en')), direction: mostly(fc.constantFrom('TB', 'LR')), selfTransitions: mostly(fc.constantFrom('list', 'loop')), highlight: spoilt(fc.constantFrom(...snapshots)) }, { requiredKeys: [] })),
      ],
      extra,
    ),
    toMermaid as never,
    isString,
  ),
  entry(
    'renderDossierHtml',
    argumentsOf([spoilt(fc.constantFrom(...closed).map((s) => s.output)), mostly(fc.record({ locale: mostly(fc.constantFrom('zh-CN', 'en')), history: fc.option(spoilt(storedCase.map((log) => log.entries)), { nil: undefined, freq: 4 }) }, { requiredKeys: [] }))], extra),
    renderDossierHtml as never,
    isString,
  ),
  entry('toDiagramJson', argumentsOf([mostly(fc.constantFrom(...machines))], extra), toDiagramJson as never),
  entry('verifyAuditChain', argumentsOf([spoilt(storedCase)], extra), verifyAuditChain as never, (value) => ((value as { ok?: unknown }).ok === undefined ? 'returned no verdict' : undefined)),
  entry('auditEntryHash', argumentsOf([spoilt(storedCase.map((log) => log.entries[0]))], extra), auditEntryHash as never, (value) => (/^[0-9a-f]{64}$/u.test(String(value)) ? undefined : `returned ${String(value)}`)),
  entry('memoryStore', argumentsOf([mostly(fc.record({ data: spoilt(fc.constant(data)) }, { requiredKeys: [] }))], extra), memoryStore as never),
  entry('postgresSchema', argumentsOf([mostly(schemaOptions)], extra), postgresSchema as never, isString),
  entry('postgresStore', argumentsOf([mostly(fc.record({ pool: mostly(fc.constant(fakePool)), tablePrefix: mostly(fc.constantFrom('le_', 'Bad-Prefix')) }, { requiredKeys: ['pool'] }))], extra), postgresStore as never),
  entry(
    'createCaseEngine',
    argumentsOf(
      [
        mostly(
          fc.record(
            {
              store: mostly(fc.constant(undefined).map(() => memoryStore())),
              machine: mostly(fc.constantFrom(...machines)),
              machineVersion: mostly(fc.integer({ min: -1, max: 3 })),
              clock: mostly(fc.constantFrom({ now: () => new Date() }, { now: () => 'now' })),
              maxAttempts: mostly(fc.integer({ min: 0, max: 2000 })),
              maxClockSkewMs: mostly(fc.integer({ min: -1, max: 10 ** 9 })),
              delivery: mostly(fc.record({ maxAttempts: mostly(fc.nat(10)), baseDelayMs: mostly(fc.nat(10 ** 8)), leaseMs: mostly(fc.nat(10 ** 8)) }, { requiredKeys: [] })),
              migrations: mostly(fc.constantFrom([], [{ from: 1, to: 2, migrate: (snapshot: unknown) => snapshot }], [{ from: 2, to: 1, migrate: () => null }])),
              sweeper: mostly(fc.constantFrom({ system: 'sweep' }, { unit: 'x' })),
            },
            { requiredKeys: [] },
          ),
        ),
      ],
      extra,
    ),
    createCaseEngine as never,
  ),
];

describe('fuzz: the case machine, the stores and the audit never fail untyped, never hang', () => {
  afterAll(() => {
    console.log(ledger.summary('fuzz.machine'));
  });

  it('the snapshots come from every stage, closed ones included', () => {
    const reached = new Set(snapshots.map((s) => statePathOf(s.value)));
    expect(reached.size).toBeGreaterThanOrEqual(12);
    expect(closed.length).toBeGreaterThan(0);
    expect([...reached]).toContain('archived');
  });

  it.each(entries.map(({ name, calls }) => [name, calls] as const))('%s', { timeout: 180_000 }, (_, calls) => {
    fc.assert(
      fc.property(calls, (generated) => {
        ledger.run(generated);
      }),
      { numRuns: CALLS_PER_ENTRY },
    );
  });

  it('createActor(machine, { input }) with generated input and events: never an error status, and can, explainEvent and send agree', { timeout: 240_000 }, () => {
    const oneIn = <T,>(n: number, arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: n - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });
    const step = fc.record({
      pick: fc.nat(),
      onward: fc.constantFrom(true, true, false),
      random: oneIn(5, fc.record({ type: fc.constantFrom(...allEventTypes), by: fc.nat({ max: actorPool.length - 1 }) })),
      hours: fc.integer({ min: -2, max: 300 }),
      how: oneIn(4, spoiling(replacement)),
      roll: fc.nat({ max: 9 }),
    });
    fc.assert(
      fc.property(fc.oneof({ weight: 2, arbitrary: openingAt }, { weight: 1, arbitrary: spoilt(openingAt) }), fc.constantFrom(...machines), fc.array(step, { maxLength: 40 }), (generated, machine, steps) => {
        const input = resolveHostile(generated);
        const errors: unknown[] = [];
        const started = ledger.run({
          entry: 'createActor',
          args: [input],
          run: () => {
            const created = createActor(machine, { input: input as never });
            created.subscribe({ error: (error) => void errors.push(error) });
            created.start();
            return created;
          },
        });
        if (started.kind !== 'returned') return;
        const running = started.value as ReturnType<typeof createActor<CaseMachine>>;
        // A failed start holds the error parseCaseInput throws for the same input.
        const parsed = ledger.run({ entry: 'parseCaseInput', args: [input], run: () => parseCaseInput(input, machine) });
        const first = running.getSnapshot();
        if (first.status === 'error') {
          if (!isLinkedEnforcementError(first.error)) throw new Error(`the actor failed to start with ${String(first.error)}`);
          expect(parsed).toMatchObject({ kind: 'typed', code: first.error.code });
          return;
        }
        expect(parsed.kind).toBe('returned');
        for (const s of steps) {
          const before = running.getSnapshot();
          if (before.status !== 'active') break;
          const last = Date.parse(before.context.history.at(-1)!.at);
          const samples = allowedSamples(before, s.onward);
          const base: CaseEvent =
            s.random === null && samples.length > 0 ? samples[s.pick % samples.length]! : sampleEvent(s.random?.type ?? 'case.urge', actorPool[s.random?.by ?? 0]!.by, before.context);
          const timed = s.roll < 7 ? base : { ...base, at: new Date(last + s.hours * 3_600_000).toISOString() };
          const event = s.how === null ? timed : spoil(timed, s.how, resolveHostile);
          // XState takes event objects with a string type other than its wildcard '*' (which it refuses itself, before
          // any machine code runs: "An event cannot have the wildcard type"); anything else is the engine's to refuse.
          if (typeof event !== 'object' || event === null || typeof (event as { type?: unknown }).type !== 'string' || (event as { type: string }).type === '*') continue;
          const can = ledger.run({ entry: 'snapshot.can', args: [event], run: () => before.can(event as CaseEvent) });
          const why = ledger.run({ entry: 'explainEvent', args: [before, event], run: () => explainEvent(before, event) });
          const sent = ledger.run({ entry: 'actor.send', args: [event], run: () => running.send(event as CaseEvent) } satisfies FuzzCall);
          const after = running.getSnapshot();
          expect(errors).toEqual([]);
          expect(after.status).not.toBe('error');
          const taken = after.context.history.length === before.context.history.length + 1;
          if (!taken) expect(after).toBe(before);
          expect([sent.kind, can.kind === 'returned' && can.value, why.kind === 'returned' && why.value === undefined]).toEqual(['returned', taken, taken]);
        }
        running.stop();
      }),
      { numRuns: ACTOR_RUNS },
    );
  });

  it('an engine on stored data spoilt anywhere answers every method with a result or a typed error; verifyAudit and sweep never throw for it', { timeout: 240_000 }, async () => {
    const methods = ['get', 'list', 'history', 'allowedEvents', 'inbox', 'done', 'verifyAudit', 'verifyAll', 'sweep', 'deliverNotifications', 'pendingNotifications', 'send'] as const;
    const deepSpoiling = fc.record({ at: fc.nat(), value: fc.oneof({ weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) }, { weight: 1, arbitrary: hostileValue() }) });
    const paths = pathsOf(data, 12);
    await fc.assert(
      fc.asyncProperty(fc.array(deepSpoiling, { minLength: 1, maxLength: 3 }), fc.constantFrom(...methods), fc.constantFrom(...caseIds), async (spoilings, method, caseId) => {
        let spoiltData: unknown = data;
        for (const { at, value } of spoilings) spoiltData = withValueAt(spoiltData, paths[at % paths.length]!, resolveHostile(value));
        const made = ledger.run({ entry: 'memoryStore(spoilt data)', args: [spoiltData], run: () => memoryStore({ data: spoiltData as MemoryStoreData }) });
        if (made.kind !== 'returned') return;
        const engine = createCaseEngine({ store: made.value as ReturnType<typeof memoryStore>, clock: testClock('2026-12-01T09:00:00+08:00') });
        const args: Record<(typeof methods)[number], unknown[]> = {
          get: [caseId],
          list: [],
          history: [caseId],
          allowedEvents: [caseId, { unit: 'command-center' }],
          inbox: [{ unit: 'command-center' }],
          done: [{ unit: 'market-regulation' }],
          verifyAudit: [caseId],
          verifyAll: [],
          sweep: [],
          deliverNotifications: [() => {}],
          pendingNotifications: [{ status: 'pending' }],
          send: [caseId, { type: 'case.urge', by: { unit: 'command-center' }, unit: 'justice' }, { idempotencyKey: 'k0-0' }],
        };
        const outcome = await ledger.runAsync({ entry: `engine.${method}(spoilt data)`, args: args[method], run: () => (engine[method] as (...values: unknown[]) => unknown)(...args[method]) });
        if (method === 'verifyAudit' || method === 'verifyAll' || method === 'sweep') {
          expect(outcome.kind === 'returned' || (outcome.kind === 'typed' && outcome.code === 'CASE_NOT_FOUND'), JSON.stringify(outcome)).toBe(true);
        }
      }),
      { numRuns: STORED_DATA_RUNS },
    );
  });

  it.skipIf(databaseUrl === undefined)('postgresStore(…).migrate(options) with generated options (PostgreSQL)', { timeout: 60_000 }, async () => {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 }).on('error', () => {});
    try {
      const prefix = `lefm_${Math.random().toString(36).slice(2, 8)}_`;
      const store = postgresStore({ pool, tablePrefix: prefix });
      await fc.assert(
        fc.asyncProperty(argumentsOf([mostly(fc.record({ ownerRole: mostly(fc.constantFrom('a b', '', '"x"')), appRole: mostly(fc.constantFrom('x; DROP TABLE y', '')) }, { requiredKeys: ['ownerRole'] }))], extra), async (generated) => {
          const args = generated.map(resolveHostile);
          const outcome = await ledger.runAsync({ entry: 'postgresStore.migrate', args, run: () => (store.migrate as (...values: unknown[]) => unknown)(...args) });
          // Generated options name roles that do not exist, or none: never a migration that went through.
          // (`ownerRole: undefined` is the option left out, which migrates as the connecting role.)
          // Read only once migrate went through: a hostile argument it refused may throw when read.
          if (outcome.kind !== 'returned' || typeof args[0] !== 'object' || args[0] === null || !('ownerRole' in args[0])) return;
          if ((args[0] as { ownerRole: unknown }).ownerRole !== undefined) throw new Error(`migrate(${JSON.stringify(args[0])}) went through`);
        }),
        { numRuns: 60 },
      );
      await dropTables(pool, prefix);
    } finally {
      await pool.end();
    }
  });
});
