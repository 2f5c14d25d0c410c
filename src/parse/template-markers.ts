// Server template markers in a gadget spec served through a template engine (JSP, ASP, PHP, EL):
// `<%@ page %>`, `<%= expr %>`, `<% code %>`, `<%-- --%>`, `<?php ?>`, `${expr}`. The migration has no
// server to fill them in, so each is masked before the XML is parsed: a value becomes a visible token
// (`__TEMPLATE_1__`) that the report lists with the marker it stands for, code and comments go.

export type TemplateMode =
  /** Served by a template engine that reads the whole file (JSP, ASP, PHP): mask markers everywhere, CDATA included. */
  | 'server'
  /** Named like a page (.html, .gadget, no extension): mask `${...}` outside CDATA; `<% %>` outside CDATA is the XML reader's. */
  | 'page'
  /** A plain .xml spec: nothing to mask here (the XML reader skips `<% %>` outside CDATA). */
  | 'none';

export interface TemplateMarker {
  /** The marker as written. */
  text: string;
  /** `value`: output of an expression, unknown here; `code`: server code or a comment, removed. */
  kind: 'value' | 'code';
  /** What stands in for a value in the masked text. */
  token?: string;
  /** Offset of the marker in the original text. */
  offset: number;
}

const SERVER_EXT = /\.(?:jsp|jspx|jspf|asp|aspx|php|ftl|vm)$/i;

/** How a spec file's markers are masked, from its name and (for a JSP served as .xml or .html) its content. */
export function templateMode(rel: string, text: string): TemplateMode {
  if (SERVER_EXT.test(rel) || /<%@\s*(?:page|taglib|include)\b/.test(text)) return 'server';
  if (/\.xml$/i.test(rel)) return 'none';
  return 'page';
}

export const templateToken = (n: number): string => `__TEMPLATE_${n}__`;

/** True when `s` contains a token `maskTemplateMarkers` put there. */
export const hasTemplateToken = (s: string): boolean => /__TEMPLATE_\d+__/.test(s);

/**
 * Masks the markers of `text`. Newlines inside a marker are kept, so line numbers stay right; columns
 * after a masked value on its line may shift by the difference in length.
 */
export function maskTemplateMarkers(text: string, mode: TemplateMode): { text: string; markers: TemplateMarker[] } {
  if (mode === 'none') return { text, markers: [] };
  const markers: TemplateMarker[] = [];
  let out = '';
  let i = 0;
  let n = 0;
  const keepLines = (s: string): string => s.replace(/[^\n]/g, '');
  while (i < text.length) {
    if (mode === 'page' && text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i);
      const stop = end < 0 ? text.length : end + 3;
      out += text.slice(i, stop);
      i = stop;
      continue;
    }
    let end = -1;
    let kind: TemplateMarker['kind'] | undefined;
    if (mode === 'server' && text.startsWith('<%', i)) {
      const close = text.startsWith('<%--', i) ? '--%>' : '%>';
      end = text.indexOf(close, i + 2);
      if (end >= 0) end += close.length;
      kind = /^<%=/.test(text.slice(i, i + 3)) ? 'value' : 'code';
    } else if (mode === 'server' && text.startsWith('<?php', i)) {
      end = text.indexOf('?>', i + 5);
      if (end >= 0) end += 2;
      kind = /^<\?php\s+echo\b/.test(text.slice(i, i + 12)) ? 'value' : 'code';
    } else if ((text.startsWith('${', i) || (mode === 'server' && text.startsWith('#{', i))) && text[i - 1] !== '\\') {
      end = text.indexOf('}', i + 2);
      // An EL expression is short and on one line; anything else is not a marker.
      if (end >= 0 && (end - i > 200 || text.slice(i, end).includes('\n'))) end = -1;
      else if (end >= 0) end += 1;
      kind = 'value';
    }
    if (end < 0 || !kind) {
      out += text[i];
      i++;
      continue;
    }
    const marker = text.slice(i, end);
    if (kind === 'value') {
      const token = templateToken(++n);
      markers.push({ text: marker, kind, token, offset: i });
      out += token + keepLines(marker);
    } else {
      markers.push({ text: marker, kind, offset: i });
      out += keepLines(marker);
    }
    i = end;
  }
  return { text: out, markers };
}
