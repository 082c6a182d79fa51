// Mutation scores per directory from Stryker's JSON report (mutation-testing-report-schema),
// counted the way Stryker counts its own score.

type MutantStatus = 'Killed' | 'Survived' | 'Timeout' | 'NoCoverage' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';

/** The part of Stryker's JSON report read here. */
export interface MutationReport {
  readonly files: Readonly<Record<string, { readonly mutants: readonly { readonly status: MutantStatus; readonly statusReason?: string }[] }>>;
}

export interface DirectoryScore {
  readonly directory: string;
  readonly killed: number;
  readonly timeout: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** Static (they run when a module loads; see stryker.config.mjs): not in the score. */
  readonly static: number;
  /** Disabled in place as equivalent (`// Stryker disable …: why`): not in the score. */
  readonly disabled: number;
  /** (killed + timeout) / (killed + timeout + survived + no coverage), in percent. */
  readonly score: number;
}

/** `src/engine/_lib/x.ts` → `src/engine`; `machines/_lib/x.ts` → `machines`. */
export function directoryOf(file: string): string {
  const parts = file.replaceAll('\\', '/').split('/');
  return parts[0] === 'src' && parts.length > 2 ? `src/${parts[1]}` : (parts[0] ?? file);
}

/** Scores per directory, or per any grouping of the report's files (`groupOf`; `undefined` leaves a file out). */
export function scoresByDirectory(report: MutationReport, groupOf: (file: string) => string | undefined = directoryOf): DirectoryScore[] {
  const counts = new Map<string, Record<MutantStatus | 'Static', number>>();
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const directory = groupOf(file);
    if (directory === undefined) continue;
    const tally = counts.get(directory) ?? {
      Killed: 0, Survived: 0, Timeout: 0, NoCoverage: 0, CompileError: 0, RuntimeError: 0, Ignored: 0, Pending: 0, Static: 0,
    };
    for (const mutant of mutants) {
      if (mutant.status === 'Ignored' && mutant.statusReason?.startsWith('Static mutant')) tally.Static += 1;
      else tally[mutant.status] += 1;
    }
    counts.set(directory, tally);
  }
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([directory, tally]) => {
    const detected = tally.Killed + tally.Timeout;
    const valid = detected + tally.Survived + tally.NoCoverage;
    return {
      directory,
      killed: tally.Killed,
      timeout: tally.Timeout,
      survived: tally.Survived,
      noCoverage: tally.NoCoverage,
      static: tally.Static,
      disabled: tally.Ignored,
      score: valid === 0 ? 100 : (100 * detected) / valid,
    };
  });
}

/** A table of scores, with the run time (seconds) of the Stryker run each directory came from. */
export function formatScoreTable(scores: readonly (DirectoryScore & { readonly seconds?: number })[]): string {
  const header = ['directory', 'score', 'killed', 'timeout', 'survived', 'no cov.', 'disabled', 'static', 'run time'];
  const rows = scores.map((s) => [
    s.directory, `${s.score.toFixed(2)}%`, String(s.killed), String(s.timeout), String(s.survived), String(s.noCoverage), String(s.disabled), String(s.static),
    s.seconds === undefined ? '' : `${Math.floor(s.seconds / 60)} min ${s.seconds % 60} s`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows].map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n');
}
