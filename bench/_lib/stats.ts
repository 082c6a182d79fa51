/** Timing helpers: every figure the benchmarks judge is a ratio of two medians (or percentiles) taken in the same run. */

export async function time(run: () => unknown): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export const median = (values: readonly number[]) => percentile(values, 0.5);

export const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

/** A judged figure and whether it met its target (the shape `bench/index.ts` reads). */
export interface Target {
  readonly name: string;
  readonly value: number;
  readonly target: string;
  readonly met: boolean;
  /** What it is a ratio of, with the same-run baseline. */
  readonly detail?: string;
}

export const atMost = (name: string, value: number, limit: number, detail?: string): Target => ({ name, value, target: `≤ ${limit}×`, met: value <= limit, ...(detail === undefined ? {} : { detail }) });
export const atLeast = (name: string, value: number, limit: number, detail?: string): Target => ({ name, value, target: `≥ ${limit}×`, met: value >= limit, ...(detail === undefined ? {} : { detail }) });

export function printTargets(targets: readonly Target[]): void {
  for (const target of targets) {
    console.log(`${target.met ? 'ok  ' : 'MISS'} ${target.name}: ${fixed(target.value, 2)}× (target ${target.target})${target.detail === undefined ? '' : ` — ${target.detail}`}`);
  }
}

/** Sink for results, so the optimizer cannot drop the work measured. */
export const sink = { value: 0 };
