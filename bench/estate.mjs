#!/usr/bin/env node
// Estate scale (issue 14): how migrate grows with the size of a partner's estate, against the cost of
// only reading and parsing the same files, measured in the same run.
//
// For each size N (default 1, 8, 32, 128) it builds a corpus of N copies of samples/ plus the test
// fixtures that are real inputs (listed in FIXTURES below; the hostile ones and the ones that fail on
// purpose are left out) and, R times (default 3), measures:
//   - migrate: `finesse-migrate migrate <corpus> --out <tmp> -q` in a child process, its user+sys CPU
//     and peak RSS as /usr/bin/time reports them (wait4 of the process: the CPU of its threads and of
//     every child process it waited for, such as esbuild's, and the largest RSS among them);
//   - floor: bench/floor.mjs on the same corpus, measured the same way;
//   - report open: that run's report.html in headless Chromium, from the start of navigation until the
//     first click on a filter control (the first "Filter" button of the rules panel, which sets the
//     rule filter and filters the list) has its result on screen: DOMContentLoaded, then the wait
//     until the page takes the click (its first layout and paint), then the click; or "> 60 s".
// Then it prints one markdown table of the medians (and, with --json <file>, writes it with every run).
//
// Usage: npm run bench [-- --sizes 1,8,32,128 --runs 3 --json out.json --phases]
//        npm run bench -- --input <folder> [--runs 3]   (a folder of your own, read only)
// --phases also runs bench/batch.mjs (one run, in process, phase by phase) on each corpus.
// The CLI and the floor are used as built: run `npm run build` first (npm run bench does).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const raw = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const flag = (name) => process.argv.includes(`--${name}`);
const given = raw('input');
const sizes = (raw('sizes') ?? '1,8,32,128').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
const runs = Number(raw('runs') ?? 3);
const jsonOut = raw('json');
// --jobs <n>: passed to migrate (its worker threads; default there: the CPUs).
const jobs = raw('jobs');
const phases = flag('phases');
const OPEN_LIMIT_MS = 60_000;
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TIME = '/usr/bin/time';

// One copy of the corpus: samples/ and the fixtures a partner could really have. Left out: the hostile
// fixtures (billion-laughs, doctype-xxe, path-escape, test/fixtures/hostile) and the ones that fail by
// design (bad-xml, missing-content), the widgets' expected outputs, layouts and verify scripts.
const GADGET_FIXTURES = ['bom', 'fragment-html', 'jsp-markers', 'latin1', 'missing-script', 'mixed-views', 'not-a-gadget', 'raw-elements', 'stray-prolog', 'unclosed-end'];
const FIXTURES = [
  ['samples', 'samples'],
  ...GADGET_FIXTURES.map((g) => [`test/fixtures/gadgets/${g}`, `gadgets/${g}`]),
  ['test/fixtures/field', 'field'],
  ['test/fixtures/widgets', 'widgets'],
  ['test/fixtures/review-page/CiscoLikeSampleGadgets', 'cisco-like'],
];
const notExpected = (src) => !src.split(path.sep).includes('expected');

function buildCorpus(dir, copies) {
  for (let i = 0; i < copies; i++) {
    const copy = path.join(dir, `estate-${String(i).padStart(4, '0')}`);
    for (const [from, to] of FIXTURES) cpSync(path.join(root, from), path.join(copy, to), { recursive: true, filter: notExpected });
  }
}

const haveTime = existsSync(TIME);
const hook = path.join(root, 'bench', 'rusage-hook.mjs');
/**
 * Runs `node <args>` and measures it. With GNU time: user+sys CPU and max RSS of the process and every
 * child it waited for. Without: the process's own process.resourceUsage() at exit (children not counted).
 */
function measured(args, cwd = root) {
  const stats = path.join(os.tmpdir(), `fm-estate-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const t0 = performance.now();
  const res = haveTime
    ? spawnSync(TIME, ['-f', '%U %S %M', '-o', stats, process.execPath, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(process.execPath, ['--import', pathToFileURL(hook).href, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, FM_RUSAGE_FILE: stats } });
  const wallMs = performance.now() - t0;
  const text = readFileSync(stats, 'utf8').trim().split('\n').pop();
  rmSync(stats, { force: true });
  const [user, sys, maxKb] = text.split(/\s+/).map(Number);
  return { status: res.status, stdout: res.stdout, stderr: res.stderr, cpuS: user + sys, userS: user, sysS: sys, rssMb: maxKb / 1024, wallS: wallMs / 1000 };
}

let browser;
/**
 * openTime, with a watchdog: if Chromium does not answer within the limit and a margin (a 90 MB page
 * left a 128× run hanging), the browser is killed and the next run launches a new one.
 */
async function openTimeGuarded(reportHtml) {
  let timer;
  const watchdog = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ over: true, stuck: true }), OPEN_LIMIT_MS + 30_000);
  });
  const result = await Promise.race([openTime(reportHtml).catch((e) => ({ error: String(e?.message ?? e).split('\n')[0] })), watchdog]);
  clearTimeout(timer);
  if (result.stuck || result.error) {
    browser?.process?.()?.kill('SIGKILL');
    browser = undefined;
  }
  return result;
}

async function openTime(reportHtml) {
  if (!existsSync(CHROMIUM)) return { error: `no Chromium at ${CHROMIUM}` };
  const { chromium } = await import('playwright-core');
  browser ??= await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // Timed in the page, from the start of navigation: until the click event (the page's first layout
  // and paint hold it back: Playwright clicks once the button is visible and stable), and until the
  // task after the frame that follows the click's handler (the filter's result on screen). The
  // listener is installed before the page's own script, so nothing runs between load and click.
  await page.addInitScript(() => {
    window.__fmClick = new Promise((resolve) => {
      const start = (e) => requestAnimationFrame(() => setTimeout(() => resolve([e.timeStamp, performance.now()]), 0));
      document.addEventListener('click', start, { capture: true, once: true });
      document.addEventListener('change', start, { capture: true, once: true });
    });
  });
  const started = performance.now();
  try {
    await page.goto(pathToFileURL(reportHtml).href, { waitUntil: 'domcontentloaded', timeout: OPEN_LIMIT_MS });
    const left = Math.max(1, OPEN_LIMIT_MS - (performance.now() - started));
    const button = page.locator('button[data-filter-rule]').first();
    const t0 = performance.now();
    let control = 'rule';
    if (await button.count()) {
      await button.click({ timeout: left });
    } else {
      control = 'status needs-work';
      await page.selectOption('#filter-status', 'needs-work', { timeout: left });
    }
    const [clickAt, doneAt] = (await page.evaluate(() => window.__fmClick)).map((ms) => ms / 1000);
    const clickWallS = (performance.now() - t0) / 1000;
    // The parts: DOMContentLoaded; then until the click could be dispatched; then the click handled.
    const dclS = (await page.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd)) / 1000;
    const readyS = clickAt - dclS;
    const clickS = doneAt - clickAt;
    if (control === 'rule') control = `rule ${await button.getAttribute('data-filter-rule')}`;
    const shown = await page.locator('#shown-count').textContent();
    if (doneAt > OPEN_LIMIT_MS / 1000) return { over: true, dclS, readyS, clickS };
    return { openS: doneAt, dclS, readyS, clickS, clickWallS, control, shown };
  } catch (e) {
    if (e?.name === 'TimeoutError' || /Timeout/.test(String(e?.message))) return { over: true };
    throw e;
  } finally {
    await Promise.race([page.context().close(), new Promise((r) => setTimeout(r, 10_000))]);
  }
}

const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (!s.length) return undefined;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmtS = (s) => (s === undefined ? '-' : s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`);
const fmtMb = (mb) => (mb === undefined ? '-' : `${mb.toFixed(0)} MB`);
const fmtN = (n) => (n === undefined ? '-' : n.toLocaleString('en-US'));

async function measureCorpus(label, corpus, work) {
  const result = { corpus: label, runs: [] };
  for (let r = 0; r < runs; r++) {
    const out = path.join(work, `out-${r}`);
    const m = measured([path.join(root, 'bin/finesse-migrate.js'), 'migrate', corpus, '--out', out, '-q', ...(jobs ? ['--jobs', jobs] : [])]);
    if (m.status !== 0 && m.status !== 1) throw new Error(`migrate failed (${m.status}) on ${label}: ${m.stderr}`);
    const f = measured([path.join(root, 'bench/floor.mjs'), corpus]);
    if (f.status !== 0) throw new Error(`floor failed (${f.status}) on ${label}: ${f.stderr}`);
    const floor = JSON.parse(f.stdout.trim().split('\n').pop());
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    const htmlPath = path.join(out, 'report.html');
    const htmlMb = statSync(htmlPath).size / 1024 / 1024;
    const open = await openTimeGuarded(htmlPath);
    rmSync(out, { recursive: true, force: true });
    const run = {
      exit: m.status, specFiles: report.summary.specFiles, gadgets: report.summary.gadgets, widgets: report.summary.byClassification?.widget,
      migrate: { cpuS: m.cpuS, userS: m.userS, sysS: m.sysS, rssMb: m.rssMb, wallS: m.wallS },
      floor: { cpuS: f.cpuS, userS: f.userS, sysS: f.sysS, rssMb: f.rssMb, wallS: f.wallS, ...floor },
      reportHtmlMb: htmlMb, open,
    };
    result.runs.push(run);
    const o = open.openS !== undefined ? `${fmtS(open.openS)} (DOMContentLoaded ${fmtS(open.dclS)} + until clickable ${fmtS(open.readyS)} + click ${fmtS(open.clickS)})` : open.over ? '> 60 s' : open.error;
    console.error(`  ${label} run ${r + 1}/${runs}: migrate ${fmtS(m.cpuS)} CPU ${fmtS(m.wallS)} wall ${fmtMb(m.rssMb)}; floor ${fmtS(f.cpuS)} CPU ${fmtMb(f.rssMb)}; report.html ${htmlMb.toFixed(1)} MB, open ${o}`);
  }
  const rs = result.runs;
  const opens = rs.map((x) => x.open);
  result.median = {
    specFiles: rs[0].specFiles, gadgets: rs[0].gadgets, widgets: rs[0].widgets, floorFiles: rs[0].floor.files,
    migrateCpuS: median(rs.map((x) => x.migrate.cpuS)), floorCpuS: median(rs.map((x) => x.floor.cpuS)),
    migrateRssMb: median(rs.map((x) => x.migrate.rssMb)), floorRssMb: median(rs.map((x) => x.floor.rssMb)),
    migrateWallS: median(rs.map((x) => x.migrate.wallS)), reportHtmlMb: median(rs.map((x) => x.reportHtmlMb)),
    // More than half the runs over the limit: the median is over it too.
    // A run over the limit counts as the slowest: the median is "> 60 s" when most runs were.
    openS: median(opens.map((o) => (o.over ? Infinity : o.openS))),
    // The two parts of the median open time are those of the run that gave it (with an even number of
    // runs, the faster of the two middle ones), so they add up.
    ...(() => {
      const timed = opens.filter((o) => o.openS !== undefined).sort((a, b) => a.openS - b.openS);
      const mid = timed[Math.floor((opens.length - 1) / 2)];
      return { dclS: mid?.dclS, readyS: mid?.readyS, clickS: mid?.clickS };
    })(),
    openError: opens.find((o) => o.error)?.error,
  };
  result.median.ratio = result.median.migrateCpuS / result.median.floorCpuS;
  result.median.openOver = result.median.openS === Infinity;
  if (result.median.openOver) result.median.openS = undefined;
  if (phases) {
    console.error(`  ${label}: phases (bench/batch.mjs, one run in process)`);
    const p = spawnSync(process.execPath, [path.join(root, 'bench/batch.mjs'), '--input', corpus, '--runs', '1'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
    result.phases = (p.stdout + p.stderr).trim();
    console.error(result.phases.replace(/^/gm, '    '));
  }
  return result;
}

function table(results) {
  const lines = [
    '| corpus | spec files | migrate CPU | floor CPU | ratio | migrate peak RSS | report open time |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { corpus, median: m } of results) {
    const open = m.openOver ? '> 60 s' : m.openS !== undefined ? `${fmtS(m.openS)} (${fmtS(m.dclS)} + ${fmtS(m.readyS)} + ${fmtS(m.clickS)})` : (m.openError ?? '-');
    lines.push(`| ${corpus} | ${fmtN(m.specFiles)} | ${fmtS(m.migrateCpuS)} | ${fmtS(m.floorCpuS)} | ${m.ratio.toFixed(1)}× | ${fmtMb(m.migrateRssMb)} | ${open} |`);
  }
  return lines.join('\n');
}

function detail(results) {
  const lines = [
    '| corpus | gadgets (widgets) | floor files read | migrate wall | floor peak RSS | report.html | runs (migrate CPU) |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const { corpus, median: m, runs: rs } of results) {
    lines.push(`| ${corpus} | ${fmtN(m.gadgets)} (${fmtN(m.widgets)}) | ${fmtN(m.floorFiles)} | ${fmtS(m.migrateWallS)} | ${fmtMb(m.floorRssMb)} | ${m.reportHtmlMb.toFixed(1)} MB | ${rs.map((x) => fmtS(x.migrate.cpuS)).join(' / ')} |`);
  }
  return lines.join('\n');
}

const git = (...a) => {
  try {
    return execFileSync('git', a, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
};
const env = {
  date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '?',
  memGb: Math.round(os.totalmem() / 2 ** 30), platform: `${os.type()} ${os.release()}`,
  commit: git('rev-parse', '--short', 'HEAD'), dirty: Boolean(git('status', '--porcelain', '--untracked-files=no')),
  measure: haveTime ? 'GNU time (wait4: process and waited-for children)' : 'process.resourceUsage() at exit (children not counted)',
  runs, sizes: given ? undefined : sizes, input: given,
};

const work = mkdtempSync(path.join(os.tmpdir(), 'fm-estate-'));
const results = [];
try {
  console.error(`node ${env.node}, ${env.cpus} cpus (${env.cpu}), ${env.memGb} GB; commit ${env.commit}${env.dirty ? ' (modified)' : ''}; ${runs} runs; CPU and RSS by ${env.measure}`);
  if (given) {
    const input = path.resolve(given);
    results.push(await measureCorpus(path.basename(input), input, work));
  } else {
    for (const n of sizes) {
      const corpus = path.join(work, `corpus-${n}`);
      buildCorpus(corpus, n);
      results.push(await measureCorpus(`${n}×`, corpus, work));
      rmSync(corpus, { recursive: true, force: true });
    }
  }
} finally {
  if (browser) await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
  browser?.process?.()?.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}

const floorParser = results[0]?.runs[0]?.floor.xmlParser;
const md = table(results);
console.log(`\nnode ${env.node}, ${env.cpus} cpus (${env.cpu}), ${env.platform}, ${env.date.slice(0, 10)}, commit ${env.commit}${env.dirty ? ' (modified)' : ''}, medians of ${runs} run${runs === 1 ? '' : 's'}`);
console.log(`corpus N×: N copies of samples/ and the real-input test fixtures; floor XML parser: ${floorParser}; report open time: navigation start to the first filter click's result on screen (DOMContentLoaded + until clickable + click)\n`);
console.log(md);
console.log('');
console.log(detail(results));
if (jsonOut) {
  writeFileSync(path.resolve(jsonOut), JSON.stringify({ env, table: md, results }, null, 2) + '\n');
  console.log(`\nwritten to ${jsonOut}`);
}
