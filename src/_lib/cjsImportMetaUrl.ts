import { pathToFileURL } from 'node:url';

/**
 * `import.meta.url` for the CommonJS build, where tsup.config.ts injects it: the file URL of the
 * chunk that holds this module. `__filename` is the module wrapper's own variable there, never
 * a global (`node -e` defines a global one, `'[eval]'`), and `pathToFileURL` escapes what a
 * path may hold (`#`, `%`, spaces). Every chunk lives in `dist/`, so any of them resolves our
 * dependencies the same way.
 */
export const importMetaUrl: string = pathToFileURL(__filename).href;
