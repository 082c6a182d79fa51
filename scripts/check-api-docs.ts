/**
 * Checks the API reference that `typedoc` just wrote (run by `npm run docs`):
 * - no page of a function, variable, type, interface or class is bigger than {@link PAGE_BUDGET}:
 *   a page that big is an inferred type spelled out in full (the case machine's page was 436 KB,
 *   ≈30,000 px, before the machine had a named type);
 * - the index page (the README) keeps its Mermaid diagram and loads the script that draws it.
 *
 * Usage: `tsx scripts/check-api-docs.ts [docs/api]`
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const PAGE_BUDGET = 100_000;
const root = process.argv[2] ?? 'docs/api';
const problems: string[] = [];

for (const folder of ['functions', 'variables', 'types', 'interfaces', 'classes']) {
  const dir = join(root, folder);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const size = statSync(join(dir, name)).size;
    if (size > PAGE_BUDGET) {
      problems.push(`${folder}/${name} is ${Math.round(size / 1000)} KB (budget ${PAGE_BUDGET / 1000} KB): give the type it spells out a name (an interface, or an annotation on the export)`);
    }
  }
}

const index = readFileSync(join(root, 'index.html'), 'utf8');
if (!/<pre><code class="mermaid">stateDiagram-v2/u.test(index)) {
  problems.push('index.html has no ```mermaid flowchart: the README lost its diagram, or TypeDoc renders it differently');
}
if (!index.includes('assets/custom.js') || !readFileSync(join(root, 'assets', 'custom.js'), 'utf8').includes('mermaid')) {
  problems.push('index.html does not load the Mermaid script: set "customJs" in typedoc.json to scripts/api-docs-mermaid.js');
}

if (problems.length > 0) {
  console.error(`API reference check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`API reference check passed: every page within ${PAGE_BUDGET / 1000} KB; the index draws the Mermaid diagram.`);
