// Writes the JSON Schema documents of `linked-enforcement/schemas` (src/schemas/json/) from the
// zod schemas; `npm run build` runs it before tsup, which bundles them into the schemas entry and
// copies them to dist/schemas/. With --check it writes nothing and fails when a committed file is
// stale, missing or left over (test/schemas.test.ts runs the same comparison).
//
//   tsx scripts/build-schemas.ts [--check]
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectedSchemaFiles, schemaFilesIn } from './_lib/schemaFiles.js';

const dir = fileURLToPath(new URL('../src/schemas/json/', import.meta.url));
const check = process.argv.includes('--check');
const expected = expectedSchemaFiles();
const present = schemaFilesIn(dir);
const stale: string[] = [];

for (const [file, text] of expected) {
  const path = join(dir, file);
  const current = present.includes(file) ? readFileSync(path, 'utf8') : undefined;
  if (current === text) continue;
  stale.push(file);
  if (!check) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}
for (const file of present.filter((name) => !expected.has(name))) {
  stale.push(file);
  if (!check) rmSync(join(dir, file));
}

const where = relative(process.cwd(), dir) || dir;
if (check && stale.length > 0) {
  console.error(`${where} is stale (${stale.join(', ')}): run npm run schemas`);
  process.exit(1);
}
console.log(`${where}: ${expected.size} JSON Schema documents${stale.length === 0 ? ', all up to date' : `, ${stale.length} written or removed`}`);
