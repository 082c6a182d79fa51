import { LinkedEnforcementError, type ErrorIssue } from '../../errors.js';
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
const NAME_MAX_LENGTH = 100;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws `INVALID_INPUT` for the `options` argument, listing every issue. */
export function invalidOptions(issues: readonly ErrorIssue[]): never {
  const summary = issues
    .map((issue) => {
      const where = issue.path.slice(1).map(String).join('.');
      return where === '' ? issue.message : `${where}: ${issue.message}`;
    })
    .join('; ');
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
  const issues: ErrorIssue[] = [];
  const issue = (code: string, path: readonly PropertyKey[], message: string): void => {
    issues.push({ code, path: ['options', ...path], message });
  };
  const record: Record<string, unknown> = options === undefined ? {} : isRecord(options) ? options : {};
  if (options !== undefined && !isRecord(options)) issue('invalid_type', [], 'expected an object');
  const unknownKeys = Object.keys(record).filter((key) => !OPTION_KEYS.has(key));
  if (unknownKeys.length > 0) issue('unrecognized_keys', [], `unrecognized keys: ${unknownKeys.join(', ')}`);

  const { beyondCoverage = 'estimate', overrides = [], announcedYears = [] } = record;
  if (beyondCoverage !== 'estimate' && beyondCoverage !== 'throw') {
    issue('invalid_value', ['beyondCoverage'], "expected 'estimate' or 'throw'");
  }

  const declared = new Map<number, DeclaredDay>();
  const positions = new Map<number, number>();
  if (!Array.isArray(overrides)) issue('invalid_type', ['overrides'], 'expected an array');
  else {
    overrides.forEach((entry: unknown, position) => {
      if (!isRecord(entry)) return issue('invalid_type', ['overrides', position], 'expected { date, working, name? }');
      const extra = Object.keys(entry).filter((key) => !OVERRIDE_KEYS.has(key));
      if (extra.length > 0) issue('unrecognized_keys', ['overrides', position], `unrecognized keys: ${extra.join(', ')}`);
      const day = typeof entry.date === 'string' ? parsePlainDate(entry.date) : undefined;
      if (day === undefined) issue('invalid_format', ['overrides', position, 'date'], "expected a real date 'YYYY-MM-DD'");
      if (typeof entry.working !== 'boolean') issue('invalid_type', ['overrides', position, 'working'], 'expected a boolean');
      const name = typeof entry.name === 'string' ? entry.name.trim() : entry.name;
      if (name !== undefined && (typeof name !== 'string' || name.length === 0 || name.length > NAME_MAX_LENGTH)) {
        issue('invalid_type', ['overrides', position, 'name'], `expected a non-empty string of at most ${NAME_MAX_LENGTH} characters`);
      }
      if (day === undefined) return;
      const first = positions.get(day);
      if (first !== undefined) {
        return issue('duplicate_date', ['overrides', position, 'date'], `${String(entry.date)} is already overridden at overrides.${first}`);
      }
      positions.set(day, position);
      declared.set(day, { working: entry.working === true, name: typeof name === 'string' ? name : undefined });
    });
  }

  const years: number[] = [];
  if (!Array.isArray(announcedYears)) issue('invalid_type', ['announcedYears'], 'expected an array of years');
  else {
    announcedYears.forEach((year: unknown, position) => {
      if (typeof year !== 'number' || !Number.isInteger(year) || year < LUNAR_FIRST_YEAR || year > LUNAR_LAST_YEAR) {
        return issue('invalid_value', ['announcedYears', position], `expected a year from ${LUNAR_FIRST_YEAR} to ${LUNAR_LAST_YEAR}`);
      }
      if (years.includes(year)) return issue('duplicate_year', ['announcedYears', position], `${year} is listed twice`);
      years.push(year);
    });
  }

  if (issues.length > 0) return invalidOptions(issues);
  return {
    beyondCoverage: beyondCoverage as BeyondCoverage,
    overrides: declared,
    overridePositions: positions,
    announcedYears: years.sort((a, b) => a - b),
  };
}
