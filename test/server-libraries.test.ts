// Libraries a gadget loaded from the Finesse server (/desktop/thirdparty/bootstrap/...): the widget takes
// the same version from npm (src/transform/server-libraries.ts), requires its JS on the widget's own
// jQuery (src/libraries.cjs) and inlines its CSS into the shadow root (build.mjs). Shown on the
// server-libraries widget fixture: converted, built with the bootstrap@3.2.0 this repo carries for the
// purpose (a devDependency), and run in Chromium against the Desktop simulator, where the gadget code
// calls $(...).tooltip and $(...).modal on its `$`. Without src/libraries.cjs the same widget fails there.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../src/analyze/index.js';
import { siblingEntry } from '../src/build/browser-script.js';
import { buildWidget } from '../src/build/build.js';
import { planBatch } from '../src/emit/plan.js';
import { writeOutput } from '../src/emit/write.js';
import { FolderTree } from '../src/parse/source-tree.js';
import { serverLibrary } from '../src/transform/server-libraries.js';
import { buildSimulatorPage, verifyWidgets } from '../src/verify/browser.js';
import type { WidgetVerification } from '../src/verify/result.js';
import { loadSessions } from '../src/verify/sessions.js';
import { FIXTURES, ROOT, tempDir } from './helpers.js';

async function migrate(dir: string, out?: string) {
  const tree = new FolderTree(dir);
  const analyzed = tree.files().filter((f) => f.endsWith('.xml')).map((rel) => analyzeFile(tree, rel));
  const plan = await planBatch(analyzed, { toolVersion: 'test', locale: 'en-US', inputs: [], problems: [] });
  if (out) writeOutput(out, plan.files);
  return plan;
}

describe('the table of Finesse-server libraries', () => {
  it('knows Bootstrap 3 to 5, JS and CSS, at the version of the path', () => {
    expect(serverLibrary('/desktop/thirdparty/bootstrap/3.2.0/js/bootstrap.min.js')).toEqual({ name: 'bootstrap', version: '3.2.0', file: 'dist/js/bootstrap.js', kind: 'script' });
    expect(serverLibrary('/desktop/thirdparty/bootstrap/5.3.1/js/bootstrap.js')).toEqual({ name: 'bootstrap', version: '5.3.1', file: 'dist/js/bootstrap.bundle.js', kind: 'script' });
    expect(serverLibrary('/desktop/thirdparty/bootstrap/4.6.2/js/bootstrap.bundle.min.js')?.file).toBe('dist/js/bootstrap.bundle.js');
    expect(serverLibrary('/desktop/thirdparty/bootstrap/5.3.1/css/bootstrap.css')).toEqual({ name: 'bootstrap', version: '5.3.1', file: 'dist/css/bootstrap.css', kind: 'style' });
    expect(serverLibrary('/desktop/thirdparty/bootstrap/3.2.0/css/bootstrap.min.css')?.file).toBe('dist/css/bootstrap.css');
  });
  it('knows nothing else of the server', () => {
    for (const p of ['/desktop/js/utilities/MessageDisplay.js', '/desktop/assets/js/finesse.js', '/desktop/thirdparty/bootstrap/2.3.2/js/bootstrap.min.js',
      '/desktop/thirdparty/bootstrap/latest/js/bootstrap.min.js', '/desktop/thirdparty/bootstrap/3.2.0/css/bootstrap-theme.css']) {
      expect(serverLibrary(p), p).toBeUndefined();
    }
  });
});

describe('server-libraries fixture', () => {
  let out: string;
  let plan: Awaited<ReturnType<typeof migrate>>;
  beforeAll(async () => {
    out = path.join(tempDir('fm-server-libs-'), 'out');
    plan = await migrate(path.join(FIXTURES, 'widgets', 'server-libraries', 'gadget'), out);
  });

  it('bundles Bootstrap from npm in place of the server copies, and leaves the unknown server file unresolved', () => {
    const g = plan.report.gadgets[0]!;
    const deps = g.widget!.dependencies;
    expect(deps.npm).toEqual([
      { name: 'jquery', replaces: '/desktop/assets/js/jquery.min.js' },
      { name: 'bootstrap', replaces: '/desktop/thirdparty/bootstrap/3.2.0/js/bootstrap.min.js', version: '3.2.0', file: 'dist/js/bootstrap.js' },
      { name: 'bootstrap', replaces: '/desktop/thirdparty/bootstrap/3.2.0/css/bootstrap.css', version: '3.2.0', file: 'dist/css/bootstrap.css' },
    ]);
    expect(deps.unresolved.map((u) => u.url)).toEqual(['/desktop/js/utilities/MessageDisplay.js']);
    expect(g.widget!.marks.map((m) => m.id)).not.toContain('CSS-UNAVAILABLE');
    // What replaced what, and what to do before building.
    expect(g.actions).toContainEqual('The gadget loaded /desktop/thirdparty/bootstrap/3.2.0/js/bootstrap.min.js from the Finesse server; the widget bundles bootstrap@3.2.0 from npm (dist/js/bootstrap.js) in its place, on the widget\'s own jQuery: run npm install in widgets/server-libraries before building.');
    expect(g.actions).toContainEqual(expect.stringMatching(/^The gadget loaded \/desktop\/thirdparty\/bootstrap\/3\.2\.0\/css\/bootstrap\.css from the Finesse server; .* in its shadow-root styles: /));
    expect(g.actions).toContainEqual(expect.stringMatching(/^Supply \/desktop\/js\/utilities\/MessageDisplay\.js: served by the Finesse server/));
  });

  it('writes a report.json the published schema accepts', () => {
    const ajv = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    ajv.addSchema(JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'layout-fragment.schema.json'), 'utf8')));
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(ROOT, 'docs', 'report.schema.json'), 'utf8')));
    expect(validate(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('writes the package, the require on the widget\'s jQuery and the stylesheet import', () => {
    const dir = path.join(out, 'widgets', 'server-libraries');
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies).toMatchObject({ bootstrap: '3.2.0', jquery: expect.any(String) });
    const libs = readFileSync(path.join(dir, 'src', 'libraries.cjs'), 'utf8');
    expect(libs).toContain('var jQuery = require("jquery");');
    expect(libs).toContain('window.jQuery = window.$ = jQuery;\ntry {\n  // /desktop/thirdparty/bootstrap/3.2.0/js/bootstrap.min.js: bootstrap@3.2.0\n  require("bootstrap/dist/js/bootstrap.js");\n} finally {');
    expect(readFileSync(path.join(dir, 'src', 'styles.css'), 'utf8')).toContain('@import "~bootstrap/dist/css/bootstrap.css";');
  });

  it('builds: the JS runs after the widget\'s jQuery, the CSS is in the bundle with html/body as :host', async () => {
    const dir = path.join(out, 'widgets', 'server-libraries');
    const outfile = path.join(out, 'built', 'server-libraries.js');
    const built = await buildWidget(dir, { alias: { '@wxcc-desktop/sdk': path.join(ROOT, 'test', 'stubs', 'wxcc-desktop-sdk.js') }, outfile });
    expect(built.errors).toEqual([]);
    const bundle = readFileSync(outfile, 'utf8');
    expect(bundle).toContain('Bootstrap v3.2.0');
    expect(bundle).toContain('.tooltip-inner');
    // Bootstrap's `html { font-size: 10px; ...}` and `body { margin: 0; }` apply to the element.
    expect(bundle).toContain(':host {\n  font-size: 10px;');
    expect(bundle).toContain(':host {\n  margin: 0;\n}');
    expect(bundle).toContain('/*! normalize.css v3.0.1 | MIT License | git.io/normalize */\n:host {\n  font-family: sans-serif;');
    expect(bundle).not.toMatch(/\n(?:html|body) \{|sourceMappingURL=bootstrap/);
    expect(bundle).not.toContain('@import "~');
  });
});

it('a widget without the libraries it needs is told to npm install (build error)', async () => {
  const out = path.join(tempDir('fm-server-libs-missing-'), 'out');
  await migrate(path.join(FIXTURES, 'widgets', 'server-libraries', 'gadget'), out);
  const dir = path.join(out, 'widgets', 'server-libraries');
  // A package the repo does not carry, as bootstrap@5 is for a user who has not run npm install.
  writeFileSync(path.join(dir, 'src', 'styles.css'), '@import "~no-such-package-fm/dist/x.css";\n');
  const built = await buildWidget(dir, { alias: { '@wxcc-desktop/sdk': path.join(ROOT, 'test', 'stubs', 'wxcc-desktop-sdk.js') }, outfile: path.join(out, 'x.js') });
  expect(built.ok).toBe(false);
  expect(built.errors.join('\n')).toContain("cannot find no-such-package-fm/dist/x.css (@import \"~no-such-package-fm/dist/x.css\";): run npm install in this widget's folder");
});

/** A one-gadget folder whose <Content> is `content`. */
async function inlineGadget(content: string) {
  const dir = path.join(tempDir('fm-server-libs-inline-'), 'gadget');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'Inline.xml'), `<?xml version="1.0" encoding="UTF-8"?>
<Module>
  <ModulePrefs title="Inline"/>
  <UserPref name="scheme" datatype="hidden"/>
  <UserPref name="host" datatype="hidden"/>
  <UserPref name="hostPort" datatype="hidden"/>
  <Content type="html"><![CDATA[${content}
    <div id="x">x</div>
    <script>gadgets.HubSettings.onConnect = function () { $("#x").tooltip({ title: "x" }); };</script>
  ]]></Content>
</Module>
`);
  const plan = await migrate(dir);
  const g = plan.report.gadgets[0]!;
  const pkg = JSON.parse([...plan.files].find(([k]) => k.endsWith('/package.json'))![1] as string);
  return { deps: g.widget!.dependencies, marks: g.widget!.marks.map((m) => m.id), pkg };
}

it('the host-qualified server form (__UP_scheme__://__UP_host__:__UP_hostPort__/desktop/...) is the same library; other server stylesheets stay unavailable', async () => {
  const server = '__UP_scheme__://__UP_host__:__UP_hostPort__/desktop/thirdparty/bootstrap/5.3.1';
  const { deps, marks, pkg } = await inlineGadget(`
    <link rel="stylesheet" href="${server}/css/bootstrap.css">
    <link rel="stylesheet" href="${server}/css/bootstrap-grid.css">
    <script src="${server}/js/bootstrap.min.js"></script>`);
  expect(deps.npm.map((d) => `${d.name}@${d.version} ${d.file}`)).toEqual(['bootstrap@5.3.1 dist/js/bootstrap.bundle.js', 'bootstrap@5.3.1 dist/css/bootstrap.css']);
  expect(pkg.dependencies.bootstrap).toBe('5.3.1');
  expect(deps.unresolved).toEqual([{ url: '://:/desktop/thirdparty/bootstrap/5.3.1/css/bootstrap-grid.css', why: 'served by the Finesse server, which the Desktop does not have' }]);
  expect(marks.filter((m) => m === 'CSS-UNAVAILABLE')).toHaveLength(1);
});

it('one version of a package: a second version the gadget loaded stays unresolved, saying why', async () => {
  const { deps, pkg } = await inlineGadget(`
    <script src="/desktop/thirdparty/bootstrap/3.2.0/js/bootstrap.min.js"></script>
    <link rel="stylesheet" href="/desktop/thirdparty/bootstrap/5.3.1/css/bootstrap.css">`);
  expect(deps.npm.map((d) => `${d.name}@${d.version}`)).toEqual(['bootstrap@3.2.0']);
  expect(pkg.dependencies.bootstrap).toBe('3.2.0');
  expect(deps.unresolved).toEqual([{ url: '/desktop/thirdparty/bootstrap/5.3.1/css/bootstrap.css', why: expect.stringContaining('the widget bundles bootstrap@3.2.0 from npm already (for /desktop/thirdparty/bootstrap/3.2.0/js/bootstrap.min.js)') }]);
});

const CHROMIUM = '/usr/bin/chromium';
describe.skipIf(!existsSync(CHROMIUM) && !process.env['CI'])('server-libraries in Chromium against the Desktop simulator', () => {
  let good: WidgetVerification;
  let without: WidgetVerification;
  beforeAll(async () => {
    const out = path.join(tempDir('fm-server-libs-verify-'), 'out');
    await migrate(path.join(FIXTURES, 'widgets', 'server-libraries', 'gadget'), out);
    const dir = path.join(out, 'widgets', 'server-libraries');
    const shim = siblingEntry(path.join(ROOT, 'src', 'verify', 'desktop-sim'), 'shim', 'the Desktop simulator shim');
    const goodBundle = path.join(out, 'built', 'good', 'server-libraries.js');
    expect((await buildWidget(dir, { alias: { '@wxcc-desktop/sdk': shim }, outfile: goodBundle })).errors).toEqual([]);
    // The same widget as if the Finesse server's Bootstrap had been dropped: its libraries.cjs loads nothing.
    writeFileSync(path.join(dir, 'src', 'libraries.cjs'), '// none\n');
    const withoutBundle = path.join(out, 'built', 'without', 'server-libraries.js');
    expect((await buildWidget(dir, { alias: { '@wxcc-desktop/sdk': shim }, outfile: withoutBundle })).errors).toEqual([]);
    const sessions = [loadSessions().find((s) => s.name === 'voice-call')!];
    const base = { elementName: 'server-libraries', attributes: {}, properties: {}, headless: false };
    const verdicts = await verifyWidgets(
      [{ id: 'good', bundle: goodBundle, ...base }, { id: 'without', bundle: withoutBundle, ...base }],
      sessions,
      { outDir: out, screenshots: 'none', chromium: CHROMIUM, simulatorScript: await buildSimulatorPage(), concurrency: 2 },
    );
    good = verdicts[0]!;
    without = verdicts[1]!;
  }, 120_000);

  it('runs the gadget\'s $(...).tooltip and $(...).modal: Bootstrap\'s plugins are on the gadget\'s $', () => {
    expect(good.errors).toEqual([]);
    expect(good).toMatchObject({ defined: true, started: true, rendered: true, passed: true, misuse: [], blocked: [] });
    // window.jQuery was the widget's only while Bootstrap evaluated: nothing is left on the page.
    expect(good.leakedGlobals).toEqual([]);
  });

  it('fails without them, at the gadget\'s own line', () => {
    expect(without.passed).toBe(false);
    expect(without.errors[0]).toMatchObject({ kind: 'script', at: { file: expect.stringMatching(/server-libraries\/gadget\/js\/notes\.js$/), line: 5 } });
    expect(without.errors[0]!.message).toMatch(/tooltip is not a function/);
  });
});
