// Static URL references in gadget markup, resolved the way Shindig's AbsolutePathReferenceRewriter
// does: relative to the gadget XML, host-relative paths on the Finesse server, absolute URLs as is.
import type { LibraryKind, ResourceRef } from '../model.js';
import { normalizeRel, type SourceTree } from './source-tree.js';

const JQUERY = /^jquery(?:[-.]?\d[\w.-]*?)?(?:\.min)?\.js$/i;
const FINESSE = /^finesse(?:-\d[\w.-]*?)?(?:\.min)?\.js$/i;
const BOOTSTRAP = /^bootstrap(?:\.bundle)?(?:\.min)?\.(?:js|css)$/i;
/** Third-party libraries gadgets commonly vendor: never gadget code, never scanned for API uses. */
const VENDOR = /^(?:jquery[-.][a-z][\w.-]*|jquery-ui[\w.-]*|underscore|lodash|moment|handlebars|mustache|knockout|angular|dojo|require|backbone|d3|chart|date|json2)(?:[-.]\d[\w.-]*?)?(?:\.min)?\.js$/i;

/** Server paths the Finesse desktop serves; a gadget on another host reaches them by absolute URL. */
const FINESSE_SERVER_PREFIXES = ['/desktop/', '/3rdpartygadget/', '/finesse/', '/gadgets/', '/cuic/', '/cuicui/'];

export function libraryOf(pathOrUrl: string): LibraryKind | undefined {
  const clean = pathOrUrl.replace(/[?#].*$/, '');
  const name = clean.slice(clean.lastIndexOf('/') + 1);
  if (FINESSE.test(name)) return 'finesse';
  if (JQUERY.test(name)) return 'jquery';
  if (BOOTSTRAP.test(name)) return 'bootstrap';
  if (VENDOR.test(name)) return 'vendor';
  if (/^\/desktop\//.test(clean)) return 'finesse-asset';
  return undefined;
}

function withLibrary(ref: ResourceRef, key: string): ResourceRef {
  const lib = libraryOf(key);
  if (lib) ref.library = lib;
  return ref;
}

/**
 * Resolves `url` (already substituted) found in the gadget at folder `dir` of `tree`. `raw` is the value
 * before substitution: `__UP_scheme__://__UP_host__:__UP_hostPort__/desktop/...` names the Finesse server
 * even though its substituted form has no host.
 */
export function resolveRef(url: string, dir: string, tree: SourceTree, raw = url): ResourceRef {
  const value = url.trim();
  if (value === '') return { url, kind: 'unresolved' };
  if (/^data:/i.test(value)) return { url, kind: 'data' };
  if (/^(?:javascript|about|blob|mailto|tel):/i.test(value)) return { url, kind: 'dynamic' };
  const rawTrim = raw.trim();
  // After substitution with empty defaults, `__UP_scheme__://__UP_host__:__UP_hostPort__/x` reads `://:/x`.
  const hostless = /^(?:[a-z][a-z0-9+.-]*)?:\/\/(?::\d*)?\//i.test(value);
  if (hostless || /^__UP_[^_]/.test(rawTrim) || /^\$\{|^<%/.test(rawTrim)) {
    // The host comes from a pref or a template: keep the path, which names what is loaded.
    const m = /^[^/]*\/\/[^/]*(\/[^?#]*)/.exec(value) ?? /^[^/]*?(\/[^?#]*)/.exec(value);
    const p = m?.[1];
    if (p && FINESSE_SERVER_PREFIXES.some((x) => p.startsWith(x))) {
      return withLibrary({ url, kind: 'finesse-server', serverPath: p }, p);
    }
    return withLibrary({ url, kind: 'dynamic' }, value);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('//')) {
    return withLibrary({ url, kind: 'absolute' }, value);
  }
  if (value.startsWith('/')) {
    const serverPath = value.replace(/[?#].*$/, '');
    return withLibrary({ url, kind: 'finesse-server', serverPath }, serverPath);
  }
  // A pref, a template or a masked server template value (parse/template-markers.ts) makes it.
  if (/[{}<>]|__UP_|__TEMPLATE_\d+__|\$\{/.test(value)) return withLibrary({ url, kind: 'dynamic' }, value);
  let rel = value.replace(/[?#].*$/, '');
  try {
    rel = decodeURIComponent(rel);
  } catch {
    // A stray "%" is a literal character in the file name.
  }
  const joined = normalizeRel(dir ? `${dir}/${rel}` : rel);
  if (joined === undefined) return { url, kind: 'unresolved' };
  return withLibrary({ url, kind: 'local', path: joined, exists: tree.has(joined) }, joined);
}

/** True when `url` names a path that would leave the gadget root. */
export function escapesRoot(url: string, dir: string): boolean {
  const value = url.trim().replace(/[?#].*$/, '');
  if (!value || /^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('/')) return false;
  return normalizeRel(dir ? `${dir}/${value}` : value) === undefined;
}
