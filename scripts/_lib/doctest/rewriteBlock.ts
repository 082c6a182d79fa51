// Turns a block's `//=>` and `// throws` comments into calls of the runtime (runtime.ts).
import ts from 'typescript';
import { DoctestError } from './DoctestError.js';
import type { CodeBlock } from './extractCodeBlocks.js';
import { parseShownValue } from './parseShownValue.js';
import type { ShownValue } from './runtime.js';

/** One `//=>` or `// throws` of a block. */
export interface DoctestCheck {
  readonly kind: 'value' | 'throws';
  /** README line of the comment. */
  readonly line: number;
  /** `file:line`, as the run reports it. */
  readonly label: string;
  /** The comment's text after `//=>` or `// throws`. */
  readonly text: string;
}

export interface RewrittenBlock {
  /** The block as an ESM module whose line n is README line n (so stack traces name README lines). */
  readonly code: string;
  readonly checks: readonly DoctestCheck[];
}

/** The module specifier of the compiled runtime.ts, next to the blocks. */
export const runtimeFileName = 'doctest-runtime.mjs';

const throwsComment = /^\/\/\s*throws\s+([A-Z][A-Z0-9_]*)\b/;

/** Every comment of `source`, each once, in order. */
function commentsOf(source: ts.SourceFile): ts.CommentRange[] {
  const found = new Map<number, ts.CommentRange>();
  const text = source.text;
  const visit = (node: ts.Node) => {
    for (const range of ts.getLeadingCommentRanges(text, node.getFullStart()) ?? []) found.set(range.pos, range);
    for (const range of ts.getTrailingCommentRanges(text, node.getEnd()) ?? []) found.set(range.pos, range);
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return [...found.values()].sort((a, b) => a.pos - b.pos);
}

/**
 * `block` with each `expr; //=> value` (or `expr;` and `//=> value` on the next line) turned into
 * a check that `expr` matches the value (for `console.log(x); //=> value`, that `x` does), and a
 * last statement `stmt; // throws CODE` into a check that it throws a LinkedEnforcementError with
 * that code. The module also checks, at its end, that every check ran and nothing keeps the
 * process alive.
 *
 * @throws {DoctestError} For a `//=>` that follows no expression statement or shows no readable
 *   value, or a `// throws` that is not on the block's last statement.
 */
export function rewriteBlock(block: CodeBlock, file = 'README.md'): RewrittenBlock {
  const source = ts.createSourceFile(`block.${block.lang === 'ts' ? 'mts' : 'mjs'}`, block.code, ts.ScriptTarget.Latest, true, block.lang === 'ts' ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const text = source.text;
  const lineOf = (pos: number) => block.firstLine + source.getLineAndCharacterOfPosition(pos).line;
  const statements: ts.ExpressionStatement[] = [];
  const collect = (node: ts.Node) => {
    if (ts.isExpressionStatement(node)) statements.push(node);
    ts.forEachChild(node, collect);
  };
  collect(source);
  // The expression statement a comment at `pos` belongs to: ending right before it on the same
  // line, or on the line before with nothing between.
  const statementBefore = (pos: number): ts.ExpressionStatement | undefined => {
    let best: ts.ExpressionStatement | undefined;
    for (const statement of statements) {
      const between = text.slice(statement.getEnd(), pos);
      if (statement.getEnd() <= pos && /^\s*$/.test(between) && between.split('\n').length <= 2) {
        if (!best || statement.getEnd() > best.getEnd()) best = statement;
      }
    }
    return best;
  };

  const checks: DoctestCheck[] = [];
  const edits: { start: number; end: number; before: string; after: string }[] = [];
  for (const comment of commentsOf(source)) {
    if (comment.kind !== ts.SyntaxKind.SingleLineCommentTrivia) continue;
    const commentText = text.slice(comment.pos, comment.end);
    const line = lineOf(comment.pos);
    const label = `${file}:${line}`;
    if (commentText.startsWith('//=>')) {
      const shownText = commentText.slice(4).trim();
      const statement = statementBefore(comment.pos);
      if (!statement) throw new DoctestError(file, line, '//=> must follow an expression statement (on its line, or alone on the next line)');
      let shown: ShownValue;
      try {
        shown = parseShownValue(shownText);
      } catch (error) {
        throw new DoctestError(file, line, (error as Error).message);
      }
      const expression = statement.expression;
      const logged =
        ts.isCallExpression(expression) && expression.expression.getText(source) === 'console.log' && expression.arguments.length === 1
          ? expression.arguments[0]
          : undefined;
      const checked = logged ?? expression;
      edits.push({
        start: checked.getStart(source),
        end: checked.getEnd(),
        before: '__doctest.equal((',
        after: `), ${JSON.stringify(shown)}, ${JSON.stringify(label)}, ${JSON.stringify(shownText)})`,
      });
      checks.push({ kind: 'value', line, label, text: shownText });
      continue;
    }
    const thrown = throwsComment.exec(commentText);
    if (thrown) {
      const statement = statementBefore(comment.pos);
      const last = source.statements.at(-1);
      if (!statement || statement !== last) {
        throw new DoctestError(file, line, '// throws must follow the last statement of the block (pasted, nothing after it would run)');
      }
      edits.push({
        start: statement.getStart(source),
        end: statement.getEnd(),
        before: 'await __doctest.throws(async () => { ',
        after: ` }, ${JSON.stringify(thrown[1])}, ${JSON.stringify(label)});`,
      });
      checks.push({ kind: 'throws', line, label, text: thrown[1] ?? '' });
    }
  }

  edits.sort((a, b) => a.start - b.start);
  for (let index = 1; index < edits.length; index += 1) {
    const previous = edits[index - 1];
    const edit = edits[index];
    if (previous && edit && edit.start < previous.end) {
      throw new DoctestError(file, lineOf(edit.start), 'two checks on one statement');
    }
  }
  let code = text;
  for (const edit of [...edits].reverse()) {
    code = code.slice(0, edit.start) + edit.before + code.slice(edit.start, edit.end) + edit.after + code.slice(edit.end);
  }
  const prelude = `import * as __doctest from './${runtimeFileName}'; __doctest.expectChecks(${JSON.stringify(checks.map((check) => check.label))});`;
  const padding = '\n'.repeat(block.firstLine - 1);
  return { code: `${prelude}${padding}${code}\n;await __doctest.finish(${JSON.stringify(`${file}:${block.fenceLine}`)});\n`, checks };
}
