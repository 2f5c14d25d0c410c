// report.html of a batch of 5,000 spec files (a synthetic report: the golden samples copied, not
// migrated) in headless Chromium: the index opens small (under 5 MB) and answers the first status
// filter, and opening a gadget loads its data file alone from disk and shows its code highlighted.
// How fast it opens is a performance claim, measured by `npm run bench` (bench/README.md, "Report
// open time"), not asserted here: a timed test on a shared machine fails on the noise.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewOutputs } from '../src/report/outputs.js';
import type { Report } from '../src/report/report.js';
import { tempDir } from './helpers.js';
import { syntheticBatch } from './synthetic-report.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const available = existsSync(CHROMIUM);
const GADGETS = 5000;

describe.skipIf(!available && !process.env.CI)(`report.html of ${GADGETS} gadgets in Chromium`, () => {
  let browser: Browser;
  let report: Report;
  let url: string;
  let indexBytes = 0;

  beforeAll(async () => {
    if (!available) throw new Error(`Chromium is missing at ${CHROMIUM}; CI must install it (apt-get install -y chromium)`);
    const batch = syntheticBatch(GADGETS);
    report = batch.report;
    const out = tempDir('fm-report-scale-');
    for (const [rel, text] of reviewOutputs(report, batch.reviews)) {
      if (rel !== 'report.html' && !rel.startsWith('report/')) continue;
      mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
      writeFileSync(path.join(out, rel), text);
      if (rel === 'report.html') indexBytes = Buffer.byteLength(text);
    }
    url = pathToFileURL(path.join(out, 'report.html')).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('opens and filters by status; a gadget opened loads its own data file and shows highlighted code', async () => {
    expect(report.gadgets.length).toBe(GADGETS);
    expect(indexBytes).toBeLessThan(5_000_000);
    const failed = report.gadgets.filter((g) => g.status === 'failed').length;
    expect(failed).toBeGreaterThan(0);
    const times: number[] = [];
    {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const start = performance.now();
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
      await page.selectOption('#filter-status', 'failed');
      await expect.poll(() => page.locator('#shown-count').textContent()).toBe(`${failed} of ${GADGETS} shown`);
      times.push(performance.now() - start);
      await page.close();
    }
    console.log(`report.html of ${GADGETS} gadgets: ${(indexBytes / 1e6).toFixed(2)} MB; open + first status filter ${times.map((t) => `${Math.round(t)} ms`).join(', ')}`);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    // Nothing but the page itself is read until a gadget is opened.
    expect(requests).toEqual([url]);
    const n = report.gadgets.findIndex((g, i) => i > 4000 && g.id?.startsWith('queue-dashboard'));
    const gadget = page.locator(`details.gadget[data-id="${report.gadgets[n]!.id}"]`);
    expect(await gadget.getAttribute('data-loaded')).toBeNull();
    await gadget.locator('> summary').click();
    await expect.poll(() => gadget.getAttribute('data-loaded')).toBe('yes');
    expect(requests.filter((r) => r !== url)).toEqual([new URL(`report/gadgets/${n + 1}.js`, url).href]);
    const change = gadget.locator('details.change[data-testid="change"]').first();
    await change.locator('> summary').click();
    const diff = change.getByTestId('diff-unified');
    await expect.poll(() => diff.isVisible()).toBe(true);
    // Highlighted in the browser: keyword, string and comment spans in the code cells.
    expect(await diff.locator('td.code span.k').count()).toBeGreaterThan(0);
    expect(await diff.locator('td.code span.s, td.code span.c').count()).toBeGreaterThan(0);
    expect(await diff.locator('td.code:empty').count()).toBeLessThan(await diff.locator('td.code').count());
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
