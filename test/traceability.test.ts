/**
 * The README's "Seed traceability" table (issue 9): every line of 附件1 and every numbered duty of
 * 附件2 has a row; every phrase is the seed's; every test a row names exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { seedDuties, seedText } from './_seed.js';

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const testDir = fileURLToPath(new URL('.', import.meta.url));

/** Without whitespace: the seed's cells break lines and pad arrows with spaces. */
const squeeze = (text: string) => text.replace(/\s+/gu, '');

export interface TraceRow {
  readonly seed: string;
  readonly phrase: string;
  readonly encoding: string;
  readonly tests: readonly string[];
  readonly status: string;
}

/** The rows between the traceability markers. */
export function traceRows(markdown: string): TraceRow[] {
  const start = markdown.indexOf('<!-- traceability:start -->');
  const end = markdown.indexOf('<!-- traceability:end -->');
  if (start < 0 || end < start) throw new Error('README.md has no traceability table (<!-- traceability:start --> … <!-- traceability:end -->)');
  return markdown
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Seed |') && !line.startsWith('| ---'))
    .map((line) => {
      const cells = line.slice(2, -2).split(' | ');
      if (cells.length !== 5) throw new Error(`a traceability row needs 5 cells: ${line}`);
      const [seed, phrase, encoding, tests, status] = cells.map((cell) => cell.trim()) as [string, string, string, string, string];
      return { seed, phrase, encoding, tests: [...tests.matchAll(/«([^»]+)»/gu)].map((match) => match[1]!), status };
    });
}

/** Every `it('…')` title (a plain string literal) in the test files. */
export function testTitles(files: readonly string[]): Set<string> {
  const titles = new Set<string>();
  for (const file of files) {
    const source = readFileSync(`${testDir}${file}`, 'utf8');
    for (const match of source.matchAll(/\bit\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/gu)) {
      if (match[1] === '`' && match[2]!.includes('${')) continue;
      titles.add(match[2]!.replace(/\\(.)/gu, '$1'));
    }
  }
  return titles;
}

/** Whether `phrase` (pieces joined by … or →) appears in `text`, piece by piece in order. */
export function quotes(text: string, phrase: string): boolean {
  let from = 0;
  for (const piece of phrase.split(/…|→/u).map(squeeze).filter((part) => part !== '')) {
    const at = squeeze(text).indexOf(piece, from);
    if (at < 0) return false;
    from = at + piece.length;
  }
  return true;
}

/** The lines of 附件1 (boxes and arrow labels), without its title and Word's bookmark. */
function flowchartLines(): string[] {
  const section = seedText.slice(seedText.indexOf('附件1'), seedText.indexOf('附件2'));
  return section
    .split('\n')
    .map((line) => squeeze(line.replace('[bookmark: _GoBack]', '')))
    .filter((line) => line !== '' && line !== '附件1' && !line.endsWith('流程图'));
}

/** The duties of 附件2 by party, numbered where the seed numbers them. */
function dutiesByParty(): { party: string; no?: number; text: string }[] {
  return seedDuties().flatMap(({ party, text }) => {
    const numbered = [...text.matchAll(/(\d)\.([^\n]+)/gu)];
    return numbered.length > 0 ? numbered.map((match) => ({ party, no: Number(match[1]), text: match[2]! })) : [{ party, text }];
  });
}

const files = readdirSync(testDir).filter((file) => /\.test(-d)?\.tsx?$/u.test(file));
const rows = traceRows(readme);
const titles = testTitles(files);

describe('the seed traceability table (README)', () => {
  it('names only tests that exist, and every faithful row names one', () => {
    const missing = rows.flatMap((row) => row.tests.filter((title) => !titles.has(title)).map((title) => `${row.seed}: «${title}»`));
    expect(missing).toEqual([]);
    expect(rows.filter((row) => row.status === 'faithful' && row.tests.length === 0).map((row) => row.phrase)).toEqual([]);
    expect(rows.filter((row) => row.status === 'out of scope' && (row.tests.length > 0 || !row.encoding.startsWith('Not encoded:'))).map((row) => row.phrase)).toEqual([]);
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['faithful', 'out of scope']));
  });

  it('has a row for every line of 附件1, and quotes the flowchart', () => {
    const flowchart = rows.filter((row) => row.seed === '附件1');
    const lines = flowchartLines();
    expect(lines).toHaveLength(17);
    expect(lines.filter((line) => !flowchart.some((row) => squeeze(row.phrase).includes(line)))).toEqual([]);
    const section = seedText.slice(seedText.indexOf('附件1'), seedText.indexOf('附件2'));
    // An arrow's label and its box are two lines of the seed: each piece must be there.
    expect(flowchart.filter((row) => !row.phrase.split('→').every((piece) => quotes(section, piece))).map((row) => row.phrase)).toEqual([]);
  });

  it('has a row for every duty of 附件2 (each numbered one of 牵头单位 and 配合单位), each quoting that duty', () => {
    const duties = dutiesByParty();
    expect(duties.map((duty) => `${duty.party} ${duty.no ?? ''}`.trim())).toEqual([
      ...[1, 2, 3, 4, 5, 6, 7].map((no) => `牵头单位 ${no}`),
      ...[1, 2, 3, 4, 5].map((no) => `配合单位 ${no}`),
      '司法局',
      '综合指挥调度中心',
      '相关执法机关',
    ]);
    const uncovered = duties.filter((duty) => !rows.some((row) => row.seed === `附件2 ${duty.party}${duty.no === undefined ? '' : ` ${duty.no}`}`));
    expect(uncovered.map((duty) => `${duty.party} ${duty.no ?? ''}`)).toEqual([]);
    const misquoted = rows
      .filter((row) => row.seed.startsWith('附件2 '))
      .filter((row) => {
        const [, party, no] = /^附件2 (\S+)(?: (\d))?$/u.exec(row.seed) ?? [];
        const duty = duties.find((candidate) => candidate.party === party && candidate.no === (no === undefined ? undefined : Number(no)));
        return duty === undefined || !quotes(duty.text, row.phrase);
      });
    expect(misquoted.map((row) => `${row.seed}: ${row.phrase}`)).toEqual([]);
  });

  it('states its counts', () => {
    const faithful = rows.filter((row) => row.status === 'faithful').length;
    const outOfScope = rows.filter((row) => row.status === 'out of scope').length;
    expect(readme).toContain(`**Counts**: ${faithful} rows faithful, ${outOfScope} out of scope.`);
  });

  it('fails on a missing test, a missing duty and a misquoted phrase (the checks can fail)', () => {
    const table = (row: string) => `<!-- traceability:start -->\n| Seed | Phrase | Encoded as | Tests | Status |\n| --- | --- | --- | --- | --- |\n${row}\n<!-- traceability:end -->`;
    const [row] = traceRows(table('| 附件2 牵头单位 6 | 5个工作日内 | deadline | «no such test» | faithful |'));
    expect(titles.has(row!.tests[0]!)).toBe(false);
    expect(quotes(dutiesByParty().find((duty) => duty.party === '牵头单位' && duty.no === 6)!.text, '5个工作日内')).toBe(true);
    expect(quotes(dutiesByParty().find((duty) => duty.party === '牵头单位' && duty.no === 6)!.text, '10个工作日内')).toBe(false);
    expect(quotes('甲乙丙丁', '丙 … 甲')).toBe(false);
    expect(() => traceRows('no table')).toThrow(/traceability/);
    expect(() => traceRows(table('| a | b |'))).toThrow(/5 cells/);
  });
});
