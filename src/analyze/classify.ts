// Decides per gadget: `iframe` (it embeds one web application, which agentx-wc-iframe can host as is),
// `widget` (UI or Finesse logic to convert into a custom element), with the reasons that decided it.
import type { ApiUse, Decision, Gadget, LayoutParameter, Reason } from '../model.js';
import type { ScriptScan } from './scan.js';

/**
 * API uses that only host the gadget (logging, tab visibility, resizing, the bootstrap). A gadget whose
 * code uses nothing else does no contact-center work of its own.
 */
const HOSTING_APIS: RegExp[] = [
  // A method is `Class#member` (analyze/resolve.ts), however the gadget reached the object.
  /^finesse\.cslogger\.ClientLogger([.#](init|log|error|debug|info|warn))?$/,
  /^finesse\.clientservices\.ClientServices([.#](init|registerOnConnectHandler|registerOnDisconnectHandler|setLogger))?$/,
  /^finesse\.gadget\.Config(\..*)?$/,
  /^finesse\.containerservices\.ContainerServices([.#](init|addHandler|removeHandler|makeActiveTabReq|tabVisible|getMyGadgetId|getMyTabId|Topics\.ACTIVE_TAB))?$/,
  /^finesse\.utilities\.Utilities[.#]getMyGadgetId$/,
  /^gadgets\.window\.(adjustHeight|setTitle|getViewportDimensions|adjustWidth)$/,
  /^gadgets\.Hub$/,
  /^gadgets\.HubSettings\.onConnect$/,
  /^gadgets\.loadingindicator\.(dismiss|showLoading)$/,
  /^gadgets\.util\.registerOnLoadHandler$/,
  // How a frame gadget reads what the layout passed on its URL.
  /^gadgets\.util\.getUrlParameters$/,
  /^gadgets\.Prefs(#\w+)?$/,
];

/** URLs in code that never name an application (XML namespaces, spec pages). */
const NOT_AN_APP = /^https?:\/\/(www\.)?(w3\.org|xmlns\.com|schemas\.|opensocial\.org|purl\.org)/i;

const INTERACTIVE = /<(input|button|select|textarea|form|table|a|img|canvas|video|audio|label|h[1-6]|p|ul|ol)\b/i;

function decodeHtmlEntities(url: string): string {
  return url
    .replace(/&(?:amp|#0*38|#x0*26);/gi, '&')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(parseInt(d, 10)));
}

function isHosting(u: ApiUse): boolean {
  return HOSTING_APIS.some((r) => r.test(u.api));
}

function pxOf(v: string | undefined): number | undefined {
  const m = /^\s*(\d+)\s*(px)?\s*$/i.exec(v ?? '');
  return m ? parseInt(m[1]!, 10) : undefined;
}

function summarise(uses: ApiUse[], max = 4): string {
  const counts = new Map<string, number>();
  for (const u of uses) counts.set(u.api, (counts.get(u.api) ?? 0) + 1);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const shown = top.slice(0, max).map(([api, n]) => (n > 1 ? `${api} (${n})` : api));
  return shown.join(', ') + (top.length > max ? `, and ${top.length - max} more` : '');
}

export function classify(g: Gadget, scan: ScriptScan): Decision {
  const reasons: Reason[] = [];
  const view = g.views.find((v) => v.name === g.primaryView);
  const sizeHint = view?.preferredHeight || g.modulePrefs.height || undefined;

  if (view && view.type === 'url') {
    reasons.push({ code: 'content-url', message: `<Content type="url"> (view "${view.name}") shows ${view.href || 'a URL'} in the gadget frame`, at: g.contents[view.sections[0]!]!.at });
    const d: Decision = { classification: 'iframe', reasons };
    if (view.href) d.embeddedUrl = view.href;
    if (sizeHint) d.embeddedHeight = sizeHint;
    return d;
  }
  const ref = view?.contentRef;
  if (view && ref?.kind === 'remote') {
    const section = g.contents[view.sections[view.sections.length - 1]!]!;
    reasons.push({ code: 'content-href-remote', message: `its <Content href> names ${ref.url}, a page of another host that Shindig fetched and showed: an application to frame`, at: section.at });
    const notes = [`Shindig no longer fetches ${new URL(ref.url).origin} for the gadget: agents' browsers load it directly, so it must be reachable from them and allow the Desktop to frame it.`];
    const authz = view.sections.map((i) => g.contents[i]!.authz).find(Boolean);
    if (authz) notes.push(`The gadget had Shindig ${authz === 'signed' ? 'sign the fetch (authz="signed": opensocial_viewer_id and an OAuth signature)' : `authorize the fetch (authz="${authz}")`}; the Desktop frames the page with no credentials of its own: the application must sign agents in itself.`);
    if (g.userPrefs.length) notes.push(`Shindig passed the gadget's prefs (${g.userPrefs.map((p) => p.name).join(', ')}) along; the Desktop passes none: put the values the application needs in its URL (attributes.src) or its own configuration.`);
    const d: Decision = { classification: 'iframe', reasons, embeddedUrl: ref.url, embedNotes: notes };
    if (sizeHint) d.embeddedHeight = sizeHint;
    return d;
  }
  if (ref?.kind === 'missing' || ref?.kind === 'unresolved') {
    reasons.push({ code: 'content-page-missing', message: `its <Content href="${ref.url}"> names ${ref.kind === 'missing' ? 'a page that is not in the gadget folder' : ref.why}: nothing to convert yet` });
    return { classification: 'widget', reasons };
  }
  if (ref?.kind === 'page') {
    reasons.push({ code: 'content-page', message: `its <Content href> names ${ref.page}, a page of its own folder: converted like inline content${ref.build ? ` (the output of \`${ref.build.command}\`: run it again after changing the app's sources, then migrate again)` : ''}` });
  }
  const html = view?.html;
  if (!html) {
    reasons.push({ code: 'no-html-view', message: 'no html view to convert' });
    return { classification: 'widget', reasons };
  }

  const business = scan.uses.filter((u) => !isHosting(u));
  const hasUi = INTERACTIVE.test(html.bodyMarkup) || html.handlers.length > 0;
  const markupFrames = html.iframes.map((f) => ({ url: f.src, at: f.at }));
  const prefUrls = g.userPrefs
    .filter((p) => /^https?:\/\//i.test(p.defaultValue.trim()))
    .map((p) => ({ url: p.defaultValue.trim(), at: p.at }));
  // Script URLs usually reach the frame inside an HTML string ('<iframe src="' + url + '">'), where the
  // browser decodes entities; the layout's src attribute is not HTML-decoded, so decode them here.
  const scriptUrls = scan.urls.map((u) => ({ ...u, url: decodeHtmlEntities(u.url) }));
  const candidates = [...markupFrames, ...scriptUrls, ...prefUrls].filter((c) => !NOT_AN_APP.test(c.url));
  const distinct = [...new Set(candidates.map((c) => c.url.replace(/\/$/, '')))];
  // An <iframe> whose src the script sets is a frame too.
  const framed = markupFrames.length > 0 || scan.iframeSinks.length > 0 || /<iframe\b/i.test(html.bodyMarkup);
  const params = layoutParameters(scan);
  const urlParam = params.find((p) => p.target === 'attributes.src');

  // What a frame gadget built from Cisco's template does besides framing: constants and namespaces read,
  // the User it constructs for ClientServices; none of it reaches the frame.
  const driving = business.filter((u) => u.usage !== 'read' && u.api !== 'finesse.restservices.User');
  if (framed && distinct.length === 0 && urlParam && driving.length === 0 && !hasUi) {
    // A generic frame gadget: the Finesse layout said what to show, in the gadget URL's query string.
    reasons.push({ code: 'embeds-layout-url', message: `its only content is a frame whose URL it reads from the "${urlParam.name}" parameter of its gadget URL in the Finesse layout (${params.map((p) => `?${p.name}=`).join(', ')})`, ...(urlParam.at ? { at: urlParam.at } : {}) });
    if (scan.uses.length) reasons.push({ code: 'hosting-only-api', message: `its Finesse/Shindig calls only host the frame: ${summarise(scan.uses)}` });
    const d: Decision = { classification: 'iframe', reasons, layoutParameters: params };
    const height = pxOf(html.iframes[0]?.height) ?? scan.iframeHeights[0] ?? sizeHint;
    if (height) d.embeddedHeight = height;
    return d;
  }

  if (framed && distinct.length === 1 && business.length === 0 && !hasUi) {
    const url = candidates.find((c) => c.url.replace(/\/$/, '') === distinct[0])!;
    const where = markupFrames.length ? 'an <iframe> in its markup' : 'an <iframe> its script builds';
    reasons.push({ code: 'embeds-one-url', message: `its only content is ${where}, and the one application URL it names is ${url.url}`, at: url.at });
    if (scan.uses.length) {
      reasons.push({ code: 'hosting-only-api', message: `its Finesse/Shindig calls only host the frame: ${summarise(scan.uses)}` });
    } else {
      reasons.push({ code: 'no-finesse-api', message: 'it makes no Finesse or Shindig API call' });
    }
    const height = pxOf(html.iframes[0]?.height) ?? scan.iframeHeights[0] ?? sizeHint;
    const d: Decision = { classification: 'iframe', reasons, embeddedUrl: url.url };
    if (height) d.embeddedHeight = height;
    return d;
  }

  if (params.length) {
    reasons.push({ code: 'reads-layout-parameters', message: `it reads ${params.map((p) => `"${p.name}"`).join(', ')} from the query string of its gadget URL in the Finesse layout: element attributes that finesse-migrate layout fills`, ...(params[0]!.at ? { at: params[0]!.at } : {}) });
  }
  if (business.length) {
    reasons.push({ code: 'uses-finesse-api', message: `its code drives the desktop: ${summarise(business)}`, at: business[0]!.at });
  }
  if (hasUi) {
    const handlerNote = html.handlers.length ? ` and ${html.handlers.length} inline event handler${html.handlers.length > 1 ? 's' : ''}` : '';
    reasons.push({ code: 'has-ui', message: `its markup has controls or content of its own${handlerNote}` });
  }
  if (framed && distinct.length !== 1) {
    reasons.push({
      code: distinct.length ? 'frames-several-urls' : 'frames-computed-url',
      message: distinct.length
        ? `it frames content, but names ${distinct.length} URLs (${distinct.slice(0, 3).join(', ')}${distinct.length > 3 ? ', ...' : ''})`
        : 'it frames content whose URL is computed at run time',
    });
  }
  const d: Decision = { classification: 'widget', reasons };
  // An attribute the element has anyway (id, class, style, on*) cannot carry a parameter: it gets a prefix.
  if (params.length) d.layoutParameters = params.map((p) => ({ ...p, target: `attributes.${/^(?:id|class|style|slot|part|hidden|title|lang|dir|is|tabindex|on.*)$/i.test(p.name) ? 'param-' : ''}${p.name}`, required: false }));
  if (reasons.length === 0) {
    reasons.push({ code: 'static-content', message: 'its content is markup and script with no embedded application to keep as an iframe' });
  }
  return d;
}

/** Names of a frame's URL among the parameters a gadget reads from its URL. */
const URL_PARAM = /^(?:url|src|link|href|page|site|address|target|app|uri|location|(?:iframe|frame|web|app|page|target)_?url)$/i;

/** The query parameters a gadget reads, once each, with what each fills in an iframe entry. */
function layoutParameters(scan: ScriptScan): LayoutParameter[] {
  const out: LayoutParameter[] = [];
  let url = false;
  for (const q of scan.queryParams) {
    // The container's own parameters (module id, locale, prefs) are not the layout's.
    if (out.some((p) => p.name === q.name) || /^(?:mid|lang|country|view|container|nocache|parent|st|rpctoken|up_.*|debug|libs)$/i.test(q.name)) continue;
    // One URL: the first one named.
    const isUrl: boolean = !url && URL_PARAM.test(q.name);
    url ||= isUrl;
    const target = isUrl ? 'attributes.src' : /height/i.test(q.name) ? 'style.height' : /width/i.test(q.name) ? 'style.width' : `attributes.${q.name}`;
    out.push({ name: q.name, target, required: isUrl, at: q.at });
  }
  return out;
}
