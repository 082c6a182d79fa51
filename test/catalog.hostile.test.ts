import { describe, expect, it } from 'vitest';
import { defineCatalog, isLinkedEnforcementError, siyangCatalog, type CatalogData } from '../src/catalog.js';
import { catalogLimits } from '../catalog/_lib/limits.js';
import { thrown } from './_lib/errors.js';
import { trapProxy } from './_lib/hostile.js';

// Each of these once gave a TypeError or a RangeError, took seconds, or froze the caller's data.

const TEN_MB = 'x'.repeat(10 * 1024 * 1024);

function county(): Record<string, unknown> & { units: Record<string, unknown>[]; items: Record<string, unknown>[] } {
  return {
    name: '某县',
    roles: { commandCenter: 'center', legalReview: 'justice' },
    units: [
      { id: 'center', name: '综合指挥调度中心', kind: 'department' },
      { id: 'justice', name: '司法局', aliases: ['法制审核部门'], kind: 'department' },
      { id: 'market', name: '市场监管局', kind: 'department' },
    ],
    items: [{ no: 1, id: 'food', name: '食品安全联合执法', lead: 'market', cooperating: ['justice'] }],
  };
}

const define = (data: unknown) => defineCatalog(data as CatalogData);

describe('defineCatalog takes only plain data of bounded size', () => {
  it('reports a Uint8Array in aliases as an issue at its path, with the other problems', () => {
    const data = county();
    data.units[1]!.aliases = new Uint8Array([1, 2]);
    data.items[0]!.lead = 'nobody';
    const error = thrown(() => define(data));
    expect(error.code).toBe('INVALID_CATALOG');
    expect(error.issues).toEqual([
      { code: 'invalid_type', path: ['units', 1, 'aliases'], message: expect.stringContaining('got Uint8Array') },
      { code: 'unknown_unit', path: ['items', 0, 'lead', 'unit'], message: 'unit "nobody" is not defined' },
    ]);
  });

  it('reports a getter or a Proxy that throws as unreadable, where it is', () => {
    const data = county();
    Object.defineProperty(data.units[0]!, 'name', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(thrown(() => define(data)).issues).toEqual([{ code: 'unreadable', path: ['units', 0, 'name'], message: 'could not be read (boom)' }]);
    expect(thrown(() => define(trapProxy)).issues).toEqual([{ code: 'unreadable', path: [], message: 'could not be read (trap)' }]);
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    expect(thrown(() => define({ ...county(), roles: revocable.proxy })).issues[0]).toMatchObject({ code: 'unreadable', path: ['roles'] });
  });

  // Builds lists and objects of a million entries: CPU-heavy on a loaded machine.
  it('refuses texts, ids and lists over the limits, naming the limit', { timeout: 60_000 }, () => {
    const long = county();
    long.units[2]!.name = '局'.repeat(catalogLimits.text + 1);
    long.units[2]!.id = 'a'.repeat(catalogLimits.id + 1);
    long.units[1]!.aliases = Array.from({ length: catalogLimits.aliases + 1 }, (_, index) => `别名${index}`);
    expect(thrown(() => define(long)).issues).toEqual(
      expect.arrayContaining([
        { code: 'too_big', path: ['units', 2, 'name'], message: `must be at most ${catalogLimits.text} characters` },
        { code: 'too_big', path: ['units', 2, 'id'], message: `must be at most ${catalogLimits.id} characters` },
        { code: 'too_big', path: ['units', 1, 'aliases'], message: `must have at most ${catalogLimits.aliases} entries` },
      ]),
    );
    const many = { ...county(), items: new Array(1_000_000).fill({ no: 1, id: 'x', name: 'x', lead: 'market', cooperating: [] }) };
    expect(thrown(() => define(many)).issues).toEqual([
      { code: 'too_big', path: ['items'], message: `has 1000000 entries; at most ${catalogLimits.list} are allowed` },
    ]);
    const duty = { ...county(), duties: [{ no: 1, party: '牵头单位', duties: ['责'.repeat(catalogLimits.duty + 1)] }] };
    expect(thrown(() => define(duty)).issues).toEqual([
      { code: 'too_big', path: ['duties', 0, 'duties', 0], message: `must be at most ${catalogLimits.duty} characters` },
    ]);
    const wide = Object.fromEntries(Array.from({ length: 1_000_000 }, (_, index) => [`key${index}`, index]));
    expect(thrown(() => define({ ...county(), roles: wide })).issues).toEqual([
      { code: 'too_big', path: ['roles'], message: `has 1000000 keys; at most ${catalogLimits.list} are allowed` },
    ]);
    expect(thrown(() => define({ ...county(), name: TEN_MB })).context).toEqual({ catalog: 'catalog' });
  });

  it('refuses deep and cyclic nesting without overflowing the stack', { timeout: 60_000 }, () => {
    let deep: unknown = 'bottom';
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    expect(thrown(() => define({ ...county(), items: deep })).issues[0]).toMatchObject({ code: 'too_deep' });
    const cyclic: Record<string, unknown> = county();
    cyclic.roles = cyclic;
    expect(thrown(() => define(cyclic)).issues[0]).toMatchObject({ code: 'too_deep' });
  });

  it('refuses NUL, control characters and lone surrogates in texts', () => {
    for (const name of ['公安\u0000局', '公安局\uD800', '\uDC00公安局', '公安\u001b局']) {
      const data = county();
      data.units[2]!.name = name;
      expect(thrown(() => define(data)).issues, JSON.stringify(name)).toEqual([
        { code: 'custom', path: ['units', 2, 'name'], message: 'must be well-formed text without control characters (NUL, lone surrogates)' },
      ]);
    }
    const paired = county();
    paired.units[2]!.name = '市场监管局😀';
    expect(define(paired).getUnit('市场监管局😀').id).toBe('market');
  });

  it('takes an own "__proto__" key as an unknown key: no prototype changes, nothing polluted', () => {
    const data = JSON.parse(JSON.stringify(county()).replace('{"name":"某县"', '{"__proto__":{"polluted":true},"name":"某县"')) as unknown;
    const catalog = define(data);
    expect(catalog.name).toBe('某县');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(catalog)).toBe(Object.prototype);
  });

  it('leaves the caller’s data as it was, valid or not', () => {
    const valid = county();
    define(valid);
    const invalid = county();
    invalid.units[0]!.aliases = {};
    thrown(() => define(invalid));
    for (const data of [valid, invalid]) {
      expect(Object.isFrozen(data.units)).toBe(false);
      expect(Object.isFrozen(data.units[0])).toBe(false);
      expect(Object.isFrozen(data.items[0]!.cooperating)).toBe(false);
    }
    expect(Object.isFrozen(valid.units[1]!.aliases)).toBe(false);
    expect(Object.isFrozen(invalid.units[0]!.aliases)).toBe(false);
  });
});

/** How many values the copy reads: every object, array and primitive, the root included. */
function valuesIn(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 1;
  return 1 + Object.values(value).reduce<number>((sum, child) => sum + valuesIn(child), 0);
}

/** `count` values (zeros and the arrays holding them) in lists of at most `catalogLimits.list`. */
function padding(count: number): unknown[] {
  const lists: unknown[] = [];
  let left = count - 1;
  while (left > 0) {
    const size = Math.min(catalogLimits.list, left - 1);
    lists.push(new Array(size).fill(0));
    left -= size + 1;
  }
  return lists;
}

describe('defineCatalog’s limits at their edges (README, Limits)', () => {
  it('takes 100,000 values all told and refuses the 100,001st, once, at the root and alone', () => {
    const withValues = (total: number) => {
      const data = { name: '某县', roles: county().roles, extra: [] as unknown[], units: county().units, items: county().items };
      data.extra = padding(total - valuesIn(data) + 1);
      expect(valuesIn(data)).toBe(total);
      return data;
    };
    expect(define(withValues(catalogLimits.values)).name).toBe('某县');
    // The padding comes before the units: a copy cut short leaves no units to cross-reference, and none is checked.
    expect(thrown(() => define(withValues(catalogLimits.values + 1))).issues).toEqual([{ code: 'too_big', path: [], message: 'has more than 100000 values' }]);
    expect(thrown(() => define(withValues(catalogLimits.values + 50))).issues).toEqual([{ code: 'too_big', path: [], message: 'has more than 100000 values' }]);
  });

  it('takes lists and objects of 1,000 entries and refuses 1,001', () => {
    expect(define({ ...county(), extra: new Array(catalogLimits.list).fill(0) }).name).toBe('某县');
    expect(thrown(() => define({ ...county(), extra: new Array(catalogLimits.list + 1).fill(0) })).issues).toEqual([
      { code: 'too_big', path: ['extra'], message: 'has 1001 entries; at most 1000 are allowed' },
    ]);
    const keys = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`key${index}`, index]));
    expect(define({ ...county(), extra: keys(catalogLimits.list) }).name).toBe('某县');
    expect(thrown(() => define({ ...county(), extra: keys(catalogLimits.list + 1) })).issues).toEqual([
      { code: 'too_big', path: ['extra'], message: 'has 1001 keys; at most 1000 are allowed' },
    ]);
  });

  it('takes nesting 8 levels deep and refuses a 9th, naming where', () => {
    const nested = (levels: number): unknown => (levels === 1 ? ['x'] : [nested(levels - 1)]);
    // The root is the first level, `extra` the second.
    expect(define({ ...county(), extra: nested(catalogLimits.depth - 1) }).name).toBe('某县');
    expect(thrown(() => define({ ...county(), extra: nested(catalogLimits.depth) })).issues).toEqual([
      { code: 'too_deep', path: ['extra', 0, 0, 0, 0, 0, 0, 0], message: 'is nested more than 8 levels deep' },
    ]);
  });

  it('copies null and undefined as they are, for the schema to judge', () => {
    expect(define({ ...county(), duties: undefined, extra: null }).name).toBe('某县');
    const data = county();
    data.units[1]!.aliases = null;
    expect(thrown(() => define(data)).issues).toEqual([{ code: 'invalid_type', path: ['units', 1, 'aliases'], message: expect.stringContaining('expected array') }]);
  });

  it('drops only the schema’s complaints about what could not be read, and keeps those elsewhere', () => {
    const data = county();
    Object.defineProperty(data.units[0]!, 'name', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    data.items[0]!.no = -1;
    data.name = '';
    expect(thrown(() => define(data)).issues).toEqual([
      { code: 'unreadable', path: ['units', 0, 'name'], message: 'could not be read (boom)' },
      { code: 'too_small', path: ['name'], message: 'must not be empty' },
      { code: 'too_small', path: ['items', 0, 'no'], message: expect.any(String) },
    ]);
  });

  it('reports a unit that is not an object where it is, without failing on it', () => {
    const data = county();
    data.units.unshift(null as never);
    const error = thrown(() => define(data));
    expect(error.code).toBe('INVALID_CATALOG');
    expect(error.issues).toEqual([{ code: 'invalid_type', path: ['units', 0], message: expect.stringContaining('expected object') }]);
  });
});

describe('catalog queries refuse oversized and unreadable arguments with INVALID_INPUT', () => {
  it('names the argument and the limit for a 10 MB string', () => {
    const calls: [string, () => unknown][] = [
      ['unit', () => siyangCatalog.getUnit(TEN_MB as never)],
      ['text', () => siyangCatalog.findUnit(TEN_MB)],
      ['unit', () => siyangCatalog.itemsLedBy(TEN_MB as never)],
      ['unit', () => siyangCatalog.itemsInvolving(TEN_MB as never)],
      ['text', () => siyangCatalog.search(TEN_MB)],
      ['locality', () => siyangCatalog.locality(TEN_MB)],
      ['locality', () => siyangCatalog.locality({ name: TEN_MB, kind: 'township' })],
      ['options', () => siyangCatalog.participants(16, { locality: TEN_MB })],
      ['ref', () => siyangCatalog.label(TEN_MB as never)],
      ['ref', () => siyangCatalog.label({ unit: 'publicity', as: TEN_MB })],
    ];
    for (const [argument, call] of calls) {
      const error = thrown(call);
      expect(error.code, argument).toBe('INVALID_INPUT');
      expect(error.context.argument).toBe(argument);
      expect(error.message).toMatch(/at most (100|200) characters/);
      expect(error.message.length).toBeLessThan(1000);
    }
  });

  it('answers long chains of county names and parentheses without exploding', () => {
    expect(siyangCatalog.findUnit(`${'县'.repeat(150)}公安局`)?.id).toBe('public-security');
    expect(siyangCatalog.findUnit(`${'泗阳县'.repeat(60)}公安局`)?.id).toBe('public-security');
    expect(siyangCatalog.findUnit(`${'县(县('.repeat(20)}公安局${'))'.repeat(20)}`)).toBeUndefined();
    expect(siyangCatalog.findUnit(`${'('.repeat(100)}${')'.repeat(100)}`)).toBeUndefined();
  });

  it('reports arguments that throw when read as unreadable', () => {
    const withThrowingName = {
      kind: 'township',
      get name(): string {
        throw new Error('boom');
      },
    };
    const calls: [string, () => unknown][] = [
      ['no', () => siyangCatalog.getItem(trapProxy as never)],
      ['unit', () => siyangCatalog.getUnit(trapProxy as never)],
      ['text', () => siyangCatalog.search(trapProxy as never)],
      ['locality', () => siyangCatalog.locality(withThrowingName as never)],
      ['options', () => siyangCatalog.participants(16, trapProxy as never)],
      ['ref', () => siyangCatalog.label(trapProxy as never)],
    ];
    for (const [argument, call] of calls) {
      const error = thrown(call);
      expect(error).toMatchObject({ code: 'INVALID_INPUT', context: { argument } });
      expect(error.issues[0]?.code, argument).toBe('unreadable');
    }
  });

  it('refuses a locality that could not be stored: NUL, lone surrogates', () => {
    for (const locality of ['王集\u0000镇', '王集镇\uD800', { name: '王集镇', kind: 'township', id: 'a\u0000' }] as const) {
      expect(thrown(() => siyangCatalog.locality(locality)).code).toBe('INVALID_INPUT');
    }
  });
});

describe('isLinkedEnforcementError never throws', () => {
  it('says false for Proxies and getters that throw', () => {
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    const throwingName = Object.defineProperty({}, 'name', {
      get() {
        throw new Error('boom');
      },
    });
    for (const value of [trapProxy, revocable.proxy, throwingName]) expect(isLinkedEnforcementError(value)).toBe(false);
  });
});
