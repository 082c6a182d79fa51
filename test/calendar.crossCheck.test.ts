import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as calendarModule from '../src/calendar/index.js';
import { officialCorrections } from '../src/calendar/_lib/officialCorrections.js';
import { CHILD_PROCESS } from './_lib/budgets.js';

const { defaultCalendar } = calendarModule;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const calendarSource = fileURLToPath(new URL('../src/calendar/index.ts', import.meta.url));

function runNode(timeZone: string, args: string[]): string {
  return execFileSync(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, TZ: timeZone },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Runs CommonJS `script` with chinese-days at hand, in a process with the given TZ. */
function chineseDaysIn(timeZone: string, script: string): string {
  return runNode(timeZone, ['-e', `const cd = require('chinese-days');\n${script}`]);
}

function* days(first: string, last: string): Generator<string> {
  for (let epochMs = Date.parse(`${first}T00:00:00Z`); epochMs <= Date.parse(`${last}T00:00:00Z`); epochMs += 86_400_000) {
    yield new Date(epochMs).toISOString().slice(0, 10);
  }
}

describe('cross-check against chinese-days run under TZ=Asia/Shanghai', () => {
  // In Beijing's own zone chinese-days reads its date strings right, so this is its true answer.
  const reference = JSON.parse(
    chineseDaysIn(
      'Asia/Shanghai',
      `const out = [];
       for (let t = Date.UTC(2004, 0, 1); t <= Date.UTC(2026, 11, 31); t += 864e5) {
         const date = new Date(t).toISOString().slice(0, 10);
         const detail = cd.getDayDetail(date);
         out.push([date, cd.isWorkday(date), detail.date, detail.name]);
       }
       process.stdout.write(JSON.stringify(out));`,
    ),
  ) as [string, boolean, string, string][];

  it('has the same working days on every day from 2004 to 2026, except where a notice corrects it', () => {
    expect(reference).toHaveLength([...days('2004-01-01', '2026-12-31')].length);
    const differences = reference
      .filter(([date, working, detailDate]) => detailDate !== date || defaultCalendar.isWorkingDay(date) !== working)
      .map(([date]) => date);
    // The corrections that change a working day and that chinese-days has not taken up yet.
    const corrected = officialCorrections
      .filter(({ date, working }) => reference.some(([day, cdWorking]) => day === date && cdWorking !== working))
      .map(({ date }) => date);
    expect(differences).toEqual(corrected);
  });

  it('names the same holiday on every day the arrangements list', () => {
    const differences = reference
      .filter(([, , , name]) => name.includes(','))
      .filter(([date, , , name]) => defaultCalendar.dayInfo(date).holiday !== name.split(',')[1])
      .map(([date]) => date);
    expect(differences).toEqual([]);
  });

  it('is right where chinese-days itself goes wrong west of UTC', CHILD_PROCESS, () => {
    // 2026-03-14 is a Saturday; in Los Angeles chinese-days parses it as Friday 03-13.
    const losAngeles = chineseDaysIn('America/Los_Angeles', `process.stdout.write(String(cd.isWorkday('2026-03-14')))`);
    expect(losAngeles).toBe('true');
    expect(defaultCalendar.isWorkingDay('2026-03-14')).toBe(false);
  });
});

// Evaluated in this process and in child processes under other time zones; plain JS on purpose.
const BATTERY = `
  const { defaultCalendar: calendar, createWorkCalendar, toPlainDate } = m;
  const strict = createWorkCalendar({ beyondCoverage: 'throw' });
  const kinds = [];
  for (let t = Date.UTC(2004, 0, 1); t <= Date.UTC(2100, 11, 31); t += 864e5) {
    const date = new Date(t).toISOString().slice(0, 10);
    const info = calendar.dayInfo(date);
    kinds.push(info.kind[0] + (info.provisional ? '?' : ''));
  }
  const instants = [];
  for (let t = Date.UTC(2026, 8, 29, 12); t <= Date.UTC(2026, 9, 1, 12); t += 1800e3) {
    const date = new Date(t);
    instants.push([toPlainDate(date), toPlainDate(date.toISOString()), calendar.isWorkingDay(date)]);
  }
  const deadlines = ['2025-01-20', '2026-09-29T17:00:00Z', '2026-09-30T23:30:00+08:00', '2026-12-25', '2027-04-28']
    .map((start) => calendar.deadline(start, 5));
  const sums = ['2004-01-01', '2015-06-30', '2026-12-31', '2050-02-01']
    .map((date) => [calendar.addWorkingDays(date, 250), calendar.workingDaysBetween(date, '2090-01-01')]);
  let strictError;
  try { strict.isWorkingDay('2027-01-01'); } catch (error) { strictError = error.code; }
  return JSON.stringify({ kinds: kinds.join(','), instants, deadlines, sums, strictError });
`;

describe('time-zone independence', () => {
  const here = new Function('m', BATTERY)(calendarModule) as string;
  // Each time zone gets a process of its own, so nothing the calendar works out when it loads can
  // carry over from one zone to the next. The children load the calendar bundled once with
  // esbuild (tsup's and tsx's engine) rather than through tsx: half the work per child, which
  // matters on a busy CI machine. The bundle sits in the repository so that the calendar's
  // run-time require finds chinese-days in node_modules.
  let bundleDir: string;
  let calendarEntry: string;
  beforeAll(() => {
    mkdirSync(join(repoRoot, '.tmp'), { recursive: true });
    bundleDir = mkdtempSync(join(repoRoot, '.tmp', 'tz-cross-check-'));
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof Esbuild;
    const outfile = join(bundleDir, 'calendar.mjs');
    esbuild.buildSync({ entryPoints: [calendarSource], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'warning' });
    calendarEntry = pathToFileURL(outfile).href;
  });
  afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

  it.each([
    'UTC',
    'Asia/Shanghai',
    'America/Los_Angeles',
    'Pacific/Kiritimati', // UTC+14
    'Pacific/Pago_Pago', // UTC-11
    'Europe/London', // daylight saving time
  ])('gives the same answers under TZ=%s', CHILD_PROCESS, (timeZone) => {
    const child = runNode(timeZone, [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(calendarEntry)});
       process.stdout.write(new Function('m', ${JSON.stringify(BATTERY)})(m));`,
    ]);
    expect(JSON.parse(child)).toEqual(JSON.parse(here));
  });

  it('answers as expected in this process', () => {
    const { instants, deadlines, strictError } = JSON.parse(here) as {
      instants: [string, string, boolean][];
      deadlines: { dueDate: string }[];
      strictError: string;
    };
    // 2026-09-29T12:00Z is 20:00 in Beijing; 16:00Z is the Beijing midnight.
    expect(instants[0]).toEqual(['2026-09-29', '2026-09-29', true]);
    expect(instants[8]).toEqual(['2026-09-30', '2026-09-30', true]);
    expect(instants[7]).toEqual(['2026-09-29', '2026-09-29', true]);
    expect(instants[56]).toEqual(['2026-10-01', '2026-10-01', false]);
    expect(deadlines.map((deadline) => deadline.dueDate)).toEqual([
      '2025-01-26',
      '2026-10-13',
      '2026-10-13',
      '2027-01-04',
      '2027-05-07',
    ]);
    expect(strictError).toBe('OUT_OF_COVERAGE');
  });
});
