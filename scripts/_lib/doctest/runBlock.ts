// Runs rewritten blocks with Node, and type-checks blocks as pasted with tsc, in a project where
// the package is installed.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import type { CodeBlock } from './extractCodeBlocks.js';
import { runtimeFileName, type RewrittenBlock } from './rewriteBlock.js';

/**
 * Node's ESM for TypeScript or JavaScript source: types stripped, imports kept as written, and an
 * inline source map naming `sourcePath`, so that Node (--enable-source-maps) reports its lines.
 */
function toModule(code: string, sourcePath: string): string {
  const { outputText } = ts.transpileModule(code, {
    fileName: 'source.mts',
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      verbatimModuleSyntax: true,
      inlineSourceMap: true,
    },
  });
  const mapComment = /\/\/# sourceMappingURL=data:application\/json;base64,(\S+)\s*$/;
  const encoded = mapComment.exec(outputText)?.[1];
  if (encoded === undefined) return outputText;
  const map = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as { sources: string[]; sourceRoot?: string };
  map.sources = [pathToFileURL(sourcePath).href];
  delete map.sourceRoot;
  return outputText.replace(mapComment, `//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`);
}

/** Writes the compiled runtime (runtime.ts) into `dir`, where rewritten blocks import it. */
export function writeRuntime(dir: string): void {
  const source = readFileSync(new URL('./runtime.ts', import.meta.url), 'utf8');
  writeFileSync(join(dir, runtimeFileName), toModule(source, fileURLToPath(new URL('./runtime.ts', import.meta.url))));
}

export interface BlockResult {
  readonly ok: boolean;
  /** What the block printed (stdout and stderr), and why it failed. */
  readonly output: string;
}

/**
 * Runs the rewritten `block` with Node in `dir` (which needs the runtime, see `writeRuntime`),
 * as `readme-<line>.mjs`. Stack traces point into `readmePath` through the source map.
 */
export function runBlock(block: CodeBlock, rewritten: RewrittenBlock, options: { dir: string; readmePath: string; env?: NodeJS.ProcessEnv }): BlockResult {
  const moduleFile = join(options.dir, `readme-${block.fenceLine}.mjs`);
  writeFileSync(moduleFile, toModule(rewritten.code, options.readmePath));
  // A safety net for a block that never ends; finish() ends one that merely leaves handles open.
  const timeoutMs = 120_000;
  const result = spawnSync(process.execPath, ['--enable-source-maps', moduleFile], {
    cwd: options.dir,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.error) return { ok: false, output: `${output}\n${result.error.message}` };
  if (result.signal) return { ok: false, output: `${output}\nkilled by ${result.signal} (still running after ${timeoutMs / 1000} s?)` };
  return { ok: result.status === 0, output: result.status === 0 ? output : `${output}\nexit code ${result.status}` };
}

/**
 * Type-checks the ts `blocks` as pasted (not rewritten) with `tsc --strict --erasableSyntaxOnly
 * --verbatimModuleSyntax` in `dir`, against the types installed there, as `readme-<line>.mts` files padded so that tsc's line numbers are
 * README lines; the output names `file` instead.
 */
export function typeCheckBlocks(blocks: readonly CodeBlock[], options: { dir: string; file: string; tsc: string; types: readonly string[] }): BlockResult {
  const files = blocks
    .filter((block) => block.lang === 'ts')
    .map((block) => {
      const name = `readme-${block.fenceLine}.mts`;
      writeFileSync(join(options.dir, name), '\n'.repeat(block.firstLine - 1) + block.code + '\n');
      return name;
    });
  if (files.length === 0) return { ok: true, output: '' };
  // Also as Node's own type stripping needs them (`node file.mts`, Node ≥ 22.18): only erasable
  // syntax, and type-only imports marked `type`.
  const args = ['--noEmit', '--strict', '--erasableSyntaxOnly', '--verbatimModuleSyntax', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck'];
  if (options.types.length > 0) args.push('--types', options.types.join(','));
  const result = spawnSync(process.execPath, [options.tsc, ...args, ...files], { cwd: options.dir, encoding: 'utf8' });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.replace(/readme-\d+\.mts/g, options.file);
  return { ok: result.status === 0, output };
}
