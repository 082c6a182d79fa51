/**
 * The largest inputs the catalog takes, so that no input can make a call slow or overflow the
 * stack (README, "Limits"). Far above what a county needs: Siyang has 33 units, 39 items, names
 * of at most 28 characters and duties of at most 130.
 */
export const catalogLimits = {
  /** Characters of a name, alias, party, item name, lookup key, search text, label capacity or locality. */
  text: 200,
  /** Characters of one duty (职责). */
  duty: 2000,
  /** Characters of a unit or item id. */
  id: 100,
  /** Entries of any list in a catalog definition (units, items, cooperating units…). */
  list: 1000,
  /** Aliases of one unit. */
  aliases: 50,
  /** Parties of the duties list (附件2), and duties of one party. */
  duties: 100,
  /** Nesting of a catalog definition, and values in it all told. */
  depth: 8,
  values: 100_000,
} as const;
