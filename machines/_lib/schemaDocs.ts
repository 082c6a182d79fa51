import { z } from 'zod';

/** What a JSON Schema says about a zod schema: its name under `$defs`, a title, its description in Chinese and English. */
export interface SchemaDoc {
  /** The name of its `$defs` entry; schemas without one are written inline. */
  readonly id?: string;
  readonly title?: string;
  readonly description?: string;
}

/**
 * The descriptions the JSON Schemas (`linked-enforcement/schemas`) are generated with. A registry
 * of our own, not zod's global one: that belongs to the host application, and an `id` there
 * would clash with one of the application's.
 */
export const schemaDocs = z.registry<SchemaDoc>();

const bilingual = (zh: string, en: string) => `${zh} — ${en}`;

/**
 * A copy of `schema` described in Chinese and English for the JSON Schemas. A copy, because
 * shared building blocks (a non-empty text, an instant) mean something else in every field.
 */
export function doc<Schema extends z.ZodType>(schema: Schema, zh: string, en: string): Schema {
  const copy = schema.clone() as Schema;
  schemaDocs.add(copy, { description: bilingual(zh, en) });
  return copy;
}

/** Names `schema` itself (no copy): it becomes `$defs/<id>` wherever it is used, with its description. */
export function named<Schema extends z.ZodType>(schema: Schema, id: string, zh: string, en: string): Schema {
  schemaDocs.add(schema, { id, title: id, description: bilingual(zh, en) });
  return schema;
}
