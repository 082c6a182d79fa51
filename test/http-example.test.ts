import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseEngine, memoryStore } from 'linked-enforcement';
import { createCaseServer } from '../examples/http-server/server.js';
import { bj } from './_lib/cases.js';

describe('the HTTP back-end example, end to end over loopback', () => {
  let now = new Date(bj('2026-09-01 09:00'));
  const engine = createCaseEngine({ store: memoryStore(), clock: { now: () => now } });
  const server = createCaseServer(engine);
  let base = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { code: string } } };
  };
  const at = (wallClock: string) => {
    now = new Date(bj(wallClock));
    return now.toISOString();
  };
  const send = (event: Record<string, unknown>, headers?: Record<string, string>) => call('POST', '/cases/SY-1/events', event, headers);

  it('drives a case from application to archive and verifies its audit chain', async () => {
    const opened = await call('POST', '/cases', { caseId: 'SY-1', title: '农贸市场联合执法', itemNo: 1, origin: 'application', applicant: 'market-regulation', by: { unit: 'market-regulation' }, at: at('2026-09-01 09:00') });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ caseId: 'SY-1', state: 'preliminaryReview', version: expect.any(Number) });

    const allowed = await call('GET', '/cases/SY-1/allowed-events?unit=command-center');
    expect(allowed.body).toEqual(expect.arrayContaining(['review.pass', 'review.reject']));

    const center = { unit: 'command-center' };
    const market = { unit: 'market-regulation' };
    expect((await send({ type: 'review.pass', by: center, at: at('2026-09-01 10:00') })).status).toBe(200);
    expect((await send({ type: 'legal.approve', by: { unit: 'justice' }, at: at('2026-09-02 10:00') })).status).toBe(200);
    expect((await send({ type: 'leader.approve', by: { leader: { name: '李副县长', post: 'inCharge' } }, at: at('2026-09-03 10:00') })).status).toBe(200);
    expect((await send({ type: 'task.dispatch', by: center, at: at('2026-09-04 10:00'), place: '城东农贸市场', startAt: bj('2026-09-29 09:00') })).status).toBe(200);
    const units = ['market-regulation', 'fire-rescue', 'public-security', 'emergency-management', 'urban-management', 'health', 'agriculture-rural', 'commerce'];
    for (const unit of units.slice(1)) expect((await send({ type: 'unit.acknowledge', by: { unit }, at: at('2026-09-05 10:00'), staff: 3 })).status).toBe(200);
    const plan = { division: units.map((unit) => ({ unit, duty: '职责' })), content: '内容', methods: '方式', steps: '步骤', timeLimits: '时限', contingency: '预案' };
    expect((await send({ type: 'plan.submit', by: market, at: at('2026-09-10 10:00'), plan })).status).toBe(200);
    const ended = await send({ type: 'enforcement.end', by: market, at: at('2026-09-30 18:00') });
    expect(ended.body).toMatchObject({ state: 'enforcing.reporting' });
    expect((ended.body.deadlines as { kind: string }[]).find((deadline) => deadline.kind === 'resultsUpload')).toMatchObject({ dueDate: '2026-10-13', status: 'pending' });

    at('2026-10-14 08:00');
    const swept = await call('POST', '/sweep');
    expect(swept.body).toMatchObject({ overdue: [{ caseId: 'SY-1' }] });
    const listed = await call('GET', '/cases?overdue=true');
    expect((listed.body as unknown as { caseId: string }[]).map((c) => c.caseId)).toEqual(['SY-1']);

    const current = await call('GET', '/cases/SY-1');
    const version = current.body.version as number;
    const uploaded = await send({ type: 'results.upload', by: market, at: at('2026-10-14 09:00'), results: { summary: '结果' } }, { 'if-match': String(version) });
    expect(uploaded.body).toMatchObject({ state: 'aggregating' });
    expect((uploaded.body.deadlines as { kind: string }[]).find((deadline) => deadline.kind === 'resultsUpload')).toMatchObject({ status: 'late' });
    const archived = await send({ type: 'case.archive', by: center, at: at('2026-10-15 09:00') });
    expect(archived.body).toMatchObject({ state: 'archived', status: 'done', output: { outcome: 'archived' } });

    const history = await call('GET', '/cases/SY-1/history');
    expect((history.body as unknown as unknown[]).length).toBeGreaterThan(8);
    expect((await call('GET', '/cases/SY-1/audit')).body).toMatchObject({ ok: true });
  });

  it('answers bad requests with the library’s error codes and HTTP statuses', async () => {
    expect(await call('GET', '/cases/nope')).toMatchObject({ status: 404, body: { error: { code: 'CASE_NOT_FOUND' } } });
    expect(await call('POST', '/cases', '{not json')).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
    expect(await call('POST', '/cases', { caseId: 'SY-2' })).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
    // Opening is an act: a unit that may not open the case is refused like any event (403).
    expect(await call('POST', '/cases', { caseId: 'SY-4', title: '测试', itemNo: 2, origin: 'application', applicant: 'market-regulation', by: { unit: 'education' }, at: at('2026-10-20 09:00') })).toMatchObject({ status: 403, body: { error: { code: 'NOT_ALLOWED' } } });
    await call('POST', '/cases', { caseId: 'SY-3', title: '测试', itemNo: 2, origin: 'application', applicant: 'market-regulation', by: { unit: 'market-regulation' }, at: at('2026-10-20 09:00') });
    const malformed = await call('POST', '/cases/SY-3/events', { type: 'review.reject', by: { unit: 'command-center' }, at: at('2026-10-20 10:00') });
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: 'INVALID_EVENT' } } });
    const forbidden = await call('POST', '/cases/SY-3/events', { type: 'review.pass', by: { unit: 'public-security' }, at: at('2026-10-20 10:00') });
    expect(forbidden).toMatchObject({ status: 403, body: { error: { code: 'NOT_ALLOWED' } } });
    const stale = await call('POST', '/cases/SY-3/events', { type: 'review.pass', by: { unit: 'command-center' }, at: at('2026-10-20 11:00') }, { 'if-match': '999' });
    expect(stale).toMatchObject({ status: 409, body: { error: { code: 'VERSION_CONFLICT' } } });
    expect(await call('DELETE', '/cases/SY-3')).toMatchObject({ status: 404 });
    expect((await call('GET', '/cases/SY-3')).body).toMatchObject({ state: 'preliminaryReview' });
  });

  it('answers 400, not 500, to a path that is not valid URL encoding', async () => {
    for (const path of ['/cases/%E0%A4%A', '/cases/%zz/history', '/cases/%C3%28']) {
      const { status, body } = await call('GET', path);
      expect({ status, code: body.error?.code }, path).toEqual({ status: 400, code: 'INVALID_INPUT' });
      expect((body.error as unknown as { message: string }).message, path).toContain('is not valid URL encoding');
    }
    expect(await call('GET', `/cases/${encodeURIComponent('SY:9')}`)).toMatchObject({ status: 404, body: { error: { code: 'CASE_NOT_FOUND', context: { caseId: 'SY:9' } } } });
  });

  it('takes overdue=true or overdue=false, and refuses any other value naming the parameter', async () => {
    const all = (await call('GET', '/cases')).body as unknown as { caseId: string; overdue: boolean }[];
    const listed = async (value: string) => ((await call('GET', `/cases?overdue=${value}`)).body as unknown as { caseId: string }[]).map((c) => c.caseId);
    expect(await listed('false')).toEqual(all.filter((c) => !c.overdue).map((c) => c.caseId));
    expect(await listed('false')).not.toEqual([]);
    expect(await listed('true')).toEqual(all.filter((c) => c.overdue).map((c) => c.caseId));
    for (const value of ['yes', 'TRUE', '1', '']) {
      const refused = await call('GET', `/cases?overdue=${value}`);
      expect(refused, value).toMatchObject({
        status: 400,
        body: { error: { code: 'INVALID_INPUT', message: `query parameter overdue must be true or false, not "${value}"`, context: { parameter: 'overdue', value, accepted: ['true', 'false'] } } },
      });
    }
    expect((await call('GET', '/cases/SY-3')).body).toMatchObject({ state: 'preliminaryReview' });
  });
});
