// Reads the value a README shows after `//=>` (the rules are in the README's Development section).
import type { ShownEntry, ShownValue } from './runtime.js';

/**
 * Reads the value written after `//=>`: a JavaScript literal — a string in single or double
 * quotes, a number, true, false, null, undefined, NaN, an array, an object (keys bare or quoted)
 * — where an object may hold shorthand keys (`{ ok: true, entries }`: present, any value) and a
 * `…` entry (more keys may follow), and an array may end in `…` (more items may follow). After
 * the value, only a remark in parentheses may follow (`//=> 5  (from < d ≤ to)`).
 *
 * @throws {Error} When the text is not such a value (the message says where).
 */
export function parseShownValue(text: string): ShownValue {
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`cannot read the value after //=> (${what} at column ${at + 1} of ${JSON.stringify(text.trim())})`);
  };
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text[at] ?? '')) at += 1;
  };
  const eat = (token: string): boolean => {
    skipSpace();
    if (!text.startsWith(token, at)) return false;
    at += token.length;
    return true;
  };
  const eatElision = (): boolean => eat('…') || eat('...');
  const readString = (): string => {
    const quote = text[at];
    at += 1;
    let value = '';
    while (at < text.length && text[at] !== quote) {
      const char = text[at] ?? '';
      if (char !== '\\') {
        value += char;
        at += 1;
        continue;
      }
      const next = text[at + 1] ?? '';
      at += 2;
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', v: '\v' };
      if (next in simple) value += simple[next];
      else if (next === 'u') {
        const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(text.slice(at));
        const plain = /^[0-9a-fA-F]{4}/.exec(text.slice(at));
        const hex = braced?.[1] ?? plain?.[0] ?? fail('a bad \\u escape');
        value += String.fromCodePoint(Number.parseInt(hex, 16));
        at += braced ? braced[0].length : 4;
      } else value += next;
    }
    if (at >= text.length) fail('an unterminated string');
    at += 1;
    return value;
  };
  const readKey = (): string => {
    skipSpace();
    const char = text[at];
    if (char === "'" || char === '"') return readString();
    const name = /^(?:[A-Za-z_$][\w$]*|\d+)/.exec(text.slice(at));
    if (!name) return fail('a property name expected');
    at += name[0].length;
    return name[0];
  };
  const readValue = (): ShownValue => {
    skipSpace();
    const char = text[at];
    if (char === "'" || char === '"') return { kind: 'literal', value: readString() };
    if (eat('[')) {
      const items: ShownValue[] = [];
      let open = false;
      while (!eat(']')) {
        if (eatElision()) {
          open = true;
          eat(',');
          if (!eat(']')) fail('… may only end an array');
          break;
        }
        items.push(readValue());
        if (!eat(',') && !text.startsWith(']', (skipSpace(), at))) fail('"," or "]" expected');
      }
      return { kind: 'array', items, open };
    }
    if (eat('{')) {
      const entries: ShownEntry[] = [];
      let open = false;
      while (!eat('}')) {
        if (eatElision()) open = true;
        else {
          const key = readKey();
          if (entries.some((entry) => entry.key === key)) fail(`the key ${key} twice`);
          entries.push({ key, value: eat(':') ? readValue() : null });
        }
        if (!eat(',') && !text.startsWith('}', (skipSpace(), at))) fail('"," or "}" expected');
      }
      return { kind: 'object', entries, open };
    }
    const number = /^-?(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|Infinity)/.exec(text.slice(at));
    if (number) {
      at += number[0].length;
      return { kind: 'literal', value: Number(number[0]) };
    }
    const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(at))?.[0];
    at += word?.length ?? 0;
    if (word === 'true' || word === 'false') return { kind: 'literal', value: word === 'true' };
    if (word === 'null') return { kind: 'literal', value: null };
    if (word === 'undefined') return { kind: 'undefined' };
    if (word === 'NaN') return { kind: 'literal', value: Number.NaN };
    return fail(word === undefined ? 'a value expected' : `${word} is not a literal`);
  };
  const value = readValue();
  skipSpace();
  const rest = text.slice(at);
  if (rest !== '' && !/^\(.*\)$/s.test(rest)) fail('only a remark in parentheses may follow the value');
  return value;
}
