import { LinkedEnforcementError } from '../../errors.js';
import type { CaseStore } from '../types.js';
import type { StatsGroupTotals } from '../statsTypes.js';

/**
 * `STORE_UNAVAILABLE` for an answer a store of one's own gave that `CaseStore` does not allow (not
 * an array, a row without its case id or sort key, a row that throws when read): nothing the
 * engine could page on or report per case, so the call fails as the store's — never a
 * `TypeError` from deep inside the engine.
 */
export function malformedAnswer(store: Pick<CaseStore, 'name'>, operation: string, reason: string, write: boolean, cause?: unknown): LinkedEnforcementError {
  return new LinkedEnforcementError('STORE_UNAVAILABLE', `The ${store.name} store answered ${operation}() with what CaseStore does not allow: ${reason}`, {
    context: { store: store.name, operation, retryable: false, outcome: write ? 'unknown' : 'not-applied', reason },
    // An error without a cause has none (LinkedEnforcementError drops an undefined one).
    cause,
  });
}

class Malformed extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isInstant = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function check(ok: boolean, reason: string): void {
  if (!ok) throw new Malformed(reason);
}

/** Runs `read` over the answer; a wrong shape or a throwing read becomes {@link malformedAnswer}. */
function readAnswer<T>(store: Pick<CaseStore, 'name'>, operation: string, write: boolean, answer: unknown, read: (rows: readonly unknown[]) => T): T {
  try {
    check(Array.isArray(answer), `not an array but ${answer === null ? 'null' : typeof answer}`);
    return read(answer as readonly unknown[]);
  } catch (error) {
    if (error instanceof Malformed) throw malformedAnswer(store, operation, error.message, write);
    throw malformedAnswer(store, operation, `it threw when read: ${error instanceof Error ? error.message : String(error)}`, write, error);
  }
}

/** The sort keys a row of `list`, `inbox` or `done` carries (instants; `dueAt` may be null). */
type SortKeys = readonly { readonly name: string; readonly nullable?: boolean }[];

/**
 * Rows of `list`, `inbox` or `done` copied as plain objects, each with a case id, its envelope
 * and log as given, and its sort keys as instants; a malformed row fails the call (see
 * {@link malformedAnswer}). A row's envelope itself is judged when the case is restored (a bad
 * one goes to the page's `failed`).
 */
export function caseRows<Row>(store: Pick<CaseStore, 'name'>, operation: string, answer: unknown, keys: SortKeys): Row[] {
  return readAnswer(store, operation, false, answer, (rows) =>
    rows.map((row, index) => {
      check(isObject(row), `row ${index} is not an object`);
      const { caseId, envelope, entries } = row as Record<string, unknown>;
      check(typeof caseId === 'string' && caseId.length > 0, `row ${index} has no case id`);
      check(entries === undefined || Array.isArray(entries), `row ${index} (case ${String(caseId)}): entries is not an array`);
      const copy: Record<string, unknown> = { caseId, envelope, ...(entries === undefined ? {} : { entries }) };
      for (const { name, nullable } of keys) {
        const value = (row as Record<string, unknown>)[name];
        check(isInstant(value) || (nullable === true && value === null), `row ${index} (case ${String(caseId)}): ${name} is not an instant`);
        copy[name] = value;
      }
      return copy as Row;
    }),
  );
}

/** Case ids (`claimDue`, `caseIds`, `unindexedCases`, `statsBacklog`): non-empty strings, or {@link malformedAnswer}. */
export function caseIdsAnswer(store: Pick<CaseStore, 'name'>, operation: string, answer: unknown, write = false): string[] {
  return readAnswer(store, operation, write, answer, (ids) =>
    ids.map((caseId, index) => {
      check(typeof caseId === 'string' && caseId.length > 0, `item ${index} is not a case id`);
      return caseId as string;
    }),
  );
}

const COUNTS = ['opened', 'archived', 'rejected', 'notApproved', 'withdrawn', 'declined', 'resultsOnTime', 'resultsLate', 'resultsOverdue', 'stepsOnTime', 'stepsLate', 'stepsOverdue', 'urges'] as const;

function sumOf(value: unknown, where: string): { sum: number; count: number } {
  check(isObject(value) && Number.isFinite(value.sum) && isCount(value.count), `${where} is not { sum, count }`);
  const { sum, count } = value as { sum: number; count: number };
  return { sum, count };
}

/** `stats` groups copied as plain data with counts, or {@link malformedAnswer}. */
export function statsAnswer(store: Pick<CaseStore, 'name'>, answer: unknown): StatsGroupTotals[] {
  return readAnswer(store, 'stats', false, answer, (groups) =>
    groups.map((group, index) => {
      if (!isObject(group)) throw new Malformed(`group ${index} is not an object`);
      const { key, archiveDays, steps } = group;
      check(key === null || typeof key === 'string' || Number.isSafeInteger(key), `group ${index}: key is not a string, an integer or null`);
      const copy: Record<string, unknown> = { key };
      for (const name of COUNTS) {
        check(isCount(group[name]), `group ${index}: ${name} is not a count`);
        copy[name] = group[name];
      }
      copy['archiveDays'] = sumOf(archiveDays, `group ${index}: archiveDays`);
      check(isObject(steps), `group ${index}: steps is not an object`);
      copy['steps'] = Object.fromEntries(Object.entries(steps as object).map(([step, sum]) => [step, sumOf(sum, `group ${index}: steps.${step}`)]));
      return copy as unknown as StatsGroupTotals;
    }),
  );
}
