const MAX_DEPTH = 512;

/**
 * Makes a value what a database would hand back — plain JSON — and deep-freezes it in place,
 * children first: drops `undefined` properties, turns `undefined` array items into `null`, and
 * refuses anything JSON cannot hold (a BigInt, a function, a Date or other class instance, a
 * non-finite number, a cycle). Frozen subtrees are taken as already checked: the engine's data
 * shares them between versions, and only what froze them (this function, or `deepFreeze` on a
 * view) ever freezes its objects.
 *
 * @throws {TypeError} for a value that is not plain JSON; the value may then be partly frozen.
 */
export function freezeJson<T>(value: T): T {
  walk(value, 0);
  return value;
}

function walk(value: unknown, depth: number): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`a stored value must be JSON: ${value} is not`);
      return;
    case 'object':
      // Stryker disable next-line ConditionalExpression: Object.isFrozen(null) is true, so null returns either way (the check narrows the type)
      if (value === null || Object.isFrozen(value)) return;
      break;
    default:
      throw new TypeError(`a stored value must be JSON: a ${typeof value} is not`);
  }
  if (depth > MAX_DEPTH) throw new TypeError('a stored value must be JSON: it nests too deep (a cycle?)');
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (value[i] === undefined) value[i] = null;
      else walk(value[i], depth + 1);
    }
  } else {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) throw new TypeError(`a stored value must be JSON: a ${value.constructor?.name ?? 'class'} instance is not`);
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (record[key] === undefined) delete record[key];
      else walk(record[key], depth + 1);
    }
  }
  Object.freeze(value);
}

/** Deep-freezes a value in place, children first, skipping frozen subtrees; for snapshots and views handed to callers. */
export function deepFreeze<T>(value: T): T {
  // Stryker disable next-line ConditionalExpression: a saving only: Object.isFrozen is true for every primitive, which the next line then returns (what is frozen here is JSON: no function)
  if (typeof value !== 'object') return value;
  // null is here too: Object.isFrozen(null) is true.
  if (Object.isFrozen(value)) return value;
  // Arrays item by item: a long history is walked without listing its keys as strings.
  // Stryker disable next-line ConditionalExpression: a saving only: Object.keys walks an array's items too (as index strings)
  if (Array.isArray(value)) for (const item of value) deepFreeze(item);
  else for (const key of Object.keys(value as object)) deepFreeze((value as Record<string, unknown>)[key]);
  return Object.freeze(value);
}
