import { z } from 'zod';
import type { AnyStateMachine } from 'xstate';
import type { Label } from '../../machines/labels.js';
import { invalidInput, parseArgument } from '../_lib/validate.js';
import { createMermaidIds, mermaidText } from './_lib/mermaidText.js';
import { toDiagramJson } from './toDiagramJson.js';
import type { DiagramEdge, DiagramNode, ToMermaidOptions } from './types.js';

/** A state value: a string, or an object with one key whose value is one (`{ enforcing: 'planning' }`). */
const stateValueSchema: z.ZodType<string | { [key: string]: unknown }> = z.union([
  z.string().min(1),
  z.record(z.string(), z.unknown()).refine((value) => Object.keys(value).length === 1, 'must be a state value such as "legalReview" or { enforcing: "planning" }'),
]);

/** What `highlight` reads from a snapshot: where it rests and the 流转记录 of where it has been. */
const highlightSchema = z.looseObject({
  value: stateValueSchema,
  context: z.looseObject({
    history: z.array(z.looseObject({ from: z.string().nullable(), to: z.string() })),
  }),
});

const optionsSchema = z
  .object({
    language: z.enum(['zh', 'en']).optional(),
    direction: z.enum(['TB', 'LR']).optional(),
    selfTransitions: z.enum(['list', 'loop']).optional(),
    highlight: highlightSchema.optional(),
  })
  .strict();

/** The dotted path of a state value, or `undefined` when it is not one. */
function pathOf(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return value;
  if (depth > 16 || typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  if (entries.length !== 1) return undefined;
  const child = pathOf(entries[0]![1], depth + 1);
  return child === undefined ? undefined : `${entries[0]![0]}.${child}`;
}

/** Mermaid's styles of the highlighted states: the path a case took, and where it rests. */
const HIGHLIGHT_STYLES = [
  'classDef visited fill:#ddeaff,stroke:#1d5fbf,stroke-width:2px,color:#0b1f3a',
  'classDef current fill:#1d5fbf,stroke:#0b3d8c,stroke-width:3px,color:#ffffff,font-weight:bold',
];

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
 * With `highlight: snapshot`, the states the case went through are styled `visited` and the one
 * it rests in `current` (流程图高亮), by `classDef` and `class` lines at the end.
 *
 * @param machine - An XState v5 machine, usually `caseMachine`.
 * @param options - `language` (`'zh'` default, or `'en'`), `direction` (`'TB'` default, or
 *   `'LR'`), `selfTransitions` (`'list'` default, or `'loop'`) and `highlight`, a case's snapshot.
 * @returns The diagram's Mermaid source, ending with a newline; the same machine always gives
 *   the same text.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` when `machine` is not an XState machine (or
 *   has transitions on its root), `options` is malformed, or `highlight` is not a snapshot of a
 *   case of this machine (a state it names is not the machine's).
 * @example
 * const text = toMermaid(caseMachine);
 * text.split('\n')[0]
 * //=> 'stateDiagram-v2'
 * text.includes('preliminaryReview --> legalReview : 初审通过 [综合指挥调度中心]')
 * //=> true
 * toMermaid(caseMachine, { highlight: actor.getSnapshot() }).trimEnd().split('\n').at(-1)
 * //=> '  class legalReview current'
 */
export function toMermaid(machine: AnyStateMachine, options: ToMermaidOptions = {}): string {
  const { language = 'zh', direction = 'TB', selfTransitions = 'list', highlight } = parseArgument(optionsSchema, options, 'options');
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
  if (highlight !== undefined) lines.push(...highlightLines(highlight, diagram.initial, (path) => ids.get(path)));
  return `${lines.join('\n')}\n`;
}

/**
 * The `classDef` and `class` lines that mark where a case has been (`visited`: every state its
 * 流转记录 entered or left, the opening and the states enclosing them) and where it rests now
 * (`current`).
 *
 * @throws {LinkedEnforcementError} `INVALID_INPUT` when the snapshot names a state the machine does not have.
 */
function highlightLines(highlight: z.infer<typeof highlightSchema>, initial: string, idOf: (path: string) => string | undefined): string[] {
  const current = pathOf(highlight.value) ?? invalidInput('options', 'highlight: value must be a state value such as "legalReview" or { enforcing: "planning" }', { path: ['highlight', 'value'] });
  const visited = new Set<string>();
  const enter = (path: string, where: string) => {
    if (idOf(path) === undefined) invalidInput('options', `highlight: ${where} "${path}" is not a state of the machine`, { path: ['highlight', ...where.split('.')] });
    for (let end = path.indexOf('.'); end > 0; end = path.indexOf('.', end + 1)) visited.add(path.slice(0, end));
    visited.add(path);
  };
  highlight.context.history.forEach((entry, index) => {
    enter(entry.from ?? initial, entry.from === null ? 'the initial state' : `context.history.${index}.from`);
    enter(entry.to, `context.history.${index}.to`);
  });
  enter(current, 'value');
  const visitedIds = [...visited].filter((path) => path !== current).map((path) => idOf(path)!);
  return [
    ...HIGHLIGHT_STYLES.map((line) => `${INDENT}${line}`),
    ...(visitedIds.length === 0 ? [] : [`${INDENT}class ${visitedIds.join(',')} visited`]),
    `${INDENT}class ${idOf(current)!} current`,
  ];
}
