/**
 * Inspecting a case actor in Node: XState calls the `inspect` option of `createActor` with every
 * inspection event (`@xstate.actor`, `@xstate.event`, `@xstate.snapshot`, …). Here a plain
 * function logs them; it needs no network and no extra package.
 *
 *   npx tsx examples/inspector/node.ts
 *
 * To watch the same actor in Stately's web inspector instead, pass an inspector from
 * `@statelyai/inspect` (it connects to stately.ai over the network, so this example does not):
 *
 *   import { createSkyInspector } from '@statelyai/inspect';
 *   const { inspect } = createSkyInspector();
 *   createActor(caseMachine, { input, inspect });
 */
import { pathToFileURL } from 'node:url';
import { createActor, type AnyActorRef, type InspectionEvent, type SnapshotFrom } from 'xstate';
import { caseMachine, explainEvent, selectState, siyangCatalog, type Actor, type CaseEvent, type CaseInput } from 'linked-enforcement';
import { caseEvents, caseInput } from './caseScript.js';

/** `'综合指挥调度中心'`, `'分管县领导 李副县长'`: who sent an event. */
function who(by: Actor): string {
  if ('unit' in by) return siyangCatalog.findUnit(by.unit)?.name ?? by.unit;
  if ('leader' in by) return `${by.leader.post === 'principal' ? '县主要领导' : '分管县领导'} ${by.leader.name}`;
  return `system ${by.system}`;
}

/** What the logger keeps of one inspection event. */
export type InspectionRecord =
  | { readonly type: '@xstate.actor'; readonly actorId: string }
  | { readonly type: '@xstate.event'; readonly eventType: string; readonly by?: Actor; readonly at?: string }
  | { readonly type: '@xstate.snapshot'; readonly eventType: string; readonly state: string; readonly status: string };

/**
 * An `inspect` observer: turns XState's inspection events into records and log lines. The
 * other kinds (`@xstate.microstep`, `@xstate.action`, `@xstate.transition`) are left out.
 */
export function caseLogger(onRecord: (record: InspectionRecord) => void, log: (line: string) => void = console.log) {
  return (inspectionEvent: InspectionEvent): void => {
    switch (inspectionEvent.type) {
      case '@xstate.actor': {
        const { id } = inspectionEvent.actorRef as AnyActorRef;
        onRecord({ type: '@xstate.actor', actorId: id });
        log(`@xstate.actor     ${id} registered`);
        return;
      }
      case '@xstate.event': {
        const event = inspectionEvent.event as Partial<CaseEvent> & { type: string };
        onRecord({ type: '@xstate.event', eventType: event.type, ...(event.by === undefined ? {} : { by: event.by }), ...(event.at === undefined ? {} : { at: event.at }) });
        log(`@xstate.event     ${event.type.padEnd(16)}${event.by === undefined ? '' : ` by ${who(event.by)}`}${event.at === undefined ? '' : ` at ${event.at}`}`.trimEnd());
        return;
      }
      case '@xstate.snapshot': {
        // The case machine spawns no children, so every snapshot is the case's own.
        const snapshot = inspectionEvent.snapshot as SnapshotFrom<typeof caseMachine>;
        const state = selectState(snapshot);
        onRecord({ type: '@xstate.snapshot', eventType: inspectionEvent.event.type, state: state.path, status: snapshot.status });
        log(`@xstate.snapshot  ${state.label.zh} ${state.label.en} (${state.path}, ${snapshot.status})`);
        return;
      }
      default:
        return;
    }
  };
}

/**
 * Runs a case with the logger attached and returns what it recorded. Events the case would
 * refuse are sent too (the inspector sees them; the state does not change) and logged with
 * `explainEvent`'s reason.
 *
 * @example
 * inspectCase().filter((r) => r.type === '@xstate.snapshot').at(-1)
 * //=> { type: '@xstate.snapshot', eventType: 'case.archive', state: 'archived', status: 'done' }
 */
export function inspectCase(options: { input?: CaseInput; events?: readonly CaseEvent[]; log?: (line: string) => void } = {}): InspectionRecord[] {
  const { input = caseInput, events = caseEvents, log = console.log } = options;
  const records: InspectionRecord[] = [];
  const actor = createActor(caseMachine, { id: input.caseId, input, inspect: caseLogger((record) => records.push(record), log) });
  actor.start();
  for (const event of events) {
    const refusal = explainEvent(actor.getSnapshot(), event);
    if (refusal !== undefined) log(`  (the case refuses ${event.type}: ${refusal.reason})`);
    actor.send(event);
  }
  actor.stop();
  return records;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const records = inspectCase();
  const count = (type: InspectionRecord['type']) => records.filter((record) => record.type === type).length;
  console.log(`\n${count('@xstate.event')} events and ${count('@xstate.snapshot')} snapshots inspected.`);
}
