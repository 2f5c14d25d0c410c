// The HTML of an html view, parsed with parse5 (HTML5 parsing, as the browser did inside the gadget
// iframe): scripts and styles in document order, body markup, inline handlers, static references.
import { parse, serialize, type DefaultTreeAdapterTypes as T } from 'parse5';
import type { InlineHandler, ResourceRef, ScriptBlock, SourcePosition, StyleBlock, ViewHtml } from '../model.js';
import type { DiagnosticSink } from '../diagnostics.js';
import { nullProto } from '../null-proto.js';
import { escapesRoot, resolveRef } from './resources.js';
import type { SourceTree } from './source-tree.js';

/** Types that make the browser run a `<script>` (HTML spec "JavaScript MIME type essence match"). */
const JS_TYPES = new Set([
  '', 'module', 'text/javascript', 'application/javascript', 'application/x-javascript', 'application/ecmascript',
  'text/ecmascript', 'text/jscript', 'text/livescript', 'text/x-javascript', 'text/x-ecmascript', 'text/javascript1.0',
  'text/javascript1.1', 'text/javascript1.2', 'text/javascript1.3', 'text/javascript1.4', 'text/javascript1.5',
]);

/** (element, attribute) pairs Shindig resolves against the spec URL, plus frames and media. */
const REF_ATTRS: Record<string, string[]> = {
  script: ['src'], link: ['href'], img: ['src'], input: ['src'], embed: ['src'], body: ['background'],
  iframe: ['src'], frame: ['src'], source: ['src'], audio: ['src'], video: ['src', 'poster'], object: ['data'],
};

export interface HtmlInput {
  view: string;
  html: string;
  /** Source position of an offset in `html`. */
  locate: (offset: number) => SourcePosition;
  dir: string;
  tree: SourceTree;
  sink: DiagnosticSink;
}

function attr(el: T.Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

function isElement(n: T.Node): n is T.Element {
  return 'tagName' in n;
}

export function parseViewHtml(input: HtmlInput): ViewHtml {
  const { html, locate, dir, tree, sink } = input;
  const doc = parse(html, { sourceCodeLocationInfo: true });
  const at = (n: { sourceCodeLocation?: { startOffset: number } | null } | undefined): SourcePosition =>
    locate(n?.sourceCodeLocation?.startOffset ?? 0);

  const result: ViewHtml = {
    view: input.view,
    html,
    isDocument: false,
    scripts: [],
    styles: [],
    bodyMarkup: '',
    bodyAttributes: nullProto<string>(),
    handlers: [],
    resources: [],
    iframes: [],
  };
  result.isDocument = doc.childNodes.some((n) => n.nodeName === '#documentType');
  const removable: T.ChildNode[] = [];

  const visit = (node: T.ParentNode): void => {
    for (const child of node.childNodes) {
      if (!isElement(child)) continue;
      const tag = child.tagName;
      if ((tag === 'html' || tag === 'body' || tag === 'head') && child.sourceCodeLocation?.startTag) result.isDocument = true;
      // Own keys only: a <constructor> element must not find Object.prototype's.
      for (const a of (Object.hasOwn(REF_ATTRS, tag) ? REF_ATTRS[tag] : undefined) ?? []) {
        const v = attr(child, a);
        if (v === undefined || v.trim() === '') continue;
        if (tag === 'link' && !/\b(stylesheet|icon)\b/i.test(attr(child, 'rel') ?? '')) continue;
        const pos = locate(child.sourceCodeLocation?.attrs?.[a]?.startOffset ?? child.sourceCodeLocation?.startOffset ?? 0);
        const ref = resolveRef(v, dir, tree);
        if (ref.kind === 'unresolved' && escapesRoot(v, dir)) {
          sink.error('path-escape', `<${tag} ${a}="${v}"> points outside the gadget root; not read`, pos);
        } else if (ref.kind === 'local' && !ref.exists) {
          const loadsCode = (tag === 'script' && a === 'src') || tag === 'link';
          if (ref.library) {
            // A missing local copy of jQuery or the Finesse library costs nothing: neither is carried over as a file.
            sink.info('library-missing', `<${tag} ${a}="${v}"> names a ${ref.library} library file that is not in the gadget folder`, pos);
          } else if (!loadsCode) {
            // Scripts and stylesheets get their own diagnostic when they are read.
            sink.warn('missing-file', `<${tag} ${a}="${v}"> names ${ref.path}, which is not in the gadget folder`, pos);
          }
        }
        result.resources.push({ ...ref, element: tag, attribute: a, at: pos });
      }
      for (const a of child.attrs) {
        if (!/^on[a-z]+$/i.test(a.name) || a.value.trim() === '') continue;
        const handler: InlineHandler = {
          element: tag,
          event: a.name.slice(2).toLowerCase(),
          code: a.value,
          at: locate(child.sourceCodeLocation?.attrs?.[a.name]?.startOffset ?? child.sourceCodeLocation?.startOffset ?? 0),
        };
        const id = attr(child, 'id');
        if (id) handler.elementId = id;
        result.handlers.push(handler);
      }
      if (tag === 'script') {
        result.scripts.push(scriptBlock(child, input, at(child)));
        removable.push(child);
        continue;
      }
      if (tag === 'style') {
        const text = child.childNodes.find((n): n is T.TextNode => n.nodeName === '#text');
        const block: StyleBlock = { kind: 'inline', code: text?.value ?? '', codeAt: at(text ?? child), at: at(child) };
        const media = attr(child, 'media');
        if (media) block.media = media;
        result.styles.push(block);
        removable.push(child);
        continue;
      }
      if (tag === 'link' && /\bstylesheet\b/i.test(attr(child, 'rel') ?? '')) {
        const href = attr(child, 'href') ?? '';
        const block: StyleBlock = { kind: 'linked', ref: resolveRef(href, dir, tree), at: at(child) };
        const media = attr(child, 'media');
        if (media) block.media = media;
        result.styles.push(block);
        removable.push(child);
        continue;
      }
      if (tag === 'title') {
        result.title = child.childNodes.map((n) => (n.nodeName === '#text' ? (n as T.TextNode).value : '')).join('').trim();
      }
      if (tag === 'iframe') {
        const src = attr(child, 'src');
        if (src && src.trim()) {
          const frame: ViewHtml['iframes'][number] = { src: src.trim(), at: at(child) };
          const w = attr(child, 'width');
          const h = attr(child, 'height');
          if (w) frame.width = w;
          if (h) frame.height = h;
          result.iframes.push(frame);
        }
      }
      if (tag === 'body') for (const a of child.attrs) result.bodyAttributes[a.name] = a.value;
      visit(tag === 'template' ? (child as T.Template).content : child);
    }
  };
  visit(doc);

  // One pass per parent: splicing children out one by one is quadratic (30,000 scripts took seconds).
  const gone = new Set<T.ChildNode>(removable);
  for (const parent of new Set(removable.map((n) => n.parentNode))) {
    if (parent) parent.childNodes = parent.childNodes.filter((c) => !gone.has(c));
  }
  const htmlEl = doc.childNodes.find(isElement);
  const body = htmlEl?.childNodes.find((n): n is T.Element => isElement(n) && n.tagName === 'body');
  result.bodyMarkup = body ? tidyMarkup(serialize(body)) : '';
  return result;
}

function scriptBlock(el: T.Element, input: HtmlInput, pos: SourcePosition): ScriptBlock {
  const type = attr(el, 'type');
  const lang = attr(el, 'language');
  const isJavaScript = JS_TYPES.has((type ?? '').trim().toLowerCase().split(';')[0]!.trim()) && (!lang || /^javascript/i.test(lang));
  const src = attr(el, 'src');
  const block: ScriptBlock = { kind: src !== undefined ? 'external' : 'inline', isJavaScript, at: pos };
  if (type !== undefined) block.type = type;
  if (src !== undefined) {
    block.ref = resolveRef(src, input.dir, input.tree);
  } else {
    const text = el.childNodes.find((n): n is T.TextNode => n.nodeName === '#text');
    block.code = text?.value ?? '';
    block.codeAt = input.locate(text?.sourceCodeLocation?.startOffset ?? el.sourceCodeLocation?.startTag?.endOffset ?? 0);
  }
  return block;
}

/** Drops the blank lines left where scripts and styles were taken out, and the outer indentation. */
function tidyMarkup(markup: string): string {
  const lines = markup.replace(/\r\n?/g, '\n').split('\n');
  const kept = lines.filter((l, i) => l.trim() !== '' || (i > 0 && lines[i - 1]!.trim() !== '' && i < lines.length - 1));
  // The first line often starts right after a tag, with its indentation elsewhere: measure the rest.
  const first = kept.findIndex((l) => l.trim() !== '');
  const rest = kept.slice(first + 1).filter((l) => l.trim());
  const indents = (rest.length ? rest : kept.filter((l) => l.trim())).map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.reduce((min, n) => Math.min(min, n), indents.length ? Infinity : 0);
  return kept.map((l, i) => (i === first ? l.trimStart() : l.slice(Math.min(cut, /^[ \t]*/.exec(l)![0].length)))).join('\n').trim();
}

export type { ResourceRef };
