// The batch around its gadgets, light enough for the main thread of the worker pool (it loads no
// parser or transform): the options, which gadgets of an earlier output stay, element names in
// source order, a gadget's record head, and finishBatch, which merges the gadgets' emits (in source
// order) into the files, the report, the Desktop layout and the review outputs.
import type { AnalyzedFile } from '../analyze/index.js';
import { mergeCensus } from '../analyze/census.js';
import type { Census, ContentRef } from '../model.js';
import { REPORT_SCHEMA_VERSION, summarize, type GadgetRecord, type Report } from '../report/report.js';
import { OUTPUT_MARKER } from '../parse/source-tree.js';
import { Chunked, chunkedJson } from './serialize.js';
import { elementNameFor } from '../transform/element-name.js';
import type { MigrateConfig } from '../config.js';
import type { GadgetReview } from '../report/review.js';
import { reviewFiles } from '../report/outputs.js';
import type { LayoutArea } from '../analyze/placement.js';
import { areaName, desktopLayout, emptyRole, ROLES, type Entry, type Role, type RoleContent } from './desktop-layout.js';
import { checkDesktopLayout } from './layout-check.js';
import { sharedRuntimeFiles } from './widget-project.js';

export interface PlanOptions {
  toolVersion: string;
  locale: string;
  inputs: string[];
  problems: { path: string; message: string }[];
  /** Settings from finesse-migrate.config.json, and where they came from. */
  config?: MigrateConfig;
  configPath?: string;
  /** Where the widget bundles are hosted (--cdn-base, else config cdnBase). */
  cdnBase?: string;
  /**
   * The output this run goes into, from an earlier run: its gadgets that are not under this run's
   * inputs are kept as they are (their records, reviews, layout entries and files).
   */
  previous?: { report: Report; reviews: GadgetReview[] };
  /** A tenant's Desktop layout (--base-layout, read and checked by readBaseLayout): ours is merged into it. */
  baseLayout?: unknown;
}

export const DEFAULT_WIDGET_PROVIDER = 'finesse-migrate';

export interface Plan {
  /** Output-relative path → file content, in the order they should be listed. */
  files: Map<string, string | Uint8Array>;
  report: Report;
  /** Files of the earlier output that stay as they are: those of the gadgets this run kept. */
  keep: Set<string>;
}

/** Whether a gadget's source lies under one of a run's inputs (display paths, as in report.json). */
function underInputs(source: string, inputs: string[]): boolean {
  return inputs.some((i) => source === i || source.startsWith(`${i.replace(/\/+$/, '')}/`) || source.startsWith(`${i}!/`) || i === '.');
}

export const MARKER_TEXT =
  'This folder was written by finesse-migrate. A later run into it regenerates what you did not\n' +
  'change and keeps what you edited or added (.finesse-migrate/manifest.json records what it wrote).\n';

/** One layout entry of a gadget, placed by finishBatch in source order. */
export interface Placement {
  id: string;
  title: string;
  area: LayoutArea;
  entry: Entry;
  only?: readonly Role[];
}

/** What one gadget contributes to the batch: plain data (it crosses from a worker thread). */
export interface GadgetEmit {
  record: GadgetRecord;
  review?: GadgetReview;
  /** Output-relative path → content, in the order they are listed. */
  files: [string, string | Uint8Array][];
  placements: Placement[];
}

/** A gadget's element name, chosen before any gadget is emitted; `taken`: the config's name, which another gadget has. */
export interface ElementNaming {
  element: string;
  taken?: string;
}

/** Gadgets of the earlier output that this run does not cover: they stay, with their ids and element names. */
export function keptRecords(options: Pick<PlanOptions, 'previous' | 'inputs'>): GadgetRecord[] {
  return (options.previous?.report.gadgets ?? []).filter((r) => !underInputs(r.source, options.inputs));
}

export function keptIds(kept: GadgetRecord[]): Set<string> {
  return new Set(kept.flatMap((r) => (r.id ? [r.id] : [])));
}

/** Whether an analyzed file goes on to widget conversion, and so takes an element name (given an id). */
export function takesElementName(f: Pick<AnalyzedFile, 'failed' | 'decision' | 'gadget'>): boolean {
  if (f.failed || !f.decision || f.decision.classification === 'not-a-gadget' || f.decision.classification === 'iframe') return false;
  return Boolean(f.gadget && !missingPage(f.gadget) && f.gadget.views.length > 0);
}

/** The config's settings for a gadget: own keys only, as the id comes from the gadget (a file named constructor.xml). */
export function gadgetSettings(config: MigrateConfig | undefined, id: string): NonNullable<MigrateConfig['gadgets']>[string] | undefined {
  const gadgets = config?.gadgets;
  return gadgets && Object.hasOwn(gadgets, id) ? gadgets[id] : undefined;
}

/**
 * Element names for the gadgets of a batch, in source order (the config's name when it is free, else
 * one made from the id): `undefined` for a gadget that is not converted as a widget.
 */
export function nameElements(gadgets: { id?: string | undefined; takes: boolean }[], kept: GadgetRecord[], config: MigrateConfig | undefined): (ElementNaming | undefined)[] {
  const elementNames = new Set<string>(kept.flatMap((r) => (r.widget ? [r.widget.element] : [])));
  return gadgets.map(({ id, takes }) => {
    if (!takes || !id) return undefined;
    const wanted = gadgetSettings(config, id)?.elementName;
    if (wanted && !elementNames.has(wanted)) {
      elementNames.add(wanted);
      return { element: wanted };
    }
    const element = elementNameFor(`${config?.elementPrefix ?? ''}${id}`, elementNames);
    return wanted ? { element, taken: wanted } : { element };
  });
}
/** The part of a gadget's record that comes from its analysis alone. */
export function recordHead(
  f: Pick<AnalyzedFile, 'source' | 'decision' | 'census' | 'diagnostics'> & { title?: string },
  root: string,
  id: string | undefined,
): GadgetRecord {
  const rec: GadgetRecord = {
    source: f.source,
    root,
    status: 'failed',
    reasons: f.decision?.reasons ?? [],
    outputs: [],
    actions: [],
    diagnostics: f.diagnostics,
  };
  if (id) rec.id = id;
  if (f.title !== undefined) rec.title = f.title;
  if (f.decision) rec.classification = f.decision.classification;
  if (f.decision?.embeddedUrl) rec.embeddedUrl = f.decision.embeddedUrl;
  if (f.decision?.layoutParameters?.length) rec.layoutParameters = f.decision.layoutParameters;
  if (f.census) rec.census = f.census;
  return rec;
}

/** Marks `rec` failed by a bug met while emitting it (`err`): nothing of the gadget is written. */
export function failEmit(rec: GadgetRecord, err: Error): void {
  rec.outputs = [];
  rec.actions = ['Please report this finesse-migrate bug with the gadget; the other gadgets of the batch were converted.'];
  delete rec.widget;
  delete rec.layoutFragment;
  delete rec.placement;
  rec.status = 'failed';
  const where = err.stack?.split('\n').find((l) => l.includes('/src/') || l.includes('/dist/'))?.trim();
  rec.diagnostics = [...rec.diagnostics, { severity: 'error', code: 'internal-error', message: `finesse-migrate failed while converting this gadget: ${err.message}${where ? ` (${where.replace(/^at /, '')})` : ''}`, file: rec.source }];
}
/** The record of a gadget whose emit failed with `err` outside emitGadget's own guard (a worker thread that stopped). */
export function failedEmit(rec: GadgetRecord, err: Error): GadgetEmit {
  failEmit(rec, err);
  return { record: inReadingOrder(rec), files: [], placements: [] };
}

/**
 * The batch from its gadgets (in source order): the files, the report, the Desktop layout and the
 * review outputs.
 */
export function finishBatch(emits: Iterable<GadgetEmit>, options: PlanOptions): Plan {
  const files = new Map<string, string | Uint8Array>();
  const batch = new BatchSummary(options);
  for (const e of emits) {
    for (const [rel, content] of e.files) files.set(rel, content);
    batch.add(e);
  }
  const done = batch.finish();
  for (const [rel, content] of done.files) files.set(rel, content instanceof Chunked ? content.text() : content);
  return { files, report: done.report, keep: done.keep };
}

/**
 * What the batch keeps of its gadgets while they are emitted (in source order): their records,
 * reviews and layout entries, not their files (runMigration writes those as they come). finish()
 * makes the report and the files written once per output.
 */
export class BatchSummary {
  private readonly records: GadgetRecord[] = [];
  private readonly gadgetReviews: GadgetReview[] = [];
  private readonly roles = Object.fromEntries(ROLES.map((r) => [r, emptyRole()])) as Record<Role, RoleContent>;

  constructor(private readonly options: PlanOptions) {}

  private place(id: string, title: string, area: LayoutArea, entry: Entry, only?: readonly Role[]): void {
    const placed = { name: areaName(id), title, entry };
    for (const r of gadgetSettings(this.options.config, id)?.roles ?? only ?? ROLES) {
      const c = this.roles[r];
      if (area === 'headless') c.headless.push(placed);
      else if (area === 'header') c.header.push(placed);
      else if (area === 'panel') c.tabs.push(placed);
      else c.pages.push({ id: `fm-${id}`, label: title, icon: 'stored-info', columns: [[placed]] });
    }
  }

  /** One gadget's emit, in source order (its files are the caller's). */
  add(e: GadgetEmit): void {
    if (e.review) this.gadgetReviews.push(e.review);
    for (const p of e.placements) this.place(p.id, p.title, p.area, p.entry, p.only);
    this.records.push(e.record);
  }

  /**
   * The report, the files written once per output (made as they are iterated, once), and the files
   * of an earlier output that stay.
   */
  finish(): { report: Report; files: Iterable<[string, string | Uint8Array | Chunked]>; keep: Set<string> } {
    const { options, records, gadgetReviews } = this;
    const kept = keptRecords(options);
    for (const r of kept) {
      records.push(r);
      const review = r.id ? options.previous!.reviews.find((x) => x.id === r.id) : undefined;
      if (review) gadgetReviews.push(review);
      if (r.id && r.layoutFragment && r.placement) this.place(r.id!, r.title ?? r.id!, r.placement.area, r.layoutFragment as unknown as Entry, r.placement.roles);
    }
    records.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
    const order = new Map(records.map((r, i) => [r.id, i]));
    gadgetReviews.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));

    // Config entries for gadgets that are not in the batch are probably typos: say so.
    const known = new Set(records.map((r) => r.id).filter(Boolean));
    const problems = [...options.problems];
    for (const id of Object.keys(options.config?.gadgets ?? {}).sort()) {
      if (!known.has(id)) problems.push({ path: options.configPath ?? 'finesse-migrate.config.json', message: `gadgets["${id}"] names no gadget of this batch (ids are listed in report.json)` });
    }

    const report: Report = {
      schemaVersion: REPORT_SCHEMA_VERSION,
      tool: { name: 'finesse-migrate', version: options.toolVersion },
      options: { locale: options.locale },
      inputs: options.inputs,
      summary: summarize(records),
      gadgets: records,
      census: mergeCensus(records.map((r) => r.census).filter((c): c is Census => c !== undefined)),
      problems,
    };
    const layout = desktopLayout(this.roles, options.baseLayout);
    const layoutProblems = checkDesktopLayout(layout);
    if (layoutProblems.length) throw new Error(`the Desktop layout breaks schemas/desktop-layout.schema.json: ${layoutProblems.join('; ')}`);
    return { report, files: outputFiles(report, layout, gadgetReviews), keep: new Set(kept.flatMap((r) => r.outputs)) };
  }
}

/**
 * The files added once per output, whatever the number of gadgets (after every gadget's own, in
 * this order): the shared widget runtime, the Desktop layout, the report and review outputs, the marker. Made one at a time as
 * they are asked for, so that a writer holds one of them at a time.
 */
function* outputFiles(report: Report, layout: unknown, gadgetReviews: GadgetReview[]): Generator<[string, string | Uint8Array | Chunked]> {
  // The runtime every widget project depends on, with the workspace package.json that installs it and
  // the widgets together, whenever the output has a widget.
  if (report.gadgets.some((r) => r.widget)) yield* sharedRuntimeFiles(report.tool.version);
  yield ['layout/desktop-layout.json', chunkedJson(layout, 5)];
  // A piece per gadget record (report.gadgets[i]).
  yield ['report.json', chunkedJson(report, 2)];
  yield* reviewFiles(report, gadgetReviews);
  // What the review outputs are rendered from, besides report.json: `verify` renders them again.
  yield [REVIEW_DATA, chunkedJson(gadgetReviews, 3)];
  yield [OUTPUT_MARKER, MARKER_TEXT];
}

/** The primary view's `<Content href>` when it names a page that is not there, or nothing usable. */
export function missingPage(g: NonNullable<AnalyzedFile['gadget']>): Extract<ContentRef, { kind: 'missing' | 'unresolved' }> | undefined {
  const ref = g.views.find((v) => v.name === g.primaryView)?.contentRef;
  return ref && (ref.kind === 'missing' || ref.kind === 'unresolved') ? ref : undefined;
}
/** The original and converted text behind report.html and migration.patch (GadgetReview[]). */
export const REVIEW_DATA = 'review.json';

/** Key order a person reads in: who, what was decided, what came out, what is left. */
const RECORD_KEYS: (keyof GadgetRecord)[] = [
  'id', 'source', 'root', 'title', 'classification', 'status', 'reasons', 'embeddedUrl', 'layoutParameters', 'widget', 'outputs', 'placement', 'layoutFragment', 'actions', 'diagnostics', 'verify', 'census',
];

export function inReadingOrder(rec: GadgetRecord): GadgetRecord {
  const out: Record<string, unknown> = {};
  for (const k of RECORD_KEYS) if (rec[k] !== undefined) out[k] = rec[k];
  return out as unknown as GadgetRecord;
}

