import { describe, expect, it } from 'vitest';
import { defineCatalog, isLinkedEnforcementError, siyangCatalog, type CatalogData } from '../src/catalog.js';
import { LinkedEnforcementError } from '../src/errors.js';
import { seedDuties, seedItems } from './_seed.js';
import { codeOf, thrown } from './_lib/errors.js';

const catalog = siyangCatalog;

describe('transcription of 附件3 (高频事项清单)', () => {
  const rows = seedItems();

  it('reads all 39 rows of the seed', () => {
    expect(rows.map((row) => row.no)).toEqual(Array.from({ length: 39 }, (_, i) => i + 1));
    expect(catalog.items).toHaveLength(39);
  });

  it.each(rows)('item $no: name, lead and cooperating units equal the seed character for character', (row) => {
    const item = catalog.getItem(row.no as never);
    expect(item.name).toBe(row.name);
    expect(catalog.label(item.lead)).toBe(row.lead);
    const cooperating = item.cooperating.map((ref) => catalog.label(ref)).join('、') + (item.openEnded ? '等' : '');
    expect(cooperating).toBe(row.cooperating);
  });

  it('marks only item 17 as open-ended (等)', () => {
    expect(catalog.items.filter((item) => item.openEnded).map((item) => item.no)).toEqual([17]);
  });

  it('records the capacities the seed gives in parentheses', () => {
    expect(catalog.getItem(21).lead).toEqual({ unit: 'united-front', as: '民宗局' });
    expect(catalog.getItem(22).lead).toEqual({ unit: 'united-front', as: '民宗局' });
    expect(catalog.getItem(38).lead).toEqual({ unit: 'natural-resources-planning', as: '林业局' });
    expect(catalog.getItem(28).cooperating[0]).toEqual({ unit: 'publicity', as: '新闻出版局' });
    expect(catalog.getItem(38).cooperating.at(-1)).toEqual({ unit: 'publicity', as: '网信办' });
  });
});

describe('transcription of 附件2 (主体职责清单)', () => {
  it('has the five parties with their duties, exact text', () => {
    const rows = seedDuties();
    expect(rows).toHaveLength(5);
    expect(catalog.duties.map((party) => party.party)).toEqual(rows.map((row) => row.party));
    for (const [index, party] of catalog.duties.entries()) {
      const text = party.duties.length === 1 ? party.duties[0] : party.duties.map((duty, i) => `${i + 1}.${duty}`).join('\n');
      expect(text).toBe(rows[index]!.text);
    }
  });

  it('links the single-unit parties to their units', () => {
    expect(catalog.duties.find((party) => party.party === '司法局')?.unit).toBe('justice');
    expect(catalog.duties.find((party) => party.party === '综合指挥调度中心')?.unit).toBe('command-center');
    expect(catalog.duties[0]!.duties[5]).toBe('负责在执法工作结束后5个工作日内，将执法结果上传至县综合指挥调度平台；');
  });
});

describe('units', () => {
  it('keeps every released unit id (ids are persisted in stored cases)', () => {
    expect(catalog.units.map((unit) => unit.id)).toEqual([
      'command-center', 'justice', 'market-regulation', 'agriculture-rural', 'urban-management', 'transport',
      'housing-construction', 'united-front', 'education', 'human-resources-social-security', 'culture-tourism',
      'commerce', 'health', 'water-resources', 'civil-affairs', 'industry-information', 'development-reform',
      'public-security', 'emergency-management', 'ecology-environment', 'natural-resources-planning', 'fire-rescue',
      'peoples-bank', 'supply-marketing-cooperative', 'publicity', 'procuratorate', 'court', 'meteorology',
      'power-supply', 'zhongxing-subdistrict', 'local-subdistrict', 'local-township-or-subdistrict',
    ]);
  });

  it('names every unit the seed mentions, and nothing it does not', () => {
    const mentioned = new Set<string>(['综合指挥调度中心', '司法局']);
    for (const row of seedItems()) {
      for (const label of [row.lead, ...row.cooperating.replace(/等$/, '').split('、')]) {
        mentioned.add(label.replace(/（(?!街道).*）$/, ''));
      }
    }
    expect(new Set(catalog.units.map((unit) => unit.name))).toEqual(mentioned);
  });

  it('classifies kinds', () => {
    const kind = (key: Parameters<typeof catalog.getUnit>[0]) => catalog.getUnit(key).kind;
    expect(kind('市场监管局')).toBe('department');
    expect(kind('统战部')).toBe('partyOrgan');
    expect(kind('宣传部')).toBe('partyOrgan');
    expect(kind('法院')).toBe('judicialOrgan');
    expect(kind('检察院')).toBe('judicialOrgan');
    expect(kind('供电公司')).toBe('enterprise');
    expect(kind('众兴街道')).toBe('subDistrict');
    expect(kind('属地街道')).toBe('locality');
    expect(kind('属地乡镇（街道）')).toBe('locality');
  });

  it('finds each unit by its full official name and every capacity the seed gives it', () => {
    // Applicants and notices write a unit's full name (市场监督管理局) or the capacity it acts in
    // (民宗局, 林业局, 网信办, 新闻出版局): each must reach the one unit the seed means.
    const aliases: Record<string, readonly string[]> = {
      justice: ['法制审核部门'],
      'market-regulation': ['市场监督管理局'],
      'urban-management': ['城市管理局'],
      transport: ['交通运输局'],
      'housing-construction': ['住房和城乡建设局'],
      'united-front': ['民宗局', '民族宗教事务局'],
      'human-resources-social-security': ['人力资源和社会保障局'],
      'culture-tourism': ['文化广电和旅游局'],
      health: ['卫生健康局'],
      'industry-information': ['工业和信息化局'],
      'development-reform': ['发展和改革局'],
      'natural-resources-planning': ['自然资源和规划局', '林业局'],
      'peoples-bank': ['中国人民银行'],
      'supply-marketing-cooperative': ['供销合作总社'],
      publicity: ['网信办', '新闻出版局'],
      procuratorate: ['人民检察院'],
      court: ['人民法院'],
    };
    for (const unit of catalog.units) {
      expect(unit.aliases, unit.id).toEqual(aliases[unit.id] ?? []);
      for (const alias of unit.aliases) expect(catalog.findUnit(alias)?.id, alias).toBe(unit.id);
    }
    const kinds: Record<string, number> = {};
    for (const unit of catalog.units) kinds[unit.kind] = (kinds[unit.kind] ?? 0) + 1;
    expect(kinds).toEqual({
      department: 24, partyOrgan: 2, judicialOrgan: 2, enterprise: 1, subDistrict: 1, locality: 2,
    });
  });

  it('marks the bodies stationed in the county under vertical management (垂直管理), and only those', () => {
    expect(catalog.units.filter((unit) => unit.verticallyManaged === true).map((unit) => unit.name)).toEqual(['消防救援大队', '人民银行', '气象局']);
    expect(catalog.getUnit('市场监管局')).not.toHaveProperty('verticallyManaged');
    const units = [
      { id: 'center', name: '综合指挥调度中心', kind: 'department' },
      { id: 'justice', name: '司法局', kind: 'department' },
      { id: 'power', name: '供电公司', kind: 'enterprise', verticallyManaged: true },
    ] as const;
    expect(codeOf(() => defineCatalog({ name: '某县', roles: { commandCenter: 'center', legalReview: 'justice' }, units, items: [] }))).toBe('INVALID_CATALOG');
  });

  it('keeps verticallyManaged on a department of another county’s catalog, and refuses it on anything else, where it is', () => {
    const roles = { commandCenter: 'center', legalReview: 'justice' };
    const units = [
      { id: 'center', name: '综合指挥调度中心', kind: 'department' },
      { id: 'justice', name: '司法局', kind: 'department' },
      { id: 'bank', name: '人民银行', kind: 'department', verticallyManaged: true },
      { id: 'market', name: '市场监管局', kind: 'department', verticallyManaged: false },
    ] as const;
    const other = defineCatalog({ name: '某县', roles, units, items: [] });
    expect(other.getUnit('bank')).toStrictEqual({ id: 'bank', name: '人民银行', aliases: [], kind: 'department', verticallyManaged: true });
    expect(other.getUnit('market')).toStrictEqual({ id: 'market', name: '市场监管局', aliases: [], kind: 'department' });
    for (const kind of ['partyOrgan', 'enterprise', 'township'] as const) {
      const error = thrown(() => defineCatalog({ name: '某县', roles, units: [...units, { id: 'other', name: '其他单位', kind, verticallyManaged: true }], items: [] }));
      expect(error.issues, kind).toEqual([{ code: 'invalid_field', path: ['units', 4, 'verticallyManaged'], message: 'only a department is vertically managed (垂直管理)' }]);
    }
  });

  it('finds a unit by id, name, alias and capacity label', () => {
    for (const key of ['united-front', '统战部', '民宗局', '统战部（民宗局）'] as const) {
      expect(catalog.getUnit(key).id).toBe('united-front');
    }
    for (const text of ['统战部(民宗局)', ' 统战部 ', '泗阳县统战部', '县民宗局']) {
      expect(catalog.findUnit(text)?.id).toBe('united-front');
    }
    expect(catalog.getUnit('宣传部（网信办）').id).toBe('publicity');
    expect(catalog.getUnit('资规局（林业局）').id).toBe('natural-resources-planning');
    expect(catalog.findUnit('泗阳县公安局')?.id).toBe('public-security');
    expect(catalog.findUnit('县综合指挥调度中心')?.id).toBe('command-center');
    expect(catalog.findUnit('县法制审核部门')?.id).toBe('justice');
    expect(catalog.findUnit('消防救援\n大队')?.id).toBe('fire-rescue');
    expect(catalog.findUnit('税务局')).toBeUndefined();
  });

  it('rejects a capacity label that mixes two units', () => {
    expect(thrown(() => catalog.getUnit('统战部（网信办）' as never)).code).toBe('UNKNOWN_UNIT');
  });

  it('throws UNKNOWN_UNIT naming the unknown unit', () => {
    const error = thrown(() => catalog.getUnit('税务局' as never));
    expect(error.code).toBe('UNKNOWN_UNIT');
    expect(error.context.unit).toBe('税务局');
    expect(error.message).toContain('税务局');
  });

  it('throws INVALID_INPUT for a key that is not a non-empty string', () => {
    for (const bad of ['', '   ', 42, null, undefined, {}]) {
      const error = thrown(() => catalog.getUnit(bad as never));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.context.argument).toBe('unit');
    }
    expect(thrown(() => catalog.findUnit(7 as never)).code).toBe('INVALID_INPUT');
  });
});

describe('getItem', () => {
  it('returns the item with that number', () => {
    expect(catalog.getItem(1).name).toBe('农贸市场安全方面的综合执法');
    expect(catalog.getItem(39).lead).toEqual({ unit: 'fire-rescue' });
  });

  it('throws UNKNOWN_ITEM for a number not in the list', () => {
    const error = thrown(() => catalog.getItem(40 as never));
    expect(error.code).toBe('UNKNOWN_ITEM');
    expect(error.context.no).toBe(40);
    expect(error.message).toContain('1–39');
  });

  it('throws INVALID_INPUT for a number that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, '1', null]) {
      const error = thrown(() => catalog.getItem(bad as never));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.context.argument).toBe('no');
    }
  });

  it('returns frozen data', () => {
    const item = catalog.getItem(1);
    expect(Object.isFrozen(item)).toBe(true);
    expect(Object.isFrozen(item.cooperating)).toBe(true);
    expect(Object.isFrozen(catalog.items)).toBe(true);
    expect(() => (item.cooperating as unknown as string[]).push('x')).toThrow(TypeError);
  });
});

describe('itemsLedBy and itemsInvolving', () => {
  const numbers = (items: readonly { no: number }[]) => items.map((item) => item.no);

  it('lists the items a unit leads', () => {
    expect(numbers(catalog.itemsLedBy('市场监管局'))).toEqual([1, 2, 3, 4, 5]);
    expect(numbers(catalog.itemsLedBy('民宗局'))).toEqual([21, 22]);
    expect(numbers(catalog.itemsLedBy('natural-resources-planning'))).toEqual([38]);
    expect(numbers(catalog.itemsLedBy('法院'))).toEqual([]);
  });

  it('lists the items a unit leads or cooperates on', () => {
    expect(numbers(catalog.itemsInvolving('司法局'))).toEqual([21]);
    expect(numbers(catalog.itemsInvolving('供电公司'))).toEqual([16, 34]);
    expect(numbers(catalog.itemsInvolving('宣传部'))).toEqual([21, 28, 38]);
    expect(numbers(catalog.itemsInvolving('消防救援大队'))).toEqual([1, 13, 19, 20, 22, 24, 27, 29, 32, 33, 35, 36, 39]);
  });

  it('agrees with the seed for every unit', () => {
    for (const unit of catalog.units) {
      const expected = seedItems()
        .filter((row) => [row.lead, ...row.cooperating.replace(/等$/, '').split('、')].some((label) => catalog.findUnit(label)?.id === unit.id))
        .map((row) => row.no);
      expect(numbers(catalog.itemsInvolving(unit.id))).toEqual(expected);
    }
  });

  it('validates the unit', () => {
    expect(thrown(() => catalog.itemsLedBy('税务局' as never)).code).toBe('UNKNOWN_UNIT');
    expect(thrown(() => catalog.itemsInvolving(3 as never)).code).toBe('INVALID_INPUT');
  });
});

describe('search', () => {
  const numbers = (text: string) => catalog.search(text).map((item) => item.no);

  it('finds the items whose name contains every word, best fit first', () => {
    expect(numbers('燃气 安全')).toEqual([19]);
    expect(numbers('洪泽湖')).toEqual([10, 31]);
    expect(numbers('市场安全')).toEqual([1, 20, 4]);
    expect(numbers('扫黄打非')).toEqual([28]);
  });

  it('falls back to the longest shared run when no name contains a word whole', () => {
    expect(numbers('学校食堂执法')[0]).toBe(2);
    expect(numbers('宗教场所')[0]).toBe(22);
  });

  it('returns nothing when nothing matches', () => {
    expect(numbers('税收')).toEqual([]);
  });

  it('says with searchItems whether every word matched or only the closest items came back', () => {
    expect(catalog.searchItems('燃气 安全')).toEqual({ items: [catalog.getItem(19)], match: 'all' });
    const closest = catalog.searchItems('燃气安全 农贸');
    expect(closest.match).toBe('closest');
    expect(closest.items.length).toBeGreaterThan(1);
    expect(closest.items).toEqual(catalog.search('燃气安全 农贸'));
    for (const item of closest.items) expect(item.name.includes('燃气安全') && item.name.includes('农贸')).toBe(false);
    expect(catalog.searchItems('税收')).toEqual({ items: [], match: 'closest' });
    expect(thrown(() => catalog.searchItems('  ')).code).toBe('INVALID_INPUT');
  });

  it('splits words at spaces and at Chinese and Western punctuation', () => {
    for (const text of ['燃气 安全', '燃气，安全', '燃气、安全', '燃气;安全', '燃气；安全', '燃气。安全', '燃气.安全', '燃气,安全', '燃气\n安全', '燃气  ，安全']) {
      expect(catalog.searchItems(text), JSON.stringify(text)).toEqual({ items: [catalog.getItem(19)], match: 'all' });
    }
  });

  it('rejects empty text', () => {
    expect(thrown(() => catalog.search('  ')).code).toBe('INVALID_INPUT');
    expect(thrown(() => catalog.search(undefined as never)).code).toBe('INVALID_INPUT');
  });
});

describe('participants', () => {
  it('gives item 1 its eight units', () => {
    const result = catalog.participants(1);
    expect(result.lead.label).toBe('市场监管局');
    expect(result.cooperating.map((p) => p.label)).toEqual(['消防救援大队', '公安局', '应急管理局', '城管局', '卫健局', '农业农村局', '商务局']);
    expect(result.cooperating).toHaveLength(7);
  });

  it('keeps capacities', () => {
    const result = catalog.participants(21);
    expect(result.lead).toMatchObject({ unit: { id: 'united-front' }, as: '民宗局', label: '统战部（民宗局）' });
  });

  it('requires a locality for an item naming 属地…', () => {
    for (const no of [11, 16, 19, 20] as const) {
      const error = thrown(() => catalog.participants(no));
      expect(error.code).toBe('LOCALITY_REQUIRED');
      expect(error.context.no).toBe(no);
    }
    expect(thrown(() => catalog.participants(11)).context.placeholder).toBe('属地街道');
    expect(thrown(() => catalog.participants(16)).context.placeholder).toBe('属地乡镇（街道）');
  });

  it('resolves the placeholder to a known sub-district', () => {
    const result = catalog.participants(11, { locality: '众兴街道' });
    expect(result.cooperating.at(-1)).toMatchObject({ unit: { id: 'zhongxing-subdistrict', kind: 'subDistrict' }, label: '众兴街道', placeholder: '属地街道' });
  });

  it('resolves the placeholder to a township given by name or as an object', () => {
    const byName = catalog.participants(16, { locality: '王集镇' });
    expect(byName.cooperating.at(-1)).toMatchObject({ unit: { id: 'locality:王集镇', name: '王集镇', kind: 'township' }, placeholder: '属地乡镇（街道）' });
    const byObject = catalog.participants(20, { locality: { id: 'wangji', name: '王集镇', kind: 'township' } });
    expect(byObject.cooperating.at(-1)?.unit.id).toBe('wangji');
    expect(byObject.cooperating.map((p) => p.label)).not.toContain('属地乡镇（街道）');
  });

  it('refuses a township where the seed says 属地街道, and a non-locality', () => {
    const township = thrown(() => catalog.participants(11, { locality: '王集镇' }));
    expect(township.code).toBe('INVALID_INPUT');
    expect(township.context.argument).toBe('options.locality');
    expect(thrown(() => catalog.participants(16, { locality: '公安局' })).code).toBe('INVALID_INPUT');
    expect(thrown(() => catalog.participants(16, { locality: 'somewhere' })).code).toBe('INVALID_INPUT');
    expect(thrown(() => catalog.participants(16, { locality: '' })).code).toBe('INVALID_INPUT');
  });

  it('ignores a locality the item does not need', () => {
    expect(catalog.participants(2, { locality: '众兴街道' }).cooperating.map((p) => p.label)).toEqual(['教育局']);
  });

  it('validates its arguments', () => {
    expect(thrown(() => catalog.participants(40 as never)).code).toBe('UNKNOWN_ITEM');
    expect(thrown(() => catalog.participants(1, 'x' as never)).context.argument).toBe('options');
  });
});

describe('label', () => {
  it('writes the seed text of a reference', () => {
    expect(catalog.label('fire-rescue')).toBe('消防救援大队');
    expect(catalog.label({ unit: 'publicity', as: '网信办' })).toBe('宣传部（网信办）');
  });

  it('validates the reference', () => {
    expect(thrown(() => catalog.label('nope' as never)).code).toBe('UNKNOWN_UNIT');
    expect(thrown(() => catalog.label(5 as never)).code).toBe('INVALID_INPUT');
  });
});

describe('defineCatalog', () => {
  const valid = {
    name: '某县',
    roles: { commandCenter: 'center', legalReview: 'justice' },
    units: [
      { id: 'center', name: '综合指挥调度中心', kind: 'department' },
      { id: 'justice', name: '司法局', kind: 'department' },
      { id: 'police', name: '公安局', kind: 'department' },
      { id: 'market', name: '市场监管局', aliases: ['市场监督管理局'], kind: 'department' },
    ],
    items: [{ no: 1, id: 'food', name: '食品安全联合执法', lead: 'market', cooperating: ['police'] }],
  } satisfies CatalogData;

  it('builds a working catalog for another county', () => {
    const other = defineCatalog(valid);
    expect(other.getUnit('市场监督管理局').id).toBe('market');
    expect(other.participants(1).cooperating.map((p) => p.label)).toEqual(['公安局']);
    expect(other.duties).toEqual([]);
    expect(other.findUnit('某县公安局')?.id).toBe('police');
  });

  it('reports every cross-reference problem at once', () => {
    const error = thrown(() =>
      defineCatalog({
        ...valid,
        roles: { commandCenter: 'center', legalReview: 'nobody' },
        units: [...valid.units, { id: 'police', name: '警察局', kind: 'department' }, { id: 'other', name: '公安局', kind: 'department' }],
        items: [
          { no: 1, id: 'food', name: '食品', lead: 'market', cooperating: ['market', 'police', 'police'] },
          { no: 1, id: 'food', name: '药品', lead: 'ghost', cooperating: [{ unit: 'police', as: '网信办' }] },
        ],
      }),
    );
    expect(error.code).toBe('INVALID_CATALOG');
    expect(error.issues.map((issue) => issue.code).sort()).toEqual(
      ['ambiguous_name', 'duplicate_cooperating', 'duplicate_id', 'duplicate_id', 'duplicate_number', 'lead_also_cooperating', 'unknown_capacity', 'unknown_unit', 'unknown_unit'].sort(),
    );
    expect(error.issues.find((issue) => issue.code === 'lead_also_cooperating')?.path).toEqual(['items', 0, 'cooperating', 0]);
    expect(error.issues.find((issue) => issue.message.includes('ghost'))?.path).toEqual(['items', 1, 'lead', 'unit']);
  });

  it('reports malformed fields and empty names with their paths', () => {
    const error = thrown(() =>
      defineCatalog({
        ...valid,
        units: [{ id: 'Center!', name: ' ', kind: 'ministry' }],
        items: [{ no: 0, id: 'x', name: '', lead: 'center', cooperating: [] }],
      } as never),
    );
    expect(error.code).toBe('INVALID_CATALOG');
    const paths = error.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['units.0.id', 'units.0.name', 'units.0.kind', 'items.0.no', 'items.0.name']));
  });

  it('rejects data that is not an object', () => {
    expect(thrown(() => defineCatalog(null as never)).code).toBe('INVALID_CATALOG');
  });

  it('builds Siyang by the same function', () => {
    expect(defineCatalog({ ...valid }).roles).toEqual({ commandCenter: 'center', legalReview: 'justice' });
    expect(siyangCatalog.roles).toEqual({ commandCenter: 'command-center', legalReview: 'justice' });
  });
});

describe('errors', () => {
  it('recognises errors by name and code, across realms', () => {
    const error = thrown(() => catalog.getItem(40 as never));
    expect(error).toBeInstanceOf(LinkedEnforcementError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('LinkedEnforcementError');
    expect(isLinkedEnforcementError(error, 'UNKNOWN_ITEM')).toBe(true);
    expect(isLinkedEnforcementError(error, 'UNKNOWN_UNIT')).toBe(false);
    expect(isLinkedEnforcementError({ name: 'LinkedEnforcementError', code: 'UNKNOWN_ITEM' })).toBe(true);
    expect(isLinkedEnforcementError({ name: 'LinkedEnforcementError', code: 'SOMETHING_ELSE' })).toBe(false);
    expect(isLinkedEnforcementError(new Error('x'))).toBe(false);
    expect(isLinkedEnforcementError(null)).toBe(false);
  });

  it('freezes its context and issues', () => {
    const error = thrown(() => catalog.getUnit('' as never));
    expect(Object.isFrozen(error.context)).toBe(true);
    expect(Object.isFrozen(error.issues)).toBe(true);
    expect(error.issues[0]?.path).toEqual(['unit']);
  });
});

describe('review fixes: localities and malformed catalogs', () => {
  it('gives one place one id, with or without the county in front', () => {
    expect(catalog.locality('泗阳县王集镇').id).toBe('locality:王集镇');
    expect(catalog.locality('王集镇').id).toBe('locality:王集镇');
    expect(catalog.locality('泗阳县众兴街道').id).toBe('zhongxing-subdistrict');
  });

  it('refuses a bare suffix, a kind that contradicts the name, and a unit that is no locality', () => {
    expect(thrown(() => catalog.locality('街道')).code).toBe('INVALID_INPUT');
    expect(thrown(() => catalog.locality({ name: '王集镇', kind: 'subDistrict' })).code).toBe('INVALID_INPUT');
    expect(thrown(() => catalog.locality('公安局')).code).toBe('INVALID_INPUT');
    expect(thrown(() => catalog.participants(11, { locality: { name: '王集镇', kind: 'subDistrict' } })).context.argument).toBe('options.locality');
    expect(catalog.locality({ name: '洋河新区', kind: 'township' })).toMatchObject({ id: 'locality:洋河新区', kind: 'township' });
  });

  it('reports cross-reference problems together with malformed fields', () => {
    const error = thrown(() =>
      defineCatalog({
        name: '某县',
        roles: { commandCenter: 'c', legalReview: 'c' },
        units: [{ id: 'c', name: '中心', kind: 'department' }],
        items: [
          { no: 1, id: 'a', name: '', lead: 'c', cooperating: ['c'] },
          { no: 2, id: 'b', name: '事项', lead: 'ghost', cooperating: [] },
        ],
      }),
    );
    expect(error.issues.map((issue) => `${issue.path.join('.')} ${issue.code}`).sort()).toEqual(
      ['items.0.cooperating.0 lead_also_cooperating', 'items.0.name too_small', 'items.1.lead.unit unknown_unit'].sort(),
    );
  });
});

/**
 * A catalog built inside each test, so that everything defineCatalog sets up (its look-ups, its
 * closures) is built while the test runs; the same queries as Siyang's, on a small county.
 */
describe('a catalog built by defineCatalog', () => {
  const county = () =>
    defineCatalog({
      name: '某县',
      roles: { commandCenter: 'center', legalReview: 'justice' },
      units: [
        { id: 'center', name: '综合指挥调度中心', kind: 'department' },
        { id: 'justice', name: '司法局', kind: 'department' },
        { id: 'police', name: '公安局', aliases: ['公 安 局'], kind: 'department' },
        { id: 'market', name: '市场监管局', aliases: ['市场监督管理局'], kind: 'department' },
        { id: 'front', name: '统战部', aliases: ['民宗局'], kind: 'partyOrgan' },
        { id: 'town', name: '东镇', kind: 'township' },
        { id: 'street', name: '中街道', kind: 'subDistrict' },
        { id: 'local-street', name: '属地街道', kind: 'locality', resolvesTo: ['subDistrict'] },
        { id: 'local-any', name: '属地乡镇（街道）', kind: 'locality' },
      ],
      items: [
        { no: 3, id: 'temple', name: '宗教场所安全检查', lead: { unit: 'front', as: '民宗局' }, cooperating: ['police', 'local-any'] },
        { no: 1, id: 'food', name: '食品安全联合执法', lead: 'market', cooperating: ['police', { unit: 'front', as: '民宗局' }], openEnded: true },
        { no: 2, id: 'street-food', name: '街道食品摊点执法', lead: 'market', cooperating: ['street', 'local-street'] },
        { no: 4, id: 'town-fair', name: '集镇秩序整治', lead: 'town', cooperating: ['street', 'local-any'] },
      ],
      duties: [
        { no: 1, party: '司法局', unit: 'justice', duties: ['法制审核'] },
        { no: 2, party: '牵头单位', role: 'lead', duties: ['组织实施'] },
      ],
    });

  it('orders items by number, keeps openEnded (false unless given) and references as written', () => {
    const catalog = county();
    expect(catalog.items.map((item) => [item.no, item.openEnded])).toEqual([[1, true], [2, false], [3, false], [4, false]]);
    expect(catalog.getItem(1).cooperating).toStrictEqual([{ unit: 'police' }, { unit: 'front', as: '民宗局' }]);
    expect(catalog.getItem(3).lead).toEqual({ unit: 'front', as: '民宗局' });
    expect(catalog.units.find((unit) => unit.id === 'town')!.aliases).toEqual([]);
    expect(catalog.duties).toEqual([
      { no: 1, party: '司法局', unit: 'justice', duties: ['法制审核'] },
      { no: 2, party: '牵头单位', role: 'lead', duties: ['组织实施'] },
    ]);
    expect(Object.isFrozen(catalog.duties[0]!.duties)).toBe(true);
  });

  it('finds units with the county name or 县 in front, and by capacity label', () => {
    const catalog = county();
    expect(catalog.findUnit('某县公安局')?.id).toBe('police');
    expect(catalog.findUnit('县公安局')?.id).toBe('police');
    expect(catalog.findUnit('县')).toBeUndefined();
    expect(catalog.findUnit('乙县公安局')).toBeUndefined();
    expect(catalog.findUnit('某县县公安局')?.id).toBe('police');
    expect(catalog.findUnit('某县')).toBeUndefined();
    expect(catalog.findUnit('统战部（民宗局）')?.id).toBe('front');
    expect(catalog.findUnit('公安局（民宗局）')).toBeUndefined();
    expect(catalog.findUnit('某县统战部(民宗局)')?.id).toBe('front');
    // A capacity label needs both parts to name the one unit: neither may be unknown.
    expect(catalog.findUnit('无名（民宗局）')).toBeUndefined();
    expect(catalog.findUnit('统战部（无名）')).toBeUndefined();
    expect(catalog.findUnit('无名（无名）')).toBeUndefined();
  });

  it('tries each county prefix in turn: in a county named 县城, 县城管局 is its 城管局', () => {
    const catalog = defineCatalog({
      name: '县城',
      roles: { commandCenter: 'center', legalReview: 'center' },
      units: [{ id: 'center', name: '中心', kind: 'department' }, { id: 'urban', name: '城管局', kind: 'department' }],
      items: [],
    });
    expect(catalog.findUnit('县城管局')?.id).toBe('urban');
    expect(catalog.findUnit('县城城管局')?.id).toBe('urban');
  });

  it('lists the items a unit leads and those it takes part in', () => {
    const catalog = county();
    expect(catalog.itemsLedBy('市场监督管理局').map((item) => item.no)).toEqual([1, 2]);
    expect(catalog.itemsInvolving('民宗局').map((item) => item.no)).toEqual([1, 3]);
    expect(catalog.itemsInvolving('公安局').map((item) => item.no)).toEqual([1, 3]);
    expect(catalog.itemsInvolving('中街道').map((item) => item.no)).toEqual([2, 4]);
    expect(catalog.search('食品').map((item) => item.no)).toEqual([1, 2]);
    // No name holds the words: names sharing a run of two or more characters, best first.
    expect(catalog.search('某安检查').map((item) => item.no)).toEqual([3]);
    expect(catalog.search('宗教场所检查 联合').map((item) => item.no)).toEqual([3, 1]);
    expect(catalog.findUnit('统战部（民宗局）办')).toBeUndefined();
  });

  it('gives an item’s participants with their capacity and labels, resolving 属地 once', () => {
    const catalog = county();
    const food = catalog.participants(1);
    expect(food.lead).toStrictEqual({ unit: catalog.getUnit('market'), label: '市场监管局' });
    expect(food.cooperating).toStrictEqual([
      { unit: catalog.getUnit('police'), label: '公安局' },
      { unit: catalog.getUnit('front'), as: '民宗局', label: '统战部（民宗局）' },
    ]);
    expect(food.openEnded).toBe(true);
    const street = catalog.participants(2, { locality: '中街道' }).cooperating;
    // The placeholder resolved to a unit the item already has: listed once.
    expect(street).toEqual([{ unit: catalog.getUnit('street'), label: '中街道' }]);
    expect(catalog.participants(4, { locality: '东镇' }).cooperating.map((p) => p.unit.id)).toEqual(['street']);
    expect(catalog.participants(2, { locality: '南街道' }).cooperating.at(-1)).toEqual({ unit: catalog.locality('南街道'), label: '南街道', placeholder: '属地街道' });
    expect(catalog.participants(3, { locality: '西镇' }).cooperating.map((p) => p.unit.id)).toEqual(['police', 'locality:西镇']);
  });

  it('explains a missing or wrong locality', () => {
    const catalog = county();
    expect(thrown(() => catalog.participants(2))).toMatchObject({
      code: 'LOCALITY_REQUIRED',
      message: 'Item 2 names 属地街道: give options.locality, the 街道 (sub-district) where the enforcement happens',
      context: { no: 2, placeholder: '属地街道', accepts: ['subDistrict'] },
    });
    expect(thrown(() => catalog.participants(3))).toMatchObject({
      message: 'Item 3 names 属地乡镇（街道）: give options.locality, the 乡镇 (township) or 街道 (sub-district) where the enforcement happens',
    });
    expect(thrown(() => catalog.participants(2, { locality: '东镇' }))).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('item 2 names 属地街道, which takes a 街道 (sub-district); 东镇 is a township'),
      context: { argument: 'options.locality', locality: '东镇', no: 2 },
    });
    expect(thrown(() => catalog.participants(2, { locality: '公安局' }))).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Invalid options.locality: 公安局 is a department, not a township (乡镇) or sub-district (街道)',
      context: { argument: 'options.locality', locality: '公安局' },
      issues: [{ code: 'custom', path: ['options.locality'], message: '公安局 is a department, not a township (乡镇) or sub-district (街道)' }],
    });
    expect(thrown(() => catalog.locality('公安局'))).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Invalid locality: 公安局 is a department, not a township (乡镇) or sub-district (街道)',
      context: { argument: 'locality', locality: '公安局' },
    });
  });

  it('resolves a locality by its suffix or its given kind, without the county name', () => {
    const catalog = county();
    expect(catalog.locality('某县西镇')).toEqual({ id: 'locality:西镇', name: '西镇', aliases: [], kind: 'township' });
    expect(catalog.locality('县北乡')).toMatchObject({ id: 'locality:北乡', kind: 'township' });
    expect(catalog.locality('南街道')).toMatchObject({ id: 'locality:南街道', kind: 'subDistrict' });
    expect(catalog.locality({ name: '新区', kind: 'township' })).toMatchObject({ id: 'locality:新区', kind: 'township' });
    expect(catalog.locality({ name: '新区', kind: 'township', id: 'xinqu' })).toMatchObject({ id: 'xinqu', name: '新区' });
    expect(catalog.locality('东镇').id).toBe('town');
    expect(thrown(() => catalog.locality('镇'))).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('"镇" is neither a known unit nor a name ending in 街道, 镇 or 乡; pass { name, kind }'),
      context: { argument: 'locality', locality: '镇' },
    });
    expect(thrown(() => catalog.locality('新区'))).toMatchObject({ code: 'INVALID_INPUT', context: { locality: '新区' } });
    expect(thrown(() => catalog.locality('西镇街'))).toMatchObject({ code: 'INVALID_INPUT' });
    // The suffix must end the name: 街道办事处 is an office, not a sub-district.
    expect(thrown(() => catalog.locality('中兴街道办事处'))).toMatchObject({ code: 'INVALID_INPUT', context: { locality: '中兴街道办事处' } });
    // The county's name comes off only in front of a township's or sub-district's name.
    expect(thrown(() => catalog.locality('某县人民广场'))).toMatchObject({
      message: 'Invalid locality: "某县人民广场" is neither a known unit nor a name ending in 街道, 镇 or 乡; pass { name, kind }',
    });
    // Nothing but the suffix would be left without the county's name: the whole is the township's name.
    expect(catalog.locality('某县镇')).toEqual({ id: 'locality:某县镇', name: '某县镇', aliases: [], kind: 'township' });
    expect(thrown(() => catalog.locality({ name: '西镇', kind: 'subDistrict' }))).toMatchObject({
      message: expect.stringContaining('"西镇" is a 乡镇 (township) by its name, not a 街道 (sub-district)'),
      context: { argument: 'locality', locality: '西镇' },
    });
    expect(thrown(() => catalog.locality(''))).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'locality' } });
  });

  it('names the unknown in its errors', () => {
    const catalog = county();
    expect(thrown(() => catalog.getItem(9 as never))).toMatchObject({ code: 'UNKNOWN_ITEM', message: 'The 某县 catalog has no item 9 (it has items 1–4)', context: { no: 9, catalog: '某县' } });
    expect(thrown(() => catalog.label('nobody' as never))).toMatchObject({
      code: 'UNKNOWN_UNIT',
      message: 'No unit in the 某县 catalog has id "nobody"',
      context: { unit: 'nobody', catalog: '某县' },
    });
    expect(thrown(() => catalog.label(5 as never))).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'ref' } });
    expect(thrown(() => catalog.findUnit(5 as never))).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'text' } });
    expect(thrown(() => catalog.search(' '))).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('must contain a word') });
    const empty = defineCatalog({ name: '空县', roles: { commandCenter: 'c', legalReview: 'c' }, units: [{ id: 'c', name: '中心', kind: 'department' }], items: [] });
    expect(thrown(() => empty.getItem(1 as never)).message).toBe('The 空县 catalog has no item 1');
  });
});

describe('defineCatalog reports every problem with where and what', () => {
  const problemsOf = (data: unknown) => {
    const error = thrown(() => defineCatalog(data as never));
    expect(error.code).toBe('INVALID_CATALOG');
    return { message: error.message, context: error.context, issues: error.issues.map(({ code, path, message }) => [code, path.join('.'), message]) };
  };

  it('cross-references: duplicates, names shared, unknown units and capacities, a lead also cooperating', () => {
    const result = problemsOf({
      name: '某县',
      roles: { commandCenter: 'center', legalReview: 'center' },
      units: [
        { id: 'center', name: '中心', kind: 'department' },
        { id: 'center', name: '中心二', kind: 'department' },
        { id: 'police', name: '公安局', aliases: ['中心'], kind: 'department', resolvesTo: ['township'] },
      ],
      items: [
        { no: 1, id: 'a', name: '甲', lead: 'police', cooperating: ['police', 'center', 'center'] },
        { no: 1, id: 'a', name: '乙', lead: { unit: 'police', as: '警察' }, cooperating: ['ghost'] },
      ],
      duties: [
        { no: 1, party: '中心', unit: 'center', duties: ['统一调度'] },
        { no: 1, party: '公安', unit: 'nobody', duties: ['执法'] },
      ],
    });
    expect(result.context).toEqual({ catalog: '某县' });
    expect(result.issues).toEqual([
      ['duplicate_id', 'units.1.id', 'unit id "center" is defined twice'],
      ['ambiguous_name', 'units.2.aliases', '"中心" already names unit "center"'],
      ['invalid_field', 'units.2.resolvesTo', 'only a locality placeholder resolves to a township or sub-district'],
      ['lead_also_cooperating', 'items.0.cooperating.0', 'item 1: the lead unit "police" is also listed as cooperating'],
      ['duplicate_cooperating', 'items.0.cooperating.2', 'item 1: unit "center" is listed twice'],
      ['duplicate_number', 'items.1.no', 'item number 1 is used twice'],
      ['duplicate_id', 'items.1.id', 'item id "a" is used twice'],
      ['unknown_capacity', 'items.1.lead.as', '"警察" is not an alias of 公安局 ("police")'],
      ['unknown_unit', 'items.1.cooperating.0.unit', 'unit "ghost" is not defined'],
      ['duplicate_number', 'duties.1.no', 'duty party number 1 is used twice'],
      ['unknown_unit', 'duties.1.unit', 'unit "nobody" is not defined'],
    ]);
    expect(result.message).toBe(`Invalid catalog "某县": 11 problem(s): ${result.issues.map(([, , message]) => message).join('; ')}`);
  });

  it('checks references to a unit defined twice, once malformed, against the well-formed one', () => {
    const result = problemsOf({
      name: '某县',
      roles: { commandCenter: 'center', legalReview: 'center' },
      units: [{ id: 'center', name: '中心', kind: 'department' }, { id: 'police', name: '公安局', aliases: ['警察局'], kind: 'department' }, { id: 'police', name: '', kind: 'department' }],
      items: [{ no: 1, id: 'i', name: '事项', lead: 'center', cooperating: [{ unit: 'police', as: '网信办' }, { unit: 'police', as: '警察局' }] }],
    });
    expect(result.issues).toEqual([
      ['too_small', 'units.2.name', 'must not be empty'],
      ['unknown_capacity', 'items.0.cooperating.0.as', '"网信办" is not an alias of 公安局 ("police")'],
      ['duplicate_cooperating', 'items.0.cooperating.1', 'item 1: unit "police" is listed twice'],
    ]);
  });

  it('reports cross-references of the well-formed entries together with the malformed ones, at their own positions', () => {
    const result = problemsOf({
      name: 42,
      roles: { commandCenter: 'center', legalReview: 'nobody' },
      units: [{ id: 'Bad Id', name: '', kind: 'ministry' }, { id: 'center', name: '中心', kind: 'department' }, { id: 'center', name: '中心二', kind: 'department' }],
      items: [{ no: 0, id: 'x' }, { no: 2, id: 'b', name: '', lead: 'ghost', cooperating: [] }],
    });
    expect(result.context).toEqual({ catalog: 'catalog' });
    expect(result.issues).toEqual(
      expect.arrayContaining([
        ['unknown_unit', 'roles.legalReview.unit', 'unit "nobody" is not defined'],
        ['unknown_unit', 'items.1.lead.unit', 'unit "ghost" is not defined'],
        ['duplicate_id', 'units.2.id', 'unit id "center" is defined twice'],
      ]),
    );
    expect(result.issues.map(([, path]) => path)).toEqual(expect.arrayContaining(['name', 'units.0.id', 'units.0.kind', 'items.0.name', 'items.1.name']));
    expect(result.message).toMatch(/^Invalid catalog "catalog": \d+ problem\(s\): /);
    const named = problemsOf({ name: '某县', roles: 'none', units: [], items: [{ no: 1, id: 'i', name: '事项', lead: 'ghost', cooperating: [] }] });
    expect(named.context).toEqual({ catalog: '某县' });
    expect(named.issues.map(([code, path]) => `${code} ${path}`)).toEqual(expect.arrayContaining(['unknown_unit items.0.lead.unit']));
    expect(named.issues.some(([, path]) => String(path).startsWith('roles.'))).toBe(false);
    expect(problemsOf(null).context).toEqual({ catalog: 'catalog' });
    expect(problemsOf('catalog').issues.length).toBeGreaterThan(0);
  });
});
