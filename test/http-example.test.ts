/**
 * The county back-end example (`examples/http-server/server.ts`) over loopback: the server of
 * `linked-enforcement/server` with JWT sign-in, the deadline sweep it runs and the SMS hook, on an
 * engine whose clock the test moves (so deadlines pass without waiting).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCaseEngine, memoryBlobStore, memoryStore, type CaseNotification } from 'linked-enforcement';
import { countyBackEnd } from '../examples/http-server/server.js';
import { bj } from './_lib/cases.js';
import { item1Cooperating, JWT_SECRET, tokenFor, walkers } from './_lib/httpWalk.js';

describe('the county back-end example, end to end over loopback', () => {
  let now = new Date(bj('2026-09-01 09:00'));
  const texts: CaseNotification[] = [];
  const engine = createCaseEngine({ store: memoryStore(), blobs: memoryBlobStore(), clock: { now: () => now } });
  const backEnd = countyBackEnd({ engine, secret: JWT_SECRET, sweepEveryMs: 3_600_000, onNotification: (notification) => void texts.push(notification) });
  let base = '';

  beforeAll(async () => {
    base = `http://127.0.0.1:${await backEnd.listen(0)}`;
  });
  afterAll(() => backEnd.close());

  const call = async (method: string, path: string, who: Record<string, unknown> | undefined, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(who === undefined ? {} : { authorization: `Bearer ${await tokenFor(who)}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const at = (wallClock: string) => void (now = new Date(bj(wallClock)));
  const send = async (who: Record<string, unknown>, event: Record<string, unknown>, headers?: Record<string, string>) => call('POST', '/cases/SY-1/events', who, event, headers);

  it('drives a case from application to archive, sweeps its passed deadline and texts each notification', async () => {
    const opened = await call('POST', '/cases', walkers.market, { caseId: 'SY-1', title: '农贸市场联合执法', itemNo: 1, origin: 'application', applicant: 'market-regulation' });
    expect(opened).toMatchObject({ status: 201, body: { caseId: 'SY-1', state: 'preliminaryReview', version: 1 } });
    expect((await call('GET', '/cases/SY-1/allowed-events', walkers.center)).body).toEqual(expect.arrayContaining(['review.pass', 'review.reject']));

    at('2026-09-01 10:00');
    expect((await send(walkers.center, { type: 'review.pass' })).status).toBe(200);
    at('2026-09-02 10:00');
    expect((await send(walkers.justice, { type: 'legal.approve' })).status).toBe(200);
    at('2026-09-03 10:00');
    expect((await send(walkers.inCharge, { type: 'leader.approve' })).status).toBe(200);
    at('2026-09-04 10:00');
    expect((await send(walkers.center, { type: 'task.dispatch', place: '城东农贸市场', startAt: bj('2026-09-29 09:00') })).status).toBe(200);
    at('2026-09-05 10:00');
    for (const unit of item1Cooperating) expect((await send({ unit }, { type: 'unit.acknowledge', staff: 3 })).status).toBe(200);
    at('2026-09-10 10:00');
    const division = ['market-regulation', ...item1Cooperating].map((unit) => ({ unit, duty: '职责' }));
    expect((await send(walkers.market, { type: 'plan.submit', plan: { division, content: '内容', methods: '方式', steps: '步骤', timeLimits: '时限', contingency: '预案' } })).status).toBe(200);
    at('2026-09-30 18:00');
    const ended = await send(walkers.market, { type: 'enforcement.end' });
    expect(ended.body).toMatchObject({ state: 'enforcing.reporting' });
    expect((ended.body.deadlines as { kind: string }[]).find((deadline) => deadline.kind === 'resultsUpload')).toMatchObject({ dueDate: '2026-10-13', status: 'pending' });

    // The back end's sweep (a timer in production) marks the passed deadline; the list shows it.
    at('2026-10-14 08:00');
    expect(await backEnd.sweep()).toMatchObject({ overdue: [{ caseId: 'SY-1' }], failed: [] });
    const listed = await call('GET', '/cases?overdue=true', walkers.center);
    expect((listed.body.items as { caseId: string }[]).map((view) => view.caseId)).toEqual(['SY-1']);

    const { version } = (await call('GET', '/cases/SY-1', walkers.market)).body as { version: number };
    at('2026-10-14 09:00');
    const uploaded = await send(walkers.market, { type: 'results.upload', results: { summary: '结果' } }, { 'if-match': `"${version}"` });
    expect(uploaded.body).toMatchObject({ state: 'aggregating' });
    expect((uploaded.body.deadlines as { kind: string }[]).find((deadline) => deadline.kind === 'resultsUpload')).toMatchObject({ status: 'late' });
    at('2026-10-15 09:00');
    expect((await send(walkers.center, { type: 'case.archive' })).body).toMatchObject({ state: 'archived', status: 'done', output: { outcome: 'archived' } });
    expect((await call('GET', '/cases/SY-1/audit', walkers.center)).body).toMatchObject({ ok: true });

    // The SMS hook got the application's receipt and the overdue warning, each once.
    await vi.waitFor(() => expect(texts.map((text) => text.kind)).toContain('archived'));
    const kinds = texts.map((text) => text.kind);
    expect(kinds.filter((kind) => kind === 'applicationReceived')).toHaveLength(1);
    expect(kinds.filter((kind) => kind === 'deadlineOverdue')).toHaveLength(1);
    expect(texts.find((text) => text.kind === 'deadlineOverdue')).toMatchObject({ caseId: 'SY-1', recipients: expect.arrayContaining([walkers.market]) });
  });

  it('takes who acts from the token, never from the body', async () => {
    expect(await call('GET', '/cases', undefined)).toMatchObject({ status: 401, body: { code: 'NOT_ALLOWED' } });
    const posing = await call('POST', '/cases', walkers.justice, { caseId: 'SY-2', title: '测试', itemNo: 1, origin: 'application', applicant: 'market-regulation', by: { unit: 'market-regulation' } });
    expect(posing).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT', context: { field: 'by' } } });
    // The token's unit may not open for another: 403, and nothing is written.
    expect(await call('POST', '/cases', walkers.justice, { caseId: 'SY-2', title: '测试', itemNo: 1, origin: 'application', applicant: 'market-regulation' })).toMatchObject({ status: 403, body: { code: 'NOT_ALLOWED' } });
    expect(await call('GET', '/cases/SY-2', walkers.center)).toMatchObject({ status: 404, body: { code: 'CASE_NOT_FOUND' } });
  });
});
