// A layout to upload (issue 12): without a base the Desktop layout starts from the Desktop default
// (assets/layout), so it is complete; with --base-layout the migrated entries are added to the
// tenant's own layout, which is kept whole, and the result validates and passes the lint.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BaseLayoutError, checkBaseLayout, defaultDesktopLayout, mergeLayout, readBaseLayout } from '../src/emit/base-layout.js';
import { desktopLayout, emptyRole, type PlacedEntry, type Role, type RoleContent } from '../src/emit/desktop-layout.js';
import { checkDesktopLayout } from '../src/emit/layout-check.js';
import { UsageError } from '../src/cli/discover.js';
import { FIXTURES, ROOT, runCli, tempDir } from './helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const TENANT = path.join(FIXTURES, 'layouts/tenant-desktop-layout.json');
const tenant = (): Json => JSON.parse(readFileSync(TENANT, 'utf8'));
const work = tempDir('fm-base-layout-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every leaf of a JSON value (and every empty array or object) with its path. */
function leaves(v: unknown, at: (string | number)[] = []): [(string | number)[], unknown][] {
  if (Array.isArray(v)) return v.length ? v.flatMap((x, i) => leaves(x, [...at, i])) : [[at, v]];
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v);
    return entries.length ? entries.flatMap(([k, x]) => leaves(x, [...at, k])) : [[at, v]];
  }
  return [[at, v]];
}
const get = (v: unknown, at: (string | number)[]): unknown => at.reduce<unknown>((o, k) => (o as Json | undefined)?.[k], v);

/** `merged` holds every path of `base` with the same value: nothing dropped, nothing changed. */
function expectKeepsAll(merged: unknown, base: unknown): void {
  const all = leaves(base);
  expect(all.length).toBeGreaterThan(100);
  for (const [at, value] of all) expect(get(merged, at), at.join('.')).toEqual(value);
}

const SCRIPT = (el: string): string => `https://cdn.acme-contact.example/wxcc/${el}/${el}.js`;
const widget = (el: string, title: string): PlacedEntry => ({ name: el, title, entry: { comp: el, script: SCRIPT(el), wrapper: { title, maximizeAreaName: 'app-maximize-area' } } });
const frame = (name: string, src: string): PlacedEntry => ({ name, title: name, entry: { comp: 'agentx-wc-iframe', attributes: { src }, wrapper: { title: name, maximizeAreaName: 'app-maximize-area' } } });

/** What a migrate run places, shaped like the samples: pages, aux-pane tabs, a header item, a headless widget. */
function content(): Record<Role, RoleContent> {
  const role = (supervisor: boolean): RoleContent => {
    const c = emptyRole();
    c.pages.push({ id: 'fm-knowledge-base', label: 'Knowledge Base', icon: 'stored-info', columns: [[frame('knowledge-base', 'https://kb.acme-contact.example/new/')]] });
    c.pages.push({ id: 'fm-acme-crm', label: 'Acme CRM', icon: 'stored-info', columns: [[widget('agent-state-panel', 'Agent state')], [frame('acme-crm', 'https://crm.acme-contact.example/')]] });
    if (supervisor) c.pages.push({ id: 'fm-queue-dashboard', label: 'Queues', icon: 'stored-info', columns: [[widget('queue-dashboard', 'Queues')]] });
    c.tabs.push(widget('customer-lookup', 'Customer lookup'));
    c.header.push({ name: 'agent-clock', title: 'Clock', entry: { comp: 'agent-clock', script: SCRIPT('agent-clock') } });
    c.headless.push({ name: 'call-popper', title: 'Call popper', entry: { comp: 'call-popper', script: SCRIPT('call-popper') } });
    return c;
  };
  return { agent: role(false), supervisor: role(true), supervisorAgent: role(true) };
}

describe('the Desktop default layout we start from', () => {
  it('validates, and has the header, the aux pane and the title of every role', () => {
    const d = defaultDesktopLayout();
    expect(checkDesktopLayout(d)).toEqual([]);
    for (const r of ['agent', 'supervisor', 'supervisorAgent'] as const) {
      expect(d[r].appTitle).toBe('Webex Contact Center');
      expect((d[r].area['advancedHeader'] as Json[]).map((e) => e.comp)).toContain('agentx-webex');
      const panel = d[r].area['panel'] as Json;
      expect(panel.comp).toBe('md-tabs');
      expect(panel.children.flatMap((c: Json) => c.children.map((s: Json) => s.attributes.name))).toEqual([
        'IVR_TRANSCRIPT_TAB', 'IVR_TRANSCRIPT', 'CONTACT_HISTORY_TAB', 'CONTACT_HISTORY', 'SCREEN_POP_TAB', 'SCREEN_POP',
      ]);
    }
    expect((d.agent.area['advancedHeader'] as Json[]).map((e) => e.comp)).toEqual(['agentx-webex', 'agentx-outdial', 'agentx-notification', 'agentx-state-selector']);
    expect((d.supervisor.area['advancedHeader'] as Json[]).map((e) => e.comp)).toEqual(['agentx-webex', 'agentx-notification']);
  });

  it('is where the generated layout starts without a base: complete, ours added, valid', () => {
    const l = desktopLayout(content()) as Json;
    expect(checkDesktopLayout(l)).toEqual([]);
    expectKeepsAll(l, defaultDesktopLayout());
    for (const r of ['agent', 'supervisor', 'supervisorAgent']) {
      const area = l[r].area;
      expect(l[r].appTitle).toBe('Webex Contact Center');
      expect(area.panel.comp).toBe('md-tabs');
      expect(area.advancedHeader.at(-1)).toEqual({ comp: 'agent-clock', script: SCRIPT('agent-clock') });
      expect(area.navigation.map((n: Json) => n.page.id)).toEqual(r === 'agent' ? ['fm-knowledge-base', 'fm-acme-crm'] : ['fm-knowledge-base', 'fm-acme-crm', 'fm-queue-dashboard']);
      expect(area.persistent.map((e: Json) => e.comp)).toEqual(['md-tab', 'md-tab-panel']);
      expect(area.headless).toEqual({ id: 'dw-headless', widgets: { 'call-popper': { comp: 'call-popper', script: SCRIPT('call-popper') } }, layout: { areas: [['call-popper']], size: { cols: [1], rows: [1] } } });
    }
    // Nothing placed: the default layout as it is.
    const none = { agent: emptyRole(), supervisor: emptyRole(), supervisorAgent: emptyRole() };
    expect(desktopLayout(none)).toEqual(defaultDesktopLayout());
  });
});

describe('merging into a tenant layout (--base-layout)', () => {
  it('the fixture is a realistic layout that validates', () => {
    const t = tenant();
    expect(checkBaseLayout(t)).toEqual([]);
    expect(t.agent.area.navigation.length).toBe(2);
    expect(t.agent.area.panel.children.length).toBe(8);
    expect(t.supervisor.area.homepage.page.id).toBe('landing');
  });

  const merged = desktopLayout(content(), tenant()) as Json;

  it('keeps every entry of the base, adds ours, and validates', () => {
    expect(checkDesktopLayout(merged)).toEqual([]);
    expectKeepsAll(merged, tenant());
    const t = tenant();
    // Settings, panel and homepage are the tenant's, untouched.
    for (const r of ['agent', 'supervisor', 'supervisorAgent']) {
      expect(merged[r].appTitle).toBe('Acme Contact Center');
      expect(merged[r].area.panel).toEqual(t[r].area.panel);
      expect(merged[r].area.homepage).toEqual(t[r].area.homepage);
    }
    expect(Object.keys(merged.agent).sort()).toEqual(Object.keys(t.agent).sort());
  });

  it('adds pages after the tenant pages; a route or page id the base has gets a suffix', () => {
    const nav = merged.agent.area.navigation;
    expect(nav.map((n: Json) => [n.page.id, n.nav.navigateTo])).toEqual([
      ['acme-wallboard', 'acme-wallboard'],
      ['fm-knowledge-base', 'fm-knowledge-base'],
      ['fm-knowledge-base-2', 'fm-knowledge-base-2'],
      ['fm-acme-crm', 'fm-acme-crm'],
    ]);
    expect(nav[1].nav.label).toBe('Knowledge (old)');
    expect(nav[2].nav.label).toBe('Knowledge Base');
    expect(nav[2].page.widgets['knowledge-base'].attributes.src).toBe('https://kb.acme-contact.example/new/');
    // The supervisor's own pages and Home page stay; ours come after them.
    expect(merged.supervisor.area.navigation.map((n: Json) => n.page.id)).toEqual(['tpw-sup', 'fm-knowledge-base', 'fm-acme-crm', 'fm-queue-dashboard']);
  });

  it('adds header items after the tenant header, never re-adding a built-in the tenant left out', () => {
    expect(merged.agent.area.advancedHeader.map((e: Json) => e.comp)).toEqual([
      'agentx-webex', 'agentx-notes', 'agentx-outdial', 'agentx-notification', 'agentx-state-selector', 'md-tooltip', 'agent-clock',
    ]);
    expect(merged.supervisor.area.advancedHeader.map((e: Json) => e.comp)).toEqual(['agentx-webex', 'agentx-notification', 'agent-clock']);
    // A legacy header strip (with headerActions) gets a column; advancedHeader would be invalid beside it.
    const sa = merged.supervisorAgent;
    expect(sa.area.advancedHeader).toBeUndefined();
    expect(sa.headerActions).toEqual(['webex', 'notification']);
    expect(sa.area.header.widgets).toEqual({ clock: tenant().supervisorAgent.area.header.widgets.clock, 'agent-clock': { comp: 'agent-clock', script: SCRIPT('agent-clock') } });
    expect(sa.area.header.layout).toEqual({ areas: [['clock', 'agent-clock']], size: { cols: [1, 1], rows: [1] } });
  });

  it('adds aux-pane tabs and headless widgets; a widget name the base has gets a suffix', () => {
    const persistent = merged.agent.area.persistent;
    expect(persistent.length).toBe(4);
    expect(persistent[3].children[0].comp).toBe('customer-lookup');
    const headless = merged.agent.area.headless;
    expect(Object.keys(headless.widgets)).toEqual(['comp1', 'call-popper', 'call-popper-2']);
    expect(headless.widgets['call-popper'].comp).toBe('acme-legacy-popper');
    expect(headless.widgets['call-popper-2'].comp).toBe('call-popper');
    expect(headless.layout).toEqual({ areas: [['comp1', 'call-popper', 'call-popper-2']], size: { cols: [1, 1, 1], rows: [1] } });
    // A role without a headless area gets one.
    expect(Object.keys(merged.supervisor.area.headless.widgets)).toEqual(['call-popper']);
  });

  it('adds nothing twice: merging the same entries again changes nothing', () => {
    const before = JSON.stringify(merged);
    const again = desktopLayout(content(), merged);
    expect(again).toEqual(merged);
    expect(again).not.toBe(merged);
    // The base object itself is not touched.
    expect(JSON.stringify(merged)).toBe(before);
    // The `layout` verb merges a layout it generated from the default: the default's parts stay out.
    const generated = desktopLayout(content());
    expect(mergeLayout(tenant(), generated)).toEqual(merged);
  });

  it('adds an entry once however its keys are ordered, finds tab runs anywhere, suffixes distinct pages of one id', () => {
    // The merge dedupes by value (object key order aside) through keys kept beside the lists: what a
    // comparison of every entry with every other found, no more, no less.
    const reordered = (o: Json): Json => JSON.parse(JSON.stringify(o, (_, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)));
    const clock = { comp: 'agent-clock', script: SCRIPT('agent-clock'), attributes: { zone: 'UTC', format: '24h' } };
    const popper = { comp: 'call-popper', script: SCRIPT('call-popper'), properties: { a: 1, b: [1, { c: 2, d: 3 }] } };
    const tab = (title: string): Json => ({ comp: 'md-tab', attributes: { slot: 'tab', class: 'widget-pane-tab' }, children: [{ comp: 'span', textContent: title }] });
    const panel = (el: string): Json => ({ comp: 'md-tab-panel', attributes: { slot: 'panel', class: 'widget-pane' }, children: [{ comp: el, script: SCRIPT(el) }] });
    const page = (id: string, src: string): Json => ({
      nav: { label: id, icon: 'stored-info', iconType: 'momentum', navigateTo: id, align: 'top' },
      page: { id, widgets: { f: { comp: 'agentx-wc-iframe', attributes: { src } } }, layout: { areas: [['f']], size: { cols: [1], rows: [1] } } },
    });
    const base = defaultDesktopLayout() as Json;
    const builtin = base.agent.area.advancedHeader[0];
    // A lone tab at the end of the base list: with the first added panel it makes a run of the addition.
    base.agent.area.persistent = [tab('Other'), panel('other-widget'), tab('Lookup')];
    base.agent.area.headless = { id: 'dw-headless', widgets: { 'call-popper': { comp: 'acme-popper' } }, layout: { areas: [['call-popper']], size: { cols: [1], rows: [1] } } };
    base.agent.area.navigation = [page('fm-crm', 'https://old.example/')];
    const addition = {
      agent: {
        version: '0.1.0',
        area: {
          advancedHeader: [clock, reordered(clock), reordered(builtin), { ...clock, attributes: { zone: 'CET', format: '24h' } }],
          persistent: [panel('lookup'), tab('Lookup'), panel('lookup'), tab('Other'), reordered(panel('other-widget')), tab('New'), panel('new-widget'), reordered(tab('New')), panel('new-widget')],
          navigation: [page('fm-crm', 'https://a.example/'), page('fm-crm', 'https://b.example/'), reordered(page('fm-crm', 'https://a.example/')), page('fm-crm', 'https://b.example/'), page('fm-crm', 'https://old.example/')],
          headless: { id: 'dw-headless', widgets: { 'call-popper': popper, again: reordered(popper), other: { ...popper, comp: 'other-popper' } }, layout: {} },
        },
      },
      supervisor: { version: '0.1.0', area: {} },
      supervisorAgent: { version: '0.1.0', area: {} },
    };
    const before = JSON.stringify(addition);
    const area = (mergeLayout(base, addition) as Json).agent.area;
    expect(JSON.stringify(addition)).toBe(before);
    expect(area.advancedHeader).toEqual([...defaultDesktopLayout().agent.area['advancedHeader'] as Json[], clock, { ...clock, attributes: { zone: 'CET', format: '24h' } }]);
    // [panel lookup] is new; [Lookup, panel lookup] then spans the base's last tab and that panel; the
    // Other run is in the base; the New run is added once.
    expect(area.persistent).toEqual([tab('Other'), panel('other-widget'), tab('Lookup'), panel('lookup'), tab('New'), panel('new-widget')]);
    expect(area.navigation.map((n: Json) => [n.page.id, n.nav.navigateTo, n.page.widgets.f.attributes.src])).toEqual([
      ['fm-crm', 'fm-crm', 'https://old.example/'],
      ['fm-crm-2', 'fm-crm-2', 'https://a.example/'],
      ['fm-crm-3', 'fm-crm-3', 'https://b.example/'],
    ]);
    expect(area.headless.widgets).toEqual({ 'call-popper': { comp: 'acme-popper' }, 'call-popper-2': popper, other: { ...popper, comp: 'other-popper' } });
    expect(area.headless.layout.areas).toEqual([['call-popper', 'call-popper-2', 'other']]);
  });

  it('a base without a header of its own gets the Desktop header spelled out, ours after it', () => {
    const t = tenant();
    delete t.agent.area.advancedHeader;
    expect(checkBaseLayout(t)).toEqual([]);
    const l = desktopLayout(content(), t) as Json;
    expect(checkDesktopLayout(l)).toEqual([]);
    expect(l.agent.area.advancedHeader.map((e: Json) => e.comp)).toEqual(['agentx-webex', 'agentx-outdial', 'agentx-notification', 'agentx-state-selector', 'agent-clock']);
  });

  it('a legacy single-role base becomes a copy per role, each kept whole', () => {
    const legacy = { ...tenant().agent, version: '0.0.6' };
    expect(checkBaseLayout(legacy)).toEqual([]);
    const l = desktopLayout(content(), legacy) as Json;
    expect(checkDesktopLayout(l)).toEqual([]);
    for (const r of ['agent', 'supervisor', 'supervisorAgent']) expectKeepsAll(l[r], legacy);
  });
});

describe('a base that cannot be used', () => {
  const broken = (): Json => {
    const t = tenant();
    t.agent.notificationTimer = 30;
    t.supervisor.area.navigation[0].nav.navigateTo = 'app';
    return t;
  };

  it('is named with what is wrong, as a usage error', () => {
    const file = path.join(work, 'broken.json');
    writeFileSync(file, JSON.stringify(broken()));
    expect(checkBaseLayout(broken())).toEqual(['/agent/notificationTimer must be <= 10', '/supervisor/area/navigation/0/nav/navigateTo must NOT be valid']);
    let error: unknown;
    try {
      readBaseLayout(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BaseLayoutError);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(`--base-layout ${file} is not a Desktop layout that validates`);
    expect((error as Error).message).toContain('/agent/notificationTimer must be <= 10');
    // Also a layout the lint refuses (an area naming no widget), a file that is no JSON, none at all.
    const t = tenant();
    t.agent.area.navigation[0].page.layout.ROOT.areas = [['board', 'nobody']];
    writeFileSync(file, JSON.stringify(t));
    expect(() => readBaseLayout(file)).toThrow(/area "nobody" names no widget/);
    writeFileSync(file, '{"agent": ');
    expect(() => readBaseLayout(file)).toThrow(/is not JSON/);
    expect(() => readBaseLayout(path.join(work, 'missing.json'))).toThrow(/not a readable file/);
  });

  it('stops migrate and layout before anything is written: exit 2, the file named', () => {
    const file = path.join(work, 'tenant-broken.json');
    writeFileSync(file, JSON.stringify(broken()));
    const out = path.join(work, 'out-broken');
    const r = runCli(['migrate', 'samples/wrapup-notes', '--out', out, '-q', '--base-layout', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--base-layout ${file} is not a Desktop layout`);
    expect(r.stderr).toContain('/agent/notificationTimer must be <= 10');
    expect(existsSync(out)).toBe(false);
    const dest = path.join(work, 'layout-broken.json');
    const l = runCli(['layout', 'samples/finesse-layout.xml', '--gadgets', 'test/golden/samples', '--out', dest, '-q', '--base-layout', file]);
    expect(l.status).toBe(2);
    expect(l.stderr).toContain(`--base-layout ${file}`);
    expect(existsSync(dest)).toBe(false);
  });
});

describe('the CLI with --base-layout', () => {
  it('migrate writes the tenant layout with the migrated entries added', () => {
    const out = path.join(work, 'out');
    const r = runCli(['migrate', 'samples', '--out', out, '-q', '--cdn-base', 'https://cdn.acme-contact.example/wxcc/', '--base-layout', TENANT]);
    expect(r.status, r.stderr).toBeLessThan(2);
    const layout = JSON.parse(readFileSync(path.join(out, 'layout/desktop-layout.json'), 'utf8'));
    expect(checkDesktopLayout(layout)).toEqual([]);
    expectKeepsAll(layout, tenant());
    const ids = layout.agent.area.navigation.map((n: Json) => n.page.id);
    expect(ids.slice(0, 2)).toEqual(['acme-wallboard', 'fm-knowledge-base']);
    expect(ids).toContain('fm-knowledge-base-2');
    expect(layout.agent.area.headless.widgets['call-popper'].comp).toBe('acme-legacy-popper');
    expect(Object.values(layout.agent.area.headless.widgets).map((w) => (w as Json).comp)).toContain('call-popper');
  }, 60_000);

  it('layout merges the converted Finesse layout into the tenant layout', () => {
    const dest = path.join(work, 'desktop-layout.json');
    const r = runCli(['layout', 'samples/finesse-layout.xml', '--gadgets', path.join(ROOT, 'test/golden/samples'), '--out', dest, '-q', '--base-layout', TENANT]);
    expect([0, 1]).toContain(r.status);
    const layout = JSON.parse(readFileSync(dest, 'utf8'));
    expect(checkDesktopLayout(layout)).toEqual([]);
    expectKeepsAll(layout, tenant());
    expect(layout.agent.area.navigation.length).toBeGreaterThan(2);
  }, 60_000);
});
