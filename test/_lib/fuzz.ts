import { inspect } from 'node:util';
import fc from 'fast-check';
import { isLinkedEnforcementError } from '../../src/errors.js';
import { resolveHostile } from './hostile.js';

/**
 * A fuzzed call that uses more CPU time than this fails. CPU time, not wall-clock time: the
 * process's own user + system time does not grow when other processes share the two cores, so the
 * limit does not depend on load (wall-clock limits did: 2 s tripped at a load of 13, 10 s at 17,
 * 40 s at 11 — `memoryStore` of spoilt data took 40.8 s while Stryker and CI shared the cores).
 * Still below a pathological slowness (a 10 MB search once took 21 s before it was fixed).
 */
export const CALL_TIME_LIMIT_MS = 40_000;

/**
 * A call that may do I/O (an engine method on PostgreSQL) still pending after this much
 * wall-clock time counts as hung: it is not awaited any longer, so a hang fails the property
 * instead of the test's timeout. Waiting on I/O uses no CPU, so only wall-clock time can see a
 * hang; the limit is generous because the server shares a busy 2-core machine with other suites.
 * The call's CPU time is held to {@link CALL_TIME_LIMIT_MS} as for any call.
 */
export const ASYNC_CALL_TIME_LIMIT_MS = 45_000;

/** CPU time (user + system) this process has used, in milliseconds. */
function cpuTimeMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** What one call cost: wall-clock time and the process's CPU time, in milliseconds. */
export interface CallCost {
  readonly ms: number;
  readonly cpuMs: number;
}

/** How one call ended: it returned, threw a LinkedEnforcementError, or threw anything else. */
export type CallOutcome =
  | ({ readonly kind: 'returned'; readonly value: unknown } & CallCost)
  | ({ readonly kind: 'typed'; readonly code: string } & CallCost)
  | ({ readonly kind: 'untyped'; readonly error: unknown } & CallCost);

function classify(thrown: unknown, cost: CallCost): CallOutcome {
  return isLinkedEnforcementError(thrown) ? { kind: 'typed', code: thrown.code, ...cost } : { kind: 'untyped', error: thrown, ...cost };
}

/** Starts measuring a call; the returned function gives its cost so far. */
function measure(): () => CallCost {
  const start = performance.now();
  const cpuStart = cpuTimeMs();
  return () => ({ ms: performance.now() - start, cpuMs: cpuTimeMs() - cpuStart });
}

/** Runs a synchronous call and classifies how it ended. */
export function runCall(call: () => unknown): CallOutcome {
  const cost = measure();
  try {
    const value = call();
    return { kind: 'returned', value, ...cost() };
  } catch (error) {
    return classify(error, cost());
  }
}

class Hung extends Error {}

/**
 * Runs a call that may return a promise, awaits it (at most `limitMs`) and classifies how it
 * ended; one still pending after `limitMs` ends as `untyped` (hung).
 */
export async function runCallAsync(call: () => unknown, limitMs = ASYNC_CALL_TIME_LIMIT_MS): Promise<CallOutcome> {
  const cost = measure();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const pending = Promise.resolve().then(call);
    const value: unknown = await Promise.race([
      pending,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Hung(`still running after ${limitMs} ms: hung`)), limitMs);
      }),
    ]);
    return { kind: 'returned', value, ...cost() };
  } catch (error) {
    return classify(error, cost());
  } finally {
    clearTimeout(timer);
  }
}

function describeError(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  } catch {
    return 'an unprintable value';
  }
}

/** A short account of a value: bounded in depth and length, so a huge generated value cannot stall the report of a failure. */
function printable(value: unknown): string {
  try {
    return inspect(value, { depth: 2, maxArrayLength: 5, maxStringLength: 80, breakLength: Number.POSITIVE_INFINITY }).slice(0, 200);
  } catch {
    return '<unprintable>';
  }
}

/** What is wrong with an outcome for a public entry point, or `undefined` when nothing is. */
export function problemOf(outcome: CallOutcome, cpuLimitMs = CALL_TIME_LIMIT_MS): string | undefined {
  if (outcome.kind === 'untyped') return outcome.error instanceof Hung ? outcome.error.message : `threw something other than a LinkedEnforcementError: ${describeError(outcome.error)}`;
  if (outcome.cpuMs > cpuLimitMs) return `used ${Math.round(outcome.cpuMs)} ms of CPU time in ${Math.round(outcome.ms)} ms (limit ${cpuLimitMs} ms of CPU time)`;
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
  /** The codes of the typed errors per entry point. */
  readonly codes = new Map<string, Map<string, number>>();

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

  /** Like {@link FuzzLedger.run} for calls that return promises (hung after {@link ASYNC_CALL_TIME_LIMIT_MS} of wall-clock time). */
  async runAsync(call: FuzzCall): Promise<CallOutcome> {
    const outcome = await runCallAsync(call.run);
    this.check(call, outcome);
    return outcome;
  }

  /** Calls per entry point and how they ended, for the test's log. */
  summary(title: string): string {
    const codesOf = (entry: string) =>
      [...(this.codes.get(entry) ?? [])]
        .sort(([, a], [, b]) => b - a)
        .map(([code, count]) => `${code} ${count}`)
        .join(', ');
    const lines = [...this.counts]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([entry, { returned, typed }]) => `  ${entry}: ${returned + typed} (${returned} returned${typed === 0 ? '' : `; ${codesOf(entry)}`})`);
    return `[${title}] ${this.total} generated calls\n${lines.join('\n')}`;
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
    if (outcome.kind === 'typed') {
      const codes = this.codes.get(call.entry) ?? new Map<string, number>();
      codes.set(outcome.code, (codes.get(outcome.code) ?? 0) + 1);
      this.codes.set(call.entry, codes);
    }
  }
}

/** An entry point to fuzz: its name and its generated calls. */
export interface Entry {
  readonly name: string;
  readonly calls: fc.Arbitrary<FuzzCall>;
}

/** An entry point: its name, how its arguments are generated (hostile ones as `HostileRef`s, resolved just before the call), how it is called. */
export function entryPoint(name: string, args: fc.Arbitrary<unknown[]>, run: (...args: unknown[]) => unknown, checkReturn?: FuzzCall['checkReturn']): Entry {
  return {
    name,
    calls: args.map((generated): FuzzCall => {
      const resolved = generated.map(resolveHostile);
      // fast-check prints a counterexample with this: the call, each argument cut short.
      const toString = () => `${name}(${resolved.map(printable).join(', ')})`;
      const call: FuzzCall = { entry: name, args: resolved, run: () => run(...resolved), ...(checkReturn === undefined ? {} : { checkReturn }) };
      return Object.assign(call, { [fc.toStringMethod]: toString });
    }),
  };
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

/** `data` with `value` put at `path` (copies along the path; `__proto__` becomes an own key). */
export function withValueAt(data: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(data) ? [...(data as unknown[])] : { ...(data as object) }) as Record<PropertyKey, unknown>;
  Object.defineProperty(copy, head, { value: withValueAt(copy[head], rest, value), enumerable: true, writable: true, configurable: true });
  return copy;
}

/** `data` without the key at the end of `path`. */
export function withoutKeyAt(data: unknown, path: readonly (string | number)[]): unknown {
  if (path.length === 0 || typeof data !== 'object' || data === null) return data;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (rest.length > 0) return withValueAt(data, [head], withoutKeyAt((data as Record<PropertyKey, unknown>)[head], rest));
  if (Array.isArray(data)) return data.filter((_, index) => index !== head);
  const { [head]: _removed, ...kept } = data as Record<PropertyKey, unknown>;
  return kept;
}

/** Every path into plain data (objects and arrays), parents before children, at most `maxDepth` deep. */
export function pathsOf(data: unknown, maxDepth = 5, prefix: readonly (string | number)[] = []): (string | number)[][] {
  if (typeof data !== 'object' || data === null || prefix.length >= maxDepth) return [];
  const keys: (string | number)[] = Array.isArray(data) ? data.map((_, index) => index) : Object.keys(data);
  return keys.flatMap((key) => [[...prefix, key], ...pathsOf((data as Record<PropertyKey, unknown>)[key], maxDepth, [...prefix, key])]);
}

/** How a well-formed value is spoiled: a value replaced (at one of its paths, picked by `at`), a key removed or one added. */
export type Spoiling =
  | { readonly how: 'replace'; readonly at: number; readonly value: unknown }
  | { readonly how: 'remove'; readonly at: number }
  | { readonly how: 'add'; readonly key: string; readonly value: unknown };

/** A spoiling, with the replacement mostly hostile. */
export function spoiling(value: fc.Arbitrary<unknown>): fc.Arbitrary<Spoiling> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ how: fc.constant('replace' as const), at: fc.nat(), value }) },
    { weight: 1, arbitrary: fc.record({ how: fc.constant('remove' as const), at: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ how: fc.constant('add' as const), key: fc.constantFrom('__proto__', 'constructor', 'extra', 'type', 'at', 'by'), value }) },
  );
}

/** `data` spoiled as `spoil` says (the value of `replace` and `add` is resolved with `resolve`). */
export function spoil(data: unknown, spoilt: Spoiling, resolve: (value: unknown) => unknown): unknown {
  if (spoilt.how === 'add') return withValueAt(data, [spoilt.key], resolve(spoilt.value));
  const paths = pathsOf(data);
  if (paths.length === 0) return spoilt.how === 'replace' ? resolve(spoilt.value) : data;
  const path = paths[spoilt.at % paths.length]!;
  return spoilt.how === 'replace' ? withValueAt(data, path, resolve(spoilt.value)) : withoutKeyAt(data, path);
}
