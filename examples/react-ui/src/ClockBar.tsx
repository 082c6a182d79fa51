import { defaultCalendar, type DayInfo } from 'linked-enforcement';
import { useState } from 'react';
import { DAY, HOUR, beijingDateOf, formatWallClock, parseWallClock, wallClockOf, weekdayOf } from './clock.js';

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
  /** Moves the clock; the page only lets it go forward, as the case's history must. */
  readonly onChange: (now: number) => void;
}

/** The page clock: every action is stamped with this Beijing time. */
export function ClockBar({ now, onChange }: ClockBarProps) {
  const [target, setTarget] = useState(() => wallClockOf(now));
  const [problem, setProblem] = useState<string>();
  const weekday = weekdayOf(now);
  const jump = () => {
    const ms = parseWallClock(target);
    if (ms === undefined) return setProblem('请输入有效时间 Enter a valid time');
    if (ms < now) return setProblem('时间只能向前 Time only moves forward: the case’s history must stay in order');
    setProblem(undefined);
    onChange(ms);
  };
  const advance = (by: number) => {
    setProblem(undefined);
    setTarget(wallClockOf(now + by));
    onChange(now + by);
  };
  return (
    <section className="clock" aria-label="页面时钟 Page clock">
      <div>
        <div className="clock-caption">页面时钟（北京时间）Page clock, Beijing time — 操作按此时间记录 actions are stamped with it</div>
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
