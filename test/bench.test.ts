import { describe, expect, it } from 'vitest';
import { benchEngine } from '../bench/engine.js';
import { benchServer } from '../bench/server.js';

// Speed goals live in `npm run bench`, not here; this only keeps the benchmark runnable, since a
// change to the engine's rules once broke it unnoticed (it ran no event past the engine's clock).
describe('npm run bench', () => {
  it('drives its cases through the engine without a refusal', async () => {
    // Small sizes: this keeps the benchmark runnable in CI; the judged figures come from `npm run bench`.
    const result = await benchEngine({ cases: 4, historyLengths: [5, 20], historySends: 3, scale: [120, 360], scaleRounds: 2 });
    expect(result.targets.length).toBeGreaterThan(0);
    expect(result.scale?.targets.length).toBeGreaterThan(0);
  }, 300_000);

  it('sends over HTTP and straight to the engine without a refusal', async () => {
    const result = await benchServer({ rounds: 1, sends: 16 });
    expect(result.targets).toHaveLength(2);
    expect(result.http.clients8).toBeGreaterThan(0);
  }, 120_000);
});
