/**
 * Folds the ways people write a unit's name into one key: full-width and half-width
 * parentheses, stray spaces and line breaks (the seed breaks 消防救援 / 大队 across lines).
 */
export function lookupKey(text: string): string {
  return text.normalize('NFKC').replace(/\s/gu, '');
}

/** `统战部(民宗局)` → `['统战部', '民宗局']`, after {@link lookupKey}. */
export function splitCapacity(key: string): [string, string] | undefined {
  // Stryker disable next-line Regex: without ^ the search still starts at index 0, where any match elsewhere also matches, with the same groups
  const match = /^(.+)\((.+)\)$/u.exec(key);
  return match ? [match[1]!, match[2]!] : undefined;
}
