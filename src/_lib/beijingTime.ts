/** Beijing is UTC+8 all year (no daylight saving), so plain arithmetic is exact. */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** An ISO instant in Beijing time (`2026-09-01T09:00:00.000+08:00`), the offset the county reads. */
export function beijingIso(date: Date): string {
  return new Date(date.getTime() + BEIJING_OFFSET_MS).toISOString().replace('Z', '+08:00');
}

/** `2026-09-30 18:00`: an instant's Beijing wall-clock time, whatever the server's time zone. */
export function beijingWallClock(instant: string): string {
  return beijingIso(new Date(Date.parse(instant))).slice(0, 16).replace('T', ' ');
}
