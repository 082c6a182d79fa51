import { readFileSync, writeFileSync } from 'node:fs';
import { caseMachine } from '../../machines/caseMachine.js';
import { toMermaid } from '../../src/diagram/index.js';

/** The markers in README.md around the generated diagram. */
export const DIAGRAM_START = '<!-- diagram:start -->';
export const DIAGRAM_END = '<!-- diagram:end -->';

/** README.md at the repository root. */
export const readmePath = new URL('../../README.md', import.meta.url);

/** What belongs between the markers: a note and the case machine's diagram as a ```mermaid block. */
export function diagramBlock(mermaid: string = toMermaid(caseMachine)): string {
  return [
    '',
    '<!-- Generated from the case machine by `npm run diagram:readme`; test/diagram.test.ts fails when it is stale. Do not edit by hand. -->',
    '```mermaid',
    mermaid.trimEnd(),
    '```',
    '',
  ].join('\n');
}

/** Where the block between the markers starts and ends in `readme`. */
function markers(readme: string): { start: number; end: number } {
  const start = readme.indexOf(DIAGRAM_START);
  const end = readme.indexOf(DIAGRAM_END);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`README.md needs ${DIAGRAM_START} and, after it, ${DIAGRAM_END} where the diagram goes`);
  }
  if (readme.indexOf(DIAGRAM_START, start + 1) !== -1 || readme.indexOf(DIAGRAM_END, end + 1) !== -1) {
    throw new Error(`README.md has ${DIAGRAM_START} or ${DIAGRAM_END} more than once`);
  }
  return { start: start + DIAGRAM_START.length, end };
}

/**
 * The text between the diagram markers of `readme`.
 *
 * @throws {Error} When the markers are missing, out of order or repeated.
 */
export function readDiagramBlock(readme: string): string {
  const { start, end } = markers(readme);
  return readme.slice(start, end);
}

/**
 * `readme` with the text between the markers replaced by `block`.
 *
 * @throws {Error} When the markers are missing, out of order or repeated.
 */
export function replaceDiagramBlock(readme: string, block: string): string {
  const { start, end } = markers(readme);
  return `${readme.slice(0, start)}${block}${readme.slice(end)}`;
}

/**
 * Writes the current diagram into README.md.
 *
 * @returns Whether README.md changed.
 * @throws {Error} When README.md is missing or has no markers.
 */
export function updateReadmeDiagram(path: URL = readmePath): boolean {
  const readme = readFileSync(path, 'utf8');
  const updated = replaceDiagramBlock(readme, diagramBlock());
  if (updated === readme) return false;
  writeFileSync(path, updated);
  return true;
}
