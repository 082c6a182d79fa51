import type { CaseEvent, CaseInput } from '../../../../machines/schemas.js';
import { LinkedEnforcementError } from '../../../errors.js';
import { beijingIso } from '../../../_lib/beijingTime.js';
import { ownMessageZh } from '../../../_lib/messagesZh.js';
import { GENESIS_HASH } from '../../auditChain.js';
import { STORE_FORMAT, type AuditEntry, type CaseEnvelope } from '../../schemas.js';
import type { CaseSummary, CaseWrite, IdempotencyRecord, SendResultData } from '../../types.js';
import { canonicalJson, frozenCanonicalJson } from '../canonicalJson.js';
import { machineRules } from '../../../../machines/_lib/machineRules.js';
import { nextDueAtOf, nextWakeAtOf, summaryOf } from '../caseSummary.js';
import type { CaseRun } from '../decide/CaseRunner.js';
import { identifierProblem } from '../inputLimits.js';
import type { CaseCopy } from '../load/restoreCase.js';
import type { PersistedSnapshot } from '../load/snapshotSchema.js';
import { headOf } from '../load/storedHistory.js';
import type { MachineInfo } from '../machineInfo.js';
import { outboxOf } from '../outbox.js';
import { sha256Hex } from '../sha256.js';
import { caseStatsAfter, NO_PROGRESS, stepProgressOf } from '../stats/caseStats.js';
import { snapshotText, type FieldTexts } from './snapshotText.js';

/** A copy written by the engine itself: with the text of each snapshot field, for the next version's digest. */
export interface WrittenCopy extends CaseCopy {
  readonly fieldTexts: FieldTexts;
}

/** One accepted event, ready to store: the write, and the copy of the case it makes once stored. */
export interface PreparedWrite {
  readonly write: CaseWrite;
  readonly copy: WrittenCopy;
}

/** The envelope's canonical JSON around its snapshot's, already written (keys in canonical order). */
function envelopeText(envelope: CaseEnvelope, snapshot: string): string {
  return (
    `{"auditHead":${canonicalJson(envelope.auditHead)},"format":${canonicalJson(envelope.format)},"machineId":${canonicalJson(envelope.machineId)},` +
    `"machineVersion":${envelope.machineVersion},"nextDueAt":${canonicalJson(envelope.nextDueAt)},"snapshot":${snapshot},"version":${envelope.version}}`
  );
}

/**
 * Everything one accepted event writes: the new envelope (the snapshot without its history and
 * its digest), the audit entry chained to the previous one, the columns a store indexes, the
 * outbox messages and the idempotency record.
 *
 * @param run - The machine's run: on `previous`'s snapshot, or the opening.
 * @param event - The event as parsed (the opening input for `case.open`), for the log.
 * @param resultOf - The view of the result (from the new copy), asked for only when the idempotency record must keep it whole.
 * @throws {LinkedEnforcementError} `INVALID_INPUT`/`INVALID_EVENT` for a unit id the store cannot hold.
 */
export function caseWriteOf(
  info: MachineInfo,
  caseId: string,
  run: CaseRun,
  previous: CaseCopy | undefined,
  event: CaseEvent | CaseInput,
  now: Date,
  key: { readonly idempotencyKey: string; readonly requestHash: string } | undefined,
  resultOf: (copy: WrittenCopy) => SendResultData,
): PreparedWrite {
  const version = (previous?.version ?? 0) + 1;
  const last = run.snapshot.context.history.at(-1)!;
  // Its new objects are frozen as the snapshot text is written (the machine never changes a context
  // object, it replaces it): the copy, the views and the memory store share them from then on.
  const persisted = run.persisted as unknown as PersistedSnapshot;
  // History entries the log cannot rebuild (written by an older machine release) stay in the stored snapshot.
  const prefixLength = previous === undefined ? 0 : previous.envelope.machineVersion === info.machineVersion ? previous.prefixLength : version - 1;
  const head = headOf(persisted as never, prefixLength);
  const snapshot = snapshotText(head, (previous as Partial<WrittenCopy> | undefined)?.fieldTexts);
  const recordedAt = beijingIso(now);
  const entry: AuditEntry = {
    caseId,
    version,
    type: last.type,
    by: last.by,
    at: last.at,
    event: event as AuditEntry['event'],
    from: last.from,
    to: last.to,
    notifications: run.notifications,
    machineVersion: info.machineVersion,
    prevHash: previous?.envelope.auditHead ?? GENESIS_HASH,
    recordedAt,
    snapshotDigest: sha256Hex(snapshot.text),
    ...key,
  };
  const envelope: CaseEnvelope = {
    format: STORE_FORMAT,
    machineId: info.machine.id,
    machineVersion: info.machineVersion,
    snapshot: head,
    version,
    nextDueAt: nextDueAtOf(persisted.context),
    auditHead: sha256Hex(frozenCanonicalJson(entry)),
  };
  // Stryker disable next-line ConditionalExpression: summaryOf without the previous version computes every field afresh; with it, it reuses the unchanged ones (a saving only: the same summary)
  const summary: CaseSummary = { ...summaryOf(run.snapshot, version, previous === undefined ? undefined : { summary: previous.summary, historyLength: previous.snapshot.context.history.length }), nextWakeAt: nextWakeAtOf(persisted.context, machineRules.get(info.machine)!, info.remindBefore) };
  // The units of a version this engine wrote (the same array) were checked when it wrote them; a restored case's are checked again.
  const checked = previous !== undefined && (previous as Partial<WrittenCopy>).fieldTexts !== undefined && summary.units === previous.summary.units;
  // Stryker disable next-line ArrayDeclaration: what is walked in place of the checked units is only checked as unit ids; an id that passes changes nothing
  for (const unit of checked ? [] : summary.units) {
    const problem = identifierProblem(unit);
    if (problem !== undefined) {
      // Only an event makes unit ids of its own (a dispatch's township: locality:<name>); an
      // opening's are its input's (by.unit, applicant, reporter), refused with the input, or the
      // catalog's slugs. The opening's refusal stays for a machine that makes new ones.
      // Stryker disable next-line ConditionalExpression,StringLiteral,ObjectLiteral: see above
      const opening = previous === undefined ? { code: 'INVALID_INPUT' as const, context: { argument: 'input' } } : undefined;
      // Stryker disable next-line StringLiteral: each problem identifierProblem names has its Chinese (an event's input limits leave only the length)
      const problemZh = ownMessageZh(problem) ?? '不符合要求';
      throw new LinkedEnforcementError(opening?.code ?? 'INVALID_EVENT', `Case ${caseId}: the unit id "${unit.slice(0, 80)}" ${problem}`, {
        context: { caseId, unit: unit.slice(0, 200), reason: problem, reasonZh: `单位编号“${unit.slice(0, 80)}”${problemZh}`, ...opening?.context },
      });
    }
  }
  // The statistics from the previous version's step progress: only the entries this event added are walked (a restored case's history once).
  // Stryker disable next-line ConditionalExpression: from NO_PROGRESS the whole history is walked again, to the same statistics (a saving only)
  const before = previous === undefined ? NO_PROGRESS : (previous.stepProgress ??= stepProgressOf(previous.snapshot));
  const stats = caseStatsAfter(run.snapshot, version, before);
  const copy: WrittenCopy = { caseId, envelope, version, persisted, snapshot: run.snapshot, state: last.to, prefixLength, summary, fieldTexts: snapshot.fields, stepProgress: stats.progress };
  const idempotency: IdempotencyRecord | undefined =
    key === undefined
      ? undefined
      : // A case with older-release history cannot be replayed to this version later: keep its result.
        { key: key.idempotencyKey, requestHash: key.requestHash, version, ...(prefixLength > 0 ? { result: structuredClone({ ...resultOf(copy) }) } : {}) };
  const write: CaseWrite = {
    caseId,
    envelope,
    summary,
    entry,
    outbox: outboxOf(caseId, version, run.notifications, recordedAt),
    ...(idempotency === undefined ? {} : { idempotency }),
    ...(previous === undefined ? {} : { previous: previous.summary }),
    envelopeJson: envelopeText(envelope, snapshot.text),
    stats: stats.stats,
  };
  return { write, copy };
}
