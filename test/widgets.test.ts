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
/** Element names of the sample widgets, by gadget title (from report.json), and the gadgets' ids. */
const TITLES = { panel: 'Agent State Panel', popper: 'Call Popper', lookup: 'Customer Lookup', queue: 'Queue Dashboard', wrap: 'Wrap-Up Notes' } as const;
const el = { panel: '', popper: '', lookup: '', queue: '', wrap: '' };
const ids = { ...el };

beforeAll(() => {
  // Every sample is processed (some need work): exit 0, or 1 where needing work fails the run.
  expect([0, 1]).toContain(runCli(['migrate', 'samples', '--out', out, '-q']).status);
  const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { gadgets: { id?: string; title?: string; widget?: { element: string } }[] };
  for (const [key, title] of Object.entries(TITLES) as [keyof typeof TITLES, string][]) {
    const g = report.gadgets.find((x) => x.title === title && x.widget)!;
    el[key] = g.widget!.element;
    ids[key] = g.id!;
  }
  const built = runCli(['build', out, '--alias', `@wxcc-desktop/sdk=${SDK_STUB}`]);
  expect(built.stderr).not.toContain('FAILED');
  expect(built.stdout).toBe('finesse-migrate build: 5 of 5 widgets built\n');
  expect(built.status).toBe(0);
  for (const name of Object.values(el)) bundles.set(name, readFileSync(path.join(out, 'widgets', name, 'dist', `${name}.js`), 'utf8'));
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs a bundle as the Desktop does: a classic (sloppy-mode) script in the page's global scope. */
function load(name: string): void {
  (0, eval)(bundles.get(name)!);
}

async function mount(tag: string, attrs: Record<string, string> = {}): Promise<HTMLElement> {
  const host = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) host.setAttribute(k, v);
  document.body.appendChild(host);
  // connectedCallback awaits Desktop.config.init; let it settle.
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  return host;
}

describe('Wrap-Up Notes (inline script and inline handlers)', () => {
  it('defines the element and renders the template and styles in an open shadow root', async () => {
    load(el.wrap);
    expect(customElements.get(el.wrap)).toBeDefined();
    const host = await mount(el.wrap);
    const root = host.shadowRoot!;
    expect(root).not.toBeNull();
    expect(root.getElementById('callerLine')!.textContent).toBe('No active call');
    expect(root.querySelector('style')!.textContent).toContain(':host { font-family: Arial');
    expect(document.getElementById('notes')).toBeNull();
  });
  it('calls Desktop.config.init with the object form, then runs the gadget start-up without errors', () => {
    expect(calls()).toContainEqual(['config.init', { widgetName: el.wrap, widgetProvider: 'finesse-migrate' }]);
    expect(calls().filter((c) => c[0] === 'log.error' && c[1] === el.wrap)).toEqual([]);
    // The rule table turned the Finesse user into the adapter, which listens for contacts.
    expect(calls()).toContainEqual(['agentContact.addEventListener', 'eAgentOfferContact']);
  });
  it('runs a converted inline handler on click, scoped to the shadow root', async () => {
    const root = document.querySelector(el.wrap)!.shadowRoot!;
    const notes = root.getElementById('notes') as HTMLTextAreaElement;
    notes.value = 'caller wants a refund';
    (root.querySelector('button:not(#saveBtn)') as HTMLButtonElement).click();
    expect(notes.value).toBe('');
  });
  it('runs the gadget module through a handler: save() without a call reports it in the markup via jQuery', () => {
    const root = document.querySelector(el.wrap)!.shadowRoot!;
    (root.getElementById('saveBtn') as HTMLButtonElement).click();
    expect(root.getElementById('status')!.textContent).toBe('No call to attach notes to');
  });
  it('removes its listeners and content when removed', () => {
    const host = document.querySelector(el.wrap)!;
    host.remove();
    expect(host.shadowRoot!.innerHTML).toBe('');
  });
});

describe('Customer Lookup (UserPrefs, external JS and CSS)', () => {
  it('exposes UserPrefs as properties backed by attributes, with the gadget defaults', async () => {
    load(el.lookup);
    const host = (await mount(el.lookup, { 'max-results': '25' })) as HTMLElement & Record<string, unknown>;
    expect(host['crmBaseUrl']).toBe('https://crm.acme-contact.example/api');
    expect(host['maxResults']).toBe(25);
    expect(host['autoSearch']).toBe(true);
    host['region'] = 'apac';
    expect(host.getAttribute('region')).toBe('apac');
    const root = host.shadowRoot!;
    expect(root.querySelector('label')!.textContent).toBe('Customer number');
    expect(root.querySelector('style')!.textContent).toContain('#results td');
    host.remove();
  });
});

describe('Agent State Panel (body attributes, subfolder JS/CSS)', () => {
  it('carries the body class onto the host and renders the panel', async () => {
    load(el.panel);
    const host = await mount(el.panel);
    expect(host.classList.contains('claro')).toBe(true);
    expect(host.shadowRoot!.getElementById('reasonList')).not.toBeNull();
    expect(host.shadowRoot!.querySelector('style')!.textContent).toContain(':host {');
    host.remove();
  });
});

describe('every sample widget bundle', () => {
  it.each(['panel', 'lookup', 'queue', 'wrap'] as const)('%s defines its element and renders its markup', async (key) => {
    const name = el[key];
    if (!customElements.get(name)) load(name);
    expect(customElements.get(name)).toBeDefined();
    const host = await mount(name);
    expect(host.shadowRoot!.children.length).toBeGreaterThan(1);
    host.remove();
  });
});

describe('$STORE bindings of the layout entry', () => {
  it('reach the Finesse adapter: values the Desktop sets on the element win over the SDK look-up', async () => {
    if (!customElements.get(el.panel)) load(el.panel);
    const entry = JSON.parse(readFileSync(path.join(out, `layout/fragments/${ids.panel}.json`), 'utf8'));
    expect(entry.properties).toEqual({ agentName: '$STORE.agent.agentName', dnNumber: '$STORE.agent.dnNumber', idleCodes: '$STORE.agent.idleCodes' });
    // What the Desktop does with the entry: it resolves each $STORE key and assigns the property.
    const host = document.createElement(el.panel) as HTMLElement & Record<string, unknown>;
    host['agentName'] = 'Grace Hopper';
    host['dnNumber'] = '+15550142';
    host['idleCodes'] = [{ id: 'idle-9', name: 'Training', isSystem: false }, { id: 'sys', name: 'RONA', isSystem: true }];
    document.body.appendChild(host);
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
    const root = host.shadowRoot!;
    expect(root.getElementById('agentName')!.textContent).toBe('Grace Hopper');
    expect(root.getElementById('agentExt')!.textContent).toBe('+15550142');
    expect([...root.querySelectorAll('#reasonList option')].map((o) => o.getAttribute('value'))).toEqual(['idle-9']);
    host.remove();
  });
});

describe('Call Popper (a headless gadget)', () => {
  it('renders nothing, and pops the caller\'s CRM record when a contact is offered, once per contact', async () => {
    load(el.popper);
    const opened: unknown[][] = [];
    const open = window.open;
    window.open = ((...args: unknown[]) => {
      opened.push(args);
      return null;
    }) as typeof window.open;
    try {
      const host = await mount(el.popper);
      expect(host.shadowRoot!.querySelectorAll('*:not(style)').length).toBe(0);
      const emit = (globalThis as unknown as { __desktopEmit: (m: string, n: string, p: unknown) => void }).__desktopEmit;
      const offer = { data: { interactionId: 'i-7', interaction: { callProcessingDetails: { ani: '+15550123' } } } };
      emit('agentContact', 'eAgentOfferContact', offer);
      emit('agentContact', 'eAgentContactAssigned', offer);
      // btoa('+15550123'), through the runtime's finesse.utilities.Utilities (rule UTL-01).
      expect(opened).toEqual([['https://crm.acme-contact.example/records?phone64=KzE1NTUwMTIz', 'crm-i-7']]);
      host.remove();
    } finally {
      window.open = open;
    }
  });
});

describe('Agent State Panel through the rule table and the Finesse adapter', () => {
  it('renders the agent from Desktop.agentStateInfo and sets the state through stateChange', async () => {
    if (!customElements.get(el.panel)) load(el.panel);
    const host = await mount(el.panel);
    const root = host.shadowRoot!;
    expect(root.getElementById('agentName')!.textContent).toBe('Ada Lovelace');
    expect(root.getElementById('agentExt')!.textContent).toBe('+15550100');
    expect(root.getElementById('agentState')!.textContent).toBe('NOT_READY');
    // Idle codes became the reason list (system codes left out).
    expect([...root.querySelectorAll('#reasonList option')].map((o) => [o.getAttribute('value'), o.textContent])).toEqual([['idle-7', 'Lunch']]);
    (root.getElementById('readyBtn') as HTMLButtonElement).click();
    (root.getElementById('notReadyBtn') as HTMLButtonElement).click();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls().filter((c) => c[0] === 'agentStateInfo.stateChange').map((c) => c[1])).toEqual([
      { state: 'Available', auxCodeIdArray: '0' },
      { state: 'Idle', auxCodeIdArray: 'idle-7' },
    ]);
    host.remove();
  });
});

describe('Wrap-Up Notes through the Dialogs adapter', () => {
  it('shows the caller of an offered contact and clears it when the contact ends', async () => {
    if (!customElements.get(el.wrap)) load(el.wrap);
    const host = await mount(el.wrap);
    const root = host.shadowRoot!;
    const emit = (globalThis as unknown as { __desktopEmit: (m: string, n: string, p: unknown) => void }).__desktopEmit;
    emit('agentContact', 'eAgentOfferContact', { data: { interactionId: 'i-1', interaction: { callProcessingDetails: { ani: '+15550199' } } } });
    expect(root.getElementById('callerLine')!.textContent).toBe('Caller: +15550199');
    // Saving notes writes call-associated data of that interaction (rule DLG-13).
    (root.getElementById('notes') as HTMLTextAreaElement).value = 'refund promised';
    (root.getElementById('saveBtn') as HTMLButtonElement).click();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls().filter((c) => c[0] === 'dialer.updateCadVariables').map((c) => c[1])).toEqual([
      { interactionId: 'i-1', data: { attributes: { callVariable5: 'refund promised' } }, keyId: null, keyVersion: null },
    ]);
    expect(root.getElementById('status')!.textContent).toBe('Saved');
    // Hold goes through Dialog.requestAction to Desktop.agentContact.hold (rule DLG-15).
    (root.getElementById('holdBtn') as HTMLButtonElement).click();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls().filter((c) => c[0] === 'agentContact.hold').map((c) => c[1])).toEqual([
      { interactionId: 'i-1', isPostCallConsult: false, data: { mediaResourceId: 'i-1' } },
    ]);
    emit('agentContact', 'eAgentContactEnded', { data: { interactionId: 'i-1' } });
    expect(root.getElementById('callerLine')!.textContent).toBe('No active call');
    host.remove();
  });
});
