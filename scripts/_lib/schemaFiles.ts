import { readdirSync } from 'node:fs';
import { schemaDocuments, toJsonSchema } from '../../src/schemas/_lib/documents.js';

/** Each document's file (`events/review.pass.schema.json`) and its text, as the build writes it. */
export function expectedSchemaFiles(): Map<string, string> {
  return new Map(schemaDocuments.map((document) => [`${document.name}.schema.json`, `${JSON.stringify(toJsonSchema(document), null, 2)}\n`]));
}

/** The `*.schema.json` files under `dir`, as paths relative to it with `/`. */
export function schemaFilesIn(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true })
      .map((file) => String(file).split('\\').join('/'))
      .filter((file) => file.endsWith('.schema.json'));
  } catch {
    return [];
  }
}
