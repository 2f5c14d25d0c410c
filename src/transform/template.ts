// Pass over the body markup: it becomes the element's template. Inline `on*` handlers leave the markup
// (a shadow root would run them in the page's global scope, where the gadget's functions are not) and
// are bound by the element instead; local images (and url(...) in style attributes) are copied beside
// the widget source.
import path from 'node:path/posix';
import { parseFragment, serialize, type DefaultTreeAdapterMap } from 'parse5';
import type { InlineHandler, SourcePosition } from '../model.js';
import { normalizeRel } from '../parse/source-tree.js';
import { addMissing, escapingAssetRefs, rewriteUrls, type CssAsset } from './css.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];
type ParentNode = DefaultTreeAdapterMap['parentNode'];

export interface TemplateResult {
  html: string;
  /** Handlers in document order; `target` is the `data-fm-on` value of their element. */
  handlers: { target: number; handler: InlineHandler }[];
  assets: CssAsset[];
  /** Local references that are not in the gadget folder, and Finesse-server ones that will not exist. */
  missing: string[];
}

const ASSET_ATTRS: Record<string, string[]> = { img: ['src'], input: ['src'], source: ['src'], video: ['poster'], audio: ['src'], image: ['href'] };

const isElement = (n: Node): n is Element => 'tagName' in n;

export function buildTemplate(
  markup: string,
  known: InlineHandler[],
  fallbackAt: SourcePosition,
  dir: string,
  gadgetDir: string,
  has: (rel: string) => boolean,
): TemplateResult {
  const frag = parseFragment(markup);
  const handlers: TemplateResult['handlers'] = [];
  let elements = 0;
  const assets: CssAsset[] = [];
  const missing: string[] = [];
  // Handlers the parse step found in the body, in document order; matched one by one.
  const queue = known.filter((h) => h.element !== 'body' && h.element !== 'html');

  const visit = (parent: ParentNode): void => {
    for (const child of parent.childNodes) {
      if (!isElement(child)) continue;
      const on = child.attrs.filter((a) => /^on[a-z]+$/i.test(a.name) && a.value.trim() !== '');
      if (on.length) {
        const target = elements++;
        for (const a of on) {
          const event = a.name.slice(2).toLowerCase();
          const match = queue[0] && queue[0].event === event && queue[0].code === a.value ? queue.shift()! : undefined;
          const id = child.attrs.find((x) => x.name === 'id')?.value;
          const h: InlineHandler = match ?? { element: child.tagName, event, code: a.value, at: fallbackAt };
          if (!match && id) h.elementId = id;
          handlers.push({ target, handler: h });
        }
        child.attrs = child.attrs.filter((a) => !on.includes(a));
        // One marker per element; every handler of the element is bound through it.
        child.attrs.push({ name: 'data-fm-on', value: String(target) });
      }
      for (const name of (Object.hasOwn(ASSET_ATTRS, child.tagName) ? ASSET_ATTRS[child.tagName] : undefined) ?? []) {
        const attr = child.attrs.find((a) => a.name === name);
        const url = attr?.value.trim();
        if (!attr || !url || /^(data:|https?:|\/\/|#|javascript:)/i.test(url) || url.includes('__')) continue;
        if (url.startsWith('/')) {
          missing.push(url);
          continue;
        }
        const rel = normalizeRel(path.join(dir, url.replace(/[?#].*$/, '')));
        if (rel === undefined || !has(rel)) {
          missing.push(url);
          continue;
        }
        const inGadget = gadgetDir && rel.startsWith(gadgetDir + '/') ? rel.slice(gadgetDir.length + 1) : rel;
        if (!assets.some((a) => a.from === rel)) assets.push({ from: rel, to: `src/assets/${inGadget}` });
        attr.value = `./assets/${inGadget}`;
      }
      // url(...) in a style attribute: as in a stylesheet, in single quotes (the markup writes `"` as &quot;).
      const style = child.attrs.find((a) => a.name === 'style');
      if (style) style.value = rewriteUrls(style.value, dir, gadgetDir, has, assets, missing, "'");
      visit(child.tagName === 'template' ? (child as DefaultTreeAdapterMap['template']).content : child);
    }
  };
  visit(frag);
  const html = serialize(frag).trim() + '\n';
  // Text anywhere in the markup that the build would take for an asset but that leads out of the
  // widget's assets (`./assets/../../x`): the build leaves it as it is; it is reported here.
  addMissing(missing, escapingAssetRefs(html, true));
  return { html, handlers, assets, missing };
}
