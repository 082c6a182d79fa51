import { z } from 'zod';
import { finalStages } from '../../../machines/outputSchemas.js';
import { actorSchema, instantSchema } from '../../../machines/schemas.js';
import { auditEntrySchema, caseIdSchema, sha256HexSchema } from '../../engine/schemas.js';

/*
 * What the renderer reads from a dossier, checked before anything is printed. Objects are loose
 * (fields the renderer does not know are left alone): a dossier of a later release with more
 * fields still prints; a field it prints must have the right type.
 */

const text = z.string();
const sha256 = sha256HexSchema;
const optionalText = text.optional();

/**
 * A legal document: a reference to the stored file with its hash, or only its name — as the
 * machine keeps a document recorded before 0.4.0 (`{ name }`, machine version 3), or a plain
 * string (a dossier written by an older release).
 */
export const documentSchema = z.union([
  text,
  z
    .looseObject({
      name: text,
      sha256: sha256.optional(),
      size: z.number().int().min(0).optional(),
      mediaType: text.optional(),
    })
    // A reference carries all three; a spoilt one must not pass as a name-only document.
    .refine((document) => [document.sha256, document.size, document.mediaType].every((part) => part === undefined) || [document.sha256, document.size, document.mediaType].every((part) => part !== undefined), {
      message: 'a document reference needs sha256, size and mediaType (a document recorded by name only has none of them)',
    }),
]);
export type DossierDocument = z.infer<typeof documentSchema>;

const documents = z.array(documentSchema).optional();

const participantSchema = z.looseObject({ unit: text, label: text, as: optionalText, placeholder: optionalText });

const deadlineSchema = z.looseObject({
  kind: text,
  unit: optionalText,
  step: optionalText,
  state: optionalText,
  responsible: z.array(z.union([z.object({ unit: text }), z.object({ leader: z.object({ name: text, post: text }) }), z.object({ group: text })])).optional(),
  startedAt: instantSchema.optional(),
  workingDays: z.number().int().min(0).optional(),
  dueDate: optionalText,
  dueAt: instantSchema,
  provisional: z.boolean().optional(),
  status: text,
  doneAt: instantSchema.optional(),
  overdueAt: instantSchema.optional(),
  missedAt: instantSchema.optional(),
  remindedAt: instantSchema.optional(),
});

export const historyEntryInputSchema = z.looseObject({
  seq: z.number().int().min(0),
  type: text,
  by: actorSchema,
  at: instantSchema,
  from: text.nullable(),
  to: text,
  reason: optionalText,
  opinion: optionalText,
  note: optionalText,
  unit: optionalText,
  leadChangeReason: optionalText,
});

const planSchema = z.looseObject({
  at: instantSchema,
  revision: z.number().int().min(1),
  machineVersion: z.literal(1).optional(),
  summary: optionalText,
  division: z.union([text, z.array(z.looseObject({ unit: text, duty: text }))]).optional(),
  content: optionalText,
  methods: optionalText,
  steps: optionalText,
  timeLimits: optionalText,
  timeLimit: optionalText,
  contingency: optionalText,
  documents,
});

export const dossierInputSchema = z.looseObject({
  caseId: caseIdSchema,
  title: text,
  itemNo: z.number().int().positive().optional(),
  origin: z.looseObject({
    origin: z.enum(['application', 'leaderAssignment', 'centerInitiated', 'emergency', 'emergencyRequest']),
    applicant: optionalText,
    description: optionalText,
    leader: z.looseObject({ name: text, post: z.enum(['principal', 'inCharge']) }).optional(),
    instruction: optionalText,
    reason: optionalText,
    reporter: optionalText,
  }),
  outcome: z.enum(finalStages),
  openedAt: instantSchema,
  closedAt: instantSchema,
  closingReason: optionalText,
  assignment: z
    .looseObject({
      lead: participantSchema,
      cooperating: z.array(participantSchema),
      place: text,
      startAt: instantSchema,
      dispatchedAt: instantSchema,
      dispatchedBy: actorSchema.optional(),
      leadChangeReason: optionalText,
    })
    .optional(),
  opinions: z.array(z.looseObject({ kind: text, by: actorSchema, at: instantSchema, decision: text, text: optionalText })),
  plan: planSchema.optional(),
  acknowledgements: z.array(z.looseObject({ unit: text, at: instantSchema, staff: z.number().int().min(0), equipment: optionalText })),
  meetings: z.array(z.looseObject({ by: actorSchema, at: instantSchema, heldAt: instantSchema, attendees: z.array(text), decisions: text })),
  publications: z.array(z.looseObject({ by: actorSchema, at: instantSchema, text })),
  reports: z.array(z.looseObject({ unit: text, at: instantSchema, summary: text, documents: z.array(documentSchema), afterUpload: z.boolean(), suggestions: optionalText })),
  results: z
    .looseObject({
      at: instantSchema,
      summary: text,
      figures: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
      documents,
      lessons: optionalText,
      missingReports: z.array(text),
    })
    .optional(),
  deadlines: z.array(deadlineSchema),
  deadlinesMet: z.boolean(),
  urges: z.array(z.looseObject({ unit: text, at: instantSchema, by: actorSchema, message: optionalText })),
  summary: optionalText,
  history: z.array(historyEntryInputSchema).min(1, 'must hold the opening at least'),
});

/** A dossier as the renderer reads it. */
export type DossierInput = z.infer<typeof dossierInputSchema>;

export const renderOptionsSchema = z
  .object({
    locale: z.enum(['zh-CN', 'en']).optional(),
    history: z.array(auditEntrySchema).optional(),
  })
  .strict();
