// `finesse-migrate layout`: a Finesse desktop layout turned into a Desktop layout, placing each gadget
// URL's migrated entry (from an earlier `migrate` run's report.json) where the Finesse layout had it.
// Pure: parsed layout and report in, layout JSON and an account of every gadget occurrence out.
import type { FinesseLayout, LayoutGadget, LayoutHeaderItem } from '../parse/finesse-layout.js';
import type { GadgetRecord, Report } from '../report/report.js';
import { areaName, desktopLayout, emptyRole, type Entry, type PlacedEntry, type Role, type RoleContent } from './desktop-layout.js';
import { widgetScriptUrl } from './widget-fragment.js';

export type Outcome =
  /** Placed: its migrated entry is in the Desktop layout. */
  | 'placed'
  /** A Cisco built-in whose part the Desktop plays itself (call control, team data, Multi-Tab container). */
  | 'builtin'
  /** Needs a person: no migrated gadget matches, several do, or the match has no layout entry. */
  | 'unmatched';

export interface Occurrence {
  /** The role as the layout writes it (Agent, Supervisor); `all` for the header, which every role shares. */
  role: string;
  /** `page` (above the tabs), `header`, or the tab id. */
  where: string;
  url: string;
  line: number;
  outcome: Outcome;
  /** The matched gadget's id in report.json. */
  gadget?: string;
  /** Desktop area the entry went to (`header`: area.advancedHeader of every role). */
  area?: 'navigation' | 'panel' | 'header' | 'headless';
  note: string;
}

export interface LayoutConversion {
  layout: Record<Role, unknown>;
  occurrences: Occurrence[];
}

/** Cisco built-ins by file name: what stands in for them on the Desktop. */
const BUILTINS: [RegExp, string][] = [
  [/callcontrol/i, 'call control is part of the Desktop'],
  [/tabbedGadgets/i, 'the Multi-Tab container: the gadgets it managed become tabs of the auxiliary pane'],
  [/teamPerformance|TeamPerformance/i, 'team performance: the Desktop has its own Team Performance and supervisor views'],
  [/queueStatistics|QueueStatistics/i, 'queue statistics: the Desktop has its own queue statistics'],
  [/CustomerContext/i, 'Customer Context: use the Desktop\'s own customer experience widgets'],
];

/** Cisco's own header components (shindig-spec.md §6.1), by component id or file name. */
const HEADER_BUILTINS: [RegExp, string][] = [
  [/logo/i, 'the Finesse logo: the Desktop header shows its own; brand it with the layout\'s logo and appTitle'],
  [/agent-?voice-?state/i, 'agent state: the Desktop header\'s state selector (agentx-state-selector)'],
  [/non-?voice/i, 'digital channel states: the Desktop header\'s state selector covers every channel'],
  [/broadcast|teammessage/i, 'team messages: the nearest the Desktop header has is its notification center (agentx-notification)'],
  [/make-?new-?call/i, 'make a new call: the Desktop header\'s outdial (agentx-outdial)'],
  [/chat/i, 'chat between agents: the Desktop header\'s Webex App (agentx-webex)'],
  [/identity/i, 'the agent\'s identity and sign-out: the Desktop\'s own user menu'],
];

/** What a header entry is: 64 px high, a flex box (target.md F 21), as wide as its Finesse header column. */
const HEADER_STYLE = 'height:64px;display:flex;';

/**
 * A widget's (or agentx-wc-iframe's) layout entry adapted for area.advancedHeader: no title bar, no
 * page-sized `style`, and the header's height and display as the `style` attribute (which the
 * iframe passes to its frame, target.md C.8), with `width` when the Finesse header column had one.
 */
export function headerEntry(entry: Entry, width?: string): Entry {
  const e: Entry = { ...entry };
  delete e['wrapper'];
  delete e['style'];
  const attributes = { ...((e['attributes'] as Record<string, string> | undefined) ?? {}) };
  const w = width && /^\d+(\.\d+)?(px|%|em|rem|vw)$/.test(width) ? `width:${width};` : '';
  if (attributes['style'] === undefined) attributes['style'] = HEADER_STYLE + w;
  e['attributes'] = attributes;
  return e;
}

const segments = (p: string): string[] => p.toLowerCase().split(/[\\/!]+/).filter(Boolean);

/** How many trailing path segments of the layout URL and a gadget source agree (0: not even the file name). */
function matchScore(url: string, source: string): number {
  const path = url.replace(/[?#].*$/, '');
  const a = segments(path.replace(/^[a-z]+:\/\/[^/]+/i, ''));
  const b = segments(source);
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function findGadget(url: string, records: GadgetRecord[]): { record?: GadgetRecord; note?: string } {
  let best = 0;
  let found: GadgetRecord[] = [];
  for (const r of records) {
    const s = matchScore(url, r.source);
    if (s > best) {
      best = s;
      found = [r];
    } else if (s === best && s > 0) found.push(r);
  }
  if (found.length === 0) return { note: 'no migrated gadget has this file name; migrate its folder and run again' };
  if (found.length > 1) return { note: `matches ${found.map((r) => r.source).join(' and ')} equally; keep one, or rename` };
  return { record: found[0]! };
}

function roleTargets(layout: FinesseLayout): Map<Role, number> {
  // Supervisors in Finesse get the Supervisor layout, and so does a supervisor who takes calls.
  const agent = layout.roles.findIndex((r) => /^agent$/i.test(r.role));
  const sup = layout.roles.findIndex((r) => /^supervisor$/i.test(r.role));
  const a = agent >= 0 ? agent : 0;
  const s = sup >= 0 ? sup : a;
  return new Map<Role, number>([['agent', a], ['supervisor', s], ['supervisorAgent', s]]);
}

const ICONS: Record<string, string> = { home: 'home', 'manage-team': 'team', 'team-data': 'team' };

export function convertFinesseLayout(layout: FinesseLayout, report: Report, options: { cdnBase?: string } = {}): LayoutConversion {
  const records = report.gadgets.filter((r) => r.id && r.classification !== 'not-a-gadget');
  const occurrences: Occurrence[] = [];
  const contents = new Map<number, RoleContent>();

  const entryOf = (r: GadgetRecord, headless: boolean, url?: string): Entry => {
    const e = withLayoutParameters({ ...(r.layoutFragment as unknown as Entry) }, r, url);
    if (options.cdnBase && typeof e['script'] === 'string') e['script'] = widgetScriptUrl(options.cdnBase, e.comp);
    if (headless) delete e['wrapper'];
    return e;
  };

  type Base = Pick<Occurrence, 'role' | 'where' | 'url' | 'line'>;
  /** The migrated gadget with a layout entry that a URL names; otherwise its occurrence says why not. */
  const lookup = (g: LayoutGadget, base: Base, builtins: [RegExp, string][]): GadgetRecord | undefined => {
    if (g.kind === 'cisco-builtin') {
      const id = g.attributes['id'] ?? '';
      const why = builtins.find(([re]) => re.test(g.url) || (id !== '' && re.test(id)))?.[1] ?? 'a Finesse built-in the Desktop replaces with its own';
      occurrences.push({ ...base, outcome: 'builtin', note: why });
      return undefined;
    }
    if (g.kind === 'cuic-report') {
      occurrences.push({ ...base, outcome: 'unmatched', note: 'a CUIC Live Data report: use the Desktop\'s own statistics or Analyzer, or embed the report URL with agentx-wc-iframe' });
      return undefined;
    }
    const { record, note } = findGadget(g.url, records);
    if (!record) {
      occurrences.push({ ...base, outcome: 'unmatched', note: note! });
      return undefined;
    }
    if (!record.layoutFragment) {
      occurrences.push({ ...base, outcome: 'unmatched', gadget: record.id!, note: `${record.source} has no layout entry (status ${record.status}); fix it and migrate again` });
      return undefined;
    }
    const { missing } = layoutParameterValues(record, g.url);
    if (missing.length) {
      occurrences.push({ ...base, outcome: 'unmatched', gadget: record.id!, note: `${record.source} frames the URL its gadget URL gives in ?${missing.join('=, ?')}=, which this <gadget> URL does not have: add it` });
      return undefined;
    }
    return record;
  };

  // The header is the same for every role: each item is looked up once, then placed in every role.
  const header: { item: LayoutHeaderItem; record: GadgetRecord }[] = [];
  for (const item of layout.header) {
    const base = { role: 'all', where: 'header', url: item.url, line: item.line };
    if (item.element === 'component' && item.kind !== 'cisco-builtin' && /\.js$/i.test(item.url.replace(/[?#].*$/, ''))) {
      occurrences.push({ ...base, outcome: 'unmatched', note: 'a custom header component (a script, not a gadget): rewrite it as a Desktop header widget (area.advancedHeader)' });
      continue;
    }
    const record = lookup(item, base, [...HEADER_BUILTINS, ...BUILTINS]);
    if (!record) continue;
    const column = item.side ? ` (${item.side}-aligned${item.width ? `, ${item.width} wide` : ''})` : '';
    occurrences.push({
      ...base,
      outcome: 'placed',
      gadget: record.id!,
      area: item.hidden ? 'headless' : 'header',
      note: (item.hidden
        ? 'hidden="true" in the header: a headless widget of every role'
        : `in the Finesse header${column}: in every role's Desktop header, after its own items`) + filledNote(record, item.url),
    });
    header.push({ item, record });
  }

  layout.roles.forEach((role, index) => {
    const c = emptyRole();
    contents.set(index, c);
    const names = new Set<string>();
    const uniqueName = (id: string): string => {
      let n = areaName(id);
      for (let i = 2; names.has(n); i++) n = `${areaName(id)}_${i}`;
      names.add(n);
      return n;
    };
    const resolve = (g: LayoutGadget, where: string): PlacedEntry | undefined => {
      const base = { role: role.role, where, url: g.url, line: g.line };
      const record = lookup(g, base, BUILTINS);
      if (!record) return undefined;
      const area = g.hidden ? 'headless' : where === 'page' ? 'panel' : 'navigation';
      occurrences.push({
        ...base,
        outcome: 'placed',
        gadget: record.id!,
        area,
        note: (g.hidden
          ? 'hidden="true": a headless widget'
          : where === 'page'
            ? (g.attributes['managedBy'] ? `managed by the Multi-Tab gadget "${g.attributes['managedBy']}": a tab of the auxiliary pane` : 'shown above every tab: a tab of the auxiliary pane')
            : `on tab "${where}"`) + filledNote(record, g.url),
      });
      return { name: uniqueName(record.id!), title: record.title ?? record.id!, entry: entryOf(record, g.hidden, g.url) };
    };

    for (const g of role.page) {
      const p = resolve(g, 'page');
      if (!p) continue;
      if (g.hidden) c.headless.push(p);
      else c.tabs.push(p);
    }
    for (const tab of role.tabs) {
      const columns: PlacedEntry[][] = [];
      for (const col of tab.columns) {
        const placed: PlacedEntry[] = [];
        for (const g of col) {
          const p = resolve(g, tab.id);
          if (!p) continue;
          if (g.hidden) c.headless.push(p);
          else placed.push(p);
        }
        columns.push(placed);
      }
      if (columns.some((col) => col.length)) {
        c.pages.push({ id: `fm-${areaName(tab.id).toLowerCase()}`, label: tab.label, icon: (tab.icon && Object.hasOwn(ICONS, tab.icon) ? ICONS[tab.icon] : undefined) ?? 'stored-info', columns });
      }
    }
    for (const { item, record } of header) {
      const placed = { name: uniqueName(record.id!), title: record.title ?? record.id! };
      if (item.hidden) c.headless.push({ ...placed, entry: entryOf(record, true, item.url) });
      else c.header.push({ ...placed, entry: headerEntry(entryOf(record, false, item.url), item.width) });
    }
  });

  const targets = roleTargets(layout);
  const pick = (r: Role): RoleContent => contents.get(targets.get(r)!) ?? emptyRole();
  return { layout: desktopLayout({ agent: pick('agent'), supervisor: pick('supervisor'), supervisorAgent: pick('supervisorAgent') }), occurrences };
}

/**
 * The values a `<gadget>` URL's query string gives the record's layout parameters (issue 11: a generic
 * frame gadget reads its URL from `gadget.xml?url=...`), and the required ones it lacks.
 */
export function layoutParameterValues(record: GadgetRecord, url: string): { values: { target: string; name: string; value: string }[]; missing: string[] } {
  const params = record.layoutParameters ?? [];
  if (!params.length) return { values: [], missing: [] };
  let query: URLSearchParams;
  try {
    query = new URL(url, 'https://finesse.invalid/').searchParams;
  } catch {
    query = new URLSearchParams();
  }
  const values: { target: string; name: string; value: string }[] = [];
  const missing: string[] = [];
  for (const p of params) {
    const value = query.get(p.name);
    // The frame's URL must be one the Desktop can frame: absolute http(s).
    if (value === null || value.trim() === '' || (p.target === 'attributes.src' && !/^https?:\/\/\S+$/i.test(value.trim()))) {
      if (p.required) missing.push(p.name);
      continue;
    }
    values.push({ target: p.target, name: p.name, value: value.trim() });
  }
  return { values, missing };
}

function withLayoutParameters(e: Entry, record: GadgetRecord, url: string | undefined): Entry {
  if (!url) return e;
  for (const { target, value } of layoutParameterValues(record, url).values) {
    const [part, key] = [target.slice(0, target.indexOf('.')), target.slice(target.indexOf('.') + 1)];
    // A bare number was pixels to the gadget (gadgets.window.adjustHeight(300)).
    const v = part === 'style' && /^\d+$/.test(value) ? `${value}px` : value;
    const current = (e[part] && typeof e[part] === 'object' ? e[part] : {}) as Record<string, string>;
    e[part] = { ...current, [key]: v };
  }
  return e;
}

function filledNote(record: GadgetRecord, url: string): string {
  const { values } = layoutParameterValues(record, url);
  return values.length ? `; from its gadget URL: ${values.map((v) => `${v.target} = ${v.name}`).join(', ')}` : '';
}
