/** A key of a memory-store index: an instant in ms (or 0) and a case id. */
export interface IndexKey {
  readonly ms: number;
  readonly id: string;
}

/** Chunks hold at most this many keys: an insert moves at most that many, however large the index. */
const CHUNK = 512;

const ascending = (a: IndexKey, b: IndexKey): number => a.ms - b.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Keys kept sorted — by `ms`, then case id (UTF-16 code units, as PostgreSQL's `COLLATE "C"`
 * orders the ASCII case ids) — ascending or descending, in chunks of at most 512, so adding,
 * removing and finding a position cost O(log n + 512) at any size. The memory store's indexes
 * for `list` (newest opening first) and `claimDue` (earliest due first).
 */
export class SortedKeys<Key extends IndexKey = IndexKey> {
  private readonly chunks: Key[][] = [];
  private count = 0;
  private readonly compare: (a: IndexKey, b: IndexKey) => number;

  constructor(order: 'ascending' | 'descending') {
    this.compare = order === 'ascending' ? ascending : (a, b) => ascending(b, a);
  }

  get size(): number {
    return this.count;
  }

  /** The chunk a key belongs in: the first whose last key is not before it (or the last chunk). */
  private chunkOf(key: IndexKey): number {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.compare(this.chunks[middle]!.at(-1)!, key) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The first position in `chunk` whose key is not before `key`. */
  private positionIn(chunk: readonly Key[], key: IndexKey): number {
    let low = 0;
    let high = chunk.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.compare(chunk[middle]!, key) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  add(key: Key): void {
    if (this.chunks.length === 0) {
      this.chunks.push([key]);
      this.count = 1;
      return;
    }
    const index = this.chunkOf(key);
    const chunk = this.chunks[index]!;
    const at = this.positionIn(chunk, key);
    if (at < chunk.length && this.compare(chunk[at]!, key) === 0) return;
    chunk.splice(at, 0, key);
    this.count++;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the bound only caps what an insert moves: chunks of any size hold the same keys in the same order
    if (chunk.length > CHUNK) this.chunks.splice(index + 1, 0, chunk.splice(CHUNK >> 1));
  }

  delete(key: IndexKey): void {
    if (this.chunks.length === 0) return;
    const index = this.chunkOf(key);
    const chunk = this.chunks[index]!;
    const at = this.positionIn(chunk, key);
    if (at >= chunk.length || this.compare(chunk[at]!, key) !== 0) return;
    chunk.splice(at, 1);
    this.count--;
    if (chunk.length === 0) this.chunks.splice(index, 1);
  }

  /**
   * Calls `visit` with each key from `from` (inclusive) in order until it returns `false`: a
   * binary search to the start, then a plain walk of the chunks (no generator to resume per key).
   */
  visitFrom(from: IndexKey, visit: (key: Key) => boolean): void {
    if (this.chunks.length === 0) return;
    let chunkIndex = this.chunkOf(from);
    let position = this.positionIn(this.chunks[chunkIndex]!, from);
    for (; chunkIndex < this.chunks.length; chunkIndex++, position = 0) {
      const chunk = this.chunks[chunkIndex]!;
      for (; position < chunk.length; position++) if (!visit(chunk[position]!)) return;
    }
  }

  /** The keys in order, starting after `after` (exclusive) when given. */
  *after(after?: IndexKey): Generator<Key> {
    let chunkIndex = 0;
    let position = 0;
    if (after !== undefined && this.chunks.length > 0) {
      chunkIndex = this.chunkOf(after);
      const chunk = this.chunks[chunkIndex]!;
      position = this.positionIn(chunk, after);
      if (position < chunk.length && this.compare(chunk[position]!, after) === 0) position++;
    }
    for (; chunkIndex < this.chunks.length; chunkIndex++, position = 0) {
      const chunk = this.chunks[chunkIndex]!;
      for (; position < chunk.length; position++) yield chunk[position]!;
    }
  }
}
