/**
 * The example server's clock (演示时钟): the engine reads "now" from it, and only the page moves
 * it, forward, through `POST /dev/clock`. A demo needs time to pass (watch a deadline go by);
 * a case's history must stay in order, so the clock never goes back. Example-only: a county's
 * server uses the system clock (`createCaseEngine` without `clock`).
 */
import { Hono } from 'hono';
import { LinkedEnforcementError, toProblemDetails, type CaseEngine, type Clock } from 'linked-enforcement';

/** A clock that starts at `start` and only moves forward. */
export interface ForwardClock extends Clock {
  /** Epoch ms now. */
  readonly ms: number;
  /**
   * Moves to `ms`.
   *
   * @throws {LinkedEnforcementError} `INVALID_INPUT` for a time before now (or not a number).
   */
  moveTo(ms: number): void;
}

/**
 * @throws {LinkedEnforcementError} `INVALID_INPUT` for a start that is not an ISO instant.
 */
export function forwardClock(start: string): ForwardClock {
  let now = Date.parse(start);
  if (!Number.isFinite(now)) throw new LinkedEnforcementError('INVALID_INPUT', `start: not an instant: ${start}`);
  return {
    now: () => new Date(now),
    get ms() {
      return now;
    },
    moveTo(ms) {
      if (!Number.isFinite(ms)) throw new LinkedEnforcementError('INVALID_INPUT', 'clock: the time must be a number of ms or an ISO instant', { messageZh: '输入有误：时间格式不正确' });
      if (ms < now) throw new LinkedEnforcementError('INVALID_INPUT', `clock: time only moves forward (now ${new Date(now).toISOString()})`, { context: { now: new Date(now).toISOString() }, messageZh: '输入有误：时间只能向前，案件的流转记录须保持时间顺序' });
      now = ms;
    },
  };
}

const problem = (error: LinkedEnforcementError, status = 400) =>
  new Response(JSON.stringify(toProblemDetails(error, { status })), { status, headers: { 'content-type': 'application/problem+json; charset=utf-8' } });

/**
 * `GET /dev/clock` → `{ now }`; `POST /dev/clock` with `{ "to": "<ISO instant>" }` or
 * `{ "advanceMs": 3600000 }` moves the clock forward, then runs `engine.sweep()` as a county's
 * scheduler would (overdue deadlines recorded, reminders sent) and answers `{ now, overdue, reminded }`.
 */
export function devClockRoutes(clock: ForwardClock, engine: CaseEngine): Hono {
  const app = new Hono();
  app.get('/dev/clock', (c) => c.json({ now: clock.now().toISOString() }));
  app.post('/dev/clock', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return problem(new LinkedEnforcementError('INVALID_INPUT', 'the body must be JSON: { "to": "<instant>" } or { "advanceMs": <ms> }', { messageZh: '输入有误：请求体须为 JSON' }));
    }
    const { to, advanceMs } = (typeof body === 'object' && body !== null ? body : {}) as { to?: unknown; advanceMs?: unknown };
    try {
      if (typeof to === 'string' && advanceMs === undefined) clock.moveTo(Date.parse(to));
      else if (typeof advanceMs === 'number' && to === undefined && advanceMs >= 0) clock.moveTo(clock.ms + advanceMs);
      else throw new LinkedEnforcementError('INVALID_INPUT', 'give either "to" (an ISO instant) or "advanceMs" (ms ≥ 0)', { messageZh: '输入有误：请给出 to（时间）或 advanceMs（毫秒）之一' });
    } catch (error) {
      if (error instanceof LinkedEnforcementError) return problem(error);
      throw error;
    }
    const report = await engine.sweep();
    return c.json({ now: clock.now().toISOString(), overdue: report.overdue.length, reminded: report.reminded.length });
  });
  return app;
}
