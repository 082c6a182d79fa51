// The README doc test (scripts/doctest-readme.ts) must be able to fail: these tests feed its
// extraction, its `//=>` / `// throws` rewriting and its runtime small READMEs, run the blocks
// with Node as the harness does (no package needed), and check both outcomes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DoctestError } from '../scripts/_lib/doctest/DoctestError.js';
import { extractCodeBlocks, type CodeBlock } from '../scripts/_lib/doctest/extractCodeBlocks.js';
import { parseShownValue } from '../scripts/_lib/doctest/parseShownValue.js';
import { rewriteBlock } from '../scripts/_lib/doctest/rewriteBlock.js';
import { runBlock, typeCheckBlocks, writeRuntime } from '../scripts/_lib/doctest/runBlock.js';
import { mismatch } from '../scripts/_lib/doctest/runtime.js';

const fence = '```';

/** The DoctestError that `run` throws (any other outcome fails the test). */
function doctestErrorOf(run: () => unknown): DoctestError {
  try {
    run();
  } catch (error) {
    if (error instanceof DoctestError) return error;
    throw error;
  }
  throw new Error('expected a DoctestError');
}

describe('extractCodeBlocks', () => {
  it('finds ts and js blocks with their README lines and markers, and ignores other fences', () => {
    const readme = [
      '# Title', //                                          1
      `${fence}sh`, //                                       2
      'npm i x', //                                          3
      fence, //                                              4
      `${fence}ts`, //                                       5
      "const a: number = 1;", //                             6
      fence, //                                              7
      '<!-- doctest: fragment -->', //                       8
      `${fence}typescript`, //                               9
      'a;', //                                               10
      fence, //                                              11
      '<!-- doctest: database -->', //                       12
      '', //                                                 13
      '~~~js', //                                            14
      "console.log('```');", //                              15
      '~~~', //                                              16
      `${fence}text`, //                                     17
      '{ shape }', //                                        18
      fence, //                                              19
    ].join('\n');
    const blocks = extractCodeBlocks(readme);
    expect(blocks).toEqual([
      { lang: 'ts', fenceLine: 5, firstLine: 6, code: 'const a: number = 1;', markers: [] },
      { lang: 'ts', fenceLine: 9, firstLine: 10, code: 'a;', markers: ['fragment'] },
      { lang: 'js', fenceLine: 14, firstLine: 15, code: "console.log('```');", markers: ['database'] },
    ]);
  });

  it('refuses an unknown marker and a marker that no ts/js fence follows, naming the line', () => {
    const unknown = doctestErrorOf(() => extractCodeBlocks(['x', '<!-- doctest: skip -->', `${fence}ts`, 'x;', fence].join('\n')));
    expect(unknown.message).toMatch(/^README\.md:2: unknown doctest marker "skip"/);
    const stray = doctestErrorOf(() => extractCodeBlocks(['<!-- doctest: fragment -->', 'Some prose.', `${fence}ts`, fence].join('\n')));
    expect(stray.message).toMatch(/^README\.md:1: a doctest marker must be followed by a ```ts or ```js fence/);
    const wrongFence = doctestErrorOf(() => extractCodeBlocks(['<!-- doctest: fragment -->', `${fence}sh`, 'ls', fence].join('\n')));
    expect(wrongFence.line).toBe(1);
  });
});

describe('parseShownValue', () => {
  it('reads literals, arrays and objects, with shorthand keys, … elisions and a trailing remark', () => {
    expect(parseShownValue(`'统战部（民宗局）'`)).toEqual({ kind: 'literal', value: '统战部（民宗局）' });
    expect(parseShownValue(`"it's" (a remark, with 'quotes')`)).toEqual({ kind: 'literal', value: "it's" });
    expect(parseShownValue('-5  (from < d ≤ to)')).toEqual({ kind: 'literal', value: -5 });
    expect(parseShownValue('true')).toEqual({ kind: 'literal', value: true });
    expect(parseShownValue('undefined')).toEqual({ kind: 'undefined' });
    expect(parseShownValue(`['a', 2, …]`)).toEqual({
      kind: 'array',
      items: [{ kind: 'literal', value: 'a' }, { kind: 'literal', value: 2 }],
      open: true,
    });
    expect(parseShownValue(`{ ok: true, entries, 'as': null, … }`)).toEqual({
      kind: 'object',
      entries: [
        { key: 'ok', value: { kind: 'literal', value: true } },
        { key: 'entries', value: null },
        { key: 'as', value: { kind: 'literal', value: null } },
      ],
      open: true,
    });
    expect(parseShownValue(`'\\u738b\\'\\n'`)).toEqual({ kind: 'literal', value: "王'\n" });
  });

  it('refuses anything else after the value, unterminated strings and non-literals', () => {
    expect(() => parseShownValue(`'a' or 'b'`)).toThrow(/only a remark in parentheses may follow the value/);
    expect(() => parseShownValue(`'a`)).toThrow(/unterminated string/);
    expect(() => parseShownValue('someVariable')).toThrow(/someVariable is not a literal/);
    expect(() => parseShownValue('[1, …, 3]')).toThrow(/… may only end an array/);
    expect(() => parseShownValue('{ a: 1, a: 2 }')).toThrow(/the key a twice/);
    expect(() => parseShownValue('')).toThrow(/a value expected/);
  });
});

describe('mismatch (how a shown value is compared)', () => {
  const check = (actual: unknown, shown: string) => mismatch(actual, parseShownValue(shown));

  it('compares strings, numbers and booleans strictly, without coercion', () => {
    expect(check('2026-10-13', `'2026-10-13'`)).toBeUndefined();
    expect(check(5, '5')).toBeUndefined();
    expect(check(5, `'5'`)).toBe("expected '5', got 5");
    expect(check('5', '5')).toBe("expected 5, got '5'");
    expect(check(1, 'true')).toBe('expected true, got 1');
    expect(check(null, 'undefined')).toBe('expected undefined, got null');
    expect(check(Number.NaN, 'NaN')).toBeUndefined();
  });

  it('wants exactly the shown keys and items, unless … allows more', () => {
    expect(check({ a: 1, b: 'x' }, `{ b: 'x', a: 1 }`)).toBeUndefined();
    expect(check({ a: 1, b: 'x' }, '{ a: 1 }')).toMatch(/^unexpected \.b \(end the shown object with … if more keys are fine\)/);
    expect(check({ a: 1, b: 'x' }, '{ a: 1, … }')).toBeUndefined();
    expect(check({ a: { id: 'u', kind: 'k' } }, `{ a: { id: 'v', … } }`)).toBe("expected 'v' at .a.id, got 'u'");
    expect(check({ a: 1 }, '{ a: 1, b }')).toBe('expected a property .b, got { a: 1 }');
    expect(check({ ok: true, entries: 3, head: undefined }, '{ ok: true, entries, head }')).toBe('expected .head to be set, got undefined');
    expect(check([1, 2], '[1, 2]')).toBeUndefined();
    expect(check([1, 2, 3], '[1, 2]')).toBe('expected 2 items, got 3: [ 1, 2, 3 ]');
    expect(check([1, 2, 3], '[1, 2, …]')).toBeUndefined();
    expect(check([1], '[1, 2, …]')).toBe('expected at least 2 items, got 1: [ 1 ]');
    expect(check({ length: 0 }, '[]')).toBe('expected an array, got { length: 0 }');
    expect(check([], '{}')).toBe('expected an object, got []');
  });
});

describe('rewriteBlock', () => {
  const block = (code: string, firstLine = 10): CodeBlock => ({ lang: 'ts', fenceLine: firstLine - 1, firstLine, code, markers: [] });

  it('keeps every line of the block on its README line', () => {
    const code = ['const a = 1;', 'a + 1; //=> 2', 'console.log(a);', '//=> 1'].join('\n');
    const rewritten = rewriteBlock(block(code, 10));
    const lines = rewritten.code.split('\n');
    expect(lines[10 - 1]).toBe('const a = 1;');
    expect(lines[11 - 1]).toMatch(/^__doctest\.equal\(\(a \+ 1\), .*"README\.md:11".* \/\/=> 2$/);
    expect(lines[12 - 1]).toMatch(/^console\.log\(__doctest\.equal\(\(a\), .*"README\.md:13"/);
    expect(rewritten.checks.map((c) => [c.kind, c.line, c.text])).toEqual([
      ['value', 11, '2'],
      ['value', 13, '1'],
    ]);
  });

  it('refuses a //=> that follows no expression statement, an unreadable value, and a // throws before the end', () => {
    expect(doctestErrorOf(() => rewriteBlock(block('const a = 1; //=> 1'))).message).toMatch(/^README\.md:10: \/\/=> must follow an expression statement/);
    expect(doctestErrorOf(() => rewriteBlock(block('1;\n\n//=> 1'))).line).toBe(12);
    expect(doctestErrorOf(() => rewriteBlock(block('f(); //=> a value'))).message).toMatch(/^README\.md:10: cannot read the value after \/\/=>/);
    const early = doctestErrorOf(() => rewriteBlock(block('f(); // throws UNKNOWN_ITEM\ng();')));
    expect(early.message).toMatch(/^README\.md:10: \/\/ throws must follow the last statement of the block/);
  });
});

describe('running rewritten blocks (as scripts/doctest-readme.ts does)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'doctest-test-'));
    writeRuntime(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Extracts the only block of `readme`, rewrites and runs it. */
  const run = (readmeLines: readonly string[]) => {
    const [block] = extractCodeBlocks(readmeLines.join('\n'));
    if (!block) throw new Error('no block');
    return runBlock(block, rewriteBlock(block), { dir, readmePath: join(dir, 'README.md'), env: { ...process.env, TZ: 'America/Los_Angeles' } });
  };
  const fakeError = "class Refusal extends Error { override name = 'LinkedEnforcementError'; code: string; constructor(code: string) { super(code); this.code = code; } }";
  const budget = 30_000; // each test starts a Node process or two; generous for a busy machine

  it('passes a block whose values are right, in every form the README uses', { timeout: budget }, () => {
    const result = run([
      '# README',
      `${fence}ts`,
      'const calendar: { add: (n: number) => string } = { add: (n) => `2026-10-${10 + n}` };',
      "calendar.add(3);          //=> '2026-10-13'  (a remark)",
      'const view = { ok: true, entries: 3, head: "abc", nested: { id: "x", extra: [1, 2] } };',
      'view;',
      "//=> { ok: true, entries, head, nested: { id: 'x', … } }",
      'await Promise.resolve([1, 2, 3]); //=> [1, 2, …]',
      'if (view.ok) console.log(view.entries); //=> 3',
      fakeError,
      "(() => { throw new Refusal('UNKNOWN_ITEM'); })(); // throws UNKNOWN_ITEM (item 40)",
      fence,
    ]);
    expect(result.output).not.toMatch(/✗/);
    expect(result.ok).toBe(true);
  });

  it('fails on a wrong //=> value, naming the README line, and still runs the rest', { timeout: budget }, () => {
    const result = run(['# README', '', `${fence}ts`, 'const a = 1;', "a + 1; //=> 3", "console.log('after');", fence]);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('✗ README.md:5: //=> 3\n  expected 3, got 2');
    expect(result.output).toContain('after');
  });

  it('fails on a string shown where a number comes back', { timeout: budget }, () => {
    const result = run([`${fence}js`, "const n = '40';", 'n; //=> 40', fence]);
    expect(result.ok).toBe(false);
    expect(result.output).toContain("✗ README.md:3: //=> 40\n  expected 40, got '40'");
  });

  it('fails when a check never runs', { timeout: budget }, () => {
    const result = run([`${fence}ts`, 'const seen = false;', 'if (seen) console.log(1); //=> 1', fence]);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('✗ README.md:3: this check was never reached');
  });

  it('fails on // throws when nothing is thrown, or another code, or another error', { timeout: budget }, () => {
    const none = run([`${fence}ts`, 'Math.max(1, 2); // throws UNKNOWN_ITEM', fence]);
    expect(none.ok).toBe(false);
    expect(none.output).toContain('✗ README.md:2: // throws UNKNOWN_ITEM\n  expected a LinkedEnforcementError with code UNKNOWN_ITEM, but nothing was thrown');
    const other = run([`${fence}ts`, fakeError, "await Promise.reject(new Refusal('UNKNOWN_UNIT')); // throws UNKNOWN_ITEM", fence]);
    expect(other.ok).toBe(false);
    expect(other.output).toContain('got code UNKNOWN_UNIT');
    const plain = run([`${fence}ts`, "JSON.parse('{'); // throws INVALID_INPUT", fence]);
    expect(plain.ok).toBe(false);
    expect(plain.output).toMatch(/expected a LinkedEnforcementError with code INVALID_INPUT, got SyntaxError/);
  });

  it('fails a block that throws, with a stack trace that names the README line', { timeout: budget }, () => {
    const result = run(['# README', `${fence}ts`, 'const sent: string[] = [];', 'sms.send(sent);', fence]);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('ReferenceError: sms is not defined');
    expect(result.output).toMatch(/README\.md:4:1/);
  });

  it('fails a block that leaves something running, so that pasted it would hang', { timeout: budget }, () => {
    const result = run([`${fence}ts`, 'setInterval(() => {}, 1000);', fence]);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/README\.md:1: the block leaves Timeout behind, so the process would not end on its own/);
  });

  it('type-checks blocks as pasted with tsc --strict, naming README lines, and only syntax Node can strip', { timeout: 60_000 }, () => {
    const readme = ['# README', `${fence}ts`, 'const n: number = 1;', 'const s: string = n;', fence, `${fence}ts`, 'enum Kind { A }', fence];
    const tsc = join(import.meta.dirname, '..', 'node_modules', 'typescript', 'bin', 'tsc');
    const result = typeCheckBlocks(extractCodeBlocks(readme.join('\n')), { dir, file: 'README.md', tsc, types: [] });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/README\.md\(4,7\): error TS2322: Type 'number' is not assignable to type 'string'/);
    expect(result.output).toMatch(/README\.md\(7,6\): error TS1294: This syntax is not allowed when 'erasableSyntaxOnly' is enabled/);
  });
});

describe('README.md', () => {
  it('has doc-test blocks the harness can read (npm run doctest:readme runs them)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const blocks = extractCodeBlocks(readme);
    expect(blocks.length).toBeGreaterThan(5);
    const checks = blocks.filter((block) => !block.markers.includes('fragment')).flatMap((block) => rewriteBlock(block).checks);
    expect(checks.length).toBeGreaterThan(20);
  });
});
