// A whole Desktop layout (per-role form, target.md C.1-C.5 and checklist F) built from placed
// entries: navigation pages (a grid of columns), tabs of the auxiliary pane, header items and
// headless widgets. Both `migrate` (one page per gadget) and `layout` (the pages of a Finesse
// layout) describe what goes where; this module owns the JSON shape. The entries are added to a
// whole layout (base-layout.ts): the tenant's (--base-layout), else the Desktop default we ship.
import { defaultDesktopLayout, mergeLayout } from './base-layout.js';

export type Role = 'agent' | 'supervisor' | 'supervisorAgent';
export const ROLES: Role[] = ['agent', 'supervisor', 'supervisorAgent'];

/** A layout entry (target.md C.7): a widget fragment or an agentx-wc-iframe entry. */
export type Entry = { comp: string } & Record<string, unknown>;

export interface PlacedEntry {
  /** Names the entry in a widgets map: ^[A-Za-z_][A-Za-z0-9_-]*$. */
  name: string;
  title: string;
  entry: Entry;
}

export interface LayoutPage {
  /** navigateTo and page.id (kept equal for clarity, checklist F 6). */
  id: string;
  label: string;
  /** Momentum icon name. */
  icon: string;
  /** Columns left to right, each a stack of entries top to bottom. */
  columns: PlacedEntry[][];
}

export interface RoleContent {
  pages: LayoutPage[];
  /** Tabs of the auxiliary pane while a contact is active (area.persistent). */
  tabs: PlacedEntry[];
  header: PlacedEntry[];
  headless: PlacedEntry[];
}

export const emptyRole = (): RoleContent => ({ pages: [], tabs: [], header: [], headless: [] });

export const LAYOUT_VERSION = '0.1.0';

/** Names in a widgets map and area grid must be identifiers of this shape. */
export function areaName(text: string): string {
  const n = text.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[^A-Za-z_]+/, '');
  return n || 'widget';
}

/** A grid with one column per stack; a shorter column's last entry spans the rows left. */
function grid(columns: PlacedEntry[][]): { areas: string[][]; size: { cols: number[]; rows: number[] } } {
  const cols = columns.filter((c) => c.length > 0);
  const rows = Math.max(1, ...cols.map((c) => c.length));
  const areas: string[][] = [];
  for (let r = 0; r < rows; r++) areas.push(cols.map((c) => c[Math.min(r, c.length - 1)]!.name));
  return { areas, size: { cols: cols.map(() => 1), rows: areas.map(() => 1) } };
}

/** Our own entries of a role: what is added to the base layout's header, aux pane, pages and headless area. */
function roleLayout(c: RoleContent): Record<string, unknown> {
  const area: Record<string, unknown> = {};
  if (c.header.length) area['advancedHeader'] = c.header.map((p) => p.entry);
  if (c.tabs.length) {
    area['persistent'] = c.tabs.flatMap((t) => [
      { comp: 'md-tab', attributes: { slot: 'tab', class: 'widget-pane-tab' }, children: [{ comp: 'span', textContent: t.title }] },
      { comp: 'md-tab-panel', attributes: { slot: 'panel', class: 'widget-pane' }, children: [t.entry] },
    ]);
  }
  const pages = c.pages.filter((p) => p.columns.some((col) => col.length));
  if (pages.length) {
    area['navigation'] = pages.map((p) => ({
      nav: { label: p.label, icon: p.icon, iconType: 'momentum', navigateTo: p.id, align: 'top' },
      page: {
        id: p.id,
        widgets: Object.fromEntries(p.columns.flat().map((e) => [e.name, e.entry])),
        layout: grid(p.columns),
      },
    }));
  }
  if (c.headless.length) {
    area['headless'] = {
      id: 'dw-headless',
      widgets: Object.fromEntries(c.headless.map((e) => [e.name, e.entry])),
      layout: grid([c.headless]),
    };
  }
  return { version: LAYOUT_VERSION, area };
}

/**
 * The whole Desktop layout: `base` (a tenant layout that passed checkBaseLayout; default: the Desktop
 * default layout of assets/layout) with the entries of every role added, the base kept whole.
 */
export function desktopLayout(roles: Record<Role, RoleContent>, base?: unknown): Record<Role, unknown> {
  const own = { agent: roleLayout(roles.agent), supervisor: roleLayout(roles.supervisor), supervisorAgent: roleLayout(roles.supervisorAgent) };
  return mergeLayout(base ?? defaultDesktopLayout(), own);
}
