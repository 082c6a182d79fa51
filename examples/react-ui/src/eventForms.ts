import type { CaseEventType } from 'linked-enforcement';
import type { CaseFacts } from './caseFacts.js';
import { DAY, instantOf, parseWallClock, wallClockOf } from './clock.js';

/** One input of an action's form. */
export interface Field {
  readonly name: string;
  readonly zh: string;
  readonly en: string;
  readonly kind: 'text' | 'textarea' | 'datetime' | 'unit' | 'number' | 'files';
  readonly required?: boolean;
  readonly placeholder?: string;
}

const opinion: Field = { name: 'opinion', zh: '意见', en: 'Opinion', kind: 'text', placeholder: '选填 optional' };
const reason: Field = { name: 'reason', zh: '理由', en: 'Reason', kind: 'textarea', required: true };
const documents: Field = { name: 'documents', zh: '文书文件', en: 'Document files', kind: 'files', placeholder: '选填 optional' };
const required = (name: string, zh: string, en: string, kind: Field['kind'] = 'text'): Field => ({ name, zh, en, kind, required: true });
const optionalText = (name: string, zh: string, en: string): Field => ({ name, zh, en, kind: 'text', placeholder: '选填 optional' });

/** The fields each event needs besides `by` and `at` (the server takes who acts from the sign-in, and the time from its clock). */
export const fieldsOf: Readonly<Record<CaseEventType, readonly Field[]>> = {
  'review.pass': [{ ...opinion, zh: '初审意见' }, optionalText('note', '补充材料说明', 'What was supplemented (after a return)')],
  'review.reject': [{ ...reason, zh: '驳回理由' }],
  'legal.approve': [{ ...opinion, zh: '法制审核意见' }],
  'legal.return': [{ ...reason, zh: '退回理由' }],
  'amendment.request': [{ ...reason, zh: '补正要求', en: 'What to amend' }],
  'application.resubmit': [{ name: 'note', zh: '补正说明', en: 'Note', kind: 'text', placeholder: '选填 optional' }],
  'application.withdraw': [{ ...reason, zh: '撤回理由' }],
  'emergency.report': [optionalText('description', '上报说明', 'Report')],
  'emergency.decline': [{ ...reason, zh: '不予上报理由' }],
  'leader.approve': [{ ...opinion, zh: '审批意见' }],
  'leader.deny': [{ ...reason, zh: '不予批准理由' }],
  'task.dispatch': [
    { name: 'place', zh: '执法地点', en: 'Place', kind: 'text', required: true, placeholder: '如 城东农贸市场' },
    { name: 'startAt', zh: '集中执法时间', en: 'Start (Beijing time)', kind: 'datetime', required: true },
  ],
  'unit.acknowledge': [required('staff', '派出执法人员（人）', 'Staff sent', 'number'), optionalText('equipment', '装备、技术保障', 'Equipment')],
  // 牵头单位 1: the plan 明确 each unit's duty and every part below.
  'plan.submit': [
    optionalText('summary', '方案概要', 'Plan summary'),
    { ...required('division', '职责分工', 'Division of duties', 'textarea'), placeholder: '每行一个单位：单位：职责 one unit a line, unit：duty' },
    required('content', '工作内容', 'Work'),
    required('methods', '执法方式', 'Methods'),
    required('steps', '步骤', 'Steps'),
    required('timeLimits', '时限', 'Time limits'),
    required('contingency', '突发事件应急处理预案', 'Contingency plan'),
    documents,
  ],
  'meeting.record': [required('heldAt', '会议时间', 'Held at (Beijing time)', 'datetime'), required('attendees', '参会单位', 'Attendees (、-separated)'), required('decisions', '研究部署事项', 'Decisions', 'textarea')],
  'info.publish': [required('text', '联动执法信息', 'Information', 'textarea')],
  'enforcement.end': [{ name: 'note', zh: '备注', en: 'Note', kind: 'text', placeholder: '选填 optional' }],
  'unit.report': [
    { name: 'summary', zh: '法律文书汇总', en: 'Summary of legal documents', kind: 'textarea', required: true },
    documents,
    optionalText('suggestions', '意见建议', 'Suggestions'),
  ],
  'results.upload': [
    { name: 'summary', zh: '执法结果', en: 'Results summary', kind: 'textarea', required: true },
    documents,
    optionalText('lessons', '研讨和总结', 'Lessons'),
  ],
  'case.archive': [{ name: 'summary', zh: '存档说明', en: 'Archive note', kind: 'text', placeholder: '选填 optional' }],
  'case.urge': [
    { name: 'unit', zh: '催办单位', en: 'Unit to urge', kind: 'unit', required: true },
    { name: 'message', zh: '催办内容', en: 'Message', kind: 'text', placeholder: '选填 optional' },
  ],
  'deadline.check': [],
  'deadline.remind': [{ name: 'beforeDueWorkingDays', zh: '提前工作日数', en: 'Working days before due', kind: 'number', required: true, placeholder: '1' }],
};

/** Units an urge (催办) can go to: the case's participants, or its initiator before dispatch. */
export function urgeTargets(context: CaseFacts): string[] {
  const assigned = context.assignment === undefined ? [] : [context.assignment.lead.unit, ...context.assignment.cooperating.map((p) => p.unit)];
  return assigned.length > 0 ? assigned : context.initiator === undefined ? [] : [context.initiator];
}

/** The case's units as the plan's division lists them: one line each, `名称：职责`. */
function divisionLines(context: CaseFacts): string {
  const assignment = context.assignment;
  if (assignment === undefined) return '';
  return [assignment.lead, ...assignment.cooperating].map((p) => `${p.label}：负责本单位职责范围内的检查`).join('\n');
}

/** The values a form starts with. */
export function initialValues(type: CaseEventType, context: CaseFacts, now: number): Record<string, string> {
  if (type === 'task.dispatch') return { place: '', startAt: `${wallClockOf(now + DAY).slice(0, 10)}T09:00` };
  if (type === 'case.urge') return { unit: urgeTargets(context)[0] ?? '', message: '' };
  if (type === 'plan.submit') return { division: divisionLines(context) };
  if (type === 'meeting.record') return { heldAt: wallClockOf(now) };
  if (type === 'unit.acknowledge') return { staff: '' };
  return {};
}

/** `名称：职责` lines as the plan's division, each name read as the case's unit of that label (or id). */
function divisionOf(text: string, context: CaseFacts): { unit: string; duty: string }[] {
  const participants = context.assignment === undefined ? [] : [context.assignment.lead, ...context.assignment.cooperating];
  return lines(text).map((line) => {
    const [name = '', ...rest] = line.split(/[：:]/u);
    const unit = participants.find((p) => p.label === name.trim() || p.unit === name.trim())?.unit ?? name.trim();
    return { unit, duty: rest.join('：').trim() };
  });
}

const optional = (key: string, value: string | undefined) => (value === undefined || value.trim() === '' ? {} : { [key]: value.trim() });
const lines = (value: string | undefined) =>
  (value ?? '')
    .split(/\n|；|;/u)
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** The references of the files the form uploaded (JSON: see `uploadDocuments`), or none. */
const references = (value: string | undefined): unknown[] => {
  if (value === undefined || value === '') return [];
  const parsed: unknown = JSON.parse(value);
  return Array.isArray(parsed) ? parsed : [];
};

/**
 * The body of `POST /cases/{id}/events` a form describes (no `by`, no `at`: the server fills them in).
 * Required fields are passed through even when empty so that the server's refusal names what is
 * missing; optional ones are left out when blank.
 */
export function eventFrom(type: CaseEventType, values: Readonly<Record<string, string>>, context?: CaseFacts): Record<string, unknown> {
  const get = (name: string) => values[name] ?? '';
  const base = { type };
  switch (type) {
    case 'review.pass':
      return { ...base, ...optional('opinion', values.opinion), ...optional('note', values.note) };
    case 'legal.approve':
    case 'leader.approve':
      return { ...base, ...optional('opinion', values.opinion) };
    case 'emergency.report':
      return { ...base, ...optional('description', values.description) };
    case 'emergency.decline':
      return { ...base, reason: get('reason') };
    case 'unit.acknowledge': {
      const staff = Number(get('staff'));
      // A number the form cannot read is passed as typed, for explainEvent to name.
      return { ...base, staff: get('staff').trim() !== '' && Number.isFinite(staff) ? staff : get('staff'), ...optional('equipment', values.equipment) };
    }
    case 'meeting.record': {
      const heldAt = parseWallClock(get('heldAt'));
      return { ...base, heldAt: heldAt === undefined ? get('heldAt') : instantOf(heldAt), attendees: get('attendees').split(/[、,，]/u).map((name) => name.trim()).filter(Boolean), decisions: get('decisions') };
    }
    case 'info.publish':
      return { ...base, text: get('text') };
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
      return {
        ...base,
        plan: {
          ...optional('summary', values.summary),
          division: context === undefined ? [] : divisionOf(get('division'), context),
          content: get('content'),
          methods: get('methods'),
          steps: get('steps'),
          timeLimits: get('timeLimits'),
          contingency: get('contingency'),
          ...(references(values.documents).length > 0 ? { documents: references(values.documents) } : {}),
        },
      };
    case 'unit.report': {
      const list = references(values.documents);
      return { ...base, summary: get('summary'), ...(list.length > 0 ? { documents: list } : {}), ...optional('suggestions', values.suggestions) };
    }
    case 'results.upload': {
      const list = references(values.documents);
      return { ...base, results: { summary: get('summary'), ...(list.length > 0 ? { documents: list } : {}), ...optional('lessons', values.lessons) } };
    }
    case 'case.archive':
      return { ...base, ...optional('summary', values.summary) };
    case 'case.urge':
      return { ...base, unit: get('unit'), ...optional('message', values.message) };
    case 'deadline.check':
      return base;
    case 'deadline.remind':
      return { ...base, beforeDueWorkingDays: Number(values.beforeDueWorkingDays ?? '1') };
  }
}

