import { createActor, type Actor as XActor } from 'xstate';
import type { CaseMachine } from '../../../../machines/createCaseMachine.js';
import type { CaseEvent } from '../../../../machines/schemas.js';
import type { CaseNotification } from '../../../../machines/types.js';
import { LinkedEnforcementError } from '../../../errors.js';
import type { CaseMachineSnapshot } from '../machineInfo.js';
import type { PersistedSnapshot } from '../load/snapshotSchema.js';

/** What running the machine produced. */
export interface CaseRun {
  readonly snapshot: CaseMachineSnapshot;
  readonly persisted: Record<string, unknown>;
  readonly notifications: CaseNotification[];
}

/**
 * A case's actor with its notifications collected and its errors caught: an error observer keeps
 * XState from rethrowing a failed action later as an uncaught exception. It can take several
 * events in turn (the engine keeps it while it matches the stored case); after a failure it is
 * spent.
 */
export class CaseRunner {
  readonly actor: XActor<CaseMachine>;
  // Stryker disable next-line ArrayDeclaration: run() empties it before the actor starts, and an actor emits nothing before it starts
  private readonly notifications: CaseNotification[] = [];
  private failure: { readonly error: unknown } | undefined;
  private started = false;

  constructor(machine: CaseMachine, from: { readonly input: unknown } | { readonly snapshot: PersistedSnapshot }) {
    this.actor = 'input' in from ? createActor(machine, { input: from.input as never }) : createActor(machine, { snapshot: from.snapshot as never });
    this.actor.on('notification', (notification) => this.notifications.push(notification));
    // XState reports every failure here, a restored snapshot's too (when the actor starts): one at most, as an actor stops on its first.
    // Stryker disable next-line AssignmentOperator: an actor stops on its first error, so there is no second one to keep or overwrite
    this.actor.subscribe({ error: (error) => (this.failure ??= { error }) });
  }

  /** The snapshot before the next event (a restored one, or the failure to restore). */
  peek(): CaseMachineSnapshot {
    return this.actor.getSnapshot() as CaseMachineSnapshot;
  }

  /** Starts the actor if need be and sends `event` if any. Throws what the machine threw. */
  run(event?: CaseEvent): CaseRun {
    this.notifications.length = 0;
    // Stryker disable next-line ConditionalExpression: start() returns at once on a running actor; a stopped one (a closed case) restarts to the same snapshot and, not active, takes no event
    if (!this.started) {
      // Stryker disable next-line BooleanLiteral: as above, starting the actor again changes nothing
      this.started = true;
      this.actor.start();
    }
    // A closed case takes no event: XState's development build would warn on the console for each one sent.
    // A failed actor is not active either: XState sets the snapshot's status to 'error' before it calls the error observer.
    if (event !== undefined && this.actor.getSnapshot().status === 'active') this.actor.send(event);
    const snapshot = this.actor.getSnapshot() as CaseMachineSnapshot;
    const failed = this.failure;
    if (failed !== undefined) {
      this.stop();
      if (failed.error instanceof Error) throw failed.error;
      throw new LinkedEnforcementError('INVALID_INPUT', `The case machine failed: ${String(failed.error)}`, { cause: failed.error });
    }
    return { snapshot, persisted: this.persisted(snapshot), notifications: [...this.notifications] };
  }

  /**
   * `actor.getPersistedSnapshot()`, without its walk through the whole context looking for actor
   * references when there can be none: the case machine spawns no actors and has no history
   * states. Anything else takes XState's own path.
   */
  private persisted(snapshot: CaseMachineSnapshot): Record<string, unknown> {
    const history = snapshot.historyValue as Record<string, unknown> | undefined;
    // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: a shortcut only: with no children nor history XState's own path gives the same persisted snapshot, more slowly
    if (Object.keys(snapshot.children).length > 0 || (history !== undefined && Object.keys(history).length > 0)) {
      return this.actor.getPersistedSnapshot() as Record<string, unknown>;
    }
    return {
      status: snapshot.status,
      value: snapshot.value,
      historyValue: {},
      context: snapshot.context,
      children: {},
      // Stryker disable next-line ConditionalExpression: an open case's output is undefined, which JSON (what is written and hashed) drops as if absent; left out, nothing has to delete it
      ...(snapshot.output === undefined ? {} : { output: snapshot.output }),
    };
  }

  /** Stops the actor; the runner is spent. */
  stop(): void {
    this.actor.stop();
  }
}
