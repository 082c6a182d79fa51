import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Options } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tsupConfig from '../tsup.config.js';

// The built calendar, loaded the ways a county system loads it: `node -e` (which defines a global
// `__filename`, '[eval]'), an ES module, CommonJS, and with a global `document` as test DOMs
// define. It is built from the project's own tsup configuration into a directory whose name
// holds '#', '%' and a space, under node_modules so that chinese-days resolves from it as it
// does from an installed copy of this package.
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
let outDir = '';

function nodeConfig(): Options {
  const configs = tsupConfig as Options[];
  const config = configs.find((candidate) => candidate.platform !== 'browser');
  if (config === undefined) throw new Error('tsup.config.ts has no Node build');
  return config;
}

function runNode(args: readonly string[]): string {
  return execFileSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, TZ: 'America/Los_Angeles' } });
}

// The same questions in every way of loading: an official day, a make-up day, an estimated day.
const QUESTIONS = `[m.defaultCalendar.isWorkingDay('2026-10-01'), m.defaultCalendar.isWorkingDay('2026-10-10'), m.defaultCalendar.addWorkingDays('2026-12-25', 5)].join(' ')`;
const ANSWERS = 'false true 2027-01-04';

beforeAll(async () => {
  const cache = join(repoRoot, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  outDir = join(mkdtempSync(join(cache, 'calendar-dist-')), 'a b#c%20');
  await build({
    ...nodeConfig(),
    config: false,
    entry: { calendar: 'src/calendar/index.ts' },
    outDir,
    dts: false,
    silent: true,
  });
}, 120_000);

afterAll(() => {
  if (outDir !== '') rmSync(join(outDir, '..'), { recursive: true, force: true });
});

describe('the built calendar loads its holiday data however it is loaded', () => {
  const esm = (): string => pathToFileURL(join(outDir, 'calendar.js')).href;
  const cjs = (): string => join(outDir, 'calendar.cjs');

  it('node -e "import(…)" (a global __filename exists)', () => {
    const script = `import(${JSON.stringify(esm())}).then((m) => process.stdout.write(${QUESTIONS}))`;
    expect(runNode(['-e', script])).toBe(ANSWERS);
  });

  it('node --input-type=module -e (no __filename at all)', () => {
    const script = `const m = await import(${JSON.stringify(esm())}); process.stdout.write(${QUESTIONS});`;
    expect(runNode(['--input-type=module', '-e', script])).toBe(ANSWERS);
  });

  it('node -e "require(…)"', () => {
    const script = `const m = require(${JSON.stringify(cjs())}); process.stdout.write(${QUESTIONS});`;
    expect(runNode(['-e', script])).toBe(ANSWERS);
  });

  it('with a global document, as test DOMs define, in both builds', () => {
    const dom = `globalThis.document = { baseURI: 'http://localhost/', currentScript: null };`;
    const fromEsm = `${dom} import(${JSON.stringify(esm())}).then((m) => process.stdout.write(${QUESTIONS}))`;
    const fromCjs = `${dom} const m = require(${JSON.stringify(cjs())}); process.stdout.write(${QUESTIONS});`;
    expect(runNode(['-e', fromEsm])).toBe(ANSWERS);
    expect(runNode(['-e', fromCjs])).toBe(ANSWERS);
  });
});
