// The typed model of one Finesse gadget, as the parse step builds it and every later pass reads it.
// Shapes follow the OpenSocial gadget spec as Apache Shindig implements it (docs/gadget-model.md).
import type { NullProtoRecord } from './null-proto.js';


export type Severity = 'error' | 'warning' | 'info';

/** A position in a source file; line and column are 1-based. */
export interface SourcePosition {
  /** Display path of the file (relative to the working directory, or `archive.zip!/entry`). */
  file: string;
  line: number;
  column: number;
}

export interface Diagnostic {
  severity: Severity;
  /** Stable kebab-case code, documented in docs/diagnostics.md. */
  code: string;
  message: string;
  file: string;
  line?: number;
  column?: number;
}

export interface Feature {
  name: string;
  required: boolean;
  /** View names the feature is limited to; empty means every view. */
  views: string[];
  /** Params in document order; names may repeat (Shindig keeps a multimap). */
  params: { name: string; value: string }[];
  at: SourcePosition;
}

export interface Preload {
  href: string;
  authz: string;
  views: string[];
  attributes: NullProtoRecord<string>;
}

export interface Icon {
  value: string;
  mode?: 'base64';
  type: string;
}

export interface Link {
  rel: string;
  href: string;
  method: 'GET' | 'POST';
}

export interface LocaleSpec {
  lang: string;
  country: string;
  /** The `messages=` bundle reference as written, when set. */
  messagesRef?: string;
  /** Where the bundle was read from (display path), when it is a local file. */
  messagesFile?: string;
  languageDirection: 'ltr' | 'rtl';
  views: string[];
  /** Messages in document order: the external bundle's when `messages=` is set, else the inline `<msg>`s. */
  messages: { name: string; value: string }[];
  at: SourcePosition;
}

export type UserPrefDatatype = 'string' | 'hidden' | 'bool' | 'enum' | 'list' | 'number';

export interface UserPref {
  name: string;
  displayName: string;
  defaultValue: string;
  required: boolean;
  datatype: UserPrefDatatype;
  /** The datatype as written when it was not one Shindig knows (it then reads as `string`). */
  datatypeAsWritten?: string;
  enumValues: { value: string; displayValue: string }[];
  /** Attributes outside the core set (e.g. extended-XSD `urlparam`), kept for the report. */
  extraAttributes: NullProtoRecord<string>;
  at: SourcePosition;
}

/** One `<Content>` element as written. */
export interface ContentSection {
  type: 'html' | 'url' | 'html-sanitized' | 'unknown';
  typeAsWritten?: string;
  views: string[];
  href?: string;
  preferredHeight?: number;
  preferredWidth?: number;
  /** `authz` of an href fetch (signed, oauth, oauth2) when not none. */
  authz?: string;
  /** How the HTML was carried: CDATA, entity-escaped text, or raw child elements (recovered as HTML). */
  encoding: 'cdata' | 'escaped' | 'raw-elements' | 'empty';
  /** The section's text before `__X__` substitution. */
  rawText: string;
  at: SourcePosition;
}

export type ResourceKind = 'local' | 'finesse-server' | 'absolute' | 'data' | 'dynamic' | 'unresolved';
export type LibraryKind = 'jquery' | 'finesse' | 'finesse-asset' | 'bootstrap' | 'vendor';

/** A URL found in the gadget's HTML, resolved against the gadget XML's folder as Shindig does. */
export interface ResourceRef {
  /** The value as written in the markup (after spec substitution). */
  url: string;
  kind: ResourceKind;
  /** For `local`: the path relative to the gadget root, with `/` separators. */
  path?: string;
  /** For `finesse-server`: the server path, e.g. `/desktop/assets/js/finesse.js`. */
  serverPath?: string;
  /** Well-known library this reference loads, by file name. */
  library?: LibraryKind;
  /** Whether the local file exists in the gadget root. */
  exists?: boolean;
}

export interface ScriptBlock {
  kind: 'external' | 'inline';
  /** Value of `type`, when not plain JavaScript it is not run by the browser (e.g. a template). */
  type?: string;
  isJavaScript: boolean;
  ref?: ResourceRef;
  /** Inline code, or the decoded text of a local external script. Absent for libraries and remote scripts. */
  code?: string;
  /** Where the code lives: the gadget XML for inline blocks, the script file for local ones. */
  codeAt?: SourcePosition;
  /** Encoding the local file was read with. */
  encoding?: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  at: SourcePosition;
}

export interface StyleBlock {
  kind: 'linked' | 'inline';
  ref?: ResourceRef;
  media?: string;
  code?: string;
  codeAt?: SourcePosition;
  at: SourcePosition;
}

export interface InlineHandler {
  /** Tag name of the element carrying the handler. */
  element: string;
  elementId?: string;
  /** The event name without `on`, e.g. `click`. */
  event: string;
  code: string;
  at: SourcePosition;
}

/** The html Content of one view, parsed with an HTML5 parser. */
export interface ViewHtml {
  view: string;
  /** The concatenated, substituted HTML as Shindig would render it. */
  html: string;
  /** True when the HTML had a doctype or `<html>`/`<body>`; false for a bare fragment (the usual gadget case). */
  isDocument: boolean;
  title?: string;
  scripts: ScriptBlock[];
  styles: StyleBlock[];
  /** Inner HTML of `<body>` with scripts, styles and stylesheet links taken out. */
  bodyMarkup: string;
  bodyAttributes: NullProtoRecord<string>;
  handlers: InlineHandler[];
  /** Every static URL reference in the markup, in document order. */
  resources: (ResourceRef & { element: string; attribute: string; at: SourcePosition })[];
  /** Static `<iframe src>` values. */
  iframes: { src: string; at: SourcePosition; width?: string; height?: string }[];
  /** Set when the HTML is a page of the gadget folder named by `<Content href>`: its path in the tree. */
  page?: string;
}

export interface View {
  name: string;
  type: ContentSection['type'];
  /** For `type="url"` views: the substituted href. */
  href?: string;
  preferredHeight?: number;
  preferredWidth?: number;
  /** Indexes into `Gadget.contents` of the sections concatenated into this view. */
  sections: number[];
  html?: ViewHtml;
  /**
   * An html view whose content is fetched from `href` (Shindig's proxied mode): a page of the gadget's
   * own folder (converted like inline content), another host's application, or a page that is missing.
   */
  contentRef?: ContentRef;
}

export type ContentRef =
  | { kind: 'page'; url: string; page: string; build?: BuildStep }
  | { kind: 'remote'; url: string; unreachable?: string }
  | { kind: 'missing'; url: string; build?: BuildStep }
  | { kind: 'unresolved'; url: string; why: string };

/** The front-end build that produces a page the gadget names (package.json script). */
export interface BuildStep {
  /** Folder of the package.json, relative to the tree root ('' for the root). */
  dir: string;
  command: string;
}

export interface ModulePrefs {
  title: string;
  description?: string;
  /** Every attribute as written (substituted), including unknown ones. */
  attributes: NullProtoRecord<string>;
  height: number;
  width: number;
  scrolling: boolean;
  features: Feature[];
  preloads: Preload[];
  icons: Icon[];
  links: Link[];
  locales: LocaleSpec[];
  /** OAuth/OAuth2 services by name, parsed for the report only. */
  oauth: { kind: 'OAuth' | 'OAuth2'; services: string[] }[];
}

export interface Gadget {
  /** Display path of the gadget XML. */
  source: string;
  /** Display path of the root the gadget's relative paths may not leave. */
  root: string;
  /** The gadget XML's folder, relative to the root (`''` at the root). */
  dir: string;
  specificationVersion: string;
  modulePrefs: ModulePrefs;
  hasModulePrefs: boolean;
  userPrefs: UserPref[];
  contents: ContentSection[];
  /** Views keyed by name, in first-appearance order. */
  views: View[];
  /** The view the migration uses: `default` when present, else the first. */
  primaryView?: string;
  /** Elements the spec does not define, kept with their location. */
  unknownElements: { path: string; at: SourcePosition }[];
  /** The locale used for `__MSG_x__` substitution. */
  locale: { lang: string; country: string; direction: 'ltr' | 'rtl' };
  /** Server template values (`<%= x %>`, `${x}`) masked in a templated spec: unknown at migration time. */
  templateValues?: { token: string; marker: string; at: SourcePosition }[];
}

export type Classification = 'iframe' | 'widget' | 'not-a-gadget';

export interface Reason {
  code: string;
  message: string;
  at?: SourcePosition;
}

export interface ApiUse {
  /** The static member chain, e.g. `gadgets.window.adjustHeight`. */
  api: string;
  /** How the chain is used at this site. */
  usage: 'call' | 'new' | 'read' | 'write';
  at: SourcePosition;
  /** The inventory class (or `gadgets.<feature>`) the use belongs to. */
  cls?: string;
  member?: string;
  /** Named by Cisco's documentation of the Finesse JS library. */
  documented?: boolean;
  /** static: a chain from finesse/gadgets or an alias; object: a method of a typed value; html: an inline handler in markup built as a string. */
  via?: 'static' | 'object' | 'html';
  /** Why the resolver could not type it. */
  untyped?: string;
}

export interface CensusEntry {
  api: string;
  count: number;
  calls: number;
  sites: SourcePosition[];
}

export interface Census {
  finesse: number;
  gadgets: number;
  entries: CensusEntry[];
  /** Uses by library class (analyze/coverage.ts), most used first. */
  classes: import('./analyze/coverage.js').ClassUses[];
  /** Documented members used, with a rule and without. */
  coverage: import('./analyze/coverage.js').Coverage;
}

export interface Decision {
  classification: Classification;
  reasons: Reason[];
  /** For `iframe`: the web application the gadget embeds. */
  embeddedUrl?: string;
  /** For `iframe`: the height the gadget gave the frame, in px, when it stated one. */
  embeddedHeight?: number;
  /** For `iframe`: what the application must now do itself that Shindig did for it (proxying, signing, prefs). */
  embedNotes?: string[];
  /**
   * Query parameters of the gadget URL in the Finesse layout (`gadget.xml?url=...`) that the gadget
   * reads: each becomes a part of its layout entry that `finesse-migrate layout` fills per `<gadget>`.
   */
  layoutParameters?: LayoutParameter[];
}

export interface LayoutParameter {
  /** The query parameter's name. */
  name: string;
  /** What it fills in the layout entry: `attributes.src`, `style.height`, `style.width` or `attributes.<name>`. */
  target: string;
  /** True when the entry is unusable without it (the URL an iframe gadget frames). */
  required: boolean;
  at?: SourcePosition;
}
