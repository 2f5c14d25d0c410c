// The Finesse desktop layout XML (shindig-spec.md §6): roles, the gadgets above the tabs, tabs with
// plain gadget lists or columns, every gadget by URL with its attributes. Also accepts the REST
// envelopes (<LayoutConfig>, <TeamLayoutConfig>) whose <layoutxml> holds the layout as elements or as
// escaped text. Comments switch tabs and gadgets off, so only parsed elements count, never raw text.
import { DiagnosticSink } from '../diagnostics.js';
import { childElements, parseXml, textContent, type XmlDocument, type XmlElement } from './xml.js';

export type GadgetUrlKind = 'thirdparty-relative' | 'absolute' | 'cisco-builtin' | 'cuic-report';

export interface LayoutGadget {
  /** The URL as the layout gives it, trimmed, with line breaks inside it removed. */
  url: string;
  kind: GadgetUrlKind;
  /** Every attribute (id, managedBy, hidden, default, alternateHosts, maxRows, and any other). */
  attributes: Record<string, string>;
  hidden: boolean;
  line: number;
  column: number;
}

export interface LayoutTab {
  id: string;
  /** As written: a resource-bundle key or a literal. */
  rawLabel: string;
  /** What an agent saw. */
  label: string;
  icon?: string;
  /** Columns left to right (one when the tab has no <columns>). */
  columns: LayoutGadget[][];
  line: number;
}

export interface LayoutRole {
  /** As written: Agent, Supervisor. */
  role: string;
  /** Gadgets above the tabs, on every tab. */
  page: LayoutGadget[];
  tabs: LayoutTab[];
  line: number;
}

/** A component (12.x) or a gadget in the layout's <header>, which every role shares. */
export interface LayoutHeaderItem extends LayoutGadget {
  /** `component` (12.x: Cisco's own, or a customised layout's) or `gadget` (older, customised layouts). */
  element: 'component' | 'gadget';
  /** The aligned columns it sits in; absent when it sits in neither. */
  side?: 'left' | 'right';
  /** The width of its <headercolumn>, as written (300px). */
  width?: string;
}

export interface FinesseLayout {
  file: string;
  version?: string;
  title?: string;
  /** The <header>'s components and gadgets, in document order; [] when the layout has no header. */
  header: LayoutHeaderItem[];
  roles: LayoutRole[];
}

/** Labels of Finesse's own resource bundle (shindig-spec.md §6.3); others are derived from the key. */
const KNOWN_LABELS: Record<string, string> = {
  'finesse.container.tabs.agent.homeLabel': 'Home',
  'finesse.container.tabs.agent.manageCallLabel': 'Manage Call',
  'finesse.container.tabs.supervisor.homeLabel': 'Home',
  'finesse.container.tabs.supervisor.manageCallLabel': 'Manage Call',
};

export function tabLabel(raw: string): { label: string; derived: boolean } {
  const known = Object.hasOwn(KNOWN_LABELS, raw) ? KNOWN_LABELS[raw] : undefined;
  if (known) return { label: known, derived: false };
  const m = /^finesse\.container\.tabs\.[\w.]*?([A-Za-z0-9]+)Label$/.exec(raw);
  if (!m) return { label: raw, derived: false };
  const words = m[1]!.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' ');
  return { label: words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' '), derived: true };
}

export function gadgetUrlKind(url: string): GadgetUrlKind {
  if (/\/cuic(ui)?\/.*livedata/i.test(url) || /\/cuic(ui)?\/gadget\//i.test(url)) return 'cuic-report';
  if (/^\/desktop\//i.test(url)) return 'cisco-builtin';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return 'absolute';
  return 'thirdparty-relative';
}

export function parseFinesseLayout(text: string, file: string): { layout?: FinesseLayout; diagnostics: DiagnosticSink } {
  const sink = new DiagnosticSink();
  const parsed = parseXml(text);
  if (!parsed.ok) {
    for (const i of parsed.issues) sink.add(i.severity, i.code, i.message, { file, ...parsed.lines.position(i.offset) });
    return { diagnostics: sink };
  }
  let doc: XmlDocument = parsed.doc;
  for (const i of doc.issues) sink.add(i.severity, i.code, i.message, { file, ...doc.lines.position(i.offset) });
  let root = doc.root;
  // REST envelopes: the layout is the <layoutxml> child, nested or escaped.
  if (root.local === 'LayoutConfig' || root.local === 'TeamLayoutConfig') {
    const useDefault = childElements(root, 'useDefault')[0];
    if (useDefault && textContent(useDefault).trim() === 'true') {
      sink.warn('layout-uses-default', 'the team layout says useDefault=true: Finesse ignores its layoutxml and shows the default layout', { file, ...doc.lines.position(useDefault.start) });
    }
    const inner = childElements(root, 'layoutxml')[0];
    if (!inner) {
      sink.error('layout-empty', `<${root.name}> has no <layoutxml>`, { file, ...doc.lines.position(root.start) });
      return { diagnostics: sink };
    }
    const nested = childElements(inner, 'finesseLayout')[0];
    if (nested) root = nested;
    else {
      const again = parseXml(textContent(inner).trim());
      if (!again.ok) {
        const at = doc.lines.position(inner.innerStart);
        for (const i of again.issues) sink.add(i.severity, i.code, `in <layoutxml>: ${i.message}`, { file, line: at.line });
        return { diagnostics: sink };
      }
      doc = again.doc;
      root = doc.root;
    }
  }
  const pos = (el: XmlElement) => doc.lines.position(el.start);
  if (root.local !== 'finesseLayout') {
    sink.error('not-a-layout', `the root element is <${root.name}>, not <finesseLayout>`, { file, ...pos(root) });
    return { diagnostics: sink };
  }
  const text1 = (el: XmlElement, name: string): string | undefined => {
    const c = childElements(el, name)[0];
    return c ? textContent(c).trim() : undefined;
  };
  /** A gadget, or a header component whose URL is the text of `urlEl` (its <url>). */
  const gadget = (el: XmlElement, urlEl: XmlElement = el): LayoutGadget | undefined => {
    const raw = textContent(urlEl).trim();
    const url = raw.replace(/\s*[\r\n]\s*/g, '');
    const at = pos(el);
    if (!url) {
      sink.warn('layout-empty-gadget', el.local === 'gadget' ? 'a <gadget> without a URL is ignored' : `a header <component${el.attrs['id'] ? ` id="${el.attrs['id']}"` : ''}> without a <url> is ignored`, { file, ...at });
      return undefined;
    }
    if (url !== raw) sink.warn('layout-url-whitespace', `the gadget URL is broken across lines; read as ${url}`, { file, ...at });
    return { url, kind: gadgetUrlKind(url), attributes: { ...el.attrs }, hidden: /^true$/i.test(el.attrs['hidden'] ?? ''), line: at.line, column: at.column };
  };
  const gadgetsOf = (el: XmlElement): LayoutGadget[] => childElements(el, 'gadget').map((e) => gadget(e)).filter((g): g is LayoutGadget => g !== undefined);

  // The header (12.x): header > leftAlignedColumns|rightAlignedColumns > headercolumn@width >
  // component@id > url. Older, customised layouts put a <gadget> there; take one at any depth.
  const header: LayoutHeaderItem[] = [];
  const walkHeader = (el: XmlElement, side: 'left' | 'right' | undefined, width: string | undefined): void => {
    for (const c of childElements(el)) {
      if (c.local === 'component' || c.local === 'gadget') {
        const g = c.local === 'component' ? gadget(c, childElements(c, 'url')[0] ?? c) : gadget(c);
        if (g) header.push({ ...g, element: c.local, ...(side ? { side } : {}), ...(width ? { width } : {}) });
      } else if (c.local === 'leftAlignedColumns' || c.local === 'rightAlignedColumns') walkHeader(c, c.local === 'leftAlignedColumns' ? 'left' : 'right', width);
      else walkHeader(c, side, c.local === 'headercolumn' ? c.attrs['width']?.trim() || undefined : width);
    }
  };
  const headerEl = childElements(root, 'header')[0];
  if (headerEl) walkHeader(headerEl, undefined, undefined);

  const roles: LayoutRole[] = [];
  for (const l of childElements(root, 'layout')) {
    const role = text1(l, 'role') ?? '';
    if (!role) sink.warn('layout-no-role', '<layout> without <role>: read as Agent', { file, ...pos(l) });
    const pageEl = childElements(l, 'page')[0];
    const tabs: LayoutTab[] = [];
    for (const t of childElements(childElements(l, 'tabs')[0] ?? l, 'tab')) {
      const id = text1(t, 'id') ?? '';
      const rawLabel = text1(t, 'label') ?? id;
      const { label, derived } = tabLabel(rawLabel);
      if (derived) sink.info('layout-label-derived', `tab "${id}": the label key ${rawLabel} is not one Finesse documents; shown as "${label}"`, { file, ...pos(t) });
      let columns: LayoutGadget[][];
      const cols = childElements(t, 'columns')[0];
      if (cols) columns = childElements(cols, 'column').map((c) => childElements(c, 'gadgets').flatMap(gadgetsOf));
      else {
        const direct = gadgetsOf(t);
        if (direct.length) sink.warn('layout-gadget-in-tab', `tab "${id}": <gadget> directly under <tab> (no <gadgets>), read as its gadgets`, { file, ...pos(t) });
        columns = [[...childElements(t, 'gadgets').flatMap(gadgetsOf), ...direct]];
      }
      const icon = text1(t, 'icon');
      tabs.push({ id: id || `tab${tabs.length + 1}`, rawLabel, label, ...(icon ? { icon } : {}), columns, line: pos(t).line });
    }
    roles.push({ role: role || 'Agent', page: pageEl ? gadgetsOf(pageEl) : [], tabs, line: pos(l).line });
  }
  if (roles.length === 0) sink.error('layout-no-roles', 'the layout has no <layout> for any role', { file, ...pos(root) });
  const version = text1(root, 'version');
  const title = childElements(childElements(root, 'configs')[0] ?? root, 'config').find((c) => c.attrs['key'] === 'title')?.attrs['value'];
  return { layout: { file, ...(version ? { version } : {}), ...(title ? { title } : {}), header, roles }, diagnostics: sink };
}
