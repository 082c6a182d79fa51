// The calendar entry's promises (README): importing it loads no zod, and the holiday data is read
// from the installed chinese-days, not copied into our dist. Usage: node check-calendar-entry.mjs <dist>
/* global process, console -- a Node script run by .ci/consumer-smoke */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { importGraph } from './_lib/importGraph.mjs';

const dist = process.argv[2];
const { files: seen, packages } = importGraph(join(dist, 'calendar.js'));
if ([...packages].some((specifier) => specifier === 'zod' || specifier.startsWith('zod/'))) {
  throw new Error(`dist/calendar.js imports zod (its graph imports ${[...packages].join(', ')})`);
}
for (const file of readdirSync(dist, { recursive: true })) {
  if (String(file).endsWith('.js') && readFileSync(join(dist, String(file)), 'utf8').includes('National Day,国庆节')) {
    throw new Error(`the holiday data is bundled into dist/${file}`);
  }
}
console.log(`calendar entry ok: its import graph reaches ${[...packages].join(', ') || 'no package'} (${seen.size} files)`);
