// What a README block rewritten by rewriteBlock.ts calls when it runs in the throw-away
// project: `equal` for `//=> value`, `throws` for `// throws CODE`, `finish` at the end. The
// harness compiles this file next to the blocks; it imports nothing but Node's own modules.
import { inspect } from 'node:util';

/** A value shown after `//=>`, as read by `parseShownValue` (JSON, so it can be written into a block). */
export type ShownValue =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | { readonly kind: 'undefined' }
  | { readonly kind: 'array'; readonly items: readonly ShownValue[]; readonly open: boolean }
  | { readonly kind: 'object'; readonly entries: readonly ShownEntry[]; readonly open: boolean };

/** One property of a shown object; `value: null` is a shorthand (`{ entries }`: present, any value). */
export interface ShownEntry {
  readonly key: string;
  readonly value: ShownValue | null;
}

const show = (value: unknown): string => inspect(value, { depth: 6, breakLength: Infinity });

/**
 * Where `actual` differs from `shown`, in words, or `undefined` when it matches.
 *
 * Strings, numbers, booleans and null match only themselves (`===`, no coercion; NaN matches NaN);
 * arrays match arrays of the same length, item by item, unless the shown array ends in `…`
 * (then a prefix); objects match objects with exactly the shown keys (own, enumerable), unless
 * the shown object has a `…` entry (then at least those keys); a shorthand key must be present
 * and not undefined.
 */
export function mismatch(actual: unknown, shown: ShownValue, path = ''): string | undefined {
  const at = path === '' ? '' : ` at ${path}`;
  switch (shown.kind) {
    case 'undefined':
      return actual === undefined ? undefined : `expected undefined${at}, got ${show(actual)}`;
    case 'literal':
      if (actual === shown.value) return undefined;
      if (typeof shown.value === 'number' && Number.isNaN(shown.value) && Number.isNaN(actual)) return undefined;
      return `expected ${show(shown.value)}${at}, got ${show(actual)}`;
    case 'array': {
      if (!Array.isArray(actual)) return `expected an array${at}, got ${show(actual)}`;
      if (shown.open ? actual.length < shown.items.length : actual.length !== shown.items.length) {
        return `expected ${shown.open ? 'at least ' : ''}${shown.items.length} items${at}, got ${actual.length}: ${show(actual)}`;
      }
      for (const [index, item] of shown.items.entries()) {
        const found = mismatch(actual[index], item, `${path}[${index}]`);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    case 'object': {
      if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
        return `expected an object${at}, got ${show(actual)}`;
      }
      const record = actual as Record<string, unknown>;
      for (const { key, value } of shown.entries) {
        const keyPath = `${path}.${key}`;
        if (!(key in record)) return `expected a property ${keyPath}, got ${show(actual)}`;
        if (value === null) {
          if (record[key] === undefined) return `expected ${keyPath} to be set, got undefined`;
        } else {
          const found = mismatch(record[key], value, keyPath);
          if (found !== undefined) return found;
        }
      }
      if (!shown.open) {
        const listed = new Set(shown.entries.map((entry) => entry.key));
        const extra = Object.keys(record).filter((key) => !listed.has(key));
        if (extra.length > 0) {
          return `unexpected ${extra.map((key) => `${path}.${key}`).join(', ')}${at} (end the shown object with … if more keys are fine), got ${show(actual)}`;
        }
      }
      return undefined;
    }
  }
}

/** The `code` of a LinkedEnforcementError (recognised by name and code, as isLinkedEnforcementError does). */
function errorCodeOf(error: unknown): string | undefined {
  if (!(error instanceof Error) || error.name !== 'LinkedEnforcementError') return undefined;
  const { code } = error as Error & { code?: unknown };
  return typeof code === 'string' ? code : undefined;
}

/** What one run of a block has seen; a module-level singleton, since a block runs in its own process. */
const run = { expected: new Set<string>(), reached: new Set<string>(), failed: 0 };

function fail(label: string, message: string): void {
  run.failed += 1;
  process.exitCode = 1;
  console.error(`✗ ${label}: ${message}`);
}

/** Names every check the block has, so `finish` can tell those its run never reached. */
export function expectChecks(labels: readonly string[]): void {
  for (const label of labels) run.expected.add(label);
}

/** `expr; //=> shown` — checks `actual` and hands it back, so the block goes on as written. */
export function equal<T>(actual: T, shown: ShownValue, label: string, text: string): T {
  run.reached.add(label);
  const found = mismatch(actual, shown, '');
  if (found !== undefined) fail(label, `//=> ${text}\n  ${found}`);
  return actual;
}

/** `stmt; // throws CODE` — the statement must throw (or reject with) a LinkedEnforcementError with that code. */
export async function throws(statement: () => Promise<unknown>, code: string, label: string): Promise<void> {
  run.reached.add(label);
  try {
    await statement();
  } catch (error) {
    const actual = errorCodeOf(error);
    if (actual !== code) {
      fail(label, `// throws ${code}\n  expected a LinkedEnforcementError with code ${code}, got ${actual === undefined ? show(error) : `code ${actual}: ${(error as Error).message}`}`);
    }
    return;
  }
  fail(label, `// throws ${code}\n  expected a LinkedEnforcementError with code ${code}, but nothing was thrown`);
}

/** Resources of our own stdio, open while the process writes to a pipe or a terminal. */
const stdioResources = new Set(['PipeWrap', 'TTYWrap', 'CloseReq', 'FSReqCallback', 'WriteWrap', 'ShutdownWrap']);

/**
 * Runs after the block's last line: every check must have been reached, and nothing may be left
 * to keep the process alive. Sockets still closing get the turns they need; a pending timer means
 * something was left running (an open pg pool keeps an idle timer per client), so the block, as
 * pasted, would hang until it fires.
 */
export async function finish(blockLabel: string): Promise<void> {
  const unreached = [...run.expected].filter((label) => !run.reached.has(label));
  for (const label of unreached) fail(label, 'this check was never reached (the line did not run)');
  const startedAt = Date.now();
  let told = false;
  for (;;) {
    const open = process.getActiveResourcesInfo().filter((resource) => !stdioResources.has(resource));
    if (open.length === 0) return;
    if (open.includes('Timeout')) {
      fail(blockLabel, `the block leaves ${open.join(', ')} behind, so the process would not end on its own (close what it opens, e.g. await pool.end())`);
      // Ends the run here rather than waiting for those timers.
      process.exit(1);
    }
    if (!told && Date.now() - startedAt > 5000) {
      // Only a hint for whoever waits: the harness's own time limit decides.
      console.error(`… ${blockLabel}: still waiting for ${open.join(', ')} to close`);
      told = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
