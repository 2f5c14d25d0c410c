// The layout our entries are added to (issue 12, target.md checklist F 1): the tenant's own layout
// downloaded from Control Hub (`--base-layout`), else the Desktop default we ship
// (assets/layout/default-desktop-layout.json, sources in assets/layout/README.md). Merging only
// adds: navigation pages, aux-pane tabs (area.persistent), header items and headless widgets. The
// base is kept whole: no entry of it is dropped or changed, its settings, panel, homepage and own
// pages stay as they are. A name that clashes gets a suffix; an entry already there (a second merge
// of the same output) is not added twice.
import { MB, readInputFile } from '../parse/read-file.js';
import { createRequire } from 'node:module';
import { UsageError } from '../cli/discover.js';
import { checkDesktopLayout } from './layout-check.js';

const require = createRequire(import.meta.url);

type Json = Record<string, unknown>;
type Grid = { areas: string[][]; size: { cols: number[]; rows: number[] } };
type Container = { id: string; widgets: Record<string, Json>; layout: Grid | Record<string, Grid> };
type NavItem = { nav: { navigateTo: string } & Json; page: { id: string } & Json } & Json;
type RoleLayout = { version: string; area: Json } & Json;
export type PerRoleLayout = Record<'agent' | 'supervisor' | 'supervisorAgent', RoleLayout>;

const ROLE_KEYS = ['agent', 'supervisor', 'supervisorAgent'] as const;

/** A --base-layout that cannot be used: a usage error (exit 2), raised before anything is written. */
export class BaseLayoutError extends UsageError {}

/** The Desktop's default layout as we ship it: a fresh copy each call. */
export function defaultDesktopLayout(): PerRoleLayout {
  return structuredClone(require('../../assets/layout/default-desktop-layout.json') as PerRoleLayout);
}

/** The problems of a layout offered as a base ([] when it can be merged into). */
export function checkBaseLayout(layout: unknown): string[] {
  return checkDesktopLayout(layout);
}

/** Reads, parses and checks a tenant layout file; throws BaseLayoutError naming the file. */
export function readBaseLayout(file: string): unknown {
  let text: string;
  try {
    text = readInputFile(file, 64 * MB).toString('utf8');
  } catch (e) {
    throw new BaseLayoutError(`--base-layout ${file}: not a readable file (${(e as Error).message.replace(`${file}: `, '')})`);
  }
  let layout: unknown;
  try {
    layout = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new BaseLayoutError(`--base-layout ${file} is not JSON: ${(e as Error).message}`);
  }
  const problems = checkBaseLayout(layout);
  if (problems.length) {
    const shown = problems.slice(0, 8).join('; ');
    const more = problems.length > 8 ? ` (and ${problems.length - 8} more)` : '';
    throw new BaseLayoutError(`--base-layout ${file} is not a Desktop layout that validates against schemas/desktop-layout.schema.json: ${shown}${more}; nothing written`);
  }
  return layout;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep equality of JSON values, object key order aside. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (!isObject(a) || !isObject(b)) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
}

/** A legacy single-role file (one role layout at the top level) becomes a copy per role. */
function perRole(layout: unknown): PerRoleLayout {
  const l = structuredClone(layout) as Json;
  if (ROLE_KEYS.some((r) => r in l)) return l as PerRoleLayout;
  return { agent: l as RoleLayout, supervisor: structuredClone(l) as RoleLayout, supervisorAgent: structuredClone(l) as RoleLayout };
}

/** The grid new columns go into: the layout itself, or its ROOT when it is nested. */
const rootGrid = (layout: Container['layout']): Grid => ('areas' in layout ? (layout as Grid) : (layout as Record<string, Grid>)['ROOT']!);

/** Name for a widgets map (^[A-Za-z_][A-Za-z0-9_-]*$). */
const mapName = (text: string): string => text.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[^A-Za-z_]+/, '') || 'widget';

/** Adds entries to a container (header or headless) as new columns of its grid, names made unique. */
function addToContainer(c: Container, entries: [string, Json][]): void {
  const grid = rootGrid(c.layout);
  const taken = (n: string): boolean => n in c.widgets || (!('areas' in c.layout) && n in c.layout);
  for (const [name, entry] of entries) {
    if (Object.values(c.widgets).some((w) => sameJson(w, entry))) continue;
    let n = mapName(name);
    for (let i = 2; taken(n); i++) n = `${mapName(name)}-${i}`;
    c.widgets[n] = structuredClone(entry);
    for (const row of grid.areas) row.push(n);
    grid.size.cols.push(1);
  }
}

function container(id: string, entries: [string, Json][]): Container {
  const c: Container = { id, widgets: {}, layout: { areas: [[]], size: { cols: [], rows: [1] } } };
  addToContainer(c, entries);
  return c;
}

/** `entries` as consecutive runs of `run` items (md-tab + md-tab-panel pairs). */
function containsRun(list: unknown[], run: unknown[]): boolean {
  for (let i = 0; i + run.length <= list.length; i++) if (run.every((x, j) => sameJson(list[i + j], x))) return true;
  return false;
}

/** The pairs of a persistent list: each md-tab with the entries up to the next md-tab. */
function tabRuns(entries: Json[]): Json[][] {
  const runs: Json[][] = [];
  for (const e of entries) {
    if (e['comp'] === 'md-tab' || runs.length === 0) runs.push([e]);
    else runs[runs.length - 1]!.push(e);
  }
  return runs;
}

function withSuffix(item: NavItem, i: number): NavItem {
  if (i === 1) return item;
  const c = structuredClone(item);
  c.page.id = `${item.page.id}-${i}`;
  c.nav.navigateTo = `${item.nav.navigateTo}-${i}`;
  return c;
}

function mergeRole(base: RoleLayout, add: RoleLayout, builtins: Json[], defaultHeader: Json[]): void {
  const area = base.area;
  const more = add.area ?? {};

  // Header items. The Desktop's own items are the tenant's to keep or remove: never added back.
  const header = ((more['advancedHeader'] as Json[] | undefined) ?? []).filter((e) => !builtins.some((b) => sameJson(b, e)));
  if (header.length) {
    if (Array.isArray(area['advancedHeader'])) {
      const list = area['advancedHeader'] as Json[];
      for (const e of header) if (!list.some((x) => sameJson(x, e))) list.push(structuredClone(e));
    } else {
      const named = header.map((e): [string, Json] => [String(e['comp']), e]);
      if (isObject(area['header'])) addToContainer(area['header'] as Container, named);
      // headerActions rules out advancedHeader (target.md C.2): the legacy header strip takes them.
      else if (base['headerActions'] !== undefined) area['header'] = container('dw-header', named);
      // No header of its own: the Desktop shows its default one, which advancedHeader now spells out.
      else area['advancedHeader'] = [...structuredClone(defaultHeader), ...header.map((e) => structuredClone(e))];
    }
  }

  // Aux-pane tabs shown while a contact is active.
  const tabs = (more['persistent'] as Json[] | undefined) ?? [];
  if (tabs.length) {
    const list = (area['persistent'] ??= []) as Json[];
    for (const run of tabRuns(tabs)) if (!containsRun(list, run)) list.push(...structuredClone(run));
  }

  // Navigation pages: page ids and routes unique across the role, the homepage's included.
  const pages = (more['navigation'] as NavItem[] | undefined) ?? [];
  if (pages.length) {
    const nav = (area['navigation'] ??= []) as NavItem[];
    const home = [area['homepage'], area['homePage']].filter(isObject) as NavItem[];
    const ids = new Set([...nav, ...home].map((n) => n.page.id));
    const routes = new Set([...nav, ...home].map((n) => n.nav.navigateTo));
    for (const item of pages) {
      for (let i = 1; ; i++) {
        const candidate = withSuffix(item, i);
        if (nav.some((n) => sameJson(n, candidate))) break;
        if (!ids.has(candidate.page.id) && !routes.has(candidate.nav.navigateTo)) {
          nav.push(structuredClone(candidate));
          ids.add(candidate.page.id);
          routes.add(candidate.nav.navigateTo);
          break;
        }
      }
    }
  }

  // Headless widgets.
  const headless = more['headless'] as Container | undefined;
  if (headless && Object.keys(headless.widgets).length) {
    const entries = Object.entries(headless.widgets);
    if (isObject(area['headless'])) addToContainer(area['headless'] as Container, entries);
    else area['headless'] = container(headless.id || 'dw-headless', entries);
  }
}

/**
 * `base` (per-role or legacy single-role, already checked) with the pages, tabs, header items and
 * headless widgets of `addition` (a per-role layout) added. `base` itself is not modified.
 */
export function mergeLayout(base: unknown, addition: unknown): PerRoleLayout {
  const out = perRole(base);
  const add = perRole(addition);
  const defaults = defaultDesktopLayout();
  const builtins = ROLE_KEYS.flatMap((r) => defaults[r].area['advancedHeader'] as Json[]);
  for (const r of ROLE_KEYS) mergeRole(out[r], add[r], builtins, defaults[r].area['advancedHeader'] as Json[]);
  return out;
}
