/**
 * `createCaseEngine`'s `blobs` option as the engine shows it (`engine.blobs`: the blob store
 * given, absent without one) and `open`'s refusal of an input that is not an object. Written
 * against the mutants of src/engine/createCaseEngine.ts that survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryBlobStore, memoryStore } from 'linked-enforcement';

describe('engine.blobs (文件存储)', () => {
  it('is the blob store given as createCaseEngine({ blobs })', () => {
    const blobs = memoryBlobStore();
    expect(createCaseEngine({ store: memoryStore(), blobs }).blobs).toBe(blobs);
  });

  it('is absent (not an undefined field) without one', () => {
    const engine = createCaseEngine({ store: memoryStore() });
    expect(Object.hasOwn(engine, 'blobs')).toBe(false);
    expect(engine.blobs).toBeUndefined();
  });
});

describe('open with an input that is not an object', () => {
  it('refuses a function as the input itself, not as an object missing its fields', async () => {
    const engine = createCaseEngine({ store: memoryStore() });
    const refusal = await engine.open((() => undefined) as never).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toMatchObject({ code: 'INVALID_INPUT' });
    const issues = (refusal as { issues: readonly unknown[] }).issues;
    expect(issues.length).toBeGreaterThan(0);
    expect(issues).toEqual([expect.objectContaining({ path: ['input'], code: 'invalid_type' })]);
  });
});

describe('send refusing its own arguments', () => {
  it('names the argument refused: the case id, or the options (with the case they were for)', async () => {
    const engine = createCaseEngine({ store: memoryStore() });
    const refusalOf = (sending: Promise<unknown>) => sending.then(() => undefined, (error: unknown) => error as { code: string; context: Record<string, unknown> });
    const badId = await refusalOf(engine.send(42 as never, { type: 'review.pass' } as never));
    expect(badId?.context).toMatchObject({ argument: 'caseId' });
    const badOptions = await refusalOf(engine.send('case-1', { type: 'review.pass' } as never, { expectedVersion: 'one' } as never));
    expect(badOptions?.code).toBe('INVALID_INPUT');
    expect(badOptions?.context).toMatchObject({ argument: 'options', caseId: 'case-1' });
  });
});

describe('deliverNotifications refusing its options', () => {
  it('names the options as the argument refused', async () => {
    const engine = createCaseEngine({ store: memoryStore() });
    const refusal = await engine.deliverNotifications(async () => undefined, { limit: 0 }).then(
      () => undefined,
      (error: unknown) => error as { code: string; context: Record<string, unknown> },
    );
    expect(refusal?.code).toBe('INVALID_INPUT');
    expect(refusal?.context).toMatchObject({ argument: 'options' });
  });
});
