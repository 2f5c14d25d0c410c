// @vitest-environment happy-dom
// Issue 13, "hostile input": UserPref names that are members of the element (title, getAttribute,
// shadowRoot, attachShadow, connectedCallback, constructor, __proto__) or not identifiers get a safe
// property (pref + PascalCase) and attribute, recorded in widget.json, with a userpref-renamed
// warning at the UserPref's line; the built element defines those properties and leaves the
// members alone, and the gadget code reads every pref by its own name through gadgets.Prefs.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/report.js';
import { widgetPrefs } from '../src/transform/widget.js';
import type { UserPref } from '../src/model.js';
import { nullProto } from '../src/null-proto.js';
import { FIXTURES, ROOT, runCli, tempDir } from './helpers.js';

const SDK_STUB = path.join(ROOT, 'test/stubs/wxcc-desktop-sdk.js');
const GADGET = path.join(FIXTURES, 'widgets', 'reserved-prefs', 'gadget');
const work = tempDir('fm-reserved-prefs-');
const out = path.join(work, 'out');

/** [name, property, attribute, line in ReservedPrefs.xml], in the gadget's order (an array: an object literal's __proto__ key would set its prototype). */
const EXPECTED: [string, string, string, number][] = [
  ['getAttribute', 'prefGetAttribute', 'get-attribute', 4],
  ['shadowRoot', 'prefShadowRoot', 'shadow-root', 5],
  ['attachShadow', 'prefAttachShadow', 'attach-shadow', 6],
  ['connectedCallback', 'prefConnectedCallback', 'connected-callback', 7],
  ['constructor', 'prefConstructor', 'constructor', 8],
  ['__proto__', 'prefProto', 'proto', 9],
  ['title', 'prefTitle2', 'pref-title', 10],
  ['prefTitle', 'prefTitle', 'pref-title-2', 11],
  ['get-attribute', 'prefGetAttribute2', 'get-attribute-2', 12],
];

let report: Report;
let widgetDir: string;
let bundle: string;

// Through the CLI: the happy-dom environment this file needs for the element has no file: import.meta.url.
beforeAll(() => {
  expect(runCli(['migrate', GADGET, '--out', out, '-q']).status).toBe(0);
  report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
  const g = report.gadgets.find((x) => x.title === 'Reserved Prefs')!;
  expect(g.widget).toBeDefined();
  widgetDir = path.join(out, 'widgets', g.widget!.element);
  const built = runCli(['build', out, '--alias', `@wxcc-desktop/sdk=${SDK_STUB}`]);
  expect(built.stderr).not.toContain('FAILED');
  expect(built.status).toBe(0);
  bundle = readFileSync(path.join(widgetDir, 'dist', `${g.widget!.element}.js`), 'utf8');
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const pref = (name: string, line = 1): UserPref => ({
  name, displayName: name, defaultValue: '', required: false, datatype: 'string', enumValues: [], extraAttributes: nullProto<string>(), at: { file: 'G.xml', line, column: 1 },
});

describe('the mapping of UserPref names', () => {
  it('keeps a safe name, renames members and non-identifiers deterministically and without clashes', () => {
    const names = EXPECTED.map(([n]) => n).concat(['refresh', 'my pref', '2fast', 'ünïcode']);
    const a = widgetPrefs(names.map((n) => pref(n)));
    expect(widgetPrefs(names.map((n) => pref(n)))).toEqual(a);
    const by = new Map(a.map((p) => [p.name, p]));
    for (const [name, property, attribute] of EXPECTED) expect([by.get(name)?.property, by.get(name)?.attribute], name).toEqual([property, attribute]);
    expect(by.get('refresh')).toMatchObject({ property: 'refresh', attribute: 'refresh' });
    expect(by.get('my pref')).toMatchObject({ property: 'prefMyPref', attribute: 'my-pref' });
    expect(by.get('2fast')).toMatchObject({ property: 'pref2fast', attribute: 'pref-2fast' });
    expect(by.get('ünïcode')!.property).toMatch(/^pref[A-Za-z0-9]*$/);
    expect(new Set(a.map((p) => p.property)).size).toBe(a.length);
    expect(new Set(a.map((p) => p.attribute)).size).toBe(a.length);
  });
});

describe('a gadget with UserPrefs named after members of the element', () => {
  it('is migrated, with a userpref-renamed warning at each renamed UserPref', () => {
    const g = report.gadgets.find((x) => x.title === 'Reserved Prefs')!;
    expect(g.status).toBe('migrated');
    const renamed = g.diagnostics.filter((d) => d.code === 'userpref-renamed');
    expect(renamed.map((d) => [d.severity, d.line])).toEqual(EXPECTED.map(([, , , line]) => ['warning', line]));
    for (const d of renamed) expect(d.file).toMatch(/reserved-prefs\/gadget\/ReservedPrefs\.xml$/);
    expect(renamed[0]!.message).toContain('`prefGetAttribute`');
  });

  it('records the property of each renamed pref in widget.json, and none for a safe name', () => {
    const config = JSON.parse(readFileSync(path.join(widgetDir, 'src', 'widget.json'), 'utf8')) as { prefs: Record<string, { attribute: string; property?: string }> };
    for (const [name, property, attribute] of EXPECTED) {
      expect(Object.hasOwn(config.prefs, name), name).toBe(true);
      const spec = config.prefs[name]!;
      expect([spec.property ?? name, spec.attribute], name).toEqual([property, attribute]);
      // property is written only where it differs from the name.
      expect(spec.property, name).toBe(property === name ? undefined : property);
    }
    expect(config.prefs['refresh']!.property).toBeUndefined();
  });

  it('the built element has the renamed properties, keeps its members, and the gadget reads prefs by name', async () => {
    (0, eval)(bundle);
    const tag = path.basename(widgetDir);
    const host = document.createElement(tag) as HTMLElement & Record<string, unknown>;
    document.body.appendChild(host);
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
    // The members are the element's own.
    expect(typeof host.getAttribute).toBe('function');
    expect(typeof host.attachShadow).toBe('function');
    expect(host.shadowRoot).not.toBeNull();
    expect(host.title).toBe('');
    expect(Object.getPrototypeOf(host)).toBe(customElements.get(tag)!.prototype);
    // The prefs are properties under their safe names, over their attributes.
    expect(host['prefGetAttribute']).toBe('ga');
    expect(host['prefTitle2']).toBe('Queue');
    expect(host['prefProto']).toBe('proto');
    expect(host['prefConstructor']).toBe('ctor');
    expect(host['prefTitle']).toBe('pt');
    expect(host['refresh']).toBe(30);
    host['prefGetAttribute'] = 'set';
    host['prefTitle2'] = 'Billing';
    expect(host.getAttribute('get-attribute')).toBe('set');
    expect(host.getAttribute('pref-title')).toBe('Billing');
    expect(host.title).toBe('');
    // The gadget code: gadgets.Prefs by the original names; Object.prototype's names are no prefs or messages.
    const root = host.shadowRoot!;
    (root.getElementById('again') as HTMLButtonElement).click();
    expect(root.getElementById('out')!.textContent).toBe(
      'getAttribute=set|shadowRoot=sr|attachShadow=as|connectedCallback=cc|constructor=ctor|__proto__=proto|title=Billing|prefTitle=pt|get-attribute=ga2|refresh=30|toString=|hasOwnProperty=|msg=',
    );
  });
});
