import { parseArgs } from 'node:util';
import type { CliOptions } from './io.js';
import { UsageError } from './usageError.js';

const optionConfig = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  unit: { type: 'string', short: 'u' },
  format: { type: 'string', short: 'f' },
  lang: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  by: { type: 'string' },
  locale: { type: 'string' },
  'database-url': { type: 'string' },
  'table-prefix': { type: 'string' },
} as const;

const takesValue = new Set(['--unit', '-u', '--format', '-f', '--lang', '--locale', '--from', '--to', '--by', '--database-url', '--table-prefix']);
const negativeNumber = /^-\d+$/u;

/** The parsed command line: positionals (command words first), options, and whether help or the version was asked. */
export interface CommandLine {
  readonly positionals: readonly string[];
  readonly options: CliOptions;
  readonly help: boolean;
  readonly version: boolean;
}

/**
 * Parses the arguments with `node:util` `parseArgs`. A negative number (`-3` in
 * `workdays add 2026-10-08 -3`) is a positional argument, not an option.
 *
 * @throws {UsageError} For an unknown option or an option without its value.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const optionArgs: string[] = [];
  const positionals: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--') {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-' || negativeNumber.test(arg)) {
      positionals.push(arg);
      continue;
    }
    optionArgs.push(arg);
    if (takesValue.has(arg) && index + 1 < argv.length) optionArgs.push(argv[++index]!);
  }
  try {
    const { values, positionals: parsed } = parseArgs({
      args: [...optionArgs, '--', ...positionals],
      options: optionConfig,
      allowPositionals: true,
      strict: true,
    });
    return {
      positionals: parsed,
      help: values.help === true,
      version: values.version === true,
      options: {
        json: values.json === true,
        ...(values.unit === undefined ? {} : { unit: values.unit }),
        ...(values.format === undefined ? {} : { format: values.format }),
        ...(values.lang === undefined ? {} : { lang: values.lang }),
        ...(values.from === undefined ? {} : { from: values.from }),
        ...(values.to === undefined ? {} : { to: values.to }),
        ...(values.by === undefined ? {} : { by: values.by }),
        ...(values.locale === undefined ? {} : { locale: values.locale }),
        ...(values['database-url'] === undefined ? {} : { databaseUrl: values['database-url'] }),
        ...(values['table-prefix'] === undefined ? {} : { tablePrefix: values['table-prefix'] }),
      },
    };
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError('命令行选项有误', error.message);
    }
    throw error;
  }
}
