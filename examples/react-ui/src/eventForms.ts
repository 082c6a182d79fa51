import type { Actor, CaseContext, CaseEventType } from 'linked-enforcement';
import { DAY, instantOf, parseWallClock, wallClockOf } from './clock.js';

/** One input of an action's form. */
export interface Field {
  readonly name: string;
  readonly zh: string;
  readonly en: string;
  readonly kind: 'text' | 'textarea' | 'datetime' | 'unit';
  readonly required?: boolean;
  readonly placeholder?: string;
}

const opinion: Field = { name: 'opinion', zh: '意见', en: 'Opinion', kind: 'text', placeholder: '选填 optional' };
const reason: Field = { name: 'reason', zh: '理由', en: 'Reason', kind: 'textarea', required: true };
const documents: Field = { name: 'documents', zh: '文书清单', en: 'Documents', kind: 'textarea', placeholder: '每行一份，选填 one per line, optional' };

/** The fields each event needs besides `by` and `at` (the person and the page clock). */
export const fieldsOf: Readonly<Record<CaseEventType, readonly Field[]>> = {
  'review.pass': [{ ...opinion, zh: '初审意见' }],
  'review.reject': [{ ...reason, zh: '驳回理由' }],
  'legal.approve': [{ ...opinion, zh: '法制审核意见' }],
  'legal.return': [{ ...reason, zh: '退回理由' }],
  'amendment.request': [{ ...reason, zh: '补正要求', en: 'What to amend' }],
  'application.resubmit': [{ name: 'note', zh: '补正说明', en: 'Note', kind: 'text', placeholder: '选填 optional' }],
  'application.withdraw': [{ ...reason, zh: '撤回理由' }],
  'leader.approve': [{ ...opinion, zh: '审批意见' }],
  'leader.deny': [{ ...reason, zh: '不予批准理由' }],
  'task.dispatch': [
    { name: 'place', zh: '执法地点', en: 'Place', kind: 'text', required: true, placeholder: '如 城东农贸市场' },
    { name: 'startAt', zh: '集中执法时间', en: 'Start (Beijing time)', kind: 'datetime', required: true },
  ],
  'plan.submit': [
    { name: 'summary', zh: '方案概要', en: 'Plan summary', kind: 'textarea', required: true },
    { name: 'division', zh: '职责分工', en: 'Division of duties', kind: 'text', placeholder: '选填 optional' },
    { name: 'contingency', zh: '应急预案', en: 'Contingency plan', kind: 'text', placeholder: '选填 optional' },
  ],
  'enforcement.end': [{ name: 'note', zh: '备注', en: 'Note', kind: 'text', placeholder: '选填 optional' }],
  'unit.report': [{ name: 'summary', zh: '法律文书汇总', en: 'Summary of legal documents', kind: 'textarea', required: true }, documents],
  'results.upload': [{ name: 'summary', zh: '执法结果', en: 'Results summary', kind: 'textarea', required: true }, documents],
  'case.archive': [{ name: 'summary', zh: '存档说明', en: 'Archive note', kind: 'text', placeholder: '选填 optional' }],
  'case.urge': [
    { name: 'unit', zh: '催办单位', en: 'Unit to urge', kind: 'unit', required: true },
    { name: 'message', zh: '催办内容', en: 'Message', kind: 'text', placeholder: '选填 optional' },
  ],
  'deadline.check': [],
};

/** Units an urge (催办) can go to: the case's participants, or its initiator before dispatch. */
export function urgeTargets(context: CaseContext): string[] {
  const assigned = context.assignment === undefined ? [] : [context.assignment.lead.unit, ...context.assignment.cooperating.map((p) => p.unit)];
  return assigned.length > 0 ? assigned : context.initiator === undefined ? [] : [context.initiator];
}

/** The values a form starts with. */
export function initialValues(type: CaseEventType, context: CaseContext, now: number): Record<string, string> {
  if (type === 'task.dispatch') return { place: '', startAt: `${wallClockOf(now + DAY).slice(0, 10)}T09:00` };
  if (type === 'case.urge') return { unit: urgeTargets(context)[0] ?? '', message: '' };
  return {};
}

const optional = (key: string, value: string | undefined) => (value === undefined || value.trim() === '' ? {} : { [key]: value.trim() });
const lines = (value: string | undefined) =>
  (value ?? '')
    .split(/\n|；|;/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

/**
 * The event a form describes. Required fields are passed through even when empty so that
 * `explainEvent` names what is missing; optional ones are left out when blank.
 */
export function eventFrom(type: CaseEventType, by: Actor, at: string, values: Readonly<Record<string, string>>): unknown {
  const get = (name: string) => values[name] ?? '';
  const base = { type, by, at };
  switch (type) {
    case 'review.pass':
    case 'legal.approve':
    case 'leader.approve':
      return { ...base, ...optional('opinion', values.opinion) };
    case 'review.reject':
    case 'legal.return':
    case 'amendment.request':
    case 'application.withdraw':
    case 'leader.deny':
      return { ...base, reason: get('reason') };
    case 'application.resubmit':
    case 'enforcement.end':
      return { ...base, ...optional('note', values.note) };
    case 'task.dispatch': {
      const startAt = parseWallClock(get('startAt'));
      return { ...base, place: get('place'), startAt: startAt === undefined ? get('startAt') : instantOf(startAt) };
    }
    case 'plan.submit':
      return { ...base, plan: { summary: get('summary'), ...optional('division', values.division), ...optional('contingency', values.contingency) } };
    case 'unit.report': {
      const list = lines(values.documents);
      return { ...base, summary: get('summary'), ...(list.length > 0 ? { documents: list } : {}) };
    }
    case 'results.upload': {
      const list = lines(values.documents);
      return { ...base, results: { summary: get('summary'), ...(list.length > 0 ? { documents: list } : {}) } };
    }
    case 'case.archive':
      return { ...base, ...optional('summary', values.summary) };
    case 'case.urge':
      return { ...base, unit: get('unit'), ...optional('message', values.message) };
    case 'deadline.check':
      return base;
  }
}

/** A well-formed example of `type` from this person now, to ask `explainEvent` why it would be refused. */
export function sampleEvent(type: CaseEventType, by: Actor, at: string, context: CaseContext): unknown {
  const filled: Record<string, string> = { ...initialValues(type, context, Date.parse(at)) };
  for (const field of fieldsOf[type]) if (field.required && !filled[field.name]) filled[field.name] = '示例 sample';
  return eventFrom(type, by, at, filled);
}
