import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { eventLabelOf, guardLabelOf, stateLabelOf } from './_lib/caseLabels.js';
import { machineArgument } from './_lib/machineArgument.js';
import { invalidInput } from '../_lib/validate.js';
import type { DiagramEdge, DiagramGuard, DiagramJson, DiagramNode } from './types.js';

const pathOf = (node: AnyStateNode): string => node.path.join('.');

function guardOf(transition: AnyTransitionDefinition): DiagramGuard | undefined {
  const guard: unknown = transition.guard;
  if (guard === undefined) return undefined;
  if (typeof guard === 'string') return { type: guard, label: guardLabelOf(guard, undefined) };
  if (typeof guard === 'function') {
    // Inline guards have no name the diagram could show; the style guide names every guard in setup().
    const type = guard.name === '' ? 'inline' : guard.name;
    return { type, label: guardLabelOf(type, undefined) };
  }
  const { type, params } = guard as { type: string; params?: Readonly<Record<string, unknown>> };
  const plainParams = typeof params === 'object' && params !== null ? params : undefined;
  return { type, ...(plainParams === undefined ? {} : { params: plainParams }), label: guardLabelOf(type, plainParams) };
}

function edgesOf(transition: AnyTransitionDefinition, source: string, event: string | null): DiagramEdge[] {
  const guard = guardOf(transition);
  const role = guard?.type === 'actedBy' && typeof guard.params?.role === 'string' ? guard.params.role : undefined;
  const common = {
    source,
    event,
    eventLabel: event === null ? null : eventLabelOf(event),
    ...(guard === undefined ? {} : { guard }),
    ...(role === undefined ? {} : { role }),
    ...(transition.description === undefined ? {} : { description: transition.description }),
  };
  const targets = transition.target ?? [];
  if (targets.length === 0) return [{ ...common, target: source, internal: true }];
  return targets.map((target) => ({ ...common, target: pathOf(target), internal: false }));
}

/**
 * Reads a machine's states and transitions as plain nodes and edges: what {@link toMermaid}
 * draws, for drawing the workflow with another tool (a web page, Graphviz, a BPM viewer).
 * Everything comes from the machine definition itself: states with their labels and
 * descriptions, transitions with their event, guard, the role allowed and description.
 *
 * @param machine - An XState v5 machine, usually `caseMachine` or one from `createCaseMachine`.
 * @returns Nodes (parents before children) and edges, as JSON-serialisable data.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` when `machine` is not an XState machine, or has
 *   transitions on its root (they apply in every state and have no place to be drawn).
 * @example
 * const { nodes, edges } = toDiagramJson(caseMachine);
 * nodes.find((node) => node.id === 'enforcing.planning')?.label
 * //=> { zh: '起草工作方案', en: 'Drafting the work plan' }
 * edges.find((edge) => edge.event === 'review.pass')
 * //=> { source: 'preliminaryReview', target: 'legalReview', event: 'review.pass', role: 'center', internal: false, … }
 */
export function toDiagramJson(machine: AnyStateMachine): DiagramJson {
  const { root } = machineArgument(machine);
  if (root.transitions.size > 0 || (root.always?.length ?? 0) > 0) {
    invalidInput('machine', 'transitions on the machine root (they apply in every state) cannot be drawn; define them on the states');
  }
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];

  const visit = (node: AnyStateNode): void => {
    const id = pathOf(node);
    const children = Object.values(node.states) as AnyStateNode[];
    const events = [...node.transitions.entries()];
    const initial = node.type === 'compound' ? node.initial.target[0] : undefined;
    nodes.push({
      id,
      key: node.key,
      parent: node.parent === undefined || node.parent === root ? null : pathOf(node.parent),
      type: node.type,
      transient: (node.always?.length ?? 0) > 0 && events.length === 0 && children.length === 0,
      ...(initial === undefined ? {} : { initial: pathOf(initial) }),
      label: stateLabelOf(id, node.key),
      ...(node.description === undefined ? {} : { description: node.description }),
      tags: [...node.tags],
    });
    for (const transition of node.always ?? []) edges.push(...edgesOf(transition, id, null));
    for (const [event, transitions] of events) {
      for (const transition of transitions) edges.push(...edgesOf(transition, id, event));
    }
    for (const child of children) visit(child);
  };

  const topLevel = Object.values(root.states) as AnyStateNode[];
  for (const node of topLevel) visit(node);
  return {
    id: root.id,
    ...(root.description === undefined ? {} : { description: root.description }),
    initial: pathOf(root.initial.target[0]!),
    nodes,
    edges,
  };
}
