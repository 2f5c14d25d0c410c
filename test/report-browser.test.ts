// report.html in a real browser: headless Debian Chromium opens the samples' page from disk and
// checks what a reviewer relies on (numbers, diffs, filters, mark links, themes), that the script
// throws nothing and that nothing but file:// is requested. Then the page of a verified output (the
// samples verified once per test run, with one widget broken on purpose and verified again): the
// verification column and panels, and the step screenshots, which load from disk beside the page.
// Last, the page of a larger batch (the samples, test/fixtures/field, every widget fixture and the
// Cisco-like gadgets of test/fixtures/review-page, planned in-process): nothing overflows at 1024 and
// 1440 px, "Start here" says the batch-wide steps once, ids sit beside titles, a rule filter
// highlights that rule's marks, TODOs come first. On CI a missing Chromium fails the test;
// locally it is skipped with a message.
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../src/analyze/index.js';
import { discover } from '../src/cli/discover.js';
import { planBatch } from '../src/emit/plan.js';
import { CDN_PLACEHOLDER } from '../src/emit/widget-fragment.js';
import type { Report } from '../src/report/report.js';
import { FIXTURES, ROOT, runCli, SAMPLES, tempDir, verifiedSamples } from './helpers.js';

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
    expect(runCli(['migrate', 'samples', '--out', out, '--force', '-q']).status).toBe(0);
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

describe.skipIf(!available && !process.env.CI)('report.html of a larger batch in Chromium', () => {
  let browser: Browser;
  let report: Report;
  let url: string;

  beforeAll(async () => {
    if (!available) throw new Error(`Chromium is missing at ${CHROMIUM}; CI must install it (apt-get install -y chromium)`);
    // Planned in-process (the page as src/ renders it), once for both viewports.
    const widgets = path.join(FIXTURES, 'widgets');
    const inputs = [
      SAMPLES,
      path.join(FIXTURES, 'field'),
      path.join(FIXTURES, 'review-page'),
      ...readdirSync(widgets).sort().map((d) => path.join(widgets, d, 'gadget')),
    ].map((i) => path.relative(ROOT, i));
    const found = discover(inputs);
    const analyzed = found.candidates.map((c) => analyzeFile(c.tree, c.rel, { locale: 'en-US' }));
    const plan = await planBatch(analyzed, { toolVersion: 'test', locale: 'en-US', inputs: [...inputs].sort(), problems: found.problems });
    report = plan.report;
    const out = tempDir('fm-browser-batch-');
    // The page and its data files, where migrate writes them.
    for (const [rel, text] of plan.files) {
      if (rel !== 'report.html' && !rel.startsWith('report/')) continue;
      mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
      writeFileSync(path.join(out, rel), text);
    }
    url = pathToFileURL(path.join(out, 'report.html')).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function open(width: number): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(url, { waitUntil: 'load' });
    return { page, errors };
  }

  /** Every shown container (and the page) whose content is wider than it is: none may be. */
  const overflowing = (page: Page): Promise<string[]> => page.evaluate(() => {
    const bad: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) bad.push(`page: ${doc.scrollWidth} > ${doc.clientWidth}`);
    const containers = 'main, section.block, .card, .panel, .toolbar, details.gadget, details.gadget > summary, .g-body, details.change, .diff, .pad, pre, .snippet, dl.facts, table';
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(containers))) {
      if (el.getClientRects().length === 0) continue;
      if (el.scrollWidth > el.clientWidth + 1) {
        const g = el.closest<HTMLElement>('details.gadget')?.dataset['id'];
        bad.push(`${el.tagName.toLowerCase()}.${el.className || '-'}${g ? ` in ${g}` : ''}: ${el.scrollWidth} > ${el.clientWidth}`);
      }
    }
    return bad;
  });

  const gadgetsWith = (rule: string): string[] => report.gadgets
    .filter((g) => (g.widget?.marks ?? []).some((m) => m.id === rule) || (g.widget?.callSites.sites ?? []).some((s) => s.rule === rule))
    .map((g) => g.id ?? '');

  /** "Expand all", and wait until every gadget's details are loaded from their data files. */
  const expandAll = async (page: Page): Promise<void> => {
    await page.locator('#expand-all').click();
    await expect.poll(() => page.locator('details.gadget:not([data-loaded="yes"])').count(), { timeout: 20_000 }).toBe(0);
  };

  it('overflows nowhere at 1024 px, everything open', async () => {
    const { page, errors } = await open(1024);
    await expandAll(page);
    expect(await overflowing(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('at 1440 px: says the batch-wide steps once, shows ids beside titles, highlights a rule\'s marks, TODOs first, overflows nowhere', async () => {
    const { page, errors } = await open(1440);
    const widgets = report.gadgets.filter((g) => g.widget);
    expect(widgets.length).toBeGreaterThan(20);

    // Start here comes first, and counts the widgets on the placeholder CDN.
    expect(await page.evaluate(() => document.querySelector('main > section')?.id)).toBe('start-here');
    const onPlaceholder = widgets.filter((g) => (g.layoutFragment as { script: string }).script.startsWith(CDN_PLACEHOLDER));
    expect(onPlaceholder.length).toBe(widgets.length);
    expect(await page.getByTestId('start-cdn-count').textContent()).toBe(`${widgets.length} of ${widgets.length}`);

    // The config snippet: valid JSON, valid against the config schema, giving exactly the missing tenant settings.
    const missing = [...new Set(widgets.flatMap((g) => g.widget!.tenantSettings.filter((t) => !t.configured).map((t) => t.setting)))].sort();
    expect(missing).toEqual(['tenant.cadVariables', 'tenant.idleCodes', 'tenant.outdial.entryPointId']);
    const snippet = JSON.parse((await page.getByTestId('start-config-json').textContent())!) as Record<string, unknown>;
    const schema = createRequire(import.meta.url)('../schemas/config.schema.json') as object;
    const validate = new Ajv2020.default({ allErrors: true, strict: true }).compile(schema);
    expect(validate(snippet), JSON.stringify(validate.errors)).toBe(true);
    const at = (o: unknown, dotted: string): unknown => dotted.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);
    for (const s of missing) expect(at(snippet, s), s).toBeDefined();
    expect(Object.keys(snippet)).toEqual(['tenant']);
    expect(Object.keys(snippet['tenant'] as object).sort()).toEqual(['cadVariables', 'idleCodes', 'outdial']);
    for (const s of missing) {
      const row = page.locator(`[data-testid="start-config"] tr[data-setting="${s}"]`);
      for (const g of widgets.filter((w) => w.widget!.tenantSettings.some((t) => t.setting === s && !t.configured))) expect(await row.textContent(), s).toContain(g.id);
    }

    // The next commands, with the inputs to migrate again and the Finesse layout the batch holds.
    const commands = (await page.getByTestId('start-commands').textContent())!;
    expect(commands).toContain(`finesse-migrate migrate ${report.inputs.join(' ')} --out <out> --cdn-base <https-url>`);
    for (const c of ['finesse-migrate build <out>', 'finesse-migrate verify <out>', 'finesse-migrate layout samples/finesse-layout.xml --gadgets <out>']) expect(commands).toContain(c);

    // Every gadget's details, loaded from its data file.
    await expandAll(page);
    await page.locator('#collapse-all').click();

    // No gadget repeats them: its build-and-host and tenant-setting actions are left out, its own stay.
    const actions = await page.$$eval('details.gadget [data-testid="actions"] li', (els) => els.map((e) => e.textContent ?? ''));
    expect(actions.filter((a) => /^Build the widget|--cdn-base|tenant\.[\w.]+ in finesse-migrate\.config\.json/.test(a))).toEqual([]);
    const own = report.gadgets.flatMap((g) => g.actions).filter((a) => !/^Build the widget|tenant\.[\w.]+ in finesse-migrate\.config\.json/.test(a));
    expect(actions.length).toBe(own.length);

    // Two gadgets titled alike, told apart by the id beside each title (in the list and in the summary table).
    const same = report.gadgets.filter((g) => g.title === 'Sample Gadget');
    expect(same.length).toBe(2);
    const titled = await page.$$eval('details.gadget > summary', (els) => els
      .filter((e) => e.querySelector('.g-title')?.textContent === 'Sample Gadget')
      .map((e) => e.querySelector('.g-id')?.textContent ?? ''));
    expect(titled.sort()).toEqual(same.map((g) => g.id!).sort());
    for (const g of same) expect(await page.locator('#summary table.data tr', { hasText: g.id! }).count(), g.id).toBe(1);

    // Marks: TODO before REVIEW in every table, also where the code has a REVIEW first.
    const kinds = await page.$$eval('[data-testid="marks"]', (els) => els.map((e) => Array.from(e.querySelectorAll<HTMLElement>('tr.mark')).map((r) => r.dataset['kind'])));
    for (const k of kinds) expect(k).toEqual([...k].sort((a, b) => (a === 'todo' ? 0 : 1) - (b === 'todo' ? 0 : 1)));
    const reviewFirst = report.gadgets.find((g) => g.widget?.marks[0]?.kind === 'review' && g.widget.marks.some((m) => m.kind === 'todo'))!;
    expect(reviewFirst).toBeDefined();
    expect(await page.locator(`details.gadget[data-id="${reviewFirst.id}"] tr.mark`).first().getAttribute('data-kind')).toBe('todo');

    // Filtering by a rule shows its gadgets and highlights its marks, call sites and comment lines there.
    const rule = 'USR-01';
    const users = gadgetsWith(rule);
    expect(users.length).toBeGreaterThan(2);
    await page.selectOption('#filter-rule', rule);
    expect(await page.$$eval('details.gadget', (els) => els.filter((e) => !(e as HTMLElement).hidden).map((e) => (e as HTMLElement).dataset['id']))).toEqual(users);
    const marked = report.gadgets.flatMap((g) => (g.widget?.marks ?? []).filter((m) => m.id === rule));
    expect(await page.locator('tr.mark.rule-hit').count()).toBe(marked.length);
    expect(await page.locator(`tr.mark.rule-hit:not([data-rule="${rule}"])`).count()).toBe(0);
    expect(await page.locator('tr[data-rule].rule-hit:not(.mark)').count()).toBe(report.gadgets.flatMap((g) => (g.widget?.callSites.sites ?? []).filter((s) => s.rule === rule)).length);
    const lines = page.locator('tr.rule-hit td.code, td.code.rule-hit');
    expect(await lines.count()).toBeGreaterThan(0);
    for (const t of await lines.allTextContents()) expect(t).toContain(`(finesse-migrate) [${rule}]`);
    expect(await page.locator('details.gadget:not([hidden]) .g-rule').count()).toBe(users.length);
    // A highlighted row stands out from the others.
    const bg = (sel: string): Promise<string> => page.locator(sel).first().evaluate((e) => getComputedStyle(e.querySelector('td') ?? e).backgroundColor);
    expect(await bg('tr.mark.rule-hit')).not.toBe(await bg('tr.mark:not(.rule-hit)'));
    await page.selectOption('#filter-rule', '');
    expect(await page.locator('.rule-hit, .g-rule').count()).toBe(0);

    await expandAll(page);
    expect(await overflowing(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
