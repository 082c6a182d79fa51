/**
 * A browser stand-in for `node:module`, aliased in by viteAliases.ts. The calendar calls
 * `createRequire(import.meta.url)` and then requires two things from chinese-days: the package
 * (for its lunar tables) and its holiday JSON. Both are bundled here instead.
 */
import * as chineseDays from 'chinese-days';
import holidayData from 'chinese-days/dist/chinese-days.json';

const modules: Readonly<Record<string, unknown>> = {
  'chinese-days': chineseDays,
  'chinese-days/dist/chinese-days.json': holidayData,
};

/** Returns a `require` that knows only the bundled chinese-days modules. */
export function createRequire(_from: string | URL): (id: string) => unknown {
  return (id) => {
    if (Object.hasOwn(modules, id)) return modules[id];
    throw new Error(`Cannot require "${id}" in the browser: only chinese-days is bundled (examples/react-ui/browser/nodeModule.ts)`);
  };
}
