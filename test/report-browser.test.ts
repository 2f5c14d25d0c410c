// report.html in a real browser: headless Debian Chromium opens the samples' page from disk and
// checks what a reviewer relies on (numbers, diffs, filters, mark links, themes), that the script
// throws nothing and that nothing but file:// is requested. Then the page of a verified output (the
// samples verified once per test run, with one widget broken on purpose and verified again): the
// verification column and panels, and the step screenshots, which load from disk beside the page. On CI a missing Chromium fails the test;
// locally it is skipped with a message.
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/report.js';
import { ROOT, runCli, tempDir, verifiedSamples } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const available = existsSync(CHROMIUM);
if (!available && !process.env.CI) console.warn(`report-browser.test.ts skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

describe.skipIf(!available && !process.env.CI)('report.html in Chromium', () => {
  let browser: Browser;
  let report: Report;
  let url: string;
  let shots: string;

  beforeAll(async () => {
    if (!available) throw new Error(`Chromium is missing at ${CHROMIUM}; CI must install it (apt-get install -y chromium)`);
    const out = path.join(tempDir('fm-browser-'), 'out');
    expect(runCli(['migrate', 'samples', '--out', out, '--force', '-q']).status).toBe(1);
    report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
    url = pathToFileURL(path.join(out, 'report.html')).href;
    shots = tempDir('fm-shots-');
    // launch() gives every browser a fresh temporary profile (user-data-dir) of its own.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens the page and records what a clean page must not have: errors and non-file requests. */
  async function open(colorScheme: 'light' | 'dark'): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const page = await browser.newPage({ colorScheme, viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url, { waitUntil: 'load' });
    return { page, errors, requests };
  }

  const text = (page: Page, testid: string): Promise<string | null> => page.getByTestId(testid).first().textContent();
  const shownIds = (page: Page): Promise<string[]> =>
    page.$$eval('details.gadget', (els) => els.filter((e) => !(e as HTMLElement).hidden).map((e) => (e as HTMLElement).dataset.id ?? ''));

  it('shows report.json numbers, opens diffs, filters by rule, follows mark links', async () => {
    const { page, errors, requests } = await open('light');

    for (const k of ['total', 'mapped', 'todo', 'dropped', 'unmapped'] as const) expect(await text(page, `summary-${k}`), k).toBe(String(report.summary.callSites[k]));
    for (const [k, n] of Object.entries(report.summary.byStatus)) expect(await text(page, `status-${k}`), k).toBe(String(n));
    await page.screenshot({ path: path.join(shots, 'summary-light.png') });
    copyFileSync(path.join(shots, 'summary-light.png'), '/tmp/report-shot.png');

    // A diff is hidden until its gadget and its change are opened; the toggle swaps the views.
    const gadget = report.gadgets.find((g) => (g.widget?.marks.length ?? 0) > 0)!;
    const section = page.locator(`details.gadget[data-id="${gadget.id}"]`);
    const change = section.locator('details.change[data-testid="change"]').first();
    const unified = change.getByTestId('diff-unified');
    expect(await unified.isVisible()).toBe(false);
    await section.locator('> summary').click();
    await change.locator('> summary').click();
    await expect.poll(() => unified.isVisible()).toBe(true);
    expect(await unified.locator('tr.d-add').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Side by side' }).click();
    expect(await change.getByTestId('diff-split').isVisible()).toBe(true);
    expect(await unified.isVisible()).toBe(false);
    await change.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'diff-split-light.png') });
    copyFileSync(path.join(shots, 'diff-split-light.png'), '/tmp/report-shot-diff.png');
    await page.getByRole('button', { name: 'Unified' }).click();

    // A mark's link lands on the comment line carrying its id, opening what holds it.
    await page.locator('details.gadget > summary').first().focus();
    const mark = gadget.widget!.marks[0]!;
    await section.getByTestId('mark-link').first().click();
    const target = page.locator(':focus');
    await expect.poll(() => target.textContent()).toContain(`(finesse-migrate) [${mark.id}]`);
    expect(await target.isVisible()).toBe(true);

    // Filter by a rule some gadgets use and others do not: exactly those remain.
    const rulesOf = (g: Report['gadgets'][number]): Set<string> =>
      new Set([...(g.widget?.callSites.sites ?? []).flatMap((s) => (s.rule ? [s.rule] : [])), ...(g.widget?.marks ?? []).map((m) => m.id)]);
    const users = (rule: string): string[] => report.gadgets.filter((g) => rulesOf(g).has(rule)).map((g) => g.id ?? '');
    const all = [...new Set(report.gadgets.flatMap((g) => [...rulesOf(g)]))].sort();
    const rule = all.find((r) => users(r).length > 0 && users(r).length < report.gadgets.filter((g) => g.widget).length) ?? all[0]!;
    await page.selectOption('#filter-rule', rule);
    expect(await shownIds(page)).toEqual(users(rule));
    expect(await page.locator('#shown-count').textContent()).toBe(`${users(rule).length} of ${report.gadgets.length} shown`);

    // Status filter, then "/" and a search narrow it further; Escape clears the search.
    await page.selectOption('#filter-rule', '');
    await page.selectOption('#filter-status', 'migrated');
    expect(await shownIds(page)).toEqual(report.gadgets.filter((g) => g.status === 'migrated').map((g) => g.id ?? ''));
    await page.selectOption('#filter-status', '');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search');
    await page.keyboard.type(gadget.title!);
    expect(await shownIds(page)).toContain(gadget.id);
    expect((await shownIds(page)).length).toBeLessThan(report.gadgets.length);
    await page.keyboard.press('Escape');
    expect((await shownIds(page)).length).toBe(report.gadgets.length);

    // j moves focus to the next gadget's summary.
    await page.locator('details.gadget > summary').first().focus();
    await page.keyboard.press('j');
    expect(await page.evaluate(() => (document.activeElement?.closest('details.gadget') as HTMLElement | null)?.dataset.order)).toBe('1');

    // Sorting by confidence puts the lowest score first.
    await page.selectOption('#sort', 'confidence-asc');
    const scores = (await page.$$eval('details.gadget', (els) => els.map((e) => Number((e as HTMLElement).dataset.confidence)))).filter((n) => n >= 0);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));

    await page.screenshot({ path: path.join(shots, 'full-light.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests.filter((r) => !r.startsWith('file://'))).toEqual([]);
    await page.close();
  });

  it('follows the system dark theme, and the toggle switches it', async () => {
    const { page, errors } = await open('dark');
    const bg = (): Promise<string> => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const dark = await bg();
    const toggle = page.locator('#theme-toggle');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await page.locator(`details.gadget[data-id="${report.gadgets.find((g) => g.widget)!.id}"] > summary`).click();
    await page.screenshot({ path: path.join(shots, 'dark.png') });
    copyFileSync(path.join(shots, 'dark.png'), '/tmp/report-shot-dark.png');
    await toggle.click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await bg()).not.toBe(dark);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe.skipIf(!available && !process.env.CI)('report.html of a verified output in Chromium', () => {
  let browser: Browser;
  let report: Report;
  let out: string;
  let shots: string;

  beforeAll(async () => {
    if (!available) throw new Error(`Chromium is missing at ${CHROMIUM}; CI must install it (apt-get install -y chromium)`);
    // The samples migrated and verified once for the whole run (test/helpers.ts); a copy of it with
    // wrap-up-notes throwing in its start-up handler, verified again on its own, one session.
    out = path.join(tempDir('fm-browser-verify-'), 'out');
    cpSync(await verifiedSamples(), out, { recursive: true });
    const gadget = path.join(out, 'widgets', 'wrap-up-notes', 'src', 'gadget.cjs');
    const code = readFileSync(gadget, 'utf8');
    expect(code).toContain('onLoad(function () {');
    writeFileSync(gadget, code.replace('onLoad(function () {', 'onLoad(function () { throw new Error("boom");'));
    const sessions = path.join(out, 'sessions');
    mkdirSync(sessions);
    copyFileSync(path.join(ROOT, 'verify', 'sessions', 'voice-call.json'), path.join(sessions, 'voice-call.json'));
    const r = runCli(['verify', out, '--only', 'wrap-up-notes', '--sessions', sessions, '--screenshots', 'failed', '-q']);
    expect(r.status, r.stderr).toBe(1);
    report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
    shots = tempDir('fm-shots-');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the verification summary, column and a failing widget\'s panel; its screenshots load from disk', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(path.join(out, 'report.html')).href, { waitUntil: 'load' });

    // Summary: report.json's counts; one widget of five fails now.
    expect(report.summary.verify).toMatchObject({ widgets: 5, passed: 4 });
    for (const [k, n] of Object.entries(report.summary.verify!)) expect(await page.getByTestId(`verify-${k}`).textContent(), k).toBe(String(n));
    // The column: every gadget as report.json has it.
    for (const g of report.gadgets.filter((x) => x.classification !== 'not-a-gadget')) {
      const cell = page.getByTestId(`verify-cell-${g.id}`);
      expect(await cell.getAttribute('data-verify'), g.id).toBe(g.verify ? (g.verify.passed ? 'passed' : 'failed') : 'none');
      if (g.verify) expect(await cell.textContent()).toContain(`${g.verify.sessions.filter((s) => s.passed).length}/${g.verify.sessions.length} sessions passed`);
    }
    await page.locator('#summary .grid2').screenshot({ path: path.join(shots, 'verify-table.png') });

    // The failing widget: its failure, and its first error at the gadget's own file and line.
    const broken = report.gadgets.find((g) => g.id === 'wrap-up-notes')!;
    const v = broken.verify!;
    expect(v.passed).toBe(false);
    const first = v.errors.find((e) => e.kind === 'script' || e.kind === 'uncaught')!;
    expect(first.at?.file).toBe(broken.source);
    const section = page.locator('details.gadget[data-id="wrap-up-notes"]');
    const panel = section.getByTestId('verify-panel');
    expect(await panel.isVisible()).toBe(false);
    await section.locator('> summary').click();
    await expect.poll(() => panel.isVisible()).toBe(true);
    expect(await panel.getByTestId('verify-failures').textContent()).toContain(v.failures[0]!);
    expect(await panel.getByTestId('verify-first-error-at').textContent()).toBe(`${first.at!.file}:${first.at!.line}:${first.at!.column}`);

    // Its failed session is open, with a screenshot per step that has one, each loaded from disk.
    const session = panel.locator('details.vsession[data-session="voice-call"]');
    expect(await session.getAttribute('open')).not.toBeNull();
    const imgs = session.locator('a.shot img');
    const want = v.sessions[0]!.steps.filter((st) => st.screenshot).length;
    expect(want).toBeGreaterThan(3);
    expect(await imgs.count()).toBe(want);
    for (let i = 0; i < want; i++) {
      const img = imgs.nth(i);
      await img.scrollIntoViewIfNeeded();
      await expect.poll(() => img.evaluate((e) => (e as HTMLImageElement).naturalWidth), { timeout: 5000 }).toBeGreaterThan(0);
    }
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'verify-panel.png') });
    copyFileSync(path.join(shots, 'verify-panel.png'), '/tmp/report-shot-verify.png');

    // A click opens the screenshot full size on the page; the arrow steps on; Escape closes it.
    await imgs.first().click();
    const viewer = page.locator('#shot-viewer');
    await expect.poll(() => viewer.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    const big = viewer.locator('img');
    await expect.poll(() => big.evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await viewer.locator('figcaption').textContent()).toContain(`voice-call · step 00: mount (1 of ${want})`);
    await page.keyboard.press('ArrowRight');
    expect(await viewer.locator('figcaption').textContent()).toContain(`(2 of ${want})`);
    await page.keyboard.press('Escape');
    await expect.poll(() => viewer.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);

    expect(errors).toEqual([]);
    expect(requests.filter((r) => !r.startsWith('file://'))).toEqual([]);
    expect(requests.some((r) => r.endsWith('.png'))).toBe(true);
    await page.close();
  });
});
