import type { DiagramJson, DiagramNode } from '../../diagram/types.js';
import { html, join, type Html } from './html.js';
import { flowchartBends, flowchartPositions } from './flowchartLayout.js';

const COL_W = 170;
const ROW_H = 62;
const BOX_W = 128;
const BOX_H = 36;
const MARGIN = 24;
const COMPOUND_PAD = 14;
const FONT = 11.5;

interface Point {
  readonly x: number;
  readonly y: number;
}

interface Box {
  readonly cx: number;
  readonly cy: number;
  readonly w: number;
  readonly h: number;
}

/** The path a case took, as the flowchart highlights it. */
export interface VisitedPath {
  /** States the case entered (and the opening). */
  readonly states: ReadonlySet<string>;
  /** Arrows it followed, `source>target`, with the 流转记录 numbers (seq) of each time. */
  readonly edges: ReadonlyMap<string, readonly number[]>;
  /** Where it rests (a closed case: its final state). */
  readonly current: string;
}

const cell = ({ col, row }: { col: number; row: number }): Point => ({ x: MARGIN + col * COL_W + COL_W / 2, y: MARGIN + row * ROW_H + BOX_H / 2 });

/** Where the segment from the box's centre towards `toward` leaves the box. */
function borderPoint(box: Box, toward: Point): Point {
  const dx = toward.x - box.cx;
  const dy = toward.y - box.cy;
  if (dx === 0 && dy === 0) return { x: box.cx, y: box.cy };
  const scale = Math.min(dx === 0 ? Infinity : box.w / 2 / Math.abs(dx), dy === 0 ? Infinity : box.h / 2 / Math.abs(dy));
  return { x: box.cx + dx * scale, y: box.cy + dy * scale };
}

/** A label in lines short enough for a box: Chinese by characters, other text by words. */
function wrap(text: string, perLine: number): string[] {
  const cjk = /[\u3400-\u9fff]/u.test(text);
  if (cjk) {
    const chars = [...text];
    if (chars.length <= perLine) return [text];
    const half = Math.ceil(chars.length / 2);
    return [chars.slice(0, half).join(''), chars.slice(half).join('')];
  }
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= perLine * 2) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The machine's flowchart as an inline SVG, each state at its place of 附件1
 * ({@link flowchartPositions}), with the path the case took drawn strong and numbered by its
 * 流转记录 entries, and where it rests marked.
 *
 * @throws {Error} When a state of the machine has no position: the layout must be extended with the machine.
 */
export function flowchartSvg(diagram: DiagramJson, visited: VisitedPath, language: 'zh' | 'en', title: string): Html {
  const boxes = new Map<string, Box>();
  const compounds: DiagramNode[] = [];
  for (const node of diagram.nodes) {
    if (node.type === 'compound' || node.type === 'parallel') {
      compounds.push(node);
      continue;
    }
    const position = Object.hasOwn(flowchartPositions, node.id) ? flowchartPositions[node.id] : undefined;
    if (position === undefined) throw new Error(`The dossier's flowchart has no position for the state "${node.id}": add it to flowchartPositions (src/dossier/_lib/flowchartLayout.ts)`);
    const centre = cell(position);
    boxes.set(node.id, { cx: centre.x, cy: centre.y, w: node.transient ? BOX_W * 0.6 : BOX_W, h: BOX_H });
  }
  // A compound state is drawn around its children, its label on top.
  const compoundBoxes = new Map<string, Box>();
  for (const node of compounds) {
    const children = [...boxes.entries()].filter(([id]) => id.startsWith(`${node.id}.`)).map(([, box]) => box);
    if (children.length === 0) throw new Error(`The dossier's flowchart cannot draw the state "${node.id}": it has no child with a position`);
    const left = Math.min(...children.map((b) => b.cx - b.w / 2)) - COMPOUND_PAD;
    const right = Math.max(...children.map((b) => b.cx + b.w / 2)) + COMPOUND_PAD;
    const top = Math.min(...children.map((b) => b.cy - b.h / 2)) - COMPOUND_PAD - FONT - 4;
    const bottom = Math.max(...children.map((b) => b.cy + b.h / 2)) + COMPOUND_PAD;
    compoundBoxes.set(node.id, { cx: (left + right) / 2, cy: (top + bottom) / 2, w: right - left, h: bottom - top });
  }
  const boxOf = (id: string) => boxes.get(id) ?? compoundBoxes.get(id)!;

  const width = Math.max(...[...boxes.values(), ...compoundBoxes.values()].map((b) => b.cx + b.w / 2)) + MARGIN;
  const height = Math.max(...[...boxes.values(), ...compoundBoxes.values()].map((b) => b.cy + b.h / 2)) + MARGIN;

  const arrows: Html[] = [];
  const highlighted: Html[] = [];
  const badges: Html[] = [];
  const drawn = new Set<string>();
  for (const edge of diagram.edges) {
    const key = `${edge.source}>${edge.target}`;
    if (edge.internal || edge.source === edge.target || drawn.has(key)) continue;
    drawn.add(key);
    const bends = (Object.hasOwn(flowchartBends, key) ? flowchartBends[key]! : []).map(cell);
    const from = boxOf(edge.source);
    const to = boxOf(edge.target);
    const first = bends[0] ?? { x: to.cx, y: to.cy };
    const last = bends.at(-1) ?? { x: from.cx, y: from.cy };
    const points = [borderPoint(from, first), ...bends, borderPoint(to, last)];
    const d = points.map((p, index) => `${index === 0 ? 'M' : 'L'}${round(p.x)} ${round(p.y)}`).join(' ');
    const seqs = visited.edges.get(key);
    if (seqs === undefined) {
      arrows.push(html`<path class="edge" d="${d}" marker-end="url(#arrow)"/>`);
      continue;
    }
    highlighted.push(html`<path class="edge taken" d="${d}" marker-end="url(#arrow-taken)"/>`);
    const middle = Math.floor((points.length - 1) / 2);
    const a = points[middle]!;
    const b = points[middle + 1]!;
    const label = seqs.join(',');
    const badgeWidth = 8 + label.length * 6.5;
    const mx = round((a.x + b.x) / 2);
    const my = round((a.y + b.y) / 2);
    badges.push(html`<g class="badge"><rect x="${round(mx - badgeWidth / 2)}" y="${round(my - 8)}" width="${round(badgeWidth)}" height="16" rx="8"/><text x="${mx}" y="${round(my + 4)}">${label}</text></g>`);
  }

  const label = (node: DiagramNode) => node.label[language];
  const nodeMarkup: Html[] = [];
  for (const node of compounds) {
    const box = compoundBoxes.get(node.id)!;
    const cls = visited.states.has(node.id) ? 'compound visited' : 'compound';
    nodeMarkup.push(
      html`<g class="${cls}"><rect x="${round(box.cx - box.w / 2)}" y="${round(box.cy - box.h / 2)}" width="${round(box.w)}" height="${round(box.h)}" rx="10"/><text x="${round(box.cx - box.w / 2 + 8)}" y="${round(box.cy - box.h / 2 + FONT + 5)}">${label(node)}</text></g>`,
    );
  }
  for (const node of diagram.nodes) {
    const box = boxes.get(node.id);
    if (box === undefined) continue;
    const classes = ['state', node.type === 'final' ? 'final' : '', node.transient ? 'start' : '', visited.states.has(node.id) ? 'visited' : '', visited.current === node.id ? 'current' : ''].filter((c) => c !== '').join(' ');
    const lines = wrap(label(node), language === 'zh' ? 8 : 11);
    const firstY = box.cy - ((lines.length - 1) * (FONT + 2)) / 2 + FONT / 2 - 1;
    const text = lines.map((line, index) => html`<tspan x="${round(box.cx)}" y="${round(firstY + index * (FONT + 2))}">${line}</tspan>`);
    nodeMarkup.push(
      html`<g class="${classes}" data-state="${node.id}"><rect x="${round(box.cx - box.w / 2)}" y="${round(box.cy - box.h / 2)}" width="${round(box.w)}" height="${round(box.h)}" rx="${node.transient ? BOX_H / 2 : node.type === 'final' ? 12 : 4}"/><text>${text}</text></g>`,
    );
  }

  return html`<svg class="flowchart" viewBox="0 0 ${round(width)} ${round(height)}" role="img" aria-label="${title}">
<title>${title}</title>
<defs>
<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#9aa3ad"/></marker>
<marker id="arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#1d5fbf"/></marker>
</defs>
${join(nodeMarkup.filter((_, index) => index < compounds.length))}
${join(arrows, '\n')}
${join(highlighted, '\n')}
${join(nodeMarkup.filter((_, index) => index >= compounds.length), '\n')}
${join(badges, '\n')}
</svg>`;
}
