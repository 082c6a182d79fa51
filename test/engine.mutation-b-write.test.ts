/**
 * The snapshot text the engine digests and stores (`write/snapshotText.ts`): the same canonical
 * JSON as `canonicalJson(snapshot)` — keys sorted, what JSON leaves out (undefined, functions,
 * symbols) left out, in the context and around it — with an unchanged context field's text taken
 * from the previous version, a list appended to (催办 urges) extended from it, and any other
 * changed field written again. Written against the mutants that survived the older suites.
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

  describe('a list the machine appended to (催办 urges)', () => {
    const urge = (n: number) => ({ unit: 'fire-rescue', at: `2026-09-20T10:0${n}:00+08:00`, message: `请按时报送（${n}）` });
    const snapshotWith = (urges: unknown[]) => ({ value: 'enforcing', context: { caseId: 'c1', urges } });
    const appended = (before: unknown[], after: unknown[]) => snapshotText(snapshotWith(after), snapshotText(snapshotWith(before)).fields);

    it('extends the previous text by the new items: canonicalJson of the whole, the list and its new items frozen', () => {
      const before = [urge(1), urge(2)];
      const after = [...before, { message: '再次催办', unit: 'justice', at: '2026-09-21T10:00:00+08:00', gone: undefined }, urge(4)];
      const { text, fields } = appended(before, after);
      expect(text).toBe(canonicalJson(snapshotWith(after)));
      expect(fields.get('urges')).toEqual({ value: after, text: canonicalJson(after) });
      expect(Object.isFrozen(after)).toBe(true);
      expect(Object.isFrozen(after[2])).toBe(true);
      expect(after[2]).not.toHaveProperty('gone');
    });

    it('writes an appended undefined as null, in the text and in the list, as JSON does', () => {
      const before = [urge(1)];
      const after: unknown[] = [...before, undefined];
      expect(appended(before, after).text).toBe('{"context":{"caseId":"c1","urges":[' + canonicalJson(urge(1)) + ',null]},"value":"enforcing"}');
      expect(after).toEqual([urge(1), null]);
    });

    it('gives the previous text to a new list of the very same items', () => {
      const before = [urge(1), urge(2)];
      expect(appended(before, [...before]).text).toBe(canonicalJson(snapshotWith(before)));
    });

    it.each([
      ['an item replaced by another', (before: unknown[]) => [before[0], { ...urge(2), message: '改过的' }, urge(3)]],
      ['an item dropped', (before: unknown[]) => [before[1], urge(3)]],
      ['a shorter list', (before: unknown[]) => [before[0]]],
      ['a frozen new list', (before: unknown[]) => Object.freeze([...before, urge(3)]) as unknown[]],
    ])('writes the list again for %s', (_, change) => {
      const before = [urge(1), urge(2)];
      const after = change(before);
      expect(appended(before, after).text).toBe(canonicalJson(snapshotWith(after)));
    });

    it('writes a list again after an empty one, and a value that is not a list after a list', () => {
      expect(appended([], [urge(1)]).text).toBe(canonicalJson(snapshotWith([urge(1)])));
      const first = snapshotText({ value: 'enforcing', context: { caseId: 'c1', urges: [urge(1)] } });
      const next = { value: 'enforcing', context: { caseId: 'c1', urges: { 0: urge(1), 1: urge(2) } } };
      expect(snapshotText(next, first.fields).text).toBe(canonicalJson(next));
      const fromObject = snapshotText({ value: 'enforcing', context: { caseId: 'c1', urges: { 0: urge(1) } } });
      const toList = { value: 'enforcing', context: { caseId: 'c1', urges: [urge(1), urge(2)] } };
      expect(snapshotText(toList, fromObject.fields).text).toBe(canonicalJson(toList));
    });

    // A previous text no write would give (a marker) shows which text came from where.
    const marked = (previous: unknown) => new Map([['urges', { value: previous, text: '["earlier"]' }]]);

    it('takes the earlier items’ text from the previous version, writing only the new ones', () => {
      const before = Object.freeze([Object.freeze(urge(1))]);
      expect(snapshotText(snapshotWith([...before, urge(2)]), marked(before)).text).toBe(`{"context":{"caseId":"c1","urges":["earlier",${canonicalJson(urge(2))}]},"value":"enforcing"}`);
      expect(snapshotText(snapshotWith([...before]), marked(before)).text).toBe('{"context":{"caseId":"c1","urges":["earlier"]},"value":"enforcing"}');
      expect(snapshotText(snapshotWith(before as unknown[]), marked(before)).text).toBe('{"context":{"caseId":"c1","urges":["earlier"]},"value":"enforcing"}');
    });

    it('writes afresh a list whose first items are not the previous ones, or that has fewer', () => {
      const before = Object.freeze([Object.freeze(urge(1))]);
      expect(snapshotText(snapshotWith([urge(1), urge(2)]), marked(before)).text).toBe(canonicalJson(snapshotWith([urge(1), urge(2)])));
      // A list frozen before it was written may keep an undefined item: the shorter list must not take its text.
      const withHole = Object.freeze([before[0], undefined]);
      const shorter = [before[0]];
      expect(snapshotText(snapshotWith(shorter), new Map([['urges', { value: withHole, text: canonicalJson(withHole) }]])).text).toBe(canonicalJson(snapshotWith(shorter)));
    });

    it('refuses an appended item JSON cannot hold', () => {
      const before = [urge(1)];
      expect(() => appended(before, [...before, () => 1])).toThrow(TypeError);
    });
  });
});
