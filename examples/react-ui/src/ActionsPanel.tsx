import { caseEventTypes, eventLabels, explainEvent, type CaseContext, type CaseEventType, type CaseSnapshotLike } from 'linked-enforcement';
import { useState, type FormEvent } from 'react';
import { eventFrom, fieldsOf, initialValues, referenceOf, sampleEvent, urgeTargets, type Field } from './eventForms.js';
import { refusalFor, type Notice, type NoticeAction } from './notice.js';
import { ITEM_NO, itemParticipants, unitName, type Person } from './people.js';

export interface ActionsPanelProps {
  readonly snapshot: CaseSnapshotLike;
  readonly person: Person;
  /** What `allowedEvents(snapshot, person.by)` returned. */
  readonly allowed: readonly CaseEventType[];
  /** The page clock, as epoch ms and as the instant events carry. */
  readonly now: number;
  readonly at: string;
  /** Sends an event `explainEvent` accepted; returns whether the case took it. */
  readonly onSend: (event: unknown) => boolean;
  /** The page's one notice (已记录 or a refusal) and its reducer's dispatch. */
  readonly notice: Notice | undefined;
  readonly onNotice: (action: NoticeAction) => void;
}

/** 我的操作: only the actions `allowedEvents` returns for this person, each with its fields. */
export function ActionsPanel({ snapshot, person, allowed, now, at, onSend, notice, onNotice }: ActionsPanelProps) {
  const context = snapshot.context as CaseContext;
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
          // Remounted after every accepted event, so each form starts empty again.
          <ActionForm key={`${person.key}-${type}-${context.history.length}`} type={type} snapshot={snapshot} person={person} now={now} at={at} onSend={onSend} notice={notice} onNotice={onNotice} />
        ))
      )}
      <WhyNot key={person.key} snapshot={snapshot} person={person} allowed={allowed} at={at} />
    </section>
  );
}

interface ActionFormProps extends Omit<ActionsPanelProps, 'allowed'> {
  readonly type: CaseEventType;
}

function ActionForm({ type, snapshot, person, now, at, onSend, notice, onNotice }: ActionFormProps) {
  const context = snapshot.context as CaseContext;
  const [values, setValues] = useState(() => initialValues(type, context, now));
  const refusal = refusalFor(notice, type, at);
  const label = eventLabels[type];
  const submit = (formEvent: FormEvent) => {
    formEvent.preventDefault();
    const event = eventFrom(type, person.by, at, values, context);
    onNotice({ kind: 'attempt' });
    const why = explainEvent(snapshot, event);
    if (why !== undefined) return onNotice({ kind: 'refused', eventType: type, at, refusal: why });
    if (!onSend(event)) onNotice({ kind: 'refused', eventType: type, at, refusal: { code: 'NOT_ALLOWED', reason: 'the case did not take the event', reasonZh: '案件未接受此操作', issues: [] } });
  };
  return (
    <form className="action" data-testid={`action-${type}`} onSubmit={submit} noValidate>
      <div className="action-title">
        {label.zh} <span className="en">{label.en}</span> <code>{type}</code>
      </div>
      {fieldsOf[type].map((field) => (
        <FieldInput key={field.name} field={field} value={values[field.name] ?? ''} context={context} onChange={(value) => setValues({ ...values, [field.name]: value })} />
      ))}
      {type === 'task.dispatch' ? <DispatchUnits /> : null}
      {refusal === undefined ? null : (
        <p className="refusal" role="alert" data-testid="refusal">
          <strong>未能提交 Not sent</strong>（{refusal.code}）：{refusal.reasonZh} <span className="en">{refusal.reason}</span>
        </p>
      )}
      <button type="submit" className="primary" data-testid={`send-${type}`}>
        {label.zh} {label.en}
      </button>
    </form>
  );
}

function FieldInput({ field, value, context, onChange }: { field: Field; value: string; context: CaseContext; onChange: (value: string) => void }) {
  const common = { name: field.name, value, 'data-testid': `field-${field.name}`, placeholder: field.placeholder };
  return (
    <label className="field">
      <span>
        {field.zh} <span className="en">{field.en}</span>
        {field.required ? <span className="required"> *</span> : null}
      </span>
      {field.kind === 'files' ? (
        <>
          <input
            name={field.name}
            data-testid={`field-${field.name}`}
            type="file"
            multiple
            onChange={(event) => void Promise.all([...(event.target.files ?? [])].map(referenceOf)).then((refs) => onChange(refs.length === 0 ? '' : JSON.stringify(refs)))}
          />
          <span className="muted small" data-testid={`field-${field.name}-ready`}>
            {value === '' ? '' : `${(JSON.parse(value) as unknown[]).length} 份已计算 SHA-256 hashed`}
          </span>
        </>
      ) : field.kind === 'textarea' ? (
        <textarea {...common} rows={2} onChange={(event) => onChange(event.target.value)} />
      ) : field.kind === 'unit' ? (
        <select {...common} onChange={(event) => onChange(event.target.value)}>
          {urgeTargets(context).map((unit) => (
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

/** The dispatch assigns item 1's units from the catalog (the event could also name others). */
function DispatchUnits() {
  return (
    <p className="muted small">
      牵头单位 Lead: {itemParticipants.lead.label}；配合单位 Cooperating: {itemParticipants.cooperating.map((p) => p.label).join('、')}
      <br />
      <span className="en">The units of item {ITEM_NO} in the catalog (附件3); a dispatch could also name others.</span>
    </p>
  );
}

/** "为什么不能…？": asks `explainEvent` why an action not offered would be refused. */
function WhyNot({ snapshot, person, allowed, at }: Pick<ActionsPanelProps, 'snapshot' | 'person' | 'allowed' | 'at'>) {
  const [type, setType] = useState<CaseEventType | ''>('');
  const others = caseEventTypes.filter((candidate) => !allowed.includes(candidate));
  const refusal = type === '' ? undefined : explainEvent(snapshot, sampleEvent(type, person.by, at, snapshot.context as CaseContext));
  return (
    <details className="why-not">
      <summary>
        为什么不能…？<span className="en">Why can’t I…?</span>
      </summary>
      <label className="field">
        <span>
          其他操作 <span className="en">Another action</span>
        </span>
        <select data-testid="why-not-select" value={type} onChange={(event) => setType(event.target.value as CaseEventType | '')}>
          <option value="">— 选择 choose —</option>
          {others.map((other) => (
            <option key={other} value={other}>
              {eventLabels[other].zh} {eventLabels[other].en}
            </option>
          ))}
        </select>
      </label>
      {type === '' ? null : (
        <p className={refusal === undefined ? 'muted' : 'refusal'} data-testid="why-not-reason">
          {refusal === undefined ? '此操作可以执行（填写内容后）。This action would be accepted.' : `不可执行 Refused（${refusal.code}）：${refusal.reasonZh} — ${refusal.reason}`}
        </p>
      )}
    </details>
  );
}
