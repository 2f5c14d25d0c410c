// A small syntax highlighter for the review diffs: comments, strings, keywords, numbers, tags and
// attributes of JavaScript, CSS and HTML, as escaped HTML, one string per line. It only has to make
// code easy to read, so it does not parse (a regex literal holding a quote colours wrongly to the end
// of its line, no further: strings other than template literals never cross a line).
// It runs in the browser (report-client.ts bundles it): a gadget's code is highlighted when its
// details are opened, never at migrate time, so a batch of thousands pays nothing for it up front.

export type Lang = 'js' | 'css' | 'html';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface Token {
  /** CSS class: c comment, s string, k keyword, n number, t tag or selector, a attribute, p property; '' plain. */
  cls: string;
  text: string;
}

const JS_KEYWORDS = new Set(
  ('async await break case catch class const continue debugger default delete do else export extends false finally for ' +
    'function if import in instanceof let new null of return static super switch this throw true try typeof undefined var void while with yield')
    .split(' '),
);

const COMMENT = /\/\*[\s\S]*?(?:\*\/|$)/y;
const LINE_COMMENT = /\/\/[^\n]*/y;
const STRING = /"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?/y;
const TEMPLATE = /`(?:[^`\\]|\\[\s\S])*`?/y;
const IDENT = /[A-Za-z_$][\w$]*/y;
const NUMBER = /(?:0[xX][\da-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/y;
const JS_PLAIN = /[^\w$"'`/]+|[\s\S]/y;

const CSS_AT = /@[\w-]+/y;
const CSS_NUMBER = /#[\da-fA-F]{3,8}\b|-?(?:\d+\.?\d*|\.\d+)(?:%|[a-zA-Z]+)?/y;
const CSS_PROPERTY = /-*[A-Za-z][\w-]*(?=\s*:)/y;
const CSS_WORD = /[\w-]+/y;
const CSS_PLAIN = /[^\w"'/@#{}.\-]+|[\s\S]/y;

const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/y;
const HTML_TAG_OPEN = /<\/?[A-Za-z][\w:.-]*/y;
const HTML_TAG_CLOSE = /\/?>/y;
const HTML_ATTR = /[^\s"'>/=]+/y;
const HTML_VALUE = /"[^"]*"?|'[^']*'?/y;
const HTML_TEXT = /[^<]+|</y;
const HTML_IN_TAG_PLAIN = /\s+|[\s\S]/y;

function at(re: RegExp, text: string, pos: number): string | undefined {
  re.lastIndex = pos;
  return re.exec(text)?.[0];
}

function tokenizeJs(text: string): Token[] {
  const out: Token[] = [];
  for (let pos = 0; pos < text.length; ) {
    let m: string | undefined;
    let cls = '';
    if ((m = at(COMMENT, text, pos) ?? at(LINE_COMMENT, text, pos))) cls = 'c';
    else if ((m = at(STRING, text, pos) ?? at(TEMPLATE, text, pos))) cls = 's';
    else if ((m = at(IDENT, text, pos))) cls = JS_KEYWORDS.has(m) ? 'k' : '';
    else if ((m = at(NUMBER, text, pos))) cls = 'n';
    else m = at(JS_PLAIN, text, pos)!;
    out.push({ cls, text: m });
    pos += m.length;
  }
  return out;
}

function tokenizeCss(text: string): Token[] {
  const out: Token[] = [];
  // Inside a block a word before `:` is a property; outside one, words are selectors.
  let depth = 0;
  for (let pos = 0; pos < text.length; ) {
    let m: string | undefined;
    let cls = '';
    if ((m = at(COMMENT, text, pos))) cls = 'c';
    else if ((m = at(STRING, text, pos))) cls = 's';
    else if ((m = at(CSS_AT, text, pos))) cls = 'k';
    else if (depth > 0 && (m = at(CSS_PROPERTY, text, pos))) cls = 'p';
    else if (depth > 0 && (m = at(CSS_NUMBER, text, pos))) cls = 'n';
    else if ((m = at(CSS_WORD, text, pos))) cls = depth > 0 ? '' : 't';
    else {
      m = at(CSS_PLAIN, text, pos)!;
      if (m === '{') depth++;
      else if (m === '}') depth = Math.max(0, depth - 1);
    }
    out.push({ cls, text: m });
    pos += m.length;
  }
  return out;
}

function tokenizeHtml(text: string): Token[] {
  const out: Token[] = [];
  let inTag = false;
  for (let pos = 0; pos < text.length; ) {
    let m: string | undefined;
    let cls = '';
    if (inTag) {
      if ((m = at(HTML_TAG_CLOSE, text, pos))) {
        cls = 't';
        inTag = false;
      } else if ((m = at(HTML_VALUE, text, pos))) cls = 's';
      else if ((m = at(HTML_ATTR, text, pos))) cls = 'a';
      else m = at(HTML_IN_TAG_PLAIN, text, pos)!;
    } else if ((m = at(HTML_COMMENT, text, pos))) cls = 'c';
    else if ((m = at(HTML_TAG_OPEN, text, pos))) {
      cls = 't';
      inTag = true;
    } else m = at(HTML_TEXT, text, pos)!;
    out.push({ cls, text: m });
    pos += m.length;
  }
  return out;
}

const TOKENIZERS: Record<Lang, (text: string) => Token[]> = { js: tokenizeJs, css: tokenizeCss, html: tokenizeHtml };

/** The conversion's own comments get a class of their own so the page can make them stand out. */
function markerClass(comment: string): string {
  if (comment.includes('TODO(finesse-migrate)')) return 'c mk-todo';
  if (comment.includes('REVIEW(finesse-migrate)')) return 'c mk-review';
  return 'c';
}

/** Highlighted HTML of each line of `lines` (as splitLines gives them); tokens that span lines are cut at each break. */
export function highlightLines(lines: readonly string[], lang: Lang): string[] {
  const out: string[] = [''];
  for (const t of TOKENIZERS[lang](lines.join('\n'))) {
    const cls = t.cls === 'c' ? markerClass(t.text) : t.cls;
    t.text.split('\n').forEach((piece, i) => {
      if (i > 0) out.push('');
      if (piece) out[out.length - 1] += cls ? `<span class="${cls}">${escapeHtml(piece)}</span>` : escapeHtml(piece);
    });
  }
  while (out.length < lines.length) out.push('');
  return out.slice(0, lines.length);
}
