// What a built entry file loads: every file of ours it reaches through relative imports, and every
// package it names on the way. Used by the entry checks of .ci/consumer-smoke.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const importPattern = /^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm;

/** @returns {{ files: Set<string>, packages: Set<string> }} */
export function importGraph(entry) {
  const files = new Set();
  const packages = new Set();
  const walk = (file) => {
    if (files.has(file)) return;
    files.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(importPattern)) {
      const specifier = match[1] ?? match[2];
      if (specifier.startsWith('.')) walk(join(dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  walk(entry);
  return { files, packages };
}
