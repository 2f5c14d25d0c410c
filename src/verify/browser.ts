// The browser runner of `finesse-migrate verify`: loads each built widget in headless Chromium on a
// simulated Desktop page and replays the scripted agent sessions (verify/sessions/*.json) against it,
// recording what the widget showed, called, opened, requested, threw and left behind.
//
// One browser for the run; per widget one context and one page, the sessions in sequence on it. The
// page lives on a synthetic origin served from memory (page, simulator, runner, bundle, source map);
// every other request is aborted (top-level navigations answered 204, so the page stays) and recorded,
// so nothing leaves the machine. Each session starts on a freshly loaded document: the widget bundle's
// module state (the runtime calls Desktop.config.init once per page) starts over with the simulator's,
// as when an agent opens the Desktop; the element is created, its attributes and $STORE properties set
// and put in the page before the bundle runs, as the Desktop does.
//
// Screenshots: the element's box, clipped from the page; the viewport when the element has no box yet;
// none for headless widgets (the Desktop shows nothing of them).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { Browser, BrowserContext, Frame, Page, Route } from 'playwright-core';
import type { Session } from './desktop-sim/protocol.js';
import { bundleBrowserScript, siblingEntry } from '../build/browser-script.js';
import type { PageRunner, SessionEnd, StepContext, StepOutcome } from './page/contract.js';
import { unverified, type BlockedRequest, type SessionResult, type SourceLocation, type VerifyError, type WidgetVerification } from './result.js';

export interface WidgetUnderTest {
  /** The gadget's id in report.json. */
  id: string;
  elementName: string;
  /** Path of the bundle built against the simulator's shim. */
  bundle: string;
  /** Its source map (default: `<bundle>.map` when it exists). */
  map?: string;
  /** Attributes of the layout entry (UserPrefs). */
  attributes: Record<string, string>;
  /** Property name → `$STORE.agent.agentName`-style binding of the layout entry. */
  properties: Record<string, string>;
  /** The layout places it headless: it shows nothing, so it is not expected to render (no screenshots). */
  headless: boolean;
}

export interface VerifyOptions {
  /** Screenshots go to `<outDir>/verify/<elementName>/`. */
  outDir: string;
  /** 'failed': only the steps of sessions that failed. */
  screenshots: 'all' | 'failed' | 'none';
  /** Chromium executable (default /usr/bin/chromium). */
  chromium?: string;
  onProgress?: (msg: string) => void;
  /** The simulator script, when already built (buildSimulatorPage); built once per call otherwise. */
  simulatorScript?: string;
  /** Widgets verified at the same time, each in its own context (default 2). Results keep the input order. */
  concurrency?: number;
  /** Answers for the widgets' own backends (--network): requests matching a stub are answered, not blocked. */
  network?: NetworkStub[];
}

/** A canned answer for requests whose URL matches `url` (`*` matches any run of characters). */
export interface NetworkStub {
  url: string;
  status?: number;
  contentType?: string;
  /** The body as JSON, or as text. */
  json?: unknown;
  body?: string;
}

/** The stub answering a URL, if any: the first whose pattern matches the whole URL. */
export function matchStub(stubs: readonly NetworkStub[], url: string): NetworkStub | undefined {
  return stubs.find((s) => new RegExp('^' + s.url.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$').test(url));
}

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
/** The simulated Desktop's origin: served from memory, never resolved. */
export const DESKTOP_ORIGIN = 'https://desktop.finesse-migrate.test';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--dns-prefetch-disable',
  // Belt and braces: requests are aborted by the route before they reach the network stack; should
  // anything get past it, no host name resolves.
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

/** ms the page gets after every step (after two animation frames). */
const SETTLE_MS = 50;
/** ms after a session's final unmount before leaks are counted. */
const LEAK_WAIT_MS = 300;
/** A step (or a session's end) that takes longer means the page hung (a busy loop, a simulator that never resolves). */
const STEP_TIMEOUT_MS = 15_000;
/**
 * Desktop.logger error lines of the widget runtime that mean gadget code threw and the runtime caught
 * it: a gadget script, a start-up handler, or a handler the gadget gave the Finesse adapter.
 */
const SCRIPT_FAILURE = /a gadget script failed \(|a gadget start-up handler failed|a Finesse handler failed/;
/** Resource types whose answer code depends on. */
const NEEDED = new Set(['script', 'xhr', 'fetch', 'document', 'websocket', 'eventsource']);

const here = path.dirname(fileURLToPath(import.meta.url));

/** The simulator's browser entry (desktop-sim/page.js next to this module; page.ts when run from src). */
export function simulatorEntry(): string {
  return siblingEntry(path.join(here, 'desktop-sim'), 'page', "the Desktop simulator's page entry");
}

/** desktop-sim/page.js (or `entry`) bundled into one IIFE script for the page. */
export async function buildSimulatorPage(entry = simulatorEntry()): Promise<string> {
  return bundleBrowserScript(entry, 'simulator');
}

/** The programs verify puts into the simulated Desktop page (page/instrument.ts and page/runner.ts), each one IIFE script. */
export interface PageScripts {
  /** The init script: runs before any page script of every document. */
  instrument: string;
  /** The runner, served at /__fm/runner.js. */
  runner: string;
}

/** A page program's entry: page/<name>.js next to this module; page/<name>.ts when run from src. */
export function pageScriptEntry(name: 'instrument' | 'runner'): string {
  return siblingEntry(path.join(here, 'page'), name, `the verify page's ${name} script`);
}

let pageScripts: Promise<PageScripts> | undefined;

/** page/instrument and page/runner bundled, once per process (a failed build is tried again on the next call). */
export function buildPageScripts(): Promise<PageScripts> {
  if (!pageScripts) {
    const build = (async (): Promise<PageScripts> => {
      const [instrument, runner] = await Promise.all([bundleBrowserScript(pageScriptEntry('instrument'), 'instrument'), bundleBrowserScript(pageScriptEntry('runner'), 'runner')]);
      const scripts: PageScripts = { instrument, runner };
      // Strict mode (an assignment to a read-only property throws): the entries' directive heads each
      // script, and Playwright runs an init script as a function body, the page runs the runner as a script.
      for (const name of ['instrument', 'runner'] as const) {
        if (!/^["']use strict["'];/.test(scripts[name])) throw new Error(`the verify page's ${name} script is not in strict mode: page/${name}.ts must begin with 'use strict'`);
      }
      return scripts;
    })();
    pageScripts = build;
    build.catch(() => {
      if (pageScripts === build) pageScripts = undefined;
    });
  }
  return pageScripts;
}


// ---------------------------------------------------------------------------------------------
// Stacks → the gadget's own files

/** Maps `bundleUrl:line:col` frames of a stack to the original files through the bundle's source map. */
export class StackMapper {
  private readonly map: TraceMap | undefined;
  private readonly frame: RegExp;

  constructor(
    readonly bundleUrl: string,
    mapPath: string | undefined,
  ) {
    const escaped = bundleUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.frame = new RegExp(`${escaped}:(\\d+):(\\d+)`, 'g');
    if (mapPath && existsSync(mapPath)) {
      try {
        this.map = new TraceMap(readFileSync(mapPath, 'utf8'), pathToFileURL(mapPath).href);
      } catch {
        this.map = undefined;
      }
    }
  }

  /** Every frame of `stack` in the bundle that maps to a source, in stack order. */
  frames(stack: string): SourceLocation[] {
    if (!this.map) return [];
    const out: SourceLocation[] = [];
    for (const m of stack.matchAll(this.frame)) {
      const pos = originalPositionFor(this.map, { line: Number(m[1]), column: Number(m[2]) - 1 });
      if (pos.source === null || pos.line === null) continue;
      out.push({ file: this.display(pos.source), line: pos.line, column: (pos.column ?? 0) + 1 });
    }
    return out;
  }

  /** The first frame in the gadget's own code (not runtime.ts, index.ts, finesse-compat.ts or node_modules), else the first mapped one. */
  locate(stack: string | undefined): SourceLocation | undefined {
    if (!stack) return undefined;
    const frames = this.frames(stack);
    return frames.find((f) => !isPlumbing(f.file)) ?? frames[0];
  }

  private display(source: string): string {
    let abs = source;
    try {
      if (source.startsWith('file:')) abs = fileURLToPath(source);
    } catch {
      return source;
    }
    if (!path.isAbsolute(abs)) return abs.split(path.sep).join('/');
    const parts = abs.split(path.sep);
    const nm = parts.lastIndexOf('node_modules');
    if (nm >= 0) return parts.slice(nm).join('/');
    // A widget project names the gadget's files under its src/ (src/samples/foo/Foo.js stands for
    // samples/foo/Foo.js); anything else is named from the package that holds it.
    const project = packageDir(path.dirname(abs));
    if (!project) return abs;
    const rel = (base: string): string | undefined => {
      const r = path.relative(base, abs);
      return r && !r.startsWith('..') && !path.isAbsolute(r) ? r.split(path.sep).join('/') : undefined;
    };
    return rel(path.join(project, 'src')) ?? rel(project) ?? abs;
  }
}

const packageDirs = new Map<string, string | null>();
/** The nearest folder at or above `dir` holding package.json (the folders need not all exist). */
function packageDir(dir: string): string | undefined {
  const seen: string[] = [];
  let found: string | null = null;
  for (let d = dir; ; d = path.dirname(d)) {
    const known = packageDirs.get(d);
    if (known !== undefined) {
      found = known;
      break;
    }
    seen.push(d);
    if (existsSync(path.join(d, 'package.json'))) {
      found = d;
      break;
    }
    if (path.dirname(d) === d) break;
  }
  for (const d of seen) packageDirs.set(d, found);
  return found ?? undefined;
}

function isPlumbing(file: string): boolean {
  const base = file.split('/').pop() ?? file;
  return base === 'runtime.ts' || base === 'element.ts' || base === 'index.ts' || base === 'finesse-compat.ts' || file.split('/').includes('node_modules');
}

// ---------------------------------------------------------------------------------------------
// The page side (page/runner.ts; the types in page/contract.ts), as Node sees it

// Functions given to page.evaluate run in the page: they reach the runner through globalThis, never
// through anything of this module.
type PageGlobals = typeof globalThis & { __fmRunner: PageRunner };

class PageHung extends Error {}
/** The simulated Desktop itself could not be set up: nothing about the widget is known. */
class SetupError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PageHung(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function pageHtml(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title.replace(/[<&]/g, '')} on the simulated Desktop</title>
<script src="/__fm/runner.js"></script>
<script src="/__fm/desktop-sim.js"></script>
</head>
<body style="margin:0;background:#fff;font-family:system-ui,sans-serif">
<main id="fm-desktop" style="display:block;width:960px;padding:8px"></main>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------
// The run

export async function verifyWidgets(widgets: WidgetUnderTest[], sessions: Session[], options: VerifyOptions): Promise<WidgetVerification[]> {
  const progress = options.onProgress ?? ((): void => undefined);
  const [simulator, scripts] = await Promise.all([options.simulatorScript ?? buildSimulatorPage(), buildPageScripts()]);
  const { chromium } = await import('playwright-core').catch((e: unknown) => {
    throw new Error(`finesse-migrate verify needs playwright-core: ${(e as Error).message}`);
  });
  const executablePath = options.chromium ?? DEFAULT_CHROMIUM;
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath} (on Debian: apt-get install -y chromium)`);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const results: WidgetVerification[] = new Array<WidgetVerification>(widgets.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < widgets.length; i = next++) {
        const w = widgets[i]!;
        const started = performance.now();
        const v = await verifyWidget(browser, w, sessions, simulator, scripts, options, progress);
        progress(`${w.elementName}: ${v.passed ? 'passed' : 'failed'} (${Math.round(performance.now() - started)} ms)`);
        results[i] = v;
      }
    };
    const workers = Math.max(1, Math.min(options.concurrency ?? 2, widgets.length));
    await Promise.all(Array.from({ length: workers }, worker));
    return results;
  } finally {
    await browser.close();
  }
}

interface Cursor {
  session: string;
  step: number;
}

async function verifyWidget(
  browser: Browser,
  w: WidgetUnderTest,
  sessions: Session[],
  simulator: string,
  scripts: PageScripts,
  options: VerifyOptions,
  progress: (msg: string) => void,
): Promise<WidgetVerification> {
  const result = unverified(w.elementName);

  let bundle: Buffer;
  try {
    bundle = readFileSync(w.bundle);
    result.built = true;
  } catch {
    progress(`${w.elementName}: no bundle at ${w.bundle}`);
    return result;
  }
  const mapPath = w.map ?? (existsSync(`${w.bundle}.map`) ? `${w.bundle}.map` : undefined);
  const bundlePath = `/widgets/${path.basename(w.bundle)}`;
  const bundleUrl = DESKTOP_ORIGIN + bundlePath;
  const files = new Map<string, { body: string | Buffer; type: string }>([
    ['/', { body: pageHtml(w.elementName), type: 'text/html; charset=utf-8' }],
    ['/__fm/runner.js', { body: scripts.runner, type: 'text/javascript; charset=utf-8' }],
    ['/__fm/desktop-sim.js', { body: simulator, type: 'text/javascript; charset=utf-8' }],
    [bundlePath, { body: bundle, type: 'text/javascript; charset=utf-8' }],
  ]);
  if (mapPath && existsSync(mapPath)) {
    const map = readFileSync(mapPath);
    files.set(`${bundlePath}.map`, { body: map, type: 'application/json' });
    files.set(`/widgets/${path.basename(mapPath)}`, { body: map, type: 'application/json' });
  }
  const mapper = new StackMapper(bundleUrl, mapPath);
  const shotDir = path.join(options.outDir, 'verify', w.elementName);
  const wantShots = options.screenshots !== 'none' && !w.headless;
  if (wantShots && existsSync(shotDir)) {
    for (const f of readdirSync(shotDir)) if (f.endsWith('.png')) rmSync(path.join(shotDir, f), { force: true });
  }

  const cursor: Cursor = { session: '', step: -1 };
  const errors: VerifyError[] = result.errors;
  const blocked: BlockedRequest[] = result.blocked;
  const extraPopups: Array<Cursor & { url: string }> = [];
  /** Blocked requests that were navigations of the Desktop page itself. */
  const navigations = new Set<BlockedRequest>();
  let crashed = false;

  const context: BrowserContext = await browser.newContext({ viewport: { width: 1024, height: 768 }, serviceWorkers: 'block', acceptDownloads: false });
  try {
    await context.addInitScript({ content: scripts.instrument });
    await context.route('**/*', (route) => serve(route).catch(() => route.abort('blockedbyclient').catch(() => undefined)));
    const serve = async (route: Route): Promise<void> => {
      const req = route.request();
      const url = req.url();
      let parsed: URL | undefined;
      try {
        parsed = new URL(url);
      } catch {
        parsed = undefined;
      }
      if (parsed && parsed.origin === DESKTOP_ORIGIN) {
        const file = files.get(parsed.pathname);
        if (file) return route.fulfill({ status: 200, contentType: file.type, body: file.body });
        if (parsed.pathname === '/favicon.ico') return route.fulfill({ status: 204, body: '' });
      }
      const stub = matchStub(options.network ?? [], url);
      if (stub) {
        const json = stub.json !== undefined;
        return route.fulfill({
          status: stub.status ?? 200,
          contentType: stub.contentType ?? (json ? 'application/json' : 'text/plain'),
          // The widget's own backend is assumed to allow the Desktop's origin (what --network declares).
          headers: { 'access-control-allow-origin': '*' },
          body: json ? JSON.stringify(stub.json) : (stub.body ?? ''),
        });
      }
      const type = req.resourceType();
      const block = (): void => {
        blocked.push({ url, host: parsed?.host ?? '', resourceType: type, needed: NEEDED.has(type), session: cursor.session, step: cursor.step });
      };
      if (req.isNavigationRequest()) {
        // A top-level navigation is the widget asking for a page. Answered 204 (no content) here, so
        // the browser stays where it is and nothing is fetched: an aborted one would put an error page
        // in place of the Desktop.
        let frame: Frame | undefined;
        try {
          frame = req.frame();
        } catch {
          /* a new window's first navigation: its frame does not exist yet */
        }
        if (!frame || frame.parentFrame() === null) {
          extraPopups.push({ ...cursor, url });
          // The Desktop page itself (location.assign, a link without a target): the agent's Desktop
          // would be gone. A new window (a link with a target) is an ordinary screen pop.
          if (frame && frame.page() === page) {
            block();
            navigations.add(blocked[blocked.length - 1]!);
          }
          return route.fulfill({ status: 204, body: '' });
        }
      }
      if (req.isNavigationRequest()) {
        // A page the widget embeds in an <iframe> (a screen pop, a map): content it shows, not an answer
        // its code depends on, unless it is http: the https Desktop blocks it as mixed content.
        const needed = parsed?.protocol === 'http:';
        blocked.push({ url, host: parsed?.host ?? '', resourceType: 'subframe', needed, session: cursor.session, step: cursor.step });
        return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>embedded page (not loaded by verify)</title>' });
      }
      block();
      return route.abort('blockedbyclient');
    };
    await context.routeWebSocket(/.*/, (ws) => {
      const url = ws.url();
      let host = '';
      try {
        host = new URL(url).host;
      } catch {
        /* keep '' */
      }
      blocked.push({ url, host, resourceType: 'websocket', needed: true, session: cursor.session, step: cursor.step });
      void ws.close({ code: 1000, reason: 'blocked by finesse-migrate verify' }).catch(() => undefined);
    });
    // Other windows (window.open is stubbed; a link with a target still opens one) are closed at once:
    // their navigation was recorded and aborted by the route.
    let page: Page | undefined;
    let opening = false;
    context.on('page', (p) => {
      if (!opening && p !== page) void p.close().catch(() => undefined);
    });
    const openPage = async (): Promise<Page> => {
      opening = true;
      const p = await context.newPage().finally(() => {
        opening = false;
      });
      p.on('pageerror', (error) => {
        const message = error.name && !error.message.startsWith(`${error.name}:`) ? `${error.name}: ${error.message}` : error.message;
        const at = mapper.locate(error.stack);
        errors.push({ kind: 'uncaught', message, session: cursor.session, step: cursor.step, ...(at ? { at } : {}) });
      });
      p.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const text = msg.text();
        // Aborted requests are recorded as blocked requests already.
        if (/^Failed to load resource\b/.test(text)) return;
        // Chromium refuses http content on the https page before any request is made: as on the Desktop.
        const mixed = /^Mixed Content: .*?requested an insecure (\w+) '([^']+)'/.exec(text);
        if (mixed) {
          const url = mixed[2]!;
          let host = '';
          try {
            host = new URL(url).host;
          } catch {
            host = '';
          }
          blocked.push({ url, host, resourceType: mixed[1] === 'frame' ? 'subframe' : mixed[1]!, needed: true, session: cursor.session, step: cursor.step });
          return;
        }
        const loc = msg.location();
        const at = loc.url === bundleUrl ? mapper.locate(`${loc.url}:${loc.lineNumber + 1}:${loc.columnNumber + 1}`) : undefined;
        errors.push({ kind: 'console', message: text, session: cursor.session, step: cursor.step, ...(at ? { at } : {}) });
      });
      p.on('crash', () => {
        crashed = true;
      });
      return p;
    };
    /** A fresh Desktop page: simulator and runner loaded, no widget yet. */
    const loadDesktop = async (p: Page): Promise<void> => {
      await p.goto(`${DESKTOP_ORIGIN}/`, { waitUntil: 'load', timeout: STEP_TIMEOUT_MS });
      const ready = await p.evaluate(() => {
        const g = globalThis as unknown as Record<string, unknown>;
        return { sim: typeof g['__fmSim'] === 'object' && g['__fmSim'] !== null, runner: typeof g['__fmRunner'] === 'object' };
      });
      if (!ready.sim || !ready.runner) {
        const why = errors.map((e) => e.message).join('; ');
        throw new SetupError(`the simulated Desktop page did not start (${!ready.sim ? 'no window.__fmSim' : 'no window.__fmRunner'})${why ? `: ${why}` : ''}`);
      }
    };
    page = await openPage();

    const ctx: StepContext = { elementName: w.elementName, attributes: w.attributes, properties: w.properties, bundleUrl, settleMs: SETTLE_MS };
    let firstMount: Cursor | undefined;
    let definedSeen = false;
    let hung: string | undefined;

    for (const session of sessions) {
      const t0 = performance.now();
      const sr: SessionResult = { session: session.name, passed: false, failures: [], steps: [] };
      result.sessions.push(sr);
      cursor.session = session.name;
      cursor.step = -1;
      if (hung || crashed) {
        // The page is stuck (a busy loop) or gone: the next session gets a new one.
        await page.close().catch(() => undefined);
        page = await openPage();
        hung = undefined;
        crashed = false;
      }
      const shots = new Map<number, Buffer>();
      const errorsBefore = errors.length;
      const blockedBefore = blocked.length;
      const popupsBefore = extraPopups.length;
      let loggedIn = false;
      let end: SessionEnd | undefined;
      try {
        // Every session on a fresh document: the widget's module state (a once-per-page
        // Desktop.config.init) starts over with the simulator's, as when the agent opens the Desktop.
        await loadDesktop(page);
        await withTimeout(page.evaluate(() => (globalThis as PageGlobals).__fmRunner.beginSession()), STEP_TIMEOUT_MS, 'starting the session');
        for (const [i, step] of session.steps.entries()) {
          cursor.step = i;
          const out = await withTimeout(page.evaluate(([i, step, ctx]) => (globalThis as PageGlobals).__fmRunner.runStep(i, step, ctx), [i, step, ctx] as const), STEP_TIMEOUT_MS, `step ${i} (${step.do})`);
          if (step.do === 'mount' && !firstMount) firstMount = { session: session.name, step: i };
          if (out.defined !== null && !definedSeen) {
            definedSeen = true;
            result.defined = out.defined;
          }
          if (out.loaded === false) sr.failures.push(`step ${i} (mount): the bundle did not load`);
          if (step.do === 'login') loggedIn = true;
          if (loggedIn && out.mounted && out.shows) result.rendered = true;
          if (out.simError) sr.failures.push(`step ${i} (${step.do}): the simulator failed: ${firstLine(out.simError)}`);
          sr.steps.push({ index: i, do: step.do, changed: out.before !== out.after, sdkCalls: [], popups: [] });
          if (wantShots && out.mounted) {
            const shot = await screenshot(page, out.box).catch(() => undefined);
            if (shot) shots.set(i, shot);
          }
        }
        end = await withTimeout(page.evaluate((c) => (globalThis as PageGlobals).__fmRunner.endSession(c), { leakWaitMs: LEAK_WAIT_MS }), STEP_TIMEOUT_MS, 'removing the widget at the end of the session');
      } catch (e) {
        if (e instanceof SetupError) throw e;
        if (e instanceof PageHung) hung = e.message;
        sr.failures.push(`${crashed ? 'the page crashed' : e instanceof PageHung ? 'the page hung' : 'the run broke'}: ${firstLine((e as Error).message)}`);
      }

      const label = (step: number): string => stepLabel(session, step);
      if (end) {
        for (const c of end.calls) sr.steps[c.step]?.sdkCalls.push(c.api);
        for (const p of end.popups) sr.steps[p.step]?.popups.push(p.url);
        for (const m of end.misuse) {
          result.misuse.push({ ...m, session: session.name });
          sr.failures.push(`${label(m.step)}: misuse of ${m.api}: ${m.reason}`);
        }
        for (const e of end.errors) {
          const kind: VerifyError['kind'] = SCRIPT_FAILURE.test(e.message) ? 'script' : 'logged';
          const at = mapper.locate(e.stack ?? e.message);
          errors.push({ kind, message: e.message, session: session.name, step: e.step, ...(at ? { at } : {}) });
        }
        const globals = end.globals.filter((g) => !result.leakedGlobals.includes(g));
        result.leakedGlobals.push(...globals);
        if (end.globals.length > 0) sr.failures.push(`after removal: leaked global${end.globals.length > 1 ? 's' : ''} ${end.globals.join(', ')}`);
        result.leakedTimers += end.intervals.length + end.timeouts.length;
        if (end.intervals.length + end.timeouts.length > 0) {
          const parts = [
            end.intervals.length ? `${end.intervals.length} interval${end.intervals.length > 1 ? 's' : ''} still running` : '',
            end.timeouts.length ? `${end.timeouts.length} timeout${end.timeouts.length > 1 ? 's' : ''} set after removal` : '',
          ].filter(Boolean);
          sr.failures.push(`after removal: leaked timers (${parts.join(', ')})`);
        }
      }
      for (const p of extraPopups.slice(popupsBefore)) sr.steps[p.step]?.popups.push(p.url);
      for (const e of errors.slice(errorsBefore)) {
        if (e.kind === 'uncaught' || e.kind === 'script') sr.failures.push(`${label(e.step)}: ${e.kind === 'uncaught' ? 'uncaught ' : ''}${firstLine(e.message)}${e.at ? ` at ${e.at.file}:${e.at.line}:${e.at.column}` : ''}`);
      }
      for (const b of blocked.slice(blockedBefore)) {
        if (navigations.has(b)) sr.failures.push(`${label(b.step)}: navigated the Desktop page away, to ${b.url}`);
        else if (b.needed) sr.failures.push(`${label(b.step)}: blocked ${b.resourceType} ${b.url}`);
      }
      if (sr.steps.some((s) => !['mount', 'unmount', 'wait'].includes(s.do) && (s.changed || s.sdkCalls.length > 0 || s.popups.length > 0))) result.reacted = true;
      sr.passed = sr.failures.length === 0;

      if (wantShots && (options.screenshots === 'all' || !sr.passed) && shots.size > 0) {
        mkdirSync(shotDir, { recursive: true });
        for (const [i, png] of shots) {
          const step = sr.steps[i];
          if (!step) continue;
          const name = `${session.name}-${String(i).padStart(2, '0')}-${step.do}.png`;
          writeFileSync(path.join(shotDir, name), png);
          step.screenshot = path.relative(options.outDir, path.join(shotDir, name)).split(path.sep).join('/');
        }
      }
      progress(`${w.elementName}: ${session.name} ${sr.passed ? 'passed' : 'failed'} (${Math.round(performance.now() - t0)} ms)`);
    }

    result.started = firstMount !== undefined && startedCleanly(sessions, errors, firstMount);
  } catch (e) {
    if (e instanceof SetupError) throw e;
    // The page itself could not be set up: the widget was not verified.
    result.sessions.push({ session: '(page)', passed: false, failures: [firstLine((e as Error).message)], steps: [] });
  } finally {
    await context.close().catch(() => undefined);
  }
  result.passed = result.built && result.defined && result.started && (result.rendered || w.headless) && result.sessions.length > 0 && result.sessions.every((s) => s.passed);
  return result;
}

/**
 * Started: no uncaught or script error from the first mount through the end of the login step of that
 * session (the simulator delivers the agent data within the login step), or through the mount step when
 * the widget is mounted after login. Errors of later steps (an offer, a hold) fail their session only.
 */
function startedCleanly(sessions: Session[], errors: VerifyError[], first: Cursor): boolean {
  const session = sessions.find((s) => s.name === first.session);
  if (!session) return false;
  const login = session.steps.findIndex((s) => s.do === 'login');
  const last = login < 0 ? session.steps.length : Math.max(first.step, login);
  return !errors.some((e) => (e.kind === 'uncaught' || e.kind === 'script') && e.session === first.session && e.step >= first.step && e.step <= last);
}

/** The element's box (clipped from the page: no waiting for the element to be stable); the viewport when it has none. */
async function screenshot(page: Page, box: StepOutcome['box']): Promise<Buffer> {
  if (!box) return page.screenshot({ timeout: 5_000 });
  const x = Math.floor(box.x);
  const y = Math.floor(box.y);
  const clip = { x, y, width: Math.ceil(box.x + box.width) - x, height: Math.ceil(box.y + box.height) - y };
  return page.screenshot({ timeout: 5_000, clip, fullPage: clip.y + clip.height > 768 || clip.x + clip.width > 1024 });
}

function stepLabel(session: Session, step: number): string {
  const s = session.steps[step];
  if (s) return `step ${step} (${s.do})`;
  return step < 0 ? 'before the first step' : 'after the last step';
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim();
}

