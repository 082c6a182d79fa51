import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as root from '../src/index.js';
import * as catalogEntry from '../src/catalog.js';
import * as calendarEntry from '../src/calendar/index.js';
import type { WorkCalendar } from '../src/calendar/index.js';
import { argumentsOf, entryPoint as entry, FuzzLedger, withValueAt, type Entry } from './_lib/fuzz.js';
import { hostileValue, mostly } from './_lib/hostile.js';

// Generated calls to every public function of `linked-enforcement/catalog` and
// `linked-enforcement/calendar`, with meaningful, malformed and hostile arguments. Each must return
// or throw a LinkedEnforcementError, within CALL_TIME_LIMIT_MS.

const { defineCatalog, siyangCatalog, isLinkedEnforcementError } = catalogEntry;
const { createWorkCalendar, defaultCalendar, isPlainDate, toPlainDate } = calendarEntry;

const ledger = new FuzzLedger();
/** Generated calls per entry point (about fifty of them). */
const CALLS_PER_ENTRY = 100;

// --- meaningful arguments ---------------------------------------------------------------------

interface AnyCatalog {
  readonly units: readonly { readonly id: string; readonly name: string; readonly aliases: readonly string[] }[];
  readonly items: readonly { readonly no: number; readonly name: string }[];
}

const lookupAlphabet = [...'县泗阳()（）公安局街道镇乡 民宗统战部王集众兴'];
function lookupTextFor(catalog: AnyCatalog): fc.Arbitrary<string> {
  const keys = catalog.units.flatMap((unit) => [unit.id, unit.name, ...unit.aliases, ...unit.aliases.map((alias) => `${unit.name}（${alias}）`)]);
  return fc.oneof(
    fc.constantFrom(...keys),
    fc.tuple(fc.constantFrom('', '泗阳县', '某县', '县', ' ', '县县'), fc.constantFrom(...keys), fc.constantFrom('', ' ', '\n')).map((parts) => parts.join('')),
    fc.array(fc.constantFrom(...lookupAlphabet), { maxLength: 260 }).map((chars) => chars.join('')),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
  );
}
const itemNoFor = (catalog: AnyCatalog) => fc.oneof(fc.constantFrom(...catalog.items.map((item) => item.no)), fc.integer({ min: -3, max: 42 }));
const localityName = fc.oneof(
  fc.constantFrom('王集镇', '众兴街道', '泗阳县王集镇', '里仁乡', '公安局', '属地街道', '县王集镇'),
  fc.tuple(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('镇', '乡', '街道', '')).map(([name, suffix]) => name + suffix),
);
const locality = fc.oneof(
  localityName,
  fc.record(
    { name: mostly(localityName), kind: mostly(fc.constantFrom('township', 'subDistrict', 'county')), id: mostly(fc.string({ maxLength: 20 })) },
    { requiredKeys: ['name', 'kind'] },
  ),
);
function refFor(catalog: AnyCatalog): fc.Arbitrary<unknown> {
  const ids = catalog.units.map((unit) => unit.id);
  const aliases = [...catalog.units.flatMap((unit) => unit.aliases), 'x'];
  return fc.oneof(fc.constantFrom(...ids), fc.record({ unit: mostly(fc.constantFrom(...ids)), as: mostly(fc.constantFrom(...aliases)) }, { requiredKeys: ['unit'] }));
}
function searchTextFor(catalog: AnyCatalog): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...catalog.items.map((item) => item.name)),
    fc.array(fc.constantFrom(...catalog.items.flatMap((item) => [...item.name]), ' ', '、'), { maxLength: 240 }).map((chars) => chars.join('')),
  );
}

/** A small valid county catalog, or one with a hostile value put at one of its paths. */
const baseCatalog = {
  name: '某县',
  roles: { commandCenter: 'center', legalReview: 'justice' },
  units: [
    { id: 'center', name: '综合指挥调度中心', kind: 'department' },
    { id: 'justice', name: '司法局', aliases: ['法制审核部门'], kind: 'department' },
    { id: 'police', name: '公安局', kind: 'department' },
    { id: 'market', name: '市场监管局', kind: 'department' },
    { id: 'town', name: '属地乡镇（街道）', kind: 'locality' },
  ],
  items: [
    { no: 1, id: 'food', name: '食品安全联合执法', lead: 'market', cooperating: ['police', { unit: 'justice', as: '法制审核部门' }, 'town'] },
    { no: 2, id: 'fire', name: '消防安全联合执法', lead: 'police', cooperating: ['market'], openEnded: true },
  ],
  duties: [{ no: 1, party: '牵头单位', role: 'lead', duties: ['负责起草联动执法工作方案。'] }],
};
const catalogPaths: readonly (readonly (string | number)[])[] = [
  [],
  ['name'],
  ['roles'],
  ['roles', 'commandCenter'],
  ['units'],
  ['units', 0],
  ['units', 1, 'name'],
  ['units', 1, 'aliases'],
  ['units', 1, 'aliases', 0],
  ['units', 2, 'kind'],
  ['units', 4, 'resolvesTo'],
  ['items'],
  ['items', 0, 'no'],
  ['items', 0, 'name'],
  ['items', 0, 'lead'],
  ['items', 0, 'cooperating'],
  ['items', 0, 'cooperating', 1, 'as'],
  ['duties'],
  ['duties', 0, 'duties', 0],
  ['__proto__'],
];

const catalogData = fc.oneof(
  { arbitrary: fc.constant(baseCatalog), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom(...catalogPaths), mostly(lookupTextFor(siyangCatalog))).map(([path, value]) => withValueAt(baseCatalog, path, value)), weight: 6 },
);

// Half of them in the years of the data, where every calendar answers.
const dayNumber = fc.oneof(
  fc.integer({ min: Date.UTC(2004, 0, 1) / 864e5, max: Date.UTC(2026, 10, 1) / 864e5 }),
  fc.integer({ min: Date.UTC(2004, 0, 1) / 864e5, max: Date.UTC(2099, 11, 1) / 864e5 }),
);
const plainDate = dayNumber.map((day) => new Date(day * 864e5).toISOString().slice(0, 10));
const dateInput = fc.oneof(
  { arbitrary: plainDate, weight: 4 },
  {
    arbitrary: fc
      .tuple(plainDate, fc.constantFrom('T00:00:00Z', 'T23:59:59.999+08:00', 'T17:00:00-11:00', 'T12:00', 't12:00:00z', 'T12:00:00.123456789+14:00'))
      .map(([date, time]) => date + time),
    weight: 2,
  },
  { arbitrary: dayNumber.map((day) => new Date(day * 864e5 + 3_600_000)), weight: 1 },
  { arbitrary: fc.oneof(fc.date({ noInvalidDate: false }), fc.integer({ min: 1990, max: 2110 }).map((year) => `${year}-01-01`), fc.string({ maxLength: 40 })), weight: 1 },
);
const count = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 30 }), weight: 4 },
  { arbitrary: fc.integer({ min: -400, max: 400 }), weight: 2 },
  { arbitrary: fc.oneof(fc.integer({ min: -100_000, max: 100_000 }), fc.double()), weight: 1 },
);
const overrideDate = fc.integer({ min: Date.UTC(2004, 0, 1) / 864e5, max: Date.UTC(2026, 11, 31) / 864e5 }).map((day) => new Date(day * 864e5).toISOString().slice(0, 10));
const calendarOverride = fc.record({ date: overrideDate, working: fc.boolean(), name: fc.constantFrom('县庆', '端午', ' ') }, { requiredKeys: ['date', 'working'] });
const calendarOptions = fc.oneof(
  // Sound options (they may still clash: an override twice, a year announced without its days)...
  {
    arbitrary: fc.record(
      {
        beyondCoverage: fc.constantFrom('estimate', 'throw'),
        overrides: fc.array(calendarOverride, { maxLength: 6 }),
        announcedYears: fc.constantFrom([], [], [2025], [2027]),
      },
      { requiredKeys: [] },
    ),
    weight: 3,
  },
  // ...or a hostile value anywhere in them.
  fc.record(
    {
      beyondCoverage: mostly(fc.constantFrom('estimate', 'throw')),
      overrides: mostly(fc.array(mostly(calendarOverride), { maxLength: 6 })),
      announcedYears: mostly(fc.array(mostly(fc.integer({ min: 2020, max: 2035 })), { maxLength: 3 })),
    },
    { requiredKeys: [] },
  ),
);

// --- the calls --------------------------------------------------------------------------------

const isBoolean = (value: unknown): string | undefined => (typeof value === 'boolean' ? undefined : `returned ${String(value)}, not a boolean`);
const extra = hostileValue();
type AnyFunction = (...args: unknown[]) => unknown;

const county = defineCatalog(baseCatalog as Parameters<typeof defineCatalog>[0]);
const catalogs = { siyang: siyangCatalog, county } as const;
function catalogMethods(catalog: AnyCatalog): Record<string, readonly fc.Arbitrary<unknown>[]> {
  const lookupText = lookupTextFor(catalog);
  const itemNo = itemNoFor(catalog);
  return {
    getItem: [itemNo],
    getUnit: [lookupText],
    findUnit: [lookupText],
    itemsLedBy: [lookupText],
    itemsInvolving: [lookupText],
    search: [searchTextFor(catalog)],
    searchItems: [searchTextFor(catalog)],
    participants: [itemNo, fc.oneof(fc.constant(undefined), fc.record({ locality: mostly(locality) }, { requiredKeys: [] }))],
    locality: [locality],
    label: [refFor(catalog)],
  };
}

const catalogCalls = Object.entries(catalogs).flatMap(([name, catalog]) =>
  Object.entries(catalogMethods(catalog)).map(([method, parameters]) =>
    entry(`${name}.${method}`, argumentsOf(parameters.map(mostly), extra), (catalog as unknown as Record<string, AnyFunction>)[method]!),
  ),
);

const calendars: Record<string, WorkCalendar> = {
  defaultCalendar,
  strict: createWorkCalendar({ beyondCoverage: 'throw' }),
  local: createWorkCalendar({ overrides: [{ date: '2026-06-01', working: false, name: '县庆' }, { date: '2026-06-06', working: true }] }),
};
const calendarMethods: Record<string, readonly fc.Arbitrary<unknown>[]> = {
  isWorkingDay: [dateInput],
  dayInfo: [dateInput],
  addWorkingDays: [dateInput, count],
  workingDaysBetween: [dateInput, dateInput],
  nextWorkingDay: [dateInput],
  previousWorkingDay: [dateInput],
  deadline: [dateInput, count],
};
const calendarCalls = Object.entries(calendarMethods).flatMap(([method, parameters]) => [
  ...Object.entries(calendars).map(([name, calendar]) =>
    entry(
      `${name}.${method}`,
      argumentsOf(parameters.map(mostly), extra),
      (...values) => (calendar as unknown as Record<string, AnyFunction>)[method]!(...values),
      method === 'isWorkingDay' ? isBoolean : undefined,
    ),
  ),
  // A calendar made from generated options, then asked one question.
  entry(
    `createWorkCalendar(options).${method}`,
    // The options are fuzzed on their own by the createWorkCalendar entry: mostly sound ones here.
    fc.tuple(calendarOptions, argumentsOf(parameters.map(mostly), extra)).map(([options, args]) => [options, ...args]),
    (options, ...values) => {
      const calendar = createWorkCalendar(options as Parameters<typeof createWorkCalendar>[0]);
      void calendar.coverage;
      return (calendar as unknown as Record<string, AnyFunction>)[method]!(...values);
    },
  ),
]);

const entries: Entry[] = [
  ...catalogCalls,
  ...calendarCalls,
  entry('defineCatalog', argumentsOf([catalogData], extra), defineCatalog as AnyFunction),
  entry('createWorkCalendar', argumentsOf([mostly(calendarOptions)], extra), createWorkCalendar as AnyFunction),
  entry('toPlainDate', argumentsOf([mostly(dateInput)], extra), toPlainDate as AnyFunction),
  entry('isPlainDate', argumentsOf([mostly(dateInput)], extra), isPlainDate as AnyFunction, isBoolean),
  entry(
    'isLinkedEnforcementError',
    argumentsOf([hostileValue(), mostly(fc.constantFrom('INVALID_INPUT', 'UNKNOWN_UNIT'))], extra),
    isLinkedEnforcementError as AnyFunction,
    isBoolean,
  ),
];

describe('fuzz: the catalog and calendar entry points never fail untyped, never hang', () => {
  it('the root re-exports the very same functions, so fuzzing the entries covers it', () => {
    for (const name of ['defineCatalog', 'siyangCatalog', 'isLinkedEnforcementError'] as const) expect(root[name]).toBe(catalogEntry[name]);
    for (const name of ['createWorkCalendar', 'defaultCalendar', 'isPlainDate', 'toPlainDate'] as const) expect(root[name]).toBe(calendarEntry[name]);
  });

  it('fuzzes every method a catalog and a calendar have', () => {
    for (const catalog of Object.values(catalogs)) {
      const methods = Object.keys(catalog).filter((key) => typeof (catalog as unknown as Record<string, unknown>)[key] === 'function');
      expect(methods.sort()).toEqual(Object.keys(catalogMethods(catalog)).sort());
    }
    const calendarFunctions = Object.keys(defaultCalendar).filter((key) => typeof (defaultCalendar as unknown as Record<string, unknown>)[key] === 'function');
    expect(calendarFunctions.sort()).toEqual(Object.keys(calendarMethods).sort());
  });

  it.each(entries.map(({ name, calls }) => [name, calls] as const))('%s', (_, calls) => {
    fc.assert(
      fc.property(calls, (generated) => {
        ledger.run(generated);
      }),
      { numRuns: CALLS_PER_ENTRY },
    );
  });

  it('reached every entry point, and past its argument checks', () => {
    expect([...ledger.counts.keys()].sort()).toEqual(entries.map(({ name }) => name).sort());
    expect(ledger.total).toBeGreaterThanOrEqual(entries.length * CALLS_PER_ENTRY);
    const neverReturned = [...ledger.counts.entries()].filter(([, { returned }]) => returned === 0).map(([name]) => name);
    expect(neverReturned, JSON.stringify(Object.fromEntries(ledger.counts))).toEqual([]);
  });
});
