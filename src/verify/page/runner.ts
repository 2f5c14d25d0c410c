/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The page-side runner of the simulated Desktop page (verify/browser.ts bundles it into one IIFE and
// serves it at /__fm/runner.js, loaded before the simulator): sets `window.__fmRunner`, which mounts
// and unmounts the element, injects the bundle, plays a step through `window.__fmSim`, lets the page
// settle and reads the visible state. verify/browser.ts drives it through `page.evaluate`.
//
// It needs the init script (instrument.ts) to have run: it keeps its timers on `window.__fmOrigTimers`
// and reads what page code did from `window.__fmInstr`.
'use strict';

import type { DesktopSimControl } from '../desktop-sim/sdk.js';
import type { PageRunner, SessionEnd, StepOutcome } from './contract.js';
import type { PageWindow } from './globals.js';

const w = window as Window as PageWindow;
const T = w.__fmOrigTimers;
const instr = w.__fmInstr;
const INTERNAL = /^(__fm|__pw|__playwright)/;
const SKIP = new Set(['style', 'script', 'template', 'link', 'meta', 'noscript', 'title']);
const CONTROLS = new Set(['input', 'button', 'select', 'textarea', 'iframe', 'canvas', 'img', 'a', 'video', 'audio', 'object', 'embed']);

interface RunnerState {
  el: HTMLElement | null;
  /** Property name → `$STORE.…` binding of the mounted element. */
  props: Record<string, string>;
  /** Property name → the JSON of the value last set. */
  lastProps: Map<string, string>;
  injected: boolean;
  /** The window's own property names before the bundle ran. */
  baseline: string[] | null;
  /** The window's own property names when the session began. */
  sessionNames: string[];
  /** Timer seq when the session began. */
  sessionSeq: number;
  /** Timer seq when the element was last removed (Infinity while mounted). */
  unmountSeq: number;
}

interface Observation {
  snapshot: string;
  shows: boolean;
  box: StepOutcome['box'];
}

const state: RunnerState = {
  el: null,
  props: {},
  lastProps: new Map(),
  injected: false,
  baseline: null,
  sessionNames: [],
  sessionSeq: 0,
  unmountSeq: Infinity,
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => T.setTimeout(resolve, ms));
// An animation frame, or 100 ms if frames do not come (a page that is not being painted).
const frame = (): Promise<void> =>
  new Promise((resolve) => {
    const timer = T.setTimeout(resolve, 100);
    T.requestAnimationFrame(() => {
      T.clearTimeout(timer);
      resolve();
    });
  });
// Two frames painted and at least ms passed: promise chains, renders and short timers have run.
async function settle(ms: number): Promise<void> {
  await Promise.all([frame().then(frame), sleep(ms)]);
}

function sim(): DesktopSimControl {
  const s = w.__fmSim;
  if (!s) throw new Error('the Desktop simulator is not on the page (window.__fmSim)');
  return s;
}

function storeValue(key: string): unknown {
  const store = sim().store || {};
  if (Object.prototype.hasOwnProperty.call(store, key)) return store[key];
  let v: unknown = store;
  for (const part of key.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Sets the element's $STORE-bound properties whose value changed (all, when forced); true if any was set. */
function setProps(el: HTMLElement, force: boolean): boolean {
  let any = false;
  for (const [prop, binding] of Object.entries(state.props)) {
    const value = storeValue(String(binding).replace(/^\$STORE\./, ''));
    if (value === undefined) continue;
    let seen: string;
    try {
      seen = JSON.stringify(value);
    } catch {
      seen = String(value);
    }
    if (!force && state.lastProps.get(prop) === seen) continue;
    state.lastProps.set(prop, seen);
    (el as unknown as Record<string, unknown>)[prop] = value;
    any = true;
  }
  return any;
}

const rootOf = (el: Element): ShadowRoot | null => instr.roots.get(el) || el.shadowRoot || null;

function isVisible(el: Element): boolean {
  if (typeof el.checkVisibility !== 'function') return true;
  if (el.checkVisibility({ visibilityProperty: true })) return true;
  // display: contents has no box of its own but shows its children.
  return getComputedStyle(el).display === 'contents';
}

/** What the element shows: visible text, control values, and whether any text or control is visible. */
function observe(): Observation | null {
  const el = state.el;
  if (!el) return null;
  const text: string[] = [];
  const controls: string[] = [];
  let control = false;
  const walk = (node: Node): void => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) {
        const t = (child as Text).data.replace(/\s+/g, ' ').trim();
        if (t) text.push(t);
        continue;
      }
      if (child.nodeType !== 1) continue;
      const element = child as Element;
      const tag = element.localName;
      if (SKIP.has(tag) || !isVisible(element)) continue;
      if (CONTROLS.has(tag)) {
        const r = element.getBoundingClientRect();
        if (r.width > 0 && r.height > 0) control = true;
        if (tag === 'input') {
          const input = element as HTMLInputElement;
          controls.push(tag + ':' + (input.type === 'checkbox' || input.type === 'radio' ? String(input.checked) : input.value) + (input.disabled ? ':disabled' : ''));
        } else if (tag === 'select' || tag === 'textarea') {
          const field = element as HTMLSelectElement | HTMLTextAreaElement;
          controls.push(tag + ':' + field.value + (field.disabled ? ':disabled' : ''));
        } else if (tag === 'button') controls.push(tag + ((element as HTMLButtonElement).disabled ? ':disabled' : ''));
        else if (tag === 'iframe' || tag === 'img' || tag === 'video' || tag === 'audio' || tag === 'embed') controls.push(tag + ':' + (element.getAttribute('src') || ''));
        else if (tag === 'a') controls.push(tag + ':' + (element.getAttribute('href') || ''));
        else if (tag === 'canvas') {
          const canvas = element as HTMLCanvasElement;
          controls.push(tag + ':' + canvas.width + 'x' + canvas.height);
        }
      }
      const sub = rootOf(element);
      if (sub) walk(sub);
      walk(element);
    }
  };
  const root = rootOf(el);
  if (root) walk(root);
  const r = el.getBoundingClientRect();
  return {
    snapshot: JSON.stringify({ text: text.join(' '), controls }),
    shows: text.length > 0 || control,
    box: r.width > 0 && r.height > 0 ? { x: r.left + w.scrollX, y: r.top + w.scrollY, width: r.width, height: r.height } : null,
  };
}

function inject(src: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => resolve(true);
    s.onerror = () => resolve(false);
    document.head.appendChild(s);
  });
}

function unmount(): void {
  if (!state.el) return;
  const el = state.el;
  state.el = null;
  el.remove();
  state.unmountSeq = instr.seq();
}

const runner: PageRunner = {
  get element(): HTMLElement | null {
    return state.el;
  },

  beginSession() {
    instr.popups.length = 0;
    instr.step = -1;
    instr.forgetDead();
    state.sessionSeq = instr.seq();
    state.unmountSeq = Infinity;
    state.sessionNames = Object.getOwnPropertyNames(w);
    sim().reset();
  },

  async runStep(index, step, ctx) {
    instr.step = index;
    sim().setStep(index);
    const before = observe();
    let simError: string | null = null;
    let defined: boolean | null = null;
    let loaded: boolean | null = null;
    if (step.do === 'mount') {
      const el = document.createElement(ctx.elementName);
      for (const [k, v] of Object.entries(ctx.attributes)) el.setAttribute(k, v);
      state.el = el;
      state.props = ctx.properties;
      state.lastProps.clear();
      setProps(el, true);
      state.unmountSeq = Infinity;
      document.getElementById('fm-desktop')!.appendChild(el);
      if (!state.injected) {
        // The Desktop sets properties on the element before its script defines it: the bundle
        // comes last, so properties lost at upgrade show.
        state.injected = true;
        state.baseline = Object.getOwnPropertyNames(w);
        loaded = await inject(ctx.bundleUrl);
        defined = !!customElements.get(ctx.elementName);
      }
    } else if (step.do === 'unmount') {
      unmount();
    } else if (step.do === 'wait') {
      await sleep(step.ms);
    } else {
      try {
        await sim().play(step, index);
      } catch (e) {
        const err = e as { stack?: unknown } | null | undefined;
        simError = err && err.stack ? String(err.stack) : String(e);
      }
    }
    await settle(ctx.settleMs);
    // The Desktop keeps $STORE-bound properties current (agent data fills in after login).
    if (state.el && setProps(state.el, false)) await settle(ctx.settleMs);
    const after = observe();
    return {
      before: before && before.snapshot,
      after: after && after.snapshot,
      shows: !!(after && after.shows),
      box: after ? after.box : null,
      mounted: !!state.el,
      defined,
      loaded,
      simError,
    };
  },

  async endSession(ctx) {
    unmount();
    await sleep(ctx.leakWaitMs);
    let globals: string[] = [];
    if (state.baseline) {
      const known = new Set([...state.baseline, ...state.sessionNames]);
      globals = Object.getOwnPropertyNames(w).filter((name) => {
        if (known.has(name) || INTERNAL.test(name)) return false;
        let value: unknown;
        try {
          value = (w as unknown as Record<string, unknown>)[name];
        } catch {
          return true;
        }
        // The element class, if the bundle put it on window, is not a leak.
        return !(typeof value === 'function' && typeof customElements.getName === 'function' && customElements.getName(value as CustomElementConstructor));
      });
    }
    const intervals: number[] = [];
    const timeouts: number[] = [];
    for (const [id, t] of instr.timers) {
      if (t.kind === 'interval' && t.live && t.seq > state.sessionSeq) intervals.push(id);
      else if (t.kind === 'timeout' && t.seq > state.unmountSeq) timeouts.push(id);
    }
    const s = sim();
    const json = (v: unknown): unknown => {
      try {
        return JSON.parse(JSON.stringify(v)) as unknown;
      } catch {
        return String(v);
      }
    };
    const end: SessionEnd = {
      globals,
      intervals,
      timeouts,
      calls: (s.calls || []).map((c) => ({ api: String(c.api), step: Number(c.step) })),
      misuse: (s.misuse || []).map((m) => ({ api: String(m.api), reason: String(m.reason), step: Number(m.step) })),
      errors: (s.errors || []).map((e) => ({
        message: typeof e.message === 'string' ? e.message : String(json(e.message)),
        step: Number(e.step),
        stack: typeof e.stack === 'string' ? e.stack : null,
      })),
      popups: instr.popups.map((p) => ({ url: p.url, step: p.step })),
    };
    return end;
  },
};
w.__fmRunner = runner;
