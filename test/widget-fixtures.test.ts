// Widget conversion, one shape per fixture: test/fixtures/widgets/<case>/gadget is the gadget folder,
// <case>/expected holds the reviewed widget source it must convert to. Regenerate on purpose with
// UPDATE_GOLDEN=1 and review the diff.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../src/analyze/index.js';
import { planBatch } from '../src/emit/plan.js';
import { FolderTree } from '../src/parse/source-tree.js';
import { FIXTURES, readTree } from './helpers.js';

const CASES = path.join(FIXTURES, 'widgets');
/** The files that carry the conversion; the element, runtime and build.mjs are runtime/widget's, the same for every widget. */
const COMPARED = /^src\/(gadget\.cjs|styles\.css|template\.html|widget\.json)$|^src\/(assets|unparsed)\/|^README\.md$/;

async function convert(name: string): Promise<{ files: Map<string, string | Uint8Array>; report: Awaited<ReturnType<typeof planBatch>>['report'] }> {
  const tree = new FolderTree(path.join(CASES, name, 'gadget'));
  const analyzed = tree.files().filter((f) => f.endsWith('.xml')).map((rel) => analyzeFile(tree, rel));
  const plan = await planBatch(analyzed, { toolVersion: 'test', locale: 'en-US', inputs: [], problems: [] });
  const widgetDir = [...plan.files.keys()].find((k) => k.startsWith('widgets/'))!.split('/').slice(0, 2).join('/');
  const files = new Map<string, string | Uint8Array>();
  for (const [k, v] of plan.files) if (k.startsWith(widgetDir + '/') && COMPARED.test(k.slice(widgetDir.length + 1))) files.set(k.slice(widgetDir.length + 1), v);
  return { files, report: plan.report };
}

const text = (v: string | Uint8Array | Buffer): string => (typeof v === 'string' ? v : Buffer.from(v).toString('base64'));

describe.each(readdirSync(CASES).sort())('%s', (name) => {
  it('converts to the reviewed widget source', async () => {
    const { files } = await convert(name);
    const expectedDir = path.join(CASES, name, 'expected');
    if (process.env['UPDATE_GOLDEN'] === '1') {
      rmSync(expectedDir, { recursive: true, force: true });
      for (const [rel, v] of files) {
        mkdirSync(path.dirname(path.join(expectedDir, rel)), { recursive: true });
        writeFileSync(path.join(expectedDir, rel), v);
      }
    }
    expect(existsSync(expectedDir), `${expectedDir} (run with UPDATE_GOLDEN=1 once, then review)`).toBe(true);
    const want = readTree(expectedDir);
    expect([...files.keys()].sort()).toEqual([...want.keys()]);
    for (const [rel, v] of want) expect(text(files.get(rel)!), rel).toBe(text(rel.startsWith('src/assets/') ? v : v.toString('utf8')));
  });
  it('gives the same output on a second conversion', async () => {
    const a = await convert(name);
    const b = await convert(name);
    expect([...b.files].map(([k, v]) => [k, text(v)])).toEqual([...a.files].map(([k, v]) => [k, text(v)]));
  });
});

describe('what the fixtures must show', () => {
  it('bootstrap-variants: every start-up idiom becomes onLoad, in order', async () => {
    const { files } = await convert('bootstrap-variants');
    const code = files.get('src/gadget.cjs') as string;
    expect(code.match(/\bonLoad\(/g)).toHaveLength(6);
    expect(code).not.toMatch(/gadgets\.util\.registerOnLoadHandler\(|window\.onload =|\$\(document\)\.ready\(|addEventListener\("load"/);
    expect(code).toContain('onLoad(function (event) {\n    bodyLoaded()');
  });
  it('dom-scoping: look-ups scoped, creation left alone, the impossible marked', async () => {
    const { files, report } = await convert('dom-scoping');
    const code = files.get('src/gadget.cjs') as string;
    for (const s of ['root.getElementById("panel")', 'root.querySelector(".row")', 'dom.getElementsByClassName("count")', 'dom.getElementsByTagName("li")',
      '$("#panel .rows", root)', '$("#" + id, root)', `$('<div class="note">')`, 'root.appendChild(', 'host.style.borderTop', '$(root).on("click"']) {
      expect(code).toContain(s);
    }
    const marks = report.gadgets[0]!.widget!.marks.map((m) => `${m.id} ${m.at.line}`);
    expect(marks).toEqual(['DOM-WRITE 27', 'DOM-SELECTOR 28', 'DOM-NAVIGATE 29', 'PAGE-URL 30', 'DOM-GLOBAL 31', 'NO-BOOTSTRAP 1']);
  });
  it('css-assets: page-root selectors become :host and local url() assets are copied', async () => {
    const { files, report } = await convert('css-assets');
    const css = files.get('src/styles.css') as string;
    expect(css).toContain(':host(.dark) {');
    expect(css).toContain(':host > .card {');
    expect(css).toContain('url("./assets/img/bg.png")');
    expect(css).toContain('@import url("https://cdn.example.com/fonts/inter.css");');
    expect([...files.keys()].filter((k) => k.startsWith('src/assets/')).sort()).toEqual(['src/assets/img/bg.png', 'src/assets/img/logo.png']);
    const ids = report.gadgets[0]!.widget!.marks.map((m) => m.id).sort();
    // The Finesse server's Bootstrap stylesheet comes from npm (test/server-libraries.test.ts).
    expect(css).toContain('@import "~bootstrap/dist/css/bootstrap.css";');
    expect(ids).toEqual(['ASSET-MISSING', 'ASSET-MISSING']);
  });
  it('user-prefs: attributes and properties with defaults; baked markup values marked', async () => {
    const { files, report } = await convert('user-prefs');
    // The element (the same in every widget) makes properties of these; title stays HTMLElement's.
    const widget = JSON.parse(files.get('src/widget.json') as string);
    expect(widget.prefs.serviceUrl).toMatchObject({ attribute: 'service-url', datatype: 'string' });
    expect(widget.prefs.refresh_seconds).toEqual({ attribute: 'refresh-seconds', datatype: 'number', defaultValue: '30' });
    // `title` is an HTMLElement member and a global attribute: the pref gets a prefixed attribute.
    expect(widget.prefs.title).toMatchObject({ attribute: 'pref-title' });
    expect(files.get('src/gadget.cjs')).toContain('var prefs2 = prefs;');
    expect(report.gadgets[0]!.widget!.marks.filter((m) => m.id === 'PREF-BAKED').map((m) => m.message.slice(0, 40))).toEqual([
      'the markup used __UP_serviceUrl__, fille',
      'the markup used __UP_title__, filled wit',
    ]);
  });
});

describe('source maps', () => {
  it('lead from each line of gadget.cjs back to the gadget file and line it came from', async () => {
    const { TraceMap, originalPositionFor } = await import('@jridgewell/trace-mapping');
    const tree = new FolderTree(path.join(CASES, 'dom-scoping', 'gadget'));
    const plan = await planBatch([analyzeFile(tree, 'DomScoping.xml')], { toolVersion: 'test', locale: 'en-US', inputs: [], problems: [] });
    const code = plan.files.get('widgets/dom-scoping/src/gadget.cjs') as string;
    const map = new TraceMap(JSON.parse(plan.files.get('widgets/dom-scoping/src/gadget.cjs.map') as string));
    const lines = code.split('\n');
    const find = (needle: string): { line: number; column: number } => {
      const line = lines.findIndex((l) => l.includes(needle));
      return { line: line + 1, column: lines[line]!.indexOf(needle) };
    };
    // An edited line (document. → root.) and an untouched one, in the external script.
    expect(originalPositionFor(map, find('var panel = root.getElementById'))).toMatchObject({ source: expect.stringMatching(/DomScoping\.js$/), line: 5, column: 4 });
    expect(originalPositionFor(map, find('timer = setInterval(refresh'))).toMatchObject({ source: expect.stringMatching(/DomScoping\.js$/), line: 35, column: 0 });
    // The inline handler maps to its own source, named after the attribute it came from.
    expect(originalPositionFor(map, find('refresh(); return false;'))).toMatchObject({ source: expect.stringMatching(/DomScoping\.xml#onclick@10:/), line: 1, column: 0 });
  });
});

it('gadget text that would end a comment stays inside it (comment-breaker)', async () => {
  const { files } = await convert('comment-breaker');
  const code = files.get('src/gadget.cjs') as string;
  const sf = ts.createSourceFile('gadget.cjs', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const names: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) names.push(n.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  expect(names).not.toContain('PWN');
  expect(code).toContain('Queue * / globalThis.PWN = 1; /* board');
});

it('a gadget whose logic is on other hosts is never migrated, and says which URLs (remote-logic)', async () => {
  const { report } = await convert('remote-logic');
  const g = report.gadgets[0]!;
  expect(g.status).toBe('needs-work');
  expect(g.actions.filter((a) => a.startsWith('Supply '))).toEqual([
    expect.stringContaining('https://apps.acme-contact.example/agent/panel.js'),
    expect.stringContaining('http://legacy.acme-contact.example/agent/helpers.js'),
  ]);
  // The jQuery it asked for gives way to the widget's, which its plugins (jQuery UI here) attach to.
  expect(g.actions).toContainEqual(expect.stringMatching(/^The gadget loaded jQuery 1\.8\.3 \(js\/jquery-1\.8\.3\.min\.js\); the widget bundles jQuery 3\.7\.1/));
});

it('a gadget only a supervisor can use goes to the supervisor layouts alone (supervisor-team)', async () => {
  const { report } = await convert('supervisor-team');
  expect(report.gadgets[0]!.placement).toMatchObject({
    roles: ['supervisor', 'supervisorAgent'],
    rolesReason: expect.stringContaining('finesse.restservices.User#getSupervisedTeams'),
  });
  // A gadget without supervisor APIs is for every role.
  expect((await convert('user-prefs')).report.gadgets[0]!.placement!.roles).toBeUndefined();
});
