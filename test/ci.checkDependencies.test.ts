import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// `.ci/check-dependencies.mjs` runs on the real dist/ in CI after the build; here it runs on small
// made-up packages, to show that it passes only when each declared dependency is imported.
const script = fileURLToPath(new URL('../.ci/check-dependencies.mjs', import.meta.url));
const made: string[] = [];

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function makePackage(manifest: object, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'le-check-deps-'));
  made.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'p', version: '1.0.0', ...manifest }));
  for (const [path, code] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), code);
  }
  return dir;
}

function check(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, dir], (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }));
  });
}

// Each way a built file loads a package: ESM static, re-export, side effect, dynamic, CommonJS,
// subpaths and scoped names; plus Node built-ins and relative files, which are not packages.
const builtFiles = {
  'dist/index.js': [
    "import { format } from 'date-fns/format';",
    'import {\n  tz,\n  TZDate\n} from "@date-fns/tz";',
    "export { z } from 'zod';",
    "import 'side-effect';",
    "import { createRequire } from 'node:module';",
    "import { helper } from './chunk-ABC.js';",
    "const lazy = () => import('lazy-loaded');",
  ].join('\n'),
  'dist/index.cjs': "const xstate = require('xstate');\nconst util = require('util');",
  'dist/browser/calendar.js': "import holidays from 'chinese-days/dist/chinese-days.json';",
  'dist/index.d.ts': "import type { Pool } from 'types-only';",
};
const imported = ['date-fns', '@date-fns/tz', 'zod', 'side-effect', 'lazy-loaded', 'xstate', 'chinese-days'];
const dependencies = Object.fromEntries(imported.map((name) => [name, '^1.0.0']));

describe('.ci/check-dependencies.mjs', () => {
  it('passes when every declared dependency is imported by dist/', async () => {
    const result = await check(makePackage({ dependencies, peerDependencies: { pg: '^8.0.0' } }, builtFiles));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('dependencies ok');
  });

  it('fails on a declared dependency that nothing in dist/ imports, naming it', async () => {
    const result = await check(makePackage({ dependencies: { ...dependencies, 'fake-dependency': '^1.0.0' } }, builtFiles));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"fake-dependency" is declared in package.json but no file in dist/ imports it');
    expect(result.stderr).not.toContain('"date-fns"');
  });

  it('does not count a package that only the type declarations import', async () => {
    const result = await check(makePackage({ dependencies: { ...dependencies, 'types-only': '^1.0.0' } }, builtFiles));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"types-only" is declared');
  });

  it('counts a subpath import for its package only, not for a package with a similar name', async () => {
    const result = await check(makePackage({ dependencies: { 'date-fns': '^4.0.0', '@date-fns/utc': '^2.0.0' } }, { 'dist/index.js': "import { format } from 'date-fns/format';" }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"@date-fns/utc" is declared');
    expect(result.stderr).not.toContain('"date-fns" is declared');
  });

  it('fails on a package dist/ imports without declaring it', async () => {
    const { xstate: _dropped, ...withoutXstate } = dependencies;
    const result = await check(makePackage({ dependencies: withoutXstate }, builtFiles));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('dist/index.cjs imports "xstate", which package.json does not declare');
  });

  it('fails when there is no build to check rather than passing', async () => {
    for (const files of [{}, { 'dist/index.d.ts': 'export {};' }] as Record<string, string>[]) {
      const result = await check(makePackage({}, files));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('run the build first');
    }
  });
});
