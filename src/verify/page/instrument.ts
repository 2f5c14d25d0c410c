/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The init script of the simulated Desktop page (verify/browser.ts bundles it into one IIFE and gives it
// to `context.addInitScript`): it runs before any page script of every document, so it imports nothing
// at run time (types only).
//
// It keeps the browser's own timer functions on `window.__fmOrigTimers` (the simulator and the runner use
// those, so only page code is tracked), wraps setTimeout/setInterval/clear* to track the live timers page
// code creates, turns window.open into a recorded popup that opens nothing, and remembers every shadow
// root (closed ones too) so the runner can read what the widget shows. What it records is
// `window.__fmInstr`.
'use strict';

import type { Instrument, OrigTimers, TimerEntry } from './globals.js';

function install(w: Window): void {
  const hide = (name: '__fmOrigTimers' | '__fmInstr', value: unknown): void => {
    Object.defineProperty(w, name, { value, configurable: false, enumerable: false, writable: false });
  };
  const orig: OrigTimers = Object.freeze({
    setTimeout: w.setTimeout.bind(w),
    setInterval: w.setInterval.bind(w),
    clearTimeout: w.clearTimeout.bind(w),
    clearInterval: w.clearInterval.bind(w),
    requestAnimationFrame: w.requestAnimationFrame.bind(w),
  });
  hide('__fmOrigTimers', orig);

  const timers = new Map<number, TimerEntry>();
  let seq = 0;
  const instr: Instrument = {
    step: -1,
    popups: [],
    timers,
    roots: new WeakMap<Element, ShadowRoot>(),
    seq: () => seq,
    forgetDead() {
      for (const [id, t] of timers) if (!t.live) timers.delete(id);
    },
  };
  hide('__fmInstr', instr);

  // A string handler runs as global code, as the browser would run it.
  const run = (handler: TimerHandler, self: unknown, args: unknown[]): unknown => (typeof handler === 'function' ? handler.apply(self, args) : (0, eval)(String(handler)));
  w.setTimeout = function setTimeout(handler: TimerHandler, ms?: number, ...args: unknown[]): number {
    const entry: TimerEntry = { kind: 'timeout', seq: ++seq, live: true };
    const id = orig.setTimeout(function (this: unknown) {
      entry.live = false;
      return run(handler, this, args);
    }, ms);
    timers.set(id, entry);
    return id;
  };
  w.setInterval = function setInterval(handler: TimerHandler, ms?: number, ...args: unknown[]): number {
    const id = orig.setInterval(function (this: unknown) {
      return run(handler, this, args);
    }, ms);
    timers.set(id, { kind: 'interval', seq: ++seq, live: true });
    return id;
  };
  // Page code may pass anything; only ids of the timers above are in the map.
  const clear = (id: number | undefined): void => {
    const t = timers.get(id as number);
    if (t) t.live = false;
  };
  w.clearTimeout = function clearTimeout(id: number | undefined): void {
    clear(id);
    orig.clearTimeout(id);
  };
  w.clearInterval = function clearInterval(id: number | undefined): void {
    clear(id);
    orig.clearInterval(id);
  };

  w.open = function open(url?: unknown): null {
    let href = url === undefined || url === null ? '' : String(url);
    try {
      if (href) href = new URL(href, w.location.href).href;
    } catch {
      /* not a URL: recorded as given */
    }
    instr.popups.push({ url: href, step: instr.step });
    return null;
  };

  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function attachShadow(this: Element, init: ShadowRootInit): ShadowRoot {
    const root = attach.call(this, init);
    instr.roots.set(this, root);
    return root;
  };
}

// Once per window, should the script run in it again.
const w: Window = window;
if (!Object.prototype.hasOwnProperty.call(w, '__fmInstr')) install(w);
