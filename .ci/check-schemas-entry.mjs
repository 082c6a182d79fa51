// The schemas entry's promises (README, "JSON Schemas"): importing it loads no package at all
// (no zod: the documents were made at build time), and every document it exports is also a file
// under dist/schemas/ with the same content. Usage: node check-schemas-entry.mjs <dist>
/* global process, console -- a Node script run by .ci/consumer-smoke */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { importGraph } from './_lib/importGraph.mjs';
import { pathToFileURL } from 'node:url';

const dist = process.argv[2];
const { files: seen, packages } = importGraph(join(dist, 'schemas.js'));
if (packages.size > 0) throw new Error(`dist/schemas.js imports ${[...packages].join(', ')}; it must load no package`);
const { jsonSchemas } = await import(pathToFileURL(join(dist, 'schemas.js')).href);
const files = readdirSync(join(dist, 'schemas'), { recursive: true }).map(String).filter((file) => file.endsWith('.schema.json'));
const names = Object.keys(jsonSchemas).sort();
const fileNames = files.map((file) => file.replace(/\\/g, '/').replace(/\.schema\.json$/, '')).sort();
if (JSON.stringify(names) !== JSON.stringify(fileNames)) throw new Error(`exported documents ${names.join(', ')} differ from dist/schemas files ${fileNames.join(', ')}`);
for (const name of names) {
  const file = JSON.parse(readFileSync(join(dist, 'schemas', `${name}.schema.json`), 'utf8'));
  if (JSON.stringify(file) !== JSON.stringify(jsonSchemas[name])) throw new Error(`dist/schemas/${name}.schema.json differs from the exported document`);
}
console.log(`schemas entry ok: loads no package (${seen.size} file), ${names.length} documents, each also a file`);
