/**
 * What the engine hands out against the schemas `linked-enforcement/schemas` publishes for it
 * (`src/engine/viewSchemas.ts`): a case view, a send result, an outbox message, an audit entry,
 * an inbox and a done item along item 1 (no top-level key the schema does not name). The JSON
 * Schemas themselves are checked in test/schemas.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { auditEntryViewSchema, caseViewSchema, doneItemSchema, inboxItemSchema, outboxMessageSchema, sendResultSchema } from '../src/engine/viewSchemas.js';
import { applicationInput, center, market } from './_lib/cases.js';
import { storedItem1Case } from './_lib/engine.js';

describe('the view schemas describe what the engine hands out', () => {
  it('along item 1 up to the work plan', async () => {
    const { engine, store } = await storedItem1Case(5);
    const view = await engine.get('case-1');
    expect(caseViewSchema.strict().parse(view)).toEqual(view);
    const history = await engine.history('case-1');
    expect(history).toHaveLength(6);
    for (const entry of history) expect(auditEntryViewSchema.strict().parse(entry)).toEqual(entry);
    const messages = store.toJSON().outbox.map(({ id, caseId, version, index, notification, createdAt }) => ({ id, caseId, version, index, notification, createdAt }));
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(outboxMessageSchema.strict().parse(message)).toEqual(message);
    const inbox = await engine.inbox(market);
    expect(inbox.items.length).toBeGreaterThan(0);
    for (const item of inbox.items) expect(inboxItemSchema.strict().parse(item)).toEqual(item);
    const done = await engine.done(center);
    expect(done.items.length).toBeGreaterThan(0);
    for (const item of done.items) expect(doneItemSchema.strict().parse(item)).toEqual(item);
    const opened = await engine.open(applicationInput({ caseId: 'case-2' }));
    expect(opened.notifications.length).toBeGreaterThan(0);
    expect(sendResultSchema.strict().parse(opened)).toEqual(opened);
  });
});
