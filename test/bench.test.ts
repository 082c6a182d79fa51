import { describe, expect, it } from 'vitest';
import { benchEngine } from '../bench/engine.js';

// Speed goals live in `npm run bench`, not here; this only keeps the benchmark runnable, since a
// change to the engine's rules once broke it unnoticed (it ran no event past the engine's clock).
describe('npm run bench', () => {
  it('drives its cases through the engine without a refusal', async () => {
    const result = await benchEngine({ cases: 4 });
    expect(result.targets.length).toBeGreaterThan(0);
  }, 120_000);
});
