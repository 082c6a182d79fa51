/**
 * A browser stand-in for `node:crypto`, aliased in by viteAliases.ts. The package's root entry
 * also exports the case engine, whose audit chain hashes with `createHash` from `node:crypto`.
 * These pages run the machine, not the engine, so nothing here calls it; the stand-in only lets
 * the bundle load, and says so if something does call it.
 */
export function createHash(algorithm: string): never {
  throw new Error(`createHash("${algorithm}") is not available in the browser: the case engine's audit chain runs on Node (examples/react-ui/browser/nodeCrypto.ts)`);
}
