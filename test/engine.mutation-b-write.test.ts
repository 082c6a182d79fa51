/**
 * The snapshot text the engine digests and stores (`write/snapshotText.ts`): the same canonical
 * JSON as `canonicalJson(snapshot)` — keys sorted, what JSON leaves out (undefined, functions,
 * symbols) left out, in the context and around it — with an unchanged context field's text taken
 * from the previous version and a changed one written again. Written against the mutants that
 * survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/engine/_lib/canonicalJson.js';
import { snapshotText } from '../src/engine/_lib/write/snapshotText.js';

describe('snapshotText', () => {
  it('is canonicalJson of the snapshot, leaving out what JSON leaves out', () => {
    const snapshot = { value: 'legalReview', context: { title: '检查', caseId: 'c1', hook: () => 1, tag: Symbol('x'), gone: undefined }, run: () => 2, mark: Symbol('y'), none: undefined, status: 'active' };
    const { text, fields } = snapshotText(snapshot);
    expect(text).toBe('{"context":{"caseId":"c1","title":"检查"},"status":"active","value":"legalReview"}');
    expect(text).toBe(canonicalJson(snapshot));
    expect([...fields.keys()]).toEqual(['caseId', 'title']);
  });

  it('takes an unchanged field’s text from the previous version and writes a changed one again', () => {
    const deadlines = [{ kind: 'resultsUpload', dueDate: '2026-10-13' }];
    const first = snapshotText({ value: 'reporting', context: { caseId: 'c1', deadlines, title: '检查' } });
    const next = { value: 'reporting', context: { caseId: 'c1', deadlines, title: '复查' } };
    const { text, fields } = snapshotText(next, first.fields);
    expect(text).toBe(canonicalJson(next));
    expect(fields.get('deadlines')).toEqual(first.fields.get('deadlines'));
    expect(fields.get('title')).toEqual({ value: '复查', text: '"复查"' });
  });
});
