import type { CaseMigration } from './types.js';

/**
 * The `machineVersion` of this release's case machine, written into every envelope and audit
 * entry. Bump it, with a migration, when the machine's persisted snapshot changes.
 *
 * - 1: 0.1.
 * - 2: 0.2.0 — acknowledgements, joint meetings and published information in the context, the
 *   work plan's required parts (v1 plans are kept as written, marked `machineVersion: 1`).
 *
 * @example
 * createCaseEngine().machineVersion === CASE_MACHINE_VERSION
 * //=> true
 */
export const CASE_MACHINE_VERSION = 2;

type Json = Readonly<Record<string, unknown>>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A v1 plan is kept as written: its parts were optional and `division` was free text. */
const legacyPlan = (plan: unknown) => (isRecord(plan) ? { plan: { ...plan, machineVersion: 1 } } : {});

/**
 * 1 → 2 (0.2.0): the context gains `acknowledgements`, `meetings` and `publications` (none were
 * recorded before), and a v1 work plan is marked `machineVersion: 1`; a closed case's dossier
 * gains the same. States, events and the history are unchanged.
 */
const toVersion2: CaseMigration = {
  from: 1,
  to: 2,
  migrate(snapshot) {
    // What it cannot read it hands on unchanged, for the restore's check to name what is wrong.
    if (!isRecord(snapshot) || !isRecord(snapshot.context)) return snapshot;
    const { context, output } = snapshot;
    const added = { acknowledgements: [], meetings: [], publications: [] };
    return {
      ...snapshot,
      context: { ...context, ...added, ...legacyPlan(context.plan) },
      ...(isRecord(output) ? { output: { ...output, ...added, ...legacyPlan(output.plan) } } : {}),
    };
  },
};

/**
 * The migrations of the case machine's own snapshots, for any county's machine made by
 * `createCaseMachine`. Every engine runs them unless given its own migration from the same version.
 */
export const caseMachineMigrations: readonly CaseMigration[] = [toVersion2];
