// Every runtime dependency we declare must be loaded by what we ship: fails on a `dependencies`
// (or `optionalDependencies`) entry that no built file imports, and on a package a built file
// imports without declaring it there or in `peerDependencies`. (Peers are not required to be
// imported: `pg` is a peer so that the store states the driver versions it works with, but the
// store only uses the caller's `Pool`.) Reads the module specifiers of the built
// JavaScript (ESM `import`/`export … from`, `import()`, CommonJS `require()`), so it must run
// after the build. Usage: node check-dependencies.mjs [package directory, default: cwd]
/* global process, console -- a Node script run by .ci/run */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const packageDir = process.argv[2] ?? '.';
const dist = join(packageDir, 'dist');
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const namesIn = (...fields) => new Set(fields.flatMap((field) => Object.keys(manifest[field] ?? {})));
/** What a consumer's install brings because of us: each must be imported. */
const runtime = namesIn('dependencies', 'optionalDependencies');
/** What a built file may import. */
const declared = namesIn('dependencies', 'optionalDependencies', 'peerDependencies');

const specifierPatterns = [
  // import x from 'p', import { x } from 'p', export { x } from 'p', export * from 'p'
  /(?:^|[^\w$.])(?:import|export)\s[^'"`;]*?\bfrom\s*(['"])([^'"]+)\1/g,
  // import 'p'
  /(?:^|[^\w$.])import\s*(['"])([^'"]+)\1/g,
  // import('p'), require('p')
  /(?:^|[^\w$.])(?:import|require)\s*\(\s*(['"])([^'"]+)\1\s*\)/g,
  // The calendar's run-time require of chinese-days in the Node build (src/calendar/_lib/
  // chineseDays.ts): `requireFromHere()('chinese-days')`, a require made by createRequire.
  /\brequireFromHere\d*\(\)\s*\(\s*(['"])([^'"]+)\1\s*\)/g,
];

/** `'@date-fns/tz'` → itself, `'date-fns/format'` → `'date-fns'`; undefined for relative paths and Node built-ins. */
function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return builtinModules.includes(name) ? undefined : name;
}

if (!existsSync(dist)) {
  console.error(`check-dependencies: ${dist} does not exist; run the build first`);
  process.exit(1);
}
const builtFiles = readdirSync(dist, { recursive: true })
  .map(String)
  .filter((file) => /\.(?:c|m)?js$/.test(file));
if (builtFiles.length === 0) {
  console.error(`check-dependencies: ${dist} has no built JavaScript; run the build first`);
  process.exit(1);
}

/** Package name → the first built file that loads it. */
const imported = new Map();
for (const file of builtFiles) {
  const code = readFileSync(join(dist, file), 'utf8');
  for (const pattern of specifierPatterns) {
    for (const match of code.matchAll(pattern)) {
      const name = packageOf(match[2]);
      if (name !== undefined && !imported.has(name)) imported.set(name, `dist/${file}`);
    }
  }
}

const unused = [...runtime].filter((name) => !imported.has(name)).sort();
const undeclared = [...imported.keys()].filter((name) => !declared.has(name)).sort();
for (const name of unused) {
  console.error(`check-dependencies: "${name}" is declared in package.json but no file in dist/ imports it; remove it (or move it to devDependencies)`);
}
for (const name of undeclared) {
  console.error(`check-dependencies: ${imported.get(name)} imports "${name}", which package.json does not declare as a dependency`);
}
if (unused.length > 0 || undeclared.length > 0) process.exit(1);
console.log(`dependencies ok: ${[...runtime].sort().join(', ')} each imported by dist/, which imports no undeclared package (${builtFiles.length} files)`);
