import { z } from 'zod';
import { contextSchema } from '../../../machines/_lib/contextSchema.js';
import type { CaseContext } from '../../../machines/types.js';

type StateValue = string | { readonly [key: string]: StateValue };

function isStateValue(value: unknown, depth = 0): value is StateValue {
  if (typeof value === 'string') return value.length > 0;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || depth > 8) return false;
  const entries = Object.entries(value);
  return entries.length === 1 && isStateValue(entries[0]![1], depth + 1);
}

/** `actor.getPersistedSnapshot()` of a case machine, as JSON. The case machine spawns no children. */
export const persistedSnapshotSchema = z
  .object({
    status: z.enum(['active', 'done']),
    value: z.custom<StateValue>((value) => isStateValue(value), 'must be a state value such as "legalReview" or { "enforcing": "planning" }'),
    historyValue: z.record(z.string(), z.unknown()).optional(),
    context: contextSchema,
    children: z.record(z.string(), z.never()).optional(),
    output: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** A validated persisted snapshot; the context reads as the machine's. */
export type PersistedSnapshot = Omit<z.infer<typeof persistedSnapshotSchema>, 'context'> & { readonly context: CaseContext };
