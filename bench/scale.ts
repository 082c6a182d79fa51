// `list` (every filter, and a later page) and `sweep` with nothing due, p50 with 100 000 cases
// against 1 000 — both stores. A page costs what its index walk costs, so the ratio should stay
// near 1 however many cases there are. Run alone with `npx tsx bench/scale.ts`.
import { pathToFileURL } from 'node:url';
import { createCaseEngine, type CaseEngine, type CaseStore, type ListQuery } from '../src/index.js';
import { postgresStore } from '../src/store/postgres/index.js';
import { pgBench } from './_lib/pg.js';
import { LIST_NOW, makeTemplates, memoryPopulation, postgresPopulation } from './_lib/population.js';
import { atMost, fixed, median, printTargets, sink, type Target } from './_lib/stats.js';

/**
 * The queries timed: each filter alone, an inbox (a unit's cases in one state), and the second
 * page of one. Each matches at least 5 % of the population, so its first page is full (50 cases)
 * at 1 000 cases as at 100 000: the ratio compares pages of the same size.
 */
export const listQueries: Readonly<Record<string, ListQuery>> = {
  all: {},
  'state (path)': { state: 'preliminaryReview' },
  'state (stage)': { state: 'enforcing' },
  unit: { unit: 'fire-rescue' },
  'overdue: true': { overdue: true },
  'overdue: false': { overdue: false },
  origin: { origin: 'centerInitiated' },
  itemNo: { itemNo: 2 },
  opened: { openedFrom: '2026-03-01T00:00:00+08:00', openedTo: '2026-04-01T00:00:00+08:00' },
  'inbox (unit + state)': { unit: 'fire-rescue', state: 'enforcing.reporting' },
};

export interface ScaleFigures {
  /** p50 (µs) per query name at each size, and the sweep's. */
  readonly small: Record<string, number>;
  readonly large: Record<string, number>;
}

export interface ScaleResult {
  readonly sizes: readonly [number, number];
  readonly memory: ScaleFigures;
  readonly postgres?: ScaleFigures;
  readonly targets: readonly Target[];
}

const TEMPLATES = 240;
const clock = { now: () => new Date(LIST_NOW) };

/** The timed calls, each pushing its time (µs) under its name. */
async function measureRound(engine: CaseEngine, second: string, into: Record<string, number[]>): Promise<void> {
  const timed = async (name: string, run: () => Promise<unknown>) => {
    const start = performance.now();
    await run();
    (into[name] ??= []).push((performance.now() - start) * 1000);
  };
  for (const [name, query] of Object.entries(listQueries)) {
    await timed(name, async () => {
      const page = await engine.list(query);
      if (page.items.length < 50 || page.failed.length > 0) throw new Error(`list ${name} gave ${page.items.length} cases (a full page is 50), failed: ${JSON.stringify(page.failed[0])}`);
      sink.value += page.items.length;
    });
  }
  await timed('unit, 2nd page', async () => (sink.value += (await engine.list({ ...listQueries.unit, cursor: second })).items.length));
  await timed('sweep (nothing due)', async () => {
    const report = await engine.sweep();
    if (report.overdue.length > 0 || report.failed.length > 0) throw new Error('the population has cases due at the benchmark instant');
  });
}

/**
 * p50 (µs) of each list query (first page, and the second page of `unit`) and of a sweep with
 * nothing due, on each engine: rounds alternate between the engines, so a busy machine slows
 * both alike. Round 0 warms up (JIT, the engines' copies of the pages' cases) and is not counted.
 */
async function measure(engines: readonly CaseEngine[], rounds: number): Promise<Record<string, number>[]> {
  const seconds: string[] = [];
  for (const engine of engines) {
    const next = (await engine.list(listQueries.unit)).nextCursor;
    if (next === null) throw new Error('the population has too few cases of one unit for a second page');
    seconds.push(next);
  }
  const times = engines.map(() => ({}) as Record<string, number[]>);
  for (let round = 0; round <= rounds; round++) {
    for (const [index, engine] of engines.entries()) await measureRound(engine, seconds[index]!, round === 0 ? {} : times[index]!);
  }
  return times.map((byName) => Object.fromEntries(Object.entries(byName).map(([name, values]) => [name, median(values)])));
}

/**
 * Lists and sweeps populations of `sizes[0]` and `sizes[1]` cases on each store and judges the
 * worst list query and the sweep by the ratio of their p50s.
 *
 * @param options - `sizes` (default 1 000 and 100 000), `databaseUrl` (default `process.env.DATABASE_URL`), `rounds` (default 21).
 * @returns The p50s and the targets.
 * @throws Whatever the database throws.
 * @example
 * (await benchScale({ sizes: [200, 2000] })).targets.every((target) => target.met)
 * //=> true
 */
export async function benchScale(options: { readonly sizes?: readonly [number, number]; readonly databaseUrl?: string; readonly rounds?: number } = {}): Promise<ScaleResult> {
  const sizes = options.sizes ?? [1_000, 100_000];
  const rounds = options.rounds ?? 21;
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  const onStore = (store: CaseStore) => createCaseEngine({ store, clock });

  const memoryStores = [];
  for (const size of sizes) memoryStores.push(await memoryPopulation(size, Math.min(TEMPLATES, size)));
  const memory = await measure(memoryStores.map(onStore), rounds);

  let postgres: Record<string, number>[] | undefined;
  if (databaseUrl !== undefined) {
    const benches = sizes.map(() => pgBench(databaseUrl, 'scale'));
    try {
      const engines = [];
      for (const [index, size] of sizes.entries()) {
        const bench = benches[index]!;
        const pool = bench.pool(2);
        const store = postgresStore({ pool, tablePrefix: bench.prefix });
        await store.migrate();
        await makeTemplates(store, Math.min(TEMPLATES, size));
        await postgresPopulation(pool, bench.prefix, size, Math.min(TEMPLATES, size));
        engines.push(onStore(store));
      }
      postgres = await measure(engines, rounds);
    } finally {
      for (const bench of benches) await bench.close();
    }
  }

  const targets: Target[] = [];
  const judge = (label: string, [small, large]: Record<string, number>[]) => {
    const ratios = Object.keys(small!).map((name) => ({ name, ratio: large![name]! / small![name]! }));
    const lists = ratios.filter((r) => r.name !== 'sweep (nothing due)');
    const worst = lists.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    const sweep = ratios.find((r) => r.name === 'sweep (nothing due)')!;
    targets.push(
      atMost(`list, worst filter, p50 at ${sizes[1]} vs ${sizes[0]} cases (${label})`, worst.ratio, 1.5, `${worst.name}: ${fixed(large![worst.name]!)} vs ${fixed(small![worst.name]!)} µs`),
      atMost(`sweep with nothing due, p50 at ${sizes[1]} vs ${sizes[0]} cases (${label})`, sweep.ratio, 1.5, `${fixed(large![sweep.name]!)} vs ${fixed(small![sweep.name]!)} µs`),
    );
  };
  judge('memory', memory);
  if (postgres !== undefined) judge('PostgreSQL', postgres);

  console.log(`\nlist and sweep — p50 (µs) at ${sizes[0]} and ${sizes[1]} cases (first page of 50; a unit's second page; a sweep that finds nothing due)`);
  const width = [24, 26, 26];
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(width[i]!)).join(' ');
  console.log(line(['', 'memory', postgres === undefined ? 'postgres (DATABASE_URL unset)' : 'postgres']));
  for (const name of Object.keys(memory[0]!)) {
    const cell = (figures: Record<string, number>[] | undefined) =>
      figures === undefined ? '' : `${fixed(figures[0]![name]!)} → ${fixed(figures[1]![name]!)} (${fixed(figures[1]![name]! / figures[0]![name]!, 2)}×)`;
    console.log(line([name, cell(memory), cell(postgres)]));
  }
  printTargets(targets);
  return {
    sizes,
    memory: { small: memory[0]!, large: memory[1]! },
    ...(postgres === undefined ? {} : { postgres: { small: postgres[0]!, large: postgres[1]! } }),
    targets,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchScale();
  if (!result.targets.every((target) => target.met)) process.exitCode = 1;
}
