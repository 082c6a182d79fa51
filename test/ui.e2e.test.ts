/**
 * The browser examples in a real browser, each built with its own Vite config, served over
 * loopback and driven by playwright-core in Debian's Chromium, or the browser `CHROME_PATH` names
 * (no downloaded browser):
 * - examples/react-ui on its own server (examples/react-ui/server.ts: the package's HTTP server and
 *   the page on one origin): one whole case, item 1 from application to archive, clicked through as
 *   each person who acts in it, the 待办 and 已办 pages, the statistics; screenshots in test-output/;
 * - examples/inspector: createBrowserInspector streaming the case actor to its window.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { contentTypes, startUiServer } from '../examples/react-ui/server.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_VARIABLE, chooseBrowser, DEFAULT_BROWSER } from './_lib/browser.js';

const browserChoice = chooseBrowser();
if ('skip' in browserChoice) {
  // .ci/run sets LE_BROWSER_REQUIRED after installing chromium: there, a skipped walk would be a silent gap.
  if (process.env.LE_BROWSER_REQUIRED === '1') throw new Error(`[ui.e2e] ${browserChoice.skip}`);
  console.warn(`[ui.e2e] ${browserChoice.skip}`);
}

describe(`choosing the browser (${BROWSER_VARIABLE})`, () => {
  const only = (...present: string[]) => (path: string) => present.includes(path);

  it('takes the browser CHROME_PATH names, before Debian’s chromium', () => {
    expect(chooseBrowser({ CHROME_PATH: '/opt/google/chrome/chrome' }, only('/opt/google/chrome/chrome', DEFAULT_BROWSER))).toEqual({ path: '/opt/google/chrome/chrome' });
    expect(chooseBrowser({}, only(DEFAULT_BROWSER))).toEqual({ path: DEFAULT_BROWSER });
    expect(chooseBrowser({ CHROME_PATH: '' }, only(DEFAULT_BROWSER))).toEqual({ path: DEFAULT_BROWSER });
  });

  it('says which variable to set when it skips, and refuses a CHROME_PATH that is not there', () => {
    const choice = chooseBrowser({}, only());
    expect(choice).toEqual({ skip: expect.stringContaining('Set CHROME_PATH to a Chromium or Chrome executable') });
    expect(() => chooseBrowser({ CHROME_PATH: '/no/such/chrome' }, only(DEFAULT_BROWSER))).toThrow('CHROME_PATH=/no/such/chrome: no such file');
  });
});

const repo = fileURLToPath(new URL('..', import.meta.url));
const outputDir = join(repo, 'test-output');
const screenshotPath = join(outputDir, 'ui-archived.png');

/** A static file server for a built page, on 127.0.0.1 and a port the system picks. */
async function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = resolve(root, `.${pathname.endsWith('/') ? `${pathname}index.html` : pathname}`);
    if (!file.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

const servers: Server[] = [];

/** Builds `examples/<name>` with its own Vite config into test-output/<name>; returns the folder. */
async function buildPage(name: string): Promise<string> {
  const outDir = join(outputDir, name);
  // Vitest sets NODE_ENV=test, which would give React's development JSX; build the page as users get it.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(repo, `examples/${name}/vite.config.ts`), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

/** Builds `examples/<name>` and serves it as static files. */
async function buildAndServe(name: string): Promise<string> {
  const { server, url } = await serve(await buildPage(name));
  servers.push(server);
  return url;
}

const slow = { timeout: 90_000 };
const poll = { timeout: 15_000 };
const setUp = 180_000;

describe.skipIf('skip' in browserChoice)('the browser examples in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    await mkdir(outputDir, { recursive: true });
    browser = await chromium.launch({
      executablePath: 'path' in browserChoice ? browserChoice.path : undefined,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, setUp);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((server) => new Promise<void>((closed) => server.close(() => closed()))));
  });

  describe('the React example on the package’s server (examples/react-ui, npm run ui): item 1 from application to archive', () => {
    let page: Page;
    let ui: { url: string; close: () => Promise<void> };
    const pageErrors: string[] = [];

    beforeAll(async () => {
      // The built page, served by the example's own server (the engine, /api and /dev/clock) as `npm run ui -- --static` does.
      const staticDir = await buildPage('react-ui');
      ui = await startUiServer({ port: 0, staticDir, warn: () => {} });
      page = await browser.newPage({ viewport: { width: 1360, height: 900 }, acceptDownloads: true, locale: 'zh-CN' });
      page.setDefaultTimeout(20_000);
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        // A refusal is a 4xx the page shows; Chromium logs each such response as a console error.
        if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) pageErrors.push(message.text());
      });
      await page.goto(ui.url);
    }, setUp);

    afterAll(async () => {
      await ui?.close();
    });

    const text = (testId: string) => page.getByTestId(testId).first().innerText();
    const stateIs = (zh: string, en: string) => expect.poll(() => text('state-label'), poll).toMatch(new RegExp(`${zh}\\s+${en}`));
    const actAs = (person: string) => page.getByTestId(`person-${person}`).click();
    /** The action forms the page offers the current person, by event type. */
    const offered = async () => {
      const forms = await page.locator('form[data-testid^="action-"]').all();
      return Promise.all(forms.map(async (form) => (await form.getAttribute('data-testid'))?.slice('action-'.length)));
    };
    const historyRows = () => page.getByTestId('history-row').allInnerTexts();
    const notices = () => page.getByTestId('notice').count();

    /** Fills an action's fields (a `unit` field is a select) and sends it. */
    async function send(type: string, fields: Record<string, string> = {}) {
      const form = page.getByTestId(`action-${type}`);
      for (const [name, value] of Object.entries(fields)) {
        const field = form.getByTestId(`field-${name}`);
        if (name === 'unit') await field.selectOption(value);
        else await field.fill(value);
      }
      await form.getByTestId(`send-${type}`).click();
    }

    async function setClock(wallClock: string) {
      await page.getByTestId('clock-input').fill(wallClock);
      await page.getByTestId('clock-jump').click();
      await expect.poll(() => text('clock'), poll).toBe(wallClock.replace('T', ' '));
    }

    it('opens the seeded case SY-2026-001 at 初审 from the server and offers each person only what allowed-events returns', slow, async () => {
      await stateIs('初审', 'Preliminary review');
      expect(await text('case-title')).toContain('SY-2026-001');
      expect(await historyRows()).toHaveLength(1);
      expect((await historyRows())[0]).toContain('立案');
      expect(await text('clock')).toBe('2026-09-01 09:00');
      await expect.poll(() => text('deadline-none'), poll).toContain('5个工作日');

      await actAs('fire-rescue');
      await expect.poll(() => text('no-actions'), poll).toContain('当前没有您可以执行的操作');
      await actAs('justice');
      await expect.poll(offered, poll).toEqual([]);

      await actAs('command-center');
      await expect.poll(offered, poll).toEqual(['review.pass', 'review.reject']);
      expect(await text('waiting-for')).toContain('综合指挥调度中心');
      await expect.poll(() => page.getByTestId('flow-preliminaryReview').getAttribute('data-status'), poll).toBe('current');
    });

    it('shows the server’s refusal of an incomplete action as its problem (Chinese title and code), and changes nothing', slow, async () => {
      await send('review.reject');
      await expect.poll(() => text('refusal'), poll).toMatch(/未能提交 Not sent（INVALID_EVENT）：操作内容有误.*理由.*不能为空/s);
      await stateIs('初审', 'Preliminary review');
      expect(await historyRows()).toHaveLength(1);
    });

    it('passes 初审; 司法局’s 待办 then lists the case at 法制审核 with its events, and opens it', slow, async () => {
      await send('review.pass', { opinion: '符合联动执法要求' });
      await stateIs('法制审核', 'Legal review');
      await expect.poll(() => text('notice'), poll).toContain('初审通过');
      // The flowchart follows the case by a request of its own (GET /api/diagram once the version changes): on CI's busy machine it came after the notice.
      await expect.poll(() => page.getByTestId('flow-preliminaryReview').getAttribute('data-status'), poll).toBe('visited');

      await page.getByTestId('clock-plus-day').click();
      await expect.poll(() => text('clock'), poll).toBe('2026-09-02 09:00');
      await actAs('justice');
      await page.getByTestId('tab-inbox').click();
      const row = page.locator('[data-testid="worklist-row"][data-case="SY-2026-001"]');
      await expect.poll(() => row.innerText(), poll).toMatch(/SY-2026-001[\s\S]*城东农贸市场安全综合执法[\s\S]*法制审核\s+Legal review[\s\S]*法制审核通过、退回[\s\S]*2026-09-01 11:00|SY-2026-001[\s\S]*法制审核\s+Legal review[\s\S]*法制审核通过/);
      // The seeded SY-2026-104 waits for 司法局 too; every row is at 法制审核.
      expect(await page.getByTestId('worklist-state').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('法制审核')]));
      await page.screenshot({ path: join(outputDir, 'ui-inbox.png'), fullPage: true });

      await page.getByTestId('open-SY-2026-001').click();
      await stateIs('法制审核', 'Legal review');
      await expect.poll(offered, poll).toEqual(['legal.approve', 'legal.return']);
      await send('legal.approve', { opinion: '执法依据充分' });
      await stateIs('县领导审批', 'County leader approval');

      await page.getByTestId('clock-plus-day').click();
      await actAs('in-charge');
      await send('leader.approve', { opinion: '同意' });
      await stateIs('任务派送', 'Dispatching');
      expect(await text('clock')).toBe('2026-09-03 09:00');
    });

    it('dispatches item 1 to its eight units; a refusal replaces the earlier “recorded” notice; the lead unit plans and ends the enforcement', slow, async () => {
      await page.getByTestId('clock-plus-day').click();
      await actAs('command-center');
      await send('task.dispatch', { place: '城东农贸市场', startAt: '2026-09-29T09:00' });
      await stateIs('起草工作方案', 'Drafting the work plan');
      expect(await text('state-label')).toContain('执法 ›');
      await expect.poll(() => text('acknowledgement-fire-rescue'), poll).toContain('待确认 Pending');

      await page.getByTestId('clock-plus-hour').click();
      await actAs('fire-rescue');
      await expect.poll(offered, poll).toEqual(['unit.acknowledge']);
      await send('unit.acknowledge', { staff: '6', equipment: '消防检查车' });
      await expect.poll(() => text('acknowledgement-fire-rescue'), poll).toContain('已确认 Confirmed');
      expect(await text('acknowledgement-fire-rescue')).toContain('6 人 staff');
      await expect.poll(() => text('notice'), poll).toContain('确认接收任务');

      await page.getByTestId('clock-plus-week').click();
      await actAs('market-regulation');
      // The plan must state every part 牵头单位 1 names: the server refuses an empty one, naming what is missing.
      await send('plan.submit', { summary: '分消防、食品、秩序三组检查' });
      await expect.poll(() => text('refusal'), poll).toMatch(/INVALID_EVENT[\s\S]*plan\.content/);
      // The “recorded” notice was about the acknowledgement: it does not stand beside the refusal.
      expect(await notices()).toBe(0);
      await send('plan.submit', {
        summary: '分消防、食品、秩序三组检查',
        content: '检查消防设施、食品安全和市场秩序',
        methods: '联合检查',
        steps: '部署、检查、复查',
        timeLimits: '一天内完成现场检查',
        contingency: '遇冲突由公安局现场处置',
      });
      await stateIs('集中开展执法', 'Enforcing on site');

      await actAs('fire-rescue');
      await expect.poll(offered, poll).toEqual(['unit.acknowledge']);

      await setClock('2026-09-30T18:00');
      await expect.poll(() => text('acknowledgement-public-security'), poll).toContain('逾期未确认 Overdue');
      await actAs('market-regulation');
      await send('enforcement.end');
      await stateIs('执法结果反馈', 'Reporting results');
      await expect.poll(() => text('acknowledgement-public-security'), poll).toContain('始终未确认 Never confirmed');
      // 5 working days after 2026-09-30 skip the 国庆节 holiday and count the 10-10 make-up Saturday.
      await expect.poll(() => text('deadline-status'), poll).toBe('待上传 Pending');
      expect(await text('deadline-due')).toContain('2026-10-13');
    });

    it('shows a cooperating unit only 报送法律文书, uploads its files to the server and sends their references with the report', slow, async () => {
      await page.getByTestId('clock-plus-week').click();
      await actAs('fire-rescue');
      await expect.poll(offered, poll).toEqual(['unit.report']);
      expect(await text('action-unit.report')).toContain('报送法律文书');

      const report = page.getByTestId('action-unit.report');
      // A file the blob store does not take is the server's 415, shown, and nothing is kept.
      await report.getByTestId('field-documents').setInputFiles([{ name: '检查.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') }]);
      await expect.poll(() => text('field-documents-problem'), poll).toMatch(/未能上传 Not uploaded（INVALID_INPUT）：.*不接受此类文件/);
      const pdf = '%PDF-1.7 消防检查记录';
      await report.getByTestId('field-documents').setInputFiles([
        { name: '消防检查记录.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) },
        { name: '责令整改通知书.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 责令整改通知书') },
      ]);
      await expect.poll(() => text('field-documents-ready'), poll).toContain('2 份已上传');
      expect(await page.getByTestId('field-documents-problem').count()).toBe(0);
      await send('unit.report', { summary: '消防检查记录3份，责令整改通知书2份' });
      await expect.poll(() => text('reports'), poll).toMatch(/^1 \/ 7/);
      expect(await text('documents')).toBe('📎 消防检查记录.pdf📎 责令整改通知书.pdf');
      expect(await page.getByTestId('history-details').last().innerText()).toContain('附件 2 份：消防检查记录.pdf、责令整改通知书.pdf');
      // Read back from the blob store (GET /documents/{sha256}): the same bytes.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('document').first().click()]);
      expect(download.suggestedFilename()).toBe('消防检查记录.pdf');
      expect(await readFile((await download.path())!, 'utf8')).toBe(pdf);
      await stateIs('执法结果反馈', 'Reporting results');
    });

    it('moves the server’s clock past the results deadline: the sweep records it overdue, and the lead unit’s 待办 counts the days', slow, async () => {
      await setClock('2026-10-14T09:00');
      await expect.poll(() => text('deadline-status'), poll).toBe('已逾期 Overdue');
      await expect.poll(async () => (await historyRows()).at(-1), poll).toContain('时限检查');
      await page.screenshot({ path: join(outputDir, 'ui-overdue.png'), fullPage: true });

      await actAs('market-regulation');
      await page.getByTestId('tab-inbox').click();
      const row = page.locator('[data-testid="worklist-row"][data-case="SY-2026-001"]');
      await expect.poll(() => row.innerText(), poll).toMatch(/执法结果反馈[\s\S]*已逾期 1 个工作日/);
      await row.getByTestId('open-SY-2026-001').click();
      await stateIs('执法结果反馈', 'Reporting results');

      await actAs('command-center');
      await send('case.urge', { unit: 'market-regulation', message: '请立即上传执法结果' });
      await expect.poll(async () => (await historyRows()).at(-1), poll).toContain('催办 市场监管局');
    });

    it('takes the late results and archives the case; the flowchart marks the path it took', slow, async () => {
      await page.getByTestId('clock-plus-hour').click();
      await actAs('market-regulation');
      await expect.poll(offered, poll).toEqual(['results.upload', 'meeting.record', 'info.publish', 'case.urge']);
      await send('results.upload');
      await expect.poll(() => text('refusal'), poll).toContain('results.summary');
      await page.getByTestId('action-results.upload').getByTestId('field-documents').setInputFiles([{ name: '执法结果汇总表.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 执法结果汇总表') }]);
      await expect.poll(() => text('field-documents-ready'), poll).toContain('1 份已上传');
      await send('results.upload', { summary: '检查商户126家，整改隐患18处，立案3起' });
      await stateIs('汇总', 'Aggregating');
      expect(await text('documents')).toBe('📎 消防检查记录.pdf📎 责令整改通知书.pdf📎 执法结果汇总表.pdf');
      await expect.poll(() => text('deadline-status'), poll).toBe('逾期完成 Done late');

      await page.getByTestId('clock-plus-day').click();
      await actAs('command-center');
      await send('case.archive', { summary: '执法结果已汇总存档' });
      await stateIs('存档', 'Archived');
      await expect.poll(() => text('state-final'), poll).toContain('已结束');

      for (const person of ['command-center', 'market-regulation', 'fire-rescue', 'in-charge']) {
        await actAs(person);
        await expect.poll(offered, poll).toEqual([]);
      }

      const rows = await historyRows();
      const actions = (await page.locator('[data-testid="history-row"] td:nth-child(4)').allInnerTexts()).map((cell) => cell.split(/\s/)[0]);
      // The sweep also checked the acknowledgements when the clock passed their time: its entries are the system's, between the case's own acts.
      expect(actions.filter((action) => action !== '时限检查' && action !== '时限预警')).toEqual(['立案', '初审通过', '法制审核通过', '批准同意', '派送任务', '确认接收任务', '提交工作方案', '执法工作结束', '报送法律文书', '催办', '上传执法结果', '汇总存档']);
      expect(actions.slice(actions.indexOf('报送法律文书'), actions.indexOf('催办'))).toContain('时限检查');
      expect(rows[1]).toContain('2026-09-01 09:00');
      expect(rows.at(-1)).toMatch(/2026-10-15 10:00.*综合指挥调度中心.*汇总存档.*汇总 → 存档/s);

      await expect.poll(() => page.getByTestId('flow-archived').getAttribute('data-status'), poll).toBe('current');
      for (const visited of ['preliminaryReview', 'legalReview', 'leaderApproval', 'dispatching', 'enforcing', 'aggregating']) {
        expect(await page.getByTestId(`flow-${visited}`).getAttribute('data-status')).toBe('visited');
      }
      expect(await page.getByTestId('flow-rejected').getAttribute('data-status')).toBe('todo');

      await page.screenshot({ path: screenshotPath, fullPage: true });
      expect(existsSync(screenshotPath)).toBe(true);
    });

    it('lists the archived case in the lead unit’s 已办', slow, async () => {
      await actAs('market-regulation');
      await page.getByTestId('tab-done').click();
      await expect.poll(() => page.locator('[data-testid="worklist-row"][data-case="SY-2026-001"]').innerText(), poll).toMatch(/存档[\s\S]*已结束 Closed/);
    });

    it('shows the statistics to the center, with its CSV download, and the server’s 403 to a unit', slow, async () => {
      await actAs('command-center');
      await page.getByTestId('tab-stats').click();
      // Five cases were opened in 2026: four seeded and SY-2026-001.
      await expect.poll(async () => (await text('stats-total')).split(/\s+/).slice(0, 4), poll).toEqual(['合计', 'Total', '5', '2']);
      expect(await page.getByTestId('stats-row').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('市场监管局'), expect.stringContaining('农业农村局')]));
      await page.getByTestId('stats-by-month').click();
      await expect.poll(() => page.getByTestId('stats-row').allInnerTexts(), poll).toEqual([expect.stringContaining('2026年8月'), expect.stringContaining('2026年9月')]);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stats-csv').click()]);
      expect(download.suggestedFilename()).toBe('统计报表_2026-01-01_2026-12-31_month.csv');
      expect(await readFile((await download.path())!, 'utf8')).toContain('2026年9月');
      await page.screenshot({ path: join(outputDir, 'ui-stats.png'), fullPage: true });

      await actAs('fire-rescue');
      await expect.poll(() => text('stats-problem'), poll).toMatch(/不允许此操作（403 NOT_ALLOWED）：.*统计报表仅供县综合指挥调度中心和县领导查看/);
      expect(await page.getByTestId('stats-table').count()).toBe(0);
      expect(pageErrors).toEqual([]);
    });
  });

  describe('browser inspector (examples/inspector): createBrowserInspector on a case actor', () => {
    it('streams the case actor, its events and snapshots to the inspector window', slow, async () => {
      const url = await buildAndServe('inspector');
      const context = await browser.newContext();
      // Stands in for https://stately.ai/inspect (no network here): it says it is connected, as the
      // real inspector does, and keeps what the page posts to it.
      await context.route(/^https:\/\/stately\.ai\//, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<script>window.received = []; addEventListener('message', (e) => received.push(e.data)); opener.postMessage({ type: '@statelyai.connected' }, '*');</script>`,
        }),
      );
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(url);

      const [inspectorWindow] = await Promise.all([context.waitForEvent('page'), page.click('#start')]);
      expect(inspectorWindow.url()).toBe('https://stately.ai/inspect');
      // A page behind its popup gets no animation frames, which clicks wait for.
      await page.bringToFront();
      await expect.poll(() => page.locator('#state').innerText(), poll).toBe('初审 Preliminary review (preliminaryReview)');
      while (await page.locator('#next').isEnabled()) await page.click('#next');
      await expect.poll(() => page.locator('#state').innerText(), poll).toBe('存档 Archived (archived)');
      expect(await page.locator('#log li').allInnerTexts()).toContainEqual(expect.stringContaining('refused: only 牵头单位'));

      type Received = { type: string; event?: { type: string }; snapshot?: { value?: unknown } };
      const received = () => inspectorWindow.evaluate(() => (globalThis as unknown as { received: Received[] }).received);
      await expect.poll(async () => (await received()).at(-1)?.snapshot?.value, poll).toBe('archived');
      const messages = await received();
      expect(messages[0]).toMatchObject({ type: '@xstate.actor' });
      expect(messages.filter((message) => message.type === '@xstate.event').map((message) => message.event?.type)).toContain('task.dispatch');
      expect(messages.filter((message) => message.type === '@xstate.snapshot')).toHaveLength(24);
      expect(errors).toEqual([]);
      await context.close();
    });
  });
});
