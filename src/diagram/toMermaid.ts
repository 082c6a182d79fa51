import { z } from 'zod';
import type { AnyStateMachine } from 'xstate';
import type { Label } from '../../machines/labels.js';
import { parseArgument } from '../_lib/validate.js';
import { createMermaidIds, mermaidText } from './_lib/mermaidText.js';
import { toDiagramJson } from './toDiagramJson.js';
import type { DiagramEdge, DiagramNode, ToMermaidOptions } from './types.js';

const optionsSchema = z
  .object({
    language: z.enum(['zh', 'en']).optional(),
    direction: z.enum(['TB', 'LR']).optional(),
    selfTransitions: z.enum(['list', 'loop']).optional(),
  })
  .strict();

const INDENT = '  ';
/** Marks a transition that stays in its state, listed inside the state's box. */
const STAY = '↻';
/** Alike transitions (same event, guard and target) from this many states go through one junction. */
const JUNCTION_MIN_SOURCES = 3;

type Scope = string | null;

interface Arrow {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

/** Whether `path` is `ancestor` or nested in it. */
const within = (path: string, ancestor: string): boolean => path === ancestor || path.startsWith(`${ancestor}.`);

/**
 * Draws a machine as a Mermaid `stateDiagram-v2`, generated from the definition itself: every
 * state with its label, nested states as composite states, the transient `opening` as a choice,
 * final states leading to `[*]`, and every transition labelled with its event and, in brackets,
 * the role allowed to send it (`初审通过 [综合指挥调度中心]`).
 *
 * To stay readable, transitions that stay in their state (催办, 报送法律文书…) are listed inside
 * the state's box, marked `↻` (unless `selfTransitions: 'loop'`), and a transition taken alike
 * from three or more states (撤回申请 before dispatch) is drawn as arrows into one junction (◇)
 * with a single labelled arrow on.
 *
 * @param machine - An XState v5 machine, usually `caseMachine`.
 * @param options - `language` (`'zh'` default, or `'en'`), `direction` (`'TB'` default, or
 *   `'LR'`) and `selfTransitions` (`'list'` default, or `'loop'`).
 * @returns The diagram's Mermaid source, ending with a newline; the same machine always gives
 *   the same text.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` when `machine` is not an XState machine (or
 *   has transitions on its root) or `options` is malformed.
 * @example
 * const text = toMermaid(caseMachine);
 * text.split('\n')[0]
 * //=> 'stateDiagram-v2'
 * text.includes('preliminaryReview --> legalReview : 初审通过 [综合指挥调度中心]')
 * //=> true
 */
export function toMermaid(machine: AnyStateMachine, options: ToMermaidOptions = {}): string {
  const { language = 'zh', direction = 'TB', selfTransitions = 'list' } = parseArgument(optionsSchema, options, 'options');
  const diagram = toDiagramJson(machine);
  const byId = new Map(diagram.nodes.map((node) => [node.id, node]));
  const newId = createMermaidIds();
  const ids = new Map(diagram.nodes.map((node) => [node.id, newId(node.id)]));
  const idOf = (path: string) => ids.get(path)!;
  const text = (label: Label) => mermaidText(label[language]);
  const edgeText = (edge: DiagramEdge): string => {
    const guard = edge.guard === undefined ? '' : `[${text(edge.guard.label)}]`;
    return edge.eventLabel === null ? guard : `${text(edge.eventLabel)}${guard === '' ? '' : ` ${guard}`}`;
  };
  const listed = (edge: DiagramEdge) => selfTransitions === 'list' && edge.source === edge.target;

  /** The innermost state holding all `paths` (none of them itself); `null` for the top level. */
  const scopeOf = (paths: readonly string[]): Scope => {
    for (let scope = byId.get(paths[0]!)!.parent; scope !== null; scope = byId.get(scope)!.parent) {
      if (paths.every((path) => within(path, scope!) && path !== scope)) return scope;
    }
    return null;
  };
  /**
   * Where an arrow into `target` points: the compound state whose initial child it is, when the
   * source lies outside (entering 执法 at 起草工作方案 is an arrow to 执法, whose start arrow goes on).
   */
  const drawnTarget = (source: string, target: string): string => {
    let drawn = target;
    for (let parent = byId.get(drawn)!.parent; parent !== null; parent = byId.get(parent)!.parent) {
      if (byId.get(parent)!.initial !== drawn || within(source, parent)) break;
      drawn = parent;
    }
    return drawn;
  };

  const arrowsIn = new Map<Scope, Arrow[]>();
  const junctionsIn = new Map<Scope, string[]>();
  const add = <T>(map: Map<Scope, T[]>, scope: Scope, item: T) => map.set(scope, [...(map.get(scope) ?? []), item]);

  const keyOf = (edge: DiagramEdge) => JSON.stringify([edge.event, edge.guard?.type, edge.guard?.params, drawnTarget(edge.source, edge.target)]);
  const alike = new Map<string, DiagramEdge[]>();
  for (const edge of diagram.edges) if (!listed(edge)) alike.set(keyOf(edge), [...(alike.get(keyOf(edge)) ?? []), edge]);

  const junctions = new Map<string, string>();
  for (const edge of diagram.edges) {
    if (listed(edge)) continue;
    const to = drawnTarget(edge.source, edge.target);
    const group = alike.get(keyOf(edge))!;
    if (group.length < JUNCTION_MIN_SOURCES) {
      add(arrowsIn, edge.source === to ? byId.get(to)!.parent : scopeOf([edge.source, to]), { from: idOf(edge.source), to: idOf(to), label: edgeText(edge) });
      continue;
    }
    const scope = scopeOf([to, ...group.map((member) => member.source)]);
    let junction = junctions.get(keyOf(edge));
    if (junction === undefined) {
      junction = newId(edge.event ?? 'junction');
      junctions.set(keyOf(edge), junction);
      add(junctionsIn, scope, junction);
      add(arrowsIn, scope, { from: junction, to: idOf(to), label: edgeText(edge) });
    }
    add(arrowsIn, scope, { from: idOf(edge.source), to: junction, label: '' });
  }

  const lines: string[] = ['stateDiagram-v2', `${INDENT}direction ${direction}`];
  const block = (scope: Scope, initial: string | undefined, depth: number): void => {
    const pad = INDENT.repeat(depth);
    const children = diagram.nodes.filter((node) => node.parent === scope);
    const parallel = scope !== null && byId.get(scope)!.type === 'parallel';
    children.forEach((node: DiagramNode, index) => {
      if (parallel && index > 0) lines.push(`${pad}--`);
      const id = idOf(node.id);
      if (node.type === 'compound' || node.type === 'parallel') {
        lines.push(`${pad}state "${text(node.label)}" as ${id} {`);
        block(node.id, node.initial, depth + 1);
        lines.push(`${pad}}`);
      } else if (node.transient) {
        lines.push(`${pad}state ${id} <<choice>>`);
      } else {
        lines.push(`${pad}state "${text(node.label)}" as ${id}`);
      }
      for (const edge of diagram.edges) {
        if (edge.source === node.id && listed(edge)) lines.push(`${pad}${id} : ${STAY} ${edgeText(edge)}`);
      }
    });
    for (const junction of junctionsIn.get(scope) ?? []) lines.push(`${pad}state ${junction} <<choice>>`);
    if (initial !== undefined) {
      // A choice shows no text, so the start arrow into one carries its label (立案).
      const start = byId.get(initial)!;
      lines.push(`${pad}[*] --> ${idOf(initial)}${start.transient ? ` : ${text(start.label)}` : ''}`);
    }
    for (const { from, to, label } of arrowsIn.get(scope) ?? []) lines.push(`${pad}${from} --> ${to}${label === '' ? '' : ` : ${label}`}`);
    for (const node of children) if (node.type === 'final') lines.push(`${pad}${idOf(node.id)} --> [*]`);
  };
  block(null, diagram.initial, 1);
  return `${lines.join('\n')}\n`;
}
