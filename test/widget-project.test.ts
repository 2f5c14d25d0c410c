// Widget projects as their owners get them (issue 12): `npm start` serves a dev page with the widget
// on the simulated Desktop, `npm test` passes as emitted, `.gitignore` and a README that says how to
// host the bundle and where the layout entry is; and no file names the machine that ran the
// migration. The samples are migrated from another working directory, by their absolute path: the
// case where display paths are absolute. The output's node_modules is the repo's (what one npm install
// of the output's workspace gives every widget and the shared runtime; no network).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eachMapping, TraceMap } from '@jridgewell/trace-mapping';
import MagicString from 'magic-string';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../src/analyze/index.js';
import { RUNTIME_DIR, RUNTIME_FILES, RUNTIME_PACKAGE, WIDGET_FILES, widgetProjectFiles, type WidgetProjectOptions } from '../src/emit/widget-project.js';
import { CDN_PLACEHOLDER } from '../src/emit/widget-fragment.js';
import { FolderTree } from '../src/parse/source-tree.js';
import { loadRuleTable } from '../src/rules/table.js';
import { convertWidget, type WidgetSource } from '../src/transform/widget.js';
import { ROOT, runCli, SAMPLES, tempDir } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && !process.env.CI) console.warn(`widget-project.test.ts: the dev page's browser check is skipped: no Chromium at ${CHROMIUM}`);

const work = realpathSync(tempDir('fm-widget-project-'));
const out = path.join(work, 'out');
/** Element name of each sample widget, by gadget title. */
const elements = new Map<string, string>();
const dirOf = (title: string): string => path.join(out, 'widgets', elements.get(title)!);

beforeAll(() => {
  const migrated = runCli(['migrate', SAMPLES, '--out', out, '-q'], work);
  expect(migrated.stderr).not.toContain('internal error');
  expect([0, 1]).toContain(migrated.status);
  const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { gadgets: { title?: string; widget?: { element: string } }[] };
  for (const g of report.gadgets) if (g.widget && g.title) elements.set(g.title, g.widget.element);
  expect(elements.size).toBe(5);
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every file under `dir`, relative, node_modules left out. */
function filesUnder(dir: string, rel = ''): string[] {
  const found: string[] = [];
  for (const name of readdirSync(path.join(dir, rel)).sort()) {
    if (name === 'node_modules') continue;
    const r = rel ? `${rel}/${name}` : name;
    if (statSync(path.join(dir, r)).isDirectory()) found.push(...filesUnder(dir, r));
    else found.push(r);
  }
  return found;
}

/**
 * The widget project in `dir`, with the repo's node_modules as the output's (what `npm install` in the
 * output's workspace gives the widgets and the shared runtime: one node_modules, at the top).
 */
function installed(dir: string): string {
  if (!existsSync(path.join(out, 'node_modules'))) symlinkSync(path.join(ROOT, 'node_modules'), path.join(out, 'node_modules'), 'dir');
  return dir;
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', npm_config_update_notifier: 'false' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('no path of the machine that ran the migration', () => {
  it('is in any file of widgets/, runtime/ or layout/, input given by its absolute path from elsewhere, bundles built', () => {
    // finesse-migrate build lends the widgets its own node_modules: their source maps name them as the widget's own.
    expect(runCli(['build', out, '-q'], work).status).toBe(0);
    expect(existsSync(path.join(dirOf('Wrap-Up Notes'), 'dist', `${elements.get('Wrap-Up Notes')}.js.map`))).toBe(true);
    const found: string[] = [];
    for (const top of ['widgets', 'runtime', 'layout']) {
      for (const rel of filesUnder(path.join(out, top))) {
        const text = readFileSync(path.join(out, top, rel), 'latin1');
        for (const p of [ROOT, work]) if (text.includes(p)) found.push(`${top}/${rel} names ${p}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('the gadget is named from its own folder instead', () => {
    const dir = dirOf('Wrap-Up Notes');
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { description: string };
    expect(pkg.description).toMatch(/the Finesse gadget (samples\/)?wrapup-notes\/WrapUpNotes\.xml$/);
    const map = JSON.parse(readFileSync(path.join(dir, 'src', 'gadget.cjs.map'), 'utf8')) as { sources: string[] };
    for (const s of map.sources) expect(s).toMatch(/^(samples\/)?wrapup-notes\/WrapUpNotes\.xml/);
  });

  describe('widgetProjectFiles', () => {
    const rules = loadRuleTable();
    /** The sample converted with its input root shown as `display`. */
    const convert = (display: string): { w: WidgetSource; source: string } => {
      const tree = new FolderTree(SAMPLES);
      (tree as unknown as { display: string }).display = display;
      const f = analyzeFile(tree, 'wrapup-notes/WrapUpNotes.xml');
      return { w: convertWidget(f, 'wrapup-notes', 'Wrap-Up Notes', rules), source: f.source };
    };
    const options = (source: string, more: Partial<WidgetProjectOptions> = {}): WidgetProjectOptions => ({ widgetProvider: 'finesse-migrate', source, messages: {}, locale: 'en-US', ...more });
    const asText = (files: Map<string, string | Uint8Array>): [string, string][] => [...files].map(([k, v]) => [k, typeof v === 'string' ? v : Buffer.from(v).toString('base64')]);

    it('given the input root, gives the project a run from inside the working directory gives', async () => {
      const inside = convert('samples');
      const outside = convert(SAMPLES);
      expect(outside.source).toBe(`${SAMPLES}/wrapup-notes/WrapUpNotes.xml`);
      const want = asText(await widgetProjectFiles(inside.w, options(inside.source, { root: 'samples' })));
      const got = asText(await widgetProjectFiles(outside.w, options(outside.source, { root: SAMPLES })));
      expect(got).toEqual(want);
    });

    it('without the root, shows paths from the gadget folder, and the source map still maps', async () => {
      const outside = convert(SAMPLES);
      const files = await widgetProjectFiles(outside.w, options(outside.source));
      for (const [rel, v] of files) if (typeof v === 'string') expect(v.includes(SAMPLES), rel).toBe(false);
      expect(files.get('README.md')).toContain('the Finesse gadget `wrapup-notes/WrapUpNotes.xml`');
      // Every mapping of the rewritten file points at the same code as the original mapping did.
      const before = { code: outside.w.files.get('src/gadget.cjs') as string, map: new TraceMap(outside.w.files.get('src/gadget.cjs.map') as string) };
      const after = { code: files.get('src/gadget.cjs') as string, map: new TraceMap(files.get('src/gadget.cjs.map') as string) };
      const at = (x: typeof before): string[] => {
        const lines = x.code.split('\n');
        const seen: string[] = [];
        eachMapping(x.map, (m) => void seen.push(`${m.originalLine}:${m.originalColumn} ${lines[m.generatedLine - 1]!.slice(m.generatedColumn, m.generatedColumn + 12)}`));
        return seen;
      };
      expect(at(after)).toEqual(at(before));
    });

    it('moves the generated columns of mappings after a shortened path on the same line', async () => {
      // An input folder elsewhere on the machine, given by its absolute path.
      const elsewhere = path.join(os.tmpdir(), 'someone');
      const source = path.join(elsewhere, 'gadgets', 'acme', 'Acme.xml');
      const code = `fmContext.scriptFailed("${source}:3:1", error); refresh(1);\nrefresh(2);\n`;
      const map = new MagicString(code).generateMap({ hires: true, source: path.join(elsewhere, 'gadgets', 'acme', 'Acme.js'), includeContent: true });
      const w = {
        elementName: 'acme-x', title: 'Acme', marks: [], prefs: [], hostAttributes: {}, handlers: 0, bootstraps: 0, scripts: 1, unmapped: new Map(), sites: [],
        otherViews: [], usesFinesseCompat: false, changes: [], dependencies: { externalScripts: [], externalStyles: [], npm: [], unresolved: [], finesseLibrary: [] },
        files: new Map<string, string | Uint8Array>([['src/gadget.cjs', code], ['src/gadget.cjs.map', map.toString()]]),
      } as unknown as WidgetSource;
      const files = await widgetProjectFiles(w, options(source, { root: path.join(elsewhere, 'gadgets') }));
      const got = files.get('src/gadget.cjs') as string;
      expect(got.split('\n')[0]).toBe('fmContext.scriptFailed("gadgets/acme/Acme.xml:3:1", error); refresh(1);');
      const traced = new TraceMap(files.get('src/gadget.cjs.map') as string);
      expect(traced.sources).toEqual(['gadgets/acme/Acme.js']);
      const original = code.split('\n');
      const lines = got.split('\n');
      let checked = 0;
      eachMapping(traced, (m) => {
        const inPath = m.generatedLine === 1 && m.generatedColumn >= 24 && m.generatedColumn < 24 + 'gadgets/acme/Acme.xml'.length;
        if (inPath) return;
        expect(lines[m.generatedLine - 1]![m.generatedColumn], `${m.generatedLine}:${m.generatedColumn}`).toBe(original[m.originalLine! - 1]![m.originalColumn!]);
        checked++;
      });
      expect(checked).toBeGreaterThan(40);
    });
  });
});

describe('a widget project', () => {
  it('has a .gitignore for node_modules and dist', () => {
    for (const title of elements.keys()) {
      const ignore = readFileSync(path.join(dirOf(title), '.gitignore'), 'utf8').split('\n');
      expect(ignore).toEqual(expect.arrayContaining(['node_modules/', 'dist/']));
    }
  });

  it('has start, test, watch, build and typecheck scripts, and what they need', () => {
    const pkg = JSON.parse(readFileSync(path.join(dirOf('Wrap-Up Notes'), 'package.json'), 'utf8')) as { scripts: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.scripts).toEqual({ build: 'node build.mjs', watch: 'node build.mjs --watch', start: 'node ../../runtime/dev/serve.mjs', test: 'node --test', typecheck: 'tsc --noEmit' });
    expect(Object.keys(pkg.devDependencies)).toEqual(['@wxcc-desktop/sdk-types', 'esbuild', 'happy-dom', 'typescript']);
    expect(JSON.parse(readFileSync(path.join(dirOf('Wrap-Up Notes'), 'dev', 'entry.json'), 'utf8'))).toEqual({
      comp: elements.get('Wrap-Up Notes'),
      properties: { dnNumber: '$STORE.agent.dnNumber' },
    });
  });

  it("carries only its own files and runtime/widget/project's; the runtime, the verify simulator, dev page and test are the output's, once", () => {
    const dir = dirOf('Wrap-Up Notes');
    for (const [to, from] of Object.entries(WIDGET_FILES)) expect(readFileSync(path.join(dir, to), 'utf8'), to).toBe(readFileSync(path.join(RUNTIME_DIR, from), 'utf8'));
    expect(filesUnder(dir).filter((f) => !f.startsWith('dist/'))).toEqual([
      '.gitignore', 'README.md', 'build.mjs', 'dev/entry.json', 'package.json', 'src/gadget.cjs', 'src/gadget.cjs.map', 'src/gadget.d.cts', 'src/index.ts',
      'src/libraries.cjs', 'src/styles.css', 'src/template.html', 'src/widget.json', 'test/smoke.test.mjs', 'tsconfig.json',
    ]);
    const shared = path.join(out, 'runtime');
    for (const [to, from] of Object.entries(RUNTIME_FILES)) expect(readFileSync(path.join(shared, to), 'utf8'), to).toBe(readFileSync(path.join(RUNTIME_DIR, from), 'utf8'));
    for (const f of ['page', 'payloads', 'protocol', 'sdk', 'shim']) {
      expect(readFileSync(path.join(shared, 'dev', 'desktop-sim', `${f}.ts`), 'utf8')).toBe(readFileSync(path.join(ROOT, 'src', 'verify', 'desktop-sim', `${f}.ts`), 'utf8'));
    }
    // One npm install at the top installs the runtime and every widget (npm workspaces); each widget depends on the runtime.
    expect(JSON.parse(readFileSync(path.join(out, 'package.json'), 'utf8'))).toMatchObject({ private: true, workspaces: ['runtime', 'widgets/*'] });
    expect(JSON.parse(readFileSync(path.join(shared, 'package.json'), 'utf8'))).toMatchObject({ name: RUNTIME_PACKAGE, private: true });
    for (const title of elements.keys()) {
      const pkg = JSON.parse(readFileSync(path.join(dirOf(title), 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      expect(pkg.dependencies[RUNTIME_PACKAGE], title).toBe('file:../../runtime');
    }
  });

  it('has a README that says how to run it, how to host the bundle and where its layout entry is', () => {
    const el = elements.get('Wrap-Up Notes')!;
    const readme = readFileSync(path.join(dirOf('Wrap-Up Notes'), 'README.md'), 'utf8');
    for (const s of ['npm start', 'npm test', 'npm run build', '## Develop and test', '## Host the bundle', '## Add it to the Desktop layout', `dist/${el}.js`,
      `${CDN_PLACEHOLDER}/${el}/${el}.js`, '--cdn-base', 'layout/fragments/', 'layout/desktop-layout.json', 'Control Hub', '--base-layout']) {
      expect(readme, s).toContain(s);
    }
  });

  it('names its layout entry and the bundle URL once finesse-migrate passes the id and --cdn-base', async () => {
    const tree = new FolderTree(SAMPLES);
    const f = analyzeFile(tree, 'wrapup-notes/WrapUpNotes.xml');
    const w = convertWidget(f, 'wrapup-notes', 'Wrap-Up Notes', loadRuleTable());
    const files = await widgetProjectFiles(w, { widgetProvider: 'finesse-migrate', source: f.source, messages: {}, locale: 'en-US', id: 'wrapup-notes', cdnBase: 'https://cdn.acme.example/desktop/' });
    const readme = files.get('README.md') as string;
    expect(readme).toContain('Its layout entry is `layout/fragments/wrapup-notes.json` of the migration output (`../../layout/fragments/wrapup-notes.json` from this folder)');
    expect(readme).toContain('loads the widget from\n\n    https://cdn.acme.example/desktop/wrapup-notes/wrapup-notes.js\n');
    expect(readme).not.toContain('placeholder');
  });
});

describe('npm run typecheck in a generated project', () => {
  it('passes for a widget that uses the Finesse adapter: its own entry against the shared runtime and the real SDK types', async () => {
    const r = await run('npm', ['run', 'typecheck'], installed(dirOf('Wrap-Up Notes')));
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  }, 120_000);
});

describe('npm test in a generated project', () => {
  it('passes for every sample widget, as emitted', async () => {
    const titles = [...elements.keys()];
    // TAP, whatever Node's default reporter for a pipe.
    const results = await Promise.all(titles.map((t) => run('npm', ['test', '--', '--test-reporter=tap'], installed(dirOf(t)))));
    results.forEach((r, i) => {
      expect(r.code, `${titles[i]}:\n${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/^# pass [34]$/m);
      expect(r.stdout).toMatch(/^# fail 0$/m);
    });
    // The headless one has no markup to render; the one with a backend names what it did not send.
    expect(results[titles.indexOf('Call Popper')]!.stdout).toMatch(/^# skipped 1$/m);
    expect(results[titles.indexOf('Customer Lookup')]!.stdout).toContain('not sent (add an answer to NETWORK): https://crm.acme-contact.example/api/customers');
  }, 120_000);
});

describe('npm start in a generated project', () => {
  let server: ChildProcess | undefined;
  let url = '';
  let el = '';

  beforeAll(async () => {
    el = elements.get('Wrap-Up Notes')!;
    const dir = installed(dirOf('Wrap-Up Notes'));
    const start = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(' ');
    expect(start[0]).toBe('node');
    server = spawn(process.execPath, [...start.slice(1), '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    url = await new Promise<string>((resolve, reject) => {
      let said = '';
      const timer = setTimeout(() => reject(new Error(`npm start said nothing useful within 20 s: ${said}`)), 20_000);
      const hear = (d: Buffer): void => {
        said += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(said);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      server!.stdout!.on('data', hear);
      server!.stderr!.on('data', hear);
      server!.on('exit', (code) => reject(new Error(`npm start exited ${code}: ${said}`)));
    });
  }, 30_000);
  afterAll(() => {
    server?.kill();
  });

  it('serves the page, the simulated Desktop, the layout entry and the widget bundled against it', async () => {
    const get = async (p: string): Promise<{ status: number; type: string; text: string }> => {
      const r = await fetch(new URL(p, url));
      return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
    };
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.type).toContain('text/html');
    expect(page.text).toContain('<title>Wrap-Up Notes on a simulated Desktop</title>');
    expect(page.text).toContain('<script src="/dev/desktop-sim.js"></script>');
    const sim = await get('/dev/desktop-sim.js');
    expect(sim.status).toBe(200);
    expect(sim.text).toContain('__fmSim');
    expect(JSON.parse((await get('/dev/entry.json')).text)).toMatchObject({ comp: el });
    const bundle = await get(`/${el}.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.type).toContain('javascript');
    // @wxcc-desktop/sdk is the simulator's shim, which takes the page's simulated Desktop.
    expect(bundle.text).toContain('window.__fmDesktop is missing');
    expect(bundle.text).toContain(`sourceMappingURL=${el}.js.map`);
    expect(JSON.parse((await get(`/${el}.js.map`)).text).sources).toEqual(expect.arrayContaining([expect.stringMatching(/WrapUpNotes\.xml$/)]));
    expect((await get('/nothing-here')).status).toBe(404);
  });

  it.skipIf(!available && !process.env.CI)('mounts the widget on the simulated Desktop in Chromium, and its buttons play a call', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { __fmDev?: { ready: boolean } }).__fmDev?.ready === true, null, { timeout: 20_000 });
      const caller = (): Promise<string | null | undefined> => page.evaluate((name) => document.querySelector(name)?.shadowRoot?.getElementById('callerLine')?.textContent, el);
      expect(await page.evaluate((name) => !!customElements.get(name), el)).toBe(true);
      expect(await caller()).toBe('No active call');
      expect(await page.textContent('#status')).toContain('agent signed in');
      await page.click('button[data-step=offer]');
      await expect.poll(caller).toBe('Caller: +14155550101');
      await page.click('button[data-step=assign]');
      await page.click('button[data-step=end]');
      await expect.poll(caller).toBe('No active call');
      await page.click('button[data-step=unmount]');
      await page.click('button[data-step=mount]');
      await expect.poll(caller).toBe('No active call');
      await page.waitForTimeout(500);
      const log = (await page.textContent('#log')) ?? '';
      expect(log).toContain(`SDK config.init({"widgetName":"${el}"`);
      expect(log).toContain('▶ {"do":"offer","contact":"call-1"');
      expect(log).not.toMatch(/MISUSE|simulator:|uncaught|build:/);
      expect(await page.evaluate(() => (window as unknown as { __fmDev: { errors: string[] } }).__fmDev.errors)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
