import fc from 'fast-check';

// Values a public entry point may be handed by a careless or hostile caller. Built once: the big
// ones cost memory, and fast-check reuses them by reference.

const MB = 1024 * 1024;

function thrower(what: string): () => never {
  return () => {
    throw new Error(`hostile ${what}`);
  };
}

/** An object whose every trap throws. */
const throwingProxy = new Proxy(
  {},
  {
    get: thrower('get'),
    has: thrower('has'),
    ownKeys: thrower('ownKeys'),
    getOwnPropertyDescriptor: thrower('getOwnPropertyDescriptor'),
    getPrototypeOf: thrower('getPrototypeOf'),
  },
);

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** Looks like an array to Array.isArray, throws when read. */
const throwingArrayProxy = new Proxy([], { get: thrower('array get') });

function nested(depth: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = wrap(value);
  return value;
}

const cyclic: Record<string, unknown> = { name: 'cycle' };
cyclic.self = cyclic;
cyclic.units = [cyclic];

class FakeDate {
  get [Symbol.toStringTag](): string {
    return 'Date';
  }
}

class ThrowingDate extends Date {
  override getTime(): number {
    throw new Error('hostile getTime');
  }
}

const withThrowingGetters = Object.defineProperties(
  {},
  Object.fromEntries(
    ['name', 'date', 'working', 'locality', 'unit', 'as', 'kind', 'id', 'units', 'items', 'roles', 'aliases', 'overrides', 'announcedYears', 'beyondCoverage', 'code'].map(
      (key) => [key, { get: thrower(`getter ${key}`), enumerable: true }],
    ),
  ),
);

const withThrowingConversions = {
  toString: thrower('toString'),
  valueOf: thrower('valueOf'),
  [Symbol.toPrimitive]: thrower('toPrimitive'),
  toJSON: thrower('toJSON'),
};

let built: unknown[] | undefined;

/** An object whose get, ownKeys and getPrototypeOf traps throw `Error('trap')`: the hostile-input suites check that each entry point reports it as `could not be read (trap)`. */
export const trapProxy: object = new Proxy(
  {},
  {
    get() {
      throw new Error('trap');
    },
    ownKeys() {
      throw new Error('trap');
    },
    getPrototypeOf() {
      throw new Error('trap');
    },
  },
);

/** Every adversarial constant: huge or malformed strings, odd numbers, far Dates, traps, deep nesting. */
export function adversarialValues(): readonly unknown[] {
  built ??= [
    // Strings: huge (10 MB), pathological for look-ups (county prefixes, parentheses), malformed.
    'x'.repeat(10 * MB),
    '县'.repeat(10 * MB),
    '县'.repeat(100_000),
    '泗阳县'.repeat(30_000),
    '('.repeat(100_000) + ')'.repeat(100_000),
    '县(县('.repeat(40) + '公安局' + '))'.repeat(40),
    ' '.repeat(MB),
    '2026-01-01T00:00:00.' + '0'.repeat(MB) + 'Z',
    '2026-10-01'.repeat(100_000),
    'a'.repeat(200),
    'a'.repeat(201),
    '\uD800',
    '\uDC00公安局',
    '公安局\uD800',
    'a\u0000b',
    '\u0000',
    '\u202e局安公',
    '',
    '   ',
    '__proto__',
    'constructor',
    '2026-02-30',
    '0000-01-01',
    '9999-12-31',
    '+275760-09-13T00:00:00Z',
    '2026-09-29T17:00:00',
    '2026-09-29T24:00:00Z',
    '2026-09-29T17:00:00+99:99',
    // Numbers.
    1e308,
    -1e308,
    Number.NaN,
    -0,
    Infinity,
    -Infinity,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 1,
    Number.MIN_VALUE,
    2 ** 31,
    -(2 ** 31),
    0.5,
    10n,
    // Dates, real and fake.
    new Date(8.64e15),
    new Date(-8.64e15),
    new Date(Number.NaN),
    new Date(0),
    new Date('2026-10-01T00:00:00Z'),
    new Proxy(new Date('2026-10-01T00:00:00Z'), {}),
    new FakeDate(),
    new ThrowingDate('2026-10-01T00:00:00Z'),
    // Objects that throw when read, converted or inspected.
    throwingProxy,
    throwingArrayProxy,
    revokedProxy(),
    withThrowingGetters,
    withThrowingConversions,
    // Shapes that are not plain data.
    new Uint8Array(3),
    new Map([['name', 'x']]),
    new Set(['x']),
    Symbol('hostile'),
    () => 'function',
    null,
    undefined,
    Object.create(null) as object,
    JSON.parse('{"__proto__": {"polluted": true}, "name": "proto"}') as unknown,
    cyclic,
    nested(100_000, (inner) => [inner]),
    nested(100_000, (inner) => ({ name: inner, units: inner })),
    new Array(1_000_000),
    new Array(1_000_000).fill('公安局'),
    // eslint-disable-next-line no-sparse-arrays -- an array with holes is the point
    [, , 'holes'],
    [throwingProxy],
  ];
  return built;
}

/**
 * Stands for an adversarial constant inside generated values: fast-check inspects what it
 * generates (`cloneMethod in value`), which the throwing Proxies would not survive. Resolve with
 * {@link resolveHostile} just before the call.
 */
export class HostileRef {
  constructor(readonly index: number) {}
}

/**
 * `value` with every {@link HostileRef} in it (in generated arrays and objects, at most 24 levels
 * down) replaced by its constant. Leaves anything else as it is, also a hostile constant already
 * resolved (a Proxy whose traps throw, 100 000 levels of nesting).
 */
export function resolveHostile(value: unknown, depth = 0): unknown {
  try {
    if (value instanceof HostileRef) return adversarialValues()[value.index];
    if (depth > 24 || typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((item) => resolveHostile(item, depth + 1));
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return value;
    const resolved: Record<string, unknown> = Object.create(prototype as object | null) as Record<string, unknown>;
    for (const key of Object.keys(value)) {
      Object.defineProperty(resolved, key, { value: resolveHostile((value as Record<string, unknown>)[key], depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return resolved;
  } catch {
    return value;
  }
}

/** Any value at all: fast-check's own anything, or (as a {@link HostileRef}) one of the adversarial constants. */
export function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.nat({ max: adversarialValues().length - 1 }).map((index) => new HostileRef(index)), weight: 3 },
    { arbitrary: fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }), weight: 1 },
  );
}

/** Usually a meaningful value, one time in four a hostile one. */
export function mostly<T>(meaningful: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: meaningful, weight: 3 }, { arbitrary: hostileValue(), weight: 1 });
}
