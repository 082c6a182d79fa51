import type { CaseEvent } from '../../../../machines/schemas.js';
import { explainEvent } from '../../../../machines/selectors.js';
import { eventLabels, stateLabels } from '../../../../machines/labels.js';
import { LinkedEnforcementError } from '../../../errors.js';
import type { CaseCache } from '../load/CaseCache.js';
import { incompatibleSnapshot, type CaseCopy } from '../load/restoreCase.js';
import type { MachineInfo } from '../machineInfo.js';
import { CaseRunner, type CaseRun } from './CaseRunner.js';

/** What the machine made of an event: taken (with the actor that took it), or refused (with the error to report). */
export type Decision = { readonly taken: true; readonly run: CaseRun; readonly runner: CaseRunner } | { readonly taken: false; readonly refusal: LinkedEnforcementError };

/**
 * Runs the event on the copy: on its live actor when the engine holds one at this version, else
 * on one restored from the copy's snapshot. Optimistic: the selectors are asked why only when
 * the machine did not take it. A refused event leaves the actor where it was, to be used again.
 *
 * @throws {LinkedEnforcementError} `INCOMPATIBLE_SNAPSHOT` when the machine cannot restore the copy; what the machine throws.
 */
export function decideEvent(info: MachineInfo, cache: CaseCache, copy: CaseCopy, event: CaseEvent): Decision {
  const runner = cache.takeRunner(copy) ?? new CaseRunner(info.machine, { snapshot: copy.persisted });
  const before = runner.peek();
  if (before.status === 'error') {
    runner.stop();
    incompatibleSnapshot(copy.caseId, copy.envelope, 'the machine could not restore it', before.error);
  }
  const run = runner.run(event);
  if (run.snapshot.context.history.length === copy.version + 1) return { taken: true, run, runner };
  const refusal = explainEvent(before, event) ?? {
    code: 'NOT_ALLOWED',
    reason: `the machine did not take ${event.type} in ${copy.state}`,
    reasonZh: `案件处于“${stateLabels[copy.state].zh}”，未能${eventLabels[event.type].zh}`,
    issues: [],
  };
  if (run.snapshot !== before) runner.stop();
  else cache.giveBack(copy, runner);
  return {
    taken: false,
    refusal: new LinkedEnforcementError(refusal.code, `Case ${copy.caseId}: ${refusal.reason}`, {
      context: { caseId: copy.caseId, version: copy.version, state: copy.state, type: event.type, by: event.by, reason: refusal.reason, reasonZh: refusal.reasonZh },
      issues: refusal.issues,
    }),
  };
}
