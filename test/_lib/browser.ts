import { existsSync } from 'node:fs';

/** The environment variable that names the browser for the browser tests. */
export const BROWSER_VARIABLE = 'CHROME_PATH';

/** Debian's chromium, which `.ci/install-chromium` installs. */
export const DEFAULT_BROWSER = '/usr/bin/chromium';

/** Which browser the browser tests drive, or why they are skipped. */
export type BrowserChoice = { readonly path: string } | { readonly skip: string };

/**
 * `CHROME_PATH` when set (a Chromium, Chrome or Edge executable), else Debian's
 * `/usr/bin/chromium`; without either, the reason to skip, naming the variable to set.
 *
 * @throws {Error} When `CHROME_PATH` names a file that does not exist: a typo must not turn
 *   into a silently skipped suite.
 */
export function chooseBrowser(env: Readonly<Record<string, string | undefined>> = process.env, exists: (path: string) => boolean = existsSync): BrowserChoice {
  const named = env[BROWSER_VARIABLE];
  if (named !== undefined && named !== '') {
    if (!exists(named)) throw new Error(`${BROWSER_VARIABLE}=${named}: no such file; set it to a Chromium or Chrome executable, or unset it to use ${DEFAULT_BROWSER}`);
    return { path: named };
  }
  if (exists(DEFAULT_BROWSER)) return { path: DEFAULT_BROWSER };
  return {
    skip: `no browser: ${DEFAULT_BROWSER} is missing and ${BROWSER_VARIABLE} is not set, so the browser tests of examples/react-ui and examples/inspector are skipped. Set ${BROWSER_VARIABLE} to a Chromium or Chrome executable (e.g. ${BROWSER_VARIABLE}=$(command -v chromium google-chrome | head -n 1)), or install Debian's chromium (bash .ci/install-chromium).`,
  };
}
