/**
 * The printable 案卷 printed to PDF by Chromium (playwright-core driving Debian's chromium, or
 * CHROME_PATH), as a clerk's browser would: the pages are there, the text and the flowchart made
 * it onto them. Runs once in CI (the `print` project, not under each TZ: the HTML's times are
 * checked under every TZ by test/dossier.test.ts). The PDF and a PNG of each section land in
 * test-output/dossier/ for a person to look at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDossierHtml } from 'linked-enforcement';
import { chooseBrowser } from './_lib/browser.js';
import { archivedCase } from './_lib/dossier.js';

const browserChoice = chooseBrowser();
if ('skip' in browserChoice) {
  // .ci/run sets LE_BROWSER_REQUIRED after installing chromium: there, a skipped print test would be a silent gap.
  if (process.env.LE_BROWSER_REQUIRED === '1') throw new Error(`[dossier.pdf] ${browserChoice.skip}`);
  console.warn(`\n[dossier.pdf] ${browserChoice.skip} SKIPPING the PDF test of the printable 案卷.\n`);
}

const outputDir = join(fileURLToPath(new URL('..', import.meta.url)), 'test-output', 'dossier');

/** The pages of a PDF Chromium wrote (Skia writes each page object uncompressed). */
const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/gu) ?? []).length;

/**
 * Every character the PDF's fonts map back to Unicode (their ToUnicode CMaps): the text that was
 * laid out on the pages, without a PDF library. A character drawn without a font that has it
 * (a missing Chinese font) is not among them.
 */
function charactersOf(pdf: Buffer): Set<string> {
  const text = pdf.toString('latin1');
  const characters = new Set<string>();
  const streams = /stream\r?\n/gu;
  for (let match = streams.exec(text); match !== null; match = streams.exec(text)) {
    const start = match.index + match[0].length;
    let body: string;
    try {
      body = inflateSync(pdf.subarray(start, text.indexOf('endstream', start))).toString('latin1');
    } catch {
      continue;
    }
    if (!body.includes('begincmap')) continue;
    const add = (hex: string) => {
      const units = hex.match(/.{4}/gu)!.map((unit) => Number.parseInt(unit, 16));
      characters.add(String.fromCharCode(...units));
    };
    for (const block of body.matchAll(/beginbfchar([^]*?)endbfchar/gu)) for (const pair of block[1]!.matchAll(/<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>/gu)) add(pair[1]!);
    for (const block of body.matchAll(/beginbfrange([^]*?)endbfrange/gu)) {
      for (const range of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/gu)) {
        const count = Number.parseInt(range[2]!, 16) - Number.parseInt(range[1]!, 16);
        const first = Number.parseInt(range[3]!, 16);
        for (let offset = 0; offset <= count; offset++) characters.add(String.fromCodePoint(first + offset));
      }
    }
  }
  return characters;
}

describe.skipIf('skip' in browserChoice)('the printable 案卷 in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: 'path' in browserChoice ? browserChoice.path : undefined,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(outputDir, { recursive: true });
  }, 60_000);
  afterAll(async () => browser?.close());

  it('prints to A4 pages: the case, then the 流转记录 and the flowchart each on pages of their own, with nothing fetched', async () => {
    const { dossier, log } = await archivedCase();
    const html = renderDossierHtml(dossier, { locale: 'zh-CN', history: log });
    const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.setContent(html, { waitUntil: 'load' });
    await page.screenshot({ path: join(outputDir, 'dossier.png'), fullPage: true });
    await page.locator('svg.flowchart').screenshot({ path: join(outputDir, 'flowchart.png') });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(join(outputDir, 'dossier.pdf'), pdf);
    expect(requests.filter((url) => url !== 'about:blank')).toEqual([]);

    // The case data and tables fill two pages or more; the 流转记录 starts a page and the flowchart
    // another (break-before: page), so at least four; a runaway layout (a table cell per page) far more.
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThanOrEqual(10);

    // Where the sections land when printed: the history and the flowchart each begin a new page.
    await page.emulateMedia({ media: 'print' });
    const breakBefore = (selector: string) => page.locator(selector).evaluate((element) => (globalThis as unknown as { getComputedStyle(e: unknown): { breakBefore: string } }).getComputedStyle(element).breakBefore);
    const pageBreaks = [await breakBefore('section.history'), await breakBefore('section.flowchart-page')];
    expect(pageBreaks).toEqual(['page', 'page']);
    const svgHeight = await page.locator('svg.flowchart').evaluate((svg) => svg.getBoundingClientRect().height);
    // A4 minus the margins is 265 mm tall (≈ 1000 CSS px): the flowchart fits one page.
    expect(svgHeight).toBeGreaterThan(300);
    expect(svgHeight).toBeLessThan(1000);

    const characters = charactersOf(pdf);
    for (const text of ['联动执法案卷', '城东农贸市场安全综合执法', '流转记录', '审核审批意见', '法制审核', '汇总存档', '存档', '检查商户', '流程图', '附件']) {
      expect([...text].filter((character) => !characters.has(character)), text).toEqual([]);
    }
    // Only what was printed: a character the case never uses is not there.
    expect(characters.has('龘')).toBe(false);
    expect(characters.size).toBeLessThan(2000);
    await page.close();
  }, 120_000);
});
