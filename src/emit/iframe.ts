// The agentx-wc-iframe layout entry for a gadget that embeds one web application
// (guide "Migrate Finesse Embedded Web Application Gadgets"; target.md C.8 and checklist F 19-23).
import type { Decision, Gadget } from '../model.js';
import { unreachableReason } from '../parse/hosts.js';

export interface IframeFragment {
  comp: 'agentx-wc-iframe';
  attributes: { src: string; sandbox: string };
  wrapper: { title: string; maximizeAreaName: 'app-maximize-area' };
  style: { width: string; height: string };
}

/**
 * What a framed app usually needs; no `allow-top-navigation`, so the app cannot navigate the Desktop away.
 * `allow-same-origin` is safe here because the app is on its own origin, never the Desktop's.
 */
export const DEFAULT_SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-popups';

/** The height the Desktop gives a frame whose gadget stated none (the guide's own example uses 504px). */
export const DEFAULT_HEIGHT = 504;

export function gadgetTitle(g: Gadget, fallback: string): string {
  // A title a server template filled in is unknown here (parse/template-markers.ts).
  const t = g.modulePrefs.title.replace(/__TEMPLATE_\d+__/g, '').trim();
  return t && !/^loading\.*$/i.test(t) ? t : fallback;
}

export type IframeEmit =
  | { ok: true; fragment: IframeFragment; actions: string[]; warnings: string[]; unreachable?: string }
  | { ok: false; error: string };

/**
 * The src of an iframe entry whose URL the Finesse layout gives (`gadget.xml?url=...`) until
 * `finesse-migrate layout` fills it: a valid URL that can never load.
 */
export const layoutParameterUrl = (name: string): string => `https://finesse-layout-parameter.invalid/${encodeURIComponent(name)}`;

export function iframeFragment(g: Gadget, decision: Decision, fallbackTitle: string): IframeEmit {
  const fromLayout = decision.layoutParameters?.find((p) => p.target === 'attributes.src');
  const src = decision.embeddedUrl?.trim() ?? (fromLayout ? layoutParameterUrl(fromLayout.name) : '');
  if (!/^https?:\/\//i.test(src)) {
    return {
      ok: false,
      error: src
        ? `the embedded URL "${src}" is not absolute; the Desktop frames it from its own origin, so give the application's full https URL`
        : 'no URL to embed was found',
    };
  }
  const warnings: string[] = [];
  if (/^http:/i.test(src)) {
    warnings.push(`the embedded URL ${src} is http: the Desktop runs on https and browsers block mixed content, so serve the application over https`);
  }
  const origin = fromLayout && !decision.embeddedUrl ? `the application its "${fromLayout.name}" parameter names` : new URL(src).origin;
  const height = decision.embeddedHeight && decision.embeddedHeight > 0 ? decision.embeddedHeight : DEFAULT_HEIGHT;
  const fragment: IframeFragment = {
    comp: 'agentx-wc-iframe',
    attributes: { src, sandbox: DEFAULT_SANDBOX },
    wrapper: { title: gadgetTitle(g, fallbackTitle), maximizeAreaName: 'app-maximize-area' },
    style: { width: '100%', height: `${height}px` },
  };
  const actions = [
    `Have ${origin} send "Content-Security-Policy: frame-ancestors 'self' https://*.cisco.com" and no "X-Frame-Options: DENY/SAMEORIGIN", or the Desktop cannot frame it.`,
    `Check that ${origin} works inside a sandboxed cross-site frame: no frame-busting, session cookies marked "SameSite=None; Secure", no reliance on top-level navigation.`,
    'So agents are not logged out for inactivity while they work in the frame, the application should forward its click, wheel and keydown events when framed: window.parent.postMessage({ key: "wxcc-desktop-iframe-widget-event", type: event.type }, "*").',
  ];
  if (!decision.embeddedHeight) actions.push(`The gadget states no height; the entry uses ${DEFAULT_HEIGHT}px. Adjust "style.height" to fit.`);
  actions.push(...(decision.embedNotes ?? []));
  const unreachable = fromLayout && !decision.embeddedUrl ? undefined : unreachableReason(src);
  return { ok: true, fragment, actions, warnings, ...(unreachable ? { unreachable } : {}) };
}
