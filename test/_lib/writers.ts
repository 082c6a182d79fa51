import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WriterOptions } from './pgWriter.js';

/** A writer process (test/_lib/pgWriter.ts) as the test that started it sees it. */
export interface WriterProcess {
  readonly options: WriterOptions;
  /** How it ended: an exit code, or the signal that ended it. */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
  /** Whether it has ended. */
  ended(): boolean;
  /** The JSON lines it printed so far. */
  lines(): Record<string, unknown>[];
  /** What it wrote to stderr (a crash: an uncaught exception, an unhandled rejection). */
  stderr(): string;
}

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Starts a writer process against `databaseUrl` (default: this process's DATABASE_URL). */
export function spawnWriter(options: WriterOptions, databaseUrl = process.env.DATABASE_URL): WriterProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', source('./pgWriter.ts'), JSON.stringify(options)], {
    cwd: source('../..'),
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  let ended = false;
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  // 'close', not 'exit': by then everything it printed has been read.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      ended = true;
      resolve({ code, signal });
    }),
  );
  return {
    options,
    exited,
    kill: (signal) => void child.kill(signal),
    ended: () => ended,
    lines: () =>
      output
        .split('\n')
        .filter((line) => line.startsWith('{') && line.endsWith('}'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    stderr: () => errors,
  };
}
