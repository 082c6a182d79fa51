import { stateLabels, type CaseStateView, type CaseStatePath } from 'linked-enforcement';

/** The main line of 附件1's flowchart, from application to archive. */
const mainLine: readonly CaseStatePath[] = [
  'preliminaryReview',
  'legalReview',
  'leaderApproval',
  'dispatching',
  'enforcing.planning',
  'enforcing.executing',
  'enforcing.reporting',
  'aggregating',
  'archived',
];

export interface StepPanelProps {
  readonly state: CaseStateView;
  /** Who the case waits for, e.g. `['司法局']`. */
  readonly waitingFor: readonly string[];
}

/** 当前步骤: where the case stands, on the flowchart's main line. */
export function StepPanel({ state, waitingFor }: StepPanelProps) {
  const at = mainLine.indexOf(state.path);
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
        {mainLine.map((path, index) => {
          const status = at === -1 ? 'off' : index < at ? 'done' : index === at ? 'current' : 'todo';
          return (
            <li key={path} className={`stepper-${status}`} aria-current={status === 'current' ? 'step' : undefined}>
              <span className="stepper-dot">{status === 'done' ? '✓' : index + 1}</span>
              <span className="stepper-zh">{stateLabels[path].zh}</span>
              <span className="stepper-en">{stateLabels[path].en}</span>
            </li>
          );
        })}
      </ol>
      {at === -1 ? (
        <p className="offline">
          此案已离开主流程：{state.label.zh}。<span className="en">The case left the main line: {state.label.en}.</span>
        </p>
      ) : null}
    </section>
  );
}
