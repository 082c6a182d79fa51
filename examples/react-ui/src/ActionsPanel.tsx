import { eventLabels, type Actor, type CaseEventType } from 'linked-enforcement';
import { useState, type FormEvent } from 'react';
import { ApiProblem, uploadDocuments, type Problem } from './api.js';
import { refusalFor, type Notice, type NoticeAction } from './notice.js';
import { participantsOf, type CaseFacts } from './caseFacts.js';
import { eventFrom, fieldsOf, initialValues, urgeTargets, type Field } from './eventForms.js';
import { unitName, type Person } from './people.js';

export interface ActionsPanelProps {
  readonly facts: CaseFacts;
  /** The case version the forms were drawn for: each form starts empty again after it changes. */
  readonly version: number;
  readonly person: Person;
  /** What `GET /cases/{id}/allowed-events` answered for this person. */
  readonly allowed: readonly CaseEventType[];
  /** The demo clock (epoch ms), for the forms' default times. */
  readonly now: number;
  /** Sends the event to the server; the problem when it refuses it. */
  readonly onSend: (event: Record<string, unknown>) => Promise<Problem | undefined>;
  /** The page's one notice (已记录 or a refusal) and its reducer's dispatch; `at` keys a refusal to the version and time it was given for. */
  readonly notice: Notice<Problem> | undefined;
  readonly onNotice: (action: NoticeAction<Problem>) => void;
  readonly at: string;
}

/** 我的操作: only the actions the server allows this person now, each with its fields. */
export function ActionsPanel({ facts, version, person, allowed, now, onSend, notice, onNotice, at }: ActionsPanelProps) {
  return (
    <section className="panel actions" aria-label="我的操作 My actions">
      <h2>
        我的操作 <span className="en">My actions</span> — {person.zh}
      </h2>
      {allowed.length === 0 ? (
        <p className="muted" data-testid="no-actions">
          当前没有您可以执行的操作。<span className="en">Nothing for you to do at this step.</span>
        </p>
      ) : (
        allowed.map((type) => (
          <ActionForm key={`${person.key}-${type}-${version}`} type={type} by={person.by} facts={facts} now={now} onSend={onSend} refusal={refusalFor(notice, type, at)} onNotice={onNotice} at={at} />
        ))
      )}
    </section>
  );
}

/** `未能提交 Not sent（INVALID_EVENT）：输入有误 — 理由：不能为空` with the English detail beside it. */
export function ProblemText({ problem }: { problem: Problem }) {
  return (
    <>
      <strong>未能提交 Not sent</strong>（{problem.code ?? problem.status}）：{problem.title}
      {problem.detailZh !== undefined && problem.detailZh !== problem.title ? ` — ${problem.detailZh}` : ''} <span className="en">{problem.detail}</span>
    </>
  );
}

interface ActionFormProps extends Pick<ActionsPanelProps, 'facts' | 'now' | 'onSend' | 'onNotice' | 'at'> {
  readonly type: CaseEventType;
  readonly by: Actor;
  readonly refusal: Problem | undefined;
}

function ActionForm({ type, by, facts, now, onSend, refusal, onNotice, at }: ActionFormProps) {
  const [values, setValues] = useState(() => initialValues(type, facts, now));
  const [sending, setSending] = useState(false);
  const label = eventLabels[type];
  const submit = async (formEvent: FormEvent) => {
    formEvent.preventDefault();
    setSending(true);
    onNotice({ kind: 'attempt' });
    try {
      const problem = await onSend(eventFrom(type, values, facts));
      if (problem !== undefined) onNotice({ kind: 'refused', eventType: type, at, refusal: problem });
    } finally {
      setSending(false);
    }
  };
  return (
    <form className="action" data-testid={`action-${type}`} onSubmit={(event) => void submit(event)} noValidate>
      <div className="action-title">
        {label.zh} <span className="en">{label.en}</span> <code>{type}</code>
      </div>
      {fieldsOf[type].map((field) => (
        <FieldInput key={field.name} field={field} by={by} value={values[field.name] ?? ''} facts={facts} onChange={(value) => setValues((current) => ({ ...current, [field.name]: value }))} />
      ))}
      {type === 'task.dispatch' ? <DispatchUnits itemNo={facts.itemNo} /> : null}
      {refusal === undefined ? null : (
        <p className="refusal" role="alert" data-testid="refusal">
          <ProblemText problem={refusal} />
        </p>
      )}
      <button type="submit" className="primary" data-testid={`send-${type}`} disabled={sending}>
        {label.zh} {label.en}
      </button>
    </form>
  );
}

function FieldInput({ field, by, value, facts, onChange }: { field: Field; by: Actor; value: string; facts: CaseFacts; onChange: (value: string) => void }) {
  const common = { name: field.name, value, 'data-testid': `field-${field.name}`, placeholder: field.placeholder };
  return (
    <label className="field">
      <span>
        {field.zh} <span className="en">{field.en}</span>
        {field.required ? <span className="required"> *</span> : null}
      </span>
      {field.kind === 'files' ? (
        <FilesInput name={field.name} by={by} value={value} onChange={onChange} />
      ) : field.kind === 'textarea' ? (
        <textarea {...common} rows={2} onChange={(event) => onChange(event.target.value)} />
      ) : field.kind === 'unit' ? (
        <select {...common} onChange={(event) => onChange(event.target.value)}>
          {urgeTargets(facts).map((unit) => (
            <option key={unit} value={unit}>
              {unitName(unit)}
            </option>
          ))}
        </select>
      ) : (
        <input {...common} type={field.kind === 'datetime' ? 'datetime-local' : field.kind === 'number' ? 'number' : 'text'} onChange={(event) => onChange(event.target.value)} />
      )}
    </label>
  );
}

/**
 * 文书文件: the chosen files are uploaded at once (`POST /documents`); the field keeps their
 * references (JSON), which the event's `documents` carries. A refused upload (too large, a media
 * type the store does not take) shows the server's problem and keeps nothing.
 */
function FilesInput({ name, by, value, onChange }: { name: string; by: Actor; value: string; onChange: (value: string) => void }) {
  const [state, setState] = useState<{ uploading: true } | { problem: Problem }>();
  const chosen = async (files: File[]) => {
    onChange('');
    if (files.length === 0) return setState(undefined);
    setState({ uploading: true });
    try {
      const refs = await uploadDocuments(files, by);
      onChange(JSON.stringify(refs));
      setState(undefined);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      setState({ problem: error.problem });
    }
  };
  const refs = value === '' ? [] : (JSON.parse(value) as { name: string; sha256: string }[]);
  return (
    <>
      <input name={name} data-testid={`field-${name}`} type="file" multiple onChange={(event) => void chosen([...(event.target.files ?? [])])} />
      <span className="muted small" data-testid={`field-${name}-ready`}>
        {state !== undefined && 'uploading' in state
          ? '上传中… Uploading…'
          : refs.length === 0
            ? ''
            : `${refs.length} 份已上传 uploaded：${refs.map((ref) => `${ref.name}（SHA-256 ${ref.sha256.slice(0, 8)}…）`).join('、')}`}
      </span>
      {state !== undefined && 'problem' in state ? (
        <span className="refusal small" role="alert" data-testid={`field-${name}-problem`}>
          未能上传 Not uploaded（{state.problem.code ?? state.problem.status}）：{state.problem.detailZh ?? state.problem.title}
        </span>
      ) : null}
    </>
  );
}

/** The dispatch assigns the item's units from the catalog (the event could also name others). */
function DispatchUnits({ itemNo }: { itemNo: number | undefined }) {
  if (itemNo === undefined) return null;
  const participants = participantsOf(itemNo);
  return (
    <p className="muted small">
      牵头单位 Lead: {participants.lead.label}；配合单位 Cooperating: {participants.cooperating.map((p) => p.label).join('、')}
      <br />
      <span className="en">The units of item {itemNo} in the catalog (附件3); a dispatch could also name others.</span>
    </p>
  );
}
