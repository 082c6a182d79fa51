import { defaultCalendar, type DayInfo } from 'linked-enforcement';
import { useState } from 'react';
import type { Problem } from './api.js';
import { DAY, HOUR, beijingDateOf, formatWallClock, instantOf, parseWallClock, wallClockOf, weekdayOf } from './clock.js';

function dayKindLabel(info: DayInfo): string {
  switch (info.kind) {
    case 'workday':
      return '工作日 working day';
    case 'weekend':
      return '周末 weekend';
    case 'holiday':
      return `${info.holiday ?? ''}放假 holiday`;
    case 'makeupWorkday':
      return `调休上班 make-up working day（${info.holiday ?? ''}）`;
  }
}

function dayInfoOf(now: number): string {
  try {
    return dayKindLabel(defaultCalendar.dayInfo(beijingDateOf(now)));
  } catch {
    return '日历无此日期 outside the calendar';
  }
}

export interface ClockBarProps {
  readonly now: number;
  /**
   * Moves the server's clock (`POST /dev/clock`, forward only, then a sweep); the problem when it
   * refuses.
   */
  readonly onMove: (body: { to: string } | { advanceMs: number }) => Promise<Problem | undefined>;
}

/** The demo's clock, kept by the server: the engine stamps every action with this Beijing time. */
export function ClockBar({ now, onMove }: ClockBarProps) {
  const [target, setTarget] = useState(() => wallClockOf(now));
  const [problem, setProblem] = useState<string>();
  const weekday = weekdayOf(now);
  const move = async (body: { to: string } | { advanceMs: number }) => {
    const refusal = await onMove(body);
    setProblem(refusal === undefined ? undefined : `${refusal.detailZh ?? refusal.title}（${refusal.code ?? refusal.status}）`);
  };
  const jump = () => {
    const ms = parseWallClock(target);
    if (ms === undefined) return setProblem('请输入有效时间 Enter a valid time');
    void move({ to: instantOf(ms) });
  };
  const advance = (by: number) => {
    setTarget(wallClockOf(now + by));
    void move({ advanceMs: by });
  };
  return (
    <section className="clock" aria-label="演示时钟 Demo clock">
      <div>
        <div className="clock-caption">演示时钟（北京时间，服务器）Demo clock, Beijing time, kept by the server — 操作按此时间记录，时间前进后运行时限检查 actions are stamped with it; moving it runs the deadline sweep</div>
        <div className="clock-now">
          <strong data-testid="clock">{formatWallClock(now)}</strong> {weekday.zh} {weekday.en} · <span data-testid="clock-day">{dayInfoOf(now)}</span>
        </div>
      </div>
      <div className="clock-controls">
        <button type="button" data-testid="clock-plus-hour" onClick={() => advance(HOUR)}>
          +1 小时 hour
        </button>
        <button type="button" data-testid="clock-plus-day" onClick={() => advance(DAY)}>
          +1 天 day
        </button>
        <button type="button" data-testid="clock-plus-week" onClick={() => advance(7 * DAY)}>
          +7 天 days
        </button>
        <label className="clock-jump">
          <span>跳到 Go to</span>
          <input type="datetime-local" data-testid="clock-input" value={target} onChange={(event) => setTarget(event.target.value)} />
        </label>
        <button type="button" data-testid="clock-jump" onClick={jump}>
          跳转 Go
        </button>
      </div>
      {problem === undefined ? null : (
        <p className="refusal" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
