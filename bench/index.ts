/**
 * `npm run bench`: every benchmark, each reported as ratios against a baseline measured in the
 * same run (chinese-days for the calendar, a bare XState actor for the engine, `engine.send` for a
 * send over HTTP). The PostgreSQL
 * figures need `DATABASE_URL`. Exits non-zero when a target is missed, so a regression shows.
 */
import { benchCalendar } from './calendar.js';
import { benchEngine } from './engine.js';
import { benchServer } from './server.js';

const results = [await benchCalendar(), await benchEngine(), await benchServer()];
const missed = results.flatMap((result) => result.targets.filter((target) => !target.met));
if (missed.length > 0) {
  console.error(`\nMissed targets: ${missed.map((target) => `${target.name} = ${target.value.toFixed(2)} (want ${target.target})`).join('; ')}`);
  process.exitCode = 1;
}
