import { SignJWT } from 'jose';

/** The secret the HTTP suites sign their tokens with (HS256, 32 bytes or more). */
export const JWT_SECRET = 'test-secret-of-the-http-suites-0123456789';

/** A token for `claims` (a unit, or a leader), signed with {@link JWT_SECRET}, valid for an hour. */
export async function tokenFor(claims: Record<string, unknown>, { issuer = 'siyang-sso', expiresIn = '1h' } = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(issuer).setIssuedAt().setExpirationTime(expiresIn).sign(new TextEncoder().encode(JWT_SECRET));
}

/** Who takes part in the walk, as token claims. */
export const walkers = {
  market: { unit: 'market-regulation' },
  center: { unit: 'command-center' },
  justice: { unit: 'justice' },
  inCharge: { leader: { name: '李副县长', post: 'inCharge' } },
} as const;

export const item1Cooperating = ['fire-rescue', 'public-security', 'emergency-management', 'urban-management', 'health', 'agriculture-rural', 'commerce'] as const;

/** Sends one request as `who` (claims) and returns the response; the body is JSON. */
export type Caller = (method: string, path: string, who: Record<string, unknown> | undefined, body?: unknown, headers?: Record<string, string>) => Promise<Response>;

/** Expects a 2xx and returns the JSON body. */
async function ok(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * Opens an item-1 application as 市场监管局 and drives it to the archive over HTTP, each step
 * pinned to the version it read (If-Match), the way the README's curl walk does. The clock is
 * the server's: the meeting time is set a minute ahead and enforcement ends at it (`at`, within
 * the engine's allowed clock skew).
 */
export async function walkToArchive(call: Caller, caseId: string): Promise<Record<string, unknown>> {
  let view = await ok(await call('POST', '/cases', walkers.market, { caseId, title: '城东农贸市场安全综合执法', itemNo: 1, origin: 'application', applicant: 'market-regulation' }));
  const send = async (who: Record<string, unknown>, event: Record<string, unknown>) => {
    view = await ok(await call('POST', `/cases/${encodeURIComponent(caseId)}/events`, who, event, { 'if-match': `"${String(view.version)}"` }));
    return view;
  };
  await send(walkers.center, { type: 'review.pass', opinion: '符合联动执法要求' });
  await send(walkers.justice, { type: 'legal.approve', opinion: '程序合法' });
  await send(walkers.inCharge, { type: 'leader.approve', opinion: '同意' });
  const startAt = new Date(Date.now() + 60_000).toISOString();
  await send(walkers.center, { type: 'task.dispatch', place: '城东农贸市场', startAt });
  for (const unit of item1Cooperating) await send({ unit }, { type: 'unit.acknowledge', staff: 3, equipment: '执法记录仪' });
  const division = ['market-regulation', ...item1Cooperating].map((unit) => ({ unit, duty: `${unit} 负责本单位职责范围内的检查` }));
  await send(walkers.market, { type: 'plan.submit', plan: { division, content: '检查消防设施、食品安全和市场秩序', methods: '联合检查', steps: '动员部署、集中检查、整改复查', timeLimits: '十日内完成整改复查', contingency: '遇冲突由公安局现场处置' } });
  await send(walkers.market, { type: 'enforcement.end', at: startAt });
  await send(walkers.market, { type: 'results.upload', results: { summary: '检查商户120家' } });
  return send(walkers.center, { type: 'case.archive', summary: '已汇总' });
}
