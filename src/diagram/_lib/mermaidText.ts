/**
 * Text Mermaid shows as is. `;` ends a statement, `:` splits a label, `#` starts an entity code,
 * `"` closes a quoted state name and `<`/`>` would read as HTML, so each is written as the
 * entity code Mermaid decodes back (`#59;`); line breaks become spaces.
 */
export function mermaidText(text: string): string {
  return text
    .replace(/#/gu, '#35;')
    .replace(/;/gu, '#59;')
    .replace(/:/gu, '#58;')
    .replace(/"/gu, '#quot;')
    .replace(/</gu, '#lt;')
    .replace(/>/gu, '#gt;')
    .replace(/%/gu, '#37;')
    .replace(/\s*[\r\n]+\s*/gu, ' ')
    .trim();
}

/** Words Mermaid's state diagram grammar reads as keywords, never used as a state id. */
const reserved = new Set(['state', 'note', 'end', 'as', 'direction', 'class', 'classDef', 'style', 'click', 'hide', 'left', 'right', 'of', 'root', 'default']);

/**
 * Makes Mermaid ids: a name with `.` and any character outside `[A-Za-z0-9_]` as `_`
 * (`enforcing.planning` → `enforcing_planning`), kept clear of keywords and made unique with a
 * numeric suffix. Each call of the returned function gives a new id.
 */
export function createMermaidIds(): (name: string) => string {
  const used = new Set<string>();
  return (name) => {
    let base = name.replace(/[^A-Za-z0-9_]/gu, '_');
    if (base === '' || /^\d/u.test(base) || reserved.has(base)) base = `s_${base}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    return id;
  };
}
