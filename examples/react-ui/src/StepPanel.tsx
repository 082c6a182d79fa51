import type { CaseStateView, HistoryView } from 'linked-enforcement';
import { stepperOf } from './stepper.js';

export interface StepPanelProps {
  readonly state: CaseStateView;
  /** The 流转记录: which route the case takes, and where a branch left it. */
  readonly history: readonly HistoryView[];
  /** Who the case waits for, e.g. `['司法局']`. */
  readonly waitingFor: readonly string[];
}

/** 当前步骤: where the case stands on its route of the flowchart, or on a branch off it. */
export function StepPanel({ state, history, waitingFor }: StepPanelProps) {
  return (
    <section className="panel step" aria-label="当前步骤 Current step">
      <div className="step-head">
        <div>
          <div className="caption">当前步骤 Current step</div>
          <div className="step-label" data-testid="state-label">
            {state.stage !== state.path ? <span className="step-stage">{state.stageLabel.zh} ›</span> : null}
            <span lang="zh">{state.label.zh}</span> <span className="en">{state.label.en}</span>
          </div>
          <code className="path" data-testid="state-path">
            {state.path}
          </code>
        </div>
        <div className="step-status">
          {state.final ? (
            <span className="badge badge-closed" data-testid="state-final">
              已结束 Closed
            </span>
          ) : (
            <span className="badge badge-open">办理中 In progress</span>
          )}
          {waitingFor.length > 0 ? (
            <div className="waiting" data-testid="waiting-for">
              等待 Waiting for: {waitingFor.join('、')}
            </div>
          ) : null}
        </div>
      </div>
      <ol className="stepper">
        {stepperOf({ state: state.path, history }).map(({ path, label, status, branch, endedAt }, index) => (
          <li key={path} className={`stepper-${status}${branch ? ' stepper-branch' : ''}`} aria-current={status === 'current' ? 'step' : undefined} data-testid={`step-${status}`}>
            <span className="stepper-dot">{status === 'done' ? '✓' : branch ? '!' : index + 1}</span>
            <span className="stepper-zh">
              {label.zh}
              {endedAt === undefined ? null : `（于${endedAt.zh}）`}
            </span>
            <span className="stepper-en">{label.en}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
