/**
 * Store format 2's history (流转记录) in the audit log only (`load/storedHistory.ts`): the head the
 * store keeps, the whole snapshot put back, and each reason a history cannot be rebuilt — which
 * `INCOMPATIBLE_SNAPSHOT` carries. Written against the mutants that survived the older suites.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { headOf, historyEntryOfLogged, rebuildHistory, withHistory } from '../src/engine/_lib/load/storedHistory.js';
import { storedItem1Case } from './_lib/engine.js';

let entries: Record<string, unknown>[];

beforeAll(async () => {
  const { store } = await storedItem1Case(2);
  entries = store.toJSON().cases['case-1']!.audit;
});

const historyOf = (upTo: number) => entries.slice(0, upTo).map((entry) => historyEntryOfLogged(entry as never));

describe('rebuildHistory', () => {
  it('rebuilds one history entry per log entry after the prefix, also from a known prefix', () => {
    expect(rebuildHistory([], entries, 3, 3)).toEqual(historyOf(3));
    expect(rebuildHistory(historyOf(1), entries, 3, 3)).toEqual(historyOf(3));
    expect(rebuildHistory(historyOf(2), entries.slice(2), 3, 3, true)).toEqual(historyOf(3));
    const whole = historyOf(3);
    expect(rebuildHistory(whole, undefined, 3, 3)).toBe(whole);
    expect(historyOf(3).map((entry) => entry.type)).toEqual(['case.open', 'review.pass', 'legal.approve']);
  });

  it('says why it cannot', () => {
    expect(rebuildHistory(historyOf(3), entries, 2, 3)).toBe('its history prefix has 3 entries for version 2');
    expect(rebuildHistory([], undefined, 3, 3)).toBe('the store handed back no audit log to rebuild its history from');
    expect(rebuildHistory([], entries.slice(0, 2), 3, 3)).toBe('audit entry 3 is missing or malformed');
    expect(rebuildHistory([], [entries[0], [entries[1]], entries[2]], 3, 3)).toBe('audit entry 2 is missing or malformed');
    expect(rebuildHistory([], [entries[0], entries[2]], 3, 3)).toBe('audit entry 2 says it is version 3');
    expect(rebuildHistory([], entries, 3, 2)).toBe("audit entry 1 was written by machine version 3, not the envelope's 2, and is not in the stored history");
    expect(rebuildHistory([], [entries[0], { ...entries[1], type: 7 }], 2, 3)).toBe('audit entry 2 is malformed');
    expect(rebuildHistory([], [entries[0], { ...entries[1], event: 'review.pass' }], 2, 3)).toBe('audit entry 2 is malformed');
    expect(rebuildHistory([], [{ ...entries[0], event: null }], 1, 3)).toEqual(historyOf(1));
  });
});

describe('headOf and withHistory', () => {
  const persisted = () => ({ value: 'archived', context: { caseId: 'case-1', history: historyOf(3) }, output: { outcome: 'done', history: historyOf(3) } });

  it('cuts the history to its prefix and the dossier’s out, and puts both back', () => {
    const head = headOf(persisted() as never, 1);
    expect(head).toEqual({ value: 'archived', context: { caseId: 'case-1', history: historyOf(1) }, output: { outcome: 'done' } });
    expect(headOf(persisted() as never, 0)).toMatchObject({ context: { history: [] } });
    expect(withHistory(head, historyOf(3))).toEqual(persisted());
  });

  it('leaves a snapshot without a dossier without one, and a dossier without history as it is', () => {
    const open = { value: 'legalReview', context: { caseId: 'case-1', history: historyOf(2) } };
    expect(headOf(open as never, 0)).toEqual({ value: 'legalReview', context: { caseId: 'case-1', history: [] } });
    expect(withHistory({ value: 'legalReview', context: { caseId: 'case-1', history: [] } }, historyOf(2))).toEqual(open);
    expect(withHistory({ context: {}, output: null }, [])).toEqual({ context: { history: [] }, output: null });
    const plain = { ...open, output: { outcome: 'done' } };
    expect(headOf(plain as never, 2).output).toBe(plain.output);
  });
});
