// Widget conversion: one `widget` gadget in, the source of its custom element out (template, styles,
// the gadget's scripts scoped to the shadow root, assets), plus the marks and dependencies a person
// must review. Pure with respect to the output: it reads only the gadget's own tree.
import type { AnalyzedFile } from '../analyze/index.js';
import { gadgetScripts } from '../analyze/scan.js';
import type { Gadget, ResourceRef, ScriptBlock, SourcePosition, UserPref, ViewHtml } from '../model.js';
import { decodeBytes, xmlDeclaredEncoding } from '../parse/decode.js';
import type { SourceTree } from '../parse/source-tree.js';
import { rewriteCss, type CssAsset } from './css.js';
import { buildGadgetCode, type CodeSource } from './gadget-code.js';
import { markComment, todoComment, type CallSite, type Mark } from './marks.js';
import { adapterPath, type RuleTable } from '../rules/table.js';
import { buildTemplate } from './template.js';
import { serverLibrary } from './server-libraries.js';
import type { ReviewChange } from '../report/review.js';
import { HTML_ELEMENT_MEMBERS } from './html-element-members.js';
import { nullProto } from '../null-proto.js';

export interface WidgetDependencies {
  /** Absolute script URLs the element loads before the gadget code, in order. */
  externalScripts: string[];
  /** Absolute stylesheet URLs imported into the shadow root. */
  externalStyles: string[];
  /**
   * Libraries bundled from npm instead of the copy the gadget loaded. `version` and `file` (the file of
   * the package) for the Finesse server's copies (src/transform/server-libraries.ts): src/libraries.cjs
   * requires the scripts, styles.css imports the stylesheets.
   */
  npm: { name: string; replaces: string; version?: string; file?: string }[];
  /** Scripts and styles the gadget loaded that the widget does not have: Finesse-server assets, vendored copies. */
  unresolved: { url: string; why: string }[];
  /** The Finesse library, whose calls the rule table rewrites; not loaded. */
  finesseLibrary: string[];
}

export interface WidgetSource {
  elementName: string;
  title: string;
  /** Widget-relative path → content. */
  files: Map<string, string | Uint8Array>;
  marks: Mark[];
  dependencies: WidgetDependencies;
  prefs: WidgetPref[];
  hostAttributes: Record<string, string>;
  handlers: number;
  bootstraps: number;
  scripts: number;
  /** finesse.* / gadgets.* uses no rule covers, by API. */
  unmapped: Map<string, number>;
  /** Every finesse.* / gadgets.* use in the gadget code and what became of it. */
  sites: CallSite[];
  /** Views other than the one converted. */
  otherViews: string[];
  /** The gadget code uses Finesse REST objects through the generated adapter (src/finesse-compat.ts). */
  usesFinesseCompat: boolean;
  /** Originals beside what they became, for the review report. */
  changes: ReviewChange[];
}

function readText(tree: SourceTree, rel: string, xml = false): string | undefined {
  const bytes = tree.read(rel);
  if (!bytes) return undefined;
  return decodeBytes(bytes, xml ? xmlDeclaredEncoding(bytes) : undefined).text;
}

/** Attributes every HTML element has; a UserPref must not take over one of them. */
const GLOBAL_ATTRIBUTES = new Set([
  'accesskey', 'autofocus', 'class', 'contenteditable', 'dir', 'draggable', 'enterkeyhint', 'hidden', 'id', 'inert', 'inputmode', 'is',
  'itemid', 'itemprop', 'itemref', 'itemscope', 'itemtype', 'lang', 'nonce', 'part', 'popover', 'role', 'slot', 'spellcheck', 'style',
  'tabindex', 'title', 'translate',
]);

/** The attribute a UserPref is set through: kebab-case, prefixed where it would clash with a global attribute. */
export function prefAttribute(name: string): string {
  const k = name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[^A-Za-z0-9-]+/g, '-').toLowerCase().replace(/^-+|-+$/g, '') || 'pref';
  return GLOBAL_ATTRIBUTES.has(k) || k.startsWith('on') || k.startsWith('aria-') || k.startsWith('data-fm') || /^[0-9]/.test(k) ? `pref-${k}` : k;
}

/** One UserPref of the widget: its name for gadgets.Prefs, and the attribute and element property it is set through. */
export interface WidgetPref {
  name: string;
  attribute: string;
  /** The element's property for the pref: its name, unless that is reserved or not an identifier. */
  property: string;
  datatype: UserPref['datatype'];
  defaultValue: string;
  at: SourcePosition;
}

/**
 * Names the element's property for a UserPref must not take: every member of HTMLElement in a browser
 * (html-element-members.ts, generated in Chromium), the custom-element callbacks, and the members the
 * generated element class (runtime/widget/index.ts) has of its own.
 */
const RESERVED_PROPERTIES: ReadonlySet<string> = new Set([
  ...HTML_ELEMENT_MEMBERS,
  'connectedCallback', 'disconnectedCallback', 'adoptedCallback', 'attributeChangedCallback', 'connectedMoveCallback',
  'formAssociatedCallback', 'formResetCallback', 'formDisabledCallback', 'formStateRestoreCallback', 'observedAttributes',
  'runtime', 'store', 'upgradeProperties',
  '__proto__', 'constructor', 'prototype',
]);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `pref` and the name's words in PascalCase: `title` → `prefTitle`, `__proto__` → `prefProto`, `my pref` → `prefMyPref`. */
function safeProperty(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean);
  return 'pref' + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

/**
 * The attribute and property of each UserPref, deterministic and collision-free: a name that is an
 * identifier and no member of the element keeps its name as the property; any other gets `pref` +
 * PascalCase (numbered on a clash). Attributes that two prefs would share are numbered too.
 */
export function widgetPrefs(prefs: readonly UserPref[]): WidgetPref[] {
  const kept = (name: string): boolean => IDENTIFIER.test(name) && !RESERVED_PROPERTIES.has(name);
  const properties = new Set<string>(prefs.map((p) => p.name).filter(kept));
  const attributes = new Set<string>();
  return prefs.map((p) => {
    let property = p.name;
    if (!kept(p.name)) {
      const base = safeProperty(p.name);
      property = base;
      for (let n = 2; properties.has(property) || RESERVED_PROPERTIES.has(property); n++) property = `${base}${n}`;
      properties.add(property);
    }
    const baseAttribute = prefAttribute(p.name);
    let attribute = baseAttribute;
    for (let n = 2; attributes.has(attribute); n++) attribute = `${baseAttribute}-${n}`;
    attributes.add(attribute);
    return { name: p.name, attribute, property, datatype: p.datatype, defaultValue: p.defaultValue, at: p.at };
  });
}

/** What the `userpref-renamed` diagnostic says of a UserPref whose property or attribute is not what its name gives; undefined when neither is. */
export function prefRenaming(p: WidgetPref): string | undefined {
  const why: string[] = [];
  if (p.property !== p.name) {
    why.push(`its name ${IDENTIFIER.test(p.name) ? 'is a member of the element (of HTMLElement or the widget class)' : 'is not a JavaScript identifier'}, so the element's property for it is \`${p.property}\``);
  }
  if (p.attribute !== prefAttribute(p.name)) why.push(`another UserPref has the attribute \`${prefAttribute(p.name)}\`, so its attribute is \`${p.attribute}\``);
  return why.length ? `UserPref "${p.name}": ${why.join('; ')}. The gadget code reads it as "${p.name}" through gadgets.Prefs as before` : undefined;
}

export function convertWidget(f: AnalyzedFile, elementName: string, title: string, rules: RuleTable): WidgetSource {
  const adapterOf = (id: string, api: string): string => {
    const rule = rules.get(id);
    return (rule && adapterPath(rule, api)) ?? '';
  };
  const g = f.gadget as Gadget;
  const view = g.views.find((v) => v.name === g.primaryView);
  const html: ViewHtml = view?.html ?? {
    view: 'default', html: '', isDocument: false, scripts: [], styles: [], bodyMarkup: '', bodyAttributes: nullProto<string>(), handlers: [], resources: [], iframes: [],
  };
  const marks: Mark[] = [];
  const files = new Map<string, string | Uint8Array>();
  const deps: WidgetDependencies = { externalScripts: [], externalStyles: [], npm: [], unresolved: [], finesseLibrary: [] };
  const has = (rel: string): boolean => f.tree.has(rel);
  // The gadget's markup and inline code live in its spec, or in the page its <Content href> names.
  const pageRel = html.page ?? f.rel;
  const pageFile = html.page ? f.tree.displayPath(html.page) : g.source;
  const pageDir = html.page ? (html.page.includes('/') ? html.page.slice(0, html.page.lastIndexOf('/')) : '') : g.dir;
  const xmlText = readText(f.tree, pageRel, !html.page);
  const fallbackAt: SourcePosition = { file: pageFile, line: 1, column: 1 };

  // Scripts: gadget code in order; libraries and remote scripts become dependencies.
  for (const s of html.scripts) classifyScript(s, deps);
  const scripts = gadgetScripts(g).filter((s, i, all) => s.kind === 'inline' || all.findIndex((o) => o.codeAt?.file === s.codeAt?.file) === i);
  const codeInputs = scripts.map((block) => {
    const origin: CodeSource = block.kind === 'inline' || !block.ref?.path
      ? { file: pageFile, ...(xmlText !== undefined ? { fileText: xmlText } : {}) }
      : { file: f.tree.displayPath(block.ref.path), ...withText(readText(f.tree, block.ref.path)) };
    return { block, origin };
  });

  // Styles, in document order; html/body/:root become :host.
  const assets: CssAsset[] = [];
  const cssParts: string[] = [];
  const styleChanges: ReviewChange[] = [];
  for (const st of html.styles) {
    const ref = st.ref;
    if (st.kind === 'inline' || (ref?.kind === 'local' && st.code !== undefined)) {
      const fromRel = st.kind === 'inline' ? pageRel : ref!.path!;
      const dir = fromRel.includes('/') ? fromRel.slice(0, fromRel.lastIndexOf('/')) : '';
      const original = st.kind === 'inline' ? dedent(st.code ?? '') : (st.code ?? '');
      const r = rewriteCss(original, dir, g.dir, has);
      const from = st.codeAt ?? st.at;
      styleChanges.push({ kind: 'style', from: { file: st.kind === 'inline' ? pageFile : f.tree.displayPath(ref!.path!), line: st.kind === 'inline' ? from.line + leadingLines(st.code ?? '') : 1 }, to: 'src/styles.css', before: original.trim(), after: r.css.trim() });
      assets.push(...r.assets.filter((a) => !assets.some((b) => b.from === a.from)));
      const label = st.kind === 'inline' ? `inline <style> at ${pageFile}:${st.at.line}` : f.tree.displayPath(ref!.path!);
      const at = st.codeAt ?? st.at;
      const syntax = r.syntaxError ? `${markComment(marks, { id: 'CSS-SYNTAX', kind: 'todo', message: r.syntaxError, at, file: 'src/styles.css' })}\n` : '';
      const missing = r.missing.map((m) => `${markComment(marks, { id: 'ASSET-MISSING', kind: 'todo', message: `url(${m}) in ${label} is not in the gadget folder (or is on the Finesse server); supply the file or an absolute URL`, at, file: 'src/styles.css' })}\n`).join('');
      cssParts.push(`/* ---- ${label} ---- */\n${syntax}${missing}${r.css.trim()}\n`);
    } else if (ref?.kind === 'absolute') {
      deps.externalStyles.push(ref.url);
    } else if (ref) {
      const lib = ref.kind === 'finesse-server' ? fromServer(ref, 'style', deps) : undefined;
      if (typeof lib === 'object') {
        // build.mjs inlines the package's stylesheet here, into the shadow root's styles.
        cssParts.push(`/* ---- ${ref.url}: ${lib.name}@${lib.version} from npm, inlined by build.mjs ---- */\n@import "~${lib.name}/${lib.file}";\n`);
        continue;
      }
      const why = lib ?? (ref.kind === 'finesse-server' ? FINESSE_SERVER : 'not in the gadget folder');
      deps.unresolved.push({ url: ref.url, why });
      cssParts.push(`${markComment(marks, { id: 'CSS-UNAVAILABLE', kind: 'todo', message: `the gadget linked ${ref.url}, ${why}; add its rules here or load it from a host you control`, at: st.at, file: 'src/styles.css' })}\n`);
    }
  }
  const imports = deps.externalStyles.map((u) => `@import url(${JSON.stringify(u)});\n`).join('');
  const css = `${imports}${imports ? '\n' : ''}${cssParts.join('\n')}`;

  // Template; non-JavaScript script blocks (client-side templates) stay in it, readable by id.
  const tpl = buildTemplate(html.bodyMarkup, html.handlers, fallbackAt, pageDir, g.dir, has);
  // Marks in the markup sit at the top of template.html, as HTML comments.
  const templateMarks: Mark[] = [];
  for (const m of tpl.missing) templateMarks.push({ id: 'ASSET-MISSING', kind: 'todo', message: `${m} in the markup is not in the gadget folder`, at: fallbackAt, file: 'src/template.html' });
  // __UP_x__ in the markup was filled with the pref's default; the element cannot refill it later.
  for (const idx of view?.sections ?? []) {
    const section = g.contents[idx];
    if (!section) continue;
    for (const name of new Set([...section.rawText.matchAll(/__UP_([A-Za-z0-9_.-]+?)__/g)].map((m) => m[1]!))) {
      templateMarks.push({
        id: 'PREF-BAKED',
        kind: 'todo',
        message: `the markup used __UP_${name}__, filled with the default at migration time; read prefs.getString(${JSON.stringify(name)}) in code if the layout sets another value`,
        at: section.at,
        file: 'src/template.html',
      });
    }
  }
  // Browser plug-ins are gone from every browser the Desktop runs in: what they did needs rebuilding.
  const plugin = /<applet\b|<object\b[^>]*\bclassid\s*=|<(?:object|embed)\b[^>]*(?:\.swf\b|x-shockwave-flash|java-applet|x-java)/i.exec(html.bodyMarkup);
  if (plugin) {
    const kind = /applet|java/i.test(plugin[0]) ? 'a Java applet' : /classid/i.test(plugin[0]) ? 'an ActiveX control' : 'Flash content';
    templateMarks.push({ id: 'PLUGIN-CONTENT', kind: 'todo', message: `the markup embeds ${kind} (${plugin[0].slice(0, 40)}...), which no browser the Desktop runs in can show; rebuild what it did in the widget (or as a service it calls)`, at: fallbackAt, file: 'src/template.html' });
  }
  const templateComments = templateMarks.map((m) => `<!-- ${markComment(marks, m).replace(/^\/\* | \*\/$/g, '').replace(/--/g, '- -')} -->\n`).join('');
  assets.push(...tpl.assets.filter((a) => !assets.some((b) => b.from === a.from)));
  const dataBlocks = html.scripts.filter((s) => !s.isJavaScript && s.kind === 'inline' && s.code !== undefined);
  const templateHtml = templateComments + tpl.html + dataBlocks.map((s) => `<script type="${s.type ?? ''}">${s.code}</script>\n`).join('');

  const bodyHandlers = html.handlers.filter((h) => h.element === 'body');
  const code = buildGadgetCode({
    title,
    source: g.source,
    scripts: codeInputs,
    handlers: tpl.handlers,
    bodyHandlers,
    outFile: 'src/gadget.cjs',
    rules,
  });
  marks.push(...code.marks);
  if (code.bootstraps === 0 && codeInputs.length > 0) {
    // Running before Desktop.config.init only breaks code that talks to the Desktop.
    const talks = code.sites.some((x) => x.outcome !== 'dropped');
    marks.push({
      id: 'NO-BOOTSTRAP',
      kind: talks ? 'todo' : 'review',
      message: talks
        ? 'no start-up hook (gadgets.HubSettings.onConnect, registerOnLoadHandler, window.onload, $(document).ready) was found; the scripts run when the element is first connected, before Desktop.config.init resolves'
        : 'no start-up hook (gadgets.HubSettings.onConnect, registerOnLoadHandler, window.onload, $(document).ready) was found; the scripts run when the element is first connected, before Desktop.config.init resolves, which is harmless while they make no Finesse or Desktop call',
      at: fallbackAt,
      file: 'src/gadget.cjs',
    });
  }


  for (const a of assets) {
    const bytes = f.tree.read(a.from);
    if (bytes) files.set(a.to, bytes);
  }
  files.set('src/gadget.cjs', code.code);
  for (const [rel, text] of code.unparsed) files.set(rel, text);
  files.set('src/gadget.cjs.map', code.map);
  files.set('src/template.html', templateHtml);
  files.set('src/styles.css', css);

  const hostAttributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(html.bodyAttributes)) {
    if (/^on/i.test(k)) continue;
    if (k === 'class' || k === 'dir' || k === 'lang' || k === 'style' || k === 'role' || k === 'title') hostAttributes[k] = v;
  }

  return {
    elementName,
    title,
    files,
    marks: sortMarks(marks),
    dependencies: deps,
    prefs: widgetPrefs(g.userPrefs),
    hostAttributes,
    handlers: tpl.handlers.length + bodyHandlers.length,
    bootstraps: code.bootstraps,
    scripts: codeInputs.length,
    unmapped: code.unmapped,
    sites: code.sites,
    // The converted code reaches the adapter (an adapter rule kept a call on one of its objects, or a rule wrote fmContext.finesse).
    usesFinesseCompat: code.changes.some((c) => c.after.includes('fmContext.finesse')) ||
      code.sites.some((x) => x.rule !== undefined && x.outcome !== 'unmapped' && /^finesse\./.test(adapterOf(x.rule, x.api))),
    otherViews: g.views.filter((v) => v.name !== g.primaryView).map((v) => v.name),
    changes: [
      ...code.changes.map((c) => ({ ...c, to: 'src/gadget.cjs' })),
      ...styleChanges,
      { kind: 'markup', from: { file: pageFile, line: markupLine(xmlText, html.bodyMarkup, html.page ? 1 : (view?.sections ?? []).map((i) => g.contents[i]?.at.line ?? 1)[0] ?? 1) }, to: 'src/template.html', before: html.bodyMarkup.trim(), after: templateHtml.trim() },
    ],
  };
}

/** Blank lines before the text of an inline <style>, which dedent() drops. */
function leadingLines(text: string): number {
  return (/^\s*\n/.exec(text)?.[0].match(/\n/g) ?? []).length;
}

/** The line of the gadget file where the body markup starts (its first line found after <Content>), else the <Content> line. */
function markupLine(xmlText: string | undefined, markup: string, contentLine: number): number {
  const first = markup.split('\n').map((l) => l.trim()).find(Boolean);
  if (!xmlText || !first) return contentLine;
  const lines = xmlText.split(/\r\n|\r|\n/);
  for (let i = Math.max(contentLine - 1, 0); i < lines.length; i++) if (lines[i]!.includes(first)) return i + 1;
  return contentLine;
}

/** Inline <style> text starts mid-line and carries the markup's indentation; take the common indent off. */
function dedent(text: string): string {
  const lines = text.replace(/^\s*\n/, '').trimEnd().split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.reduce((min, n) => Math.min(min, n), indents.length ? Infinity : 0);
  return lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)![0].length))).join('\n');
}

function withText(text: string | undefined): { fileText?: string } {
  return text === undefined ? {} : { fileText: text };
}

function classifyScript(s: ScriptBlock, deps: WidgetDependencies): void {
  const ref = s.ref;
  if (s.kind !== 'external' || !ref) return;
  if (ref.library === 'finesse') {
    deps.finesseLibrary.push(ref.url);
  } else if (ref.library === 'jquery') {
    // The last jQuery a page loads is the one its `$` is: the one the widget's stands in for.
    const earlier = deps.npm.find((d) => d.name === 'jquery');
    if (earlier) earlier.replaces = ref.url;
    else deps.npm.push({ name: 'jquery', replaces: ref.url });
  } else if (ref.kind === 'absolute') {
    // A known library from a CDN loads as before. Code of the gadget's own on another host cannot be in
    // the widget and expects finesse.js; over http: an https Desktop blocks it (mixed content).
    const insecure = /^http:/i.test(ref.url);
    if (!insecure) deps.externalScripts.push(ref.url);
    if (insecure || !ref.library) {
      deps.unresolved.push({
        url: ref.url,
        why: [
          ...(ref.library ? [] : ["the gadget's code on another host: the widget cannot contain it, and it was written against finesse.js, which the Desktop does not load; copy it into the gadget folder and run again, so it is converted with the rest"]),
          ...(insecure ? ['loaded over http:, which the https Desktop blocks as mixed content (it is left out of the widget)'] : []),
        ].join('; '),
      });
    }
  } else if (ref.kind === 'finesse-server' || ref.library) {
    const lib = ref.kind === 'finesse-server' ? fromServer(ref, 'script', deps) : undefined;
    if (typeof lib === 'object') return;
    deps.unresolved.push({
      url: ref.url,
      why: ref.kind === 'finesse-server'
        ? lib ?? FINESSE_SERVER
        : `a vendored ${ref.library} library: install it from npm and import it, or host it and add its URL`,
    });
  } else if (ref.kind === 'local' && !ref.exists) {
    deps.unresolved.push({ url: ref.url, why: 'not in the gadget folder' });
  } else if (ref.kind === 'dynamic') {
    // A URL a pref or a server template makes: what it loads is unknown here, so it is not in the widget.
    deps.unresolved.push({ url: ref.url, why: 'its URL is made from a pref or a server template value, unknown here: put the script in the gadget folder (or give its full https URL) and run again' });
  }
}

const FINESSE_SERVER = 'served by the Finesse server, which the Desktop does not have';

/**
 * A file of the Finesse server the widget can take from npm (server-libraries.ts): added to deps.npm and
 * returned. A string says why it cannot (another version of the package is in already); undefined: not
 * a library the table knows.
 */
function fromServer(ref: ResourceRef, kind: 'script' | 'style', deps: WidgetDependencies): ReturnType<typeof serverLibrary> | string | undefined {
  const lib = ref.serverPath ? serverLibrary(ref.serverPath) : undefined;
  if (!lib || lib.kind !== kind) return undefined;
  const other = deps.npm.find((d) => d.name === lib.name && d.version !== lib.version);
  if (other) return `${FINESSE_SERVER}; the widget bundles ${lib.name}@${other.version ?? 'latest'} from npm already (for ${other.replaces}), and it cannot have two versions of one package`;
  if (!deps.npm.some((d) => d.name === lib.name && d.file === lib.file)) deps.npm.push({ name: lib.name, replaces: ref.url, version: lib.version, file: lib.file });
  return lib;
}

function sortMarks(marks: Mark[]): Mark[] {
  return [...marks].sort((a, b) =>
    a.at.file < b.at.file ? -1 : a.at.file > b.at.file ? 1 : a.at.line - b.at.line || a.at.column - b.at.column || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
