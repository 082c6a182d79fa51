/** A README that the doc test cannot read: a bad marker, an unreadable `//=>`, a misplaced `// throws`. */
export class DoctestError extends Error {
  override readonly name = 'DoctestError';
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
  }
}
