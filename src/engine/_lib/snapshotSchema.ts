import { z } from 'zod';
import { actorSchema, instantSchema } from '../../../machines/schemas.js';
import type { CaseContext } from '../../../machines/types.js';

const text = z.string();
const count = z.number().int().min(0);
const origins = z.enum(['application', 'leaderAssignment', 'centerInitiated', 'emergency', 'emergencyRequest']);
const participant = z.looseObject({ unit: text.min(1), label: text });

const historyEntry = z.looseObject({
  seq: count,
  type: text.min(1),
  by: actorSchema,
  at: instantSchema,
  from: text.nullable(),
  to: text.min(1),
});

const deadline = z.looseObject({
  kind: text.min(1),
  unit: text.min(1),
  startedAt: instantSchema,
  workingDays: count,
  dueDate: text,
  dueAt: instantSchema,
  provisional: z.boolean(),
  status: z.enum(['pending', 'met', 'late', 'overdue', 'missed']),
  doneAt: instantSchema.optional(),
  overdueAt: instantSchema.optional(),
  missedAt: instantSchema.optional(),
});

/**
 * The parts of a stored context the machine and the engine read. Loose: fields a newer
 * machine adds pass through (the envelope's `machineVersion` is what guards releases).
 */
const contextSchema = z.looseObject({
  caseId: text,
  title: text,
  itemNo: z.number().int().positive().optional(),
  origin: origins,
  originDetails: z.looseObject({ origin: origins }),
  initiator: text.optional(),
  openedAt: instantSchema,
  resubmissions: count,
  opinions: z.array(z.looseObject({ kind: text, by: actorSchema, at: instantSchema, decision: text })),
  assignment: z
    .looseObject({ lead: participant, cooperating: z.array(participant), place: text, startAt: instantSchema, dispatchedAt: instantSchema })
    .optional(),
  plan: z.looseObject({ at: instantSchema, revision: count }).optional(),
  enforcementEndedAt: instantSchema.optional(),
  acknowledgements: z.array(z.looseObject({ unit: text, at: instantSchema, staff: count })),
  meetings: z.array(z.looseObject({ by: actorSchema, at: instantSchema, heldAt: instantSchema, attendees: z.array(text), decisions: text })),
  publications: z.array(z.looseObject({ by: actorSchema, at: instantSchema, text })),
  reports: z.array(z.looseObject({ unit: text, at: instantSchema, summary: text, documents: z.array(text), afterUpload: z.boolean() })),
  results: z.looseObject({ summary: text, at: instantSchema, missingReports: z.array(text) }).optional(),
  deadlines: z.array(deadline),
  urges: z.array(z.looseObject({ unit: text, at: instantSchema, by: actorSchema })),
  archiveSummary: text.optional(),
  closingReason: text.optional(),
  history: z.array(historyEntry).min(1),
});

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
