/**
 * examples/inspector/node.ts: the `inspect` option of `createActor` on a case actor, with a plain
 * logging function. Runs the example's own code and checks what it reports.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, caseInput, refusedEvent } from '../examples/inspector/caseScript.js';
import { inspectCase, type InspectionRecord } from '../examples/inspector/node.js';

type RecordOf<T extends InspectionRecord['type']> = Extract<InspectionRecord, { type: T }>;

describe('the inspector example (Node variant)', () => {
  const lines: string[] = [];
  let records: InspectionRecord[] = [];
  const ofType = <T extends InspectionRecord['type']>(type: T) => records.filter((record): record is RecordOf<T> => record.type === type);

  beforeAll(() => {
    records = inspectCase({ log: (line) => lines.push(line) });
  });

  it('registers the case actor first, under its case id', () => {
    expect(records[0]).toEqual({ type: '@xstate.actor', actorId: caseInput.caseId });
    expect(ofType('@xstate.actor')).toHaveLength(1);
  });

  it('reports every event sent to the case, in order, with who sent it and when', () => {
    const events = ofType('@xstate.event');
    expect(events.map((event) => event.eventType)).toEqual(['xstate.init', ...caseEvents.map((event) => event.type)]);
    expect(events.slice(1).map(({ by, at }) => ({ by, at }))).toEqual(caseEvents.map(({ by, at }) => ({ by, at })));
  });

  it('reports a snapshot after each event, from 初审 to the archive', () => {
    const snapshots = ofType('@xstate.snapshot');
    expect(snapshots.map((snapshot) => snapshot.state)).toEqual([
      'preliminaryReview',
      'legalReview',
      'leaderApproval',
      'dispatching',
      'enforcing.planning',
      ...Array<string>(7).fill('enforcing.planning'), // 确认接收任务 by the seven cooperating units
      'enforcing.executing',
      'enforcing.reporting',
      'enforcing.reporting', // the refused results.upload
      ...Array<string>(7).fill('enforcing.reporting'), // 报送法律文书 by the seven cooperating units
      'aggregating',
      'archived',
    ]);
    expect(snapshots.map((snapshot) => snapshot.eventType)).toEqual(['xstate.init', ...caseEvents.map((event) => event.type)]);
    expect(snapshots.at(-1)).toEqual({ type: '@xstate.snapshot', eventType: 'case.archive', state: 'archived', status: 'done' });
    expect(snapshots.slice(0, -1).every((snapshot) => snapshot.status === 'active')).toBe(true);
  });

  it('shows the inspector a refused event, which leaves the state as it was', () => {
    const index = caseEvents.indexOf(refusedEvent);
    const events = ofType('@xstate.event');
    const snapshots = ofType('@xstate.snapshot');
    expect(events[index + 1]).toMatchObject({ eventType: 'results.upload', by: { unit: 'fire-rescue' } });
    expect(snapshots[index + 1]!.state).toBe(snapshots[index]!.state);
    expect(lines).toContain('  (the case refuses results.upload: only 牵头单位 (the case’s lead unit) may send results.upload now)');
  });

  it('logs one line per inspection event it keeps, in Chinese with English beside it', () => {
    expect(lines.filter((line) => line.startsWith('@xstate.'))).toHaveLength(records.length);
    expect(lines).toContain('@xstate.snapshot  法制审核 Legal review (legalReview, active)');
    expect(lines).toContain('@xstate.event     review.pass      by 综合指挥调度中心 at 2026-09-01T15:00:00+08:00');
    expect(lines.at(-1)).toBe('@xstate.snapshot  存档 Archived (archived, done)');
  });

  it('inspects any script of events, e.g. an application rejected at 初审', () => {
    const rejected = inspectCase({
      events: [{ type: 'review.reject', by: { unit: 'command-center' }, at: '2026-09-01T10:00:00+08:00', reason: '属单一部门职责' }],
      log: () => {},
    });
    expect(rejected.filter((record) => record.type === '@xstate.snapshot').at(-1)).toEqual({
      type: '@xstate.snapshot',
      eventType: 'review.reject',
      state: 'rejected',
      status: 'done',
    });
  });
});
