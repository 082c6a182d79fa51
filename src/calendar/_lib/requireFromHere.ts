import { createRequire } from 'node:module';

// The holiday data is read from the chinese-days package installed next to ours, at run time
// and only when first needed, so it is neither bundled into our dist nor loaded on import.
// `require` must be created from this file's location for the resolution to find that copy.
// `import.meta.url` is that location in the ESM build and, through the define that
// tsup.config.ts sets for the CommonJS build, there too. Nothing here may look at globals such
// as `__filename` or `document`: `node -e` and test DOMs define them for other purposes. The
// identifier `require` is avoided on purpose: esbuild replaces it with a throwing stub in ESM
// output.
let cached: NodeJS.Require | undefined;

/** A CommonJS `require` that resolves from this package, in both the ESM and the CJS build. */
export function requireFromHere(): NodeJS.Require {
  cached ??= createRequire(import.meta.url);
  return cached;
}
