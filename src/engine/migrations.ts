import type { CaseMigration } from './types.js';

/**
 * The `machineVersion` of this release's case machine, written into every envelope and audit
 * entry. Bump it, with a migration, when the machine's persisted snapshot changes.
 *
 * - 1: 0.1.
 * - 2: 0.2.0 — acknowledgements, joint meetings and published information in the context, the
 *   work plan's required parts (v1 plans are kept as written, marked `machineVersion: 1`).
 * - 3: 0.4.0 — documents (法律文书) are references to stored files `{ name, sha256, size, mediaType }`;
 *   the names a v2 case recorded become `{ name }` (a `LegacyDocument`: no file, no hash).
 *   A machine with `stepLimits` also records deadlines of kind `step` (optional fields, new in
 *   0.4.0 with version 3 itself: no migration, every stored v3 case loads as it is).
 *
 * @example
 * createCaseEngine().machineVersion === CASE_MACHINE_VERSION
 * //=> true
 */
export const CASE_MACHINE_VERSION = 3;

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

/** A v2 list of document names as `{ name }` legacy documents; anything else is handed on for the restore's check to name. */
const legacyDocuments = (documents: unknown) =>
  Array.isArray(documents) ? documents.map((document) => (typeof document === 'string' ? { name: document } : document)) : documents;

/** A context's (or dossier's) reports and results with their document names as legacy documents. */
function withLegacyDocuments(record: Json): Json {
  const reports = Array.isArray(record.reports) ? { reports: record.reports.map((report) => (isRecord(report) ? { ...report, documents: legacyDocuments(report.documents) } : report)) } : {};
  const results = isRecord(record.results) && record.results.documents !== undefined ? { results: { ...record.results, documents: legacyDocuments(record.results.documents) } } : {};
  return { ...record, ...reports, ...results };
}

/**
 * 2 → 3 (0.4.0): documents became references to stored files. A v2 case recorded names only
 * (`documents: ['检查记录']`); each becomes `{ name: '检查记录' }` — never a made-up hash. Plans had
 * no documents. States, events and the history are unchanged.
 */
const toVersion3: CaseMigration = {
  from: 2,
  to: 3,
  migrate(snapshot) {
    if (!isRecord(snapshot) || !isRecord(snapshot.context)) return snapshot;
    const { context, output } = snapshot;
    return { ...snapshot, context: withLegacyDocuments(context), ...(isRecord(output) ? { output: withLegacyDocuments(output) } : {}) };
  },
};

/**
 * The migrations of the case machine's own snapshots, for any county's machine made by
 * `createCaseMachine`. Every engine runs them unless given its own migration from the same version.
 */
export const caseMachineMigrations: readonly CaseMigration[] = [toVersion2, toVersion3];
