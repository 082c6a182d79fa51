/**
 * The page's own clock. A case's events must move forward in time, and its deadlines are read
 * against "now", so the page keeps a simulated Beijing time the user advances instead of using
 * the computer's clock. China has no daylight saving time: Beijing is always UTC+8.
 */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;

/** `'2026-09-01T09:00'` (Beijing wall clock) → epoch ms; `undefined` when malformed. */
export function parseWallClock(value: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(value.trim());
  if (match === null) return undefined;
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute) - BEIJING_OFFSET_MS;
  return new Date(ms + BEIJING_OFFSET_MS).getUTCDate() === day ? ms : undefined;
}

/** `'2026-09-01T09:00'`: the Beijing wall clock at `ms`, as a datetime-local input wants it. */
export function wallClockOf(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 16);
}

/** `'2026-09-01 09:00'`. */
export const formatWallClock = (ms: number): string => wallClockOf(ms).replace('T', ' ');

/** `'2026-09-01T09:00:00+08:00'`: the instant events carry in `at`. */
export const instantOf = (ms: number): string => `${wallClockOf(ms)}:00+08:00`;

/** `'2026-09-01'`: the Beijing calendar date at `ms`. */
export const beijingDateOf = (ms: number): string => wallClockOf(ms).slice(0, 10);

/** Any ISO instant shown as Beijing wall-clock time, `'2026-10-13 23:59'`. */
export const formatInstant = (iso: string): string => formatWallClock(Date.parse(iso));

const weekdays = [
  ['周日', 'Sun'],
  ['周一', 'Mon'],
  ['周二', 'Tue'],
  ['周三', 'Wed'],
  ['周四', 'Thu'],
  ['周五', 'Fri'],
  ['周六', 'Sat'],
] as const;

/** `{ zh: '周二', en: 'Tue' }` for the Beijing date at `ms`. */
export function weekdayOf(ms: number): { zh: string; en: string } {
  const [zh, en] = weekdays[new Date(ms + BEIJING_OFFSET_MS).getUTCDay()]!;
  return { zh, en };
}
