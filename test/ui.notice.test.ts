import { explainEvent, selectHistory, type EventRefusal } from 'linked-enforcement';
import { describe, expect, it } from 'vitest';
import { noticeReducer, recordedText, refusalFor, type Notice, type NoticeAction } from '../examples/react-ui/src/notice.js';
import { accept, bj, center, ev, market, startCase } from './_lib/cases.js';

const run = (actions: readonly NoticeAction[], from?: Notice) => actions.reduce(noticeReducer, from);

// The React example's notice (issue 12): a stale 已记录 must not stay beside a new refusal.
describe('noticeReducer (the React example’s 已记录 / 未能提交 notice)', () => {
  // A real case: the center passes the review (recorded), then 市场监管局 tries to approve it (refused).
  const { actor } = startCase();
  accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
  const recorded = selectHistory(actor.getSnapshot()).at(-1)!;
  const at = bj('2026-09-01 11:00');
  const refusal: EventRefusal = explainEvent(actor.getSnapshot(), ev('legal.approve', market, at))!;
  const recordedAction: NoticeAction = { kind: 'recorded', entry: recorded };
  const refusedAction: NoticeAction = { kind: 'refused', eventType: 'legal.approve', at, refusal };

  it('says what the case recorded', () => {
    expect(recordedText(run([{ kind: 'attempt' }, recordedAction]))).toBe('✓ 已记录 Recorded: 初审通过 Pass preliminary review → 法制审核 Legal review');
    expect(refusal.code).toBe('NOT_ALLOWED');
  });

  it('shows a refusal after a recorded step alone: the 已记录 goes', () => {
    const notice = run([{ kind: 'attempt' }, recordedAction, { kind: 'attempt' }, refusedAction]);
    expect(recordedText(notice)).toBeUndefined();
    expect(refusalFor(notice, 'legal.approve', at)).toBe(refusal);
  });

  it('clears the notice when a new attempt starts, whatever it was', () => {
    expect(run([{ kind: 'attempt' }], run([recordedAction]))).toBeUndefined();
    expect(run([{ kind: 'attempt' }], run([refusedAction]))).toBeUndefined();
  });

  it('drops an earlier refusal once a step is recorded, even without an attempt between', () => {
    const notice = run([refusedAction, recordedAction]);
    expect(refusalFor(notice, 'legal.approve', at)).toBeUndefined();
    expect(recordedText(notice)).toBeDefined();
    expect(recordedText(run([recordedAction, refusedAction]))).toBeUndefined();
  });

  it('shows a refusal only in the form it answers, and only while the clock reads the time it was given for', () => {
    const notice = run([refusedAction]);
    expect(refusalFor(notice, 'legal.approve', at)).toBe(refusal);
    expect(refusalFor(notice, 'legal.return', at)).toBeUndefined();
    expect(refusalFor(notice, 'legal.approve', bj('2026-09-01 12:00'))).toBeUndefined();
    expect(refusalFor(undefined, 'legal.approve', at)).toBeUndefined();
  });
});
