// What verify/browser.ts (Node) and the page runner (runner.ts, in Chromium) say to each other through
// `page.evaluate`: everything here crosses as JSON. No DOM types, so the Node side reads it as it is.
import type { SessionStep } from '../desktop-sim/protocol.js';

/** What a step needs to know of the widget under test. */
export interface StepContext {
  elementName: string;
  attributes: Record<string, string>;
  properties: Record<string, string>;
  bundleUrl: string;
  settleMs: number;
}

export interface StepOutcome {
  before: string | null;
  after: string | null;
  shows: boolean;
  /** The element's box in page coordinates, when it has one. */
  box: { x: number; y: number; width: number; height: number } | null;
  mounted: boolean;
  defined: boolean | null;
  loaded: boolean | null;
  simError: string | null;
}

export interface SessionEnd {
  globals: string[];
  intervals: number[];
  timeouts: number[];
  calls: Array<{ api: string; step: number }>;
  misuse: Array<{ api: string; reason: string; step: number }>;
  /** Desktop.logger error lines; stack of the Error logged with the line, when there was one. */
  errors: Array<{ message: string; step: number; stack: string | null }>;
  popups: Array<{ url: string; step: number }>;
}

/** `window.__fmRunner`. */
export interface PageRunner {
  /** The mounted element, if any. */
  readonly element: unknown;
  beginSession(): void;
  runStep(index: number, step: SessionStep, ctx: StepContext): Promise<StepOutcome>;
  endSession(ctx: { leakWaitMs: number }): Promise<SessionEnd>;
}
