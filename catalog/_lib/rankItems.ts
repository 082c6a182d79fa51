import { lookupKey } from './lookupKey.js';

interface Named {
  readonly no: number;
  readonly name: string;
}

/** Length of the longest run of characters `a` and `b` share. */
function longestCommonRun(a: string, b: string): number {
  let best = 0;
  // Stryker disable next-line ArithmeticOperator: a JavaScript array grows on write; the last slot is only read as the unused diagonal
  const previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : 0;
      // Stryker disable next-line EqualityOperator: taking an equal run again changes nothing
      if (previous[j]! > best) best = previous[j]!;
      diagonal = above;
    }
  }
  return best;
}

/** The ranked items, and whether each contains every word (`'all'`) or only shares runs with them (`'closest'`). */
export interface RankedItems<T> {
  readonly items: T[];
  readonly match: 'all' | 'closest';
}

/**
 * Items whose name contains every word come first and alone. Chinese names have no spaces, so
 * when no name contains them all, a word counts by its longest run of two or more characters
 * found in a name (`学校食堂执法` finds 对学校食堂违法行为进行专项执法), higher totals first.
 * Ties go to the shorter name (the words cover more of it), then to the lower number.
 */
export function rankItems<T extends Named>(items: readonly T[], text: string): RankedItems<T> {
  // Two separators in a row leave an empty word, which is dropped.
  // Stryker disable next-line MethodExpression: an empty word is in every name and scores nothing, so keeping it would change no ranking
  const words = text.split(/[\s,，、;；。.]/u).map(lookupKey).filter(Boolean);
  // Stryker disable next-line ArithmeticOperator: items come in ascending number order and sorting is stable, so names of equal length already keep the lower number first
  const byFit = (a: T, b: T) => a.name.length - b.name.length || a.no - b.no;
  const names = new Map(items.map((item) => [item, lookupKey(item.name)]));
  const containingAll = items.filter((item) => words.every((word) => names.get(item)!.includes(word)));
  if (containingAll.length > 0) return { items: containingAll.sort(byFit), match: 'all' };

  const scored: { item: T; score: number }[] = [];
  for (const item of items) {
    const name = names.get(item)!;
    let score = 0;
    for (const word of words) {
      const run = name.includes(word) ? word.length : longestCommonRun(word, name);
      if (run >= 2) score += run;
    }
    if (score > 0) scored.push({ item, score });
  }
  return { items: scored.sort((a, b) => b.score - a.score || byFit(a.item, b.item)).map(({ item }) => item), match: 'closest' };
}
