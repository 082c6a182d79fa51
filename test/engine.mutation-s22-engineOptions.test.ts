/**
 * `createCaseEngine`'s options (README › Case engine): a store, blob store or clock is refused at
 * once, with INVALID_INPUT naming the option, when it is null or lacks any one of its methods —
 * not later, at its first use. Written against the mutants that survived in
 * src/engine/_lib/engineOptions.ts (session 22).
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryBlobStore, memoryStore } from 'linked-enforcement';
import { codeOf, thrown } from './_lib/errors.js';

/** `object` without its method `name` (own and inherited methods copied onto a plain object). */
function without(object: object, name: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (let source: object | null = object; source !== null && source !== Object.prototype; source = Object.getPrototypeOf(source) as object | null) {
    for (const key of Object.getOwnPropertyNames(source)) if (!(key in copy) && key !== 'constructor') copy[key] = (object as Record<string, unknown>)[key];
  }
  delete copy[name];
  return copy;
}

describe('createCaseEngine: options checked at once', () => {
  it('refuses null for the store, the blob store and the clock, naming the option', () => {
    for (const option of ['store', 'blobs', 'clock'] as const) {
      const error = thrown(() => createCaseEngine({ [option]: null } as never));
      expect(error.code, option).toBe('INVALID_INPUT');
      expect(error.message, option).toContain(`options.${option}`);
    }
  });

  it('refuses a store that lacks any one of its methods, and a blob store that lacks get or has', () => {
    for (const name of ['load', 'commit', 'notifications']) {
      expect(thrown(() => createCaseEngine({ store: without(memoryStore(), name) as never })).message, name).toMatch(/options\.store: must be a case store/);
    }
    for (const name of ['get', 'has']) {
      expect(thrown(() => createCaseEngine({ blobs: without(memoryBlobStore(), name) as never })).message, name).toMatch(/options\.blobs: must be a blob store/);
    }
    expect(codeOf(() => createCaseEngine({ store: without(memoryStore(), 'nothing') as never, blobs: without(memoryBlobStore(), 'nothing') as never }))).toBe('none');
  });

  it('refuses a clock without now()', () => {
    expect(thrown(() => createCaseEngine({ clock: {} as never })).message).toMatch(/options\.clock: must have a now\(\) method/);
    expect(thrown(() => createCaseEngine({ clock: { today: () => new Date() } as never })).message).toMatch(/options\.clock/);
  });
});
