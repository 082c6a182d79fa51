import { roles } from '../../../machines/_lib/rules.js';
import { eventLabels, originLabels, stateLabels, type Label } from '../../../machines/labels.js';


/** States without an entry in `stateLabels`: the transient `opening` is where a case is opened (立案). */
const extraStateLabels: Readonly<Record<string, Label>> = {
  opening: eventLabels['case.open'],
};

const plain = (text: string): Label => ({ zh: text, en: text });

function lookup(table: Readonly<Record<string, Label>>, key: string): Label | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** A state's names by its dotted path; the last key when the case machine has no label for it. */
export function stateLabelOf(path: string, key: string): Label {
  return lookup(stateLabels, path) ?? lookup(extraStateLabels, path) ?? plain(key);
}

/** An event's names; its type when the case machine has no label for it. */
export function eventLabelOf(type: string): Label {
  return lookup(eventLabels, type) ?? plain(type);
}

/**
 * A role's names from `roles`, whose entries read `中文 (English)`: `综合指挥调度中心 (the command
 * center)` gives `{ zh: '综合指挥调度中心', en: 'the command center' }`. An entry without that
 * shape is used whole in both languages.
 */
export function roleLabelOf(role: string): Label {
  const text = Object.hasOwn(roles, role) ? roles[role as keyof typeof roles] : role;
  const match = /^(.+?) \((.+)\)$/u.exec(text);
  return match === null ? plain(text) : { zh: match[1]!, en: match[2]! };
}

/** What a guard admits, in words: the role of `actedBy`, the origin of `openedAs`, else its name and params. */
export function guardLabelOf(type: string, params: Readonly<Record<string, unknown>> | undefined): Label {
  if (type === 'actedBy' && typeof params?.role === 'string') return roleLabelOf(params.role);
  if (type === 'openedAs' && typeof params?.origin === 'string') return lookup(originLabels, params.origin) ?? plain(params.origin);
  const shown = params === undefined ? '' : Object.entries(params).map(([name, value]) => `${name}=${String(value)}`).join(', ');
  return plain(shown === '' ? type : `${type}(${shown})`);
}
