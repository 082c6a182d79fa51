// Benchmarks the case engine against a bare XState actor doing the same transitions in the same
// run: events per second through `engine.send` with the memory store and with PostgreSQL (1 and 8
// concurrent clients; skipped without DATABASE_URL), and the cost of restoring a stored case.
// Every judged figure is a ratio, so a slow machine changes the times but not the verdict.
// Run alone with `npx tsx bench/engine.ts` (`DATABASE_URL=… npx tsx bench/engine.ts` for PostgreSQL).
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createActor } from 'xstate';
import { caseMachine } from '../machines/caseMachine.js';
import type { CaseEvent, CaseInput } from '../machines/schemas.js';
import { createCaseEngine, memoryStore, type CaseEngine, type CaseStore } from '../src/index.js';
import { postgresStore } from '../src/store/postgres/index.js';

/** A judged figure and whether it met its target (the shape `bench/index.ts` reads). */
export interface Target {
  readonly name: string;
  readonly value: number;
  readonly target: string;
  readonly met: boolean;
}

/** Operations per second, and how many times slower than the bare actor it is. */
export interface Throughput {
  readonly eventsPerSecond: number;
  readonly vsBare: number;
}

/** What `benchEngine` measured. */
export interface EngineBenchResult {
  /** Opening plus the eight events of the application path, per case. */
  readonly eventsPerCase: number;
  readonly bare: { readonly eventsPerSecond: number; readonly restoreUs: number };
  readonly memory: { readonly clients1: Throughput; readonly clients8: Throughput };
  readonly postgres?: { readonly clients1: Throughput; readonly clients8: Throughput };
  readonly restore: {
    /** `engine.get` on fresh copies (as from PostgreSQL): load, validate, check against the machine, build the view. */
    readonly coldGetUs: number;
    /** `engine.get` on the memory store, which validates each stored envelope once. */
    readonly warmGetUs: number;
    /** Cold `engine.get` against a bare `createActor(machine, { snapshot })`. */
    readonly vsBareRestore: number;
    /** Cold `engine.get` against one bare transition. */
    readonly vsBareTransition: number;
  };
  readonly targets: readonly Target[];
}

const bj = (wallClock: string) => `${wallClock.replace(' ', 'T')}:00+08:00`;
const center = { unit: 'command-center' } as const;
const market = { unit: 'market-regulation' } as const;
const inputOf = (caseId: string): CaseInput => ({ caseId, title: '城东农贸市场安全综合执法', itemNo: 1, origin: 'application', applicant: 'market-regulation', at: bj('2026-09-01 09:00'), by: market });
const item1Units = ['market-regulation', 'fire-rescue', 'public-security', 'emergency-management', 'urban-management', 'health', 'agriculture-rural', 'commerce'];
const plan = {
  summary: '分三组检查',
  division: item1Units.map((unit) => ({ unit, duty: '本单位职责范围内的检查' })),
  content: '检查消防、食品和秩序',
  methods: '联合检查',
  steps: '部署、检查、复查',
  timeLimits: '一天',
  contingency: '公安局现场处置',
};

/** The application path: 初审 → 法制审核 → 领导审批 → 派送 → 方案 → 执法结束 → 上传 → 存档. */
const path = (): CaseEvent[] => [
  { type: 'review.pass', by: center, at: bj('2026-09-01 10:00') },
  { type: 'legal.approve', by: { unit: 'justice' }, at: bj('2026-09-02 10:00') },
  { type: 'leader.approve', by: { leader: { name: '李副县长', post: 'inCharge' } }, at: bj('2026-09-03 10:00') },
  { type: 'task.dispatch', by: center, at: bj('2026-09-04 10:00'), place: '城东农贸市场', startAt: bj('2026-09-29 09:00') },
  { type: 'plan.submit', by: market, at: bj('2026-09-10 10:00'), plan },
  { type: 'enforcement.end', by: market, at: bj('2026-09-30 18:00') },
  { type: 'results.upload', by: market, at: bj('2026-10-12 17:00'), results: { summary: '检查商户120家' } },
  { type: 'case.archive', by: center, at: bj('2026-10-12 17:00') },
];
const EVENTS_PER_CASE = path().length + 1;
// The upload's (and the archiving's) time: the engine refuses results dated before its clock and events dated after it.
const clock = { now: () => new Date(bj('2026-10-12 17:00')) };
let sink = 0;

function bareCases(ids: readonly string[]): void {
  for (const caseId of ids) {
    const actor = createActor(caseMachine, { input: inputOf(caseId) }).start();
    for (const event of path()) actor.send(event);
    sink += actor.getSnapshot().context.history.length;
  }
}

async function engineCases(engine: CaseEngine, ids: readonly string[], clients: number): Promise<void> {
  const queue = [...ids];
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let caseId = queue.shift(); caseId !== undefined; caseId = queue.shift()) {
        await engine.open(inputOf(caseId));
        for (const event of path()) sink += (await engine.send(caseId, event)).version;
      }
    }),
  );
}

async function time(run: () => unknown): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
const rate = (cases: number, ms: number) => (cases * EVENTS_PER_CASE) / (ms / 1000);

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * Measures the bare actor and an engine on the same cases in alternating short rounds, and takes
 * medians: a busy machine slows both sides of a round alike, so the ratio holds still.
 */
async function compare(makeEngine: () => Promise<CaseEngine>, cases: number, clients: number, label: string, rounds = 9) {
  const bare: number[] = [];
  const engine: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const instance = await makeEngine();
    const bareMs = await time(() => bareCases(ids(`${label}-bare-${round}`, cases)));
    const engineMs = await time(() => engineCases(instance, ids(`${label}-${round}-${randomBytes(2).toString('hex')}`, cases), clients));
    bare.push(rate(cases, bareMs));
    engine.push(rate(cases, engineMs));
    ratios.push(engineMs / bareMs);
  }
  return { bare: median(bare), throughput: { eventsPerSecond: median(engine), vsBare: median(ratios) } };
}

/** A store handing back fresh copies, as a database does: the engine validates and restores in full every time. */
function copyingStore(store: CaseStore): CaseStore {
  return {
    ...store,
    load: async (caseId, options) => {
      const loaded = await store.load(caseId, options);
      return loaded === undefined ? undefined : structuredClone(loaded);
    },
  };
}

async function measureRestore() {
  const store = memoryStore();
  const engine = createCaseEngine({ store, clock });
  const cold = createCaseEngine({ store: copyingStore(store), clock });
  const caseIds = ids('restore', 40);
  for (const caseId of caseIds) {
    await engine.open(inputOf(caseId));
    for (const event of path().slice(0, 6)) await engine.send(caseId, event);
  }
  const snapshots = await Promise.all(caseIds.map(async (caseId) => ((await store.load(caseId))!.envelope as { snapshot: unknown }).snapshot));
  const results = { bareUs: [] as number[], coldUs: [] as number[], warmUs: [] as number[], transitionUs: [] as number[] };
  const perCase = (ms: number) => (ms / caseIds.length) * 1000;
  for (let round = 0; round < 9; round++) {
    results.bareUs.push(perCase(await time(() => {
      for (const snapshot of snapshots) sink += createActor(caseMachine, { snapshot: structuredClone(snapshot) as never }).getSnapshot().context.history.length;
    })));
    results.coldUs.push(perCase(await time(async () => {
      for (const caseId of caseIds) sink += (await cold.get(caseId)).version;
    })));
    results.warmUs.push(perCase(await time(async () => {
      for (const caseId of caseIds) sink += (await engine.get(caseId)).version;
    })));
    results.transitionUs.push((await time(() => bareCases(ids(`transition-${round}`, 10)))) * 1000 / (10 * EVENTS_PER_CASE));
  }
  return { bareUs: median(results.bareUs), coldUs: median(results.coldUs), warmUs: median(results.warmUs), transitionUs: median(results.transitionUs) };
}

async function postgresFigures(url: string, cases: number) {
  const prefix = `bench_${randomBytes(3).toString('hex')}_`;
  const pools: pg.Pool[] = [];
  const pool = (max: number) => {
    const created = new pg.Pool({ connectionString: url, max });
    created.on('error', () => {});
    pools.push(created);
    return created;
  };
  const admin = pool(1);
  await postgresStore({ pool: admin, tablePrefix: prefix }).migrate();
  const engineOn = (max: number) => async () => createCaseEngine({ store: postgresStore({ pool: pool(max), tablePrefix: prefix }) as CaseStore, clock });
  try {
    const one = await compare(engineOn(1), cases, 1, 'pg1');
    const eight = await compare(engineOn(8), cases, 8, 'pg8');
    return { clients1: one.throughput, clients8: eight.throughput };
  } finally {
    await admin.query(`DROP TABLE IF EXISTS ${prefix}case_outbox, ${prefix}case_idempotency, ${prefix}case_log, ${prefix}cases CASCADE; DROP FUNCTION IF EXISTS ${prefix}case_log_append_only()`);
    await Promise.all(pools.map((created) => created.end()));
  }
}

const fixed = (value: number, digits = 0) => value.toFixed(digits);

/**
 * Runs the engine benchmark and prints a table: events per second through `engine.send` (memory
 * and, with `DATABASE_URL`, PostgreSQL; 1 and 8 concurrent clients) and the cost of a restore,
 * each also as a ratio to a bare XState actor measured in the same run.
 *
 * @param options - `cases` per round (default 40 for memory, a third of it for PostgreSQL; 9 rounds each); `databaseUrl` (default `process.env.DATABASE_URL`).
 * @returns The figures and whether each target was met.
 * @throws Whatever the database throws when `databaseUrl` points at a server that refuses the connection.
 * @example
 * const result = await benchEngine();
 * result.targets.every((target) => target.met)
 * //=> true
 */
export async function benchEngine(options: { readonly cases?: number; readonly databaseUrl?: string } = {}): Promise<EngineBenchResult> {
  const cases = options.cases ?? 40;
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  // Warm-up: JIT, zod and the calendar's index.
  bareCases(ids('warm-bare', 30));
  await engineCases(createCaseEngine({ clock }), ids('warm', 30), 1);

  const memory1 = await compare(async () => createCaseEngine({ clock }), cases, 1, 'mem1');
  const memory8 = await compare(async () => createCaseEngine({ clock }), cases, 8, 'mem8');
  const restore = await measureRestore();
  const postgres = databaseUrl === undefined ? undefined : await postgresFigures(databaseUrl, Math.max(8, Math.round(cases / 3)));

  const result: Omit<EngineBenchResult, 'targets'> = {
    eventsPerCase: EVENTS_PER_CASE,
    bare: { eventsPerSecond: (memory1.bare + memory8.bare) / 2, restoreUs: restore.bareUs },
    memory: { clients1: memory1.throughput, clients8: memory8.throughput },
    ...(postgres === undefined ? {} : { postgres }),
    restore: { coldGetUs: restore.coldUs, warmGetUs: restore.warmUs, vsBareRestore: restore.coldUs / restore.bareUs, vsBareTransition: restore.coldUs / restore.transitionUs },
  };
  const targets: Target[] = [
    { name: 'engine.send (memory store, 1 client) vs bare actor', value: result.memory.clients1.vsBare, target: '≤ 3×', met: result.memory.clients1.vsBare <= 3 },
  ];

  console.log(`\nengine — engine.send vs a bare XState actor, same transitions, same run (${EVENTS_PER_CASE} events per case)`);
  const rows: string[][] = [
    ['bare actor', fixed(result.bare.eventsPerSecond), '1.00×'],
    ['memory, 1 client', fixed(result.memory.clients1.eventsPerSecond), `${fixed(result.memory.clients1.vsBare, 2)}×`],
    ['memory, 8 clients', fixed(result.memory.clients8.eventsPerSecond), `${fixed(result.memory.clients8.vsBare, 2)}×`],
    ...(postgres === undefined
      ? [['postgres', 'skipped (DATABASE_URL unset)', '']]
      : [
          ['postgres, 1 client', fixed(postgres.clients1.eventsPerSecond), `${fixed(postgres.clients1.vsBare, 2)}×`],
          ['postgres, 8 clients', fixed(postgres.clients8.eventsPerSecond), `${fixed(postgres.clients8.vsBare, 2)}×`],
        ]),
  ];
  const width = [22, 30, 12];
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(width[i]!)).join(' ');
  console.log(line(['', 'events/s', 'slower than bare']));
  for (const row of rows) console.log(line(row));
  console.log(
    `restore: engine.get on fresh copies (as from PostgreSQL) ${fixed(restore.coldUs, 1)} µs = ${fixed(result.restore.vsBareRestore, 2)}× a bare ` +
      `createActor({ snapshot }) (${fixed(restore.bareUs, 1)} µs) = ${fixed(result.restore.vsBareTransition, 2)}× one bare transition (${fixed(restore.transitionUs, 1)} µs); ` +
      `on the memory store (validated once) ${fixed(restore.warmUs, 1)} µs`,
  );
  for (const target of targets) console.log(`${target.met ? 'ok  ' : 'MISS'} ${target.name}: ${target.value.toFixed(2)}× (target ${target.target})`);
  if (sink === Number.MIN_VALUE) console.log(sink); // keeps the measured results observable
  return { ...result, targets };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchEngine();
  if (!result.targets.every((target) => target.met)) process.exitCode = 1;
}
