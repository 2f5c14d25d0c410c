// Each bundled sample: the model the parse step builds and the decision the analyze step takes.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile, type AnalyzedFile } from '../src/analyze/index.js';
import { FolderTree } from '../src/parse/source-tree.js';
import { SAMPLES } from './helpers.js';

const tree = new FolderTree(SAMPLES);
const analyze = (rel: string, locale?: string): AnalyzedFile => analyzeFile(tree, rel, locale ? { locale } : {});
const codes = (f: AnalyzedFile): string[] => f.diagnostics.map((d) => `${d.severity}:${d.code}`);
const apis = (f: AnalyzedFile): string[] => f.census!.entries.map((e) => e.api);

describe('crm-embed: the embedded web app shape', () => {
  const f = analyze('crm-embed/CrmEmbed.xml');
  it('classifies as iframe with the URL its init receives and the frame height its script writes', () => {
    expect(f.decision).toMatchObject({ classification: 'iframe', embeddedUrl: 'https://crm.acme-contact.example/console?view=agent&embedded=1', embeddedHeight: 640 });
    expect(f.decision!.reasons.map((r) => r.code)).toEqual(['embeds-one-url', 'hosting-only-api']);
    // The URL is found in the inline bootstrap script, at its line in the gadget XML.
    expect(f.decision!.reasons[0]!.at).toEqual({ file: 'samples/crm-embed/CrmEmbed.xml', line: 28, column: 51 });
  });
  it('reads the external script and stylesheet, and leaves the Finesse-server libraries as references', () => {
    const html = f.gadget!.views[0]!.html!;
    expect(html.scripts.map((s) => [s.kind, s.ref?.kind, s.ref?.library ?? null, s.code !== undefined])).toEqual([
      ['external', 'finesse-server', 'jquery', false],
      ['external', 'finesse-server', 'finesse', false],
      ['external', 'local', null, true],
      ['inline', undefined, null, true],
    ]);
    expect(html.scripts[0]!.ref!.serverPath).toBe('/desktop/assets/js/jquery.min.js');
    expect(html.styles[0]).toMatchObject({ kind: 'linked', ref: { kind: 'local', path: 'crm-embed/CrmEmbed.css', exists: true } });
    expect(html.styles[0]!.code).toContain('#crmFrameHolder');
  });
  it('parses the feature list with params and counts only hosting calls', () => {
    const prefs = f.gadget!.modulePrefs;
    expect(prefs.title).toBe('Acme CRM');
    expect(prefs.height).toBe(640);
    expect(prefs.features.map((x) => x.name)).toEqual(['settitle', 'dynamic-height', 'pubsub-2', 'loadingindicator']);
    expect(prefs.features[3]!.params).toEqual([{ name: 'manual-dismiss', value: 'false' }, { name: 'loading-timeout', value: '8' }]);
    expect(apis(f)).toContain('gadgets.window.adjustHeight');
    expect(apis(f)).toContain('finesse.clientservices.ClientServices#init');
    expect(codes(f)).toEqual([]);
  });
});

describe('knowledge-base: Content type="url"', () => {
  const f = analyze('knowledge-base/KnowledgeBase.xml');
  it('is an iframe of its href, sized by preferred_height', () => {
    expect(f.decision).toMatchObject({ classification: 'iframe', embeddedUrl: 'https://kb.acme-contact.example/agent?embedded=1', embeddedHeight: 720 });
    expect(f.decision!.reasons[0]!.code).toBe('content-url');
    const view = f.gadget!.views[0]!;
    expect(view).toMatchObject({ name: 'default', type: 'url', preferredHeight: 720 });
    expect(view.html).toBeUndefined();
    expect(f.gadget!.modulePrefs.attributes['author']).toBe('Acme Contact Center Team');
    expect(f.gadget!.modulePrefs.scrolling).toBe(true);
    expect(f.gadget!.modulePrefs.icons).toEqual([{ value: 'https://kb.acme-contact.example/favicon.ico', type: '' }]);
  });
});

describe('wrapup-notes: inline CDATA script', () => {
  const f = analyze('wrapup-notes/WrapUpNotes.xml');
  it('is a widget because it drives the desktop and has its own UI', () => {
    expect(f.decision!.classification).toBe('widget');
    expect(f.decision!.reasons.map((r) => r.code)).toEqual(['uses-finesse-api', 'has-ui']);
  });
  it('keeps the inline script and style with positions in the gadget XML', () => {
    const html = f.gadget!.views[0]!.html!;
    const inline = html.scripts.find((s) => s.kind === 'inline')!;
    expect(inline.codeAt).toEqual({ file: 'samples/wrapup-notes/WrapUpNotes.xml', line: 30, column: 44 });
    expect(inline.code).toContain('finesse.modules.WrapUpNotes');
    expect(html.styles).toHaveLength(1);
    expect(html.styles[0]!.code).toContain('#notes');
    expect(html.isDocument).toBe(true);
    expect(html.bodyMarkup).toContain('<textarea id="notes"');
    expect(html.bodyMarkup).not.toContain('<script');
  });
  it('lists the inline event handlers with their element and line', () => {
    const handlers = f.gadget!.views[0]!.html!.handlers;
    expect(handlers.map((h) => [h.element, h.elementId ?? null, h.event, h.at.line])).toEqual([
      ['button', 'saveBtn', 'click', 24],
      ['button', null, 'click', 25],
      ['button', 'holdBtn', 'click', 26],
    ]);
    expect(handlers[0]!.code).toBe('finesse.modules.WrapUpNotes.save()');
  });
  it('counts the Finesse construction and Shindig calls at their lines', () => {
    const user = f.census!.entries.find((e) => e.api === 'finesse.restservices.User')!;
    expect(user).toMatchObject({ count: 1, calls: 1 });
    expect(user.sites[0]!.line).toBe(92);
    expect(f.census!.entries.find((e) => e.api === 'gadgets.window.adjustHeight')!.count).toBe(1);
  });
});

describe('agent-state-panel: external JS and CSS in subfolders, jQuery from the Finesse server', () => {
  const f = analyze('agent-state-panel/AgentStatePanel.xml');
  it('resolves the subfolder references against the gadget folder', () => {
    const html = f.gadget!.views[0]!.html!;
    expect(html.scripts.map((s) => s.ref?.path ?? s.ref?.serverPath ?? 'inline')).toEqual([
      '/desktop/assets/js/jquery.min.js',
      '/desktop/assets/js/finesse.js',
      'agent-state-panel/js/AgentStatePanel.js',
      'inline',
    ]);
    expect(html.scripts[2]!.codeAt).toEqual({ file: 'samples/agent-state-panel/js/AgentStatePanel.js', line: 1, column: 1 });
    expect(html.bodyAttributes).toEqual({ class: 'claro' });
  });
  it('finds User.States and the census sites in the external file', () => {
    expect(f.decision!.classification).toBe('widget');
    const states = f.census!.entries.find((e) => e.api === 'finesse.restservices.User.States')!;
    expect(states.sites).toEqual([{ file: 'samples/agent-state-panel/js/AgentStatePanel.js', line: 57, column: 22 }]);
    // Namespace boilerplate (finesse.container = finesse.container || {}) is not an API use.
    expect(apis(f).filter((a) => a === 'finesse.container' || a === 'finesse.gadget' || a.startsWith('finesse.modules'))).toEqual([]);
  });
});

describe('customer-lookup: UserPrefs and Locale bundles', () => {
  it('parses every UserPref datatype with defaults and enum values', () => {
    const prefs = analyze('customer-lookup/CustomerLookup.xml').gadget!.userPrefs;
    expect(prefs.map((p) => [p.name, p.datatype, p.defaultValue, p.required])).toEqual([
      ['crmBaseUrl', 'string', 'https://crm.acme-contact.example/api', true],
      ['maxResults', 'number', '10', false],
      ['autoSearch', 'bool', 'true', false],
      ['region', 'enum', 'emea', false],
      ['searchFields', 'list', 'phone|account|email', false],
      ['apiKey', 'hidden', '', false],
    ]);
    // An EnumValue without display_value shows its value (Shindig).
    expect(prefs[3]!.enumValues).toEqual([
      { value: 'amer', displayValue: 'Americas' },
      { value: 'emea', displayValue: 'Europe, Middle East, Africa' },
      { value: 'apac', displayValue: 'apac' },
    ]);
    expect(prefs[0]!.displayName).toBe('CRM API base URL');
  });
  it('substitutes __MSG_x__ from the external bundle and __UP_x__ from the defaults', () => {
    const g = analyze('customer-lookup/CustomerLookup.xml').gadget!;
    expect(g.modulePrefs.title).toBe('Customer Lookup');
    expect(g.modulePrefs.locales.map((l) => [l.lang, l.messagesFile ?? null, l.messages.length])).toEqual([
      ['all', 'samples/customer-lookup/messages/ALL_ALL.xml', 5],
      ['fr', 'samples/customer-lookup/messages/fr_ALL.xml', 3],
      ['de', null, 2],
    ]);
    const body = g.views[0]!.html!.bodyMarkup;
    expect(body).toContain('data-api="https://crm.acme-contact.example/api"');
    expect(body).toContain('<label for="customerId">Customer number</label>');
    expect(body).toContain('value="Search"');
  });
  it('picks the bundle of the requested locale, falling back message by message', () => {
    const fr = analyze('customer-lookup/CustomerLookup.xml', 'fr-FR').gadget!;
    expect(fr.modulePrefs.title).toBe('Recherche client');
    expect(fr.modulePrefs.description).toBe('Finds the caller in the CRM');
    expect(fr.views[0]!.html!.bodyMarkup).toContain('Numéro client');
    const de = analyze('customer-lookup/CustomerLookup.xml', 'de').gadget!;
    expect(de.modulePrefs.title).toBe('Kundensuche');
    expect(de.views[0]!.html!.bodyMarkup).toContain('value="Search"');
  });
  it('treats the message bundles themselves as not-a-gadget', () => {
    const bundle = analyze('customer-lookup/messages/fr_ALL.xml');
    expect(bundle.decision).toMatchObject({ classification: 'not-a-gadget', reasons: [{ code: 'message-bundle' }] });
    expect(bundle.failed).toBe(false);
  });
});

describe('queue-dashboard: several Content sections and views', () => {
  const f = analyze('queue-dashboard/QueueDashboard.xml');
  it('concatenates the sections of each view in document order', () => {
    const g = f.gadget!;
    expect(g.views.map((v) => [v.name, v.sections, v.preferredHeight])).toEqual([
      ['default', [0, 1], 200],
      ['canvas', [0, 2], 480],
    ]);
    expect(g.primaryView).toBe('default');
    const def = g.views[0]!.html!;
    expect(def.scripts.map((s) => s.kind)).toEqual(['external', 'external', 'external', 'inline']);
    expect(def.bodyMarkup).toContain('id="callsWaiting"');
    expect(def.bodyMarkup).not.toContain('queueTable');
    expect(g.views[1]!.html!.bodyMarkup).toContain('id="queueTable"');
  });
  it('parses optional features and reports the views it does not migrate', () => {
    const g = f.gadget!;
    expect(g.modulePrefs.features.find((x) => x.name === 'content-rewrite')).toMatchObject({ required: false, params: [{ name: 'include-urls', value: '.*' }] });
    expect(codes(f)).toEqual(['info:other-views']);
    expect(f.decision!.classification).toBe('widget');
  });
});

describe('every sample', () => {
  it('parses without errors or warnings', () => {
    for (const rel of tree.files().filter((r) => r.endsWith('.xml'))) {
      const f = analyze(rel);
      expect(f.failed, rel).toBe(false);
      expect(f.diagnostics.filter((d) => d.severity !== 'info'), rel).toEqual([]);
      expect(path.isAbsolute(f.source), rel).toBe(false);
    }
  });
});
