import { z } from 'zod';
import { actorSchema, documentReferenceSchema, instantSchema } from '../schemas.js';

const text = z.string();
const count = z.number().int().min(0);
const origins = z.enum(['application', 'leaderAssignment', 'centerInitiated', 'emergency', 'emergencyRequest']);
const participant = z.looseObject({ unit: text.min(1), label: text });

/** A reference to a stored file, or (restored from machine version 2 and migrated) a name alone. */
const recordedDocuments = z.array(z.union([documentReferenceSchema, z.object({ name: text.min(1) }).strict()]));

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
  remindedAt: instantSchema.optional(),
  missedAt: instantSchema.optional(),
});

/**
 * The parts of a stored context the machine and the engine read. Loose: fields a newer
 * machine adds pass through (the envelope's `machineVersion` is what guards releases).
 */
export const contextSchema = z.looseObject({
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
  plan: z.looseObject({ at: instantSchema, revision: count, documents: z.array(documentReferenceSchema).optional() }).optional(),
  enforcementEndedAt: instantSchema.optional(),
  acknowledgements: z.array(z.looseObject({ unit: text, at: instantSchema, staff: count })),
  meetings: z.array(z.looseObject({ by: actorSchema, at: instantSchema, heldAt: instantSchema, attendees: z.array(text), decisions: text })),
  publications: z.array(z.looseObject({ by: actorSchema, at: instantSchema, text })),
  reports: z.array(z.looseObject({ unit: text, at: instantSchema, summary: text, documents: recordedDocuments, afterUpload: z.boolean() })),
  results: z.looseObject({ summary: text, at: instantSchema, missingReports: z.array(text), documents: recordedDocuments.optional() }).optional(),
  deadlines: z.array(deadline),
  urges: z.array(z.looseObject({ unit: text, at: instantSchema, by: actorSchema })),
  archiveSummary: text.optional(),
  closingReason: text.optional(),
  history: z.array(historyEntry).min(1),
});
