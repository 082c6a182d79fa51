// Finds the ```ts and ```js blocks of a Markdown file and the doctest markers before them.
import { DoctestError } from './DoctestError.js';

/** What a `<!-- doctest: … -->` line right before a fence may say about its block. */
export const doctestMarkers = ['fragment', 'database'] as const;
export type DoctestMarker = (typeof doctestMarkers)[number];

/** A ```ts or ```js block of the Markdown file. */
export interface CodeBlock {
  /** `ts` for ts/typescript/mts fences, `js` for js/javascript/mjs ones. */
  readonly lang: 'ts' | 'js';
  /** Line (1-based) of the opening fence. */
  readonly fenceLine: number;
  /** Line of the block's first line of code: line `n` of `code` is line `firstLine + n - 1`. */
  readonly firstLine: number;
  readonly code: string;
  readonly markers: readonly DoctestMarker[];
}

const languages: Readonly<Record<string, 'ts' | 'js'>> = {
  ts: 'ts',
  typescript: 'ts',
  mts: 'ts',
  js: 'js',
  javascript: 'js',
  mjs: 'js',
};

const markerLine = /^\s*<!--\s*doctest:(.*?)-->\s*$/;

/**
 * The ```ts / ```js blocks of `markdown`, with the markers of the `<!-- doctest: … -->` line
 * right before each (blank lines between are allowed).
 *
 * @throws {DoctestError} On an unknown marker word, or a marker that no ts/js fence follows.
 */
export function extractCodeBlocks(markdown: string, file = 'README.md'): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  let pending: { line: number; markers: DoctestMarker[] } | undefined;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const marker = markerLine.exec(line);
    if (marker) {
      if (pending) throw new DoctestError(file, pending.line, 'a doctest marker must be followed by a ```ts or ```js fence');
      const words = (marker[1] ?? '').split(/[\s,]+/).filter((word) => word !== '');
      const unknown = words.filter((word) => !(doctestMarkers as readonly string[]).includes(word));
      if (words.length === 0 || unknown.length > 0) {
        throw new DoctestError(file, index + 1, `unknown doctest marker ${JSON.stringify(unknown.join(' ') || line.trim())}; use ${doctestMarkers.join(' or ')}`);
      }
      pending = { line: index + 1, markers: words as DoctestMarker[] };
      continue;
    }
    const fence = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/.exec(line);
    if (!fence) {
      if (pending && line.trim() !== '') throw new DoctestError(file, pending.line, 'a doctest marker must be followed by a ```ts or ```js fence');
      continue;
    }
    const [, indent = '', opener = '', info = ''] = fence;
    const closer = new RegExp(`^\\s{0,${indent.length + 3}}${opener[0] === '`' ? '`' : '~'}{${opener.length},}\\s*$`);
    let end = index + 1;
    while (end < lines.length && !closer.test(lines[end] ?? '')) end += 1;
    const lang = languages[info.toLowerCase()];
    if (pending && !lang) throw new DoctestError(file, pending.line, 'a doctest marker must be followed by a ```ts or ```js fence');
    if (lang) {
      const code = lines
        .slice(index + 1, end)
        .map((codeLine) => codeLine.replace(new RegExp(`^ {0,${indent.length}}`), ''))
        .join('\n');
      blocks.push({ lang, fenceLine: index + 1, firstLine: index + 2, code, markers: pending?.markers ?? [] });
    }
    pending = undefined;
    index = end;
  }
  if (pending) throw new DoctestError(file, pending.line, 'a doctest marker must be followed by a ```ts or ```js fence');
  return blocks;
}
