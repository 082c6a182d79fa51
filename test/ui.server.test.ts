/**
 * The React example's server side and its client modules, without a browser (the browser walk is
 * test/ui.e2e.test.ts): the demo's forward-only clock and its route, the seeded cases, the
 * development authenticator's headers as the page writes them, and the case facts the page folds
 * from the audit log — checked against the machine's own dossier of the same case.
 */
import { createCaseEngine, memoryBlobStore } from 'linked-enforcement';
import { developmentAuthenticator } from 'linked-enforcement/server';
import { describe, expect, it } from 'vitest';
import { devClockRoutes, forwardClock } from '../examples/react-ui/devClock.js';
import { MAIN_CASE_ID, MAIN_CASE_OPENED_AT, SEED_START, seedCases } from '../examples/react-ui/seed.js';
import { actorHeaders } from '../examples/react-ui/src/api.js';
import { caseFactsOf } from '../examples/react-ui/src/caseFacts.js';

async function seeded() {
  const clock = forwardClock(SEED_START);
  const engine = createCaseEngine({ clock, blobs: memoryBlobStore() });
  await seedCases(engine, clock);
  return { clock, engine };
}

describe('the demo clock (examples/react-ui/devClock.ts)', () => {
  it('only moves forward', () => {
    const clock = forwardClock('2026-09-01T09:00:00+08:00');
    clock.moveTo(clock.ms + 1000);
    expect(clock.now().toISOString()).toBe('2026-09-01T01:00:01.000Z');
    expect(() => clock.moveTo(clock.ms - 1)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('only moves forward') }));
    expect(() => clock.moveTo(Number.NaN)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => forwardClock('someday')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('POST /dev/clock moves it and runs the sweep; going back is a 400 problem in Chinese, and moves nothing', async () => {
    const { clock, engine } = await seeded();
    const app = devClockRoutes(clock, engine);
    const post = (body: unknown) => app.request('/dev/clock', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    const back = await post({ to: '2026-08-01T00:00:00+08:00' });
    expect(back.status).toBe(400);
    expect(back.headers.get('content-type')).toContain('application/problem+json');
    expect(await back.json()).toMatchObject({ code: 'INVALID_INPUT', title: '输入有误', detailZh: expect.stringContaining('时间只能向前') });
    for (const body of [{}, { to: 'tomorrow' }, { advanceMs: -1 }, { to: '2026-09-02T00:00:00Z', advanceMs: 1 }]) expect((await post(body)).status).toBe(400);
    expect(clock.now().toISOString()).toBe(new Date(MAIN_CASE_OPENED_AT).toISOString());

    // A day on: SY-2026-103's overdue results were recorded at seeding, and nothing else falls due.
    const moved = await post({ advanceMs: 24 * 3_600_000 });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toEqual({ now: '2026-09-02T01:00:00.000Z', overdue: 0, reminded: 0 });
    expect(await (await app.request('/dev/clock')).json()).toEqual({ now: '2026-09-02T01:00:00.000Z' });
  });
});

describe('the seeded cases (examples/react-ui/seed.ts)', () => {
  it('give the inbox and the statistics something to show', async () => {
    const { engine } = await seeded();
    const states = Object.fromEntries(await Promise.all(['SY-2026-101', 'SY-2026-102', 'SY-2026-103', 'SY-2026-104', MAIN_CASE_ID].map(async (id) => [id, (await engine.get(id)).state])));
    expect(states).toEqual({ 'SY-2026-101': 'archived', 'SY-2026-102': 'rejected', 'SY-2026-103': 'enforcing.reporting', 'SY-2026-104': 'legalReview', [MAIN_CASE_ID]: 'preliminaryReview' });
    expect((await engine.inbox({ unit: 'justice' })).items.map((item) => item.caseId)).toEqual(['SY-2026-104']);
    // The overdue results of SY-2026-103 were recorded by the sweep at the end of seeding.
    expect((await engine.get('SY-2026-103')).deadlines.find((deadline) => deadline.kind === 'resultsUpload')?.status).toBe('overdue');
    const stats = await engine.stats({ from: '2026-01-01', to: '2026-12-31', by: 'leadUnit' });
    expect(stats.total).toMatchObject({ opened: 5, archived: 1, rejected: 1, resultsOnTime: 1, resultsOverdue: 1 });
  });
});

describe('actorHeaders (examples/react-ui/src/api.ts)', () => {
  const authenticate = developmentAuthenticator({ warn: () => {} });
  const read = (headers: Record<string, string>) => authenticate(new Request('http://localhost/', { headers }));

  it('writes the headers the development authenticator reads back as the same actor, Chinese names included', async () => {
    for (const by of [{ unit: 'justice' }, { unit: 'locality:众兴镇' }, { leader: { name: '李副县长', post: 'inCharge' as const } }]) {
      expect(await read(actorHeaders(by))).toEqual(by);
    }
    expect(actorHeaders({ system: 'sweep' })).toEqual({});
  });
});

describe('caseFactsOf (examples/react-ui/src/caseFacts.ts)', () => {
  it('folds the audit log into what the machine itself recorded, as the closed case’s dossier shows', async () => {
    const { engine } = await seeded();
    const dossier = (await engine.get('SY-2026-101')).output!;
    const facts = caseFactsOf(await engine.history('SY-2026-101'));
    expect(facts.itemNo).toBe(dossier.itemNo);
    expect(facts.initiator).toBe('market-regulation');
    expect(facts.assignment).toEqual({
      lead: { unit: dossier.assignment!.lead.unit, label: dossier.assignment!.lead.label },
      cooperating: dossier.assignment!.cooperating.map(({ unit, label }) => ({ unit, label })),
      place: dossier.assignment!.place,
      startAt: dossier.assignment!.startAt,
    });
    expect(facts.plan).toMatchObject({ content: (dossier.plan as { content: string }).content, revision: dossier.plan!.revision });
    expect(facts.reports.map(({ unit, summary, documents }) => ({ unit, summary, documents }))).toEqual(dossier.reports.map(({ unit, summary, documents }) => ({ unit, summary, documents })));
    expect(facts.results).toEqual({ summary: dossier.results!.summary, documents: dossier.results!.documents ?? [], missingReports: dossier.results!.missingReports });
    expect(facts.archiveSummary).toBe(dossier.summary);
    expect(facts.notifications.length).toBeGreaterThan(5);
  });

  it('names the reports missing when the results came', async () => {
    const { engine } = await seeded();
    const facts = caseFactsOf(await engine.history('SY-2026-103'));
    expect(facts.assignment?.cooperating.map((p) => p.unit)).toEqual(['public-security', 'market-regulation']);
    expect(facts.results).toBeUndefined();
    await engine.send('SY-2026-103', { type: 'results.upload', by: { unit: 'agriculture-rural' }, results: { summary: '查处违法捕捞3起' } });
    // Neither cooperating unit reported (附件2 配合单位 4): the center's notification names them too.
    const after = caseFactsOf(await engine.history('SY-2026-103'));
    expect(after.results?.missingReports).toEqual(['public-security', 'market-regulation']);
    expect(after.notifications.map((notification) => notification.message)).toContainEqual(expect.stringMatching(/未报送法律文书的配合单位：公安局、市场监管局/));
  });
});
