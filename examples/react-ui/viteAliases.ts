/**
 * Vite aliases shared by the browser examples (this UI and examples/inspector): they import the
 * package by its published name, resolved here to the repository's source, as vitest.config.ts
 * and tsconfig.json `paths` do.
 */
import { fileURLToPath } from 'node:url';
import type { AliasOptions } from 'vite';

const fromRepo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/**
 * The calendar reads chinese-days with a run-time `require` in Node; the package's browser build
 * (the `browser` export condition) uses a twin module that imports it instead. Built from the
 * source here, the pages take the same twin.
 */
export const browserTwins = { find: /^\.\/chineseDays\.js$/, replacement: fromRepo('src/calendar/_lib/chineseDays.browser.ts') };

export const linkedEnforcementAliases: AliasOptions = [
  { find: /^linked-enforcement\/catalog$/, replacement: fromRepo('src/catalog.ts') },
  { find: /^linked-enforcement\/calendar$/, replacement: fromRepo('src/calendar/index.ts') },
  { find: /^linked-enforcement$/, replacement: fromRepo('src/index.ts') },
  browserTwins,
];
