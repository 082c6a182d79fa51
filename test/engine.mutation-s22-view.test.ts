/**
 * Case views (README › API tour): a view's `allowedEvents` is judged at the engine's clock with
 * the engine's reminder rule (预警, `reminders.beforeDueWorkingDays`) — in `get`, and in a result
 * replayed for a repeated idempotency key — and only a closed case's view carries `output` (案卷).
 * Written against the mutants that survived in src/engine/_lib/view/caseView.ts.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore } from 'linked-enforcement';
import { bj, center, ev } from './_lib/cases.js';
import { following, testClock, toReporting } from './_lib/engine.js';

const sweeper = { system: 'sweep' };

/**
 * An item-1 case reporting its results (due Tuesday 2026-10-13) on an engine that reminds 3
 * working days before the due day — from Friday 2026-10-09 (Saturday 2026-10-10 is a make-up
 * working day) — with its clock at Friday noon: the reminder is due by that rule, not yet by the
 * default one (1 working day: from Monday 2026-10-12).
 */
async function remindingOnFriday() {
  const clock = testClock(bj('2026-09-01 09:00'));
  const engine = following(createCaseEngine({ store: memoryStore(), clock, reminders: { beforeDueWorkingDays: 3 } }), clock);
  await toReporting(engine, 'case-1');
  clock.set(bj('2026-10-09 12:00'));
  return engine;
}

describe('case views: allowedEvents at the engine’s clock and reminder rule', () => {
  it('get: the reminder is allowed by the engine’s rule of 3 working days', async () => {
    const engine = await remindingOnFriday();
    expect((await engine.get('case-1')).allowedEvents(sweeper)).toContain('deadline.remind');
  });

  it('a send’s result, and the result replayed for a repeated idempotency key: the same', async () => {
    const engine = await remindingOnFriday();
    const urge = ev('case.urge', center, bj('2026-10-09 11:00'), { unit: 'market-regulation' });
    const first = await engine.send('case-1', urge, { idempotencyKey: 'urge-1' });
    const replayed = await engine.send('case-1', urge, { idempotencyKey: 'urge-1' });
    expect(first.allowedEvents(sweeper)).toContain('deadline.remind');
    expect(replayed.version).toBe(first.version);
    expect(replayed.allowedEvents(sweeper)).toContain('deadline.remind');
  });
});

describe('case views: the dossier', () => {
  it('a case still open has no `output` field at all', async () => {
    const clock = testClock(bj('2026-09-01 09:00'));
    const view = await toReporting(following(createCaseEngine({ store: memoryStore(), clock }), clock), 'case-1');
    expect(Object.keys(view)).not.toContain('output');
    expect(Object.keys(await createCaseEngine({ store: memoryStore(), clock }).open({ caseId: 'c2', title: '占道经营', itemNo: 1, origin: 'application', applicant: 'market-regulation', by: { unit: 'market-regulation' } }))).not.toContain('output');
  });
});
