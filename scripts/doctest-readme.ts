// Runs every ```ts / ```js block of README.md as a new user would: packs the package, installs
// the tarball with xstate (and pg) into a throw-away ESM project, type-checks each TypeScript
// block as pasted (tsc --strict), then runs each block with its `//=>` values and `// throws`
// codes checked (see scripts/_lib/doctest/ and the README's Development section).
//
//   npm run doctest:readme [-- --readme FILE] [--prebuilt] [--require-database] [--keep]
//
// It builds the package first (through `prepack` where there is one); --prebuilt packs dist/ as
// it is instead, for CI, which has just built it.
// Blocks marked `<!-- doctest: database -->` run with DATABASE_URL; without it they are skipped
// with a notice, or fail the run with --require-database (CI). Exits 1 on any failure.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DoctestError } from './_lib/doctest/DoctestError.js';
import { extractCodeBlocks, type CodeBlock } from './_lib/doctest/extractCodeBlocks.js';
import { rewriteBlock, type RewrittenBlock } from './_lib/doctest/rewriteBlock.js';
import { runBlock, typeCheckBlocks, writeRuntime } from './_lib/doctest/runBlock.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    readme: { type: 'string', default: join(repo, 'README.md') },
    prebuilt: { type: 'boolean', default: false },
    'require-database': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const readmePath = resolve(args.readme);
const file = relative(process.cwd(), readmePath) || readmePath;

function npm(cwd: string, ...npmArgs: string[]): string {
  return execFileSync('npm', npmArgs, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(join(repo, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A new project (`npm init -y`, as a new user starts) with the tarball and `packages` installed. */
function project(work: string, name: string, tarball: string, packages: readonly string[]): string {
  const dir = join(work, name);
  mkdirSync(dir);
  npm(dir, 'init', '-y');
  npm(dir, 'install', '--no-audit', '--no-fund', '--prefer-offline', '--silent', tarball, ...packages);
  writeRuntime(dir);
  return dir;
}

function main(): number {
  let blocks: CodeBlock[];
  let rewritten: RewrittenBlock[];
  try {
    blocks = extractCodeBlocks(readFileSync(readmePath, 'utf8'), file);
    rewritten = blocks.map((block) => rewriteBlock(block, file));
  } catch (error) {
    if (!(error instanceof DoctestError)) throw error;
    console.error(`✗ ${error.message}`);
    return 1;
  }
  const databaseUrl = process.env.DATABASE_URL;
  if (args['require-database'] && !databaseUrl) {
    console.error('✗ --require-database, but DATABASE_URL is not set');
    return 1;
  }

  const work = mkdtempSync(join(tmpdir(), 'linked-enforcement-doctest-'));
  try {
    const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    const packArgs = ['pack', '--silent', '--pack-destination', work];
    if (args.prebuilt) {
      if (!existsSync(join(repo, 'dist', 'index.js'))) throw new Error('--prebuilt, but there is no dist/: run npm run build');
      packArgs.push('--ignore-scripts');
    } else if (!manifest.scripts?.prepack) {
      // `npm pack` builds through `prepack` where the package has one; otherwise build here, so
      // the blocks never run against a stale dist/.
      npm(repo, 'run', '--silent', 'build');
    }
    const tarball = join(work, npm(repo, ...packArgs).trim().split('\n').at(-1) ?? '');
    const nodeTypes = `@types/node@${installedVersion('@types/node')}`;
    const base = project(work, 'app', tarball, ['xstate', nodeTypes]);
    const needsPg = blocks.some((block) => block.markers.includes('database') && !block.markers.includes('fragment'));
    const withPg = needsPg ? project(work, 'app-pg', tarball, ['xstate', 'pg', nodeTypes, `@types/pg@${installedVersion('@types/pg')}`]) : undefined;

    const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
    let failed = 0;
    const runnable = blocks.filter((block) => !block.markers.includes('fragment'));
    const groups = [
      { dir: base, blocks: runnable.filter((block) => !block.markers.includes('database')), types: ['node'] },
      ...(withPg ? [{ dir: withPg, blocks: runnable.filter((block) => block.markers.includes('database')), types: ['node', 'pg'] }] : []),
    ];
    for (const group of groups) {
      const checked = typeCheckBlocks(group.blocks, { dir: group.dir, file, tsc, types: group.types });
      if (!checked.ok) {
        failed += 1;
        console.error(`✗ tsc --strict on the TypeScript blocks as pasted:\n${checked.output}`);
      }
    }

    let checks = 0;
    let ran = 0;
    let skippedDatabase = 0;
    for (const [index, block] of blocks.entries()) {
      const where = `${file}:${block.fenceLine}`;
      if (block.markers.includes('fragment')) {
        console.log(`- ${where} fragment, not run`);
        continue;
      }
      const database = block.markers.includes('database');
      if (database && !databaseUrl) {
        skippedDatabase += 1;
        console.log(`- ${where} SKIPPED: needs PostgreSQL, and DATABASE_URL is not set`);
        continue;
      }
      const blockRewritten = rewritten[index] as RewrittenBlock;
      // Blocks must not depend on the machine's time zone, and only database blocks get a database.
      const { DATABASE_URL: _unused, ...env } = process.env;
      const result = runBlock(block, blockRewritten, {
        dir: database && withPg ? withPg : base,
        readmePath,
        env: { ...env, TZ: 'America/Los_Angeles', ...(database ? { DATABASE_URL: databaseUrl } : {}) },
      });
      ran += 1;
      checks += blockRewritten.checks.length;
      if (result.ok) {
        console.log(`✓ ${where} ${block.lang}, ${blockRewritten.checks.length} checks`);
      } else {
        failed += 1;
        console.error(`✗ ${where} ${block.lang} failed:\n${result.output.replace(/^/gm, '    ')}`);
      }
    }
    const skipped = skippedDatabase > 0 ? `; ${skippedDatabase} PostgreSQL block(s) SKIPPED (set DATABASE_URL to run them)` : '';
    console.log(`${file}: ${ran} blocks run, ${checks} checks, ${failed} failure(s)${skipped}`);
    return failed === 0 ? 0 : 1;
  } finally {
    if (args.keep) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = main();
