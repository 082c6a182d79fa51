import type { AnyStateNode } from 'xstate';
import type { CaseMachine } from '../../../machines/createCaseMachine.js';
import { DEFAULT_REMIND_BEFORE } from '../../../machines/_lib/reminders.js';
import type { CaseMigration } from '../types.js';

/** A case machine's snapshot, resolved (as `actor.getSnapshot()` gives it): what the selectors take. */
export type CaseMachineSnapshot = ReturnType<CaseMachine['resolveState']>;

/** A machine with what restoring and listing need to know about it, computed once per engine. */
export interface MachineInfo {
  readonly machine: CaseMachine;
  readonly machineVersion: number;
  readonly migrations: ReadonlyMap<number, CaseMigration>;
  /** Every state a case can rest in (not the transient `opening`), and whether it is final. */
  readonly restingStates: ReadonlyMap<string, { readonly final: boolean }>;
  /** Top-level states with steps of their own (`enforcing`): a `state` filter naming one matches each step. */
  readonly stagesWithSteps: ReadonlySet<string>;
  /** The engine's reminder rule (预警): working days before the due day, or `false` for none. */
  readonly remindBefore: number | false;
}

/** What restoring needs to know about a machine: its resting states and the migrations by starting version (a later one from the same version wins). */
export function describeMachine(machine: CaseMachine, machineVersion: number, migrations: readonly CaseMigration[], remindBefore: number | false = DEFAULT_REMIND_BEFORE): MachineInfo {
  const restingStates = new Map<string, { final: boolean }>();
  const stagesWithSteps = new Set<string>();
  // A case rests in a state without children that does not move on by itself (`always`: the
  // transient `opening`); only a top-level final state ends it (XState's status `done`).
  const walk = (node: AnyStateNode): void => {
    const children = Object.values(node.states);
    if (children.length === 0 && node.always === undefined) restingStates.set(node.path.join('.'), { final: node.type === 'final' && node.path.length === 1 });
    children.forEach(walk);
  };
  for (const stage of Object.values(machine.root.states)) {
    if (Object.keys(stage.states).length > 0) stagesWithSteps.add(stage.key);
    walk(stage);
  }
  return { machine, machineVersion, migrations: new Map(migrations.map((migration) => [migration.from, migration])), restingStates, stagesWithSteps, remindBefore };
}
