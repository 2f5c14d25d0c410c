/// <reference lib="dom" />
// The window globals of the simulated Desktop page that the page programs set and read. Not declared
// on the global Window (that would reach every file of the compilation): the programs view `window`
// as a PageWindow.
import type { DesktopSimControl } from '../desktop-sim/sdk.js';
import type { PageRunner } from './contract.js';

/** The browser's own timer functions, bound to the window, before page code could replace them. */
export interface OrigTimers {
  readonly setTimeout: Window['setTimeout'];
  readonly setInterval: Window['setInterval'];
  readonly clearTimeout: Window['clearTimeout'];
  readonly clearInterval: Window['clearInterval'];
  readonly requestAnimationFrame: Window['requestAnimationFrame'];
}

/** A timer page code created; `seq` orders creations. */
export interface TimerEntry {
  kind: 'timeout' | 'interval';
  seq: number;
  live: boolean;
}

/** A window.open call: the URL resolved against the page, and the step it happened in. */
export interface Popup {
  url: string;
  step: number;
}

/** `window.__fmInstr`: what the init script (instrument.ts) records for the runner. */
export interface Instrument {
  /** Index of the session step being played (-1 before the first). */
  step: number;
  popups: Popup[];
  /** Timer id → entry. */
  timers: Map<number, TimerEntry>;
  /** Every shadow root attached in the page, closed ones too, by host. */
  roots: WeakMap<Element, ShadowRoot>;
  /** The seq of the latest timer created. */
  seq(): number;
  /** Drops what no longer matters: fired and cleared timers. */
  forgetDead(): void;
}

/** `window` as the page programs see it. */
export interface PageWindow extends Window {
  /** Set by instrument.ts (not writable, not enumerable). */
  readonly __fmOrigTimers: OrigTimers;
  /** Set by instrument.ts (not writable, not enumerable). */
  readonly __fmInstr: Instrument;
  /** Set by the simulator (desktop-sim/page.ts). */
  __fmSim?: DesktopSimControl;
  /** Set by runner.ts. */
  __fmRunner?: PageRunner;
}
