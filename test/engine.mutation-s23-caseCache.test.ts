/**
 * The engine's copies (`CaseCache`): the version orders copies, the audit head only tells a
 * rewritten version from the one held. Written against the s23 run's survivors.
 */
import { describe, expect, it, vi } from 'vitest';
import { CaseCache } from '../src/engine/_lib/load/CaseCache.js';
import type { CaseCopy } from '../src/engine/_lib/load/restoreCase.js';
import type { CaseRunner } from '../src/engine/_lib/decide/CaseRunner.js';

const copyOf = (caseId: string, version: number, auditHead: string) => ({ caseId, version, envelope: { auditHead } }) as unknown as CaseCopy;
const runner = () => ({ stop: vi.fn() }) as unknown as CaseRunner & { stop: ReturnType<typeof vi.fn> };

describe('CaseCache.put', () => {
  it('takes a newer version over the held one even when a store hands back the same audit head', () => {
    const cache = new CaseCache();
    const held = runner();
    cache.put(copyOf('a', 1, 'head'), held);
    const newer = copyOf('a', 2, 'head');
    expect(cache.put(newer)).toBe(newer);
    expect(cache.get('a')).toBe(newer);
    expect(held.stop).toHaveBeenCalledOnce();
  });

  it('holds no actor for a copy put without one, nor after its actor was handed out', () => {
    const cache = new CaseCache();
    const bare = copyOf('a', 1, 'h1');
    cache.put(bare);
    expect(cache.takeRunner(bare)).toBeUndefined();
    const copy = copyOf('a', 2, 'h2');
    const actor = runner();
    cache.put(copy, actor);
    expect(cache.takeRunner(copy)).toBe(actor);
    expect(cache.takeRunner(copy)).toBeUndefined();
    cache.drop('a');
    expect(actor.stop).not.toHaveBeenCalled();
  });
});
