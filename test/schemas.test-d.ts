// The zod schemas the JSON Schemas are made from describe exactly the public types: a field added
// to one and not the other fails here, so the documents cannot drift from what the engine hands out.
import { expectTypeOf, test } from 'vitest';
import type { z } from 'zod';
import { caseDossierSchema, caseNotificationSchema } from '../machines/outputSchemas.js';
import type { CaseDossier, CaseNotification } from '../machines/types.js';
import { problemDetailsSchema } from '../src/schemas/_lib/documents.js';
import type { AuditEntry, CaseViewData, DoneItem, InboxItem, OutboxMessage, SendResultData } from '../src/engine/types.js';
import { auditEntryViewSchema, caseViewSchema, doneItemSchema, inboxItemSchema, outboxMessageSchema, sendResultSchema } from '../src/engine/viewSchemas.js';
import type { ProblemDetails } from '../src/problemDetails.js';

/** Readonly-ness is not data: compare the shapes with it removed on both sides. */
type Mutable<T> = T extends (...args: never[]) => unknown ? T : T extends readonly (infer E)[] ? Mutable<E>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;

test('output documents describe the public types', () => {
  expectTypeOf<Mutable<z.output<typeof caseNotificationSchema>>>().toEqualTypeOf<Mutable<CaseNotification>>();
  expectTypeOf<Mutable<z.output<typeof caseDossierSchema>>>().toEqualTypeOf<Mutable<CaseDossier>>();
  expectTypeOf<Mutable<z.output<typeof caseViewSchema>>>().toEqualTypeOf<Mutable<CaseViewData>>();
  expectTypeOf<Mutable<z.output<typeof sendResultSchema>>>().toEqualTypeOf<Mutable<SendResultData>>();
  expectTypeOf<Mutable<z.output<typeof outboxMessageSchema>>>().toEqualTypeOf<Mutable<OutboxMessage>>();
  expectTypeOf<Mutable<z.output<typeof problemDetailsSchema>>>().toEqualTypeOf<Mutable<ProblemDetails>>();
  expectTypeOf<Mutable<z.output<typeof inboxItemSchema>>>().toEqualTypeOf<Mutable<InboxItem>>();
  expectTypeOf<Mutable<z.output<typeof doneItemSchema>>>().toEqualTypeOf<Mutable<DoneItem>>();
});

test('the audit entry document describes AuditEntry, its event as any object (entries of every machine version are kept)', () => {
  expectTypeOf<Mutable<Omit<z.output<typeof auditEntryViewSchema>, 'event'>>>().toEqualTypeOf<Mutable<Omit<AuditEntry, 'event'>>>();
  expectTypeOf<AuditEntry['event']>().toExtend<z.output<typeof auditEntryViewSchema>['event']>();
});

// The input documents (engine.open's and engine.send's, `at` optional) are built by extending each
// union member at run time, which their static types do not follow: test/schemas.test.ts checks
// them against the engine itself, in both directions.
