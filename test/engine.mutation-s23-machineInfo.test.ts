/**
 * What the engine reads off its machine (`describeMachine`): the states a case can rest in — leaf
 * states that do not move on by themselves — and which of them close a case, and the stages with
 * steps a `list({ state })` filter names. Through the engine where the Siyang machine shows it (a
 * stored case said to rest in the transient `opening` or in a stage with steps is refused), and on
 * a small machine of its own where only another machine would (a final step inside a stage).
 */
import { describe, expect, it } from 'vitest';
import { createActor, createMachine } from 'xstate';
import { createCaseEngine, type MemoryStore } from 'linked-enforcement';
import { describeMachine } from '../src/engine/_lib/machineInfo.js';
import { storedItem1Case } from './_lib/engine.js';
import { rejectionOf } from './_lib/errors.js';

type Stored = { envelope: { snapshot: Record<string, unknown> } };

/** The reason `engine.get` gives for case-1 (in 法制审核) when its stored snapshot says it is in `value`. */
async function reasonFor(value: unknown): Promise<unknown> {
  const { store } = await storedItem1Case(1);
  const spoilt = Object.assign(Object.create(store) as MemoryStore, {
    load: async (caseId: string, options: Parameters<MemoryStore['load']>[1]) => {
      const loaded = structuredClone(await store.load(caseId, options)) as unknown as Stored;
      loaded.envelope.snapshot.value = value;
      return loaded;
    },
  });
  const error = await rejectionOf(() => createCaseEngine({ store: spoilt }).get('case-1'));
  expect(error.code).toBe('INCOMPATIBLE_SNAPSHOT');
  return error.context.reason;
}

describe('the states a stored case can rest in', () => {
  it('not the transient opening, which routes a new case on at once (always)', async () => {
    expect(await reasonFor('opening')).toBe('the machine has no state "opening" a case can rest in; its history ends in "legalReview", not in the state "opening"');
  });

  it('not a stage with steps (执法 enforcing): a case is always in one of its steps', async () => {
    expect(await reasonFor('enforcing')).toBe('the machine has no state "enforcing" a case can rest in; its history ends in "legalReview", not in the state "enforcing"');
  });

  it('a step of a stage, which is a state of its own', async () => {
    expect(await reasonFor({ enforcing: 'planning' })).toBe('its history ends in "legalReview", not in the state "enforcing.planning"');
  });
});

describe('describeMachine on a machine with a transient state and a final step inside a stage', () => {
  const machine = createMachine({
    id: 'custom',
    initial: 'routing',
    states: {
      routing: { always: 'working' },
      working: {
        initial: 'drafting',
        states: { drafting: { on: { finish: 'drafted' } }, drafted: { type: 'final' } },
        on: { close: 'closed' },
      },
      closed: { type: 'final' },
    },
  });
  // Described inside each test, not as the file loads: Stryker switches a mutant on only once the file has loaded.
  const describeIt = () => describeMachine(machine as never, 1, []);

  it('rests in leaf states only, never in the transient one nor in a stage', () => {
    const info = describeIt();
    expect([...info.restingStates.keys()].sort()).toEqual(['closed', 'working.drafted', 'working.drafting']);
    expect([...info.stagesWithSteps]).toEqual(['working']);
  });

  it('calls final only a state that ends the case, as XState does: a final step leaves it active', () => {
    const info = describeIt();
    const actor = createActor(machine).start();
    actor.send({ type: 'finish' });
    expect(actor.getSnapshot()).toMatchObject({ value: { working: 'drafted' }, status: 'active' });
    expect(info.restingStates.get('working.drafted')).toEqual({ final: false });
    actor.send({ type: 'close' });
    expect(actor.getSnapshot()).toMatchObject({ value: 'closed', status: 'done' });
    expect(info.restingStates.get('closed')).toEqual({ final: true });
    expect(info.restingStates.get('working.drafting')).toEqual({ final: false });
  });
});
