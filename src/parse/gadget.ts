// Gadget XML → the typed Gadget model, following Shindig's GadgetSpec/ModulePrefs/View rules
// (../shared/reference/shindig-spec.md §1-2). Every file is read through the gadget's SourceTree.
import path from 'node:path/posix';
import type {
  BuildStep, ContentSection, Feature, Gadget, LocaleSpec, ModulePrefs, ScriptBlock, SourcePosition, StyleBlock, UserPref,
  UserPrefDatatype, View,
} from '../model.js';
import { nullProto } from '../null-proto.js';
import { DiagnosticSink, LineMap } from '../diagnostics.js';
import { decodeBytes, xmlDeclaredEncoding } from './decode.js';
import { parseViewHtml } from './html.js';
import { unreachableReason } from './hosts.js';
import { resolveRef } from './resources.js';
import { normalizeRel, type SourceTree } from './source-tree.js';
import { OffsetMap, Substituter, unresolvedTokens } from './substitute.js';
import { maskTemplateMarkers, templateMode, type TemplateMarker } from './template-markers.js';
import { childElements, descendants, parseXml, textContent, type XmlDocument, type XmlElement } from './xml.js';

export interface ParseOptions {
  /** Locale used to pick `<Locale>` bundles for `__MSG_x__`, as `ll` or `ll-CC`. Default `en-US`. */
  locale?: string;
}

export type SpecFile =
  | { kind: 'gadget'; gadget: Gadget; diagnostics: DiagnosticSink }
  | { kind: 'not-a-gadget'; rootElement?: string; diagnostics: DiagnosticSink }
  | { kind: 'failed'; diagnostics: DiagnosticSink };

const KNOWN_DATATYPES = new Set<UserPrefDatatype>(['string', 'hidden', 'bool', 'enum', 'list', 'number']);
const CONTENT_ATTRS = new Set(['type', 'view', 'href', 'preferred_height', 'preferred_width', 'authz', 'quirks', 'sign_owner', 'sign_viewer']);
const USERPREF_ATTRS = new Set(['name', 'display_name', 'default_value', 'required', 'datatype']);

/**
 * Reads and decodes an XML file of the tree, reporting encoding trouble. With `templated`, server
 * template markers are masked first (parse/template-markers.ts) and returned with their positions.
 */
export function readXml(
  tree: SourceTree, rel: string, sink: DiagnosticSink, templated = false,
): { doc?: XmlDocument; file: string; markers?: { marker: TemplateMarker; at: SourcePosition }[] } {
  const file = tree.displayPath(rel);
  const bytes = tree.read(rel);
  if (!bytes) {
    sink.error('unreadable-file', 'the file cannot be read (missing, not a regular file, or over the size limit)', { file });
    return { file };
  }
  const decoded = decodeBytes(bytes, xmlDeclaredEncoding(bytes));
  if (decoded.note) sink.warn('encoding', decoded.note, { file, line: 1, column: 1 });
  const masked = templated ? maskTemplateMarkers(decoded.text, templateMode(rel, decoded.text)) : { text: decoded.text, markers: [] };
  const parsed = parseXml(masked.text);
  const lines = parsed.ok ? parsed.doc.lines : parsed.lines;
  for (const issue of parsed.ok ? parsed.doc.issues : parsed.issues) {
    sink.add(issue.severity, issue.code, issue.message, { file, ...lines.position(issue.offset) });
  }
  // Newlines inside markers are kept, so a marker's line in the original is its line here.
  const positionIn = linePositions(decoded.text);
  const markers = masked.markers.map((marker) => ({ marker, at: { file, ...positionIn(marker.offset) } }));
  for (const { marker, at } of markers) {
    const shown = JSON.stringify(marker.text.length > 80 ? `${marker.text.slice(0, 77)}...` : marker.text);
    if (marker.kind === 'value') sink.warn('template-value', `${shown} is filled in by the server that serves the spec; its value is unknown here, and ${marker.token} stands for it in the output`, at);
    else sink.warn('template-code', `server-side code ${shown} is removed: what it printed or hid (both branches of a condition are kept) is unknown here`, at);
  }
  return parsed.ok ? { doc: parsed.doc, file, markers } : { file, markers };
}

/**
 * Line and column (lines counted by LF) of offsets asked in rising order, as markers come: each call
 * goes on from where the last stopped, so 100k markers cost one pass over the text, not 100k.
 */
function linePositions(text: string): (offset: number) => { line: number; column: number } {
  let line = 1;
  let last = -1;
  let next = text.indexOf('\n');
  return (offset) => {
    if (offset <= last) {
      line = 1;
      last = -1;
      next = text.indexOf('\n');
    }
    for (; next >= 0 && next < offset; next = text.indexOf('\n', next + 1)) {
      line++;
      last = next;
    }
    return { line, column: offset - last };
  };
}

function splitList(v: string | undefined): string[] {
  return (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);
}

function parseBool(v: string | undefined, dflt = false): boolean {
  return v === undefined ? dflt : v.trim().toLowerCase() === 'true';
}

export function parseGadgetFile(tree: SourceTree, rel: string, options: ParseOptions = {}): SpecFile {
  const sink = new DiagnosticSink();
  const { doc, file, markers } = readXml(tree, rel, sink, true);
  if (!doc) return { kind: 'failed', diagnostics: sink };
  const root = doc.root;
  if (root.local !== 'Module') return { kind: 'not-a-gadget', rootElement: root.name, diagnostics: sink };
  const pos = (offset: number): SourcePosition => ({ file, ...doc.lines.position(offset) });
  if (root.prefix) sink.warn('prefixed-element', `<${root.name}> uses a namespace prefix; Shindig would not find it, read as <Module>`, pos(root.start));

  const dir = path.dirname(rel) === '.' ? '' : path.dirname(rel);
  const [lang, country] = (options.locale ?? 'en-US').split(/[-_]/);
  const userLang = (lang ?? 'en').toLowerCase();
  const userCountry = (country ?? 'ALL').toUpperCase();

  // ModulePrefs: exactly one in Shindig; a real Cisco sample has none, so carry on without it.
  const prefsEls = childElements(root, 'ModulePrefs');
  if (prefsEls.length === 0) sink.warn('missing-moduleprefs', 'no <ModulePrefs>: title and features are empty (Shindig would refuse the spec)', pos(root.start));
  for (const extra of prefsEls.slice(1)) sink.error('duplicate-moduleprefs', 'a second <ModulePrefs> is ignored', pos(extra.start));
  const prefsEl = prefsEls[0];

  // Locales come first: their messages feed every other substitution.
  const locales = prefsEl ? childElements(prefsEl, 'Locale').map((el) => parseLocale(el, tree, dir, pos, sink)) : [];
  const messages = mergeMessages(locales, userLang, userCountry);
  const chosen = pickLocale(locales, userLang, userCountry);

  const userPrefs = parseUserPrefs(root, pos, sink);
  const substituter = new Substituter({
    messages,
    prefs: userPrefs.map((p) => ({ name: p.name, value: p.defaultValue })),
    // The module id is the instance id Finesse assigns at run time; there is none in a migration.
    moduleId: '0',
    direction: chosen?.languageDirection ?? 'ltr',
  });
  for (const p of userPrefs) {
    p.displayName = substituter.apply(p.displayName);
    p.defaultValue = substituter.apply(p.defaultValue);
    for (const e of p.enumValues) e.displayValue = substituter.apply(e.displayValue);
  }

  const modulePrefs = prefsEl ? parseModulePrefs(prefsEl, substituter, locales, pos, sink) : emptyModulePrefs();
  const contents = childElements(root, 'Content').map((el) => parseContent(el, doc, pos, sink));
  if (contents.length === 0) sink.error('missing-content', 'no <Content> section: there is nothing to render or migrate', pos(root.start));

  const unknownElements: Gadget['unknownElements'] = [];
  for (const c of childElements(root)) {
    if (!['ModulePrefs', 'UserPref', 'Content', 'ExternalServices'].includes(c.local)) {
      unknownElements.push({ path: `Module/${c.name}`, at: pos(c.start) });
      sink.info('unknown-element', `<${c.name}> is not part of the gadget spec; ignored`, pos(c.start));
    }
  }
  if (prefsEl) {
    const known = ['Require', 'Optional', 'Preload', 'Icon', 'Locale', 'Link', 'OAuth', 'OAuth2'];
    for (const c of childElements(prefsEl)) {
      if (!known.includes(c.local)) unknownElements.push({ path: `Module/ModulePrefs/${c.name}`, at: pos(c.start) });
    }
  }

  const gadget: Gadget = {
    source: file,
    root: tree.display,
    dir,
    specificationVersion: root.attrs['specificationVersion'] ?? '1.0',
    modulePrefs,
    hasModulePrefs: prefsEl !== undefined,
    userPrefs,
    contents,
    views: [],
    unknownElements,
    locale: { lang: userLang, country: userCountry, direction: chosen?.languageDirection ?? 'ltr' },
  };
  const values = (markers ?? []).filter((m) => m.marker.kind === 'value');
  if (values.length) gadget.templateValues = values.map((m) => ({ token: m.marker.token!, marker: m.marker.text, at: m.at }));
  buildViews(gadget, substituter, tree, pos, sink);
  return { kind: 'gadget', gadget, diagnostics: sink };
}

function emptyModulePrefs(): ModulePrefs {
  return {
    title: '', attributes: nullProto<string>(), height: 0, width: 0, scrolling: false,
    features: [],
    preloads: [], icons: [], links: [], locales: [], oauth: [],
  };
}

function parseInt0(v: string | undefined, what: string, at: SourcePosition, sink: DiagnosticSink): number {
  if (v === undefined || v.trim() === '') return 0;
  if (!/^\s*[+-]?\d+\s*$/.test(v)) {
    sink.warn('bad-number', `${what}="${v}" is not an integer; read as 0 (as Shindig does)`, at);
    return 0;
  }
  return parseInt(v, 10);
}

function parseModulePrefs(
  el: XmlElement, sub: Substituter, locales: LocaleSpec[], pos: (o: number) => SourcePosition, sink: DiagnosticSink,
): ModulePrefs {
  // Null-prototype tables: attribute names are gadget data (`__proto__`, `constructor`).
  const attributes = nullProto<string>();
  for (const [k, v] of Object.entries(el.attrs)) attributes[k] = sub.apply(v);
  const at = pos(el.start);
  const features = new Map<string, Feature>();
  for (const f of childElements(el).filter((c) => c.local === 'Require' || c.local === 'Optional')) {
    const name = f.attrs['feature']?.trim();
    if (!name) {
      sink.error('feature-without-name', `<${f.name}> has no feature attribute; ignored`, pos(f.start));
      continue;
    }
    if (features.has(name)) sink.info('duplicate-feature', `feature "${name}" is declared again; the last declaration wins`, pos(f.start));
    features.delete(name); // keep document order of the winning declaration
    features.set(name, {
      name,
      required: f.local === 'Require',
      views: splitList(f.attrs['views']),
      params: descendants(f, 'Param').flatMap((p) => {
        const pname = p.attrs['name'];
        if (pname === undefined) {
          sink.error('param-without-name', `<Param> of feature "${name}" has no name; ignored`, pos(p.start));
          return [];
        }
        return [{ name: pname, value: sub.apply(textContent(p)) }];
      }),
      at: pos(f.start),
    });
  }
  const prefs: ModulePrefs = {
    title: attributes['title'] ?? '',
    attributes,
    height: parseInt0(attributes['height'], 'height', at, sink),
    width: parseInt0(attributes['width'], 'width', at, sink),
    scrolling: parseBool(attributes['scrolling']),
    features: [...features.values()],
    preloads: childElements(el, 'Preload').flatMap((p) => {
      const href = p.attrs['href'];
      if (!href) {
        sink.error('preload-without-href', '<Preload> has no href; ignored', pos(p.start));
        return [];
      }
      const attrs = nullProto<string>();
      for (const [k, v] of Object.entries(p.attrs)) if (!['href', 'authz', 'views'].includes(k)) attrs[k] = sub.apply(v);
      return [{ href: sub.apply(href), authz: (p.attrs['authz'] ?? 'none').toLowerCase(), views: splitList(p.attrs['views']), attributes: attrs }];
    }),
    icons: childElements(el, 'Icon').map((i) => {
      const icon: ModulePrefs['icons'][number] = { value: sub.apply(textContent(i).trim()), type: i.attrs['type'] ?? '' };
      if (i.attrs['mode'] === 'base64') icon.mode = 'base64';
      else if (i.attrs['mode'] !== undefined) sink.error('bad-icon-mode', `<Icon mode="${i.attrs['mode']}"> must be absent or "base64"`, pos(i.start));
      return icon;
    }),
    links: childElements(el, 'Link').flatMap((l) => {
      if (!l.attrs['rel'] || !l.attrs['href']) {
        sink.error('link-incomplete', '<Link> needs both rel and href; ignored', pos(l.start));
        return [];
      }
      return [{ rel: sub.apply(l.attrs['rel']), href: sub.apply(l.attrs['href']), method: (l.attrs['method']?.toUpperCase() === 'POST' ? 'POST' : 'GET') as 'GET' | 'POST' }];
    }),
    locales,
    oauth: childElements(el).filter((c) => c.local === 'OAuth' || c.local === 'OAuth2').map((o) => ({
      kind: o.local as 'OAuth' | 'OAuth2',
      services: childElements(o, 'Service').map((s) => s.attrs['name'] ?? ''),
    })),
  };
  if (attributes['description'] !== undefined) prefs.description = attributes['description'];
  return prefs;
}

function parseLocale(el: XmlElement, tree: SourceTree, dir: string, pos: (o: number) => SourcePosition, sink: DiagnosticSink): LocaleSpec {
  const at = pos(el.start);
  let direction = (el.attrs['language_direction'] ?? 'ltr').trim().toLowerCase();
  if (direction !== 'ltr' && direction !== 'rtl') {
    sink.error('bad-language-direction', `language_direction="${el.attrs['language_direction']}" must be ltr or rtl; read as ltr`, at);
    direction = 'ltr';
  }
  const locale: LocaleSpec = {
    lang: (el.attrs['lang'] ?? 'all').trim().toLowerCase() || 'all',
    country: (el.attrs['country'] ?? 'ALL').trim().toUpperCase() || 'ALL',
    languageDirection: direction as 'ltr' | 'rtl',
    views: splitList(el.attrs['views']),
    messages: [],
    at,
  };
  const ref = el.attrs['messages'];
  if (ref !== undefined && ref.trim() !== '') {
    locale.messagesRef = ref;
    // An external bundle replaces the inline messages entirely (Shindig does not merge them).
    const resolved = resolveRef(ref, dir, tree);
    if (resolved.kind === 'local' && resolved.path && resolved.exists) {
      const bundleSink = new DiagnosticSink();
      const { doc, file } = readXml(tree, resolved.path, bundleSink);
      for (const d of bundleSink.items) sink.add(d.severity, d.code, d.message, d);
      locale.messagesFile = file;
      if (doc) {
        if (doc.root.local !== 'messagebundle') sink.warn('bad-message-bundle', `${file}: root element is <${doc.root.name}>, not <messagebundle>`, { file, line: 1, column: 1 });
        locale.messages = readMessages(doc.root, doc, file, sink);
      }
    } else if (resolved.kind === 'local' || resolved.kind === 'unresolved') {
      sink.error('missing-message-bundle', `message bundle "${ref}" is not in the gadget folder; __MSG_x__ tokens of this locale stay unresolved`, at);
    } else {
      sink.warn('remote-message-bundle', `message bundle "${ref}" is remote and is not fetched; copy it next to the gadget to resolve its messages`, at);
    }
  } else {
    locale.messages = readMessages(el, undefined, at.file, sink, pos);
  }
  return locale;
}

function readMessages(
  el: XmlElement, doc: XmlDocument | undefined, file: string, sink: DiagnosticSink, pos?: (o: number) => SourcePosition,
): { name: string; value: string }[] {
  const where = (o: number): SourcePosition => (pos ? pos(o) : { file, ...doc!.lines.position(o) });
  return descendants(el, 'msg').flatMap((m) => {
    const name = m.attrs['name'];
    if (name === undefined) {
      sink.error('msg-without-name', '<msg> has no name; ignored', where(m.start));
      return [];
    }
    // Shindig serialises the children as HTML: keep the markup of nested elements.
    const src = doc?.text ?? '';
    const value = m.children.some((c) => c.type === 'element') && src
      ? src.slice(m.innerStart, m.innerEnd)
      : textContent(m);
    return [{ name, value: value.trim() }];
  });
}

/** Bundles merge all_ALL → all_CC → ll_ALL → ll_CC; later entries win (Shindig MessageBundleFactory). */
export function mergeMessages(locales: LocaleSpec[], lang: string, country: string): Map<string, string> {
  const order = [['all', 'ALL'], ['all', country], [lang, 'ALL'], [lang, country]];
  const merged = new Map<string, string>();
  const seen = new Set<string>();
  for (const [l, c] of order) {
    const key = `${l}_${c}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // Global locales first, view-scoped ones after so they take precedence.
    const matching = locales.filter((x) => x.lang === l && x.country === c).sort((a, b) => a.views.length - b.views.length);
    for (const loc of matching) for (const m of loc.messages) merged.set(m.name, m.value);
  }
  return merged;
}

function pickLocale(locales: LocaleSpec[], lang: string, country: string): LocaleSpec | undefined {
  return locales.find((l) => l.lang === lang && l.country === country)
    ?? locales.find((l) => l.lang === lang && l.country === 'ALL')
    ?? locales.find((l) => l.lang === 'all');
}

function parseUserPrefs(root: XmlElement, pos: (o: number) => SourcePosition, sink: DiagnosticSink): UserPref[] {
  const prefs: UserPref[] = [];
  const names = new Set<string>();
  for (const el of childElements(root, 'UserPref')) {
    const at = pos(el.start);
    const name = el.attrs['name'];
    if (name === undefined || name.trim() === '') {
      sink.error('userpref-without-name', '<UserPref> has no name; ignored', at);
      continue;
    }
    if (names.has(name)) {
      sink.error('duplicate-userpref', `UserPref "${name}" is declared twice; the first declaration is kept`, at);
      continue;
    }
    names.add(name);
    const written = el.attrs['datatype']?.trim();
    const lower = (written ?? 'string').toLowerCase() as UserPrefDatatype;
    const pref: UserPref = {
      name,
      displayName: el.attrs['display_name'] ?? name,
      defaultValue: el.attrs['default_value'] ?? '',
      required: parseBool(el.attrs['required']),
      datatype: KNOWN_DATATYPES.has(lower) ? lower : 'string',
      enumValues: descendants(el, 'EnumValue').flatMap((e) => {
        const value = e.attrs['value'];
        if (value === undefined) {
          sink.error('enumvalue-without-value', `<EnumValue> of UserPref "${name}" has no value; ignored`, pos(e.start));
          return [];
        }
        return [{ value, displayValue: e.attrs['display_value'] ?? value }];
      }),
      extraAttributes: nullProto<string>(),
      at,
    };
    if (written !== undefined && !KNOWN_DATATYPES.has(lower)) {
      pref.datatypeAsWritten = written;
      sink.warn('unknown-datatype', `UserPref "${name}" datatype="${written}" is not one Shindig knows; read as string`, at);
    }
    for (const [k, v] of Object.entries(el.attrs)) if (!USERPREF_ATTRS.has(k)) pref.extraAttributes[k] = v;
    if (pref.datatype === 'enum' && pref.enumValues.length === 0) sink.warn('enum-without-values', `UserPref "${name}" is an enum with no <EnumValue>`, at);
    prefs.push(pref);
  }
  return prefs;
}

interface SectionText {
  section: ContentSection;
  /** Maps offsets in rawText to offsets in the gadget file. */
  toFile: OffsetMap;
}
const sectionText = new WeakMap<ContentSection, SectionText>();

function parseContent(el: XmlElement, doc: XmlDocument, pos: (o: number) => SourcePosition, sink: DiagnosticSink): ContentSection {
  const at = pos(el.start);
  const typeAsWritten = el.attrs['type'];
  const t = (typeAsWritten ?? 'html').trim().toLowerCase();
  const type: ContentSection['type'] = t === 'html' || t === 'url' || t === 'html-sanitized' ? t : 'unknown';
  if (type === 'unknown') sink.warn('unknown-content-type', `<Content type="${typeAsWritten}"> is not html or url`, at);
  let encoding: ContentSection['encoding'] = 'empty';
  let rawText = '';
  const segments: { out: number; in: number; copy: boolean }[] = [];
  const hasElements = el.children.some((c) => c.type === 'element');
  if (hasElements) {
    // Shindig keeps only the text of raw child elements; the author clearly meant them as HTML.
    encoding = 'raw-elements';
    rawText = doc.text.slice(el.innerStart, el.innerEnd);
    segments.push({ out: 0, in: el.innerStart, copy: true });
    sink.warn('content-raw-elements', '<Content> holds raw elements instead of CDATA; read its source as HTML (wrap it in <![CDATA[ ]]>)', at);
  } else {
    for (const c of el.children) {
      if (c.type !== 'text' && c.type !== 'cdata') continue;
      segments.push({ out: rawText.length, in: c.start, copy: true });
      rawText += c.value;
      if (c.type === 'cdata' && c.value.trim()) encoding = 'cdata';
      else if (c.type === 'text' && c.value.trim() && encoding !== 'cdata') encoding = 'escaped';
    }
  }
  const section: ContentSection = {
    type,
    views: splitList(el.attrs['view']),
    encoding,
    rawText,
    at,
  };
  if (section.views.length === 0) section.views = ['default'];
  if (typeAsWritten !== undefined && type !== 'unknown' && typeAsWritten !== type) section.typeAsWritten = typeAsWritten;
  if (type === 'unknown') section.typeAsWritten = typeAsWritten!;
  if (el.attrs['href'] !== undefined) section.href = el.attrs['href'];
  const authz = el.attrs['authz']?.trim().toLowerCase();
  if (authz && authz !== 'none') section.authz = authz;
  if (el.attrs['preferred_height'] !== undefined) section.preferredHeight = parseInt0(el.attrs['preferred_height'], 'preferred_height', at, sink);
  if (el.attrs['preferred_width'] !== undefined) section.preferredWidth = parseInt0(el.attrs['preferred_width'], 'preferred_width', at, sink);
  for (const k of Object.keys(el.attrs)) if (!CONTENT_ATTRS.has(k)) sink.info('unknown-attribute', `<Content ${k}="..."> is not a known Content attribute; kept`, at);
  if (type === 'url' && !section.href) sink.error('url-content-without-href', '<Content type="url"> has no href', at);
  sectionText.set(section, { section, toFile: new OffsetMap(segments.length ? segments : [{ out: 0, in: el.innerStart, copy: true }]) });
  return section;
}

function buildViews(
  gadget: Gadget, sub: Substituter, tree: SourceTree, pos: (o: number) => SourcePosition, sink: DiagnosticSink,
): void {
  const byName = new Map<string, View>();
  gadget.contents.forEach((section, index) => {
    for (const name of section.views) {
      let view = byName.get(name);
      if (!view) {
        view = { name, type: section.type, sections: [] };
        byName.set(name, view);
      } else if (view.type !== section.type) {
        sink.error('mixed-content-types', `view "${name}" mixes type="${view.type}" and type="${section.type}" sections (Shindig refuses this); the later section is ignored`, section.at);
        continue;
      }
      view.sections.push(index);
      if (section.href !== undefined) {
        if (view.href !== undefined) sink.warn('duplicate-href', `view "${name}" has more than one Content with href; the last one wins`, section.at);
        view.href = sub.apply(section.href).trim();
      }
      // Shindig quirk: the last section sets the preferred size even when it lacks the attribute.
      view.preferredHeight = section.preferredHeight ?? 0;
      view.preferredWidth = section.preferredWidth ?? 0;
    }
  });
  gadget.views = [...byName.values()];
  for (const v of gadget.views) {
    if (!v.preferredHeight) delete v.preferredHeight;
    if (!v.preferredWidth) delete v.preferredWidth;
  }
  gadget.primaryView = byName.has('default') ? 'default' : gadget.views[0]?.name;
  const others = gadget.views.filter((v) => v.name !== gadget.primaryView).map((v) => v.name);
  if (others.length) {
    sink.info('other-views', `views ${others.map((o) => `"${o}"`).join(', ')} are parsed; the migration uses "${gadget.primaryView}"`, gadget.contents[0]!.at);
  }

  for (const view of gadget.views) {
    if (view.type !== 'html' && view.type !== 'html-sanitized') continue;
    if (view.href !== undefined) {
      readContentByReference(gadget, view, sub, tree, sink);
      continue;
    }
    // Concatenate the view's sections, substituting each and keeping a map back to the file.
    let html = '';
    const parts: { start: number; sub: OffsetMap; toFile: OffsetMap }[] = [];
    for (const index of view.sections) {
      const section = gadget.contents[index]!;
      const st = sectionText.get(section)!;
      const result = sub.run(section.rawText);
      parts.push({ start: html.length, sub: result.map, toFile: st.toFile });
      html += result.text;
      for (const token of unresolvedTokens(result.text)) {
        sink.info('unresolved-token', `${token} has no value at migration time (undeclared UserPref or missing message); left as written`, section.at);
      }
    }
    const locate = (offset: number): SourcePosition => {
      let part = parts[0]!;
      for (const p of parts) if (p.start <= offset) part = p;
      return pos(part.toFile.toInput(part.sub.toInput(offset - part.start)));
    };
    const parsed = parseViewHtml({ view: view.name, html, locate, dir: gadget.dir, tree, sink });
    for (const script of parsed.scripts) readLocalScript(script, tree, sink);
    for (const style of parsed.styles) readLocalStyle(style, tree, sink);
    view.html = parsed;
  }
}

/**
 * `<Content type="html" href>`: Shindig fetches `href` and shows its body (proxied mode). A page of the
 * gadget's own folder is the gadget, read here like inline content against its own location; another
 * host's page is an application to frame; a page that is not there may be a front-end build's output.
 */
function readContentByReference(gadget: Gadget, view: View, sub: Substituter, tree: SourceTree, sink: DiagnosticSink): void {
  const section = gadget.contents[view.sections[view.sections.length - 1]!]!;
  const at = section.at;
  const url = view.href!;
  const inline = view.sections.some((i) => gadget.contents[i]!.rawText.trim() !== '');
  if (inline) sink.warn('content-href-body', `<Content href="${url}"> also has a body; Shindig shows the page at href and ignores the body, and so does the migration`, at);
  const ref = resolveRef(url, gadget.dir, tree, section.href);
  const local = ref.kind === 'local' && ref.path && ref.exists
    ? ref.path
    : ref.kind === 'local' ? undefined : serverPage(url, gadget.dir, tree);
  if (local) {
    const bytes = tree.read(local);
    if (!bytes) {
      sink.error('content-page-unreadable', `the page "${url}" named by <Content href> cannot be read (over the size limit or not a file)`, at);
      view.contentRef = { kind: 'unresolved', url, why: 'the page cannot be read' };
      return;
    }
    const decoded = decodeBytes(bytes);
    const file = tree.displayPath(local);
    if (decoded.note) sink.warn('encoding', decoded.note, { file, line: 1, column: 1 });
    // Substitution runs on the page as on inline content; positions map back to the page file.
    const { text: html, map } = sub.run(decoded.text);
    const lines = new LineMap(decoded.text);
    const dir = local.includes('/') ? local.slice(0, local.lastIndexOf('/')) : '';
    const parsed = parseViewHtml({ view: view.name, html, locate: (o) => ({ file, ...lines.position(map.toInput(o)) }), dir, tree, sink });
    parsed.page = local;
    for (const script of parsed.scripts) readLocalScript(script, tree, sink);
    for (const style of parsed.styles) readLocalStyle(style, tree, sink);
    view.html = parsed;
    const build = buildStepFor(local, tree);
    view.contentRef = { kind: 'page', url, page: file, ...(build && isBuildOutput(local, build) ? { build } : {}) };
    sink.info('content-page', `<Content href="${url}">: the gadget is the page ${file}, converted like inline content`, at);
    return;
  }
  if (ref.kind === 'local' || (ref.kind === 'finesse-server' && /^\/3rdpartygadget\//.test(ref.serverPath ?? ''))) {
    const build = buildStepFor(ref.kind === 'local' && ref.path ? ref.path : gadget.dir ? `${gadget.dir}/x` : 'x', tree);
    view.contentRef = { kind: 'missing', url, ...(build ? { build } : {}) };
    sink.error('content-page-missing', build
      ? `the page "${url}" named by <Content href> is not in the gadget folder; it looks like the output of a front-end build: run \`${build.command}\` in ${tree.displayPath(build.dir || '.')} and migrate again`
      : `the page "${url}" named by <Content href> is not in the gadget folder, so there is nothing to convert; copy it next to the gadget and migrate again`, at);
    return;
  }
  if (ref.kind === 'absolute') {
    const abs = url.startsWith('//') ? `https:${url}` : url;
    const unreachable = unreachableReason(abs);
    view.contentRef = { kind: 'remote', url: abs, ...(unreachable ? { unreachable } : {}) };
    return;
  }
  const why = ref.kind === 'finesse-server'
    ? `a page of the Finesse server (${ref.serverPath}), which the Desktop does not have`
    : 'a URL computed from a pref or template whose value is not known here';
  view.contentRef = { kind: 'unresolved', url, why };
  sink.error('content-href-unresolved', `<Content href="${url}"> is ${why}: there is nothing to convert or frame`, at);
}

/**
 * A host-relative or absolute URL of the Finesse server's third-party gadget folder
 * (`/3rdpartygadget/files/<path>`): the gadget's own folder on the server, found by the longest tail of
 * `<path>` that names a file of the tree (beside the spec first).
 */
function serverPage(url: string, dir: string, tree: SourceTree): string | undefined {
  const m = /^(?:[a-z][a-z0-9+.-]*:)?(?:\/\/[^/]*)?\/3rdpartygadget\/files\/([^?#]+)/i.exec(url.trim());
  if (!m) return undefined;
  let tail = m[1]!;
  try {
    tail = decodeURIComponent(tail);
  } catch {
    // keep it as written
  }
  const segs = tail.split('/').filter(Boolean);
  for (let k = 0; k < segs.length; k++) {
    const rest = segs.slice(k).join('/');
    for (const base of dir ? [dir, ''] : ['']) {
      const rel = normalizeRel(base ? `${base}/${rest}` : rest);
      if (rel && tree.has(rel)) return rel;
    }
  }
  return undefined;
}

/** The nearest package.json at or above `rel`'s folder that has a build script. */
function buildStepFor(rel: string, tree: SourceTree): BuildStep | undefined {
  const parts = rel.split('/').slice(0, -1);
  for (let n = parts.length; n >= 0; n--) {
    const dir = parts.slice(0, n).join('/');
    const bytes = tree.read(dir ? `${dir}/package.json` : 'package.json');
    if (!bytes) continue;
    try {
      const pkg = JSON.parse(decodeBytes(bytes).text) as { scripts?: Record<string, unknown> };
      if (typeof pkg.scripts?.['build'] === 'string') return { dir, command: 'npm run build' };
    } catch {
      // not JSON: not a front-end project
    }
  }
  return undefined;
}

/** A page under a build tool's output folder (dist/, build/, out/) of the project that builds it. */
function isBuildOutput(rel: string, build: BuildStep): boolean {
  const inside = build.dir ? rel.slice(build.dir.length + 1) : rel;
  return /^(?:dist|build|out|www|public\/build)\//.test(inside);
}

/** Reads a local script's code, unless it is a known library (jQuery, finesse.js...), which is not gadget code. */
function readLocalScript(script: ScriptBlock, tree: SourceTree, sink: DiagnosticSink): void {
  const ref = script.ref;
  if (!ref || ref.kind !== 'local' || !ref.path || ref.library) return;
  if (!ref.exists) {
    sink.error('script-missing', `script "${ref.url}" is not in the gadget folder (looked for ${tree.displayPath(ref.path)})`, script.at);
    return;
  }
  const bytes = tree.read(ref.path);
  if (!bytes) {
    sink.error('script-unreadable', `script "${ref.url}" cannot be read (over the size limit or not a file)`, script.at);
    return;
  }
  const decoded = decodeBytes(bytes);
  const file = tree.displayPath(ref.path);
  if (looksVendored(decoded.text)) {
    ref.library = 'vendor';
    sink.info('vendor-library', `"${ref.url}" is a minified third-party library that never touches finesse.* or gadgets.*; kept as a dependency, not scanned`, script.at);
    return;
  }
  if (decoded.note) sink.warn('encoding', decoded.note, { file, line: 1, column: 1 });
  script.code = decoded.text;
  script.codeAt = { file, line: 1, column: 1 };
  script.encoding = decoded.encoding;
}

/**
 * A large minified file with no Finesse or Shindig reference is a vendored library (an editor, a
 * charting kit), whatever its name: parsing it costs more than every gadget file together.
 */
export function looksVendored(code: string): boolean {
  if (code.length < 50_000) return false;
  const lines = code.split('\n').length;
  return code.length / lines > 250 && !/\b(?:finesse|gadgets)\s*\./.test(code);
}

function readLocalStyle(style: StyleBlock, tree: SourceTree, sink: DiagnosticSink): void {
  const ref = style.ref;
  // A library's stylesheet in the folder (bootstrap.min.css) is read too: the shadow root needs its rules.
  if (!ref || ref.kind !== 'local' || !ref.path) return;
  if (!ref.exists) {
    sink.warn('stylesheet-missing', `stylesheet "${ref.url}" is not in the gadget folder`, style.at);
    return;
  }
  const bytes = tree.read(ref.path);
  if (!bytes) return;
  const decoded = decodeBytes(bytes);
  const file = tree.displayPath(ref.path);
  if (decoded.note) sink.warn('encoding', decoded.note, { file, line: 1, column: 1 });
  style.code = decoded.text;
  style.codeAt = { file, line: 1, column: 1 };
}
