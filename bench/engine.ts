// Benchmarks the case engine. Every judged figure is a ratio against a baseline measured in the
// same run, so a slow or busy machine changes the times but not the verdict:
// - engine.send on the memory store against a bare XState actor doing the same transitions;
// - the database's share of a PostgreSQL send against a bare one-row INSERT on the same server;
// - PostgreSQL throughput with 8 clients against 1;
// - a send on a case with 400 events of history against one with 10 (both stores);
// - list filters and sweep with 100 000 cases against 1 000 (both stores; see bench/scale.ts);
// - bytes stored per event on PostgreSQL (an absolute budget: 2 KB).
// Run alone with `npx tsx bench/engine.ts` (`DATABASE_URL=… npx tsx bench/engine.ts` for PostgreSQL).
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { createActor } from 'xstate';
import { caseMachine } from '../machines/caseMachine.js';
import type { CaseEvent } from '../machines/schemas.js';
import { createCaseEngine, memoryStore, type CaseEngine, type CaseStore } from '../src/index.js';
import { postgresStore } from '../src/store/postgres/index.js';
import { auditFloorCases } from './_lib/auditFloor.js';
import { pgBench, type Durability } from './_lib/pg.js';
import { atLeast, atMost, fixed, median, percentile, printTargets, sink, time, type Target } from './_lib/stats.js';
import { applicationPath, clock, EVENTS_PER_CASE, ids, inputOf, revision, toExecuting, urge } from './_lib/stories.js';
import { benchScale, type ScaleResult } from './scale.js';

export type { Target } from './_lib/stats.js';

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
  /**
   * What no engine with this audit can skip, against the bare actor: with the canonical JSON of
   * each event's stored snapshot and audit entry (`json`), and with their SHA-256 too (`hash`).
   */
  readonly auditFloor: { readonly json: number; readonly hash: number };
  readonly postgres?: {
    readonly clients1: Throughput;
    readonly clients8: Throughput;
    /** Median of the per-round ratios of 8-client to 1-client events per second. */
    readonly scaling: number;
    /** p50 of one send (µs): on PostgreSQL, on the memory store, and a bare one-row INSERT round trip. */
    readonly latency: { readonly postgresUs: number; readonly memoryUs: number; readonly insertUs: number; readonly share: number };
    readonly bytesPerEvent: { readonly compacted: number; readonly asWritten: number; readonly events: number };
    /**
     * The server's durability settings. A commit's cost — most of the database's share of a send
     * and what 8 clients share by group commit — depends on them: the judged figures are meant for
     * a durable server (fsync and synchronous_commit on), as a system of record runs.
     */
    readonly server: Durability;
  };
  /** p50 of a send (µs) at 10 and at 400 events of history. */
  readonly history: Record<string, { readonly shortUs: number; readonly longUs: number; readonly ratio: number }>;
  readonly restore: {
    /** `engine.get` on fresh copies (as from PostgreSQL): load, validate, check against the machine, build the view. */
    readonly coldGetUs: number;
    /** `engine.get` on a case the engine holds. */
    readonly warmGetUs: number;
    /** Cold `engine.get` against a bare `createActor(machine, { snapshot })`. */
    readonly vsBareRestore: number;
  };
  readonly scale?: ScaleResult;
  readonly targets: readonly Target[];
}

function bareCases(caseIds: readonly string[]): void {
  for (const caseId of caseIds) {
    const actor = createActor(caseMachine, { input: inputOf(caseId) }).start();
    for (const event of applicationPath()) actor.send(event);
    sink.value += actor.getSnapshot().context.history.length;
  }
}

async function engineCases(engine: CaseEngine, caseIds: readonly string[], clients: number): Promise<void> {
  const queue = [...caseIds];
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let caseId = queue.shift(); caseId !== undefined; caseId = queue.shift()) {
        await engine.open(inputOf(caseId));
        for (const event of applicationPath()) sink.value += (await engine.send(caseId, event)).version;
      }
    }),
  );
}

const rate = (cases: number, ms: number) => (cases * EVENTS_PER_CASE) / (ms / 1000);
const tag = () => randomBytes(2).toString('hex');

/**
 * Measures the bare actor and an engine on the same cases in alternating short rounds, and takes
 * medians: a busy machine slows both sides of a round alike, so the ratio holds still.
 */
async function compare(makeEngine: () => CaseEngine, cases: number, clients: number, label: string, rounds = 9) {
  const bare: number[] = [];
  const engine: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const instance = makeEngine();
    const bareMs = await time(() => bareCases(ids(`${label}-bare-${round}`, cases)));
    const engineMs = await time(() => engineCases(instance, ids(`${label}-${round}-${tag()}`, cases), clients));
    bare.push(rate(cases, bareMs));
    engine.push(rate(cases, engineMs));
    ratios.push(engineMs / bareMs);
  }
  return { bare: median(bare), throughput: { eventsPerSecond: median(engine), vsBare: median(ratios) } };
}

/**
 * The audit's floor against the bare actor (see `auditFloorCases`), in alternating rounds like
 * `compare`: the bare actor, then with canonical JSON, then with the hashes, each round's ratios,
 * medians.
 */
async function measureFloor(cases: number, rounds = 9): Promise<{ json: number; hash: number }> {
  const json: number[] = [];
  const hash: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const bareMs = await time(() => bareCases(ids(`floor-bare-${round}`, cases)));
    json.push((await time(() => auditFloorCases(ids(`floor-json-${round}`, cases), 'json'))) / bareMs);
    hash.push((await time(() => auditFloorCases(ids(`floor-hash-${round}`, cases), 'hash'))) / bareMs);
  }
  return { json: median(json), hash: median(hash) };
}

/** A store handing back fresh copies, as a database does: a new engine validates and restores in full. */
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
  const caseIds = ids('restore', 40);
  for (const caseId of caseIds) {
    await engine.open(inputOf(caseId));
    for (const event of applicationPath().slice(0, 6)) await engine.send(caseId, event);
  }
  const snapshots = await Promise.all(caseIds.map(async (caseId) => ((await store.load(caseId))!.envelope as { snapshot: unknown }).snapshot));
  const results = { bareUs: [] as number[], coldUs: [] as number[], warmUs: [] as number[] };
  const perCase = (ms: number) => (ms / caseIds.length) * 1000;
  for (let round = 0; round < 9; round++) {
    results.bareUs.push(perCase(await time(() => {
      for (const snapshot of snapshots) sink.value += createActor(caseMachine, { snapshot: structuredClone(snapshot) as never }).getSnapshot().context.history.length;
    })));
    // A new engine each round: nothing it holds, every case restored from the store's copies.
    const cold = createCaseEngine({ store: copyingStore(store), clock });
    results.coldUs.push(perCase(await time(async () => {
      for (const caseId of caseIds) sink.value += (await cold.get(caseId)).version;
    })));
    results.warmUs.push(perCase(await time(async () => {
      for (const caseId of caseIds) sink.value += (await engine.get(caseId)).version;
    })));
  }
  return { bareUs: median(results.bareUs), coldUs: median(results.coldUs), warmUs: median(results.warmUs) };
}

/** Latencies (µs) of sending `events` one after another to each case, after `setup` brought it there. */
async function sendLatencies(engine: CaseEngine, caseId: string, events: readonly CaseEvent[]): Promise<number[]> {
  const latencies: number[] = [];
  for (const event of events) {
    const start = performance.now();
    sink.value += (await engine.send(caseId, event)).version;
    latencies.push((performance.now() - start) * 1000);
  }
  return latencies;
}

/** Opens a case and brings it to enforcing on site, then `extra` more events (from `more`): a history of 6 + extra entries. */
async function caseWithHistory(engine: CaseEngine, caseId: string, length: number, more: (n: number) => CaseEvent): Promise<void> {
  await engine.open(inputOf(caseId));
  for (const event of toExecuting()) await engine.send(caseId, event);
  for (let n = 6; n < length; n++) await engine.send(caseId, more(n));
}

/**
 * A send at 400 events of history against one at 10, p50 of sends alternating between the two
 * cases (so the machine's load hits both alike): revisions of the work plan, which grow the
 * history and nothing else.
 */
async function measureHistory(engine: CaseEngine, label: string, sends: number, more: (n: number) => CaseEvent, lengths: readonly [number, number]) {
  const short = `${label}-short-${tag()}`;
  const long = `${label}-long-${tag()}`;
  await caseWithHistory(engine, short, lengths[0], more);
  await caseWithHistory(engine, long, lengths[1], more);
  const shortUs: number[] = [];
  const longUs: number[] = [];
  for (let n = 0; n < sends; n++) {
    shortUs.push(...(await sendLatencies(engine, short, [more(1000 + n)])));
    longUs.push(...(await sendLatencies(engine, long, [more(1000 + n)])));
  }
  const result = { shortUs: median(shortUs), longUs: median(longUs) };
  return { ...result, ratio: result.longUs / result.shortUs };
}

async function postgresFigures(url: string, cases: number, historyLengths: readonly [number, number], historySends: number) {
  const bench = pgBench(url, 'engine');
  const { prefix } = bench;
  const admin = bench.pool(1);
  const server = await bench.durability();
  await postgresStore({ pool: admin, tablePrefix: prefix }).migrate();
  const engineOn = (max: number) => createCaseEngine({ store: postgresStore({ pool: bench.pool(max), tablePrefix: prefix }), clock });
  try {
    // Throughput with 1 and with 8 clients, alternating (which goes first too, so a drifting load hits both alike), and
    // the bare actor for scale. Each side keeps its pool (a pool of 8 for 8 clients) across rounds, opened and its
    // statements prepared by a warm-up first: the rounds time sends, not connecting. Each client takes whole cases
    // from a queue (no two clients on one case) and the cases are a multiple of 8, so no client idles at the end.
    const poolOf = { 1: bench.pool(1), 8: bench.pool(8) };
    const onPool = (clients: 1 | 8) => createCaseEngine({ store: postgresStore({ pool: poolOf[clients], tablePrefix: prefix }), clock });
    const perRound = 8 * Math.max(1, Math.round(cases / 8));
    await engineCases(onPool(1), ids(`pg1-warm-${tag()}`, 8), 1);
    await engineCases(onPool(8), ids(`pg8-warm-${tag()}`, 16), 8);
    const one: number[] = [];
    const eight: number[] = [];
    const scaling: number[] = [];
    const bareRates: number[] = [];
    const vs1: number[] = [];
    const vs8: number[] = [];
    for (let round = 0; round < 9; round++) {
      const bareMs = await time(() => bareCases(ids(`pg-bare-${round}`, perRound)));
      const timed = (clients: 1 | 8) => time(() => engineCases(onPool(clients), ids(`pg${clients}-${round}-${tag()}`, perRound), clients));
      let oneMs: number;
      let eightMs: number;
      if (round % 2 === 0) {
        oneMs = await timed(1);
        eightMs = await timed(8);
      } else {
        eightMs = await timed(8);
        oneMs = await timed(1);
      }
      bareRates.push(rate(perRound, bareMs));
      one.push(rate(perRound, oneMs));
      eight.push(rate(perRound, eightMs));
      scaling.push(oneMs / eightMs);
      vs1.push(oneMs / bareMs);
      vs8.push(eightMs / bareMs);
    }

    // One send's latency: PostgreSQL, the memory store, and a bare INSERT on the same pool, interleaved.
    const pool = bench.pool(1);
    await pool.query(`CREATE TABLE ${prefix}round_trip (id bigserial PRIMARY KEY, note text NOT NULL)`);
    const pgEngine = createCaseEngine({ store: postgresStore({ pool, tablePrefix: prefix }), clock });
    const memoryEngine = createCaseEngine({ clock });
    const pgUs: number[] = [];
    const memoryUs: number[] = [];
    const insertUs: number[] = [];
    for (let round = 0; round < 12; round++) {
      for (const [engine, into] of [[pgEngine, pgUs], [memoryEngine, memoryUs]] as const) {
        const caseId = `latency-${round}-${tag()}`;
        await engine.open(inputOf(caseId));
        into.push(...(await sendLatencies(engine, caseId, applicationPath())));
      }
      for (let i = 0; i < 8; i++) {
        const start = performance.now();
        await pool.query(`INSERT INTO ${prefix}round_trip (note) VALUES ($1)`, [`note ${round}/${i}`]);
        insertUs.push((performance.now() - start) * 1000);
      }
    }
    const latency = { postgresUs: median(pgUs), memoryUs: median(memoryUs), insertUs: median(insertUs) };

    const history = await measureHistory(engineOn(1), 'pg-history', historySends, revision, historyLengths);
    const urges = await measureHistory(engineOn(1), 'pg-urges', historySends, urge, historyLengths);

    // Bytes stored per event: every table and index the store made, as written and compacted.
    await pool.query(`DROP TABLE ${prefix}round_trip`);
    const size = async () => {
      const { rows } = await pool.query(
        `SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes FROM pg_class c
          WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace AND starts_with(c.relname, $1)`,
        [prefix],
      );
      return Number(rows[0].bytes);
    };
    const events = Number((await pool.query(`SELECT count(*)::bigint AS n FROM ${prefix}case_log`)).rows[0].n);
    const asWritten = (await size()) / events;
    const { rows: tables } = await pool.query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND starts_with(tablename, $1)`, [prefix]);
    for (const row of tables) await pool.query(`VACUUM FULL ${row.tablename as string}`);
    const compacted = (await size()) / events;

    return {
      clients1: { eventsPerSecond: median(one), vsBare: median(vs1) },
      clients8: { eventsPerSecond: median(eight), vsBare: median(vs8) },
      scaling: median(scaling),
      latency: { ...latency, share: (latency.postgresUs - latency.memoryUs) / latency.insertUs },
      bytesPerEvent: { compacted, asWritten, events },
      history,
      urges,
      server,
    };
  } finally {
    await bench.close();
  }
}

/** The benchmark's sizes; the defaults are the issue's, `test/bench.test.ts` passes small ones. */
export interface EngineBenchOptions {
  /** Cases per round (default 40; on PostgreSQL rounded to a multiple of 8, the clients of the 8-client side). */
  readonly cases?: number;
  /** The two history lengths compared (default 10 and 400). */
  readonly historyLengths?: readonly [number, number];
  /** Sends measured on each case of the history comparison (default 60). */
  readonly historySends?: number;
  /** The two case counts of the list and sweep comparison (default 1 000 and 100 000); `null` skips it. */
  readonly scale?: readonly [number, number] | null;
  /** Rounds of the list and sweep comparison (default 21). */
  readonly scaleRounds?: number;
  /** Default `process.env.DATABASE_URL`. */
  readonly databaseUrl?: string;
}

/**
 * Runs the engine benchmark and prints a table: events per second through `engine.send` (memory
 * and, with `DATABASE_URL`, PostgreSQL; 1 and 8 concurrent clients), the latency of one send, the
 * cost of a long history, list and sweep at scale, and bytes stored per event, each judged as a
 * ratio to a baseline measured in the same run.
 *
 * @param options - See {@link EngineBenchOptions}.
 * @returns The figures and whether each target was met.
 * @throws Whatever the database throws when `databaseUrl` points at a server that refuses the connection.
 * @example
 * const result = await benchEngine();
 * result.targets.every((target) => target.met)
 * //=> true
 */
export async function benchEngine(options: EngineBenchOptions = {}): Promise<EngineBenchResult> {
  const cases = options.cases ?? 40;
  const historyLengths = options.historyLengths ?? [10, 400];
  const historySends = options.historySends ?? 60;
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  // Warm-up: JIT, zod and the calendar's index.
  bareCases(ids('warm-bare', 30));
  await engineCases(createCaseEngine({ clock }), ids('warm', 30), 1);

  const memory1 = await compare(() => createCaseEngine({ clock }), cases, 1, 'mem1');
  const memory8 = await compare(() => createCaseEngine({ clock }), cases, 8, 'mem8');
  auditFloorCases(ids('warm-floor', 30), 'hash');
  const auditFloor = await measureFloor(cases);
  const restore = await measureRestore();
  const memoryHistory = await measureHistory(createCaseEngine({ clock }), 'mem-history', historySends, revision, historyLengths);
  const memoryUrges = await measureHistory(createCaseEngine({ clock }), 'mem-urges', historySends, urge, historyLengths);
  const postgres = databaseUrl === undefined ? undefined : await postgresFigures(databaseUrl, cases, historyLengths, historySends);
  const scale = options.scale === null ? undefined : await benchScale({ sizes: options.scale ?? [1_000, 100_000], ...(options.scaleRounds === undefined ? {} : { rounds: options.scaleRounds }), ...(databaseUrl === undefined ? {} : { databaseUrl }) });

  const history: EngineBenchResult['history'] = {
    memory: memoryHistory,
    'memory, urges': memoryUrges,
    ...(postgres === undefined ? {} : { postgres: postgres.history, 'postgres, urges': postgres.urges }),
  };
  const result: Omit<EngineBenchResult, 'targets'> = {
    eventsPerCase: EVENTS_PER_CASE,
    bare: { eventsPerSecond: (memory1.bare + memory8.bare) / 2, restoreUs: restore.bareUs },
    memory: { clients1: memory1.throughput, clients8: memory8.throughput },
    auditFloor,
    ...(postgres === undefined
      ? {}
      : { postgres: { clients1: postgres.clients1, clients8: postgres.clients8, scaling: postgres.scaling, latency: postgres.latency, bytesPerEvent: postgres.bytesPerEvent, server: postgres.server } }),
    history,
    restore: { coldGetUs: restore.coldUs, warmGetUs: restore.warmUs, vsBareRestore: restore.coldUs / restore.bareUs },
    ...(scale === undefined ? {} : { scale }),
  };
  const [short, long] = historyLengths;
  const targets: Target[] = [
    atMost('engine.send (memory store, 1 client) vs bare actor', result.memory.clients1.vsBare, 2, `${fixed(result.memory.clients1.eventsPerSecond)} vs ${fixed(memory1.bare)} events/s`),
    atMost(`send at ${long} vs ${short} events of history (memory)`, memoryHistory.ratio, 1.3, `p50 ${fixed(memoryHistory.longUs)} vs ${fixed(memoryHistory.shortUs)} µs`),
  ];
  if (postgres !== undefined) {
    const { latency, bytesPerEvent } = postgres;
    targets.push(
      atMost('database share of a send (PostgreSQL p50 − memory p50) vs a bare INSERT round trip', latency.share, 3,
        `(${fixed(latency.postgresUs)} − ${fixed(latency.memoryUs)}) µs vs ${fixed(latency.insertUs)} µs`),
      atLeast('PostgreSQL 8 clients vs 1 client, events/s', postgres.scaling, 2.5, `${fixed(postgres.clients8.eventsPerSecond)} vs ${fixed(postgres.clients1.eventsPerSecond)} events/s`),
      atMost(`send at ${long} vs ${short} events of history (PostgreSQL)`, postgres.history.ratio, 1.3, `p50 ${fixed(postgres.history.longUs)} vs ${fixed(postgres.history.shortUs)} µs`),
      {
        name: 'bytes stored per event (PostgreSQL, tables + indexes + TOAST, outbox included, compacted)',
        value: bytesPerEvent.compacted / 1024,
        target: '≤ 2 KB',
        met: bytesPerEvent.compacted <= 2048,
        detail: `${fixed(bytesPerEvent.compacted)} B over ${bytesPerEvent.events} events (${fixed(bytesPerEvent.asWritten)} B as written, before VACUUM FULL)`,
      },
    );
  }
  if (scale !== undefined) targets.push(...scale.targets);

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
    `the audit's floor (no store, index, view or check): the bare actor + canonical JSON of each event's stored snapshot and entry ${fixed(auditFloor.json, 2)}×, ` +
      `+ their SHA-256 ${fixed(auditFloor.hash, 2)}×; the engine on the memory store ${fixed(result.memory.clients1.vsBare, 2)}×`,
  );
  if (postgres !== undefined) {
    const { latency, server } = postgres;
    console.log(
      `PostgreSQL server: fsync ${server.fsync}, synchronous_commit ${server.synchronousCommit}, full_page_writes ${server.fullPageWrites}` +
        (server.durable ? ' (durable)' : ' — NOT durable: a commit does not wait for the disk, so the database share and the 8-client scaling are not what a system of record sees'),
    );
    console.log(`one send, p50: PostgreSQL ${fixed(latency.postgresUs)} µs, memory ${fixed(latency.memoryUs)} µs; a bare one-row INSERT ${fixed(latency.insertUs)} µs`);
  }
  for (const [name, figures] of Object.entries(history)) {
    console.log(`history (${name}): a send at ${long} events p50 ${fixed(figures.longUs)} µs, at ${short} ${fixed(figures.shortUs)} µs = ${fixed(figures.ratio, 2)}×`);
  }
  console.log(
    `restore: engine.get on a fresh engine (as from PostgreSQL) ${fixed(restore.coldUs, 1)} µs = ${fixed(result.restore.vsBareRestore, 2)}× a bare ` +
      `createActor({ snapshot }) (${fixed(restore.bareUs, 1)} µs); on a case the engine holds ${fixed(restore.warmUs, 1)} µs`,
  );
  printTargets(targets);
  if (sink.value === Number.MIN_VALUE) console.log(sink.value); // keeps the measured results observable
  return { ...result, targets };
}

export { percentile };

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchEngine();
  if (!result.targets.every((target) => target.met)) process.exitCode = 1;
}
