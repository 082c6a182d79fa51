import { describe, expectTypeOf, it } from 'vitest';
import { defineCatalog, siyangCatalog, type SiyangItemNo, type SiyangUnitId, type Unit } from '../src/catalog.js';

describe('catalog types', () => {
  it('has literal item numbers 1–39 and unit ids', () => {
    expectTypeOf<SiyangItemNo>().toEqualTypeOf<
      1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19 | 20 | 21 | 22 | 23 | 24 | 25 | 26 | 27 | 28 | 29 | 30 | 31 | 32 | 33 | 34 | 35 | 36 | 37 | 38 | 39
    >();
    expectTypeOf<'market-regulation'>().toExtend<SiyangUnitId>();
    expectTypeOf<'tax-bureau'>().not.toExtend<SiyangUnitId>();
    expectTypeOf(siyangCatalog.getUnit('民宗局')).toEqualTypeOf<Unit<SiyangUnitId>>();
    expectTypeOf(siyangCatalog.searchItems('燃气').items[0]!.no).toEqualTypeOf<SiyangItemNo>();
    expectTypeOf(siyangCatalog.searchItems('燃气').match).toEqualTypeOf<'all' | 'closest'>();
  });

  it('refuses unknown item numbers and unit keys at compile time', () => {
    // @ts-expect-error item 40 does not exist
    siyangCatalog.getItem(40);
    // @ts-expect-error no such unit
    siyangCatalog.getUnit('税务局');
    // @ts-expect-error no such unit id
    siyangCatalog.label({ unit: 'tax-bureau' });
    // @ts-expect-error 网信办 is 宣传部's capacity, not a separate unit id
    siyangCatalog.itemsLedBy('wangxinban');
    siyangCatalog.getUnit('统战部（民宗局）');
    siyangCatalog.getUnit('宣传部（网信办）');
    siyangCatalog.participants(16, { locality: '众兴街道' });
  });

  it('types another county by its own data', () => {
    const other = defineCatalog({
      name: '某县',
      roles: { commandCenter: 'center', legalReview: 'center' },
      units: [{ id: 'center', name: '中心', kind: 'department' }],
      items: [{ no: 7, id: 'x', name: '事项', lead: 'center', cooperating: [] }],
    });
    expectTypeOf(other.getItem).parameter(0).toEqualTypeOf<7>();
    // @ts-expect-error only item 7 exists
    other.getItem(1);
  });
});
