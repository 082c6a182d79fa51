/** Where the CLI writes: `process.stdout` and `process.stderr`, or collecting stubs in tests. */
export interface CliIo {
  /** Results: text for people, JSON with `--json`, or a file's bytes (`stats --format xlsx`). */
  readonly stdout: { write(chunk: string | Uint8Array): unknown };
  /** Errors and notes, so that `stdout` stays clean for pipes. */
  readonly stderr: { write(text: string): unknown };
}

/** The options every command may get, once parsed. */
export interface CliOptions {
  readonly json: boolean;
  readonly unit?: string;
  readonly format?: string;
  readonly lang?: string;
  /** `stats`: the period, the grouping, the database and its table prefix. */
  readonly from?: string;
  readonly to?: string;
  readonly by?: string;
  readonly locale?: string;
  readonly databaseUrl?: string;
  readonly tablePrefix?: string;
}

/** What a command runs with: its positional arguments (after the command words), the options and the output. */
export interface CommandContext {
  readonly args: readonly string[];
  readonly options: CliOptions;
  readonly io: CliIo;
}

/** Writes `value` as indented JSON and a newline. */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Writes lines of text, each ending with a newline. */
export function writeLines(io: CliIo, lines: readonly string[]): void {
  io.stdout.write(lines.map((line) => `${line}\n`).join(''));
}
