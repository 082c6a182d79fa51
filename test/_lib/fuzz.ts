import fc from 'fast-check';
import { isLinkedEnforcementError } from '../../src/errors.js';

/**
 * A fuzzed call slower than this fails: generous enough never to trip on a busy 2-core machine,
 * far below a hang (a 10 MB search once took 21 s).
 */
export const CALL_TIME_LIMIT_MS = 2_000;

/** How one call ended: it returned, threw a LinkedEnforcementError, or threw anything else. */
export type CallOutcome =
  | { readonly kind: 'returned'; readonly value: unknown; readonly ms: number }
  | { readonly kind: 'typed'; readonly code: string; readonly ms: number }
  | { readonly kind: 'untyped'; readonly error: unknown; readonly ms: number };

function classify(thrown: unknown, ms: number): CallOutcome {
  return isLinkedEnforcementError(thrown) ? { kind: 'typed', code: thrown.code, ms } : { kind: 'untyped', error: thrown, ms };
}

/** Runs a synchronous call and classifies how it ended. */
export function runCall(call: () => unknown): CallOutcome {
  const start = performance.now();
  try {
    const value = call();
    return { kind: 'returned', value, ms: performance.now() - start };
  } catch (error) {
    return classify(error, performance.now() - start);
  }
}

/** Runs a call that may return a promise, awaits it and classifies how it ended. */
export async function runCallAsync(call: () => unknown): Promise<CallOutcome> {
  const start = performance.now();
  try {
    const value: unknown = await call();
    return { kind: 'returned', value, ms: performance.now() - start };
  } catch (error) {
    return classify(error, performance.now() - start);
  }
}

function describeError(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  } catch {
    return 'an unprintable value';
  }
}

function printable(value: unknown): string {
  try {
    return fc.stringify(value).slice(0, 200);
  } catch {
    return '<unprintable>';
  }
}

/** What is wrong with an outcome for a public entry point, or `undefined` when nothing is. */
export function problemOf(outcome: CallOutcome): string | undefined {
  if (outcome.kind === 'untyped') return `threw something other than a LinkedEnforcementError: ${describeError(outcome.error)}`;
  if (outcome.ms > CALL_TIME_LIMIT_MS) return `took ${Math.round(outcome.ms)} ms (limit ${CALL_TIME_LIMIT_MS} ms)`;
  return undefined;
}

/** A generated call to one entry point, with a printable account of its arguments. */
export interface FuzzCall {
  readonly entry: string;
  readonly run: () => unknown;
  readonly args: readonly unknown[];
  /** Checks a returned value (e.g. that a guard returned a boolean); a message when it is wrong. */
  readonly checkReturn?: (value: unknown) => string | undefined;
}

/** Calls per entry point and how they ended, to show that the fuzz reaches every entry and past its door. */
export class FuzzLedger {
  readonly counts = new Map<string, { returned: number; typed: number }>();

  get total(): number {
    let total = 0;
    for (const { returned, typed } of this.counts.values()) total += returned + typed;
    return total;
  }

  /** Runs a generated call; throws (failing the property) on an untyped error, a slow call or a bad return. */
  run(call: FuzzCall): CallOutcome {
    const outcome = runCall(call.run);
    this.check(call, outcome);
    return outcome;
  }

  /** Like {@link FuzzLedger.run} for calls that return promises. */
  async runAsync(call: FuzzCall): Promise<CallOutcome> {
    const outcome = await runCallAsync(call.run);
    this.check(call, outcome);
    return outcome;
  }

  private check(call: FuzzCall, outcome: CallOutcome): void {
    const problem = problemOf(outcome) ?? (outcome.kind === 'returned' ? call.checkReturn?.(outcome.value) : undefined);
    if (problem !== undefined) {
      throw new Error(`${call.entry}(${call.args.map(printable).join(', ')}) ${problem}`);
    }
    const count = this.counts.get(call.entry) ?? { returned: 0, typed: 0 };
    if (outcome.kind === 'returned') count.returned += 1;
    else count.typed += 1;
    this.counts.set(call.entry, count);
  }
}

/**
 * The arguments of a call: usually one value per parameter, sometimes fewer (missing arguments)
 * or one more (an extra argument).
 */
export function argumentsOf(parameters: readonly fc.Arbitrary<unknown>[], extra: fc.Arbitrary<unknown>): fc.Arbitrary<unknown[]> {
  return fc
    .tuple(fc.tuple(...parameters), extra, fc.nat({ max: 9 }), fc.nat({ max: parameters.length }))
    .map(([values, more, roll, kept]) => (roll === 0 ? values.slice(0, kept) : roll === 1 ? [...values, more] : values));
}
