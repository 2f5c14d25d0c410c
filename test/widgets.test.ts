// @vitest-environment happy-dom
// The widget projects emitted for the samples: each builds with esbuild into one file, and the bundle,
// loaded into a DOM with the Desktop SDK stubbed, defines its element, renders the gadget's markup in
// a shadow root, and runs converted inline handlers on click.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.js';

const work = tempDir('fm-widgets-');
const out = path.join(work, 'out');
const SDK_STUB = path.join(ROOT, 'test/stubs/wxcc-desktop-sdk.js');
const bundles = new Map<string, string>();
const calls = (): unknown[][] => (globalThis as unknown as { __desktopCalls: unknown[][] }).__desktopCalls;

beforeAll(() => {
  expect(runCli(['migrate', 'samples', '--out', out, '-q']).status).toBe(1);
  const built = runCli(['build', out, '--alias', `@wxcc-desktop/sdk=${SDK_STUB}`]);
  expect(built.stderr).not.toContain('FAILED');
  expect(built.stdout).toBe('finesse-migrate build: 4 of 4 widgets built\n');
  expect(built.status).toBe(0);
  for (const name of ['agent-state-panel', 'customer-lookup', 'queue-dashboard', 'wrap-up-notes']) {
    bundles.set(name, readFileSync(path.join(out, 'widgets', name, 'dist', `${name}.js`), 'utf8'));
  }
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs a bundle as the Desktop does: a classic (sloppy-mode) script in the page's global scope. */
function load(name: string): void {
  (0, eval)(bundles.get(name)!);
}

async function mount(tag: string, attrs: Record<string, string> = {}): Promise<HTMLElement> {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.appendChild(el);
  // connectedCallback awaits Desktop.config.init; let it settle.
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  return el;
}

describe('wrap-up-notes (inline script and inline handlers)', () => {
  it('defines the element and renders the template and styles in an open shadow root', async () => {
    load('wrap-up-notes');
    expect(customElements.get('wrap-up-notes')).toBeDefined();
    const el = await mount('wrap-up-notes');
    const root = el.shadowRoot!;
    expect(root).not.toBeNull();
    expect(root.getElementById('callerLine')!.textContent).toBe('No active call');
    expect(root.querySelector('style')!.textContent).toContain(':host { font-family: Arial');
    expect(document.getElementById('notes')).toBeNull();
  });
  it('calls Desktop.config.init with the object form, then the gadget start-up (which fails on Finesse calls, logged)', () => {
    expect(calls()).toContainEqual(['config.init', { widgetName: 'wrap-up-notes', widgetProvider: 'finesse-migrate' }]);
    const errors = calls().filter((c) => c[0] === 'log.error' && c[1] === 'wrap-up-notes');
    expect(errors.length).toBeGreaterThan(0);
  });
  it('runs a converted inline handler on click, scoped to the shadow root', async () => {
    const el = document.querySelector('wrap-up-notes')!;
    const root = el.shadowRoot!;
    const notes = root.getElementById('notes') as HTMLTextAreaElement;
    notes.value = 'caller wants a refund';
    (root.querySelector('button:not(#saveBtn)') as HTMLButtonElement).click();
    expect(notes.value).toBe('');
  });
  it('runs the gadget module through a handler: save() without a call reports it in the markup via jQuery', () => {
    const root = document.querySelector('wrap-up-notes')!.shadowRoot!;
    (root.getElementById('saveBtn') as HTMLButtonElement).click();
    expect(root.getElementById('status')!.textContent).toBe('No call to attach notes to');
  });
  it('removes its listeners and content when removed', () => {
    const el = document.querySelector('wrap-up-notes')!;
    el.remove();
    expect(el.shadowRoot!.innerHTML).toBe('');
  });
});

describe('customer-lookup (UserPrefs, external JS and CSS)', () => {
  it('exposes UserPrefs as properties backed by attributes, with the gadget defaults', async () => {
    load('customer-lookup');
    const el = (await mount('customer-lookup', { 'max-results': '25' })) as HTMLElement & Record<string, unknown>;
    expect(el['crmBaseUrl']).toBe('https://crm.acme-contact.example/api');
    expect(el['maxResults']).toBe(25);
    expect(el['autoSearch']).toBe(true);
    el['region'] = 'apac';
    expect(el.getAttribute('region')).toBe('apac');
    const root = el.shadowRoot!;
    expect(root.querySelector('label')!.textContent).toBe('Customer number');
    expect(root.querySelector('style')!.textContent).toContain('#results td');
  });
});

describe('agent-state-panel (body attributes, subfolder JS/CSS)', () => {
  it('carries the body class onto the host and renders the panel', async () => {
    load('agent-state-panel');
    const el = await mount('agent-state-panel');
    expect(el.classList.contains('claro')).toBe(true);
    expect(el.shadowRoot!.getElementById('reasonList')).not.toBeNull();
    expect(el.shadowRoot!.querySelector('style')!.textContent).toContain(':host {');
  });
});

describe('every sample widget bundle', () => {
  it.each(['agent-state-panel', 'customer-lookup', 'queue-dashboard', 'wrap-up-notes'])('%s defines its element and renders its markup', async (name) => {
    if (!customElements.get(name)) load(name);
    expect(customElements.get(name)).toBeDefined();
    const el = await mount(name);
    expect(el.shadowRoot!.children.length).toBeGreaterThan(1);
    el.remove();
  });
});
