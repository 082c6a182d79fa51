// A named import of package.json (no `with { type: 'json' }`, which allows only the default
// import): the bundler inlines just this field into dist/cli.js, and tsx reads it from the
// package when the CLI runs from source.
import { version as packageVersion } from '../../../package.json';

/** The package's version, as `linked-enforcement --version` prints it. */
export const version: string = packageVersion;
