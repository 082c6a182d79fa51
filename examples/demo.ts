/**
 * The README's first command (`npm run demo`): seven invented cases (案例为虚构 — made-up titles,
 * places and dates on the real catalog items and units) walked through Siyang's procedure by the
 * case engine on its embedded default store, printed as a timeline in Chinese with English
 * beside it: every event, every notification it sent and to whom, the deadline, which
 * cooperating units reported, and their legal documents (法律文书) as files in a blob store.
 */
import {
  createCaseEngine,
  defaultCalendar,
  eventLabels,
  memoryBlobStore,
  memoryStore,
  siyangCatalog,
  type Actor,
  type CaseEvent,
  type CaseDossier,
  type CaseInput,
  type DocumentReference,
  type Recipient,
  type WorkPlan,
} from 'linked-enforcement';

const bj = (wallClock: string) => `${wallClock.replace(' ', 'T')}:00+08:00`;
const center = { unit: 'command-center' } as const;
const justice = { unit: 'justice' } as const;
const inCharge = { leader: { name: '李副县长', post: 'inCharge' } } as const;
const principal = { leader: { name: '张县长', post: 'principal' } } as const;

const unitName = (unit: string) => siyangCatalog.findUnit(unit)?.name ?? unit.replace(/^locality:/, '');

function who(by: Actor): string {
  if ('unit' in by) return unitName(by.unit);
  if ('leader' in by) return `${by.leader.post === 'principal' ? '县主要领导' : '分管县领导'}${by.leader.name}`;
  return `系统 ${by.system}`;
}

function recipientName(recipient: Recipient): string {
  if ('group' in recipient) return recipient.group === 'countyLeaders' ? '县领导' : '分管县领导';
  return who(recipient);
}

/** Who of the cooperating units reported their legal documents (附件2 配合单位 4), from the dossier. */
function reportLines(dossier: CaseDossier): string[] {
  const cooperating = dossier.assignment?.cooperating ?? [];
  if (cooperating.length === 0 || dossier.results === undefined) return [];
  const reported = new Set(dossier.reports.map((report) => report.unit));
  const late = dossier.reports.filter((report) => report.afterUpload).map((report) => unitName(report.unit));
  const never = cooperating.filter((participant) => !reported.has(participant.unit)).map((participant) => participant.label);
  const names = (list: readonly string[]) => (list.length === 0 ? '—' : list.join('、'));
  // A document is a reference to a stored file (its SHA-256 is in the hashed audit log); one recorded before 0.4.0 would be a name alone.
  const file = (document: { readonly name: string; readonly sha256?: string; readonly size?: number }) =>
    document.sha256 === undefined ? document.name : `${document.name} (${document.size} bytes, sha256 ${document.sha256.slice(0, 12)}…)`;
  const files = [
    ...dossier.reports.flatMap((report) => report.documents.map((document) => `${unitName(report.unit)}：${file(document)}`)),
    ...(dossier.results.documents ?? []).map((document) => `执法结果 results：${file(document)}`),
  ];
  return [
    `  📄 配合单位报送 cooperating units reported: ${reported.size} / ${cooperating.length}`,
    `     上传结果时未报送 missing when the results were uploaded: ${names(dossier.results.missingReports.map(unitName))}`,
    ...(late.length === 0 ? [] : [`     上传后补报 reported after the upload: ${names(late)}`]),
    `     始终未报送 never reported: ${names(never)}`,
    ...files.map((line) => `  📎 ${line}`),
  ];
}

/** The demo's clock: each case's own events set the time, so deadlines read as they would have. */
let now = new Date('2026-09-01T00:00:00+08:00');
const store = memoryStore();
/** Where the legal documents' files are kept: with it, the engine refuses a document nobody uploaded, and its audit re-hashes each file. */
const blobs = memoryBlobStore();
const engine = createCaseEngine({ store, blobs, clock: { now: () => now } });
/** Uploads an (invented) file and returns the reference an event carries. */
const upload = (name: string, mediaType = 'application/pdf'): Promise<DocumentReference> => blobs.put(new TextEncoder().encode(`示例文件（虚构） ${name}`), { name, mediaType });
const beijing = (instant: string) => new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** A step: an event, or a sweep (the back end's periodic deadline check) at a given time. */
type Step = CaseEvent | { readonly sweepAt: string };

async function runCase(story: string, input: CaseInput, events: Step[]) {
  const item = input.itemNo === undefined ? '' : ` — 事项 item ${input.itemNo} ${siyangCatalog.getItem(input.itemNo as never).name}`;
  console.log(`\n━━ ${input.caseId}「${input.title}」${item}\n   ${story}`);
  now = new Date(input.at);
  await engine.open(input);
  for (const step of events) {
    if ('sweepAt' in step) {
      now = new Date(step.sweepAt);
      const report = await engine.sweep();
      console.log(`  ⟳  sweep at ${beijing(step.sweepAt)}: overdue ${report.overdue.map((c) => c.caseId).join(', ') || '—'}; 预警 reminded ${report.reminded.map((c) => c.caseId).join(', ') || '—'}`);
      continue;
    }
    now = new Date(step.at);
    await engine.send(input.caseId, step);
  }
  const view = await engine.get(input.caseId);
  // The audit log keeps, for each accepted event, the notifications it sent (汇总存档).
  const log = await engine.history(input.caseId);
  for (const [index, entry] of view.history.entries()) {
    const label = eventLabels[entry.type];
    const detail = entry.reason ?? entry.opinion ?? entry.note ?? '';
    console.log(`  ${String(entry.seq).padStart(2)}  ${beijing(entry.at)}  ${who(entry.by).padEnd(8, '　')} ${label.zh} (${label.en}) → ${entry.toLabel.zh} (${entry.toLabel.en})${detail ? `  「${detail}」` : ''}`);
    for (const notification of log[index]!.notifications) {
      console.log(`        ✉ ${notification.recipients.map(recipientName).join('、')}：${notification.message}`);
    }
  }
  for (const deadline of view.deadlines.filter((d) => d.kind === 'resultsUpload')) {
    console.log(`  ⏱  执法结果上传时限 results due ${deadline.dueDate} (dueAt ${deadline.dueAt}) — ${deadline.status}${deadline.provisional ? ' (provisional)' : ''}`);
  }
  const acknowledgements = view.deadlines.filter((d) => d.kind === 'acknowledgement');
  if (acknowledgements.length > 0) {
    const names = (status: string) => acknowledgements.filter((d) => d.status === status).map((d) => unitName(d.unit)).join('、') || '—';
    console.log(`  ✋ 确认接收任务 acknowledged by the time set: ${acknowledgements.filter((d) => d.status === 'met').length} / ${acknowledgements.length}; late: ${names('late')}; missed: ${names('missed')}`);
  }
  if (view.output) for (const line of reportLines(view.output)) console.log(line);
  const sent = log.reduce((count, entry) => count + entry.notifications.length, 0);
  console.log(`  ▶ 当前状态 state: ${view.stateLabel.zh} (${view.stateLabel.en}), version ${view.version}${view.output ? ` — 存档材料 dossier: outcome ${view.output.outcome}` : ''}; ${sent} 条通知 notifications sent`);
}

console.log('linked-enforcement — 泗阳县“联动执法+综合指挥” as an explicit workflow');
console.log('案例为虚构，仅作演示。The cases below are invented for the demo; the items, units and holidays are real.');
const item1 = siyangCatalog.participants(1);
console.log(`\n附件3 事项1 ${item1.item.name}: 牵头 ${item1.lead.label}; 配合 ${item1.cooperating.map((p) => p.label).join('、')}`);
console.log(`search('燃气'): ${siyangCatalog.search('燃气').map((item) => `${item.no} ${item.name}`).join(' | ')}`);
const due = defaultCalendar.deadline(bj('2026-09-30 18:00'), 5);
console.log(`执法 ends 2026-09-30 18:00 → 5 working days (国庆节 holiday, 10-10 调休 make-up Saturday) → due ${due.dueDate}, dueAt ${due.dueAt}`);

const application = (caseId: string, title: string, itemNo: number, applicant: string, at: string): CaseInput => ({ caseId, title, itemNo, origin: 'application', applicant, by: { unit: applicant }, at: bj(at) });
const market = { unit: 'market-regulation' } as const;
/** A work plan (牵头单位 1) giving each of `units` its duty. */
const planFor = (units: readonly string[], summary: string): WorkPlan => ({
  summary,
  division: units.map((unit) => ({ unit, duty: `${unitName(unit)}负责本单位职责范围内的检查和处置` })),
  content: '检查消防设施、食品安全、经营秩序',
  methods: '联合检查、现场执法',
  steps: '动员部署、集中检查、整改复查',
  timeLimits: '当日完成现场检查，十日内完成整改复查',
  contingency: '遇冲突由公安局现场处置，遇火情由消防救援大队处置',
});
const item1Cooperating = ['fire-rescue', 'public-security', 'emergency-management', 'urban-management', 'health', 'agriculture-rural', 'commerce'] as const;
/** Each unit confirms its task (配合单位 1–2), on the given day from 09:00, an hour apart. */
const acknowledge = (units: readonly string[], day: string): CaseEvent[] =>
  units.map((unit, index) => ({ type: 'unit.acknowledge', by: { unit }, at: bj(`${day} ${String(9 + index).padStart(2, '0')}:00`), staff: 2 + (index % 4), equipment: '执法记录仪' }));

await runCase('申请 → 初审 → 法制审核 → 领导审批 → 派送 → 执法 → 反馈 → 汇总存档 application to archive, eight units', application('SY-2026-001', '城东农贸市场安全综合执法', 1, 'market-regulation', '2026-09-01 09:00'), [
  { type: 'review.pass', by: center, at: bj('2026-09-01 15:00'), opinion: '符合联动执法要求' },
  { type: 'legal.approve', by: justice, at: bj('2026-09-02 10:00'), opinion: '执法依据充分' },
  { type: 'leader.approve', by: inCharge, at: bj('2026-09-03 09:30'), opinion: '同意' },
  { type: 'task.dispatch', by: center, at: bj('2026-09-03 14:00'), place: '城东农贸市场', startAt: bj('2026-09-29 09:00') },
  ...acknowledge(item1Cooperating, '2026-09-04'),
  { type: 'plan.submit', by: market, at: bj('2026-09-10 10:00'), plan: planFor(['market-regulation', ...item1Cooperating], '分消防、食品、秩序三组检查') },
  { type: 'enforcement.end', by: market, at: bj('2026-09-30 18:00') },
  ...item1Cooperating.map(
    (unit, index): CaseEvent => ({ type: 'unit.report', by: { unit }, at: bj(`2026-10-08 ${10 + index}:00`), summary: '相关法律文书已汇总' }),
  ),
  { type: 'results.upload', by: market, at: bj('2026-10-12 16:00'), results: { summary: '检查商户126家，整改隐患18处，立案3起', lessons: '夜间检查发现问题多，下次提前一周通报' } },
  { type: 'case.archive', by: center, at: bj('2026-10-13 10:00'), summary: '执法结果已汇总存档' },
]);

await runCase('初审驳回 rejected at preliminary review', application('SY-2026-002', '某小区噪音投诉', 13, 'urban-management', '2026-09-02 09:00'), [
  { type: 'review.reject', by: center, at: bj('2026-09-02 11:00'), reason: '属单一部门职责，不符合联动执法要求' },
]);

await runCase('法制审核退回 → 补正 → 重新提交 returned by legal review and resubmitted', application('SY-2026-003', '学校食堂专项检查', 2, 'market-regulation', '2026-09-03 09:00'), [
  { type: 'review.pass', by: center, at: bj('2026-09-03 10:00') },
  { type: 'legal.return', by: justice, at: bj('2026-09-04 10:00'), reason: '缺少执法依据条款' },
  { type: 'amendment.request', by: center, at: bj('2026-09-04 11:00'), reason: '请补充执法依据' },
  { type: 'application.resubmit', by: market, at: bj('2026-09-07 09:00'), note: '已补充《食品安全法》相关条款' },
  { type: 'review.pass', by: center, at: bj('2026-09-07 10:00') },
  { type: 'legal.approve', by: justice, at: bj('2026-09-08 10:00') },
]);

await runCase('未批准 not approved', application('SY-2026-004', '预付卡专项执法', 5, 'market-regulation', '2026-09-04 09:00'), [
  { type: 'review.pass', by: center, at: bj('2026-09-04 10:00') },
  { type: 'legal.approve', by: justice, at: bj('2026-09-05 10:00') },
  { type: 'leader.deny', by: principal, at: bj('2026-09-07 09:00'), reason: '并入全市统一行动，暂不单独开展' },
]);

await runCase('县领导交办 assigned directly by a leader, recorded by the center (属地 resolved to 众兴街道)', {
  caseId: 'SY-2026-005', title: '液化气市场安全整治', itemNo: 20, origin: 'leaderAssignment', leader: principal.leader, instruction: '国庆前完成液化气市场整治', by: center, at: bj('2026-09-15 08:30'),
}, [
  { type: 'task.dispatch', by: center, at: bj('2026-09-15 09:00'), place: '众兴街道液化气站', startAt: bj('2026-09-17 09:00'), locality: '众兴街道' },
]);

await runCase('结果逾期、部分配合单位未报送 results late across the National Day holiday; three cooperating units had not reported', application('SY-2026-006', '成品油市场联合执法', 3, 'market-regulation', '2026-09-05 09:00'), [
  { type: 'review.pass', by: center, at: bj('2026-09-05 10:00') },
  { type: 'legal.approve', by: justice, at: bj('2026-09-07 10:00') },
  { type: 'leader.approve', by: inCharge, at: bj('2026-09-08 10:00') },
  { type: 'task.dispatch', by: center, at: bj('2026-09-08 15:00'), place: '加油站集中区', startAt: bj('2026-09-30 08:00') },
  ...acknowledge(['commerce', 'urban-management', 'public-security', 'transport'], '2026-09-09'),
  { type: 'plan.submit', by: market, at: bj('2026-09-20 10:00'), plan: planFor(['market-regulation', 'commerce', 'urban-management', 'public-security', 'transport', 'emergency-management'], '夜查非法加油点') },
  { sweepAt: bj('2026-09-30 08:30') },
  { type: 'enforcement.end', by: market, at: bj('2026-09-30 18:00') },
  { type: 'unit.report', by: { unit: 'commerce' }, at: bj('2026-10-09 10:00'), summary: '成品油经营许可核查记录' },
  { type: 'unit.report', by: { unit: 'public-security' }, at: bj('2026-10-09 15:00'), summary: '现场处置笔录' },
  { sweepAt: bj('2026-10-14 00:05') },
  { type: 'case.urge', by: center, at: bj('2026-10-14 09:00'), unit: 'market-regulation', message: '请立即上传执法结果' },
  { type: 'results.upload', by: market, at: bj('2026-10-15 17:00'), results: { summary: '查处非法加油点4处' } },
  { type: 'unit.report', by: { unit: 'transport' }, at: bj('2026-10-16 10:00'), summary: '运输车辆检查记录' },
  { type: 'case.archive', by: center, at: bj('2026-10-19 10:00'), summary: '执法结果已汇总存档，城管局、应急管理局未报送法律文书' },
]);

const fire = { unit: 'fire-rescue' } as const;
await runCase('突发事件：配合单位提请 → 牵头单位上报 → 县委县政府同意 → 牵头单位组织实施 the emergency route through the lead unit', {
  caseId: 'SY-2026-007', title: '城北农贸市场夜间重大火灾隐患', itemNo: 1, origin: 'emergencyRequest', reporter: 'fire-rescue', by: fire,
  description: '夜间消防检查发现市场内违规储存液化气并占用消防通道', at: bj('2026-10-21 22:10'),
}, [
  { type: 'emergency.report', by: market, at: bj('2026-10-21 22:40'), description: '市场内违规储存液化气，需联合处置' },
  { type: 'leader.approve', by: principal, at: bj('2026-10-21 23:05'), opinion: '同意，连夜处置' },
  { type: 'task.dispatch', by: market, at: bj('2026-10-21 23:15'), place: '城北农贸市场', startAt: bj('2026-10-22 00:30'), cooperating: ['fire-rescue', 'public-security', 'emergency-management'] },
  { type: 'unit.acknowledge', by: fire, at: bj('2026-10-21 23:20'), staff: 12, equipment: '消防车2辆' },
  { type: 'unit.acknowledge', by: { unit: 'public-security' }, at: bj('2026-10-21 23:25'), staff: 6 },
  { type: 'plan.submit', by: market, at: bj('2026-10-21 23:50'), plan: planFor(['market-regulation', 'fire-rescue', 'public-security', 'emergency-management'], '疏散、清理液化气、查封违规商户') },
  { type: 'meeting.record', by: market, at: bj('2026-10-22 00:10'), heldAt: bj('2026-10-21 23:30'), attendees: ['市场监管局', '消防救援大队', '公安局'], decisions: '分三组同时行动，公安局负责现场秩序' },
  { type: 'info.publish', by: market, at: bj('2026-10-22 02:00'), text: '现场液化气已全部清理，3户商户停业整改' },
  { type: 'enforcement.end', by: market, at: bj('2026-10-22 03:00') },
  { type: 'unit.report', by: fire, at: bj('2026-10-22 10:00'), summary: '责令改正通知书3份', documents: [await upload('责令改正通知书.pdf'), await upload('现场照片.jpg', 'image/jpeg')], suggestions: '建议对夜间市场建立定期联查' },
  { type: 'unit.report', by: { unit: 'public-security' }, at: bj('2026-10-22 11:00'), summary: '现场处置记录', documents: [await upload('现场处置记录.pdf')] },
  { type: 'results.upload', by: market, at: bj('2026-10-23 16:00'), results: { summary: '清理液化气钢瓶27只，停业整改3户', documents: [await upload('停业整改决定书.pdf')], lessons: '夜间突发事件由牵头单位直接组织，响应快' } },
  { type: 'case.archive', by: center, at: bj('2026-10-26 10:00'), summary: '突发事件处置结果已汇总存档' },
]);

now = new Date('2026-10-27T09:00:00+08:00');
const overdue = await engine.list({ overdue: true });
console.log(`\n案件 cases: ${(await engine.list()).items.length}; 逾期 overdue now: ${overdue.items.map((c) => c.caseId).join(', ') || '—'}`);
const audit = await engine.verifyAudit('SY-2026-001');
console.log(`审计链 audit chain of SY-2026-001: ${audit.ok ? `intact, ${audit.entries.length} entries, head ${audit.head?.slice(0, 16)}…` : `BROKEN at ${audit.brokenAt}`}`);
const withFiles = await engine.verifyAudit('SY-2026-007');
console.log(`审计 audit of SY-2026-007 with its 4 files re-hashed: ${withFiles.ok ? 'intact' : `BROKEN: ${withFiles.reason}`}`);

// 待办: what each desk owes now, most urgent first, with the working days left on its deadline.
for (const actor of [center, market, justice] as const) {
  const { items } = await engine.inbox(actor, { limit: 5 });
  console.log(`\n待办 inbox of ${who(actor)} (${items.length}):`);
  for (const item of items) {
    const due = item.deadline === null ? '无时限 no deadline' : item.deadline.remainingWorkingDays < 0 ? `逾期 ${-item.deadline.remainingWorkingDays} 个工作日 overdue` : `剩 ${item.deadline.remainingWorkingDays} 个工作日 working days left`;
    console.log(`  ${item.caseId}  ${item.stateLabel.zh} (${item.stateLabel.en}) — ${item.events.map((type) => eventLabels[type].zh).join('、')} — ${due}`);
  }
}

// 统计报表: the cases opened in September and October, by lead unit.
const report = await engine.stats({ from: '2026-09-01', to: '2026-10-31', by: 'leadUnit' });
console.log('\n统计 statistics by lead unit, 2026-09-01 – 2026-10-31: 受理 opened / 存档 archived / 在办 in progress / 结果按时率 on-time rate / 催办 urges');
for (const row of report.rows) {
  const rate = row.onTimeRate === null ? '—' : `${Math.round(row.onTimeRate * 100)}%`;
  console.log(`  ${row.label.padEnd(10, '　')} ${row.opened} / ${row.archived} / ${row.inProgress} / ${rate} / ${row.urges}`);
}
