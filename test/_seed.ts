import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The county's document, committed verbatim beside the tests so CI reads what we transcribed. */
export const seedText = readFileSync(fileURLToPath(new URL('./fixtures/siyang-linked-enforcement.txt', import.meta.url)), 'utf8');

/** A cell's line breaks are layout (消防救援 / 大队), not text. */
const cell = (text: string) => text.replace(/\n/g, '');

export interface SeedItemRow {
  no: number;
  name: string;
  lead: string;
  cooperating: string;
}

/** The 39 rows of 附件3, read straight from the seed's tab layout. */
export function seedItems(): SeedItemRow[] {
  const table = seedText.slice(seedText.indexOf('附件3'));
  return [...table.matchAll(/\n\t(\d+)\n\t([^\t]*?)\n\t([^\t]*?)\n\t([^\t]*?)\n(?=\n)/g)].map((match) => ({
    no: Number(match[1]),
    name: cell(match[2]!),
    lead: cell(match[3]!),
    cooperating: cell(match[4]!),
  }));
}

export interface SeedDutyRow {
  no: number;
  party: string;
  text: string;
}

/** The five rows of 附件2. */
export function seedDuties(): SeedDutyRow[] {
  const table = seedText.slice(seedText.indexOf('附件2'), seedText.indexOf('附件3'));
  return [...table.matchAll(/\n\t(\d)\n\t([^\t]*?)\n\t([^\t]*?)\n(?=\n)/g)].map((match) => ({
    no: Number(match[1]),
    party: cell(match[2]!),
    text: match[3]!,
  }));
}
