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

/** Stands for a page id or route in the key of a page's shape (navShape). */
const HOLE = Symbol('page id or route');
let unequal = 0;

/**
 * A text per JSON value, the same for two values exactly when sameJson holds: object keys sorted, each
 * kind of value tagged. The merge dedupes through Sets of these, once per entry, instead of comparing
 * each entry with all that are there (quadratic in the number of gadgets).
 */
export function jsonKey(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      // NaN equals nothing, not even NaN; String(-0) is '0' as -0 === 0.
      return Number.isNaN(v) ? `#${unequal++}` : String(v);
    case 'boolean':
      return v ? 't' : 'f';
    case 'undefined':
      return 'u';
    case 'bigint':
      return `${v}n`;
    case 'object': {
      if (v === null) return 'n';
      // Concatenation, not map and join: this runs on every entry and its garbage adds up.
      let s: string;
      if (Array.isArray(v)) {
        s = '[';
        for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + jsonKey(v[i]);
        return s + ']';
      }
      const o = v as Json;
      const keys = Object.keys(o).sort();
      s = '{';
      for (let i = 0; i < keys.length; i++) s += (i ? ',' : '') + JSON.stringify(keys[i]) + ':' + jsonKey(o[keys[i]!]);
      return s + '}';
    }
    default:
      // A symbol or function equals only itself; an entry holding one is never added (structuredClone refuses it).
      return v === HOLE ? '?' : `#${unequal++}`;
  }
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
  const there = new Set(Object.values(c.widgets).map(jsonKey));
  // Names only ever get taken, so the suffix search for a name resumes where its last one stopped.
  const nextSuffix = new Map<string, number>();
  for (const [name, entry] of entries) {
    const key = jsonKey(entry);
    if (there.has(key)) continue;
    there.add(key);
    let n = mapName(name);
    if (taken(n)) {
      const stem = n;
      let i = nextSuffix.get(stem) ?? 2;
      while (taken(`${stem}-${i}`)) i++;
      nextSuffix.set(stem, i + 1);
      n = `${stem}-${i}`;
    }
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

/**
 * The runs of consecutive items a list holds, of the lengths asked about: every window of the list, so
 * a run is found anywhere (across base entries and added ones too), as a scan of the list would find
 * it. Items are numbered by value (jsonKey), a window is keyed by its numbers.
 */
class RunIndex {
  private readonly numbers = new Map<string, number>();
  private readonly seq: number[] = [];
  private readonly windows = new Map<number, Set<string>>();

  constructor(list: unknown[], lengths: number[]) {
    for (const l of lengths) this.windows.set(l, new Set());
    this.push(this.numbered(list));
  }

  numbered(items: unknown[]): number[] {
    return items.map((v) => {
      const k = jsonKey(v);
      let n = this.numbers.get(k);
      if (n === undefined) this.numbers.set(k, (n = this.numbers.size));
      return n;
    });
  }

  has(run: number[]): boolean {
    return this.windows.get(run.length)?.has(run.join(',')) ?? false;
  }

  /** The list got these items at its end. */
  push(items: number[]): void {
    for (const n of items) {
      this.seq.push(n);
      for (const [l, set] of this.windows) if (this.seq.length >= l) set.add(this.seq.slice(-l).join(','));
    }
  }
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

/** Page and nav are objects with their own id and route: what the keys of navigation items assume. */
const hasIds = (n: NavItem): boolean => isObject(n.nav) && isObject(n.page) && Object.hasOwn(n.nav, 'navigateTo') && Object.hasOwn(n.page, 'id');

/** Key of a page with its id and route left out: every suffixed copy of a page has the same. */
const navShape = (n: NavItem): string => jsonKey({ ...n, nav: { ...n.nav, navigateTo: HOLE }, page: { ...n.page, id: HOLE } });

function mergeRole(base: RoleLayout, add: RoleLayout, builtins: Set<string>, defaultHeader: Json[]): void {
  const area = base.area;
  const more = add.area ?? {};

  // Header items. The Desktop's own items are the tenant's to keep or remove: never added back.
  const header = ((more['advancedHeader'] as Json[] | undefined) ?? []).map((e) => [e, jsonKey(e)] as const).filter(([, k]) => !builtins.has(k));
  if (header.length) {
    if (Array.isArray(area['advancedHeader'])) {
      const list = area['advancedHeader'] as Json[];
      const there = new Set(list.map(jsonKey));
      for (const [e, k] of header) {
        if (there.has(k)) continue;
        there.add(k);
        list.push(structuredClone(e));
      }
    } else {
      const named = header.map(([e]): [string, Json] => [String(e['comp']), e]);
      if (isObject(area['header'])) addToContainer(area['header'] as Container, named);
      // headerActions rules out advancedHeader (target.md C.2): the legacy header strip takes them.
      else if (base['headerActions'] !== undefined) area['header'] = container('dw-header', named);
      // No header of its own: the Desktop shows its default one, which advancedHeader now spells out.
      else area['advancedHeader'] = [...structuredClone(defaultHeader), ...header.map(([e]) => structuredClone(e))];
    }
  }

  // Aux-pane tabs shown while a contact is active.
  const tabs = (more['persistent'] as Json[] | undefined) ?? [];
  if (tabs.length) {
    const list = (area['persistent'] ??= []) as Json[];
    const runs = tabRuns(tabs);
    const present = new RunIndex(list, [...new Set(runs.map((r) => r.length))]);
    for (const run of runs) {
      const numbered = present.numbered(run);
      if (present.has(numbered)) continue;
      list.push(...structuredClone(run));
      present.push(numbered);
    }
  }

  // Navigation pages: page ids and routes unique across the role, the homepage's included.
  const pages = (more['navigation'] as NavItem[] | undefined) ?? [];
  if (pages.length) {
    const nav = (area['navigation'] ??= []) as NavItem[];
    const home = [area['homepage'], area['homePage']].filter(isObject) as NavItem[];
    const ids = new Set([...nav, ...home].map((n) => n.page.id));
    const routes = new Set([...nav, ...home].map((n) => n.nav.navigateTo));
    // A page is looked for among the pages there at each suffix it may take: keyed by its shape (a
    // number) with the id and route, trying a suffix needs no copy of the page and no walk over it.
    const shapes = new Map<string, number>();
    const shapeOf = (n: NavItem): number => {
      const k = navShape(n);
      let s = shapes.get(k);
      if (s === undefined) shapes.set(k, (s = shapes.size));
      return s;
    };
    const key = (shape: number, id: unknown, route: unknown): string => `${shape}:${jsonKey(id)}:${jsonKey(route)}`;
    const there = new Set(nav.filter(hasIds).map((n) => key(shapeOf(n), n.page.id, n.nav.navigateTo)));
    const isThere = (candidate: NavItem): boolean => nav.some((n) => sameJson(n, candidate));
    for (const item of pages) {
      // Only a page of another form (never from our own layouts) is compared the slow way.
      const keyed = hasIds(item);
      const shape = keyed ? shapeOf(item) : -1;
      for (let i = 1; ; i++) {
        const id = i === 1 ? item.page.id : `${item.page.id}-${i}`;
        const route = i === 1 ? item.nav.navigateTo : `${item.nav.navigateTo}-${i}`;
        if (keyed ? there.has(key(shape, id, route)) : isThere(withSuffix(item, i))) break;
        if (!ids.has(id) && !routes.has(route)) {
          nav.push(i === 1 ? structuredClone(item) : withSuffix(item, i));
          if (keyed) there.add(key(shape, id, route));
          ids.add(id);
          routes.add(route);
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
  // Only read: each entry is cloned as it is added, so the whole addition need not be copied first.
  const a = addition as Json;
  const add = (ROLE_KEYS.some((r) => r in a) ? a : { agent: a, supervisor: a, supervisorAgent: a }) as PerRoleLayout;
  const defaults = defaultDesktopLayout();
  const builtins = new Set(ROLE_KEYS.flatMap((r) => defaults[r].area['advancedHeader'] as Json[]).map(jsonKey));
  for (const r of ROLE_KEYS) mergeRole(out[r], add[r], builtins, defaults[r].area['advancedHeader'] as Json[]);
  return out;
}
