// Replaces the diagram between <!-- diagram:start --> and <!-- diagram:end --> in README.md with
// the one generated from the case machine. Run with `npm run diagram:readme`.
import { updateReadmeDiagram } from './_lib/readmeDiagram.js';

try {
  const changed = updateReadmeDiagram();
  console.log(changed ? 'README.md: diagram updated.' : 'README.md: diagram already up to date.');
} catch (error) {
  console.error(`README.md: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
