/** Instants remembered at most; then the memory starts again (a case's instants recur for a few events, not for ever). */
const REMEMBERED = 50_000;
const known = new Map<string, number>();

/**
 * `Date.parse(instant)`, remembered: every write reads the same few instants of a case (its
 * deadlines, its entries' times) many times over, in its summary, its 待办 rows, its indexes and
 * its view, and parsing an ISO instant costs about ten times a look-up.
 */
export function instantMs(instant: string): number {
  let ms = known.get(instant);
  if (ms === undefined) {
    ms = Date.parse(instant);
    if (known.size >= REMEMBERED) known.clear();
    known.set(instant, ms);
  }
  return ms;
}
