import { siyangCatalog } from '../../catalog/siyang.js';
import { caseMachine } from '../../machines/caseMachine.js';
import { eventLabels, originLabels, stateLabels, type Label } from '../../machines/labels.js';
import type { Actor } from '../../machines/schemas.js';
import type { CaseDossier } from '../../machines/types.js';
import { beijingWallClock } from '../_lib/beijingTime.js';
import { invalidInput, parseArgument } from '../_lib/validate.js';
import { toDiagramJson } from '../diagram/toDiagramJson.js';
import { auditEntryHash } from '../engine/auditChain.js';
import type { AuditEntry } from '../engine/schemas.js';
import { dossierInputSchema, renderOptionsSchema, type DossierDocument, type DossierInput } from './_lib/dossierInput.js';
import { stepDeadlineLabel } from '../../machines/_lib/stepLimits.js';
import { decisionLabels, deadlineKindLabels, deadlineStatusLabels, dossierText, leaderPostLabels, opinionKindLabels, recipientGroupLabels } from './_lib/dossierText.js';
import { dossierCss } from './_lib/dossierCss.js';
import { flowchartSvg, type VisitedPath } from './_lib/flowchartSvg.js';
import { html, join, type Html, type HtmlValue } from './_lib/html.js';

type StoredFile = Exclude<DossierDocument, string> & { sha256: string; size: number; mediaType: string };

/** A reference to a stored file, as opposed to a document recorded by name only (before 0.4.0). */
const isStoredFile = (document: DossierDocument): document is StoredFile => typeof document !== 'string' && document.sha256 !== undefined;

/** Options of {@link renderDossierHtml}. */
export interface RenderDossierOptions {
  /** The language of headings, labels and the flowchart: `'zh-CN'` (default) or `'en'`. The case's own text is printed as recorded. */
  readonly locale?: 'zh-CN' | 'en';
  /**
   * The case's audit log (`await engine.history(caseId)`): the 流转记录 then shows when each entry
   * was recorded and its hash, and the head of the chain, so a printed file can be checked
   * against the stored log.
   */
  readonly history?: readonly AuditEntry[];
}

type Language = 'zh' | 'en';

/**
 * The printable 案卷 of a closed case: one self-contained HTML document (inline CSS with print
 * styles, no scripts, nothing fetched) with the case data, the review and approval opinions
 * (初审、法制审核、审批), the assignment, the work plan, the units' reports, the results, the
 * deadlines with their status, the attachments with their hashes, the whole 流转记录 and the
 * flowchart of 附件1 as an inline SVG with the path the case took highlighted. Times are
 * Beijing time whatever the server's time zone; every value is HTML-escaped.
 *
 * @param dossier - A closed case's dossier: `view.output` of `engine.get`, `snapshot.output`, or `dossierOf(context)`.
 * @param options - `locale` (`'zh-CN'` default, or `'en'`) and the case's audit log as `history`.
 * @returns The HTML document, starting `<!DOCTYPE html>`.
 * @throws {LinkedEnforcementError} `INVALID_INPUT` naming what is wrong when `dossier` is not a
 *   closed case's dossier (or holds a state the flowchart does not know), `options` is malformed,
 *   or `options.history` is another case's log or does not match the dossier's 流转记录 (also
 *   for a list of more than 100 000 entries, refused before it is read).
 * @example
 * const page = renderDossierHtml((await engine.get('c1')).output!, { locale: 'zh-CN', history: await engine.history('c1') });
 * page.startsWith('<!DOCTYPE html>')
 * //=> true
 */
export function renderDossierHtml(dossier: CaseDossier, options: RenderDossierOptions = {}): string {
  refuseOversized(dossier, 'dossier');
  refuseOversized(options, 'options');
  const input = parseArgument(dossierInputSchema, dossier, 'dossier');
  const { locale = 'zh-CN', history } = parseArgument(renderOptionsSchema, options, 'options');
  const language: Language = locale === 'en' ? 'en' : 'zh';
  const diagram = toDiagramJson(caseMachine);
  const known = new Set(diagram.nodes.map((node) => node.id));
  input.history.forEach((entry, index) => {
    for (const field of ['from', 'to'] as const) {
      const state = entry[field];
      if (state !== null && !known.has(state)) invalidInput('dossier', `history[${index}].${field} "${state}" is not a state of the case machine`, { path: ['history', index, field] });
    }
  });
  if (history !== undefined) checkAuditLog(input, history);
  return new DossierPage(input, language, history).render(diagram);
}

/** The longest list a dossier (or its audit log) may hold: far beyond any real case, as for `dossierOf`. */
const MAX_LIST = 100_000;

/**
 * Refuses at once a list longer than {@link MAX_LIST} in `value` (three levels deep): zod would
 * check every entry of a list a million long, for seconds. A value that cannot be read is left to zod.
 */
function refuseOversized(value: unknown, argument: string): void {
  const walk = (node: unknown, path: readonly (string | number)[]): readonly (string | number)[] | undefined => {
    if (typeof node !== 'object' || node === null || path.length > 3) return undefined;
    if (Array.isArray(node)) {
      if (node.length > MAX_LIST) return path;
      for (let index = 0; index < Math.min(node.length, 50); index++) {
        const found = walk(node[index], [...path, index]);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    for (const key of Object.keys(node)) {
      const found = walk((node as Record<string, unknown>)[key], [...path, key]);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  let found: readonly (string | number)[] | undefined;
  try {
    found = walk(value, []);
  } catch {
    return;
  }
  if (found !== undefined) invalidInput(argument, `${[argument, ...found].join('.')} must have at most ${MAX_LIST.toLocaleString('en-US')} entries`, { path: found });
}

/** The audit log must be this dossier's: same case, one entry per 流转记录 entry, same events at the same times. */
function checkAuditLog(dossier: DossierInput, log: readonly AuditEntry[]): void {
  if (log.length !== dossier.history.length) {
    invalidInput('options', `history has ${log.length} audit entries but the dossier's 流转记录 has ${dossier.history.length}: pass engine.history(caseId) of the same case`, { path: ['history'] });
  }
  log.forEach((entry, index) => {
    const recorded = dossier.history[index]!;
    if (entry.caseId !== dossier.caseId) invalidInput('options', `history[${index}] is of case "${entry.caseId}", not "${dossier.caseId}"`, { path: ['history', index, 'caseId'] });
    if (entry.type !== recorded.type || Date.parse(entry.at) !== Date.parse(recorded.at)) {
      invalidInput('options', `history[${index}] (${entry.type} at ${entry.at}) does not match the dossier's 流转记录 entry ${recorded.seq} (${recorded.type} at ${recorded.at})`, { path: ['history', index] });
    }
  });
}

class DossierPage {
  private readonly units: Map<string, string>;

  constructor(
    private readonly dossier: DossierInput,
    private readonly language: Language,
    private readonly log: readonly AuditEntry[] | undefined,
  ) {
    this.units = new Map(siyangCatalog.units.map((unit) => [unit.id, unit.name]));
    const assignment = dossier.assignment;
    for (const participant of assignment === undefined ? [] : [assignment.lead, ...assignment.cooperating]) this.units.set(participant.unit, participant.label);
  }

  private t(label: Label): string {
    return label[this.language];
  }

  private get text() {
    return new Proxy(dossierText, { get: (table, key: string) => this.t((table as Record<string, Label>)[key]!) }) as unknown as Record<keyof typeof dossierText, string>;
  }

  private labelOr(table: Readonly<Record<string, Label>>, key: string): string {
    return Object.hasOwn(table, key) ? this.t(table[key]!) : key;
  }

  private time(instant: string | undefined): string {
    return instant === undefined ? '' : beijingWallClock(instant);
  }

  /** A time in a table cell, kept on one line. */
  private when(instant: string | undefined): Html {
    return html`<span class="time">${this.time(instant)}</span>`;
  }

  /** A unit's Chinese name: the case's label, the catalog's name, a locality's own name, else its id. */
  private unit(id: string): string {
    if (id.startsWith('locality:')) return id.slice('locality:'.length);
    return this.units.get(id) ?? id;
  }

  /** A responsible party: a unit, a leader, or a group of leaders. */
  private party(party: { unit: string } | { leader: { name: string; post: string } } | { group: string }): string {
    if ('group' in party) return this.labelOr(recipientGroupLabels, party.group);
    return this.actor(party as Actor);
  }

  private actor(by: Actor): string {
    if ('unit' in by) return this.unit(by.unit);
    if ('leader' in by) return `${this.labelOr(leaderPostLabels, by.leader.post)}${this.language === 'zh' ? '' : ' '}${by.leader.name}`;
    return this.language === 'zh' ? `系统（${by.system}）` : `system (${by.system})`;
  }

  render(diagram: ReturnType<typeof toDiagramJson>): string {
    const d = this.dossier;
    const title = `${this.text.documentTitle} ${d.caseId} ${d.title}`;
    const body = join([
      this.header(),
      this.caseData(),
      this.opinions(),
      this.assignment(),
      this.plan(),
      this.meetings(),
      this.reports(),
      this.results(),
      this.deadlines(),
      this.urges(),
      this.attachments(),
      this.history(),
      this.flowchart(diagram),
    ]);
    return `<!DOCTYPE html>\n${
      html`<html lang="${this.language === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${title}</title>
<style>${{ html: dossierCss }}</style>
</head>
<body>
${body}
</body>
</html>
`.html
    }`;
  }

  private section(heading: string, content: HtmlValue, className = ''): Html {
    return html`<section class="${['block', className].filter((c) => c !== '').join(' ')}"><h2>${heading}</h2>${content}</section>\n`;
  }

  private fields(rows: readonly (readonly [string, HtmlValue] | undefined | false)[]): Html {
    const shown = rows.filter((row): row is readonly [string, HtmlValue] => row !== undefined && row !== false && row[1] !== undefined && row[1] !== '');
    return html`<table class="fields"><tbody>${shown.map(([name, value]) => html`<tr><th scope="row">${name}</th><td>${value}</td></tr>`)}</tbody></table>`;
  }

  private table(headings: readonly string[], rows: readonly (readonly HtmlValue[])[]): Html {
    if (rows.length === 0) return html`<p class="none">${this.text.none}</p>`;
    return html`<table class="grid"><thead><tr>${headings.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows.map(
      (row) => html`<tr>${row.map((cell) => html`<td>${cell}</td>`)}</tr>`,
    )}</tbody></table>`;
  }

  private header(): Html {
    const d = this.dossier;
    return html`<header class="cover"><p class="subtitle">${this.text.subtitle}</p><h1>${this.text.documentTitle}</h1><p class="case-title">${d.title}</p><p class="case-id">${this.text.caseId}：${d.caseId} · ${this.t(stateLabels[d.outcome])} · ${this.text.timesNote}</p></header>\n`;
  }

  private caseData(): Html {
    const d = this.dossier;
    const o = d.origin;
    const item = d.itemNo === undefined ? undefined : siyangCatalog.items.find((candidate) => candidate.no === d.itemNo);
    const text = this.text;
    return this.section(
      text.caseData,
      this.fields([
        [text.caseId, d.caseId],
        [text.title, d.title],
        d.itemNo !== undefined && [text.item, item === undefined ? String(d.itemNo) : `${d.itemNo}. ${item.name}`],
        [text.origin, this.labelOr(originLabels, o.origin)],
        o.applicant !== undefined && [text.applicant, this.unit(o.applicant)],
        o.reporter !== undefined && [text.reporter, this.unit(o.reporter)],
        o.leader !== undefined && [text.leader, this.actor({ leader: o.leader })],
        o.instruction !== undefined && [text.instruction, o.instruction],
        o.reason !== undefined && [text.reason, o.reason],
        o.description !== undefined && [text.description, o.description],
        [text.openedAt, this.time(d.openedAt)],
        [text.closedAt, this.time(d.closedAt)],
        [text.outcome, html`<strong>${this.t(stateLabels[d.outcome])}</strong>`],
        d.closingReason !== undefined && [text.closingReason, d.closingReason],
        d.summary !== undefined && [text.archiveSummary, d.summary],
        d.deadlines.length > 0 && [text.deadlinesMet, d.deadlinesMet ? text.allMet : text.notAllMet],
      ]),
    );
  }

  private opinions(): Html {
    const text = this.text;
    return this.section(
      text.opinions,
      this.table(
        [text.step, text.decision, text.by, text.at, text.opinion],
        this.dossier.opinions.map((o) => [this.labelOr(opinionKindLabels, o.kind), this.labelOr(decisionLabels, o.decision), this.actor(o.by), this.when(o.at), o.text ?? '']),
      ),
    );
  }

  private participant(p: { unit: string; label: string; as?: string | undefined }): string {
    return p.as === undefined || p.label.includes(p.as) ? p.label : `${p.label}（${p.as}）`;
  }

  private assignment(): Html | undefined {
    const a = this.dossier.assignment;
    const text = this.text;
    if (a === undefined) return undefined;
    return this.section(
      text.assignment,
      join([
        this.fields([
          [text.lead, this.participant(a.lead)],
          [text.cooperating, a.cooperating.length === 0 ? text.none : a.cooperating.map((p) => this.participant(p)).join('、')],
          [text.place, a.place],
          [text.startAt, this.time(a.startAt)],
          [text.dispatchedAt, this.time(a.dispatchedAt)],
          a.dispatchedBy !== undefined && [text.dispatchedBy, this.actor(a.dispatchedBy)],
          a.leadChangeReason !== undefined && [text.leadChangeReason, a.leadChangeReason],
        ]),
        html`<h3>${text.acknowledgements}</h3>`,
        this.table(
          [text.unit, text.at, text.staff, text.equipment],
          this.dossier.acknowledgements.map((ack) => [this.unit(ack.unit), this.when(ack.at), ack.staff, ack.equipment ?? '']),
        ),
      ]),
    );
  }

  private plan(): Html | undefined {
    const p = this.dossier.plan;
    const text = this.text;
    if (p === undefined) return undefined;
    const division =
      p.division === undefined
        ? undefined
        : typeof p.division === 'string'
          ? p.division
          : this.table(
              [text.unit, text.duty],
              p.division.map((entry) => [this.unit(entry.unit), entry.duty]),
            );
    return this.section(
      text.plan,
      join([
        p.machineVersion === 1 && html`<p class="note">${text.legacyPlan}</p>`,
        this.fields([
          [text.revision, p.revision],
          [text.submittedAt, this.time(p.at)],
          p.summary !== undefined && [text.summary, p.summary],
          division !== undefined && [text.division, division],
          p.content !== undefined && [text.content, p.content],
          p.methods !== undefined && [text.methods, p.methods],
          p.steps !== undefined && [text.steps, p.steps],
          (p.timeLimits ?? p.timeLimit) !== undefined && [text.timeLimits, p.timeLimits ?? p.timeLimit],
          p.contingency !== undefined && [text.contingency, p.contingency],
          p.documents !== undefined && p.documents.length > 0 && [text.documents, this.documentNames(p.documents)],
        ]),
      ]),
    );
  }

  private meetings(): Html | undefined {
    const { meetings, publications } = this.dossier;
    const text = this.text;
    if (meetings.length === 0 && publications.length === 0) return undefined;
    return this.section(
      `${text.meetings} · ${text.publications}`,
      join([
        html`<h3>${text.meetings}</h3>`,
        this.table(
          [text.heldAt, text.by, text.attendees, text.decisions],
          meetings.map((m) => [this.when(m.heldAt), this.actor(m.by), m.attendees.map((a) => this.unit(a)).join('、'), m.decisions]),
        ),
        html`<h3>${text.publications}</h3>`,
        this.table(
          [text.at, text.by, text.information],
          publications.map((p) => [this.when(p.at), this.actor(p.by), p.text]),
        ),
      ]),
    );
  }

  private documentNames(documents: readonly DossierDocument[]): string {
    return documents.map((document) => (typeof document === 'string' ? document : document.name)).join('、');
  }

  private reports(): Html | undefined {
    const text = this.text;
    if (this.dossier.assignment === undefined && this.dossier.reports.length === 0) return undefined;
    return this.section(
      text.reports,
      this.table(
        [text.unit, text.at, text.summary, text.documents, text.suggestions],
        this.dossier.reports.map((r) => [
          this.unit(r.unit),
          html`${this.when(r.at)}${r.afterUpload && html`<br><span class="tag">${text.afterUpload}</span>`}`,
          r.summary,
          this.documentNames(r.documents),
          r.suggestions ?? '',
        ]),
      ),
    );
  }

  private results(): Html | undefined {
    const r = this.dossier.results;
    const text = this.text;
    if (r === undefined) return undefined;
    const figures = r.figures === undefined ? [] : Object.entries(r.figures);
    return this.section(
      text.results,
      this.fields([
        [text.uploadedAt, this.time(r.at)],
        [text.summary, r.summary],
        figures.length > 0 && [text.figures, this.table([text.name, text.value], figures.map(([name, value]) => [name, String(value)]))],
        r.documents !== undefined && r.documents.length > 0 && [text.documents, this.documentNames(r.documents)],
        r.lessons !== undefined && [text.lessons, r.lessons],
        [text.missingReports, r.missingReports.length === 0 ? text.none : r.missingReports.map((unit) => this.unit(unit)).join('、')],
      ]),
    );
  }

  private deadlines(): Html {
    const text = this.text;
    return this.section(
      text.deadlines,
      this.table(
        [text.kind, text.unit, text.started, text.due, text.status, text.notes],
        this.dossier.deadlines.map((deadline) => {
          const notes = [
            deadline.doneAt !== undefined && `${text.done} ${this.time(deadline.doneAt)}`,
            deadline.overdueAt !== undefined && `${text.overdueAt} ${this.time(deadline.overdueAt)}`,
            deadline.missedAt !== undefined && `${text.missedAt} ${this.time(deadline.missedAt)}`,
            deadline.remindedAt !== undefined && `${text.remindedAt} ${this.time(deadline.remindedAt)}`,
            deadline.provisional === true && text.provisional,
          ].filter((note): note is string => typeof note === 'string');
          const kind = this.labelOr(deadlineKindLabels, deadline.kind);
          // 审批/同意 has four states (县领导审批, 分管县领导同意…): the state says which.
          const step =
            deadline.step === undefined
              ? ''
              : `${this.language === 'zh' ? '：' : ': '}${this.t(stepDeadlineLabel({ step: deadline.step, state: deadline.state }))}`;
          const days = deadline.workingDays === undefined || deadline.workingDays === 0 ? '' : ` (${deadline.workingDays}${text.workingDays})`;
          return [
            `${kind}${step}`,
            // A step limit names who must act (责任方): for a leaders' decision, the leaders rather than the center following it up.
            deadline.responsible !== undefined ? deadline.responsible.map((party) => this.party(party)).join('、') : deadline.unit === undefined ? '' : this.unit(deadline.unit),
            this.when(deadline.startedAt),
            html`${this.when(deadline.dueAt)}${days}`,
            html`<span class="status status-${deadline.status}">${this.labelOr(deadlineStatusLabels, deadline.status)}</span>`,
            notes.join('；'),
          ];
        }),
      ),
    );
  }

  private urges(): Html | undefined {
    const text = this.text;
    if (this.dossier.urges.length === 0) return undefined;
    return this.section(
      text.urges,
      this.table(
        [text.at, text.by, text.urgedUnit, text.message],
        this.dossier.urges.map((u) => [this.when(u.at), this.actor(u.by), this.unit(u.unit), u.message ?? '']),
      ),
    );
  }

  private attachments(): Html {
    const text = this.text;
    const d = this.dossier;
    const rows: { source: string; document: DossierDocument }[] = [
      ...(d.plan?.documents ?? []).map((document) => ({ source: this.t(eventLabels['plan.submit']), document })),
      ...d.reports.flatMap((report) => report.documents.map((document) => ({ source: `${this.unit(report.unit)} ${this.t(eventLabels['unit.report'])}`, document }))),
      ...(d.results?.documents ?? []).map((document) => ({ source: this.t(eventLabels['results.upload']), document })),
    ];
    return this.section(
      text.attachments,
      this.table(
        [text.source, text.name, text.mediaType, text.size, text.sha256],
        rows.map(({ source, document }) =>
          isStoredFile(document)
            ? [source, document.name, document.mediaType, formatSize(document.size), html`<code class="hash">${document.sha256}</code>`]
            : [source, typeof document === 'string' ? document : document.name, '', '', html`<span class="note">${text.nameOnly}</span>`],
        ),
      ),
    );
  }

  private history(): Html {
    const text = this.text;
    const log = this.log;
    const rows = this.dossier.history.map((entry, index) => {
      const details = [
        ...this.recordOf(entry),
        entry.opinion !== undefined && `${text.opinion}：${entry.opinion}`,
        entry.reason !== undefined && `${text.reason}：${entry.reason}`,
        entry.note !== undefined && entry.note,
        entry.unit !== undefined && `${text.urgedUnit}：${this.unit(entry.unit)}`,
        entry.leadChangeReason !== undefined && `${text.leadChangeReason}：${entry.leadChangeReason}`,
      ].filter((detail): detail is string => typeof detail === 'string');
      const to = this.labelOr(stateLabels, entry.to);
      const states = entry.from === null || entry.from === entry.to ? to : `${this.labelOr(stateLabels, entry.from)} → ${to}`;
      const cells: HtmlValue[] = [entry.seq, this.when(entry.at), this.labelOr(eventLabels, entry.type), this.actor(entry.by), states, details.join('；')];
      if (log !== undefined) {
        const hash = index + 1 < log.length ? log[index + 1]!.prevHash : auditEntryHash(log[index]);
        cells.push(html`${this.when(log[index]!.recordedAt)}<br><code class="hash">${hash}</code>`);
      }
      return cells;
    });
    const headings = [text.seq, text.at, text.event, text.by, text.transition, text.details, ...(log === undefined ? [] : [`${text.recordedAt} / ${text.entryHash}`])];
    return this.section(
      text.history,
      join([
        this.table(headings, rows),
        log !== undefined && html`<p class="note">${text.auditHead}：<code class="hash">${auditEntryHash(log.at(-1))}</code>（${text.auditNote}）</p>`,
      ]),
      'history',
    );
  }

  /**
   * What an entry recorded beyond its state change, found in the dossier by its time (and unit):
   * the report's summary, the results', the archive summary, the urge's message…
   */
  private recordOf(entry: DossierInput['history'][number]): string[] {
    const d = this.dossier;
    const text = this.text;
    const at = Date.parse(entry.at);
    const same = (instant: string) => Date.parse(instant) === at;
    const unitOf = 'unit' in entry.by ? entry.by.unit : undefined;
    switch (entry.type) {
      case 'task.dispatch':
        return d.assignment === undefined ? [] : [`${text.place}：${d.assignment.place}`, `${text.startAt}：${this.time(d.assignment.startAt)}`];
      case 'unit.acknowledge':
        return d.acknowledgements
          .filter((ack) => ack.unit === unitOf && same(ack.at))
          .map((ack) => `${text.staff}：${ack.staff}${ack.equipment === undefined ? '' : `；${text.equipment}：${ack.equipment}`}`);
      case 'plan.submit':
        return d.plan !== undefined && same(d.plan.at) ? [`${text.revision} ${d.plan.revision}${d.plan.summary === undefined ? '' : `：${d.plan.summary}`}`] : [];
      case 'meeting.record':
        return d.meetings.filter((m) => same(m.at)).map((m) => `${text.decisions}：${m.decisions}`);
      case 'info.publish':
        return d.publications.filter((p) => same(p.at)).map((p) => p.text);
      case 'unit.report':
        return d.reports
          .filter((r) => r.unit === unitOf && same(r.at))
          .map((r) => `${r.summary}${r.documents.length === 0 ? '' : `（${text.documents}：${this.documentNames(r.documents)}）`}`);
      case 'results.upload':
        return d.results !== undefined && same(d.results.at) ? [d.results.summary] : [];
      case 'case.urge':
        return d.urges.filter((u) => same(u.at) && u.unit === entry.unit && u.message !== undefined).map((u) => u.message!);
      case 'case.archive':
        return d.summary === undefined ? [] : [d.summary];
      default:
        return [];
    }
  }

  private flowchart(diagram: ReturnType<typeof toDiagramJson>): Html {
    const text = this.text;
    const history = this.dossier.history;
    const edges = new Map<string, number[]>();
    const states = new Set<string>();
    for (const entry of history) {
      const from = entry.from ?? diagram.initial;
      states.add(from);
      states.add(entry.to);
      for (let parent = entry.to.lastIndexOf('.'); parent > 0; parent = entry.to.lastIndexOf('.', parent - 1)) states.add(entry.to.slice(0, parent));
      if (from === entry.to) continue;
      const key = `${from}>${entry.to}`;
      edges.set(key, [...(edges.get(key) ?? []), entry.seq]);
    }
    const visited: VisitedPath = { states, edges, current: history.at(-1)!.to };
    return this.section(
      text.flowchart,
      join([
        flowchartSvg(diagram, visited, this.language, text.flowchart),
        html`<p class="legend"><span class="key key-taken"></span>${text.legendTaken}<span class="key key-current"></span>${text.legendCurrent}<span class="key key-other"></span>${text.legendOther}</p>`,
      ]),
      'flowchart-page',
    );
  }
}

/** `2048` → `2.0 KiB`. */
function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]} (${bytes.toLocaleString('en-US')} B)`;
}
