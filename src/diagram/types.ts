import type { Label } from '../../machines/labels.js';

/** XState's kinds of state node. */
export type DiagramStateType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

/** One state of the machine, as the diagram shows it. */
export interface DiagramNode {
  /** The state's dotted path, e.g. `legalReview` or `enforcing.planning`. */
  readonly id: string;
  /** The state's own key, e.g. `planning`. */
  readonly key: string;
  /** The path of the state it is nested in; `null` at the top level. */
  readonly parent: string | null;
  readonly type: DiagramStateType;
  /**
   * The state is left at once through eventless (`always`) transitions, so it is a decision
   * rather than a step: `opening`, which routes a case by its origin. Drawn as a choice.
   */
  readonly transient: boolean;
  /** For a compound state, the path of the child it starts in. */
  readonly initial?: string;
  /** Chinese and English names (from `stateLabels`, else the key). */
  readonly label: Label;
  /** The state's `description` in the machine (Chinese). */
  readonly description?: string;
  readonly tags: readonly string[];
}

/** The guard of a transition, with who or what it admits in words. */
export interface DiagramGuard {
  /** The guard's name in `setup`, e.g. `actedBy`. */
  readonly type: string;
  readonly params?: Readonly<Record<string, unknown>>;
  /** For `actedBy`, the role's name (综合指挥调度中心); for `openedAs`, the origin's (申请). */
  readonly label: Label;
}

/** One transition of the machine. */
export interface DiagramEdge {
  /** Path of the state the transition is defined on. */
  readonly source: string;
  /** Path of the state it enters; the source itself for a transition that stays there. */
  readonly target: string;
  /** The event type, e.g. `review.pass`; `null` for an eventless (`always`) transition. */
  readonly event: string | null;
  /** The event's names (from `eventLabels`, else the type); `null` when eventless. */
  readonly eventLabel: Label | null;
  readonly guard?: DiagramGuard;
  /** The role an `actedBy` guard names: who may send the event (see `roles`). */
  readonly role?: string;
  /** The transition's `description` in the machine (Chinese). */
  readonly description?: string;
  /**
   * The transition has no target: the case stays in its state and only records the event
   * (an urge, a unit's report, a revised plan, a deadline check).
   */
  readonly internal: boolean;
}

/** A machine as plain nodes and edges, for drawing it with any tool. */
export interface DiagramJson {
  /** The machine's id. */
  readonly id: string;
  readonly description?: string;
  /** Path of the state the machine starts in. */
  readonly initial: string;
  /** Every state, parents before children, in the order the machine defines them. */
  readonly nodes: readonly DiagramNode[];
  /** Every transition, grouped by source state in node order. */
  readonly edges: readonly DiagramEdge[];
}

/** Options of {@link toMermaid}. */
export interface ToMermaidOptions {
  /** Language of the labels: `'zh'` (default) or `'en'`. */
  readonly language?: 'zh' | 'en';
  /** Layout: `'TB'` top to bottom (default) or `'LR'` left to right. */
  readonly direction?: 'TB' | 'LR';
  /**
   * How to draw transitions that stay in their state (催办, 报送法律文书, 时限检查…): `'list'`
   * (default) writes them inside the state's box, UML's internal transitions, so the arrows show
   * only how a case moves on; `'loop'` draws each as an arrow back to the state.
   */
  readonly selfTransitions?: 'list' | 'loop';
  /**
   * A case's snapshot (`actor.getSnapshot()`, or any object with its `value` and
   * `context.history`): the states its 流转记录 passed through are styled `visited` and the state
   * it rests in `current` (流程图高亮), with `classDef` lines Mermaid renders. A state diagram
   * cannot style single arrows, so the path shows as the states it took.
   */
  readonly highlight?: {
    readonly value: unknown;
    readonly context: { readonly history: readonly { readonly from: string | null; readonly to: string }[] };
  };
}
