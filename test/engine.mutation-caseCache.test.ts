/**
 * The engine's copies of the cases it touched (`CaseCache`, see ENGINE-PATTERNS): newest `limit`
 * kept, least recently used dropped, a copy replaced only by a newer version, each live actor
 * handed out once and stopped when its copy goes. Written against the mutants that survived the
 * older suites: a wrong eviction or a leaked actor shows only as memory or a stale answer.
 */
import { describe, expect, it, vi } from 'vitest';
import { CaseCache } from '../src/engine/_lib/load/CaseCache.js';
import type { CaseCopy } from '../src/engine/_lib/load/restoreCase.js';
import type { CaseRunner } from '../src/engine/_lib/decide/CaseRunner.js';

const copyOf = (caseId: string, version: number, auditHead = `head-${version}`) => ({ caseId, version, envelope: { auditHead } }) as unknown as CaseCopy;
const runner = () => ({ stop: vi.fn() }) as unknown as CaseRunner & { stop: ReturnType<typeof vi.fn> };

describe('CaseCache', () => {
  it('keeps the newest `limit` cases, dropping the least recently used (a get counts as use) and stopping its actor', () => {
    const cache = new CaseCache(2);
    const [a, b] = [runner(), runner()];
    cache.put(copyOf('a', 1), a);
    cache.put(copyOf('b', 1), b);
    expect(cache.get('a')?.caseId).toBe('a');
    cache.put(copyOf('c', 1));
    expect(cache.get('b')).toBeUndefined();
    expect(b.stop).toHaveBeenCalledOnce();
    expect(cache.get('a')?.caseId).toBe('a');
    expect(cache.get('c')?.caseId).toBe('c');
    expect(a.stop).not.toHaveBeenCalled();
  });

  it('holds 1000 cases by default', () => {
    const cache = new CaseCache();
    for (let index = 0; index <= 1000; index++) cache.put(copyOf(`c${index}`, 1));
    expect(cache.get('c0')).toBeUndefined();
    expect(cache.get('c1')?.caseId).toBe('c1');
    expect(cache.get('c1000')?.caseId).toBe('c1000');
  });

  it('keeps a newer copy over an older one, stopping the older one’s actor', () => {
    const cache = new CaseCache();
    const newer = copyOf('a', 3);
    const held = runner();
    cache.put(newer, held);
    const late = runner();
    expect(cache.put(copyOf('a', 2), late)).toBe(newer);
    expect(late.stop).toHaveBeenCalledOnce();
    expect(cache.get('a')).toBe(newer);
    expect(cache.takeRunner(newer)).toBe(held);
  });

  it('keeps the copy it holds when the same version is read again, and takes a fresh actor at that version', () => {
    const cache = new CaseCache();
    const first = copyOf('a', 2);
    const firstRunner = runner();
    cache.put(first, firstRunner);
    expect(cache.put(copyOf('a', 2))).toBe(first);
    expect(cache.takeRunner(first)).toBe(firstRunner);
    const again = copyOf('a', 2);
    const againRunner = runner();
    expect(cache.put(again, againRunner)).toBe(again);
    expect(cache.takeRunner(again)).toBe(againRunner);
    const rewritten = copyOf('a', 2, 'another head');
    expect(cache.put(rewritten)).toBe(rewritten);
    expect(againRunner.stop).not.toHaveBeenCalled();
  });

  it('stops the actor a replaced copy held, but not the one it is handed again', () => {
    const cache = new CaseCache();
    const old = runner();
    cache.put(copyOf('a', 1), old);
    const next = runner();
    cache.put(copyOf('a', 2), next);
    expect(old.stop).toHaveBeenCalledOnce();
    const copy = copyOf('a', 3);
    cache.put(copy, next);
    cache.put(copy, next);
    expect(next.stop).not.toHaveBeenCalled();
  });

  it('hands an actor out once, only for the copy it is at; takes back one that did not move', () => {
    const cache = new CaseCache();
    const copy = copyOf('a', 1);
    const actor = runner();
    cache.put(copy, actor);
    expect(cache.takeRunner(copyOf('a', 1))).toBeUndefined();
    expect(cache.takeRunner(copyOf('b', 1))).toBeUndefined();
    expect(cache.takeRunner(copy)).toBe(actor);
    expect(cache.takeRunner(copy)).toBeUndefined();
    cache.giveBack(copy, actor);
    expect(actor.stop).not.toHaveBeenCalled();
    expect(cache.takeRunner(copy)).toBe(actor);
  });

  it('stops an actor given back for a copy it no longer holds, or when it holds one already', () => {
    const cache = new CaseCache();
    const copy = copyOf('a', 1);
    const held = runner();
    cache.put(copy, held);
    const extra = runner();
    cache.giveBack(copy, extra);
    expect(extra.stop).toHaveBeenCalledOnce();
    const stale = runner();
    cache.giveBack(copyOf('a', 1), stale);
    expect(stale.stop).toHaveBeenCalledOnce();
    const unknown = runner();
    cache.giveBack(copyOf('b', 1), unknown);
    expect(unknown.stop).toHaveBeenCalledOnce();
    expect(cache.takeRunner(copy)).toBe(held);
  });

  it('forgets a dropped case and stops its actor', () => {
    const cache = new CaseCache();
    const actor = runner();
    cache.put(copyOf('a', 1), actor);
    cache.drop('a');
    expect(actor.stop).toHaveBeenCalledOnce();
    expect(cache.get('a')).toBeUndefined();
    cache.drop('a');
  });
});
