import { buildCaseMachine, createCaseMachine, parseCaseInput, type CaseMachine } from '../../../machines/createCaseMachine.js';
import { limitedSteps, MAX_STEP_LIMIT } from '../../../machines/_lib/stepLimits.js';
import { machineRules } from '../../../machines/_lib/machineRules.js';
import type { CaseRules, DeadlineCalendar } from '../../../machines/_lib/rules.js';
import type { CaseEvent } from '../../../machines/schemas.js';
import { explainEvent } from '../../../machines/selectors.js';
import { canonicalJson } from './canonicalJson.js';
import { inputLimitIssues } from './inputLimits.js';
import type { CaseDeadline } from '../../../machines/types.js';
import type { AuditEntry } from '../schemas.js';
import type { AuditProblem } from '../types.js';
import { CaseRunner, type CaseRun } from './decide/CaseRunner.js';
import type { MachineInfo } from './machineInfo.js';

/**
 * A calendar that answers with the deadlines a case recorded when they differ from what the
 * calendar says today (estimated holiday data replaced by the official notice, a corrected
 * day): the record stands, and each difference becomes a `calendar` warning.
 */
function recordingCalendar(calendar: DeadlineCalendar, recorded: readonly CaseDeadline[], warnings: AuditProblem[]): DeadlineCalendar {
  return {
    deadline(start, workingDays) {
      const computed = calendar.deadline(start, workingDays);
      const kept = recorded.find((deadline) => deadline.startedAt === start && deadline.workingDays === workingDays);
      if (kept === undefined || (kept.dueAt === computed.dueAt && kept.dueDate === computed.dueDate && kept.provisional === computed.provisional)) return computed;
      const basis = kept.provisional ? 'estimated (provisional) holiday data' : 'holiday data that has changed since';
      warnings.push({
        kind: 'calendar',
        version: null,
        message: `the deadline of ${workingDays} working days from ${start} was recorded as ${kept.dueDate} (${basis}); the calendar now says ${computed.dueDate}${computed.provisional ? ' (provisional)' : ''}`,
      });
      return { dueDate: kept.dueDate, dueAt: kept.dueAt, provisional: kept.provisional };
    },
  };
}

/** The step limits a case recorded (环节办理时限): each with its step, state and limit as the machine writes them. */
const recordedStepsOf = (recorded: readonly CaseDeadline[]) =>
  recorded.filter(
    (deadline) =>
      deadline.kind === 'step' &&
      // Stryker disable next-line ConditionalExpression: a step limit whose state is no text would match no step entered (recordedStepLimit compares it), so it changes nothing replayed
      typeof deadline.state === 'string' &&
      Number.isInteger(deadline.workingDays) &&
      deadline.workingDays >= 1 &&
      deadline.workingDays <= MAX_STEP_LIMIT &&
      (limitedSteps as readonly unknown[]).includes(deadline.step),
  );

/**
 * The engine's machine, or a twin that keeps the record: its calendar answers with the recorded
 * deadlines, and a step gets the limit the case recorded when it entered it (none if it recorded
 * none), so a county that changed its `stepLimits` still replays its older cases as they ran.
 */
function replayMachine(info: MachineInfo, recorded: readonly CaseDeadline[] | undefined, warnings: AuditProblem[]): CaseMachine {
  // The engine takes only machines made by createCaseMachine, which keeps their rules.
  const rules = machineRules.get(info.machine)!;
  // A case that recorded no deadline gets a twin too: under no step limits, one that runs as the engine's machine.
  if (recorded === undefined) return info.machine;
  const steps = recordedStepsOf(recorded);
  // Every rule of the engine's machine (its leader roster too); the calendar and the step limits answer from the record.
  const stepLimits = { ...rules.stepLimits, ...Object.fromEntries(steps.map((deadline) => [deadline.step, deadline.workingDays])) };
  const checked = machineRules.get(createCaseMachine({ ...rules, stepLimits, calendar: recordingCalendar(rules.calendar, recorded, warnings) }))!;
  const twinRules: CaseRules = {
    ...checked,
    recordedStepLimit: (state, at) => steps.find((deadline) => deadline.state === state && deadline.startedAt === at)?.workingDays ?? null,
  };
  const twin = buildCaseMachine(twinRules) as unknown as CaseMachine;
  machineRules.set(twin, twinRules);
  return twin;
}

/** What replaying a log did. */
export interface Replay {
  /** Entries the machine took, from the first. */
  readonly steps: number;
  /** The last run (the case after `steps` entries), or `undefined` before the first. */
  readonly last: CaseRun | undefined;
  /** Why it stopped before `upTo`. */
  readonly stopped?: AuditProblem;
  /** Deadlines replayed from the record rather than today's calendar. */
  readonly warnings: readonly AuditProblem[];
}

/**
 * Runs the logged events through the machine from the opening input (Temporal's determinism
 * check, an event-sourcing rebuild), calling `onStep` after each accepted entry. Stops at the
 * first entry the machine refuses or fails on.
 *
 * @param recorded - A closed record's deadlines (vouched for by the log's digests), answered instead of today's calendar.
 */
export function replayLog(
  info: MachineInfo,
  entries: readonly AuditEntry[],
  upTo: number,
  recorded: readonly CaseDeadline[] | undefined,
  onStep: (entry: AuditEntry, run: CaseRun) => void,
): Replay {
  const warnings: AuditProblem[] = [];
  const machine = replayMachine(info, recorded, warnings);
  let runner: CaseRunner | undefined;
  let last: CaseRun | undefined;
  let steps = 0;
  const stop = (entry: AuditEntry, message: string): Replay => {
    runner?.stop();
    return { steps, last, stopped: { kind: 'replay', version: entry.version, message }, warnings };
  };
  // Stryker disable next-line MethodExpression: both callers pass the entries up to `upTo` (verifyCase all of them, replayIdempotent those it checked)
  for (const entry of entries.slice(0, upTo)) {
    // The engine writes no event beyond its input limits: one that is (a list of a million entries)
    // was put there by someone else, and the machine's schemas would take seconds to say so.
    const oversized = inputLimitIssues(entry.event, entry.type === 'case.open' ? 'input' : 'event')[0];
    if (oversized !== undefined) {
      return stop(entry, `entry ${entry.version} (${entry.type}) holds what the engine never writes: ${oversized.path.map(String).join('.')}: ${oversized.message}`);
    }
    let run: CaseRun;
    try {
      if (runner === undefined) {
        if (entry.type !== 'case.open') return stop(entry, `entry ${entry.version} is not the opening (case.open) the replay starts from`);
        // The engine logs the opening input as it checked it: a field it would have left out was put there by someone else.
        if (canonicalJson(parseCaseInput(entry.event, info.machine)) !== canonicalJson(entry.event)) {
          return stop(entry, `entry ${entry.version} (case.open) holds what the engine never writes: its input is not the input as checked`);
        }
        runner = new CaseRunner(machine, { input: entry.event });
        run = runner.run();
      } else {
        if (entry.type === 'case.open') return stop(entry, `entry ${entry.version} is a second opening (case.open)`);
        const before = runner.peek();
        run = runner.run(entry.event as CaseEvent);
        if (run.snapshot.context.history.length !== entry.version) {
          // The machine's guards are explainEvent's (machines/_lib/rules.ts): an event it took without recording is one explainEvent refuses.
          // Stryker disable next-line OptionalChaining,StringLiteral: the fallback keeps a future divergence of the two a named stop; no machine createCaseMachine makes reaches it
          const why = explainEvent(before, entry.event)?.reason ?? 'it took no transition';
          return stop(entry, `the machine refuses entry ${entry.version} (${entry.type}) when replaying the log: ${why}`);
        }
      }
    } catch (error) {
      return stop(entry, `the machine failed on entry ${entry.version} (${entry.type}) when replaying the log: ${error instanceof Error ? error.message : String(error)}`);
    }
    steps++;
    last = run;
    onStep(entry, run);
  }
  runner?.stop();
  return { steps, last, warnings };
}
