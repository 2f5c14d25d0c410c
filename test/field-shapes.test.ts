// Gadget shapes of the field (issue 11), one batch planned once: content by reference, specs served
// under other names with server template markers, and frame gadgets the Finesse layout parameterizes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../src/analyze/index.js';
import { discover, looksLikeSpec } from '../src/cli/discover.js';
import { planBatch } from '../src/emit/plan.js';
import { convertFinesseLayout } from '../src/emit/layout-from-finesse.js';
import { parseFinesseLayout } from '../src/parse/finesse-layout.js';
import { maskTemplateMarkers } from '../src/parse/template-markers.js';
import { FolderTree } from '../src/parse/source-tree.js';
import type { GadgetRecord } from '../src/report/report.js';
import { FIXTURES } from './helpers.js';

const BATCH = path.join(FIXTURES, 'field');
let plan: Awaited<ReturnType<typeof planBatch>>;
let sources: string[];
const rec = (id: string): GadgetRecord => {
  const r = plan.report.gadgets.find((g) => g.id === id);
  if (!r) throw new Error(`no gadget ${id} in ${plan.report.gadgets.map((g) => g.id).join(', ')}`);
  return r;
};
const file = (p: string): string => plan.files.get(p) as string;

beforeAll(async () => {
  const found = discover([BATCH]);
  sources = found.candidates.map((c) => c.rel);
  const analyzed = found.candidates.map((c) => analyzeFile(c.tree, c.rel, { locale: 'en-US' }));
  plan = await planBatch(analyzed, { toolVersion: 'test', locale: 'en-US', inputs: [], problems: [] });
});

describe('specs found by content, not by extension', () => {
  it('takes .jsp, .gadget and extension-less specs, and leaves pages and other files alone', () => {
    expect(sources.filter((s) => s.startsWith('served-specs/'))).toEqual(['served-specs/Lookup.gadget', 'served-specs/Wrapup', 'served-specs/agent-tools.jsp']);
    expect(sources.some((s) => /help\.html|LICENSE|package\.json|main\.js/.test(s))).toBe(false);
    expect(rec('served-specs-wrapup')).toMatchObject({ classification: 'widget', status: 'migrated' });
  });
  it('sniffs the root element past declarations, comments and JSP directives', () => {
    expect(looksLikeSpec('\ufeff<%@ page contentType="text/xml" %>\n<?xml version="1.0"?>\n<!-- x -->\n<Module>')).toBe(true);
    expect(looksLikeSpec('<g:Module xmlns:g="x">')).toBe(true);
    expect(looksLikeSpec('<!DOCTYPE html><html><body>Module</body></html>')).toBe(false);
    expect(looksLikeSpec('<Modules>')).toBe(false);
  });
});

describe('server template markers', () => {
  it('masks JSP markers everywhere in a .jsp spec and says which values are unknown', () => {
    const r = rec('served-specs-agent-tools');
    expect(r.status).toBe('needs-work');
    const codes = r.diagnostics.map((d) => `${d.code} ${d.line}`);
    expect(codes).toEqual(expect.arrayContaining(['template-code 1', 'template-code 2', 'template-value 5', 'template-value 7', 'template-code 8', 'template-value 11']));
    expect(r.actions).toContain('Replace __TEMPLATE_3__ in the output: it stands for the server template value ${apiBase} (' + r.source + ':11), which the server that served the spec filled in.');
    // Nothing of the server code reaches the widget; both branches of its condition are kept.
    const widget = [...plan.files].filter(([k]) => k.startsWith('widgets/served-specs-agent-tools/src/')).map(([, v]) => String(v)).join('\n');
    expect(widget).not.toMatch(/<%|%>/);
    expect(file('widgets/served-specs-agent-tools/src/template.html')).toContain('<div class="banner">Maintenance tonight</div>');
    expect(file('widgets/served-specs-agent-tools/src/gadget.cjs')).toContain('var apiBase = "__TEMPLATE_3__";');
  });
  it('says a script whose URL the server template makes is unknown, never drops it silently', () => {
    const r = rec('served-specs-agent-tools');
    expect(r.widget!.dependencies.unresolved.map((u) => u.url)).toEqual(['__TEMPLATE_2__/js/tools.js']);
    expect(r.actions.some((a) => a.startsWith('Replace __TEMPLATE_2__'))).toBe(true);
  });
  it('keeps a client-side template literal in a page-named spec as JavaScript', () => {
    expect(rec('served-specs-lookup').diagnostics.filter((d) => d.code.startsWith('template-'))).toEqual([]);
    expect(file('widgets/served-specs-lookup/src/gadget.cjs')).toContain('console.log(`looking up ${q}`);');
  });
  it('masks values by tokens and keeps the line of everything after a marker', () => {
    const m = maskTemplateMarkers('<a title="${t}">\n<% if (x) {\n %>\n<b/>', 'server');
    expect(m.text).toBe('<a title="__TEMPLATE_1__">\n\n\n<b/>');
    expect(m.markers.map((x) => [x.kind, x.offset])).toEqual([['value', 10], ['code', 17]]);
    expect(maskTemplateMarkers('<a t="${x}"><![CDATA[`${y}`]]></a>', 'page').text).toBe('<a t="__TEMPLATE_1__"><![CDATA[`${y}`]]></a>');
  });
});

describe('content by reference', () => {
  it('frames another host\'s page and says what the application must now do itself', () => {
    const r = rec('remote-app');
    expect(r).toMatchObject({ classification: 'iframe', status: 'migrated', embeddedUrl: 'https://console.example.com/agent?embedded=1' });
    expect(r.reasons.map((x) => x.code)).toEqual(['content-href-remote']);
    expect(r.layoutFragment).toMatchObject({ attributes: { src: 'https://console.example.com/agent?embedded=1' }, style: { height: '600px' } });
    expect(r.actions.join('\n')).toMatch(/authz="signed".*sign agents in itself/);
    expect(r.actions.join('\n')).toMatch(/prefs \(region\)/);
  });
  it('does not call a development server migrated', () => {
    const r = rec('dev-server-dev-app');
    expect(r).toMatchObject({ classification: 'iframe', status: 'needs-work' });
    expect(r.actions[0]).toMatch(/localhost:3000 is a development server/);
  });
  it('converts a page on the gadget\'s own server path like inline content', () => {
    const r = rec('server-path-server-page');
    expect(r.reasons.map((x) => x.code)).toContain('content-page');
    expect(file('widgets/server-path-server-page/src/template.html')).toContain('<th>Queue</th>');
    expect(r.widget!.callSites.total).toBe(1);
  });
  it('names the build a missing front-end page needs, and emits nothing half-made', () => {
    const r = rec('spa-build-spa-gadget');
    expect(r.status).toBe('needs-work');
    expect(r.actions).toEqual([`Run npm run build in ${r.root}/spa-build so that the page dist/index.html exists, then migrate again.`]);
    expect(r.outputs).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['content-page-missing']);
  });
});

describe('layout-parameterized gadgets', () => {
  it('classifies a generic frame gadget as an iframe whose URL the layout gives', () => {
    const r = rec('web-frame');
    expect(r).toMatchObject({ classification: 'iframe', status: 'needs-work' });
    expect(r.layoutParameters!.map((p) => [p.name, p.target, p.required])).toEqual([['height', 'style.height', false], ['url', 'attributes.src', true]]);
    expect(r.layoutFragment).toMatchObject({ attributes: { src: 'https://finesse-layout-parameter.invalid/url' } });
    expect(r.actions[0]).toMatch(/^Its URL is the "url" parameter of its gadget URL/);
  });
  it('sees through the shape Cisco\'s template gives a frame gadget (the layout query inside Shindig\'s url parameter)', () => {
    const r = rec('template-frame-frame-template');
    expect(r).toMatchObject({ classification: 'iframe', status: 'needs-work' });
    expect(r.reasons.map((x) => x.code)).toEqual(['embeds-layout-url', 'hosting-only-api']);
    expect(r.layoutParameters!.map((p) => [p.name, p.target])).toEqual([['url', 'attributes.src'], ['height', 'style.height']]);
  });
  it('gives a widget an attribute for each query parameter its code reads', () => {
    const r = rec('queue-stats');
    expect(r.classification).toBe('widget');
    expect(r.layoutParameters!.map((p) => [p.name, p.target])).toEqual([['queue', 'attributes.queue']]);
    expect(r.layoutFragment).toMatchObject({ attributes: { queue: '' } });
  });
  it('never lets a parameter take over an attribute the element has anyway', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fm-param-'));
    writeFileSync(path.join(dir, 'Themed.xml'), `<Module><ModulePrefs title="Themed"/><Content type="html"><![CDATA[
      <button id="go">Go</button>
      <script>var p = new URLSearchParams(location.search); document.body.className = p.get('class') + p.get('team');</script>
    ]]></Content></Module>`);
    const f = analyzeFile(new FolderTree(dir), 'Themed.xml');
    expect(f.decision!.layoutParameters!.map((p) => [p.name, p.target])).toEqual([['class', 'attributes.param-class'], ['team', 'attributes.team']]);
  });
  it('lets finesse-migrate layout fill them from every <gadget> URL, one entry per URL', () => {
    const xml = `<finesseLayout xmlns="http://www.cisco.com/vtg/finesse">
  <layout><role>Agent</role>
    <page>
      <gadget>/3rdpartygadget/files/web-frame/WebFrame.xml?url=https%3A%2F%2Fkb.example.com%2Fsearch&amp;height=500</gadget>
    </page>
    <tabs><tab><id>tools</id><label>Tools</label><gadgets>
      <gadget>/3rdpartygadget/files/web-frame/WebFrame.xml?url=https://crm.example.com/</gadget>
      <gadget>/3rdpartygadget/files/web-frame/WebFrame.xml</gadget>
      <gadget>/3rdpartygadget/files/queue-stats/QueueStats.xml?queue=Sales</gadget>
    </gadgets></tab></tabs>
  </layout>
</finesseLayout>`;
    const { layout, occurrences } = convertFinesseLayout(parseFinesseLayout(xml, 'layout.xml').layout!, plan.report);
    expect(occurrences.map((o) => o.outcome)).toEqual(['placed', 'placed', 'unmatched', 'placed']);
    expect(occurrences[2]!.note).toMatch(/\?url=, which this <gadget> URL does not have/);
    const text = JSON.stringify(layout);
    expect(text).toContain('"src":"https://kb.example.com/search"');
    expect(text).toContain('"height":"500px"');
    expect(text).toContain('"src":"https://crm.example.com/"');
    expect(text).toContain('"queue":"Sales"');
    expect(text).not.toContain('finesse-layout-parameter.invalid');
  });
});

describe('where a gadget belongs', () => {
  it('gives a gadget that stops for non-supervisors to the supervisor roles alone', () => {
    const r = rec('supervisor-guard-supervisor-notes');
    expect(r.placement).toMatchObject({ roles: ['supervisor', 'supervisorAgent'], rolesReason: expect.stringContaining('!user.hasSupervisorRole()') });
    const layout = JSON.parse(file('layout/desktop-layout.json')) as Record<string, unknown>;
    expect(JSON.stringify(layout['agent'])).not.toContain('supervisor-guard-supervisor-notes');
    expect(JSON.stringify(layout['supervisor'])).toContain('supervisor-guard-supervisor-notes');
  });
});
