// Pass over the gadget's stylesheets: selectors on html/body/:root become :host (the element is the
// gadget's page now), and url(...) assets inside the gadget folder are copied beside the widget source
// so the build can inline them. Everything else is kept as written, comments included.
import { createRequire } from 'node:module';
import path from 'node:path/posix';
import type Postcss from 'postcss';
import type { Root } from 'postcss';
import type selectorParser from 'postcss-selector-parser';
import { normalizeRel } from '../parse/source-tree.js';
import { todoComment } from './marks.js';

export interface CssAsset {
  /** Tree-relative path of the original file. */
  from: string;
  /** Widget-relative path of the copy, under src/assets/. */
  to: string;
}

export interface CssResult {
  css: string;
  assets: CssAsset[];
  /** url(...) references that could not be resolved (absolute URLs are left as they are). */
  missing: string[];
  /** Why the stylesheet could not be parsed (it is copied unchanged). */
  syntaxError?: string;
}

// postcss and its selector parser are loaded with require() when a stylesheet is first rewritten
// (start-up, issue 14: a gadget without CSS does not load them; an ESM import of their CommonJS
// entries is scanned for export names first).
const require = createRequire(import.meta.url);
let postcss: typeof Postcss | undefined;
let selectors: typeof selectorParser | undefined;
const postcssLib = (): typeof Postcss => (postcss ??= require('postcss') as typeof Postcss);
const selectorLib = (): typeof selectorParser => (selectors ??= require('postcss-selector-parser') as typeof selectorParser);

const isPageRoot = (n: selectorParser.Node | undefined): boolean =>
  !!n && ((n.type === 'tag' && /^(html|body)$/i.test(n.value ?? '')) || (n.type === 'pseudo' && n.value === ':root'));

/** Rewrites one selector list: `body.x` → `:host(.x)`, `html body .y` → `:host .y`, `:root` → `:host`. */
export function hostSelector(selector: string): string {
  const list = selectorLib()().astSync(selector);
  return list.nodes.map(hostOne).join(',');
}

function hostOne(sel: selectorParser.Selector): string {
  const text = sel.toString();
  const nodes = sel.nodes;
  let i = 0;
  let saw = false;
  const qualifiers: string[] = [];
  while (i < nodes.length) {
    const n = nodes[i]!;
    if (isPageRoot(n)) {
      saw = true;
      i++;
    } else if (saw && (n.type === 'class' || n.type === 'id' || n.type === 'attribute')) {
      // Qualifiers of the page root qualify the host: body.dark → :host(.dark)
      qualifiers.push(String(n).trim());
      i++;
    } else if (saw && n.type === 'combinator' && isPageRoot(nodes[i + 1])) {
      // `html body`, `html > body`: both page roots fold into the one host.
      i++;
    } else break;
  }
  if (!saw) return text;
  const lead = /^\s*/.exec(text)![0];
  const host = qualifiers.length ? `:host(${qualifiers.join('')})` : ':host';
  return lead + host + nodes.slice(i).map(String).join('');
}

const URL_RE = /url\(\s*(['"]?)([^'")]+)\1\s*\)/g;

/**
 * The url(...) references of one declaration value (a stylesheet's or a `style` attribute's): local
 * files in the gadget's tree are listed in `assets` and pointed at their copy under ./assets/; the
 * others (not in the tree, on the Finesse server, or leading out of the tree with `..`) go to
 * `missing` and stay as written, and the widget's build never reads them.
 */
export function rewriteUrls(
  value: string,
  dir: string,
  gadgetDir: string,
  has: (rel: string) => boolean,
  assets: CssAsset[],
  missing: string[],
  /** The quote around a rewritten url(...); by default the original's, or `"`. */
  forceQuote?: string,
): string {
  if (!value.includes('url(')) return value;
  return value.replace(URL_RE, (whole, quote: string, ref: string) => {
    const url = ref.trim();
    if (/^(data:|https?:|\/\/|#)/i.test(url)) return whole;
    if (url.startsWith('/')) {
      missing.push(url);
      return whole;
    }
    const rel = normalizeRel(path.join(dir, url.replace(/[?#].*$/, '')));
    if (rel === undefined || !has(rel)) {
      missing.push(url);
      return whole;
    }
    const inGadget = gadgetDir && rel.startsWith(gadgetDir + '/') ? rel.slice(gadgetDir.length + 1) : rel;
    const to = `src/assets/${inGadget}`;
    if (!assets.some((a) => a.from === rel)) assets.push({ from: rel, to });
    const q = forceQuote ?? (quote || '"');
    return `url(${q}./assets/${inGadget}${q})`;
  });
}

const ASSET_REF = /\.\/assets\/[^"')<>\s]+/g;

/**
 * Text the widget's build.mjs would take for an asset of its own (`./assets/...`, outside comments)
 * but that leads out of src/assets/ (`./assets/../../x`). The build leaves such text as it is and
 * never reads it; the conversion reports it. Comments are blanked out before the search, as the
 * build does.
 */
export function escapingAssetRefs(text: string, html = false): string[] {
  const searched = text.replace(html ? /<!--[\s\S]*?(?:-->|$)/g : /\/\*[\s\S]*?(?:\*\/|$)/g, ' ');
  const out: string[] = [];
  for (const [ref] of searched.matchAll(ASSET_REF)) {
    const rel = normalizeRel(ref.replace(/[?#].*$/, ''));
    if ((rel === undefined || !rel.startsWith('assets/')) && !out.includes(ref)) out.push(ref);
  }
  return out;
}

/** Adds each of `refs` to `missing` unless a reference already there holds it. */
export function addMissing(missing: string[], refs: string[]): void {
  for (const ref of refs) if (!missing.some((m) => m.includes(ref))) missing.push(ref);
}

/**
 * `dir` is the stylesheet's folder relative to the tree root; `has` tells whether a tree path exists.
 * Asset copies are named after their path in the gadget folder so the widget source reads like the original.
 */
export function rewriteCss(css: string, dir: string, gadgetDir: string, has: (rel: string) => boolean): CssResult {
  const assets: CssAsset[] = [];
  const missing: string[] = [];
  let root: Root;
  try {
    root = postcssLib().parse(css);
  } catch (e) {
    // The caller records the CSS-SYNTAX mark and writes its comment.
    return { css, assets, missing: escapingAssetRefs(css), syntaxError: `this stylesheet does not parse (${(e as Error).message.split('\n')[0]}); copied unchanged` };
  }
  root.walkRules((rule) => {
    // Keyframe steps (from, 50%) are not selectors.
    if (rule.parent?.type === 'atrule' && /keyframes$/i.test((rule.parent as { name: string }).name)) return;
    if (/\b(html|body)\b|:root/i.test(rule.selector)) rule.selector = hostSelector(rule.selector);
  });
  // Declarations only: text inside comments is no reference and is never read.
  root.walkDecls((decl) => {
    decl.value = rewriteUrls(decl.value, dir, gadgetDir, has, assets, missing);
  });
  const out = root.toString();
  // What is left that the build would take for an asset but that leads out of the widget's assets.
  addMissing(missing, escapingAssetRefs(out));
  return { css: out, assets, missing };
}
