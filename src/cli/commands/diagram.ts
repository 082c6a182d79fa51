import { caseMachine } from '../../../machines/caseMachine.js';
import { toDiagramJson, toMermaid } from '../../diagram/index.js';
import { writeJson, type CommandContext } from '../_lib/io.js';
import { expectArgs, UsageError } from '../_lib/usageError.js';

/**
 * `diagram [--format mermaid|json] [--lang zh|en]`: the case workflow as a Mermaid state diagram
 * (default, Chinese labels) or as nodes and edges (`--format json` or `--json`).
 *
 * @param context - The words after the command, the parsed options and where to write.
 * @throws {UsageError} For an unknown format or language, or `--json` with `--format mermaid`.
 */
export function diagramCommand({ args, options, io }: CommandContext): void {
  expectArgs(args, 'diagram', []);
  const format = options.format ?? (options.json ? 'json' : 'mermaid');
  if (format !== 'mermaid' && format !== 'json') {
    throw new UsageError(`--format 只能是 mermaid 或 json，而不是“${format}”`, `--format must be mermaid or json, not "${format}"`);
  }
  if (options.json && format !== 'json') throw new UsageError('--json 与 --format mermaid 不能同时使用', '--json conflicts with --format mermaid');
  const language = options.lang ?? 'zh';
  if (language !== 'zh' && language !== 'en') throw new UsageError(`--lang 只能是 zh 或 en，而不是“${language}”`, `--lang must be zh or en, not "${language}"`);
  if (format === 'json') {
    if (options.lang !== undefined) throw new UsageError('--lang 只用于 mermaid 格式（JSON 含中英文）', '--lang applies to the mermaid format only (JSON has both languages)');
    return writeJson(io, toDiagramJson(caseMachine));
  }
  io.stdout.write(toMermaid(caseMachine, { language }));
}
