import { isLinkedEnforcementError } from '../errors.js';
import { errorCodeText } from './_lib/format.js';
import { writeJson, type CliIo, type CliOptions, type CommandContext } from './_lib/io.js';
import { parseCommandLine } from './_lib/parseCommandLine.js';
import { UsageError } from './_lib/usageError.js';
import { commandHelpText, helpText } from './help.js';
import { version as packageVersion } from './_lib/version.js';

export type { CliIo } from './_lib/io.js';

/** Each command, loaded when used so that `workdays` does not load the machine. */
const commands = {
  catalog: async () => (await import('./commands/catalog.js')).catalogCommand,
  workdays: async () => (await import('./commands/workdays.js')).workdaysCommand,
  deadline: async () => (await import('./commands/deadline.js')).deadlineCommand,
  diagram: async () => (await import('./commands/diagram.js')).diagramCommand,
  stats: async () => (await import('./commands/stats.js')).statsCommand,
  dossier: async () => (await import('./commands/dossier.js')).dossierCommand,
} as const;

type CommandName = keyof typeof commands;

/** Which options each command takes besides `--json` and `--help`. */
const commandOptions: Readonly<Record<CommandName, readonly (keyof CliOptions)[]>> = {
  catalog: ['unit'],
  workdays: [],
  deadline: [],
  diagram: ['format', 'lang'],
  stats: ['format', 'from', 'to', 'by', 'databaseUrl', 'tablePrefix'],
  dossier: ['locale', 'databaseUrl', 'tablePrefix'],
};

const HINT = '运行 linked-enforcement --help 查看用法。Run linked-enforcement --help for usage.\n';

/** @throws {UsageError} When `name` is no command. */
function commandNamed(name: string): CommandName {
  if (Object.hasOwn(commands, name)) return name as CommandName;
  throw new UsageError(`没有“${name}”命令，可用：catalog、workdays、deadline、diagram、stats、dossier`, `unknown command "${name}"; try catalog, workdays, deadline, diagram, stats or dossier`);
}

function checkOptions(command: CommandName, options: CliOptions): void {
  for (const option of ['unit', 'format', 'lang', 'from', 'to', 'by', 'locale', 'databaseUrl', 'tablePrefix'] as const) {
    if (options[option] !== undefined && !commandOptions[command].includes(option)) {
      const flag = option.replace(/[A-Z]/gu, (letter) => `-${letter.toLowerCase()}`);
      throw new UsageError(`${command} 不接受 --${flag} 选项`, `${command} does not take --${flag}`);
    }
  }
}

function report(error: unknown, json: boolean, io: CliIo): number {
  if (error instanceof UsageError) {
    if (json) io.stderr.write(`${JSON.stringify({ error: { code: 'INVALID_INPUT', usage: true, message: error.message, zh: error.zh } })}\n`);
    else io.stderr.write(`用法错误 Usage error [INVALID_INPUT]：${error.zh} / ${error.message}\n${HINT}`);
    return 2;
  }
  if (isLinkedEnforcementError(error)) {
    const zh = errorCodeText[error.code];
    if (json) {
      const body = { code: error.code, message: error.message, zh, context: error.context, issues: error.issues };
      io.stderr.write(`${JSON.stringify({ error: body })}\n`);
    } else {
      io.stderr.write(`错误 Error [${error.code}] ${zh}：${error.message}\n`);
    }
    return 1;
  }
  throw error;
}

/**
 * Runs the `linked-enforcement` command line: `catalog`, `workdays add|between|info`,
 * `deadline`, `diagram` , `stats` (统计报表 from a PostgreSQL store) and `dossier` (a closed case's 案卷), each with `--json`; `--help` for usage (`help <command>` or
 * `<command> --help` for one command's), `--version` for the package's version.
 *
 * Results go to `io.stdout`; errors go to `io.stderr` with their code (`INVALID_DATE`…), in
 * Chinese and English, or as JSON with `--json`.
 *
 * @param argv - The arguments after the program name (`process.argv.slice(2)`).
 * @param io - Where to write: `{ stdout: process.stdout, stderr: process.stderr }`.
 * @returns The exit code: 0 done, 1 the input was refused (a `LinkedEnforcementError`), 2 the
 *   command line is wrong (unknown command or option, missing or extra arguments).
 * @throws Only on a bug: every refused input is reported and becomes exit code 1 or 2.
 * @example
 * const out: string[] = [];
 * await runCli(['workdays', 'add', '2026-09-30', '5'], { stdout: { write: (text: string) => out.push(text) }, stderr: process.stderr })
 * //=> 0
 * out.join('')
 * //=> '2026-10-13 星期二 Tue — 2026-09-30 之后第 5 个工作日 the 5th working day after 2026-09-30\n'
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let json = argv.includes('--json');
  try {
    // `serve` runs until stopped and has options of its own.
    if (argv[0] === 'serve') return await (await import('./commands/serve.js')).serveCommand(argv.slice(1), io);
    const { positionals, options, help, version } = parseCommandLine(argv);
    json = options.json;
    const [name, ...args] = positionals;
    if (version) {
      if (json) writeJson(io, { version: packageVersion });
      else io.stdout.write(`${packageVersion}\n`);
      return 0;
    }
    if (name === 'help' || help) {
      // `help deadline`, `deadline --help` and `workdays add --help` show that command's help.
      const topic = name === 'help' ? args[0] : name;
      io.stdout.write(topic === undefined ? helpText : commandHelpText[commandNamed(topic)]);
      return 0;
    }
    if (name === undefined) {
      io.stderr.write(helpText);
      return 2;
    }
    const command = commandNamed(name);
    checkOptions(command, options);
    const context: CommandContext = { args, options, io };
    await (await commands[command]())(context);
    return 0;
  } catch (error) {
    return report(error, json, io);
  }
}
