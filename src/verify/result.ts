// What `finesse-migrate verify` found for one widget: report.json carries it as `verify` on the gadget
// (docs/report.schema.json), report.html shows it, and status follows it.

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface VerifyError {
  /** uncaught: thrown to the page; script: a gadget script or start-up handler failed (caught by the runtime); logged: Desktop.logger error; console: console.error. */
  kind: 'uncaught' | 'script' | 'logged' | 'console';
  message: string;
  session: string;
  step: number;
  /** Where it came from in the gadget's own files (through the bundle's source map), when known. */
  at?: SourceLocation;
}

export interface BlockedRequest {
  url: string;
  host: string;
  /** Playwright's resource type (script, xhr, fetch, image, stylesheet, font, document, ...), or subframe: a page the widget embeds in an iframe. */
  resourceType: string;
  /** A script, XHR, fetch, document or websocket: code that depends on its answer. Images, fonts and styles are cosmetic. */
  needed: boolean;
  session: string;
  step: number;
}

export interface StepResult {
  index: number;
  do: string;
  /** The shadow root's visible state (text, control values) changed during the step. */
  changed: boolean;
  /** SDK calls the widget made during the step, by api. */
  sdkCalls: string[];
  /** window.open / location changes the widget asked for (screen pops). */
  popups: string[];
  /** Path of the step's screenshot, relative to the output folder. */
  screenshot?: string;
}

export interface SessionResult {
  session: string;
  passed: boolean;
  /** Why not, one line each. */
  failures: string[];
  steps: StepResult[];
}

export interface WidgetVerification {
  widget: string;
  /** The bundle built against the simulator. */
  built: boolean;
  /** customElements.get(name) after the bundle ran. */
  defined: boolean;
  /** Mounted and started (Desktop.config.init and start-up handlers) without an error. */
  started: boolean;
  /** The shadow root shows text or a control after start-up. */
  rendered: boolean;
  /** Some Desktop step changed what the widget shows, or made it call the SDK or pop a page. */
  reacted: boolean;
  misuse: Array<{ api: string; reason: string; session: string; step: number }>;
  blocked: BlockedRequest[];
  /** Names the widget left on window after removal. */
  leakedGlobals: string[];
  /** Timers still scheduled (or firing) after removal. */
  leakedTimers: number;
  errors: VerifyError[];
  sessions: SessionResult[];
  passed: boolean;
}

/** A widget nothing is known of yet: every check not passed. */
export function unverified(widget: string): WidgetVerification {
  return {
    widget,
    built: false,
    defined: false,
    started: false,
    rendered: false,
    reacted: false,
    misuse: [],
    blocked: [],
    leakedGlobals: [],
    leakedTimers: 0,
    errors: [],
    sessions: [],
    passed: false,
  };
}
