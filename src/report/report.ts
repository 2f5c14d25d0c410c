// report.json: the machine-readable account of a batch. Its shape is docs/report.schema.json; bump
// REPORT_SCHEMA_VERSION on any change a consumer could notice. No timestamps or absolute paths, so
// the same input gives the same bytes.
import type { WidgetVerification } from '../verify/result.js';
import type { Census, Classification, Diagnostic, LayoutParameter, Reason } from '../model.js';
import type { mergeCensus } from '../analyze/census.js';
import type { IframeFragment } from '../emit/iframe.js';
import type { WidgetFragment } from '../emit/widget-fragment.js';
import type { Placement } from '../analyze/placement.js';
import type { CallSite, Mark } from '../transform/marks.js';
import type { WidgetDependencies } from '../transform/widget.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface CallSiteCoverage {
  total: number;
  mapped: number;
  todo: number;
  dropped: number;
  unmapped: number;
  sites: CallSite[];
}

/**
 * - `migrated`: everything for the gadget was emitted; remaining actions are deployment steps.
 * - `needs-work`: a person (or a later pass) must finish it; `actions` says what.
 * - `failed`: the file could not be turned into a model or an output; `diagnostics` say why.
 * - `skipped`: not a gadget (message bundle, layout, other XML).
 */
export type GadgetStatus = 'migrated' | 'needs-work' | 'failed' | 'skipped';

export interface GadgetRecord {
  /** Names the gadget's outputs; absent when no model could be built. */
  id?: string;
  source: string;
  root: string;
  title?: string;
  classification?: Classification;
  status: GadgetStatus;
  reasons: Reason[];
  embeddedUrl?: string;
  /** Query parameters of its gadget URL in the Finesse layout that it reads: parts of its entry `finesse-migrate layout` fills. */
  layoutParameters?: LayoutParameter[];
  /** For widget gadgets: the emitted project and what in it needs a person. */
  widget?: {
    element: string;
    project: string;
    /** Where `finesse-migrate build` writes the bundle. */
    script: string;
    marks: Mark[];
    dependencies: WidgetDependencies;
    /** finesse.* / gadgets.* uses no rule covers, by API. */
    unmapped: { api: string; count: number }[];
    /** What became of every finesse.* / gadgets.* use in the gadget code. */
    callSites: CallSiteCoverage;
    /** Tenant settings the widget's code relies on, and whether the config gave them. */
    tenantSettings: { setting: string; usedBy: string; configured: boolean }[];
  };
  census?: Census;
  /** Paths relative to the output folder, sorted. */
  outputs: string[];
  /** Where the gadget goes in the Desktop layout, and why. */
  placement?: Placement;
  /** Its entry in layout/desktop-layout.json, also written to layout/fragments/<id>.json. */
  layoutFragment?: IframeFragment | WidgetFragment;
  /** What a person must do before shipping, in order. */
  actions: string[];
  diagnostics: Diagnostic[];
  /** What `finesse-migrate verify` saw when it ran the widget in a browser against the Desktop simulator. */
  verify?: WidgetVerification & {
    /** The status migrate gave; verification can only lower it. */
    emittedStatus: GadgetStatus;
    /** Why it did not pass, one line each (also in `actions`). */
    failures: string[];
  };
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'finesse-migrate'; version: string };
  options: { locale: string };
  inputs: string[];
  summary: {
    specFiles: number;
    gadgets: number;
    byClassification: Record<Classification | 'unparsed', number>;
    byStatus: Record<GadgetStatus, number>;
    diagnostics: Record<'error' | 'warning' | 'info', number>;
    apiUses: { finesse: number; gadgets: number };
    /** Call sites in widget code, across the batch. */
    callSites: { total: number; mapped: number; todo: number; dropped: number; unmapped: number };
    /** Widgets verified in a browser, and how many of them passed, started, rendered, reacted, misused the SDK, needed a blocked request. */
    verify?: { widgets: number; passed: number; started: number; rendered: number; reacted: number; misuse: number; blocked: number };
  };
  gadgets: GadgetRecord[];
  census: ReturnType<typeof mergeCensus>;
  /** Inputs that could not be read at all (unreadable archives, unsafe entries). */
  problems: { path: string; message: string }[];
  /** A run into an earlier output: the files where the user's work was kept, merged or is in conflict. */
  rerun?: { file: string; kind: 'kept' | 'merged' | 'conflict' | 'kept-stale' | 'removed' }[];
}

export function summarize(records: GadgetRecord[]): Report['summary'] {
  const byClassification: Report['summary']['byClassification'] = { iframe: 0, widget: 0, 'not-a-gadget': 0, unparsed: 0 };
  const byStatus: Report['summary']['byStatus'] = { migrated: 0, 'needs-work': 0, failed: 0, skipped: 0 };
  const diagnostics = { error: 0, warning: 0, info: 0 };
  const apiUses = { finesse: 0, gadgets: 0 };
  const callSites = { total: 0, mapped: 0, todo: 0, dropped: 0, unmapped: 0 };
  for (const r of records) {
    const c = r.widget?.callSites;
    if (c) for (const k of ['total', 'mapped', 'todo', 'dropped', 'unmapped'] as const) callSites[k] += c[k];
    byClassification[r.classification ?? 'unparsed']++;
    byStatus[r.status]++;
    for (const d of r.diagnostics) diagnostics[d.severity]++;
    apiUses.finesse += r.census?.finesse ?? 0;
    apiUses.gadgets += r.census?.gadgets ?? 0;
  }
  return {
    specFiles: records.length,
    gadgets: records.length - byClassification['not-a-gadget'],
    byClassification,
    byStatus,
    diagnostics,
    apiUses,
    callSites,
  };
}

/** What makes a run exit 1: a failed gadget (the default), or also one that needs work (`--fail-on needs-work`, for CI gates). */
export type FailOn = 'failed' | 'needs-work';

/**
 * Exit status of a run: 0 when every gadget was processed (migrated, or converted with work left:
 * `needs-work`; skipped files do not count), 1 when a gadget failed or an input could not be read.
 * With `failOn: 'needs-work'`, a gadget that needs work makes it 1 too.
 */
export function exitCodeOf(report: Report, failOn: FailOn = 'failed'): 0 | 1 {
  const s = report.summary.byStatus;
  return s.failed > 0 || report.problems.length > 0 || (failOn === 'needs-work' && s['needs-work'] > 0) ? 1 : 0;
}
