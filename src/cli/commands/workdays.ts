import { defaultCalendar, type PlainDate } from '../../calendar/index.js';
import { dayKindText, ordinal, withWeekday } from '../_lib/format.js';
import { writeJson, writeLines, type CommandContext } from '../_lib/io.js';
import { parseDateArgument } from '../_lib/parseDate.js';
import { parseInteger } from '../_lib/parseInteger.js';
import { expectArgs, UsageError } from '../_lib/usageError.js';

const calendar = defaultCalendar;

/** The note for an answer that counted estimated holiday arrangements. */
export function provisionalNote(): string {
  const { lastYear } = calendar.coverage;
  return `注意：${lastYear} 年以后的放假安排尚未公布，结果按法定节假日规则推算。Note: holiday arrangements after ${lastYear} are not published yet; this is an estimate from the statutory rules.`;
}

/** The day after `date`, as a plain date. */
function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * Whether `addWorkingDays(start, n)` counted an estimated day. For n ≥ 0 the calendar's own
 * `deadline` says so; for n < 0, any estimated day from the result up to the day before `start`.
 */
function isProvisional(start: PlainDate, n: number, result: PlainDate): boolean {
  if (n >= 0) return calendar.deadline(start, n).provisional;
  for (let day: string = result; day < start; day = nextDay(day)) {
    if (calendar.dayInfo(day).provisional) return true;
  }
  return false;
}

function add({ args, options, io }: CommandContext): void {
  expectArgs(args, 'workdays add', ['date', 'n']);
  const [dateText, nText] = args as [string, string];
  const start = parseDateArgument(dateText, 'date', 'workdays add');
  const n = parseInteger(nText, 'n');
  const date = calendar.addWorkingDays(dateText, n);
  const provisional = isProvisional(start, n, date);
  if (options.json) return writeJson(io, { start, n, date, provisional });
  const how =
    n > 0
      ? `${start} 之后第 ${n} 个工作日 the ${ordinal(n)} working day after ${start}`
      : n < 0
        ? `${start} 之前第 ${-n} 个工作日 the ${ordinal(-n)} working day before ${start}`
        : `${start} 当天或之后的第一个工作日 ${start} or the next working day`;
  writeLines(io, [`${withWeekday(date)} — ${how}`, ...(provisional ? [provisionalNote()] : [])]);
}

function between({ args, options, io }: CommandContext): void {
  expectArgs(args, 'workdays between', ['from', 'to']);
  const [fromText, toText] = args as [string, string];
  const from = parseDateArgument(fromText, 'from', 'workdays between');
  const to = parseDateArgument(toText, 'to', 'workdays between');
  const workingDays = calendar.workingDaysBetween(fromText, toText);
  if (options.json) return writeJson(io, { from, to, workingDays });
  const [low, high] = from <= to ? [from, to] : [to, from];
  const backwards = from <= to ? '' : '；to 早于 from，记为负数 / negative: to is before from';
  writeLines(io, [`${workingDays} 个工作日 working day${Math.abs(workingDays) === 1 ? '' : 's'}（${low} < d ≤ ${high}${backwards}）`]);
}

function info({ args, options, io }: CommandContext): void {
  expectArgs(args, 'workdays info', ['date']);
  const day = calendar.dayInfo(parseDateArgument(args[0]!, 'date', 'workdays info'));
  if (options.json) return writeJson(io, day);
  const holiday = day.holiday === undefined ? '' : `（${day.holiday}）`;
  const working = day.working ? '上班 working' : '不上班 day off';
  writeLines(io, [`${withWeekday(day.date)}：${dayKindText[day.kind]}${holiday}，${working}`, ...(day.provisional ? [provisionalNote()] : [])]);
}

const subcommands = { add, between, info } as const;

/**
 * `workdays add <date> <n>` (the n-th working day after a date, before it when n < 0),
 * `workdays between <from> <to>` (the working days d with from < d ≤ to) and
 * `workdays info <date>` (what kind of day it is), on the default calendar.
 *
 * @param context - The words after the command, the parsed options and where to write.
 * @throws {UsageError} For a missing or unknown subcommand or the wrong number of arguments.
 * @throws {LinkedEnforcementError} `INVALID_DATE`, `INVALID_INPUT` or `OUT_OF_COVERAGE` from the calendar.
 */
export function workdaysCommand({ args, options, io }: CommandContext): void {
  const [name, ...rest] = args;
  if (name === undefined || !Object.hasOwn(subcommands, name)) {
    const given = name === undefined ? '' : `“${name}”`;
    throw new UsageError(`workdays 需要子命令 add、between 或 info${given === '' ? '' : `，而不是${given}`}`, `workdays needs add, between or info${name === undefined ? '' : `, not "${name}"`}`);
  }
  subcommands[name as keyof typeof subcommands]({ args: rest, options, io });
}
