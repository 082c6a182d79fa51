/**
 * The command line itself is wrong: an unknown command or option, or missing or extra
 * arguments. Printed with the code `INVALID_INPUT` and exit code 2.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError' as const;
  /** The same message in Chinese. */
  readonly zh: string;

  constructor(zh: string, en: string) {
    super(en);
    this.zh = zh;
  }
}

/**
 * Checks the number of positional arguments of a command.
 *
 * @throws {UsageError} When there are fewer than `names` or more.
 */
export function expectArgs(args: readonly string[], command: string, names: readonly string[]): void {
  if (args.length === names.length) return;
  const usage = `${command} ${names.map((name) => `<${name}>`).join(' ')}`.trim();
  if (args.length < names.length) {
    const missing = names.slice(args.length).map((name) => `<${name}>`).join(' ');
    throw new UsageError(`缺少参数 ${missing}，用法：${usage}`, `missing ${missing}; usage: ${usage}`);
  }
  const extra = args.slice(names.length).join(' ');
  throw new UsageError(`多余的参数 ${extra}，用法：${usage}`, `unexpected ${extra}; usage: ${usage}`);
}
