// Layout JSON: every widget and iframe entry, the whole desktop-layout.json of a migrate run, and the
// Desktop layout the `layout` verb makes of a Finesse layout XML, checked against the schemas we ship
// (schemas/, ajv draft 2020-12) and the cross-reference lint.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDesktopLayout, checkFragment } from '../src/emit/layout-check.js';
import { hasVisibleMarkup, placeGadget } from '../src/analyze/placement.js';
import { gadgetUrlKind, parseFinesseLayout, tabLabel } from '../src/parse/finesse-layout.js';
import { convertFinesseLayout, headerEntry } from '../src/emit/layout-from-finesse.js';
import type { Report } from '../src/report/report.js';
import { ROOT, runCli, tempDir } from './helpers.js';

const work = tempDir('fm-layout-');
const out = path.join(work, 'out');
const FINESSE_LAYOUT = path.join(ROOT, 'samples/finesse-layout.xml');
const HEADER_LAYOUT = 'test/fixtures/layouts/header-gadget.xml';
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const read = (rel: string): Json => JSON.parse(readFileSync(path.join(out, rel), 'utf8'));

beforeAll(() => {
  expect(runCli(['migrate', 'samples', '--out', out, '-q', '--cdn-base', 'https://cdn.acme-contact.example/wxcc/']).status).toBe(0);
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('migrate: layout entries and the whole Desktop layout', () => {
  it('writes an entry per gadget that validates, widgets with their bundle on the CDN base', () => {
    const report = read('report.json');
    const placed = report.gadgets.filter((g: Json) => g.layoutFragment);
    expect(placed.map((g: Json) => [g.id, g.placement.area])).toEqual([
      ['agent-state-panel', 'navigation'],
      ['call-popper', 'headless'],
      ['crm-embed', 'navigation'],
      ['customer-lookup', 'panel'],
      ['knowledge-base', 'navigation'],
      ['queue-dashboard', 'navigation'],
      ['wrap-up-notes', 'panel'],
    ]);
    for (const g of placed) {
      const fragment = read(`layout/fragments/${g.id}.json`);
      expect(fragment).toEqual(g.layoutFragment);
      expect(checkFragment(fragment), g.id).toEqual([]);
    }
    const lookup = read('layout/fragments/customer-lookup.json');
    expect(lookup.script).toBe('https://cdn.acme-contact.example/wxcc/customer-lookup/customer-lookup.js');
    expect(lookup.attributes).toMatchObject({ 'max-results': '10', 'auto-search': 'true', 'crm-base-url': 'https://crm.acme-contact.example/api' });
    // A headless widget has no title bar.
    expect(read('layout/fragments/call-popper.json').wrapper).toBeUndefined();
  });

  it('places every gadget in all three roles of a layout that validates', () => {
    const layout = read('layout/desktop-layout.json');
    expect(checkDesktopLayout(layout)).toEqual([]);
    for (const role of ['agent', 'supervisor', 'supervisorAgent']) {
      const area = layout[role].area;
      expect(layout[role].version).toBe('0.1.0');
      expect(area.navigation.map((n: Json) => n.nav.navigateTo)).toEqual(['fm-agent-state-panel', 'fm-crm-embed', 'fm-knowledge-base', 'fm-queue-dashboard']);
      expect(area.navigation.every((n: Json) => n.nav.navigateTo === n.page.id)).toBe(true);
      expect(area.persistent.filter((e: Json) => e.comp === 'md-tab-panel').map((p: Json) => p.children[0].comp)).toEqual(['customer-lookup', 'wrap-up-notes']);
      expect(Object.keys(area.headless.widgets)).toEqual(['call-popper']);
      // The layout starts from the Desktop's default: its own header items and auxiliary panel.
      expect(area.advancedHeader.map((e: Json) => e.comp)).toEqual(role === 'supervisor' ? ['agentx-webex', 'agentx-notification'] : ['agentx-webex', 'agentx-outdial', 'agentx-notification', 'agentx-state-selector']);
      expect(area.panel.comp).toBe('md-tabs');
    }
  });

  it('refuses a --cdn-base that is not https', () => {
    const r = runCli(['migrate', 'samples/wrapup-notes', '--dry-run', '--cdn-base', 'http://cdn.example/x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--cdn-base must be an absolute https URL');
  });

  it('follows the config: placement, roles and cdnBase', () => {
    const config = path.join(work, 'config.json');
    writeFileSync(config, JSON.stringify({
      cdnBase: 'https://static.acme-contact.example',
      gadgets: { 'queue-dashboard': { placement: 'header', roles: ['supervisor', 'supervisorAgent'] } },
    }));
    const o = path.join(work, 'configured');
    expect(runCli(['migrate', 'samples/queue-dashboard', 'samples/knowledge-base', '--out', o, '-q', '--config', config]).status).toBe(0);
    const layout = JSON.parse(readFileSync(path.join(o, 'layout/desktop-layout.json'), 'utf8'));
    expect(checkDesktopLayout(layout)).toEqual([]);
    expect(layout.agent.area.advancedHeader.map((e: Json) => e.comp)).toEqual(['agentx-webex', 'agentx-outdial', 'agentx-notification', 'agentx-state-selector']);
    expect(layout.supervisor.area.advancedHeader.map((e: Json) => e.comp)).toEqual(['agentx-webex', 'agentx-notification', 'queue-dashboard']);
    expect(layout.supervisor.area.advancedHeader[2].script).toBe('https://static.acme-contact.example/queue-dashboard/queue-dashboard.js');
  });
});

describe('the layout lint catches what the schema cannot', () => {
  const good = (): Json => JSON.parse(readFileSync(path.join(out, 'layout/desktop-layout.json'), 'utf8'));
  it('an area that names no widget, and grid sizes that do not match', () => {
    const l = good();
    l.agent.area.navigation[0].page.layout.areas = [['nobody', 'agent-state-panel']];
    expect(checkDesktopLayout(l)).toEqual([
      'agent page fm-agent-state-panel: a row of 2 areas but 1 column sizes',
      'agent page fm-agent-state-panel: area "nobody" names no widget',
    ]);
  });
  it('a route used twice in a role', () => {
    const l = good();
    l.supervisor.area.navigation[1].nav.navigateTo = l.supervisor.area.navigation[0].nav.navigateTo;
    expect(checkDesktopLayout(l)).toEqual(['supervisor: navigateTo "fm-agent-state-panel" is used twice']);
  });
  it('schema errors first: a reserved route, an entry with an unknown key', () => {
    const l = good();
    l.agent.area.navigation[0].nav.navigateTo = 'app';
    expect(checkDesktopLayout(l).length).toBeGreaterThan(0);
    expect(checkFragment({ comp: 'x-y', source: 'https://cdn.example/x.js' })).not.toEqual([]);
  });
});

describe('placement', () => {
  it('tells visible markup from none', () => {
    expect(hasVisibleMarkup('\n  <!-- nothing -->\n<div>\n</div><script>x()</script>')).toBe(false);
    expect(hasVisibleMarkup('<div hidden><b>x</b></div>')).toBe(false);
    expect(hasVisibleMarkup('<div><button>Go</button></div>')).toBe(true);
    expect(hasVisibleMarkup('Ready')).toBe(true);
    // An empty container with an id is where the script draws (a screen pop's frame).
    expect(hasVisibleMarkup('<!-- filled on a call -->\n<div>\n  <div id="agentout"></div>\n</div>')).toBe(true);
  });
  it('lets the config decide, then the gadget', () => {
    expect(placeGadget({ classification: 'widget', templateHtml: '<p>x</p>', configured: 'header' }).area).toBe('header');
    expect(placeGadget({ classification: 'iframe' }).area).toBe('navigation');
    expect(placeGadget({ classification: 'widget', templateHtml: '<p>x</p>', sites: [{ api: 'finesse.restservices.Dialog#getFromAddress', rule: 'DLG-03', outcome: 'mapped', at: { file: 'a', line: 1, column: 1 } }] }).area).toBe('panel');
    expect(placeGadget({ classification: 'widget', templateHtml: '<p>x</p>', sites: [] }).area).toBe('navigation');
    expect(placeGadget({ classification: 'widget', templateHtml: '', code: 'listen();' }).area).toBe('headless');
    expect(placeGadget({ classification: 'widget', templateHtml: '', code: '$("body").append("<b>hi</b>");' }).area).toBe('navigation');
  });
});

describe('Finesse layout XML', () => {
  it('reads roles, page gadgets, tabs and columns, skipping what comments switch off', () => {
    const { layout, diagnostics } = parseFinesseLayout(readFileSync(FINESSE_LAYOUT, 'utf8'), 'samples/finesse-layout.xml');
    expect(diagnostics.hasErrors).toBe(false);
    expect(layout!.title).toBe('Acme Contact Center');
    expect(layout!.roles.map((r) => [r.role, r.tabs.map((t) => `${t.id}:${t.label}:${t.columns.map((c) => c.length).join('+')}`)])).toEqual([
      ['Agent', ['home:Home:2+1', 'crm:CRM:1', 'kb:Knowledge Base:1', 'myStats:My Statistics:1']],
      ['Supervisor', ['manageTeam:Manage Team:1+2']],
    ]);
    const page = layout!.roles[0]!.page;
    expect(page.map((g) => [g.kind, g.hidden, g.attributes['managedBy'] ?? ''])).toEqual([
      ['cisco-builtin', false, ''],
      ['cisco-builtin', false, ''],
      ['thirdparty-relative', false, 'agentTabs'],
      ['thirdparty-relative', true, ''],
      ['thirdparty-relative', true, ''],
    ]);
    expect(layout!.roles[0]!.tabs[1]!.columns[0]![0]!.url).toBe('https://web1.acme-contact.example/gadgets/crm-embed/CrmEmbed.xml?theme=light&rows=20');
  });
  it('knows labels and URL kinds', () => {
    expect(tabLabel('finesse.container.tabs.agent.homeLabel')).toEqual({ label: 'Home', derived: false });
    expect(tabLabel('finesse.container.tabs.supervisor.queueDataLabel')).toEqual({ label: 'Queue Data', derived: true });
    expect(tabLabel('Knowledge Base')).toEqual({ label: 'Knowledge Base', derived: false });
    expect(gadgetUrlKind('/desktop/scripts/js/callcontrol.js')).toBe('cisco-builtin');
    expect(gadgetUrlKind('https://cuic.x:8444/cuic/gadget/LiveData/LiveDataGadget.jsp?viewId=1')).toBe('cuic-report');
    expect(gadgetUrlKind('/3rdpartygadget/files/A.xml')).toBe('thirdparty-relative');
    expect(gadgetUrlKind('https://web.example/A.xml')).toBe('absolute');
  });
  it('joins a URL broken across lines, and refuses a DOCTYPE with the line', () => {
    const broken = parseFinesseLayout('<finesseLayout><layout><role>Agent</role><tabs><tab><id>t</id><label>T</label><gadgets><gadget>/3rdpartygadget/files/A.xml?\n        a=1&amp;b=2</gadget></gadgets></tab></tabs></layout></finesseLayout>', 'l.xml');
    expect(broken.layout!.roles[0]!.tabs[0]!.columns[0]![0]!.url).toBe('/3rdpartygadget/files/A.xml?a=1&b=2');
    expect(broken.diagnostics.items.map((d) => d.code)).toEqual(['layout-url-whitespace']);
    const evil = parseFinesseLayout('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<finesseLayout/>', 'evil.xml');
    expect(evil.layout).toBeUndefined();
    expect(evil.diagnostics.items[0]).toMatchObject({ severity: 'error', file: 'evil.xml', line: 2 });
  });
});

describe('finesse-migrate layout', () => {
  let result: { status: number | null; stdout: string; stderr: string };
  let occurrences: Json[];
  beforeAll(() => {
    result = runCli(['layout', 'samples/finesse-layout.xml', '--gadgets', out, '--out', path.join(work, 'desktop.json')]);
    occurrences = JSON.parse(runCli(['layout', 'samples/finesse-layout.xml', '--gadgets', out, '--json', '-q']).stdout).occurrences;
  });
  const layout = (): Json => JSON.parse(readFileSync(path.join(work, 'desktop.json'), 'utf8'));

  it('exits 1 and names, with file and line, each gadget it could not place', () => {
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('samples/finesse-layout.xml:25: Agent page: /3rdpartygadget/files/recorder/Recorder.xml: no migrated gadget has this file name');
    expect(result.stderr).toContain('samples/finesse-layout.xml:74: Agent myStats: https://cuic.acme-contact.example:8444/cuicui/gadget/LiveData/LiveDataGadget.xml');
    expect(result.stderr).toContain('17 gadget occurrences in 2 roles: 9 placed, 6 Cisco built-ins left to the Desktop, 2 unmatched');
    // The sample's header holds only Cisco's logo.
    expect(occurrences[0]).toMatchObject({ role: 'all', where: 'header', url: '/desktop/scripts/js/logo.js', line: 14, outcome: 'builtin' });
    expect(occurrences.filter((o) => o.outcome === 'placed').map((o) => `${o.role}/${o.where}:${o.gadget}:${o.area}`)).toEqual([
      'Agent/page:wrap-up-notes:panel',
      'Agent/page:call-popper:headless',
      'Agent/home:agent-state-panel:navigation',
      'Agent/home:customer-lookup:navigation',
      'Agent/crm:crm-embed:navigation',
      'Agent/kb:knowledge-base:navigation',
      'Supervisor/page:call-popper:headless',
      'Supervisor/manageTeam:queue-dashboard:navigation',
      'Supervisor/manageTeam:agent-state-panel:navigation',
    ]);
  });

  it('makes each Finesse tab a page, columns and all, in a layout that validates', () => {
    const l = layout();
    expect(checkDesktopLayout(l)).toEqual([]);
    const agent = l.agent.area;
    expect(agent.navigation.map((n: Json) => [n.nav.navigateTo, n.nav.label, n.nav.icon])).toEqual([
      ['fm-home', 'Home', 'home'],
      ['fm-crm', 'CRM', 'stored-info'],
      ['fm-kb', 'Knowledge Base', 'stored-info'],
    ]);
    // Queue statistics (a Cisco built-in) left the first column: one row of two.
    expect(agent.navigation[0].page.layout).toEqual({ areas: [['agent-state-panel', 'customer-lookup']], size: { cols: [1, 1], rows: [1] } });
    expect(agent.navigation[1].page.widgets['crm-embed'].comp).toBe('agentx-wc-iframe');
    expect(agent.persistent[1].children[0].comp).toBe('wrap-up-notes');
    expect(Object.keys(agent.headless.widgets)).toEqual(['call-popper']);
    // Supervisors (and supervisors who take calls) get the Supervisor layout.
    for (const role of ['supervisor', 'supervisorAgent']) {
      expect(l[role].area.navigation.map((n: Json) => n.nav.label)).toEqual(['Manage Team']);
      expect(l[role].area.navigation[0].page.layout.areas).toEqual([['queue-dashboard'], ['agent-state-panel']]);
    }
  });

  it('reads the REST envelope with the layout as escaped text, and rewrites scripts to --cdn-base', () => {
    const xml = readFileSync(FINESSE_LAYOUT, 'utf8').replace(/^<\?xml[^>]*>\s*/, '').replace(/<!--[\s\S]*?-->/g, '');
    const escaped = xml.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const envelope = path.join(work, 'LayoutConfig.xml');
    writeFileSync(envelope, `<LayoutConfig><uri>/finesse/api/LayoutConfig/default</uri><layoutxml>${escaped}</layoutxml></LayoutConfig>`);
    const r = runCli(['layout', envelope, '--gadgets', out, '--cdn-base', 'https://other-cdn.example/w', '-q']);
    expect(r.status).toBe(1);
    const l = JSON.parse(r.stdout);
    expect(l.agent.area.navigation.map((n: Json) => n.nav.navigateTo)).toEqual(['fm-home', 'fm-crm', 'fm-kb']);
    expect(l.agent.area.navigation[0].page.widgets['customer-lookup'].script).toBe('https://other-cdn.example/w/customer-lookup/customer-lookup.js');
  });

  it('is a usage error without a migrate output, and refuses to overwrite without --force', () => {
    expect(runCli(['layout', 'samples/finesse-layout.xml', '--gadgets', work]).status).toBe(2);
    const again = runCli(['layout', 'samples/finesse-layout.xml', '--gadgets', out, '--out', path.join(work, 'desktop.json')]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('pass --force');
  });
});

describe('the Finesse header', () => {
  // The Desktop's own header items of each role (assets/layout/default-desktop-layout.json).
  const BUILTIN = ['agentx-webex', 'agentx-outdial', 'agentx-notification', 'agentx-state-selector'];
  const builtinHeader = (role: string): string[] => (role === 'supervisor' ? ['agentx-webex', 'agentx-notification'] : BUILTIN);

  it('reads components and gadgets with their side and column width, skipping comments and empty components', () => {
    const { layout, diagnostics } = parseFinesseLayout(readFileSync(path.join(ROOT, HEADER_LAYOUT), 'utf8'), HEADER_LAYOUT);
    expect(diagnostics.hasErrors).toBe(false);
    expect(layout!.header.map((h) => [h.element, h.side ?? '-', h.width ?? '-', h.kind, h.hidden, h.attributes['id'] ?? '', h.line])).toEqual([
      ['component', 'left', '280px', 'cisco-builtin', false, 'cd-logo', 12],
      ['component', 'left', '220px', 'cisco-builtin', false, 'agent-voice-state', 13],
      ['component', 'left', '220px', 'cisco-builtin', false, 'nonvoice-state-menu', 14],
      ['component', 'left', '320px', 'thirdparty-relative', false, 'acme-queue-ticker', 16],
      ['gadget', 'right', '200px', 'thirdparty-relative', false, '', 21],
      ['component', 'right', '64px', 'thirdparty-relative', false, 'ticker', 22],
      ['component', 'right', '50px', 'cisco-builtin', false, 'broadcastmessagepopover', 24],
      ['component', 'right', '50px', 'cisco-builtin', false, 'chat', 25],
      ['component', 'right', '50px', 'cisco-builtin', false, 'make-new-call-component', 26],
      ['component', 'right', '72px', 'cisco-builtin', false, 'identity-component', 27],
      ['gadget', '-', '-', 'thirdparty-relative', true, '', 29],
    ]);
    expect(layout!.header[3]!.url).toBe('/3rdpartygadget/files/QueueDashboard/QueueDashboard.xml');
    expect(diagnostics.items.filter((d) => d.code === 'layout-empty-gadget')).toEqual([
      expect.objectContaining({ severity: 'warning', line: 23, message: 'a header <component id="empty-one"> without a <url> is ignored' }),
    ]);
    // No header (9.x-11.x layouts): an empty list.
    expect(parseFinesseLayout('<finesseLayout><layout><role>Agent</role></layout></finesseLayout>', 'l.xml').layout!.header).toEqual([]);
  });

  it('adapts an entry for the header: no title bar, no page-sized style, 64 px high as a flex box', () => {
    const iframe = { comp: 'agentx-wc-iframe', attributes: { src: 'https://app.example/' }, wrapper: { title: 'App', maximizeAreaName: 'app-maximize-area' }, style: { width: '100%', height: '400px' } };
    expect(headerEntry(iframe, '300px')).toEqual({ comp: 'agentx-wc-iframe', attributes: { src: 'https://app.example/', style: 'height:64px;display:flex;width:300px;' } });
    expect(iframe.wrapper).toBeDefined(); // the record's fragment is left as it was
    expect(headerEntry({ comp: 'acme-x', script: 'https://cdn.example/x.js' }, 'calc(100% - 2px)')).toEqual({ comp: 'acme-x', script: 'https://cdn.example/x.js', attributes: { style: 'height:64px;display:flex;' } });
    // A style the entry already sets is kept.
    expect(headerEntry({ comp: 'acme-x', attributes: { style: 'height:48px' }, properties: { agent: '$STORE.agent.agentId' } })).toEqual({ comp: 'acme-x', attributes: { style: 'height:48px' }, properties: { agent: '$STORE.agent.agentId' } });
  });

  it('puts a gadget straight under <header> in every role\'s header', () => {
    const report = read('report.json') as Report;
    const { layout } = parseFinesseLayout('<finesseLayout><header><gadget>/3rdpartygadget/files/WrapUpNotes/WrapUpNotes.xml</gadget></header><layout><role>Agent</role></layout></finesseLayout>', 'l.xml');
    const r = convertFinesseLayout(layout!, report);
    expect(r.occurrences).toEqual([
      { role: 'all', where: 'header', url: '/3rdpartygadget/files/WrapUpNotes/WrapUpNotes.xml', line: 1, outcome: 'placed', gadget: 'wrap-up-notes', area: 'header', note: 'in the Finesse header: in every role\'s Desktop header, after its own items' },
    ]);
    expect(checkDesktopLayout(r.layout)).toEqual([]);
    for (const role of ['agent', 'supervisor', 'supervisorAgent'] as const) {
      const header = (r.layout[role] as Json).area.advancedHeader;
      expect(header.map((e: Json) => e.comp)).toEqual([...builtinHeader(role), 'wrap-up-notes']);
      expect(header.at(-1).wrapper).toBeUndefined();
      expect(header.at(-1).attributes.style).toBe('height:64px;display:flex;');
    }
  });

  describe('finesse-migrate layout with a header', () => {
    let r: { status: number | null; stdout: string; stderr: string };
    let json: Json;
    beforeAll(() => {
      r = runCli(['layout', HEADER_LAYOUT, '--gadgets', out]);
      json = JSON.parse(runCli(['layout', HEADER_LAYOUT, '--gadgets', out, '--json', '-q']).stdout);
    });

    it('places migrated header gadgets in every role\'s advancedHeader, after the Desktop\'s own items', () => {
      expect(r.status).toBe(1);
      const l = JSON.parse(r.stdout);
      expect(checkDesktopLayout(l)).toEqual([]);
      const kb = read('layout/fragments/knowledge-base.json');
      expect(kb.wrapper).toBeDefined();
      expect(kb.attributes.src).toMatch(/^https:/);
      for (const role of ['agent', 'supervisor', 'supervisorAgent']) {
        const area = l[role].area;
        expect(area.advancedHeader).toEqual([
          ...builtinHeader(role).map((comp) => ({ comp })),
          { comp: 'queue-dashboard', script: 'https://cdn.acme-contact.example/wxcc/queue-dashboard/queue-dashboard.js', attributes: { style: 'height:64px;display:flex;width:320px;' } },
          // The migrated iframe entry without its title bar and page-sized style, 64 px high.
          { comp: 'agentx-wc-iframe', attributes: { ...kb.attributes, style: 'height:64px;display:flex;width:200px;' } },
        ]);
        expect(area.header).toBeUndefined();
        // hidden="true" in the header: headless in every role, without a title bar.
        expect(Object.keys(area.headless.widgets)).toEqual(['call-popper']);
        expect(area.headless.widgets['call-popper'].wrapper).toBeUndefined();
      }
      // The tabs are as before: the widget is on the Supervisor page as well, with its title bar.
      expect(l.agent.area.navigation.map((n: Json) => n.nav.navigateTo)).toEqual(['fm-home']);
      expect(l.supervisor.area.navigation[0].page.widgets['queue-dashboard'].wrapper.title).toBeTruthy();
    });

    it('accounts for every header item once, for all roles: Cisco\'s components are built-ins', () => {
      const header = json.occurrences.filter((o: Json) => o.where === 'header');
      expect(header.every((o: Json) => o.role === 'all')).toBe(true);
      expect(header.map((o: Json) => `${o.line}:${o.outcome}:${o.gadget ?? ''}:${o.area ?? ''}`)).toEqual([
        '12:builtin::', '13:builtin::', '14:builtin::',
        '16:placed:queue-dashboard:header',
        '21:placed:knowledge-base:header',
        '22:unmatched::',
        '24:builtin::', '25:builtin::', '26:builtin::', '27:builtin::',
        '29:placed:call-popper:headless',
      ]);
      const note = (line: number): string => header.find((o: Json) => o.line === line).note;
      expect(note(13)).toContain('agentx-state-selector');
      expect(note(24)).toContain('agentx-notification');
      expect(note(25)).toContain('agentx-webex');
      expect(note(26)).toContain('agentx-outdial');
      expect(note(16)).toBe('in the Finesse header (left-aligned, 320px wide): in every role\'s Desktop header, after its own items');
      expect(r.stderr).toContain(`${HEADER_LAYOUT}:22: all header: /3rdpartygadget/files/ticker/ticker.component.js: a custom header component (a script, not a gadget)`);
      expect(r.stderr).toContain('14 gadget occurrences in 2 roles: 5 placed, 8 Cisco built-ins left to the Desktop, 1 unmatched');
    });
  });
});
