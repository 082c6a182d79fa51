import type { Target } from './_lib/stats.js';

export interface ScaleResult {
  readonly targets: readonly Target[];
}

export async function benchScale(_options: { readonly sizes: readonly [number, number]; readonly databaseUrl?: string }): Promise<ScaleResult> {
  return { targets: [] };
}
