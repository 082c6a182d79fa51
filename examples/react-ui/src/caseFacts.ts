/**
 * What the case holds so far (案件信息), read from the server's answers: the case view
 * (`GET /cases/{id}`: state, deadlines, 流转记录) and the audit log (`GET /cases/{id}/history`: each
 * event as accepted, with the notifications it emitted). The page no longer holds the machine's
 * context; this folds the accepted events into the parts of it the page shows.
 */
import { siyangCatalog, type Acknowledgement, type AuditEntry, type CaseNotification, type CaseParticipant, type RecordedDocument } from 'linked-enforcement';

export interface CaseFacts {
  readonly itemNo?: number;
  readonly initiator?: string;
  readonly assignment?: { readonly lead: CaseParticipant; readonly cooperating: readonly CaseParticipant[]; readonly place: string; readonly startAt: string };
  readonly plan?: { readonly summary?: string; readonly content: string; readonly revision: number; readonly documents?: readonly RecordedDocument[] };
  readonly acknowledgements: readonly Acknowledgement[];
  readonly reports: readonly { readonly unit: string; readonly at: string; readonly summary: string; readonly documents: readonly RecordedDocument[] }[];
  readonly results?: { readonly summary: string; readonly documents: readonly RecordedDocument[]; readonly missingReports: readonly string[] };
  readonly archiveSummary?: string;
  readonly notifications: readonly CaseNotification[];
}

/** An item's lead and cooperating units (附件3); `itemNo` as a case holds it (a number). */
export const participantsOf = (itemNo: number) => siyangCatalog.participants(itemNo as Parameters<typeof siyangCatalog.participants>[0]);

type UnitRef = string | { readonly unit: string; readonly as?: string };
const unitIdOf = (ref: UnitRef) => (typeof ref === 'string' ? ref : ref.unit);
const unitOf = (by: unknown) => (typeof by === 'object' && by !== null && 'unit' in by ? String((by as { unit: unknown }).unit) : undefined);
const participant = (unit: string): CaseParticipant => ({ unit, label: siyangCatalog.findUnit(unit)?.name ?? unit.replace(/^locality:/, '') });

/** The assignment a dispatch made: the units it names, else the catalog item's (as the machine does). */
function assignmentOf(event: Record<string, unknown>, itemNo: number | undefined): CaseFacts['assignment'] {
  const item = itemNo === undefined ? undefined : participantsOf(itemNo);
  const lead = event.lead === undefined ? item?.lead.unit.id : unitIdOf(event.lead as UnitRef);
  const cooperating = Array.isArray(event.cooperating) ? (event.cooperating as UnitRef[]).map(unitIdOf) : (item?.cooperating.map((p) => p.unit.id) ?? []);
  return { lead: participant(lead ?? ''), cooperating: cooperating.map(participant), place: String(event.place), startAt: String(event.startAt) };
}

/**
 * The case's facts after the accepted events of `log`, oldest first.
 *
 * @example
 * caseFactsOf([{ type: 'case.open', event: { itemNo: 1, applicant: 'market-regulation' }, … }]).initiator
 * //=> 'market-regulation'
 */
export function caseFactsOf(log: readonly AuditEntry[]): CaseFacts {
  let facts: CaseFacts = { acknowledgements: [], reports: [], notifications: [] };
  for (const entry of log) {
    const event = entry.event as unknown as Record<string, unknown>;
    const documents = (value: unknown) => (Array.isArray(value) ? (value as RecordedDocument[]) : []);
    facts = { ...facts, notifications: [...facts.notifications, ...entry.notifications] };
    switch (entry.type) {
      case 'case.open': {
        const itemNo = typeof event.itemNo === 'number' ? event.itemNo : undefined;
        const initiator = typeof event.applicant === 'string' ? event.applicant : unitOf(entry.by);
        facts = { ...facts, ...(itemNo === undefined ? {} : { itemNo }), ...(initiator === undefined ? {} : { initiator }) };
        break;
      }
      case 'task.dispatch':
        facts = { ...facts, assignment: assignmentOf(event, facts.itemNo), acknowledgements: [], reports: [] };
        break;
      case 'unit.acknowledge':
        facts = { ...facts, acknowledgements: [...facts.acknowledgements, { unit: unitOf(entry.by) ?? '', at: entry.at, staff: Number(event.staff), ...(typeof event.equipment === 'string' ? { equipment: event.equipment } : {}) }] };
        break;
      case 'plan.submit': {
        const plan = event.plan as { summary?: string; content: string; documents?: RecordedDocument[] };
        facts = { ...facts, plan: { ...plan, revision: (facts.plan?.revision ?? 0) + 1 } };
        break;
      }
      case 'unit.report':
        facts = { ...facts, reports: [...facts.reports, { unit: unitOf(entry.by) ?? '', at: entry.at, summary: String(event.summary), documents: documents(event.documents) }] };
        break;
      case 'results.upload': {
        const results = event.results as { summary: string; documents?: unknown };
        const reported = new Set(facts.reports.map((report) => report.unit));
        const missingReports = (facts.assignment?.cooperating ?? []).map((p) => p.unit).filter((unit) => !reported.has(unit));
        facts = { ...facts, results: { summary: results.summary, documents: documents(results.documents), missingReports } };
        break;
      }
      case 'case.archive':
        facts = { ...facts, archiveSummary: typeof event.summary === 'string' ? event.summary : '' };
        break;
    }
  }
  return facts;
}
