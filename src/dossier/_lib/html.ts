/**
 * Text as HTML shows it: `&`, `<`, `>`, `"` and `'` as entities, so a name, an opinion or a unit
 * label can never open a tag or leave an attribute. Every value the dossier prints goes through it.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (char) => entities[char]!);
}

const entities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Markup that is already safe: made only by these helpers, never from a caller's text. */
export interface Html {
  readonly html: string;
}

/** Safe markup from a template: interpolated strings and numbers are escaped, `Html` and arrays of it are kept. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0]!;
  values.forEach((value, index) => {
    out += render(value) + strings[index + 1]!;
  });
  return { html: out };
}

export type HtmlValue = Html | string | number | undefined | null | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === undefined || value === null || value === false) return '';
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number') return escapeHtml(String(value));
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return (value as Html).html;
}

/** Joins pieces of markup. */
export function join(values: readonly HtmlValue[], separator = ''): Html {
  return { html: values.map(render).filter((part) => part !== '').join(separator) };
}
