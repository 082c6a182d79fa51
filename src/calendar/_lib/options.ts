import { LinkedEnforcementError, isLinkedEnforcementError, type ErrorIssue } from '../../errors.js';
import { describeThrown, isCleanText, isPlainPrototype, joinProblems, kindOf } from '../../_lib/untrusted.js';
import type { BeyondCoverage } from '../types.js';
import { parsePlainDate } from './civil.js';
import { LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR } from './lunar.js';

// Hand-written rather than a zod schema: the calendar entry is imported by code that only wants
// dates, and loading zod would multiply its import time many times over (see bench/calendar.ts).
// The issues keep zod's shape and codes, so callers handle them the same way.

export interface DeclaredDay {
  readonly working: boolean;
  readonly name: string | undefined;
}

/** `createWorkCalendar`'s options once their shape is checked. */
export interface CalendarSettings {
  readonly beyondCoverage: BeyondCoverage;
  /** Day number → declared day. */
  readonly overrides: ReadonlyMap<number, DeclaredDay>;
  /** Where each override came from, for reporting a problem found later against the data. */
  readonly overridePositions: ReadonlyMap<number, number>;
  readonly announcedYears: readonly number[];
}

const OPTION_KEYS = new Set(['beyondCoverage', 'overrides', 'announcedYears']);
const OVERRIDE_KEYS = new Set(['date', 'working', 'name']);

/** A plain object (any realm); a Proxy trap that throws here makes the options unreadable. */
function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && isPlainPrototype(Object.getPrototypeOf(value));
}

/** `Number.isInteger`, telling the type checker too (a `typeof` before it would change nothing). */
function isInteger(value: unknown): value is number {
  return Number.isInteger(value);
}

/** The largest options taken (README, "Limits"): far above any county's needs, cheap to check. */
export const calendarLimits = {
  /** Characters of an override's name. */
  name: 100,
  /** Entries of `overrides`, and of `announcedYears`. */
  list: 10_000,
} as const;

/** Throws `INVALID_INPUT` for the `options` argument, listing every issue. */
export function invalidOptions(issues: readonly ErrorIssue[]): never {
  const summary = joinProblems(
    issues.map((issue) => {
      const where = issue.path.slice(1).map(String).join('.');
      return where === '' ? issue.message : `${where}: ${issue.message}`;
    }),
  );
  throw new LinkedEnforcementError('INVALID_INPUT', `Invalid options: ${summary}`, {
    context: { argument: 'options' },
    issues,
  });
}

/**
 * Checks the shape of `createWorkCalendar`'s options and reports every problem at once. What
 * needs the holiday data (years beyond it, gaps) is checked by `resolveCalendarSource`.
 *
 * @throws {LinkedEnforcementError} `INVALID_INPUT` with one issue per problem.
 */
export function readCalendarOptions(options: unknown): CalendarSettings {
  try {
    return readOptions(options);
  } catch (error) {
    if (isLinkedEnforcementError(error)) throw error;
    // A getter or Proxy trap of the caller's threw while being read.
    const message = `could not be read (${describeThrown(error)})`;
    return invalidOptions([{ code: 'unreadable', path: ['options'], message }]);
  }
}

function readOptions(options: unknown): CalendarSettings {
  const issues: ErrorIssue[] = [];
  const issue = (code: string, path: readonly PropertyKey[], message: string): void => {
    issues.push({ code, path: ['options', ...path], message });
  };
  // Stryker disable next-line ConditionalExpression: undefined is no plain object either, so it gets {} all the same
  const record: Record<string, unknown> = options === undefined ? {} : isPlain(options) ? options : {};
  if (options !== undefined && !isPlain(options)) issue('invalid_type', [], `expected a plain object, got ${kindOf(options)}`);
  const unknownKeys = Object.keys(record).filter((key) => !OPTION_KEYS.has(key));
  if (unknownKeys.length > 0) issue('unrecognized_keys', [], `unrecognized keys: ${unknownKeys.join(', ')}`);

  const { beyondCoverage = 'estimate', overrides = [], announcedYears = [] } = record;
  if (beyondCoverage !== 'estimate' && beyondCoverage !== 'throw') {
    issue('invalid_value', ['beyondCoverage'], "expected 'estimate' or 'throw'");
  }

  const declared = new Map<number, DeclaredDay>();
  const positions = new Map<number, number>();
  if (!Array.isArray(overrides)) issue('invalid_type', ['overrides'], 'expected an array');
  else if (overrides.length > calendarLimits.list) {
    issue('too_big', ['overrides'], `has ${overrides.length} entries; at most ${calendarLimits.list} are allowed`);
  } else {
    // Indexes rather than forEach, which skips holes; each entry's fields are read once.
    for (let position = 0; position < overrides.length; position += 1) {
      const entry: unknown = overrides[position];
      if (!isPlain(entry)) {
        issue('invalid_type', ['overrides', position], 'expected { date, working, name? }');
        continue;
      }
      const extra = Object.keys(entry).filter((key) => !OVERRIDE_KEYS.has(key));
      if (extra.length > 0) issue('unrecognized_keys', ['overrides', position], `unrecognized keys: ${extra.join(', ')}`);
      const { date, working, name: rawName } = entry;
      const day = typeof date === 'string' ? parsePlainDate(date) : undefined;
      if (day === undefined) issue('invalid_format', ['overrides', position, 'date'], "expected a real date 'YYYY-MM-DD'");
      if (typeof working !== 'boolean') issue('invalid_type', ['overrides', position, 'working'], 'expected a boolean');
      const name = typeof rawName === 'string' && rawName.length <= calendarLimits.name ? rawName.trim() : rawName;
      if (name !== undefined && (typeof name !== 'string' || name.length === 0 || name.length > calendarLimits.name || !isCleanText(name))) {
        issue(
          'invalid_type',
          ['overrides', position, 'name'],
          `expected a non-empty string of at most ${calendarLimits.name} characters, well-formed and without control characters`,
        );
      }
      // Stryker disable next-line ConditionalExpression: the date's issue is already recorded, so these options are refused whatever follows
      if (day === undefined) continue;
      const first = positions.get(day);
      if (first !== undefined) {
        issue('duplicate_date', ['overrides', position, 'date'], `${String(date)} is already overridden at overrides.${first}`);
        continue;
      }
      positions.set(day, position);
      // Stryker disable next-line ConditionalExpression: a name that is not a string was refused above; only undefined gets here
      declared.set(day, { working: working === true, name: typeof name === 'string' ? name : undefined });
    }
  }

  const years: number[] = [];
  if (!Array.isArray(announcedYears)) issue('invalid_type', ['announcedYears'], 'expected an array of years');
  else if (announcedYears.length > calendarLimits.list) {
    issue('too_big', ['announcedYears'], `has ${announcedYears.length} entries; at most ${calendarLimits.list} are allowed`);
  } else {
    for (let position = 0; position < announcedYears.length; position += 1) {
      const year: unknown = announcedYears[position];
      if (!isInteger(year) || year < LUNAR_FIRST_YEAR || year > LUNAR_LAST_YEAR) {
        issue('invalid_value', ['announcedYears', position], `expected a year from ${LUNAR_FIRST_YEAR} to ${LUNAR_LAST_YEAR}`);
      } else if (years.includes(year)) issue('duplicate_year', ['announcedYears', position], `${year} is listed twice`);
      else years.push(year);
    }
  }

  if (issues.length > 0) return invalidOptions(issues);
  return {
    beyondCoverage: beyondCoverage as BeyondCoverage,
    overrides: declared,
    overridePositions: positions,
    // In the caller's order: a problem found later against the data names its position.
    announcedYears: years,
  };
}
