import { createRequire } from 'node:module';

// The holiday data is read from the chinese-days package installed next to ours, at run time
// and only when first needed, so it is neither bundled into our dist nor loaded on import.
// `require` must be created from this file's location for the resolution to find that copy:
// `__filename` in the CommonJS build, `import.meta.url` in the ESM build. The identifier
// `require` is avoided on purpose: esbuild replaces it with a throwing stub in ESM output.
let cached: NodeJS.Require | undefined;

/** A CommonJS `require` that resolves from this package, in both the ESM and the CJS build. */
export function requireFromHere(): NodeJS.Require {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: under vitest (ESM) both name a file in this directory; the CommonJS build's branch is checked by CI's consumer smoke test
  cached ??= createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
  return cached;
}
