/**
 * 待办 (README › 待办 and 已办): an inbox item shows the actor's nearest open deadline in the case —
 * the earliest due of those binding it, the one set first of two due at once. The machine gives a
 * unit one open deadline at a time; a stored case may hold more (a county machine's own, data
 * written by another release), so these tests add one to the stored case. Written against the
 * mutants of src/engine/_lib/inboxCases.ts (nearestDeadline).
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore, type CaseDeadline, type MemoryStore } from 'linked-enforcement';
import { applicationInput, bj, fire } from './_lib/cases.js';
import { following, item1Steps, testClock } from './_lib/engine.js';

/** An item-1 case dispatched (fire-rescue owes its acknowledgement by the start, 2026-09-29 09:00), in a store whose inbox rows carry `extra` deadlines placed `where`. */
async function withExtraDeadline(extra: (own: CaseDeadline) => CaseDeadline, where: 'before' | 'after') {
  const store = memoryStore();
  const clock = testClock(bj('2026-09-01 09:00'));
  const engine = following(createCaseEngine({ store, clock }), clock);
  await engine.open(applicationInput());
  for (const event of item1Steps().slice(0, 4)) await engine.send('case-1', event);
  const edited = Object.assign(Object.create(store) as MemoryStore, {
    inbox: async (query: Parameters<NonNullable<MemoryStore['inbox']>>[0]) =>
      (await store.inbox!(query)).map((row) => {
        const envelope = structuredClone(row.envelope) as { nextDueAt: string | null; snapshot: { context: { deadlines: CaseDeadline[] } } };
        const deadlines = envelope.snapshot.context.deadlines;
        const own = deadlines.find((deadline) => deadline.kind === 'acknowledgement' && deadline.unit === fire.unit)!;
        const added = extra(own);
        deadlines.splice(where === 'before' ? deadlines.indexOf(own) : deadlines.length, 0, added);
        if (Date.parse(added.dueAt) < Date.parse(envelope.nextDueAt!)) envelope.nextDueAt = added.dueAt;
        return { ...row, envelope };
      }),
  });
  clock.set(bj('2026-09-05 09:00'));
  const page = await createCaseEngine({ store: edited, clock }).inbox(fire);
  expect(page.failed).toEqual([]);
  return page.items.find((item) => item.caseId === 'case-1')!.deadline;
}

const dueAt = (wallClock: string) => `${wallClock.replace(' ', 'T')}:00.000+08:00`;

describe('待办: the nearest of a unit’s open deadlines', () => {
  it('the earliest due, wherever it stands in the case’s list', async () => {
    const earlier = (own: CaseDeadline): CaseDeadline => ({ ...own, dueAt: dueAt('2026-09-20 09:00'), dueDate: '2026-09-20' });
    for (const where of ['before', 'after'] as const) expect(await withExtraDeadline(earlier, where), where).toMatchObject({ dueAt: dueAt('2026-09-20 09:00') });
    const later = (own: CaseDeadline): CaseDeadline => ({ ...own, dueAt: dueAt('2026-10-20 09:00'), dueDate: '2026-10-20' });
    for (const where of ['before', 'after'] as const) expect(await withExtraDeadline(later, where), where).toMatchObject({ dueAt: '2026-09-29T09:00:00+08:00' });
  });

  it('of two due at the same instant, the one the case set first', async () => {
    const sameTime = (own: CaseDeadline): CaseDeadline => ({ ...own, startedAt: '2026-09-04T11:00:00+08:00' });
    expect(await withExtraDeadline(sameTime, 'before')).toMatchObject({ dueAt: '2026-09-29T09:00:00+08:00', startedAt: '2026-09-04T11:00:00+08:00' });
    expect(await withExtraDeadline(sameTime, 'after')).toMatchObject({ dueAt: '2026-09-29T09:00:00+08:00', startedAt: '2026-09-04T10:00:00+08:00' });
  });
});
